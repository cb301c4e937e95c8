"""The SPARQL 1.1 Protocol endpoint (queries only), a blueprint any Flask app can mount.

- ``GET /sparql?query=…``, ``POST`` a form (``query=…``) or ``POST`` the query itself as
  ``application/sparql-query`` (any charset); exactly one query;
- ``default-graph-uri`` / ``named-graph-uri`` replace the query's FROM / FROM NAMED;
- results by ``Accept`` (q-values) or ``format=``; 406 naming the formats there are;
  ``Vary: Accept`` always; ``timeout=`` (seconds) may shorten the time budget;
- no query: the service description (RDF), or the query page for browsers;
- SPARQL Update, ``PUT``, ``DELETE``, ``PATCH``: 405 (read-only);
- ``ETag`` from dataset version, query and format; 304 on ``If-None-Match``; small
  results are cached by the same key.

Every query runs through the one executor (:mod:`cyberkg.query.executor`), which enforces the
safety rules of DESIGN §5.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, render_template, request
from pyoxigraph import NamedNode, RdfFormat, parse
from werkzeug.datastructures import MultiDict

from cyberkg.rdf import formats
from cyberkg.query.executor import QueryRequest, QueryResult
from cyberkg.errors import ExecutorBusy, QueryError, QueryTimeout
from cyberkg.rdf.namespaces import PREFIXES
from cyberkg.web.sparql import editor, service_description
from cyberkg.web.http.rdf_document import rdf_response
from cyberkg.web.http import negotiation
from cyberkg.web.http.cache import CachedResponse
from cyberkg.web.http.runtime import Runtime, runtime
from cyberkg.web.http.errors import (BadRequest, MethodNotAllowed, NotAcceptable, UnsupportedMediaType,
                                URITooLong, as_http_error)
from cyberkg.web.http.security_headers import security_headers

blueprint = Blueprint("sparql", __name__)

ALLOWED = ["GET", "HEAD", "POST", "OPTIONS"]
FORM, QUERY, UPDATE = ("application/x-www-form-urlencoded", "application/sparql-query",
                       "application/sparql-update")
#: Rows shown on the HTML page (the other formats return up to the ``max_rows`` setting).
HTML_ROWS = 1000
TRUNCATED_HEADER = "Cyberkg-Result-Truncated"
_NONDETERMINISTIC = re.compile(r"\b(RAND|NOW|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)
EXAMPLE = """SELECT ?country ?name WHERE {
  ?country a schema:Country ;
           skos:prefLabel ?name .
}
ORDER BY ?name
LIMIT 20
"""


@dataclass(frozen=True)
class ProtocolRequest:
    query: str | None
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    format: str | None
    timeout: float | None


@blueprint.route("/sparql", methods=["GET", "POST"], provide_automatic_options=False)
def endpoint() -> Response:
    params = read_request()
    if params.query is None:
        if request.method == "POST":
            raise BadRequest(f"no query: send one `query` parameter, or the query itself as {QUERY}")
        return describe(params)
    return answer(params)


@blueprint.route("/sparql", methods=["OPTIONS"], provide_automatic_options=False)
def options() -> Response:
    response = Response(status=204, headers={"Allow": ", ".join(ALLOWED)})
    del response.headers["Content-Type"]
    return response


@blueprint.route("/sparql", methods=["PUT", "DELETE", "PATCH"], provide_automatic_options=False)
def write() -> Response:
    raise read_only()


def read_only() -> MethodNotAllowed:
    return MethodNotAllowed("this endpoint is read-only: SPARQL Update and graph writes are "
                            "not accepted", ALLOWED)


def read_request() -> ProtocolRequest:
    """The protocol's parameters, from the URL and the body, checked.

    Raises 400 (not exactly one query, bad IRI or timeout), 405 (an update), 413/414
    (too large), 415 (a body that is neither a form nor a query).
    """
    limit = runtime().settings.max_request_bytes
    if len(request.query_string) > limit:
        raise URITooLong(f"the query string is longer than {limit} bytes: POST the query instead")
    params = MultiDict(request.args)
    body_queries: list[str] = []
    if request.method == "POST":
        if request.mimetype == FORM:
            params.update(request.form)
        elif request.mimetype == QUERY:
            body_queries.append(_body_text())
        elif request.mimetype == UPDATE:
            raise read_only()
        else:
            raise UnsupportedMediaType(
                f"send the query as {FORM} (a `query` parameter) or as {QUERY}, not as "
                f"{request.mimetype or 'a body without Content-Type'}")
    if any(k in params for k in ("update", "using-graph-uri", "using-named-graph-uri")):
        raise read_only()
    queries = params.getlist("query") + body_queries
    if len(queries) > 1:
        raise BadRequest(f"send exactly one query; this request has {len(queries)}")
    if queries and not queries[0].strip():
        raise BadRequest("the query is empty")
    return ProtocolRequest(
        queries[0] if queries else None,
        _iris(params, "default-graph-uri"), _iris(params, "named-graph-uri"),
        params.get("format") or None, _timeout(params.get("timeout")))


def _body_text() -> str:
    charset = request.mimetype_params.get("charset", "utf-8")
    try:
        codecs.lookup(charset)
    except LookupError:
        raise UnsupportedMediaType(f"unknown charset {charset!r}") from None
    data = request.get_data(cache=False)
    try:
        return data.decode(charset)
    except UnicodeDecodeError as error:
        raise BadRequest(f"the query is not valid {charset}: {error.reason} at byte {error.start}") \
            from None


def _iris(params: MultiDict, name: str) -> tuple[str, ...] | None:
    values = params.getlist(name)
    for value in values:
        try:
            NamedNode(value)
        except ValueError:
            raise BadRequest(f"{name} must be an absolute IRI, not {value!r}") from None
    return tuple(values) if values else None


def _timeout(value: str | None) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise BadRequest(f"timeout must be a positive number of seconds, not {value!r}")
    return seconds


# -- answering a query -----------------------------------------------------------------------

def answer(params: ProtocolRequest) -> Response:
    rt = runtime()
    negotiation.check_requested(params.format, html=True)
    results = negotiation.choose("results", html=True, requested=params.format)
    graph = negotiation.choose("graph", html=True, requested=params.format)
    if results is None and graph is None:
        raise NotAcceptable("no format asked for fits a query result; formats: "
                            + negotiation.available(("results", "graph"), html=True))
    if "html" in (results, graph):
        try:
            return _page(params, _run(params, "json", "ntriples", HTML_ROWS))
        except QueryError as error:  # shown on the editor page, the query kept in it
            return _page(params, None, error)
    key = _cache_key(rt, params, results, graph)
    conditional = request.method in ("GET", "HEAD") and key is not None
    if conditional and request.if_none_match.contains_weak(key):
        response = Response(status=304)
        return _finish(response, key, conditional)
    cached = rt.cache.get(key) if key else None
    if cached is not None:
        return _finish(Response(cached.body, headers=cached.headers), key, conditional)
    result = _run(params, results, graph)
    fmt = formats.by_name(result.format)
    assert fmt is not None
    headers = {"Content-Type": fmt.content_type, "Content-Length": str(result.size)}
    if result.truncated:
        headers[TRUNCATED_HEADER] = f"max-rows={result.max_rows}"
    if result.data is not None:
        if key:
            rt.cache.put(key, CachedResponse(headers, result.data))
        response = Response(result.data, headers=headers)
    else:
        response = Response(result.chunks(), headers=headers)
        response.call_on_close(result.close)
    return _finish(response, key, conditional)


def _run(params: ProtocolRequest, results: str | None, graph: str | None,
         max_rows: int | None = None) -> QueryResult:
    assert params.query is not None
    return runtime().executor.run(QueryRequest(
        params.query, results, graph, params.default_graphs, params.named_graphs,
        timeout=params.timeout, max_rows=max_rows))


def _cache_key(rt: Runtime, params: ProtocolRequest, results: str | None, graph: str | None) -> str | None:
    if rt.version is None or _NONDETERMINISTIC.search(params.query or ""):
        return None
    material = [rt.version, params.query, params.default_graphs, params.named_graphs,
                results, graph, rt.settings.max_rows]
    return hashlib.sha256(json.dumps(material).encode()).hexdigest()[:40]


def _finish(response: Response, key: str | None, conditional: bool) -> Response:
    response.vary.add("Accept")
    if conditional and key:
        response.set_etag(key, weak=True)
        response.headers["Cache-Control"] = "public, no-cache"
    else:
        response.headers.setdefault("Cache-Control", "no-cache")
    return response


# -- pages and the service description ----------------------------------------------------

def describe(params: ProtocolRequest) -> Response:
    """The service description in RDF, or the query page for browsers."""
    rt = runtime()
    chosen = negotiation.document_format("the service description", requested=params.format)
    if chosen == "html":
        return _page(params, None)
    triples = service_description.description(
        service_description.endpoint_address(), rt.settings, rt.manifest, rt.executor.allowlist)
    response = rdf_response(triples, chosen, service_description.PREFIXES)
    response.vary.add("Accept")
    return response


def _page(params: ProtocolRequest, result: QueryResult | None,
          error: Exception | None = None) -> Response:
    """The query editor (:mod:`cyberkg.web.sparql.editor`): the form, an example if asked for,
    the result or the error (with its status), share links and snippets."""
    rt = runtime()
    workbench = current_app.extensions.get("cyberkg.workbench")
    queries = workbench.queries if workbench is not None else {}
    query = params.query if params.query is not None else (editor.example_text(queries) or EXAMPLE)
    table = _table(result) if result is not None else None
    http = as_http_error(error) if error is not None else None
    body = render_template(
        "sparql.html", query=query, table=table, result=result, html_rows=HTML_ROWS,
        settings=rt.settings, formats=formats.FORMATS, chosen=params.format or "html",
        timeout=params.timeout, prefixes=PREFIXES, default_graphs=params.default_graphs or (),
        named_graphs=params.named_graphs or (), error=http, ran=params.query is not None,
        timed_out=isinstance(error, (QueryTimeout, ExecutorBusy)),
        **editor.context(query, queries, request.args.get("example")))
    response = Response(body, status=http.status if http else 200, mimetype="text/html")
    response.vary.add("Accept")
    if http is not None:
        response.headers.update(http.headers)
    response.headers["Cache-Control"] = "no-store" if http is not None else "no-cache"
    return security_headers(response)


def _table(result: QueryResult) -> dict:
    """The result as {"head": [...], "rows": [[cell, …], …]} or {"boolean": bool}."""
    data = result.read()
    if result.kind == "graph":
        rows = [[str(t.subject), str(t.predicate), str(t.object)]
                for t in parse(data, format=RdfFormat.N_TRIPLES)]
        return {"head": ["subject", "predicate", "object"], "rows": rows}
    doc = json.loads(data)
    if "boolean" in doc:
        return {"boolean": doc["boolean"]}
    head = doc["head"]["vars"]
    return {"head": head, "rows": [[_cell(b.get(v)) for v in head] for b in doc["results"]["bindings"]]}


def _cell(term: dict | None) -> str:
    if term is None:
        return ""
    if term["type"] == "uri":
        return f"<{term['value']}>"
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    value = json.dumps(term["value"], ensure_ascii=False)
    if "xml:lang" in term:
        return f"{value}@{term['xml:lang']}"
    if "datatype" in term:
        # XSD datatypes as xsd:name: the full IRI made every number three lines long.
        xsd = "http://www.w3.org/2001/XMLSchema#"
        datatype = term["datatype"]
        return f"{value}^^" + (f"xsd:{datatype[len(xsd):]}" if datatype.startswith(xsd) else f"<{datatype}>")
    return value
