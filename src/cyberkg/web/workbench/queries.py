"""``/queries``: the named queries of ``queries/*.rq``, a page each, run with parameters.

- ``/queries`` lists them (HTML, or JSON for programs);
- ``/queries/{name}`` runs one with the parameters of the URL (defaults for the others)
  and shows a form with pickers, the results with labels and links, downloads, a permalink
  and a "cite this" block pinning the dataset version;
- ``/queries/{name}.{csv,tsv,json,xml,ttl,nt,jsonld,rdf,rq}`` (or ``format=``, or
  ``Accept``): the results in that format; CSV and TSV have a ``{column}_label`` column
  beside every column of IRIs; ``.rq`` is the query as run.

A parameter value that is unknown, of the wrong type or not in the parameter's picker
is a 400 with a message; the value is bound as an RDF term, never spliced into the text.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, render_template, request, url_for

from cyberkg.rdf import formats
from cyberkg.errors import QueryError
from cyberkg.query.named import Bindings, NamedQuery, ParameterError
from cyberkg.web.http import negotiation
from cyberkg.web.http.errors import BadRequest, NotAcceptable, as_http_error
from cyberkg.web.http.runtime import runtime
from cyberkg.web.http.security_headers import security_headers
from cyberkg.web.workbench.workbench import CONTROL, HTML_ROWS, cells, init_app, permalink, workbench

blueprint = Blueprint("queries", __name__)
blueprint.after_request(security_headers)
TRUNCATED_HEADER = "Cyberkg-Result-Truncated"
#: File extensions of the download links, and the format each names.
EXTENSIONS = {"csv": "csv", "tsv": "tsv", "json": "json", "xml": "xml", "ttl": "turtle",
              "nt": "ntriples", "jsonld": "jsonld", "rdf": "rdfxml", "rq": "rq"}


@blueprint.record_once
def _setup(state) -> None:
    init_app(state.app)


@blueprint.app_template_filter("bibtex")
def bibtex(text: str) -> str:
    """``text`` with the characters BibTeX and LaTeX treat specially escaped.

    >>> print(bibtex("a_b {c} 50% #1 & ~"))
    a\\_b \\{c\\} 50\\% \\#1 \\& \\textasciitilde{}
    """
    out = []
    for char in str(text):
        if char in "\\":
            out.append("\\textbackslash{}")
        elif char in "{}%#&_$":
            out.append("\\" + char)
        elif char in "~^":
            out.append("\\text" + ("asciitilde" if char == "~" else "asciicircum") + "{}")
        else:
            out.append(char)
    return "".join(out)


@blueprint.route("/queries")
def index() -> Response:
    wb = workbench()
    tag = request.args.get("tag") or None
    chosen = [q for q in wb.queries.values() if tag is None or tag in q.tags]
    fmt = negotiation.choose("results", html=True, requested=request.args.get("format"))
    if fmt == "json":
        return _catalogue(chosen)
    if fmt != "html":
        raise NotAcceptable("the list of named queries is available as html (text/html) or "
                            "json (application/json)")
    tags = sorted({t for q in wb.queries.values() for t in q.tags})
    body = render_template("queries/index.html", queries=chosen, tags=tags, tag=tag)
    return _html(body)


def _catalogue(queries: list[NamedQuery]) -> Response:
    """The queries as JSON: name, title, description, tags, parameters, links."""
    from flask import jsonify
    items = [{
        "name": q.name, "title": q.title, "description": q.description, "tags": list(q.tags),
        "kind": q.kind, "url": url_for("queries.show", name=q.name, _external=True),
        "parameters": [{"name": p.name, "type": p.type, "label": p.label,
                        "description": p.description, "default": p.default,
                        "optional": p.optional} for p in q.params],
    } for q in queries]
    response = jsonify({"queries": items})
    response.vary.add("Accept")
    return response


@blueprint.route("/queries/<name>")
@blueprint.route("/queries/<name>.<ext>")
def show(name: str, ext: str | None = None) -> Response:
    wb = workbench()
    query = wb.query(name)
    fmt = _format(query, ext)
    given = {k: request.args.getlist(k) for k in request.args if k not in CONTROL}
    if fmt == "html":
        return _page(query, given)
    runner = wb.runner()
    try:
        bindings = runner.bind(query, given)
    except ParameterError as error:
        raise BadRequest(str(error)) from None
    if fmt == "rq":
        return _download(query, query.example(bindings.values).encode(),
                         "application/sparql-query; charset=utf-8", "rq", bindings)
    answer = runner.answer(query, bindings, fmt)
    content_type = formats.by_name(answer.format).content_type
    response = _download(query, answer.data, content_type, ext or answer.format, bindings)
    if answer.truncated:
        response.headers[TRUNCATED_HEADER] = f"max-rows={answer.max_rows}"
    return response


def _format(query: NamedQuery, ext: str | None) -> str:
    """The format asked for: the extension, else ``format=``, else ``Accept``; 406 if none fits."""
    kind = "graph" if query.is_graph else "results"
    if ext is not None:
        name = EXTENSIONS.get(ext)
        fits = name == "rq" or (name is not None and (name in ("csv", "tsv") and kind == "results"
                                                      or formats.for_kind(name, kind) is not None))
        if not fits:
            raise NotAcceptable(f"no .{ext} for this query; it is available as: " + ", ".join(
                f".{e}" for e, n in EXTENSIONS.items()
                if n == "rq" or formats.for_kind(n, kind) is not None))
        return name if name in ("csv", "tsv", "rq") else formats.for_kind(name, kind).name
    requested = request.args.get("format")
    negotiation.check_requested(requested, html=True)
    chosen = negotiation.choose(kind, html=True, requested=requested)
    if chosen is None:
        raise NotAcceptable("this query's results are written as: "
                            + negotiation.available((kind,), html=True))
    return chosen


def _download(query: NamedQuery, body: bytes, content_type: str, ext: str,
              bindings: Bindings) -> Response:
    response = Response(body, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{query.name}.{ext}"'
    if runtime().version:
        response.headers["Cyberkg-Dataset-Version"] = runtime().version
    link = permalink("queries.show", workbench().short_values(query, bindings), name=query.name)
    response.headers["Link"] = f'<{link}>; rel="canonical"'
    response.vary.add("Accept")
    return response


def _page(query: NamedQuery, given: dict[str, list[str]]) -> Response:
    """The query's page; a bad parameter or a failed run is shown on it, with its status."""
    wb, rt = workbench(), runtime()
    status, error, table, result, bindings, headers = 200, None, None, None, None, {}
    try:
        runner = wb.runner()
        bindings = runner.bind(query, given)
        result = runner.run(query, bindings, "json", "ntriples", max_rows=HTML_ROWS)
        table = runner.labelled(result)
    except (ParameterError, QueryError) as failure:
        http = BadRequest(str(failure)) if isinstance(failure, ParameterError) else as_http_error(failure)
        status, error = http.status, f"{http.status} {http.title}: {http.message}"
        headers = http.headers
    context = {}
    if bindings is not None:
        short = wb.short_values(query, bindings)
        context = dict(downloads=_downloads(query, short), bound=query.bound(bindings.terms),
                       permalink=permalink("queries.show", short, name=query.name),
                       chosen=wb.chosen_labels(query, bindings),
                       editor=url_for("sparql.endpoint", query=query.example(bindings.values)))
        values = bindings.values
    else:
        values = {p.name: (given.get(p.name) or [p.default])[0] for p in query.params}
    asked_version = request.args.get("version")
    body = render_template(
        "queries/show.html", query=query, params=[(p, wb.options(p)) for p in query.params],
        values=values, error=error, table=table, rows=cells(table) if table else None,
        result=result, html_rows=HTML_ROWS, settings=rt.settings, version=rt.version,
        built=(rt.manifest.get("built_at") or "")[:10], today=date.today().isoformat(),
        asked_version=asked_version if asked_version and asked_version != rt.version else None,
        **context)
    response = _html(body, status)
    response.headers.update(headers)
    return response


def _downloads(query: NamedQuery, values: dict[str, str]) -> list[tuple[str, str, str]]:
    """(label, href, file name) of each download link."""
    exts = (["ttl", "nt", "jsonld"] if query.is_graph else ["csv", "tsv", "json"]) + ["rq"]
    names = {"csv": "CSV (with labels)", "tsv": "TSV (with labels)", "json": "SPARQL JSON",
             "ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rq": "the query (.rq)"}
    return [(names[e], url_for("queries.show", name=query.name, ext=e, **values),
             f"{query.name}.{e}") for e in exts]


def _html(body: str, status: int = 200) -> Response:
    response = Response(body, status, mimetype="text/html")
    response.vary.add("Accept")
    response.headers["Cache-Control"] = "no-store" if status >= 400 else "no-cache"
    return response
