"""Organisation and legal-instrument names a section mentions, as printed.

A name is a run of capitalised words (with "of", "and", "de" ... between them) whose head
word says what it is: "Ministry", "Agency", "Team" ... an organisation; "Act", "Law",
"Decree" ... an instrument; "Strategy", "Plan" ... neither (a document, not kept).
CERT-style tokens and known international bodies are organisations by their form. A
parenthesised acronym after a name is its acronym. List items in the legal sections are
instruments, in the organisational ones organisations, when their head word does not say.

:func:`resolve_names` then makes one :class:`~.model.Name` per entity within a profile
(a bare acronym resolves to the full name that carries it); :func:`dedupe` keeps each once.
"""

from __future__ import annotations

import re
from typing import Iterable

from cyberkg.ingest.itu_profiles.decoding import collapse_spaces
from cyberkg.ingest.itu_profiles.model import Name

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
CERT_TOKEN = re.compile(r"(?<![\w.\-/])(?:[A-Za-z][\w\-./]*?(?:CERT|CIRT|CSIRT|SIRT|Cert|CIRC)"
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


def clean_name(raw: str) -> tuple[str, str | None]:
    """A printed name -> (name, acronym): leading article and article references off,
    a trailing acronym in parentheses taken as the acronym, other parentheticals dropped."""
    s = collapse_spaces(raw).strip(" -\u2013\u2022*.;,:\"\u201c\u201d")
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
    s = collapse_spaces(out.replace("(*)", "").replace("*", ""))
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


def kind_of(name: str) -> str | None:
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
    if CERT_TOKEN.fullmatch(name) or _KNOWN_ORGS.fullmatch(name):
        return "org"
    return None


_LEGAL_SECTIONS = {"1.1.1", "1.1.2", "2.1"}
_ORG_LIST_SECTIONS = {"1.2.1", "1.3.3", "1.5.1", "1.5.2", "1.5.3", "1.5.4", "2.3", "2.4"}


_OP_CRC_SC = re.compile(r"Optional\s+Protocol\s+to\s+the\s+Convention\s+on\s+the\s+Rights\s+of\s+"
                        r"the\s+Child\s+on\s+the\s+Sale\s+of\s+Children,\s+Child\s+Prostitution\s+"
                        r"and\s+Child\s+Pornography", re.I)


def names_from_prose(sentence: str) -> list[tuple[str, Name]]:
    """Organisation and instrument names in a sentence of prose."""
    found: list[tuple[int, str, Name]] = []
    taken: list[tuple[int, int]] = []
    for m in _OP_CRC_SC.finditer(sentence):      # a long title with a comma in it
        found.append((m.start(), "instrument", Name(collapse_spaces(m.group(0)), None)))
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
            kind = kind_of(core)
            words = core.split()
            if _GENERIC_CERT.match(core) or (kind and len(words) < 2 and not (
                    CERT_TOKEN.fullmatch(core) or _KNOWN_ORGS.fullmatch(core))):
                if acronym and not _GENERIC_CERT.match(acronym):
                    found.append((core_start, "org", Name(acronym, None)))
                    taken.append((core_start, offset))
                continue
            if kind is None:
                continue
            found.append((core_start, kind, Name(core, acronym)))
            taken.append((core_start, offset))
    # CERT-style tokens and known international organisations not inside a name found above
    for rx in (CERT_TOKEN, _KNOWN_ORGS):
        for m in rx.finditer(sentence):
            tok = m.group(0).rstrip(".")
            if _GENERIC_CERT.match(tok) or any(a <= m.start() < b for a, b in taken):
                continue
            if rx is CERT_TOKEN and not re.search(r"CERT|CIRT|CSIRT|SIRT|Cert|CIRC", tok):
                continue
            found.append((m.start(), "org", Name(tok, None)))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda t: t[0])
    return [(k, n) for _, k, n in found]


def names_from_item(code: str, item: str) -> list[tuple[str, Name]]:
    """The names in one list item of section ``code``: the item itself when it is a name
    (the section says of what kind), else the names in it as in prose."""
    name, acronym = clean_name(item)
    if not name:
        return []
    kind = kind_of(name)
    if code in _LEGAL_SECTIONS and kind == "org" and not CERT_TOKEN.search(name):
        kind = "instrument"   # an item of "the following legal instruments" is one
    if kind is None and _is_name_like(name) and len(name.split()) <= 8:
        if code in _LEGAL_SECTIONS:
            kind = "instrument"
        elif code in _ORG_LIST_SECTIONS and not re.search(r"\d{4}|\bprogram|\bcampaign|\bproject|"
                                                          r"\bexercise|\bcourse", name, re.I):
            kind = "org"
    if kind is None or len(name.split()) > 16 or len(name) < 2:
        return names_from_prose(item)
    if _GENERIC_CERT.match(name):
        return [("org", Name(acronym, None))] if acronym else []
    return [(kind, Name(name, acronym))]


def dedupe(names: Iterable[Name]) -> tuple[Name, ...]:
    """``names`` in order, each once (ignoring case)."""
    seen: set[tuple[str, str | None]] = set()
    out = []
    for n in names:
        key = (n.name.lower(), (n.acronym or "").lower() or None)
        if key not in seen:
            seen.add(key)
            out.append(n)
    return tuple(out)


def resolve_names(per_section: dict[str, list[tuple[str, Name]]],
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
                items = items + [("org" if kind_of(full.name) != "instrument" else "instrument",
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
