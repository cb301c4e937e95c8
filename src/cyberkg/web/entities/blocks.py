"""What the page of each main class shows beyond the description: one function per kind of
entity, each running a few SELECT queries (through the one executor) and returning plain
data for its template (``templates/entity/{kind}.html``).

The queries themselves are data, in :mod:`cyberkg.web.entities.block_queries`. A page runs its
class's queries in the same round trip as the description's labels: the :data:`KINDS`
functions are first called with a runner that only records what they ask
(``linked_data.section_queries``), then with the answers.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable

from cyberkg.rdf.codes import code_sort_key
from cyberkg.rdf.terms import local_name
from cyberkg.web.svg import score_chart as charts
from cyberkg.web.entities import block_queries as sq
from cyberkg.web.data import vocab as v
from cyberkg.web.entities.description import Description
from cyberkg.web.data.reads import Rows

Run = Callable[[str], Rows]

#: Entities of a source's graph listed on its page (sorted here: ORDER BY costs more).
GRAPH_ENTITY_LIMIT = 300
#: Over this many triples, a source's page does not look for the entities its graph only
#: adds statements to (the query scans the whole graph).
GRAPH_OTHERS_MAX = 5000
#: Above this many distinct periods, an indicator's table shows each country's latest only.
MAX_PERIOD_COLUMNS = 12


def val(row: dict, name: str) -> str | None:
    """The value (IRI or lexical form) of a variable, or None."""
    term = row.get(name)
    return None if term is None else term.value


def label(row: dict, name: str) -> str | None:
    """The label of ``?name`` in a row: ``?nameLabel``, else its local name."""
    if name + "Label" in row:
        return row[name + "Label"].value
    value = val(row, name)
    return local_name(value) if value else None


def unique(rows: Rows | list[dict], key: str) -> list[dict]:
    """The first row per value of ``key`` (rows multiply over optional many-valued parts)."""
    seen: OrderedDict[str, dict] = OrderedDict()
    for row in rows:
        k = val(row, key)
        if k is not None and k not in seen:
            seen[k] = row
    return list(seen.values())


def grouped(rows: Rows | list[dict], key: str, many: str) -> list[tuple[dict, list[dict]]]:
    """Rows grouped by ``key``, with the distinct rows of ``many`` of each."""
    groups: OrderedDict[str, tuple[dict, dict[str, dict]]] = OrderedDict()
    for row in rows:
        k = val(row, key)
        if k is None:
            continue
        head, members = groups.setdefault(k, (row, {}))
        m = val(row, many)
        if m is not None:
            members.setdefault(m, row)
    return [(head, list(members.values())) for head, members in groups.values()]


def assessments(rows: Rows | list[dict]) -> list[dict]:
    """One dict per assessment: its row, the organisations it is attributed to (else its
    source document, as who says it), and its provision's label without the law's name."""
    out = []
    for head, whos in grouped(rows, "a", "who"):
        who = [(val(w, "who"), label(w, "who")) for w in whos]
        if not who and "source" in head:
            who = [(val(head, "source"), label(head, "source"))]
        out.append({"row": head, "who": who,
                    "provision": shorten(label(head, "prov") or "", label(head, "law") or "")})
    return out


def shorten(text: str, prefix: str) -> str:
    """A provision's label without the name of its law, when it starts with it.

    >>> shorten("Law on Telecommunications, Article 97", "Law on Telecommunications")
    'Article 97'
    >>> shorten("Draft Law on Cybersecurity (2 September 2022 draft): licensing of services", "Draft Law on Cybersecurity")
    'Licensing of services'
    """
    if not prefix or not text.startswith(prefix) or len(text) == len(prefix):
        return text
    rest = text[len(prefix):]
    if ":" in rest[:48]:
        rest = rest.split(":", 1)[1]
    rest = rest.lstrip(" ,:;-\u2013")
    return rest[:1].upper() + rest[1:] if rest else text


def _assessment_order(item: dict) -> tuple:
    """By country, law, article number (else provision name), right."""
    row = item["row"]
    last = item["provision"].rsplit(" ", 1)[-1]
    article = (0, code_sort_key(last)) if last[:1].isdigit() else (1, ())
    return ((label(row, "jur") or ""), (label(row, "law") or ""), article,
            item["provision"].casefold(), label(row, "right") or "")


# -- one function per kind of page --------------------------------------------------------

def catalogue() -> tuple[dict[str, dict], dict[str, str]]:
    """Every concept (label, notation, broader) and every country's label, read once per
    build: what observation tables need beside each row."""
    from cyberkg.web.data.overview import state
    from cyberkg.web.data.reads import select

    def read() -> tuple[dict[str, dict], dict[str, str]]:
        concepts: dict[str, dict] = {}
        for row in select(sq.CONCEPTS):
            entry = concepts.setdefault(row["c"].value, {})
            for key in ("label", "code", "broader"):
                if key in row:
                    entry.setdefault(key, row[key])
        return concepts, {r["c"].value: r["label"] for r in select(sq.COUNTRIES)}

    return state().remember("catalogue", read)  # type: ignore[return-value]


def enrich(rows: list[dict]) -> list[dict]:
    """Add ``indLabel``, ``code``, ``group``, ``groupLabel``, ``groupCode``, ``statusLabel``
    and ``cLabel`` to observation rows from the catalogue."""
    concepts, countries = catalogue()
    for row in rows:
        ind = concepts.get(val(row, "ind") or "", {})
        for key, name in (("label", "indLabel"), ("code", "code"), ("broader", "group")):
            if key in ind:
                row[name] = ind[key]
        group = concepts.get(val(row, "group") or "", {})
        for key, name in (("label", "groupLabel"), ("code", "groupCode")):
            if key in group:
                row[name] = group[key]
        status = concepts.get(val(row, "status") or "", {})
        if "label" in status:
            row["statusLabel"] = status["label"]
        if val(row, "c") in countries:
            row["cLabel"] = countries[val(row, "c")]  # type: ignore[index]
    return rows


def country(d: Description, run: Run, this: str) -> dict[str, Any]:
    obs = enrich(list(run(sq.OBSERVATIONS.format(this=this))))
    scorecard: OrderedDict[str, dict] = OrderedDict()
    latest: dict[str, dict] = {}
    figures, series = [], []
    for row in unique(obs, "obs"):
        ind = val(row, "ind")
        if "status" in row:
            if ind not in latest or (val(row, "period") or "") > (val(latest[ind], "period") or ""):
                latest[ind] = row
        elif "value" in row and ind == d.base + "id/indicator/itu-gci/score":
            series.append(row)
        elif "value" in row:
            figures.append(row)
    quotes: dict[str, list[str]] = {}
    for row in obs:
        if "quote" in row:
            quotes.setdefault(val(row, "obs"), []).append(row["quote"].value)  # type: ignore[arg-type]
    for row in sorted(latest.values(), key=lambda r: code_sort_key(val(r, "code") or "")):
        group = scorecard.setdefault(val(row, "group") or "", {"row": row, "items": []})
        group["items"].append({"row": row, "quotes": list(dict.fromkeys(quotes.get(val(row, "obs"), [])))})
    series.sort(key=lambda r: val(r, "period") or "")
    treaties = treaty_table(run, this)
    treaties.sort(key=lambda r: ("part" not in r, (label(r, "inst") or "").casefold()))
    agencies = grouped(run(sq.AGENCIES.format(this=this)), "org", "code")
    national = [a for a in agencies if _is_national(val(a[0], "org") or "", d.base)]
    laws = unique(run(sq.LAWS.format(this=this)), "law")
    works = [r for r in laws if "work" not in r]
    versions: dict[str, list[dict]] = {}
    for r in laws:
        if "work" in r:
            versions.setdefault(val(r, "work"), []).append(r)  # type: ignore[arg-type]
    works.sort(key=lambda r: (val(r, "draft") != "true" and "draft" not in (val(r, "status") or ""),
                              (label(r, "law") or "").casefold()))
    return {
        "scorecard": list(scorecard.values()),
        "figures": sorted(figures, key=lambda r: val(r, "code") or ""),
        "chart": charts.score_chart(series) if series else None,
        "series": series,
        "treaties": treaties,
        "agencies": [{"row": h, "codes": sorted({val(c, "code") for c in cs if "code" in c})}
                     for h, cs in sorted(national, key=lambda a: (label(a[0], "org") or "").casefold())],
        "partners": sorted({(val(h, "org"), label(h, "org")) for h, _ in agencies
                            if not _is_national(val(h, "org") or "", d.base)}, key=lambda p: p[1] or ""),
        "laws": [{"row": w, "versions": versions.get(val(w, "law"), [])} for w in works],
        "assessments": sorted(assessments(run(sq.COUNTRY_ASSESSMENTS.format(this=this))),
                              key=_assessment_order),
    }


def treaty_table(run: Run, this: str) -> list[dict]:
    """Every instrument of the treaty data (the list is read once per app), with this
    country's participation where it has one."""
    from cyberkg.web.data.overview import state
    from cyberkg.web.data.reads import select
    # (read once per build, outside the page's batch of queries)
    instruments = state().remember("instruments", lambda: unique(select(sq.INSTRUMENTS), "inst"))
    if not instruments:
        return []
    own = {val(r, "inst"): r for r in run(sq.PARTICIPATIONS.format(this=this))}
    return [{**row, **own.get(val(row, "inst"), {})} for row in instruments]


def law(d: Description, run: Run, this: str) -> dict[str, Any]:
    by_provision: OrderedDict[str, list[dict]] = OrderedDict()
    for row in run(sq.PROVISIONS.format(this=this)):
        by_provision.setdefault(val(row, "prov"), []).append(row)  # type: ignore[arg-type]
    groups: OrderedDict[str, dict] = OrderedDict()
    for rows in by_provision.values():
        head = rows[0]
        part_of = val(head, "in") or d.iri
        group = groups.setdefault(part_of, {"iri": part_of, "provisions": []})
        group["provisions"].append({
            "row": head, "assessments": assessments([r for r in rows if "a" in r]),
            "short": shorten(label(head, "prov") or "", d.label)})
    for group in groups.values():
        group["provisions"].sort(key=lambda p: (code_sort_key(val(p["row"], "number") or ""), p["short"]))
    return {
        "versions": sorted(unique(run(sq.VERSIONS.format(this=this)), "ver"), key=lambda r: val(r, "date") or ""),
        "groups": sorted(groups.values(), key=lambda g: g["iri"] != d.iri),
        "parties": unique(run(sq.PARTIES.format(this=this)), "part"),
        "timeline": timeline(run(sq.EVENTS.format(this=this))),
        "whole": sorted(assessments(run(sq.LAW_ASSESSMENTS.format(this=this))),
                        key=lambda item: (label(item["row"], "right") or "", val(item["row"], "date") or "")),
    }


def timeline(rows: Rows | list[dict]) -> list[dict]:
    """A law's dated events, oldest first, each with every source that dates it; a date
    known to the year sorts before the full dates of that year."""
    events: OrderedDict[str, dict] = OrderedDict()
    for row in rows:
        entry = events.setdefault(val(row, "e"), {"row": row, "sources": {}, "notes": []})  # type: ignore[arg-type]
        if "source" in row:
            entry["sources"][val(row, "source")] = (label(row, "source"), val(row, "sourceUrl"))
        if "note" in row and row["note"].value not in entry["notes"]:
            entry["notes"].append(row["note"].value)
    return sorted(events.values(), key=lambda e: (val(e["row"], "date") or "", label(e["row"], "type") or ""))


def provision(d: Description, run: Run, this: str) -> dict[str, Any]:
    rows = run(sq.PROVISION_ASSESSMENTS.format(this=this))
    quotes: dict[str, list[str]] = {}
    for row in rows:
        if "quote" in row:
            quotes.setdefault(val(row, "a"), []).append(row["quote"].value)  # type: ignore[arg-type]
    found = assessments(rows)
    for item in found:
        item["quotes"] = list(dict.fromkeys(quotes.get(val(item["row"], "a"), [])))
    return {"context": unique(run(sq.PROVISION_CONTEXT.format(this=this)), "in"), "assessments": found}


def assessment(d: Description, run: Run, this: str) -> dict[str, Any]:
    rows = run(sq.ASSESSMENT_CONTEXT.format(this=this))
    return {"context": unique(rows, "prov"), "others": unique(rows, "other")}


def organisation(d: Description, run: Run, this: str) -> dict[str, Any]:
    by_kind: dict[str, list[dict]] = {}
    for row in run(sq.ORGANISATION.format(this=this)):
        by_kind.setdefault(val(row, "kind") or "", []).append(row)
    mentioned: OrderedDict[str, dict] = OrderedDict()
    for row in by_kind.get("mentioned", []):
        entry = mentioned.setdefault(val(row, "x"), {"row": row, "codes": set()})  # type: ignore[arg-type]
        if "yLabel" in row:
            entry["codes"].add(row["yLabel"].value)
    return {kind: sorted(unique(rows, "x"), key=lambda r: (label(r, "x") or "").casefold())
            for kind, rows in by_kind.items() if kind != "mentioned"} | {
        "mentioned": sorted(({"row": e["row"], "codes": sorted(e["codes"], key=code_sort_key)}
                             for e in mentioned.values()), key=lambda e: label(e["row"], "x") or "")}


def right(d: Description, run: Run, this: str) -> dict[str, Any]:
    by_country: OrderedDict[str, dict] = OrderedDict()
    for item in assessments(run(sq.RIGHT_ASSESSMENTS.format(this=this))):
        row = item["row"]
        entry = by_country.setdefault(val(row, "jur") or "", {"row": row, "items": []})
        entry["items"].append(item)
    for entry in by_country.values():
        entry["items"].sort(key=_assessment_order)
    return {"guarantees": unique(run(sq.RIGHT_GUARANTEES.format(this=this)), "art"),
            "countries": sorted(by_country.values(), key=lambda e: label(e["row"], "jur") or "")}


def indicator(d: Description, run: Run, this: str) -> dict[str, Any]:
    rows = enrich(unique(run(sq.INDICATOR.format(this=this)), "obs"))
    periods = sorted({val(r, "period") or "" for r in rows})
    table: OrderedDict[str, dict] = OrderedDict()
    counts: dict[str, list] = {}
    for row in sorted(rows, key=lambda r: (label(r, "c") or "").casefold()):
        entry = table.setdefault(val(row, "c"), {"row": row, "cells": {}})  # type: ignore[arg-type]
        entry["cells"][val(row, "period") or ""] = row
    for entry in table.values():
        latest = entry["cells"][max(entry["cells"])]
        if "status" in latest:
            counts.setdefault(val(latest, "status"), [latest, 0])[1] += 1  # type: ignore[index]
    for entry in table.values():
        entry["latest"] = entry["cells"][max(entry["cells"])]
    # Columns per period when the periods are editions (GCI years); when each country has
    # its own date (ITU profiles' last updates), one column and the date beside it.
    return {"periods": periods if len(periods) <= MAX_PERIOD_COLUMNS else None,
            "table": list(table.values()),
            "status_counts": sorted(counts.values(), key=lambda c: -c[1]),
            "narrower": sorted(unique(run(sq.NARROWER.format(this=this)), "n"),
                               key=lambda r: code_sort_key(val(r, "code") or ""))}


def document(d: Description, run: Run, this: str) -> dict[str, Any]:
    from cyberkg.web.data.reads import term
    slug = d.iri.rsplit("/", 1)[-1]
    graph = term(d.base + "graph/" + slug)
    from cyberkg.web.http.runtime import runtime
    name = d.base + "graph/" + slug
    triples = runtime().manifest.get("graphs", {}).get(name, {}).get("triples")
    entities = unique(run(sq.GRAPH_ENTITIES.format(graph=graph, limit=GRAPH_ENTITY_LIMIT)), "s")
    entities.sort(key=lambda r: (val(r, "t") or "", (label(r, "s") or "").casefold()))
    small = triples is not None and triples <= GRAPH_OTHERS_MAX
    return {"graph": name, "triples": triples, "entity_limit": GRAPH_ENTITY_LIMIT,
            "classes": list(run(sq.GRAPH_CLASSES.format(graph=graph))), "entities": entities,
            "others": list(run(sq.GRAPH_OTHERS.format(graph=graph))) if small else []}


#: kind → the function gathering what its page shows (the generic page needs nothing more).
KINDS: dict[str, Callable[[Description, Run, str], dict[str, Any]]] = {
    "country": country, "law": law, "provision": provision, "assessment": assessment,
    "organisation": organisation, "right": right, "indicator": indicator, "document": document,
}


def kind_of(d: Description) -> str:
    """Which page an entity gets: by its class, else by its IRI pattern (DESIGN §2). Before
    its statements are read (no classes yet), a guess from the IRI alone."""
    types = set(d.types)
    path = d.iri[len(d.base):] if d.iri.startswith(d.base) else ""
    if not d.own:
        return guess_kind(path)
    if v.SCHEMA + "Country" in types:
        return "country"
    if v.CK + "Assessment" in types:
        return "assessment"
    if v.ELI + "LegalResourceSubdivision" in types:
        return "provision"
    if v.ELI + "LegalResource" in types:
        return "law"
    if types & {v.ORG + "FormalOrganization", v.ORG + "Organization", v.FOAF + "Organization"}:
        return "organisation"
    if v.FOAF + "Document" in types and path.startswith("id/doc/"):
        return "document"
    if path.startswith("id/right/"):
        return "right"
    if path.startswith("id/indicator/"):
        return "indicator"
    return "generic"


def guess_kind(path: str) -> str:
    """The kind of page an IRI's path suggests (DESIGN §2 patterns).

    >>> guess_kind("id/law/kh/criminal-code-2009/art/317"), guess_kind("id/law/kh/criminal-code-2009")
    ('provision', 'law')
    """
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != "id":
        return "generic"
    if parts[1] in ("law", "instrument"):
        return "provision" if "art" in parts[3:] or "provision" in parts[3:] or (
            parts[1] == "instrument" and "art" in parts[2:]) else "law"
    return {"country": "country", "assessment": "assessment", "org": "organisation",
            "doc": "document", "right": "right", "indicator": "indicator"}.get(parts[1], "generic")


def _is_national(org: str, base: str) -> bool:
    """``id/org/{iso2}/{slug}`` is a national body; ``id/org/{slug}`` an international one."""
    prefix = base + "id/org/"
    return org.startswith(prefix) and org[len(prefix):].count("/") == 1
