"""Curation files → checked records.

Two passes: the first collects every file's ``sources:`` and ``organisations:`` (ids are
global: a source registered in one file may be cited in another); the second reads laws and
assessments and resolves what they refer to. Nothing stops at the first problem: every
problem is collected as ``file:line: reason`` so a curator fixes a file in one go.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from cyberkg.curation.codes import CodeLists, Country
from cyberkg.curation.entry import LANG as _LANG, ORG_ID as _ORG_ID, SLUG as _SLUG, URL as _URL, Entry
from cyberkg.curation.records import (Assessment, Curation, Event, Law, Organisation, Provision,
                                      Source, Version, Where)
from cyberkg.curation.yaml_text import Mapping, Sequence, parse_file
from cyberkg.errors import BuildError

#: How a provision is called in its law (the label of ``art/8`` in a law of sections).
UNITS = ("article", "section", "clause", "rule", "regulation", "paragraph", "chapter", "part",
         "schedule")
MAX_EVIDENCE = 400


def read_curation(paths: list[Path], codes: CodeLists, name: Callable[[Path], str]) -> Curation:
    curation = Curation(files=list(paths))
    documents: list[tuple[str, Mapping, Country | None]] = []
    for path in paths:
        file = name(path)
        try:
            doc = parse_file(path, file)
        except BuildError as error:
            curation.problems += error.problems
            continue
        top = Entry(doc, ("country", "sources", "organisations", "laws", "assessments"),
                    "a curation file", file, curation.problems, line=1)
        if not top.ok and not isinstance(doc, Mapping):
            continue
        country = _country(top, path, codes)
        documents.append((file, top.map, country))
        for item in _items(top, "sources"):
            _read_source(Entry(item, _SOURCE_KEYS, "a source", file, curation.problems),
                         country, codes, curation)
        for item in _items(top, "organisations"):
            _read_organisation(Entry(item, _ORG_KEYS, "an organisation", file, curation.problems),
                               country, codes, curation)
    _check_register(curation)
    for file, top_map, country in documents:
        top = Entry(top_map, tuple(top_map), "a curation file", file, curation.problems)
        laws: dict[str, Law] = {}
        if country is None:
            if top_map.get("laws") or top_map.get("assessments"):
                top.problem(None, "laws and assessments need the file's 'country'")
            continue
        for item in _items(top, "laws"):
            law = _read_law(Entry(item, _LAW_KEYS, "a law", file, curation.problems),
                            country, codes, curation)
            if law is None:
                continue
            if law.id in laws:
                curation.problems.append(f"{law.where}: law '{law.id}' is already given on line "
                                         f"{laws[law.id].where.line}")
                continue
            laws[law.id] = law
            curation.laws.append(law)
        for item in _items(top, "assessments"):
            _read_assessment(Entry(item, _ASSESSMENT_KEYS, "an assessment", file, curation.problems),
                             laws, codes, curation)
    _check_assessment_ids(curation)
    return curation


def _items(entry: Entry, key: str) -> list:
    """The items of the list under ``key`` (none when absent; a problem when not a list)."""
    value = entry.map.get(key)
    if value is None:
        return []
    if not isinstance(value, Sequence):
        entry.problem(key, f"'{key}' must be a list")
        return []
    return list(value)


def _country(top: Entry, path: Path, codes: CodeLists) -> Country | None:
    iso3 = top.text("country")
    if iso3 is None:
        if path.parent.name == "countries":
            top.problem(None, "a country file needs 'country' (ISO 3166-1 alpha-3)")
        return None
    country = codes.countries.get(iso3.upper())
    if country is None:
        top.problem("country", f"'{iso3}' is not an ISO 3166-1 alpha-3 code of data/countries.trig")
    elif path.parent.name == "countries" and path.stem != iso3.lower():
        top.problem("country", f"the file for {iso3.upper()} must be named {iso3.lower()}.yaml")
    return country


_SOURCE_KEYS = ("id", "kind", "title", "url", "publisher", "authors", "date", "language",
                "accessed", "note")
_ORG_KEYS = ("id", "name", "type", "acronym", "also_known_as", "source", "note")
_LAW_KEYS = ("id", "title", "original_title", "original_language", "number", "draft", "status",
             "responsible", "source", "note", "events", "versions", "provisions")
_EVENT_KEYS = ("date", "type", "source", "note")
_VERSION_KEYS = ("date", "source", "note")
_PROVISION_KEYS = ("number", "slug", "unit", "topic", "version", "source", "note")
_ASSESSMENT_KEYS = ("id", "source", "law", "provision", "version", "right", "stance", "concerns",
                    "basis", "by", "date", "evidence", "locator", "note")


def _read_source(e: Entry, country: Country | None, codes: CodeLists, cur: Curation) -> None:
    source = Source(
        id=e.matching("id", _SLUG, "use a lower-case slug with hyphens", required=True),
        kind=e.code("kind", "document-kind", codes), title=e.text("title", required=True),
        url=e.matching("url", _URL, "give the full http(s) address, without spaces", required=True),
        publisher=e.text("publisher"), authors=e.texts("authors"), date=e.date("date"),
        language=e.matching("language", _LANG, "use a BCP 47 tag such as en, fr, pt-BR"),
        accessed=e.date("accessed", required=True, full=True), note=e.text("note"),
        country=country, where=e.where)
    if source.id is None:  # other problems are reported; the source stays citable
        return
    if source.id in cur.sources:
        e.problem("id", f"source '{source.id}' is already registered at {cur.sources[source.id].where}")
        return
    cur.sources[source.id] = source


def _read_organisation(e: Entry, country: Country | None, codes: CodeLists, cur: Curation) -> None:
    org_id = e.matching("id", _ORG_ID, "use {iso2}/{slug} for a national body, {slug} otherwise",
                        required=True)
    org = Organisation(id=org_id, name=e.text("name", required=True),
                       type=e.code("type", "org-type", codes), acronym=e.text("acronym"),
                       also_known_as=e.texts("also_known_as"), source=e.text("source"),
                       country=None, where=e.where)
    if org.id is None or org.name is None or org.type is None:
        return
    if "/" in org.id:
        iso2 = org.id.split("/")[0].upper()
        org.country = next((c for c in codes.countries.values() if c.iso2 == iso2), None)
        if org.country is None:
            e.problem("id", f"'{iso2.lower()}' in '{org.id}' is not an ISO 3166-1 alpha-2 code")
            return
    if org.source is None and Path(e.file).name != "common.yaml":
        e.problem(None, "an organisation needs 'source': the document that names it")
        return
    previous = cur.organisations.get(org.id)
    if previous is not None:
        if (previous.name, previous.type) != (org.name, org.type):
            e.problem("name", f"organisation '{org.id}' is given as '{previous.name}' "
                              f"({previous.type}) at {previous.where}")
        return
    cur.organisations[org.id] = org


def _check_register(cur: Curation) -> None:
    """Every organisation a source or organisation names must be registered."""
    for org in cur.organisations.values():
        if org.source is not None and org.source not in cur.sources:
            cur.problems.append(f"{org.where}: source '{org.source}' is not in any sources: list")
    for source in cur.sources.values():
        for org_id in filter(None, [source.publisher, *source.authors]):
            if org_id not in cur.organisations:
                cur.problems.append(f"{source.where}: organisation '{org_id}' of source "
                                    f"'{source.id}' is not in any organisations: list")


def _source_ref(e: Entry, key: str, cur: Curation, required: bool = True) -> str | None:
    value = e.text(key, required)
    if value is not None and value not in cur.sources:
        e.problem(key, f"source '{value}' is not in any sources: list")
        return None
    return value


def _org_refs(e: Entry, key: str, cur: Curation) -> list[str]:
    refs = e.texts(key)
    for ref in refs:
        if ref not in cur.organisations:
            e.problem(key, f"organisation '{ref}' is not in any organisations: list")
    return [r for r in refs if r in cur.organisations]


def _read_law(e: Entry, country: Country, codes: CodeLists, cur: Curation) -> Law | None:
    law = Law(country=country,
              id=e.matching("id", _SLUG, "use a lower-case slug with hyphens", required=True),
              title=e.text("title", required=True), original_title=e.text("original_title"),
              original_language=e.matching("original_language", _LANG, "use a BCP 47 tag"),
              number=e.text("number"), draft=e.boolean("draft"),
              status=e.code("status", "lifecycle-status", codes),
              responsible=_org_refs(e, "responsible", cur), source=_source_ref(e, "source", cur),
              note=e.text("note"), where=e.where)
    if law.original_title and not law.original_language:
        e.problem("original_title", "an original_title needs its original_language")
    for item in _items(e, "events"):
        ev = Entry(item, _EVENT_KEYS, "an event", e.file, e.problems)
        event = Event(ev.date("date", required=True), ev.code("type", "lifecycle-event", codes),
                      _source_ref(ev, "source", cur), ev.text("note"), ev.where)
        if ev.ok:
            law.events.append(event)
    for item in _items(e, "versions"):
        v = Entry(item, _VERSION_KEYS, "a version", e.file, e.problems)
        version = Version(v.date("date", required=True, full=True), _source_ref(v, "source", cur),
                          v.text("note"), v.where)
        if v.ok:
            law.versions.append(version)
    versions = {v.date for v in law.versions}
    for item in _items(e, "provisions"):
        p = Entry(item, _PROVISION_KEYS, "a provision", e.file, e.problems)
        provision = Provision(p.text("number"), p.matching("slug", _SLUG, "use a lower-case slug"),
                              p.text("topic", required=True), p.text("unit") or "article",
                              p.date("version", full=True), _source_ref(p, "source", cur),
                              p.text("note"), p.where)
        if (provision.number is None) == (provision.slug is None):
            p.problem(None, "a provision needs either 'number' (as the law numbers it) or 'slug'")
        if provision.unit not in UNITS:
            p.problem("unit", f"'unit' is '{provision.unit}' (one of: {', '.join(UNITS)})")
        if provision.version and provision.version not in versions:
            p.problem("version", f"version {provision.version} is not in this law's versions:")
        if any(q.key == provision.key for q in law.provisions):
            p.problem(None, f"provision '{provision.key[0]}' is already given for this law")
        if p.ok:
            law.provisions.append(provision)
    return law if e.ok else None


def _read_assessment(e: Entry, laws: dict[str, Law], codes: CodeLists, cur: Curation) -> None:
    source_id = _source_ref(e, "source", cur)
    law_id = e.text("law", required=True)
    law = laws.get(law_id) if law_id else None
    if law_id and law is None:
        e.problem("law", f"law '{law_id}' is not among this file's laws")
    provision = None
    wanted, version = e.text("provision"), e.date("version", full=True)
    if law and wanted is not None:
        matches = [p for p in law.provisions if wanted in (p.number, p.slug) and p.version == version]
        if version is None and not matches:  # a provision known only in one version of the law
            matches = [p for p in law.provisions if wanted in (p.number, p.slug)]
        if len(matches) != 1:
            e.problem("provision", f"provision '{wanted}' is {'ambiguous (give version:)' if matches else 'not'} "
                                   f"among the provisions of law '{law.id}'")
        else:
            provision = matches[0]
    by = _org_refs(e, "by", cur)
    if not by and source_id in cur.sources:
        by = cur.sources[source_id].authors
        if not by:
            e.problem("by", "name the assessment's authors in 'by:' (the source lists no authors)")
    evidence = e.text("evidence", required=True)
    if evidence and len(evidence) > MAX_EVIDENCE:
        e.problem("evidence", f"evidence is a one-sentence paraphrase of at most {MAX_EVIDENCE} "
                              f"characters ({len(evidence)} given)")
    assessment = Assessment(
        source=source_id, id=e.matching("id", _SLUG, "use a lower-case slug"), law=law,
        provision=provision, right=e.code("right", "rights", codes),
        stance=e.code("stance", "stance", codes), concerns=e.codes("concerns", "concern", codes),
        basis=e.code("basis", "basis", codes), by=by, date=e.date("date"), evidence=evidence,
        locator=e.text("locator"), note=e.text("note"), where=e.where)
    if assessment.date is None and source_id in cur.sources and cur.sources[source_id].date is None:
        e.problem("date", "give the assessment's 'date': its source has none")
    if e.ok:
        cur.assessments.append(assessment)


def _check_assessment_ids(cur: Curation) -> None:
    seen: dict[tuple[str, str], Where] = {}
    for a in cur.assessments:
        if a.id is None:
            continue
        key = (a.source, a.id)
        if key in seen:
            cur.problems.append(f"{a.where}: assessment id '{a.id}' of source '{a.source}' is "
                                f"already used at {seen[key]}")
        seen[key] = a.where
