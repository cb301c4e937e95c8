"""Parser for the ITU Cyberwellness profiles (2014 framework), plain-text conversions.

Pure Python, no RDF: :func:`parse_profile` turns one profile text file into a
:class:`Profile` (country name as printed, background figures, last-updated date and the
21 sections with a status, a short verbatim evidence sentence and the organisations and
legal instruments each section names). The RDF mapping is done elsewhere from these
dataclasses.

The corpus is messy (see ``../shared/sources/README.md``): UTF-8 with or without BOM,
cp1252 and GBK-encoded files, CR / CRLF / CR CR LF line ends, form feeds or
``----- Page N -----`` markers, headers laid out in one or two columns, numbers and titles
of headings split over lines. :func:`read_text` detects the encoding (it never assumes
one) and normalises the layout; :func:`parse_profile` never guesses a value it cannot
read: it leaves it ``None`` (or the status ``unknown``) and records a warning.

Status rules (DESIGN.md §3): *present* the country has it (enacted law, recognised CIRT,
strategy, agency, programme, partnership, membership; acceded to the CRC for 2.2; a way to
report incidents for 2.4); *absent* the profile says it does not; *in-progress* drafted,
being developed or adopted, nothing in force; *unknown* the profile says the information
is not available, or the section is missing. See :func:`classify_status`.

Usage::

    prof = parse_profile("Cambodia.txt")
    prof.country_name, prof.last_updated, prof.population.value     # 'Cambodia', ...
    prof.sections["1.2.1"].status, prof.sections["1.2.1"].evidence
    prof.sections["2.4"].organisations      # (Name('National Cambodia ...', 'CamCERT'),)
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable

from cyberkg.errors import IngestError

__all__ = [
    "SECTION_CODES", "SECTION_HEADINGS", "PILLAR_HEADINGS", "STATUSES",
    "Figure", "Name", "Section", "Profile", "ProfileParseError",
    "read_text", "decode_bytes", "normalise_layout", "parse_profile", "parse_profile_text",
    "classify_status", "title_case",
]

# --------------------------------------------------------------------------------------
# The 2014 framework
# --------------------------------------------------------------------------------------

SECTION_HEADINGS: dict[str, str] = {
    "1.1.1": "CRIMINAL LEGISLATION",
    "1.1.2": "REGULATION AND COMPLIANCE",
    "1.2.1": "CIRT",
    "1.2.2": "STANDARDS",
    "1.2.3": "CERTIFICATION",
    "1.3.1": "POLICY",
    "1.3.2": "ROADMAP FOR GOVERNANCE",
    "1.3.3": "RESPONSIBLE AGENCY",
    "1.3.4": "NATIONAL BENCHMARKING",
    "1.4.1": "STANDARDISATION DEVELOPMENT",
    "1.4.2": "MANPOWER DEVELOPMENT",
    "1.4.3": "PROFESSIONAL CERTIFICATION",
    "1.4.4": "AGENCY CERTIFICATION",
    "1.5.1": "INTRA-STATE COOPERATION",
    "1.5.2": "INTRA-AGENCY COOPERATION",
    "1.5.3": "PUBLIC SECTOR PARTNERSHIP",
    "1.5.4": "INTERNATIONAL COOPERATION",
    "2.1": "NATIONAL LEGISLATION",
    "2.2": "UN CONVENTION AND PROTOCOL",
    "2.3": "INSTITUTIONAL SUPPORT",
    "2.4": "REPORTING MECHANISM",
}
SECTION_CODES: tuple[str, ...] = tuple(SECTION_HEADINGS)

PILLAR_HEADINGS: dict[str, str] = {
    "1": "CYBERSECURITY",
    "1.1": "LEGAL MEASURES",
    "1.2": "TECHNICAL MEASURES",
    "1.3": "ORGANIZATION MEASURES",
    "1.4": "CAPACITY BUILDING",
    "1.5": "COOPERATION",
    "2": "CHILD ONLINE PROTECTION",
}

STATUSES = ("present", "absent", "in-progress", "unknown")

EVIDENCE_MAX = 300

# --------------------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A background figure as printed, with the data source the profile states."""

    value: Decimal | int
    stated_source: str | None = None


@dataclass(frozen=True)
class Name:
    """An organisation or instrument name as printed, with its acronym where given."""

    name: str
    acronym: str | None = None

    def __str__(self) -> str:
        if self.acronym and self.acronym != self.name:
            return f"{self.name} ({self.acronym})"
        return self.name


@dataclass(frozen=True)
class Section:
    """One of the 21 sections of a profile."""

    code: str
    heading: str
    status: str
    evidence: str
    organisations: tuple[Name, ...] = ()
    instruments: tuple[Name, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Profile:
    """A parsed profile. ``sections`` always holds all 21 codes."""

    path: str
    file_name: str
    country_name: str
    encoding: str
    last_updated: date | None
    population: Figure | None
    internet_users: Figure | None
    sections: dict[str, Section]
    warnings: list[str] = field(default_factory=list)

    @property
    def statuses(self) -> dict[str, str]:
        return {code: s.status for code, s in self.sections.items()}


class ProfileParseError(IngestError, ValueError):
    """The file is not a Cyberwellness profile (or not one this parser can read)."""

    def __init__(self, file: str | Path, reason: str):
        self.file = str(file)
        self.reason = reason
        super().__init__(f"{self.file}: {reason}")


# --------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------

# Candidate 8-bit (and multi-byte) codecs tried when a file is not valid UTF-8, in order
# of preference when two decodings score the same.
CANDIDATE_CODECS = ("cp1252", "mac_roman", "gb18030", "cp1250", "cp850", "latin-1")

_TYPOGRAPHIC = set("\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u00a7\u00b0"
                   "\u00a0\u00ab\u00bb\u00b7\u00ae\u00a9\u2122\u00ba\u00aa\u20ac\u00b4")
_BAD_SYMBOLS = set("\u00a1\u00bf\u00a6\u00a8\u00af\u00ac\u00b1\u00b6\u00b8\u00b9\u00b2\u00b3"
                   "\u00bc\u00bd\u00be\u00a4\u00a5\u00f7\u00d7\u00b5\u00a2\u00a3\u2020\u2021"
                   "\u02c6\u02dc\u2030\u0192\u2039\u203a\u00b0")


def _char_score(prev: str, ch: str, nxt: str) -> float:
    """Plausibility of one non-ASCII character in an English/French/Spanish text."""
    o = ord(ch)
    if 0x80 <= o <= 0x9F or ch == "\ufffd":
        return -5.0                                   # C1 control: a wrong 8-bit table
    if ch in _BAD_SYMBOLS and not (ch == "\u00b0" and (prev.isdigit() or nxt.isdigit()
                                                       or prev in "nN")):
        return -3.0
    if ch in "\u00ae\u00a9\u2122":                    # ® © ™ follow a word
        return 1.0 if prev.isalnum() else -2.0
    if ch in _TYPOGRAPHIC:
        if ch in "\u2019\u2018" and prev.isalpha() and nxt.isalpha():
            return 3.0                                # Children’s
        return 2.0
    cat = unicodedata.category(ch)
    if cat[0] == "L":
        if o > 0x24F:                                 # CJK, Greek, box drawing, ...
            return -4.0 if o not in (0x0130, 0x0131) else 1.0
        # an accented capital right after a lower-case letter ("ChildrenÕs") is mojibake
        if ch.isupper() and prev.isalpha() and prev.islower():
            return -3.0
        # an accented letter between a space and a capital ("ìSupport") is mojibake
        if not prev.isalpha() and nxt.isupper():
            return -2.0
        return 0.5
    if cat[0] in "PS":
        return -1.0
    return -2.0


def _plausibility(text: str) -> float:
    score = 0.0
    for i, ch in enumerate(text):
        if ord(ch) < 0x80:
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        score += _char_score(prev, ch, nxt)
    return score


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: most ASCII text has a NUL in every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; the encoding is detected.

    BOMs first (UTF-8, UTF-16, UTF-32), then strict UTF-8, then UTF-16 without a BOM, then
    each candidate 8-bit codec whose decoding succeeds, scored by how plausible its non-ASCII
    characters are (typographic quotes and dashes, accented letters in sensible places) and
    how implausible (C1 controls, CJK in an English text, ``¡¯``-style symbol pairs, a
    capital ``Õ`` inside a word). Ties go to the earlier candidate of ``CANDIDATE_CODECS``.

    >>> decode_bytes("Children’s “Act” – 2014".encode("mac_roman"))
    ('Children’s “Act” – 2014', 'mac_roman')
    >>> decode_bytes("Children’s “Act” – 2014".encode("cp1252"))
    ('Children’s “Act” – 2014', 'cp1252')
    >>> decode_bytes("Sweden’s “Act” – § 10".encode("gb18030"))
    ('Sweden’s “Act” – § 10', 'gb18030')
    """
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    enc16 = _looks_utf16(data)
    if enc16:
        try:
            return data.decode(enc16), enc16
        except UnicodeDecodeError:
            pass
    best: tuple[float, int, str, str] | None = None
    for rank, enc in enumerate(CANDIDATE_CODECS):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        key = (score, -rank, enc, text)
        if best is None or key[:2] > best[:2]:
            best = key
    assert best is not None  # latin-1 always decodes
    return best[3], best[2]


# --------------------------------------------------------------------------------------
# Layout normalisation
# --------------------------------------------------------------------------------------

_PAGE_MARKER = re.compile(r"^[ \t]*-{3,}[ \t]*Page[ \t]*\d+[ \t]*-{3,}[ \t]*$", re.M | re.I)


def normalise_layout(text: str) -> str:
    """Normalise line ends (CR, CRLF, CR CR LF) and form feeds to LF, drop page markers,
    strip trailing blanks and a leading BOM.

    >>> normalise_layout("a\\r\\r\\nb\\r\\nc\\rd\\x0c----- Page 2 -----\\ne  \\n")
    'a\\nb\\nc\\nd\\n\\ne\\n'
    """
    text = text.lstrip("\ufeff")
    text = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x0c", "\n").replace("\x0b", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = _PAGE_MARKER.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a profile file: detect its encoding, normalise its layout.

    Returns ``(text, encoding)``; see :func:`decode_bytes` and :func:`normalise_layout`.
    """
    data = Path(path).read_bytes()
    text, encoding = decode_bytes(data)
    return normalise_layout(text), encoding


# --------------------------------------------------------------------------------------
# Headings and sections
# --------------------------------------------------------------------------------------

_ALL_HEADINGS = {**PILLAR_HEADINGS, **SECTION_HEADINGS}
_CODE = r"[12](?:\.[1-5](?:\.[1-4])?)?"
_HEADING_LINE = re.compile(
    rf"^[ \t]*-?[ \t]*(?P<code>{_CODE})\.?(?:[ \t]+(?P<title>[A-Z][A-Z0-9 \t&/\-]*?))?[ \t]*$")
_TITLE_LINE = re.compile(r"^[ \t]*(?P<title>[A-Z][A-Z0-9 \t&/\-]*?)[ \t]*$")
_FOOTER_LINE = re.compile(r"^\s*(?:-{10,}|DISCLAIMER\b|More information is available|"
                          r"Last updated\b)", re.I)
_PAGE_NUMBER = re.compile(r"^\s*\d{1,2}\s*$")


def _title_matches(code: str, title: str) -> bool:
    expected = _ALL_HEADINGS.get(code)
    if expected is None:
        return False
    words = re.findall(r"[A-Z]+", title.upper())
    return bool(words) and words[0] == re.findall(r"[A-Z]+", expected)[0]


@dataclass
class _Heading:
    code: str
    title: str
    line: int          # index of the line holding the number
    end: int           # index of the first line after the heading
    raw: str


def _find_headings(lines: list[str]) -> list[_Heading]:
    """All pillar and section headings, in order, with the heading number and title on one
    line ("1.2.1 CIRT") or split over two lines with blank lines between ("1.1.2" /
    "REGULATION AND COMPLIANCE"), a stray list dash before the number tolerated."""
    found: list[_Heading] = []
    i = 0
    while i < len(lines):
        m = _HEADING_LINE.match(lines[i])
        if m:
            code, title = m["code"], m["title"]
            if title:
                if _title_matches(code, title):
                    found.append(_Heading(code, re.sub(r"\s+", " ", title).strip(), i, i + 1,
                                          lines[i].strip()))
                    i += 1
                    continue
            else:
                j = i + 1
                while j < len(lines) and not lines[j].strip() and j - i <= 4:
                    j += 1
                t = _TITLE_LINE.match(lines[j]) if j < len(lines) else None
                if t and _title_matches(code, t["title"]):
                    found.append(_Heading(code, re.sub(r"\s+", " ", t["title"]).strip(), i,
                                          j + 1, lines[i].strip()))
                    i = j + 1
                    continue
        i += 1
    return found


def _join_lines(lines: Iterable[str]) -> str:
    """Whitespace-normalised text of wrapped lines; a hyphen at a line end stays, with no
    space after it ("sector-" + "specific" -> "sector-specific")."""
    out = ""
    for line in lines:
        line = re.sub(r"\s+", " ", line).strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and not out.endswith(" -") and line[:1].islower():
            out += line
        else:
            out += " " + line
    return out


# --------------------------------------------------------------------------------------
# Status classification
# --------------------------------------------------------------------------------------

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

_LIST_INTRO = _rx(
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
class _Unit:
    """A clause of a sentence, or a list item, with what it says."""

    text: str          # the clause or item
    sentence: str      # the sentence (or intro + item) it belongs to, for evidence
    kind: str          # "prose", "intro", "item"
    label: str = ""    # POS, NEG, PROG, UNK, IGN, NEUTRAL, INTRO
    intro: str | None = None   # for an item: the sentence that introduces the list


_CLAUSE_SPLIT = re.compile(r";\s*|(?:,\s*|\s+)(?=(?:however|but|although|though|whereas|"
                           r"nevertheless|nonetheless)\b)", re.I)


def _label_clause(code: str, clause: str) -> str:
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


def classify_status(code: str, units: list[_Unit]) -> tuple[str, str]:
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


# --------------------------------------------------------------------------------------
# Section bodies: paragraphs, sentences, list items
# --------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-\u2013\u2014\u2022\u00b7\u25aa\u25cf\uf0b7\uf0a7*]|\.(?=\s))\s*")
_ABBREV_END = re.compile(
    r"(?:\b(?:No|Nos|no|Art|Arts|art|n|nr|Nr|St|Mr|Mrs|Ms|Dr|Co|Ltd|Inc|Vol|Sect|Sec|Para|"
    r"e\.g|i\.e|etc|vs|Govt|Dept|Gen|Rev|approx|incl|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|"
    r"Nov|Dec|[A-Z])\.)$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\u201c\"(\u2018\u00a7\d])")
_CONNECTOR_END = re.compile(r"(?:\b(?:of|and|the|for|on|in|to|a|an|with|by|de|la|du|des|"
                            r"or|from|under|against)|[,(\u201c\"/&-])$", re.I)


def _sentences(paragraph: str) -> list[str]:
    parts = _SENTENCE_BREAK.split(paragraph)
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and (_ABBREV_END.search(out[-1]) or out[-1].count("(") > out[-1].count(")")):
            out[-1] += " " + part
        else:
            out.append(part)
    return out


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


_ORG_HEADS = (
    "Ministry|Ministries|Ministère|Department|Departments|Agency|Agencies|Authority|Authorities|"
    "Commission|Commissioner|Committee|Council|Centre|Center|Centres|Centers|Team|Teams|Office|"
    "Institute|Institution|Police|Unit|Directorate|Bureau|Service|Services|Board|Foundation|"
    "Association|Union|Organization|Organisation|Secretariat|Division|Force|Taskforce|Network|"
    "Hotline|Helpline|Forum|Group|Regulator|Corporation|Company|University|Academy|Alliance|"
    "Coalition|Observatory|Laboratory|Command|Inspectorate|Administration|Registry|"
    "Chamber|Court|Ombudsman|Presidency|Prosecutor|Gendarmerie|Guard|Bank|Body|"
    "Consortium|Partnership|Cell|Desk|Platform|Initiative|Agence|Autorité|Direction|Comité|"
    "Conseil|Centro|Agencia|Instituto|Policía|Polícia|Oficina|Secretaría|Dirección"
)
_INSTR_HEADS = (
    "Act|Acts|Law|Laws|Code|Codes|Decree|Decrees|Ordinance|Regulation|Regulations|Directive|"
    "Convention|Protocol|Bill|Bills|Constitution|Proclamation|Order|Resolution|Rules|Statute|"
    "Decision|Instruction|Treaty|Charter|Amendment|Loi|Décret|Ley|Decreto|Lei|Legislation|Edict"
)
# documents that are neither an organisation nor a legal instrument
_DOC_HEADS = ("Strategy|Strategies|Doctrine|Concept|Policy|Policies|Plan|Plans|Framework|"
              "Programme|Program|Roadmap|Masterplan|Guidelines|Manual|Standard|Standards|Index|"
              "Report|Survey|Campaign|Project|Exercise|Initiative|Conference|Meeting|Workshop")
_DOC_HEAD_RX = re.compile(rf"\b(?:{_DOC_HEADS})\b")
_ORG_HEAD_RX = re.compile(rf"\b(?:{_ORG_HEADS})\b")
_INSTR_HEAD_RX = re.compile(rf"\b(?:{_INSTR_HEADS})\b")
_CERT_TOKEN = re.compile(r"(?<![\w.\-/])(?:[A-Za-z][\w\-./]*?(?:CERT|CIRT|CSIRT|SIRT|Cert|CIRC)"
                         r"|(?:CERT|CIRT|CSIRT|CIRC)[\-./][\w\-./]*?)(?:[\-./]?[\w]+)*(?![\w\-/])")
_GENERIC_CERT = re.compile(r"^(?:national\s+|government\s+|governmental\s+|military\s+|"
                           r"sector(?:ial)?\s+|private\s+|academic\s+|the\s+)*"
                           r"(?:CERT|CIRT|CSIRT|SIRT|CERTs|CIRTs|CSIRTs|Cert)$", re.I)
# international organisations named by acronym or short name in the profiles
_KNOWN_ORGS = re.compile(
    r"(?<![\w\-])(?:ITU-IMPACT|IMPACT|ITU|FIRST|APCERT|OIC-CERT|AfricaCERT|ENISA|NATO|TERENA|"
    r"TF-CSIRT|Trusted Introducer|TRUSTED INTRODUCER|ECOWAS|CTO|CTU|OAS|CICTE|APEC|ASEAN|UNICEF|"
    r"INHOPE|INSAFE|Insafe|INTERPOL|Interpol|EUROPOL|Europol|CARICOM|SADC|COMESA|OSCE|OECD|"
    r"CCDCOE|ICANN|APT|CCRA|IWF|ICMEC|Childnet|UNODC|UNESCO|EAC|ECCAS|UEMOA|GCC|APECTEL|"
    r"PacCERT|PACCERT|GFCE|Virtual Global Taskforce|ETSI)(?![\w\-])")
_ACRONYM = re.compile(r"^\s*\(\s*([A-Za-z][\w.\-/&]*[A-Z][\w.\-/&]*|[A-Z]{2,}[\w.\-/&]*)"
                      r"\s*(?:\(\*\)|\*)?\s*\)")
_NAME_TOKEN = (r"(?:[A-Z\u00c0-\u00de][\w\u2019'&\-./]*|[a-z]+[A-Z][\w\-./]*|e-[A-Z][\w\-]*|"
               r"(?:No|no|n|Nr|nº|n°|N°)\.?\s?\d[\w/\-.]*|\d[\w/\-.]*|§\s?\d[\w/\-.]*)")
_NAME_CONN = (r"(?:of|and|for|the|on|in|against|to|de|des|du|la|le|les|del|y|et|&|"
              r"l[\u2019']|d[\u2019']|with|under|from|en|da|do|per|por|para|sur|su|della|di)")
_NAME_PHRASE = re.compile(rf"{_NAME_TOKEN}(?:\s+(?:{_NAME_CONN}\s+)*{_NAME_TOKEN})*")
_LEADING_NOISE = re.compile(
    r"^(?:(?:The|A|An|However|Also|Through|In|As|Since|Under|With|Both|Currently|Additionally|"
    r"Moreover|Furthermore|Further|For|By|From|At|On|To|This|These|That|Those|Its|Their|Each|"
    r"All|Some|Several|Other|Another|Besides|Within|Via|Following|According|Together|Among|"
    r"Until|Since|Therefore|Thus|Then|Now|Recently|Presently|Today|Specific|Specifically|"
    r"Both|It|There|Here|If|When|While|Although|Where|Whereas)\s+"
    r"(?:(?:to|of|the|with|by|a|an|and)\s+)*)+")
_TRAILING_NOISE = re.compile(rf"(?:\s+(?:{_NAME_CONN}))+$|[\s,;:.*\u2019'\u201d\"]+$")
_ARTICLE_REF = re.compile(
    r"^(?:Articles?|Arts?\.?|Sections?|Secs?\.?|§+|Paragraphs?|Chapters?|Title|Part|Clauses?)"
    r"\s*[\w()\-\u2013,.;&§\s*]*?\s+(?:of|in|from|o)\s+(?:the\s+)?", re.I)
_TRUNCATE_AT = re.compile(
    r"\s*(?::|\s[-\u2013]\s(?=[a-z])|,?\s+(?:as\s+amended|amended|which|that|approved|adopted|"
    r"ratified\s+by|enacted|dated|issued|published|concerning|regarding|relative|relating|"
    r"whose|where|establishing|setting|providing|defining|was|is|are|has|have|will|to\s+be|"
    r"currently|under\s+the|operated|operating|in\s+charge|responsible)\b|,\s+(?=[a-z\d])|"
    r",\s+(?=(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b))")


def _balanced_parentheticals(s: str) -> list[tuple[int, int]]:
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(s):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def _clean_name(raw: str) -> tuple[str, str | None]:
    """A printed name -> (name, acronym): leading article and article references off,
    a trailing acronym in parentheses taken as the acronym, other parentheticals dropped."""
    s = _norm(raw).strip(" -\u2013\u2022*.;,:\"\u201c\u201d")
    acronym = None
    # keep the first acronym-like parenthetical, drop the others
    out, last = "", 0
    for a, b in _balanced_parentheticals(s):
        inner = s[a + 1:b - 1].strip().rstrip("*").strip()
        out += s[last:a]
        last = b
        if acronym is None and re.fullmatch(r"[A-Za-z][\w.\-/&]*[A-Z][\w.\-/&]*|[A-Z]{2,}[\w.\-/&]*",
                                            inner) and not re.fullmatch(r"\d+", inner):
            acronym = inner
    out += s[last:]
    s = _norm(out.replace("(*)", "").replace("*", ""))
    s = _ARTICLE_REF.sub("", s)
    # "248-259 Crimes Act 1961", "Art 285,286 & 287 Criminal Code": references before the name
    s = re.sub(r"^(?:(?:Articles?|Arts?\.?|Sections?|§+)\s*)?[\d§][\w()\-\u2013,.&§\s]*?\s+"
               r"(?=[A-Z][a-z])", "", s)
    m = _TRUNCATE_AT.search(s)
    if m and m.start() > 2:
        s = s[:m.start()]
    s = re.sub(r"^(?:the|The|THE)\s+", "", s)
    s = _TRAILING_NOISE.sub("", s).strip(" -\u2013,;:.\"\u201c\u201d\u2019'")
    return s, acronym


def _is_name_like(s: str) -> bool:
    words = s.split()
    return bool(words) and len(words) <= 16 and bool(re.match(r"[A-Z\u00c0-\u00de\d§“\"]", s)) \
        and sum(1 for w in words if w[:1].isupper() or w[:1].isdigit()) >= max(1, len(words) // 3)


def _kind_of(name: str) -> str | None:
    """'org', 'instrument' or None, from the name's head words."""
    if re.match(rf"(?:(?:Federal|Organic|Royal|Legislative|Presidential|Ministerial|Draft|"
                rf"Government|Supreme|Executive|Cabinet|Council)\s+)?(?:{_INSTR_HEADS})\s+"
                rf"(?:on|of|for|to|No\.?|no\.?|n°|nº|n\.|No|Number|\d|concerning|regarding|"
                rf"against|about|relating|by)\b", name):
        return "instrument"     # "Act on ...", "Law No. 60 of 2014", "Directive of the ..."
    last_org = max((m.start() for m in _ORG_HEAD_RX.finditer(name)), default=-1)
    last_instr = max((m.start() for m in _INSTR_HEAD_RX.finditer(name)), default=-1)
    last_doc = max((m.start() for m in _DOC_HEAD_RX.finditer(name)), default=-1)
    if last_doc > max(last_org, last_instr) and not re.search(r"\bof\s+(?:the\s+)?\w+$", name):
        return None
    if last_doc > max(last_org, last_instr) and last_org < 0 and last_instr < 0:
        return None
    if last_instr > last_org:
        return "instrument"
    if last_org >= 0:
        return "org"
    if _CERT_TOKEN.fullmatch(name) or _KNOWN_ORGS.fullmatch(name):
        return "org"
    return None


_LEGAL_SECTIONS = {"1.1.1", "1.1.2", "2.1"}
_ORG_LIST_SECTIONS = {"1.2.1", "1.3.3", "1.5.1", "1.5.2", "1.5.3", "1.5.4", "2.3", "2.4"}


_OP_CRC_SC = re.compile(r"Optional\s+Protocol\s+to\s+the\s+Convention\s+on\s+the\s+Rights\s+of\s+"
                        r"the\s+Child\s+on\s+the\s+Sale\s+of\s+Children,\s+Child\s+Prostitution\s+"
                        r"and\s+Child\s+Pornography", re.I)


def _names_from_prose(sentence: str) -> list[tuple[str, Name]]:
    """Organisation and instrument names in a sentence of prose."""
    found: list[tuple[int, str, Name]] = []
    taken: list[tuple[int, int]] = []
    for m in _OP_CRC_SC.finditer(sentence):      # a long title with a comma in it
        found.append((m.start(), "instrument", Name(_norm(m.group(0)), None)))
        taken.append((m.start(), m.end()))
        sentence = sentence[:m.start()] + " " * (m.end() - m.start()) + sentence[m.end():]
    for m in _NAME_PHRASE.finditer(sentence):
        phrase = m.group(0)
        # "Ministry of Science, ICT and Future Planning": a comma inside an organisation name
        tail = re.match(r",\s+((?:[A-Z][\w&\-]*)(?:\s+(?:and|&|of|for|the)?\s*[A-Z][\w&\-]*)*)"
                        r"(?=[\s,.;)]|$)", sentence[m.end():])
        if tail and _ORG_HEAD_RX.search(phrase) and not _ORG_HEAD_RX.search(tail.group(1)) \
                and not _INSTR_HEAD_RX.search(tail.group(1)) and " and " in tail.group(1) \
                and not re.search(r"\b[A-Z]{2,}s\b", tail.group(1)) \
                and len(tail.group(1).split()) <= 6:
            phrase = phrase + tail.group(0)
        # a new head phrase after "and" / "and the" starts a new name
        pieces = re.split(rf"\s+and\s+(?:the\s+)?(?=(?:{_ORG_HEADS})\b)", phrase)
        offset = m.start()
        for k, piece in enumerate(pieces):
            start = sentence.find(piece, offset)
            offset = start + len(piece)
            lead = _LEADING_NOISE.match(piece)
            core = piece[lead.end():] if lead else piece
            core_start = start + (lead.end() if lead else 0)
            core = _ARTICLE_REF.sub("", core)
            core = _TRAILING_NOISE.sub("", core).strip()
            if not core:
                continue
            acro_m = _ACRONYM.match(sentence[offset:]) if k == len(pieces) - 1 else None
            acronym = acro_m.group(1) if acro_m else None
            kind = _kind_of(core)
            words = core.split()
            if _GENERIC_CERT.match(core) or (kind and len(words) < 2 and not (
                    _CERT_TOKEN.fullmatch(core) or _KNOWN_ORGS.fullmatch(core))):
                if acronym and not _GENERIC_CERT.match(acronym):
                    found.append((core_start, "org", Name(acronym, None)))
                    taken.append((core_start, offset))
                continue
            if kind is None:
                continue
            found.append((core_start, kind, Name(core, acronym)))
            taken.append((core_start, offset))
    # CERT-style tokens and known international organisations not inside a name found above
    for rx in (_CERT_TOKEN, _KNOWN_ORGS):
        for m in rx.finditer(sentence):
            tok = m.group(0).rstrip(".")
            if _GENERIC_CERT.match(tok) or any(a <= m.start() < b for a, b in taken):
                continue
            if rx is _CERT_TOKEN and not re.search(r"CERT|CIRT|CSIRT|SIRT|Cert|CIRC", tok):
                continue
            found.append((m.start(), "org", Name(tok, None)))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda t: t[0])
    return [(k, n) for _, k, n in found]


def _names_from_item(code: str, item: str) -> list[tuple[str, Name]]:
    name, acronym = _clean_name(item)
    if not name:
        return []
    kind = _kind_of(name)
    if code in _LEGAL_SECTIONS and kind == "org" and not _CERT_TOKEN.search(name):
        kind = "instrument"   # an item of "the following legal instruments" is one
    if kind is None and _is_name_like(name) and len(name.split()) <= 8:
        if code in _LEGAL_SECTIONS:
            kind = "instrument"
        elif code in _ORG_LIST_SECTIONS and not re.search(r"\d{4}|\bprogram|\bcampaign|\bproject|"
                                                          r"\bexercise|\bcourse", name, re.I):
            kind = "org"
    if kind is None or len(name.split()) > 16 or len(name) < 2:
        return _names_from_prose(item)
    if _GENERIC_CERT.match(name):
        return [("org", Name(acronym, None))] if acronym else []
    return [(kind, Name(name, acronym))]


def _split_items(line: str) -> list[str]:
    """Several list items printed on one line ("- A Act - B Act", "-CPNI - US CERT - ...")."""
    parts = [p.strip() for p in re.split(r"\s+[-\u2013\u2022]\s*(?=[A-Z\u201c\"(§])", line)
             if p.strip()]
    if len(parts) < 2:
        return [line]
    gap = re.search(r"\S\s{3,}[-\u2013\u2022]", line)

    def short(p: str) -> bool:
        return len(p.split()) <= 7 and bool(re.match(r"[A-Z\u201c\"(§]", p))

    def named(p: str) -> bool:
        return bool(_kind_of(_clean_name(p)[0]) or _CERT_TOKEN.search(p)
                    or re.fullmatch(r"[A-Z][\w.\-/]*[A-Z][\w.\-/]*\.?", p))
    if gap or all(named(p) for p in parts) or all(short(p) for p in parts):
        return parts
    return [line]


def _build_units(code: str, lines: list[str]) -> list[_Unit]:
    """Turn a section's lines into prose clauses and list items."""
    blocks: list[tuple[str, str]] = []      # ("prose"|"item", text)
    pending_bullet = False
    after_colon = False
    intro_following = False
    for raw in lines:
        if not raw.strip() or _PAGE_NUMBER.match(raw):
            continue
        line = raw.strip()
        bullet = _BULLET.match(raw)
        if bullet:
            content = raw[bullet.end():].strip()
            if not content:
                pending_bullet = True
                continue
            for part in _split_items(content):
                blocks.append(("item", part))
            after_colon = False
            continue
        if pending_bullet:
            blocks.append(("item", line))
            pending_bullet = False
            continue
        if blocks and blocks[-1][0] == "item":
            prev = blocks[-1][1]
            loose = not (after_colon and line[:1].isupper())
            if (not re.search(r"[.;!?]$", prev) and (line[:1].islower() or _CONNECTOR_END.search(prev)
                                                     or prev.count("(") > prev.count(")")
                                                     or (loose and len(line) < 60))):
                blocks[-1] = ("item", prev + " " + line)
                continue
        if after_colon and (len(line.split()) <= 8 and not re.search(r"[.;]$", line)
                            or intro_following and len(line.split()) <= 24
                            and re.match(r"[A-Z\u00a7\u201c\"]", line)):
            blocks.append(("item", line))
            continue
        if blocks and blocks[-1][0] == "prose":
            prev = blocks[-1][1]
            joined = prev + line if prev.endswith("-") and line[:1].islower() else prev + " " + line
            blocks[-1] = ("prose", joined)
        else:
            blocks.append(("prose", line))
        after_colon = line.endswith(":")
        intro_following = after_colon and bool(re.search(r"\bfollowing\b", line, re.I))
    units: list[_Unit] = []
    intro: _Unit | None = None
    for kind, text in blocks:
        text = _norm(text)
        if kind == "prose":
            intro = None
            for sentence in _sentences(text):
                clauses = [c for c in _CLAUSE_SPLIT.split(sentence) if c.strip()]
                for clause in clauses:
                    u = _Unit(clause, sentence, "prose")
                    u.label = _label_clause(code, clause)
                    units.append(u)
                last = units[-1] if units else None
                if last is not None and last.sentence == sentence and _LIST_INTRO.search(sentence) \
                        and last.label in ("POS", "NEUTRAL"):
                    last.kind, last.label = "intro", "INTRO"
                    intro = last
                elif last is not None and last.sentence == sentence and _LIST_INTRO.search(sentence):
                    last.kind = "intro"
                    intro = last
        else:
            sentence = f"{intro.sentence} - {text}" if intro else text
            u = _Unit(text, sentence, "item", intro=intro.sentence if intro else None)
            u.label = _label_clause(code, text)
            if u.label in ("NEUTRAL", "IGN") and re.search(r"[A-Za-z]{2,}", text):
                u.label = "POS"
            if intro is not None and intro.label in ("PROG", "NEG", "UNK") and u.label == "POS":
                u.label = intro.label
            units.append(u)
    return units


# --------------------------------------------------------------------------------------
# Header: country name, population, internet users
# --------------------------------------------------------------------------------------

_TITLE = re.compile(r"CYBER\s*WELLNESS\s+PROFILE", re.I)
_BACKGROUND = re.compile(r"^\s*BACK\s*G?ROUND\b", re.I)
_POP_LABEL = re.compile(r"Total\s+Population\s*(?::\s*)+", re.I)
_NET_LABEL = re.compile(r"Internet\s+users\s*,?\s*(?:percentage\s+of\s+population)?\s*(?::\s*)*",
                        re.I)
_SOURCE = re.compile(r"\(\s*data\s+source\s*:", re.I)
_SMALL_WORDS = {"of", "and", "the", "de", "da", "du", "des", "la", "le", "et", "y", "del", "for",
                "on", "in"}


def _title_case_word(word: str, first: bool) -> str:
    if not word:
        return word
    lower = word.lower()
    if not first and lower in _SMALL_WORDS:
        return lower
    for apos in ("\u2019", "'"):
        if apos in word:
            head, _, tail = word.partition(apos)
            if head.lower() in ("d", "l") and not first:
                return head.lower() + apos + _title_case_word(tail, True)
            if tail.lower() in ("s", ""):
                return _title_case_word(head, first) + apos + tail.lower()
            return _title_case_word(head, first) + apos + _title_case_word(tail, True)
    if "-" in word:
        return "-".join(_title_case_word(p, True) for p in word.split("-"))
    if word.startswith("(") and len(word) > 1:
        return "(" + _title_case_word(word[1:], first)
    if word.endswith(")") and len(word) > 1:
        return _title_case_word(word[:-1], first) + ")"
    return word[:1].upper() + word[1:].lower()


def title_case(name: str) -> str:
    """'CÔTE D’IVOIRE' -> 'Côte d’Ivoire', 'SUDAN (REPUBLIC OF)' -> 'Sudan (Republic of)'.

    >>> title_case("DEMOCRATIC PEOPLE’S REPUBLIC OF KOREA"), title_case("GUINEA-BISSAU")
    ('Democratic People’s Republic of Korea', 'Guinea-Bissau')
    """
    words = _norm(name).split(" ")
    return " ".join(_title_case_word(w, i == 0) for i, w in enumerate(words))


def _is_upper_line(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and "HTTP" not in s.upper()[:4]


def _country_name(header_lines: list[str]) -> str | None:
    """The all-capitals lines after the title "CYBERWELLNESS PROFILE" and before BACKGROUND
    (flag image captions and URLs in between are mixed case and are skipped)."""
    parts: list[str] = []
    started = False
    for line in header_lines:
        m = _TITLE.search(line)
        if m:
            started = True
            rest = line[m.end():].strip()
            if rest and _is_upper_line(rest):
                parts.append(rest)
            continue
        if not started:
            continue
        if _BACKGROUND.match(line) or _POP_LABEL.search(line):
            break
        s = line.strip()
        if not s:
            continue
        if _is_upper_line(s) and not re.search(r"https?://|www\.|\.svg|\.png", s, re.I):
            parts.append(s)
        elif parts:
            break       # the name is done; a flag caption follows
    if not parts:
        return None
    return title_case(" ".join(parts))


def _columns(line: str, split_at: int | None) -> tuple[str, str]:
    """Split a header line into its left and right column."""
    sources = [m.start() for m in _SOURCE.finditer(line)]
    if len(sources) >= 2:
        return line[:sources[1]], line[sources[1]:]
    label = _NET_LABEL.search(line)
    if label and label.start() > 0 and line[:label.start()].strip():
        return line[:label.start()], line[label.start():]
    if sources and sources[0] > 0 and not line[:sources[0]].strip():
        # only a right-hand source, indented to the right column
        if split_at is None or sources[0] >= split_at - 10:
            return "", line
    if split_at is not None and len(line) > split_at and line[:split_at].strip() and \
            re.match(r"\s{3,}", line[split_at - 3:split_at]) and line[split_at:].strip():
        return line[:split_at], line[split_at:]
    return line, ""


def _header_texts(header_lines: list[str]) -> tuple[str, str, bool]:
    """(population text, internet users text, two-column layout?) from the header lines."""
    split_at = None
    for line in header_lines:
        pop, net = _POP_LABEL.search(line), _NET_LABEL.search(line)
        if pop and net and net.start() > pop.start():
            split_at = net.start()
            break
    if split_at is None:
        # one column: population part = from its label to the internet label
        text = "\n".join(header_lines)
        p, n = _POP_LABEL.search(text), _NET_LABEL.search(text)
        if not p or not n:
            return (text[p.start():] if p else ""), (text[n.start():] if n else ""), False
        if p.start() < n.start():
            pop_text, net_text = text[p.start():n.start()], text[n.start():]
        else:
            pop_text, net_text = text[p.start():], text[n.start():p.start()]
        # stacked layout: "Population / Internet users / (source) / (source)"
        if not _SOURCE.search(pop_text):
            srcs = list(_SOURCE.finditer(net_text))
            if len(srcs) >= 2:
                pop_text += " " + net_text[srcs[0].start():srcs[1].start()]
                net_text = net_text[:srcs[0].start()] + net_text[srcs[1].start():]
        return pop_text, net_text, False
    left, right = [], []
    for line in header_lines:
        if not line.strip():
            continue
        lcol, rcol = _columns(line, split_at)
        left.append(lcol)
        right.append(rcol)
    left_text, right_text = "\n".join(left), "\n".join(right)
    p = _POP_LABEL.search(left_text)
    n = _NET_LABEL.search(right_text)
    return (left_text[p.start():] if p else ""), (right_text[n.start():] if n else ""), True


def _stated_source(text: str) -> str | None:
    m = _SOURCE.search(text)
    if not m:
        return None
    depth, out = 1, []
    for ch in text[m.end():]:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                break
        out.append(ch)
    src = _norm("".join(out)).strip(" ,;")
    src = re.sub(r"\s+,", ",", src)
    src = re.sub(r",(?=\S)", ", ", src)
    return src or None


def _population(text: str, warnings: list[str]) -> Figure | None:
    m = _POP_LABEL.search(text)
    body = text[m.end():] if m else text
    value_text = _norm(_SOURCE.split(body)[0])
    value_text = re.split(r"\s{3,}|\n", value_text)[0].strip()
    source = _stated_source(body)
    mm = re.match(r"^([\d.,]+)\s*(million|billion)\b", value_text, re.I)
    if mm:
        try:
            factor = 10 ** 6 if mm.group(2).lower() == "million" else 10 ** 9
            value = int(Decimal(mm.group(1).replace(",", ".")) * factor)
        except InvalidOperation:
            value = None
        if value is not None:
            warnings.append(f"population printed as {value_text!r}; read as {value}")
            return Figure(value, source)
    mm = re.match(r"^(\d[\d\s,.\u00a0]*\d|\d)(?!\s*%)", value_text)
    if not mm:
        warnings.append(f"population not given (printed {value_text or 'nothing'!r})")
        return None
    printed = mm.group(1).strip()
    groups = [g for g in re.split(r"[\s,.\u00a0]+", printed) if g]
    value = int("".join(groups))
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        warnings.append(f"population {printed!r} has irregular digit grouping; read as {value}")
    return Figure(value, source)


def _internet_users(text: str, warnings: list[str]) -> Figure | None:
    m = _NET_LABEL.search(text)
    body = text[m.end():] if m else text
    value_text = _norm(_SOURCE.split(body)[0])
    source = _stated_source(body)
    mm = re.match(r"^(\d+)(?:\s*([.,:])\s*(\d+))?\s*%", value_text) or \
        re.match(r"^(\d+)(?:([.,:])(\d+))?\s*$", value_text)
    if not mm:
        warnings.append(f"internet users not given (printed {value_text[:30] or 'nothing'!r})")
        return None
    if mm.group(2) and mm.group(2) != ".":
        warnings.append(f"internet users {value_text[:12]!r}: {mm.group(2)!r} read as a decimal point")
    number = mm.group(1) + ("." + mm.group(3) if mm.group(3) else "")
    return Figure(Decimal(number), source)


_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_LAST_UPDATED = re.compile(
    r"Last\s+updated\s*(?:on)?\s*:?\s*(\d{1,2})\s*(?:st|nd|rd|th)?\s+([A-Za-z]+)\s*,?\s*(\d{4})",
    re.I)


def _last_updated(text: str, warnings: list[str]) -> date | None:
    m = _LAST_UPDATED.search(text)
    if not m:
        if re.search(r"Last\s+updated", text, re.I):
            warnings.append("'Last updated' line without a readable date")
        else:
            warnings.append("no 'Last updated' date")
        return None
    month = _MONTHS.get(m.group(2).lower()) or next(
        (v for k, v in _MONTHS.items() if len(m.group(2)) >= 3 and k.startswith(m.group(2).lower())),
        None)
    try:
        return date(int(m.group(3)), month or 0, int(m.group(1)))
    except (TypeError, ValueError):
        warnings.append(f"'Last updated' date {m.group(0)!r} is not a valid date")
        return None


# --------------------------------------------------------------------------------------
# Profiles
# --------------------------------------------------------------------------------------

def _evidence(text: str, unit_sentence: str, unit: _Unit | None) -> str:
    """A short verbatim quote from the section text (whitespace-normalised)."""
    quote = ""
    if unit is not None and unit.kind == "item" and unit.intro:
        i = text.find(unit.intro)
        j = text.find(unit.text, i + len(unit.intro)) if i >= 0 else -1
        if i >= 0 and j >= 0:
            quote = text[i:j + len(unit.text)]
        elif unit.text in text:
            quote = unit.text
    elif unit_sentence and unit_sentence in text:
        quote = unit_sentence
    if not quote and unit_sentence:
        quote = unit_sentence
    if len(quote) > EVIDENCE_MAX:
        cut = quote[:EVIDENCE_MAX + 1]
        cut = cut[:cut.rfind(" ")] if " " in cut else cut[:EVIDENCE_MAX]
        quote = cut.rstrip(" ,;:-\u2013")
    return quote


def _dedupe(names: Iterable[Name]) -> tuple[Name, ...]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for n in names:
        key = (n.name.lower(), (n.acronym or "").lower() or None)
        if key not in seen:
            seen.add(key)
            out.append(n)
    return tuple(out)


def _resolve_names(per_section: dict[str, list[tuple[str, Name]]],
                   texts: dict[str, str] | None = None) -> dict[str, list[tuple[str, Name]]]:
    """One Name per entity within a profile: a bare acronym resolves to the full name that
    carries it; the same name with and without an acronym becomes the one with it."""
    by_acronym: dict[str, Name] = {}
    by_name: dict[str, Name] = {}
    for items in per_section.values():
        for _, n in items:
            if n.acronym and n.name.lower() != n.acronym.lower():
                by_acronym.setdefault(n.acronym.lower(), n)
                by_name.setdefault(n.name.lower(), n)
    out: dict[str, list[tuple[str, Name]]] = {}
    texts = texts or {}
    for code, items in per_section.items():
        # a known acronym used on its own later ("OCSIA is responsible ...") names that body
        seen = {n.name.lower() for _, n in items} | {(n.acronym or "").lower() for _, n in items}
        for acro, full in by_acronym.items():
            if acro not in seen and len(acro) >= 3 and re.search(
                    rf"(?<![\w\-.]){re.escape(full.acronym)}(?![\w\-])", texts.get(code, "")):
                items = items + [("org" if _kind_of(full.name) != "instrument" else "instrument",
                                  full)]
        resolved = []
        for kind, n in items:
            key = n.name.lower()
            if n.acronym is None and key in by_acronym:
                n = by_acronym[key]
            elif n.acronym is None and key in by_name:
                n = by_name[key]
            elif n.acronym and n.acronym.lower() in by_acronym and key == n.acronym.lower():
                n = by_acronym[key]
            resolved.append((kind, n))
        out[code] = resolved
    return out


def parse_profile(path: str | Path) -> Profile:
    """Parse one profile file; raises :class:`ProfileParseError` when it is not a profile."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProfileParseError(path, f"cannot read the file: {exc}") from exc
    if not data.strip():
        raise ProfileParseError(path, "empty file")
    text, encoding = decode_bytes(data)
    return parse_profile_text(text, str(path), encoding=encoding)


def parse_profile_text(text: str, path: str = "<text>", encoding: str = "str") -> Profile:
    """Parse the text of a profile (already decoded; the layout is normalised here); see
    :func:`parse_profile`."""
    text = normalise_layout(text)
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t")
    if controls > max(5, len(text) // 100):
        raise ProfileParseError(path, f"binary content ({controls} control characters)")
    lines = text.split("\n")
    headings = _find_headings(lines)
    section_headings = [h for h in headings if h.code in SECTION_HEADINGS]
    has_title = bool(_TITLE.search(text[:3000]))
    if not has_title and len(section_headings) < 5:
        raise ProfileParseError(path, "not a Cyberwellness profile: no 'CYBERWELLNESS PROFILE' "
                                      f"title and {len(section_headings)} of 21 section headings")
    if not section_headings:
        raise ProfileParseError(path, "no section headings (1.1.1 ... 2.4) found")
    warnings: list[str] = []

    first = headings[0].line if headings else len(lines)
    header_lines = lines[:first]
    country = _country_name(header_lines)
    if country is None:
        raise ProfileParseError(path, "no country name under the 'CYBERWELLNESS PROFILE' title")
    pop_text, net_text, _ = _header_texts(header_lines)
    population = _population(pop_text, warnings) if pop_text else None
    internet = _internet_users(net_text, warnings) if net_text else None
    if not pop_text:
        warnings.append("no 'Total Population' line")
    if not net_text:
        warnings.append("no 'Internet users' line")
    last_updated = _last_updated(text, warnings)

    sections: dict[str, Section] = {}
    names_by_section: dict[str, list[tuple[str, Name]]] = {}
    pending: dict[str, tuple[_Heading, str, str, str, _Unit | None]] = {}
    footer_seen = False
    for k, h in enumerate(headings):
        if h.code not in SECTION_HEADINGS:
            continue
        if h.code in pending:
            warnings.append(f"section {h.code} printed twice; the second copy is ignored")
            continue
        if footer_seen:
            warnings.append(f"section {h.code} found after the footer")
        if not h.raw.startswith(h.code):
            warnings.append(f"heading {h.code} recovered from a malformed line {h.raw!r}")
        elif h.end > h.line + 1:
            warnings.append(f"heading {h.code} split over lines; title {h.title!r} joined")
        end = headings[k + 1].line if k + 1 < len(headings) else len(lines)
        body: list[str] = []
        for line in lines[h.end:end]:
            if _FOOTER_LINE.match(line):
                footer_seen = True
                break
            body.append(line)
        body = [ln for ln in body if not _PAGE_NUMBER.match(ln)]
        section_text = _join_lines(body)
        units = _build_units(h.code, body)
        status, sentence = classify_status(h.code, units)
        chosen = next((u for u in units if u.sentence == sentence), None)
        evidence = _evidence(section_text, sentence, chosen)
        if not section_text:
            warnings.append(f"section {h.code} ({h.title}) is empty")
        names: list[tuple[str, Name]] = []
        for u in units:
            if u.label == "IGN":
                continue
            if u.kind == "item":
                names.extend(_names_from_item(h.code, u.text))
            else:
                names.extend(_names_from_prose(u.text))
        names_by_section[h.code] = names
        pending[h.code] = (h, status, evidence, section_text, chosen)
    names_by_section = _resolve_names(names_by_section,
                                      {code: v[3] for code, v in pending.items()})
    for code in SECTION_CODES:
        if code not in pending:
            warnings.append(f"section {code} ({SECTION_HEADINGS[code]}) missing; status unknown")
            sections[code] = Section(code, SECTION_HEADINGS[code], "unknown", "", (), (), "")
            continue
        h, status, evidence, section_text, _ = pending[code]
        named = names_by_section.get(code, [])
        sections[code] = Section(
            code=code, heading=h.title, status=status, evidence=evidence,
            organisations=_dedupe(n for kind, n in named if kind == "org"),
            instruments=_dedupe(n for kind, n in named if kind == "instrument"),
            text=section_text)
    return Profile(path=str(path), file_name=Path(path).name, country_name=country,
                   encoding=encoding, last_updated=last_updated, population=population,
                   internet_users=internet, sections=sections, warnings=warnings)
