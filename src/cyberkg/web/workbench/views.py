"""Comparison views: tables and charts built on the server from named queries.

- ``/views/itu-matrix``: country × ITU section (2014-2015), the status as colour and
  text; sortable by country, by the number of sections present, or by any section;
  filtered by chosen countries or by the status of one section. (The graph has no region
  data, so it filters by the countries a reader picks, not by region.)
- ``/views/rights-impact``: provision × right, grouped by country and law, with the
  stance of the assessments and links to each of them.
- ``/views/gci-trends``: GCI scores of chosen countries over the editions, as an SVG
  line chart drawn on the server (``.svg`` alone) and a table.

Each has a ``.csv`` with a label column beside every IRI column. Every query runs
through the one executor as a named query (``itu-status-matrix``,
``rights-impact-matrix``, ``gci-trend``), so each view's data is also on ``/queries``.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from flask import Blueprint, Response, render_template, request, url_for

from cyberkg.query.named import ParameterError
from cyberkg.web.http.errors import BadRequest, NotFound
from cyberkg.web.http.runtime import runtime
from cyberkg.web.svg.trend_chart import trend_chart
from cyberkg.web.http.security_headers import security_headers
from cyberkg.web.workbench.workbench import cell, workbench

blueprint = Blueprint("views", __name__)
blueprint.after_request(security_headers)

STATUS_ORDER = ["present", "in-progress", "absent", "unknown"]
STATUS_TEXT = {"present": "yes", "in-progress": "dev", "absent": "no", "unknown": "?"}
STANCE_ORDER = ["threatens", "restricts", "protects"]
MAX_COUNTRIES = 12
DEFAULT_TREND = ["KHM", "VNM", "THA", "MYS"]


def _natural(text: str) -> list[Any]:
    """A sort key that orders "Article 4" before "Article 12"."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def _chosen_first(options: list[tuple[str, str]], chosen: list[str]) -> list[tuple[str, str]]:
    """(value, label) options with the chosen ones first, in the order chosen."""
    by_value = dict(options)
    return [(c, by_value[c]) for c in chosen if c in by_value] + [o for o in options if o[0] not in chosen]


def _slug(term: Any) -> str:
    return term.value.rsplit("/", 1)[-1] if term is not None else ""


def _csv(rows: list[list[Any]], name: str) -> Response:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    response = Response(out.getvalue(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    if runtime().version:
        response.headers["Cyberkg-Dataset-Version"] = runtime().version
    return response


def _html(template: str, **context: Any) -> Response:
    response = Response(render_template(template, **context), mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    return response


def _table(name: str, given: dict[str, list[str]] | None = None, labels: list[str] | None = None):
    try:
        return workbench().table(name, given, labels)
    except ParameterError as error:
        raise BadRequest(str(error)) from None


def _countries(allowed: dict[str, str]) -> list[str]:
    """The ``country`` values of the request (ISO3 codes or IRIs), checked against
    ``allowed`` (ISO3 → label); raises 400 for an unknown one."""
    chosen = []
    for raw in request.args.getlist("country"):
        code = raw.strip().rsplit("/", 1)[-1]
        if not code:
            continue
        if code not in allowed:
            raise BadRequest(f"country {raw!r} is not one of the {len(allowed)} countries here "
                             "(give ISO 3166-1 alpha-3 codes such as KHM)")
        if code not in chosen:
            chosen.append(code)
    return chosen


@blueprint.route("/views")
def index() -> Response:
    return _html("views/index.html")


# -- the ITU matrix --------------------------------------------------------------------------

@blueprint.route("/views/itu-matrix")
@blueprint.route("/views/itu-matrix.<ext>")
def itu_matrix(ext: str | None = None) -> Response:
    if ext not in (None, "csv"):
        raise NotFound(f"the matrix is available as HTML and .csv, not .{ext}")
    table = _table("itu-status-matrix", labels=["country", "section"])
    sections: dict[str, tuple[str, str]] = {}   # code → (label, IRI)
    countries: dict[str, dict[str, Any]] = {}
    for row in table.records():
        code = row["code"].value
        sections.setdefault(code, (table.labels.get(row["section"].value, code), row["section"].value))
        iri = row["country"].value
        entry = countries.setdefault(_slug(row["country"]), {
            "iri": iri, "code": _slug(row["country"]), "name": table.labels.get(iri, iri),
            "status": {}})
        entry["status"][code] = _slug(row["status"])
    codes = sorted(sections, key=lambda c: [int(p) for p in c.split(".")])
    for entry in countries.values():
        entry["present"] = sum(s == "present" for s in entry["status"].values())
    allowed = {c: e["name"] for c, e in countries.items()}
    chosen = _countries(allowed)
    section, status = request.args.get("section", ""), request.args.get("status", "")
    if section and section not in sections:
        raise BadRequest(f"section {section!r} is not one of the 21 sections ({', '.join(codes)})")
    if status and status not in STATUS_ORDER:
        raise BadRequest(f"status {status!r} is not one of: {', '.join(STATUS_ORDER)}")
    if status and not section:
        raise BadRequest("choose the section whose status filters the countries")
    rows = [e for c, e in countries.items() if (not chosen or c in chosen)
            and (not section or not status or e["status"].get(section) == status)]
    sort, order = request.args.get("sort", "country"), request.args.get("order", "asc")
    if sort not in ("country", "present", *codes) or order not in ("asc", "desc"):
        raise BadRequest("sort by country, present or a section code; order asc or desc")
    if sort == "country":
        rows.sort(key=lambda e: e["name"], reverse=order == "desc")
    elif sort == "present":
        rows.sort(key=lambda e: (-e["present"] if order == "desc" else e["present"], e["name"]))
    else:
        rank = {s: i for i, s in enumerate(STATUS_ORDER)}
        rows.sort(key=lambda e: (rank.get(e["status"].get(sort, "unknown"), 9) * (1 if order == "asc" else -1),
                                 e["name"]))
    if ext == "csv":
        head = ["country", "country_label", *codes, "sections_present"]
        return _csv([head] + [[e["iri"], e["name"], *(e["status"].get(c, "") for c in codes),
                               e["present"]] for e in rows], "itu-matrix")
    args = request.args.to_dict(flat=False)

    def sort_link(key: str) -> str:
        flip = "desc" if sort == key and order == "asc" else "asc"
        return url_for("views.itu_matrix", **{**args, "sort": key, "order": flip})

    return _html("views/itu_matrix.html", rows=rows, codes=codes, sections=sections,
                 all_countries=_chosen_first(sorted(allowed.items(), key=lambda kv: kv[1]), chosen),
                 chosen=chosen, chosen_names=[allowed[c] for c in chosen],
                 section=section, status=status, statuses=STATUS_ORDER, text=STATUS_TEXT,
                 sort=sort, order=order, sort_link=sort_link,
                 csv=url_for("views.itu_matrix", ext="csv", **args),
                 source=url_for("queries.show", name="itu-status-matrix"))


# -- the rights-impact matrix ----------------------------------------------------------------

@blueprint.route("/views/rights-impact")
@blueprint.route("/views/rights-impact.<ext>")
def rights_impact(ext: str | None = None) -> Response:
    if ext not in (None, "csv"):
        raise NotFound(f"the rights-impact matrix is available as HTML and .csv, not .{ext}")
    wb = workbench()
    query = wb.query("rights-impact-matrix")
    country_options = wb.options(query.param("country"))
    given = {"country": request.args.getlist("country")} if request.args.get("country") else {}
    table = _table("rights-impact-matrix", given)
    all_rights = wb.choices(wb.query("provisions-affecting-right").param("right"))
    rows = table.records()
    filters = _rights_filters(rows, table.labels, all_rights)
    rows = [row for row in rows if _kept(row, filters)]
    groups = _rights_groups(rows, table.labels)
    present = {right for group in groups for entry in group["provisions"] for right in entry["rights"]}
    rights = [r for r in all_rights if r.text in present]
    if ext == "csv":
        return _csv(_rights_csv(groups, rights), "rights-impact")
    return _html("views/rights_impact.html", groups=groups, rights=rights,
                 countries=country_options, country=request.args.get("country", ""),
                 stances=STANCE_ORDER, all_rights=all_rights, **filters,
                 csv=url_for("views.rights_impact", ext="csv", **request.args.to_dict(flat=False)),
                 source=url_for("queries.show", name="rights-impact-matrix"))


def _rights_filters(rows: list[dict[str, Any]], labels: dict[str, str], rights) -> dict[str, Any]:
    """The matrix's filters from the request (stance, right, organisation, year), checked
    against what the data holds; an unknown value is a 400 naming what is allowed."""
    organisations = sorted({(row["by"].value, labels.get(row["by"].value, row["by"].value))
                            for row in rows if "by" in row}, key=lambda o: o[1].lower())
    years = sorted({row["date"].value[:4] for row in rows if "date" in row}, reverse=True)
    chosen = {name: request.args.get(name, "").strip()
              for name in ("stance", "right", "organisation", "year")}
    allowed = {"stance": STANCE_ORDER, "right": [r.text.rsplit("/", 1)[-1] for r in rights],
               "organisation": [_org_key(o[0]) for o in organisations], "year": years}
    chosen["organisation"] = _org_key(chosen["organisation"])
    for name, value in chosen.items():
        if value and value not in allowed[name]:
            shown = ", ".join(allowed[name][:40]) or "none"
            raise BadRequest(f"{name} {value!r} is not one of: {shown}")
    return {**chosen, "organisations": organisations, "years": years}


def _org_key(iri: str) -> str:
    """An organisation as the matrix's filter names it: its IRI's path after ``id/org/``
    (``article-19``, ``ng/national-human-rights-commission``); a full IRI is accepted."""
    return iri.split("/id/org/", 1)[-1]


def _kept(row: dict[str, Any], f: dict[str, Any]) -> bool:
    by = row["by"].value if "by" in row else ""
    return ((not f["stance"] or _slug(row["stance"]) == f["stance"])
            and (not f["right"] or _slug(row["right"]) == f["right"])
            and (not f["organisation"] or f["organisation"] == _org_key(by))
            and (not f["year"] or ("date" in row and row["date"].value[:4] == f["year"])))


def _rights_groups(rows: list[dict[str, Any]], labels: dict[str, str]) -> list[dict[str, Any]]:
    """Rows → [{country, law, provisions: [{cell, iri, whole_law, rights: {right: …}}]}]."""
    base = runtime().settings.base_iri
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    provisions: dict[str, dict[str, Any]] = {}
    for row in rows:
        law, provision = row["law"].value, row["provision"].value
        group = groups.setdefault((row["country"].value, law), {
            "country": cell(row["country"], labels, base), "law": cell(row["law"], labels, base),
            "provisions": []})
        entry = provisions.get(provision)
        if entry is None:
            entry = provisions[provision] = {
                "cell": cell(row["provision"], labels, base), "iri": provision,
                "whole_law": provision == law, "country": row["country"].value, "law": law,
                "rights": {}}
            group["provisions"].append(entry)
        by_right = entry["rights"].setdefault(row["right"].value, {"stances": set(), "assessments": {}})
        by_right["stances"].add(_slug(row["stance"]))
        assessment = by_right["assessments"].setdefault(row["assessment"].value, {
            "cell": cell(row["assessment"], labels, base), "authors": [],
            "date": row["date"].value if "date" in row else "",
            "basis": _slug(row["basis"]) if "basis" in row else ""})
        author = labels.get(row["by"].value, "") if "by" in row else ""
        if author and author not in assessment["authors"]:
            assessment["authors"].append(author)
    for group in groups.values():
        group["provisions"].sort(key=lambda e: (not e["whole_law"], _natural(e["cell"].text)))
    return sorted(groups.values(), key=lambda g: (g["country"].text.casefold(), g["law"].text.casefold()))


def _rights_csv(groups: list[dict[str, Any]], rights) -> list[list[Any]]:
    lines = [["country", "country_label", "law", "law_label", "provision", "provision_label",
              "right", "right_label", "stance", "assessments", "assessed_by", "basis",
              "assessment_iris"]]
    for group in groups:
        for entry in group["provisions"]:
            for right in rights:
                found = entry["rights"].get(right.text)
                if not found:
                    continue
                found_assessments = found["assessments"].values()
                authors = sorted({a for x in found_assessments for a in x["authors"]})
                bases = sorted({x["basis"] for x in found_assessments if x["basis"]})
                label = "(the law as a whole)" if entry["whole_law"] else entry["cell"].text
                lines.append([entry["country"], group["country"].text, entry["law"], group["law"].text,
                              entry["iri"], label, right.text, right.label,
                              " ".join(sorted(found["stances"])), len(found["assessments"]),
                              "; ".join(authors), " ".join(bases), " ".join(found["assessments"])])
    return lines


# -- GCI trends ------------------------------------------------------------------------------

@blueprint.route("/views/gci-trends")
@blueprint.route("/views/gci-trends.<ext>")
def gci_trends(ext: str | None = None) -> Response:
    if ext not in (None, "csv", "svg"):
        raise NotFound(f"the GCI trends are available as HTML, .csv and .svg, not .{ext}")
    wb = workbench()
    options = wb.options(wb.query("gci-trend").param("country"))
    allowed = {value: label for value, label, _ in options}
    chosen = _countries(allowed) if "country" in request.args else list(DEFAULT_TREND)
    if len(chosen) > MAX_COUNTRIES:
        raise BadRequest(f"choose at most {MAX_COUNTRIES} countries (you chose {len(chosen)})")
    series, records = [], []
    for code in chosen:
        table = _table("gci-trend", {"country": [code]}, labels=["country"])
        rows = table.records()
        records += rows
        series.append((allowed[code], [(r["edition"].value, float(r["points"].value),
                                        r["score"].value) for r in rows if "points" in r]))
    chart = trend_chart(series)
    if ext == "csv":
        head = ["country", "country_label", "edition", "score", "scale", "points_0_100", "rank",
                "observation"]
        return _csv([head] + [[r["country"].value, allowed[_slug(r["country"])], r["edition"].value,
                               r["score"].value, r["scale"].value, r["points"].value,
                               r["rank"].value if "rank" in r else "", r["observation"].value]
                              for r in records], "gci-trends")
    if ext == "svg":
        body = render_template("views/_trend_chart.svg", chart=chart, standalone=True)
        return Response(body, content_type="image/svg+xml; charset=utf-8")
    editions = sorted({r["edition"].value for r in records})
    grid = {(_slug(r["country"]), r["edition"].value): r for r in records}
    options = _chosen_first([(v, label) for v, label, _ in options], chosen)
    return _html("views/gci_trends.html", chart=chart, chosen=chosen, options=options,
                 allowed=allowed, editions=editions, grid=grid, max_countries=MAX_COUNTRIES,
                 csv=url_for("views.gci_trends", ext="csv", country=chosen),
                 svg=url_for("views.gci_trends", ext="svg", country=chosen),
                 source=url_for("queries.show", name="gci-trend"))
