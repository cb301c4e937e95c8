"""Status rules: what a clause of a section says, and the section's status from its clauses.

DESIGN.md §3: *present* the country has it (enacted law, recognised CIRT, strategy,
agency, programme, partnership, membership; acceded to the CRC for 2.2; a way to report
incidents for 2.4); *absent* the profile says it does not; *in-progress* drafted, being
developed or adopted, nothing in force; *unknown* the profile says the information is
not available, or the section is missing.

:func:`label_clause` labels one clause or list item (:class:`Unit`) by the patterns below;
:func:`classify_status` weighs a section's labelled units and picks the sentence quoted
as evidence. Splitting a section's text into units is :mod:`.units`' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.I)


# "the profile says the information is not available"
_UNKNOWN = _rx(
    r"\bno\s+(?:available\s+|public\s+|specific\s+|further\s+|other\s+)?(?:information|info|data|details)\b",
    r"\binformation\s+(?:is|was|are)\s+(?:not|un)\s*available",
    r"\bnot\s+available\b", r"\bunavailable\b", r"\bno\s+(?:official\s+)?records?\b",
    r"\bunknown\b", r"\bnot\s+known\b", r"\bnot\s+(?:been\s+)?(?:disclosed|documented)\b",
    r"\bnot\s+(?:possible|able)\s+to\s+(?:determine|confirm|say)",
)
# "the number is not known": says nothing against what follows ("... However there are three")
_UNKNOWN_SOFT = _rx(
    r"\b(?:does|do|did)\s+not\s+(?:have|know)\s+(?:the\s+|any\s+)?(?:exact|precise|accurate)\s+"
    r"(?:numbers?|figures?|statistics?)",
    r"\b(?:exact|precise)\s+numbers?\b",
    r"\b(?:did|does|do)\s+not\s+conduct\s+(?:a|any)\s+survey",
    r"\bno\s+(?:exact\s+|official\s+)?(?:statistics?|figures?|survey)\b",
)

# "the profile says the country does not have it"
_NEGATIVE = _rx(
    r"\b(?:does|do|did)\s*n[o']t\s+(?:\w+ly\s+|currently\s+|yet\s+|have\s+currently\s+|still\s+)*"
    r"(?:have|has|possess|exist)\b",
    r"\b(?:has|have|had)\s+not\s+(?:yet\s+|currently\s+|\w+ly\s+)*(?:been\s+)?"
    r"(?:approved|recogni[sz]ed|established|adopted|enacted|signed|ratified|acceded|participated|"
    r"developed|implemented|put|set|created|designated|joined|issued|passed|certified|legally)",
    r"\b(?:has|have)\s+no\b", r"\bhaving\s+no\b", r"\blacks?\b",
    r"\b(?:does|do)\s+not\s+(?:currently\s+|yet\s+)?(?:\w+ly\s+)?(?:any|an?)\s+(?:\w+ly\s+)?"
    r"(?:recogni[sz]ed|approved|official|national|specific)\b",
    r"\b(?:does|do|did)\s*n[o']t\s+(?:currently\s+|yet\s+)?(?:participate|take\s+part|belong|"
    r"cooperate|engage)\b",
    r"\bthere\s+(?:is|are|was|were|exists?)\s+(?:still\s+|currently\s+|yet\s+|presently\s+)*"
    r"(?:no|not\s+(?:yet\s+)?(?:a|an|any))\b",
    r"(?:^|[.;:]\s*)(?:currently\s+|presently\s+|at\s+present\s+|so\s+far\s+)?,?\s*(?:there\s+is\s+)?"
    r"no\s+(?:specific|official|officially|national|dedicated|formal|approved|recogni[sz]ed|such|"
    r"cybersecurity|cyber|legislation|law|agency|cirt|cert|website|hotline|programs?|programmes?|"
    r"partnerships?|strategy|policy|framework|roadmap|benchmarking|nationally)\b",
    r"\bis\s+not\s+(?:yet\s+|currently\s+)?(?:a\s+)?(?:member|party|signatory|participant)\b",
    r"\bnot\s+(?:yet\s+)?(?:a\s+)?member\s+of\b",
    r"\bnone\b", r"\bnot\s+applicable\b", r"\bneither\b",
)

# "being developed, drafted, in the process of adoption or certification"
_PROGRESS = _rx(
    r"\bdrafts?\b", r"\bdrafting\b", r"\bbills?\b", r"\bpre-?bill\b",
    r"\bin\s+the\s+process\b", r"\bprocess\s+of\b", r"\bin\s+process\b",
    r"\bbeing\s+(?:\w+ly\s+)?(?:developed|drafted|established|implemented|finali[sz]ed|prepared|"
    r"considered|enacted|reviewed|set\s+up|created|formed|formulated|discussed|elaborated|updated|"
    r"revised|put\s+in\s+place|planned|reactivated|transposed|adopted|examined|studied|"
    r"negotiated|built|designed|worked|defined|introduced|launched|validated|approved|finalised)",
    r"\b(?:currently|presently|now)\s+(?:developing|establishing|drafting|preparing|formulating|"
    r"working|elaborating|setting|creating|reviewing|finali[sz]ing|building|designing|updating|"
    r"revising|considering|discussing|negotiating|planning|formali[sz]ing|organi[sz]ing|under|"
    r"being|in\s+the\s+process|conducting\s+(?:a\s+)?(?:study|review)|seeking|embarking|"
    r"cooperating|putting|transposing|waiting|awaiting)\b",
    r"\bworking\s+(?:on|towards?|out|to\s+(?:establish|develop|create|set|put|draft|adopt))\b",
    r"(?-i:\bplans?\s+(?:to|for)\b)", r"(?-i:\bplanned\b)", r"(?-i:\bplanning\s+to\b)", r"\bpropos(?:ed|al|als)\b",
    r"\bunder\s+(?:development|construction|formation|preparation|review|consideration|way|"
    r"discussion|study|elaboration|negotiation|process|revision|finali[sz]ation)",
    r"\bunderway\b", r"\bin\s+progress\b", r"\bawaiting\b", r"\bpending\b", r"\bexpected\s+to\b",
    r"\bwill\s+(?:soon\s+)?(?:be|have\s+to\s+be)\s+(?:\w+ly\s+)?(?:developed|established|set\s+up|"
    r"created|adopted|included|launched|implemented|drafted|completed|finali[sz]ed|"
    r"formulated|put\s+in\s+place|enacted|passed|submitted|introduced|ratified|addressed)",
    r"\bwill\s+(?:include|develop|establish|provide|make|be\s+developing|create|set\s+up|"
    r"adopt|introduce|launch|handle|take\s+(?:on|over)|be\s+responsible|be\s+in\s+charge|"
    r"be\s+considered|cover|address|be\s+part)",
    r"\b(?:is|are)\s+going\s+to\b", r"\bcurrently\s+(?:being\s+)?developed\b",
    r"\bto\s+be\s+(?:\w+ly\s+)?(?:launched|established|adopted|set\s+up|created|enacted|developed|"
    r"implemented|finali[sz]ed|approved|passed|drafted|signed|ratified|put\s+in\s+place)",
    r"\bin\s+the\s+pipeline\b", r"\bongoing\b", r"\bupcoming\b", r"\bfinali[sz](?:ation|ing)\b",
    r"\bsubmitted\s+to\b", r"\bin\s+view\b", r"\bfinal\s+stage", r"\bfinalization\s+stage",
    r"\bnot\s+yet\s+(?:been\s+)?(?:published|adopted|approved|enacted|legally|ratified|in\s+force|"
    r"operational|implemented|passed|validated|official)",
    r"\bmade\s+(?:some\s+)?efforts?\b", r"\bthere\s+(?:are|is)\s+(?:some\s+)?efforts?\b",
    r"\btowards?\s+(?:establishing|the\s+establishment|creating|developing|the\s+creation|"
    r"the\s+development|setting\s+up)",
    r"\bfor\s+(?:the\s+)?(?:establishment|creation|establishing|setting\s+up)\s+of\b",
    r"\b(?:is|are|aims?|intends?|seeks?|sought|wishes|hopes?)\s+to\s+(?:establish|create|develop|"
    r"set\s+up|draft|adopt)\b",
    r"\bconsidering\b", r"\bintends?\s+to\b", r"\bnegotiations?\b",
    r"\b(?:is|are|currently)\s+preparing\b",
    r"\bpreparations?\b", r"\b(?:is|are|in)\s+developing\b", r"\bhas\s+sought\b",
    r"\brequested\s+(?:the\s+)?assistance\b", r"\bdefunct\b", r"\bsoon\b",
    r"\bproject\s+(?:to|for)\s+(?:create|establish|develop|set)",
)

# an explicit "has an officially recognised X" outweighs a progress cue in the same clause
_STRONG_POSITIVE = _rx(
    r"\b(?:has|have)\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}officially\s+(?:recogni[sz]ed|approved|"
    r"adopted)\b",
    r"\b(?:is|are)\s+the\s+(?:\w+\s+){0,2}officially\s+(?:recogni[sz]ed|approved|mandated)\b",
)

# a sentence that introduces a list ("... the following laws:"); its items inherit its label
LIST_INTRO = _rx(
    r"\bthe\s+following\b", r"\bas\s+follows\b", r":\s*$",
    r"\bthrough\s+(?:\w+\s+){0,3}(?:instruments?|legislations?)\s*:?\s*$",
)

# clauses that are context, not an answer: ITU assessments, trainings, regional memberships
_IGNORE_COMMON = _rx(
    r"\b(?:readiness\s+)?assessments?\s+(?:was|were|is|has\s+been)\s+(?:\w+\s+){0,3}(?:conducted|"
    r"completed|carried\s+out|performed)",
    r"\bitu(?:-impact)?\s+(?:\w+\s+){0,2}(?:conducted|completed|carried\s+out|performed|held|"
    r"organi[sz]ed)\s+(?:a|an|the)\s+(?:\w+\s+){0,4}(?:assessment|workshop|training|program|"
    r"programme|audit|exercise)",
    r"\bcompleted\s+a\s+cirt\s+assessment\b", r"\bitu\s+is\s+currently\s+conducting\b",
    r"\bassessment\b[^.;]*\b(?:conducted|completed|carried\s+out)\s+by\s+(?:the\s+)?itu\b",
    r"\bassessment\s+is\s+currently\s+being\s+carried\s+out\b",
    r"\bauditing\s+exercise\b", r"\battended\b",
)
_IGNORE_BY_SECTION: dict[str, re.Pattern[str]] = {
    "1.2.1": _rx(r"\bmember\s+of\s+(?:the\s+)?(?:pacific|pac\s*cert|regional)",
                 r"\bmember\s+of\s+(?:the\s+)?\w*\s*pac\s*cert", r"\bfollowing\s+pac\s*cert"),
}

# 2.4: any way to report makes the section present, even after "does not have an agency"
_REPORTING_WAY = _rx(r"\bhelp\s*-?\s*lines?\b", r"\bhot\s*-?\s*lines?\b", r"\be-?mail\b",
                     r"\bphone\b", r"\btelephone\b", r"\bcan\s+be\s+(?:\w+\s+){0,2}reported\b",
                     r"\bcan\s+be\s+contacted\b", r"\bnumber\s*:?\s*[\d(+]", r"\breport(?:ing)?\s+form\b",
                     r"\bform\s+(?:to|for)\b", r"\breceives?\s+(?:\w+\s+){0,2}(?:reports?|complaints?)",
                     r"\bto\s+report\b", r"\bfor\s+reporting\b", r"\breporting\s+(?:platform|portal|"
                     r"service|system|tool|button|page|mechanism)")
_REPORTING_ABSENT = _rx(r"\bno\s+(?:website|hotline|helpline)", r"\bnot\s+working\b",
                        r"\bdoes\s+not\s+have\b")

_CRC = re.compile(r"convention\s+on\s+the\s+rights\s+of\s+the\s+child", re.I)
_OPTIONAL_PROTOCOL = re.compile(r"optional\s+protocol", re.I)
_CRC_POSITIVE = _rx(r"\bacce(?:ded|ssion)\b", r"\bratifi(?:ed|cation)\b", r"\bparty\b",
                    r"\bsuccee?d(?:ed|ession)\b", r"\bsigned\s+and\s+ratified\b", r"\badhered\b")
_CRC_NEGATIVE = _rx(r"\bnot\s+(?:yet\s+)?(?:acceded?|ratif(?:ied|y)|signed?|a\s+party)",
                    r"\bneither\s+signed\b", r"\bhas\s+not\b")
_CRC_SIGNED_ONLY = _rx(r"\bsigned\s+but\s+(?:did\s+|has\s+)?not\s+(?:yet\s+)?ratif")

_NONE_ITEM = re.compile(r"^\W*(?:none|nil|n/?a|not\s+applicable)\W*$", re.I)


@dataclass
class Unit:
    """A clause of a sentence, or a list item, with what it says."""

    text: str          # the clause or item
    sentence: str      # the sentence (or intro + item) it belongs to, for evidence
    kind: str          # "prose", "intro", "item"
    label: str = ""    # POS, NEG, PROG, UNK, UNK_SOFT, IGN, NEUTRAL, INTRO
    intro: str | None = None   # for an item: the sentence that introduces the list


def label_clause(code: str, clause: str) -> str:
    """The label of one clause of section ``code`` (see :class:`Unit`), by the patterns above."""
    c = clause.strip()
    if len(re.findall(r"[A-Za-z]{2,}", c)) < 2 and not _NONE_ITEM.match(c):
        return "NEUTRAL"
    if _IGNORE_COMMON.search(c):
        return "IGN"
    if _UNKNOWN.search(c):
        return "UNK"
    if _UNKNOWN_SOFT.search(c):
        return "UNK_SOFT"
    neg = _NEGATIVE.search(c)
    prog = _PROGRESS.search(c)
    if _NONE_ITEM.match(c):
        return "NEG"
    if neg and prog and prog.start() > neg.end():
        return "PROG"      # "there is not yet a strategy, one is presently being developed"
    if neg:
        return "NEG"
    if prog and not _STRONG_POSITIVE.search(c):
        return "PROG"
    ignore = _IGNORE_BY_SECTION.get(code)
    if ignore and ignore.search(c):
        return "IGN"
    if re.search(r"\b(?:not|no|never|nor|No|Not)\b(?!\.?\s*\d)", c):
        return "NEUTRAL"   # a negation of something else ("is not mandatory")
    return "POS"


def classify_status(code: str, units: list[Unit]) -> tuple[str, str]:
    """Status and evidence sentence of a section from its labelled units.

    - present: a positive statement that is not preceded by a negative or "no information"
      statement (``does not have X. However it has Y`` stays absent), any positive list item;
    - in-progress: no such positive statement, and a draft / being-developed statement;
    - absent: a negative statement and nothing in progress;
    - unknown: only "information not available" statements, or nothing to go by.
    Section rules: 2.2 looks at the Convention on the Rights of the Child only (acceded /
    ratified: present; signed only: in-progress; not acceded: absent); 2.4 is present as
    soon as a way to report (helpline, hotline, e-mail, form) is named.
    """
    if code == "2.2":
        crc = [u for u in units if u.kind == "prose" and _CRC.search(u.sentence)
               and not _OPTIONAL_PROTOCOL.search(u.sentence)]
        if not crc:   # "X did not accede to the UN Convention and Protocol ..."
            crc = [u for u in units if u.kind == "prose"
                   and re.search(r"\bConvention\b", u.sentence)]
        for u in crc:
            if _CRC_SIGNED_ONLY.search(u.sentence):
                return "in-progress", u.sentence
            if _CRC_NEGATIVE.search(u.sentence):
                return "absent", u.sentence
            if _CRC_POSITIVE.search(u.sentence):
                return "present", u.sentence
    if code == "2.4":
        for u in units:
            if u.label in ("POS", "NEUTRAL", "IGN", "PROG", "INTRO") and _REPORTING_WAY.search(u.text) \
                    and not _REPORTING_ABSENT.search(u.text):
                return "present", u.sentence
    labelled = [u for u in units if u.label in ("POS", "NEG", "PROG", "UNK", "UNK_SOFT")]
    # "X is being drafted. This plan is based on ..." describes the draft, it is not a fact
    if labelled and labelled[0].label == "PROG":
        labelled = [u for u in labelled if not (u.label == "POS" and u.kind == "prose" and re.match(
            r"(?:This|These|It|Its|They|Such|The\s+(?:draft|plan|strategy|policy|bill|"
            r"framework|roadmap|project|programme|program))\b", u.text.strip()))]
    if not labelled:
        return "unknown", ""
    first_negative = next((i for i, u in enumerate(labelled) if u.label in ("NEG", "UNK")), None)
    positives = [u for i, u in enumerate(labelled) if u.label == "POS"
                 and (first_negative is None or i < first_negative)]
    if positives:
        return "present", positives[0].sentence
    for label, status in (("PROG", "in-progress"), ("NEG", "absent"), ("UNK", "unknown"),
                          ("UNK_SOFT", "unknown")):
        hit = next((u for u in labelled if u.label == label), None)
        if hit:
            return status, hit.sentence
    return "unknown", ""
