"""One profile text to a :class:`~.model.Profile`: the pipeline of the parser.

:func:`parse_profile` reads and decodes a file (:mod:`.decoding`); :func:`parse_profile_text`
finds the headings (:mod:`.headings`), reads the header (:mod:`.header`), then reads each
section's body into units (:mod:`.units`), a status and its evidence (:mod:`.status`) and
the names it mentions (:mod:`.names`). It never guesses a value it cannot read: it leaves
it ``None`` (or the status ``unknown``) and records a warning on the profile.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cyberkg.ingest.itu_profiles.decoding import decode_bytes, join_lines, normalise_layout
from cyberkg.ingest.itu_profiles.header import (PROFILE_TITLE, read_country_name, read_figures,
                                                read_last_updated)
from cyberkg.ingest.itu_profiles.headings import FOOTER_LINE, PAGE_NUMBER, Heading, find_headings
from cyberkg.ingest.itu_profiles.model import (SECTION_CODES, SECTION_HEADINGS, Name, Profile,
                                               ProfileParseError, Section)
from cyberkg.ingest.itu_profiles.names import (dedupe, names_from_item, names_from_prose,
                                               resolve_names)
from cyberkg.ingest.itu_profiles.status import Unit, classify_status
from cyberkg.ingest.itu_profiles.units import build_units

#: The longest evidence quote, in characters (cut at a word boundary).
EVIDENCE_MAX = 300


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
    headings = find_headings(lines)
    section_headings = [h for h in headings if h.code in SECTION_HEADINGS]
    has_title = bool(PROFILE_TITLE.search(text[:3000]))
    if not has_title and len(section_headings) < 5:
        raise ProfileParseError(path, "not a Cyberwellness profile: no 'CYBERWELLNESS PROFILE' "
                                      f"title and {len(section_headings)} of 21 section headings")
    if not section_headings:
        raise ProfileParseError(path, "no section headings (1.1.1 ... 2.4) found")
    warnings: list[str] = []

    header_lines = lines[:headings[0].line]
    country = read_country_name(header_lines)
    if country is None:
        raise ProfileParseError(path, "no country name under the 'CYBERWELLNESS PROFILE' title")
    population, internet = read_figures(header_lines, warnings)
    last_updated = read_last_updated(text, warnings)
    sections = _sections(_drafts(lines, headings, warnings), warnings)
    return Profile(path=str(path), file_name=Path(path).name, country_name=country,
                   encoding=encoding, last_updated=last_updated, population=population,
                   internet_users=internet, sections=sections, warnings=warnings)


@dataclass
class _Draft:
    """A section as read from its body, before its names are resolved across the profile."""

    heading: Heading
    status: str
    evidence: str
    text: str
    names: list[tuple[str, Name]]


def _drafts(lines: list[str], headings: list[Heading], warnings: list[str]) -> dict[str, _Draft]:
    """The first copy of each section printed, by code, in the order printed."""
    drafts: dict[str, _Draft] = {}
    footer_seen = False
    for k, h in enumerate(headings):
        if h.code not in SECTION_HEADINGS:
            continue
        if h.code in drafts:
            warnings.append(f"section {h.code} printed twice; the second copy is ignored")
            continue
        if footer_seen:
            warnings.append(f"section {h.code} found after the footer")
        if not h.raw.startswith(h.code):
            warnings.append(f"heading {h.code} recovered from a malformed line {h.raw!r}")
        elif h.end > h.line + 1:
            warnings.append(f"heading {h.code} split over lines; title {h.title!r} joined")
        end = headings[k + 1].line if k + 1 < len(headings) else len(lines)
        body, footer_reached = _body(lines[h.end:end])
        footer_seen = footer_seen or footer_reached
        drafts[h.code] = _read_section(h, body, warnings)
    return drafts


def _body(lines: list[str]) -> tuple[list[str], bool]:
    """A section's lines up to the footer, without page numbers; and whether the footer came."""
    body: list[str] = []
    footer_reached = False
    for line in lines:
        if FOOTER_LINE.match(line):
            footer_reached = True
            break
        body.append(line)
    return [ln for ln in body if not PAGE_NUMBER.match(ln)], footer_reached


def _read_section(h: Heading, body: list[str], warnings: list[str]) -> _Draft:
    """Status, evidence, text and names of one section from its body lines."""
    section_text = join_lines(body)
    units = build_units(h.code, body)
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
            names.extend(names_from_item(h.code, u.text))
        else:
            names.extend(names_from_prose(u.text))
    return _Draft(h, status, evidence, section_text, names)


def _sections(drafts: dict[str, _Draft], warnings: list[str]) -> dict[str, Section]:
    """All 21 sections in framework order, a missing one ``unknown``, names resolved."""
    names_by_section = resolve_names({code: d.names for code, d in drafts.items()},
                                     {code: d.text for code, d in drafts.items()})
    sections: dict[str, Section] = {}
    for code in SECTION_CODES:
        draft = drafts.get(code)
        if draft is None:
            warnings.append(f"section {code} ({SECTION_HEADINGS[code]}) missing; status unknown")
            sections[code] = Section(code, SECTION_HEADINGS[code], "unknown", "", (), (), "")
            continue
        named = names_by_section.get(code, [])
        sections[code] = Section(
            code=code, heading=draft.heading.title, status=draft.status, evidence=draft.evidence,
            organisations=dedupe(n for kind, n in named if kind == "org"),
            instruments=dedupe(n for kind, n in named if kind == "instrument"),
            text=draft.text)
    return sections


def _evidence(text: str, unit_sentence: str, unit: Unit | None) -> str:
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
