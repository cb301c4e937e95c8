"""The SPARQL 1.1 Protocol endpoint: methods × content types × parameters × Accept → status,
media type and headers; dataset parameters; errors in one shape; the service description;
the query page; CORS; ETag, 304 and the cache; limits."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF


from cyberkg.web import create_app

# The protocol table is what every engine must answer alike: it runs on each of them.
pytestmark = pytest.mark.engines

KHM = "https://w3id.org/cyberkg/id/country/KHM"
G = "https://w3id.org/cyberkg/graph/"
SELECT = "SELECT ?c WHERE { ?c a schema:Country } ORDER BY ?c"
ASK = "ASK { ?c a schema:Country }"
CONSTRUCT = "CONSTRUCT WHERE { ?c a schema:Country }"
DESCRIBE = f"DESCRIBE <{KHM}>"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
FORM, QUERY = "application/x-www-form-urlencoded", "application/sparql-query"
JSON, XML = "application/sparql-results+json", "application/sparql-results+xml"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")


@pytest.fixture(scope="module")
def app(mini_served):
    app = create_app(mini_served)
    yield app
    app.extensions["cyberkg"].executor.close()


@pytest.fixture
def client(app):
    return app.test_client()


def get(query=None, accept=None, **params):
    if query is not None:
        params["query"] = query
    return {"method": "GET", "query_string": params, "headers": {"Accept": accept} if accept else {}}


def form(query=None, accept=None, **params):
    if query is not None:
        params["query"] = query
    return {"method": "POST", "data": params, "content_type": FORM,
            "headers": {"Accept": accept} if accept else {}}


def direct(text, accept=None, content_type=QUERY, **params):
    return {"method": "POST", "data": text.encode() if isinstance(text, str) else text,
            "content_type": content_type, "query_string": params,
            "headers": {"Accept": accept} if accept else {}}


PROTOCOL = [
    # (id, request, status, media type)
    ("get-select-default", get(SELECT), 200, JSON),
    ("get-select-any", get(SELECT, "*/*"), 200, JSON),
    ("get-select-xml", get(SELECT, XML), 200, XML),
    ("get-select-csv", get(SELECT, "text/csv"), 200, "text/csv"),
    ("get-select-tsv", get(SELECT, "text/tab-separated-values"), 200, "text/tab-separated-values"),
    ("get-select-qvalues", get(SELECT, f"{XML};q=0.5, text/csv;q=0.9"), 200, "text/csv"),
    ("get-select-zero-q", get(SELECT, f"{JSON};q=0, {XML}"), 200, XML),
    ("get-select-json-alias", get(SELECT, "application/json"), 200, JSON),
    ("get-select-wildcard-type", get(SELECT, "text/*"), 200, "text/csv"),
    ("get-select-graph-only-accept", get(SELECT, "text/turtle"), 406, "application/json"),
    ("get-select-nothing-fits", get(SELECT, "image/png"), 406, "application/json"),
    ("get-select-format-wins", get(SELECT, XML, format="csv"), 200, "text/csv"),
    ("get-select-format-media-type", get(SELECT, format="text/tab-separated-values"), 200,
     "text/tab-separated-values"),
    ("get-select-format-unknown", get(SELECT, format="yaml"), 406, "application/json"),
    ("get-select-format-wrong-kind", get(SELECT, format="turtle"), 406, "application/json"),
    ("get-select-browser", get(SELECT, BROWSER), 200, "text/html"),
    ("get-ask-default", get(ASK), 200, JSON),
    ("get-ask-xml", get(ASK, XML), 200, XML),
    ("get-construct-default", get(CONSTRUCT), 200, "text/turtle"),
    ("get-construct-any", get(CONSTRUCT, "*/*"), 200, "text/turtle"),
    ("get-construct-ntriples", get(CONSTRUCT, "application/n-triples"), 200, "application/n-triples"),
    ("get-construct-jsonld", get(CONSTRUCT, "application/ld+json"), 200, "application/ld+json"),
    ("get-construct-rdfxml", get(CONSTRUCT, "application/rdf+xml"), 200, "application/rdf+xml"),
    ("get-construct-trig", get(CONSTRUCT, "application/trig"), 200, "application/trig"),
    ("get-construct-nquads", get(CONSTRUCT, "application/n-quads"), 200, "application/n-quads"),
    ("get-construct-results-only", get(CONSTRUCT, JSON), 406, "application/json"),
    ("get-construct-format", get(CONSTRUCT, format="nt"), 200, "application/n-triples"),
    # format=xml / format=json and Accept: application/json mean RDF/XML / JSON-LD for graphs
    ("get-construct-format-xml", get(CONSTRUCT, format="xml"), 200, "application/rdf+xml"),
    ("get-construct-format-json", get(CONSTRUCT, format="json"), 200, "application/ld+json"),
    ("get-construct-accept-json", get(CONSTRUCT, "application/json"), 200, "application/ld+json"),
    ("get-select-format-jsonld", get(SELECT, format="jsonld"), 406, "application/json"),
    ("get-describe", get(DESCRIBE), 200, "text/turtle"),
    ("get-two-queries", {"method": "GET", "query_string": [("query", ASK), ("query", ASK)]},
     400, "application/json"),
    ("get-empty-query", get("  "), 400, "application/json"),
    ("get-syntax-error", get("SELECT * WHERE { ?s ?p "), 400, "application/json"),
    ("get-update-param", get(update="CLEAR ALL"), 405, "application/json"),
    ("get-bad-timeout", get(SELECT, timeout="soon"), 400, "application/json"),
    ("get-zero-timeout", get(SELECT, timeout="0"), 400, "application/json"),
    ("get-bad-graph-iri", get(SELECT, **{"default-graph-uri": "not an iri"}), 400, "application/json"),
    ("get-no-query-rdf", get(), 200, "text/turtle"),
    ("get-no-query-jsonld", get(accept="application/ld+json"), 200, "application/ld+json"),
    ("get-no-query-browser", get(accept=BROWSER), 200, "text/html"),
    ("get-no-query-results-only", get(accept=JSON), 406, "application/json"),
    ("form-select", form(SELECT), 200, JSON),
    ("form-select-csv", form(SELECT, "text/csv"), 200, "text/csv"),
    ("form-construct", form(CONSTRUCT, "application/n-triples"), 200, "application/n-triples"),
    ("form-no-query", form(), 400, "application/json"),
    ("form-update", form(update="CLEAR ALL"), 405, "application/json"),
    ("form-and-url-query", {**form(SELECT), "query_string": {"query": ASK}}, 400, "application/json"),
    ("direct-select", direct(SELECT), 200, JSON),
    ("direct-select-charset", direct(SELECT, content_type=QUERY + "; charset=UTF-8"), 200, JSON),
    ("direct-latin1", direct('SELECT ("café" AS ?x) {}'.encode("latin-1"),
                             content_type=QUERY + "; charset=ISO-8859-1"), 200, JSON),
    ("direct-bad-utf8", direct(b'SELECT ("caf\xe9" AS ?x) {}'), 400, "application/json"),
    ("direct-unknown-charset", direct(ASK, content_type=QUERY + "; charset=klingon"), 415,
     "application/json"),
    ("direct-plus-url-query", direct(ASK, query=ASK), 400, "application/json"),
    ("direct-ask-xml", direct(ASK, XML), 200, XML),
    ("post-update", direct("CLEAR ALL", content_type="application/sparql-update"), 405,
     "application/json"),
    ("post-text-plain", direct(SELECT, content_type="text/plain"), 415, "application/json"),
    ("post-json", direct(SELECT, content_type="application/json"), 415, "application/json"),
    ("post-no-content-type", {"method": "POST", "data": SELECT}, 415, "application/json"),
    ("put", {"method": "PUT", "data": "x"}, 405, "application/json"),
    ("delete", {"method": "DELETE"}, 405, "application/json"),
    ("patch", {"method": "PATCH"}, 405, "application/json"),
]


@pytest.mark.parametrize("request_args, status, media_type",
                         [case[1:] for case in PROTOCOL], ids=[case[0] for case in PROTOCOL])
def test_protocol(client, request_args, status, media_type):
    response = client.open("/sparql", **request_args)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == media_type
    assert "Accept" in response.vary
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    if status == 405:
        assert response.headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    if status >= 400:
        assert response.headers["Cache-Control"] == "no-store"
        assert response.json == {"error": response.json["error"], "status": status}


def test_results_are_the_query_answer_in_each_format(client):
    rows = client.get("/sparql", query_string={"query": SELECT}).json["results"]["bindings"]
    assert [r["c"]["value"] for r in rows] == [KHM, "https://w3id.org/cyberkg/id/country/LAO"]
    csv = client.get("/sparql", query_string={"query": SELECT, "format": "csv"}).data
    assert csv == f"c\r\n{KHM}\r\nhttps://w3id.org/cyberkg/id/country/LAO\r\n".encode()
    assert client.get("/sparql", query_string={"query": ASK}).json == {"head": {}, "boolean": True}
    turtle = client.get("/sparql", query_string={"query": DESCRIBE}).data
    graph = Graph().parse(data=turtle, format="turtle")
    assert (URIRef(KHM), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
            Literal("Cambodia", lang="en")) in graph
    latin = client.post("/sparql", data='SELECT ("café" AS ?x) {}'.encode("latin-1"),
                        content_type=QUERY + "; charset=ISO-8859-1")
    assert latin.json["results"]["bindings"][0]["x"]["value"] == "café"


def test_head_and_options(client):
    head = client.head("/sparql", query_string={"query": SELECT})
    full = client.get("/sparql", query_string={"query": SELECT})
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == full.headers["Content-Length"]
    assert head.headers["ETag"] == full.headers["ETag"]
    options = client.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert options.status_code == 204
    assert options.headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert options.headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST, OPTIONS"
    assert options.headers["Access-Control-Allow-Headers"] == "Content-Type"
    assert options.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in options.headers


DATASET = [
    # (query, protocol parameters, count)
    (COUNT, {}, 15),  # the default graph is the union of the named graphs
    (COUNT, {"default-graph-uri": G + "country-list"}, 4),
    (COUNT, {"default-graph-uri": [G + "country-list", G + "scores"]}, 5),
    (COUNT, {"default-graph-uri": G + "nowhere"}, 0),
    (f"SELECT (COUNT(*) AS ?n) FROM <{G}scores> WHERE {{ ?s ?p ?o }}", {}, 1),
    (f"SELECT (COUNT(*) AS ?n) FROM <{G}scores> WHERE {{ ?s ?p ?o }}",
     {"default-graph-uri": G + "country-list"}, 4),  # the protocol replaces FROM
    ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {}, 15),
    ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {"named-graph-uri": G + "scores"}, 1),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"named-graph-uri": G + "scores"}, 0),
    (f"SELECT (COUNT(*) AS ?n) FROM NAMED <{G}ontology> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
     {"named-graph-uri": G + "scores"}, 1),  # the protocol replaces FROM NAMED
    (f"SELECT (COUNT(*) AS ?n) FROM NAMED <{G}scores> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}, 1),
    ('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?o != "from <x>") }', {}, 15),
]


@pytest.mark.parametrize("query, params, count", DATASET)
@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
def test_dataset_parameters(client, method, query, params, count):
    if method == "GET":
        response = client.get("/sparql", query_string={"query": query, **params})
    elif method == "POST form":
        response = client.post("/sparql", data={"query": query, **params}, content_type=FORM)
    else:
        response = client.post("/sparql", data=query, content_type=QUERY, query_string=params)
    assert response.status_code == 200, response.json
    assert int(response.json["results"]["bindings"][0]["n"]["value"]) == count


def test_error_shape_for_api_clients_and_browsers(client):
    api = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p "})
    assert api.status_code == 400 and api.mimetype == "application/json"
    assert list(api.json) == ["error", "status"] and api.json["status"] == 400
    assert api.json["error"].startswith("syntax error at line 1, column 24: expected")
    page = client.get("/sparql", query_string={"query": "SELECT <script>alert(1)</script> {"},
                      headers={"Accept": BROWSER})
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert page.headers["Cache-Control"] == "no-store"
    body = page.get_data(as_text=True)
    assert "<script>" not in body and "400 Bad Request" in body
    missing = client.get("/nowhere")
    assert missing.status_code == 404 and missing.json == {"error": missing.json["error"], "status": 404}
    assert missing.headers["Access-Control-Allow-Origin"] == "*"


def test_syntax_error_names_line_and_column(client):
    response = client.get("/sparql", query_string={"query": "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER( }"})
    assert response.json["error"].startswith("syntax error at line 4, column 12:")


def test_service_description(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle", "X-Forwarded-Host": "kg.example.org",
                                              "X-Forwarded-Proto": "https"})
    graph = Graph().parse(data=response.data, format="turtle")
    service = URIRef("https://kg.example.org/sparql")
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (service, SD.feature, SD.BasicFederatedQuery) not in graph
    assert {str(f) for f in graph.objects(service, SD.resultFormat)} == {
        "http://www.w3.org/ns/formats/" + name for name in (
            "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
            "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads")}
    dataset = graph.value(service, SD.defaultDataset)
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert graph.value(dataset, VOID.sparqlEndpoint) == service
    assert graph.value(dataset, VOID.triples).toPython() == 15
    assert str(graph.value(dataset, VOID.uriSpace)) == "https://w3id.org/cyberkg/id/"
    names = {str(graph.value(n, SD.name)): graph.value(graph.value(n, SD.graph), VOID.triples).toPython()
             for n in graph.objects(dataset, SD.namedGraph)}
    assert names == {G + "country-list": 4, G + "ontology": 10, G + "scores": 1}
    plain = client.get("/sparql", headers={"Accept": "text/turtle", "X-Forwarded-Host": "evil\"> .<x"})
    assert b"<http://localhost/sparql> a sd:Service" in plain.data


def test_query_page_works_without_scripts_or_other_hosts(client):
    page = client.get("/sparql", headers={"Accept": BROWSER}).get_data(as_text=True)
    assert '<form method="get" action="/sparql"' in page and '<textarea id="query" name="query"' in page
    # The form needs no script; the editor's scripts (issue 6) only enhance it: they come
    # from this site, none is inline, and nothing on the page loads from another host.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts and all(re.fullmatch(r' src="/static/[\w./-]+"', attrs) and not body
                           for attrs, body in scripts)
    loaded = re.findall(r"<(?:script|link|img|iframe|source|object|embed)\b[^>]*?(?:src|href|data)=\"([^\"]*)\"", page)
    assert loaded and all(url.startswith("/") and not url.startswith("//") for url in loaded)
    assert 'href="/static/cyberkg-1.css"' in page
    results = client.get("/sparql", query_string={"query": SELECT + " # <b>bold</b>"},
                         headers={"Accept": BROWSER}).get_data(as_text=True)
    assert f"<td>&lt;{KHM}&gt;</td>" in results and "2 rows" in results
    assert "# &lt;b&gt;bold&lt;/b&gt;" in results and "<b>bold</b>" not in results
    with client.get("/static/cyberkg-1.css") as css:
        assert css.status_code == 200 and b"@import" not in css.data and b"url(" not in css.data


def test_etag_and_304(client):
    first = client.get("/sparql", query_string={"query": SELECT})
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/sparql", query_string={"query": SELECT}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert "Accept" in again.vary
    other_format = client.get("/sparql", query_string={"query": SELECT},
                              headers={"If-None-Match": etag, "Accept": "text/csv"})
    assert other_format.status_code == 200 and other_format.headers["ETag"] != etag
    other_query = client.get("/sparql", query_string={"query": ASK}, headers={"If-None-Match": etag})
    assert other_query.status_code == 200
    other_dataset = client.get("/sparql", headers={"If-None-Match": etag}, query_string={
        "query": SELECT, "default-graph-uri": G + "scores"})
    assert other_dataset.status_code == 200
    random = client.get("/sparql", query_string={"query": "SELECT (RAND() AS ?r) {}"})
    assert "ETag" not in random.headers


def test_identical_requests_are_answered_from_the_cache(app, client):
    cache = app.extensions["cyberkg"].cache
    query = "SELECT ?l WHERE { ?c skos:prefLabel ?l } ORDER BY ?l"
    first = client.get("/sparql", query_string={"query": query})
    entries = len(cache)
    executor = app.extensions["cyberkg"].executor
    executor_run, calls = executor.run, []
    executor.run = lambda request: calls.append(request) or executor_run(request)
    try:
        second = client.post("/sparql", data={"query": query}, content_type=FORM)
    finally:
        del executor.run
    assert calls == [] and len(cache) == entries
    assert second.data == first.data and second.headers["Content-Type"] == first.headers["Content-Type"]


def test_cache_is_bounded(mini_served, make_app):
    app = make_app(mini_served, cache_size=4000)
    client = app.test_client()
    for n in range(20):
        client.get("/sparql", query_string={"query": f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {n + 1}"})
    cache = app.extensions["cyberkg"].cache
    assert 0 < cache.size <= 4000 and len(cache) < 20


def test_rows_are_capped_and_the_cap_is_said(mini_served, make_app):
    client = make_app(mini_served, max_rows=3).test_client()
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    response = client.get("/sparql", query_string={"query": query})
    assert response.headers["Cyberkg-Result-Truncated"] == "max-rows=3"
    assert len(response.json["results"]["bindings"]) == 3
    assert response.json["truncated"] is True and "3 rows" in response.json["warning"]
    xml = client.get("/sparql", query_string={"query": query}, headers={"Accept": XML})
    assert xml.data.count(b"<result>") == 3 and b"<!-- Result truncated" in xml.data
    csv = client.get("/sparql", query_string={"query": query, "format": "csv"})
    assert csv.headers["Cyberkg-Result-Truncated"] == "max-rows=3" and csv.data.count(b"\r\n") == 4
    turtle = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert turtle.headers["Cyberkg-Result-Truncated"] == "max-rows=3"
    assert len(Graph().parse(data=turtle.data, format="turtle")) == 3
    assert b"# Result truncated to the first 3 triples" in turtle.data
    small = client.get("/sparql", query_string={"query": query + " LIMIT 3"})
    assert "Cyberkg-Result-Truncated" not in small.headers and "truncated" not in small.json
    exposed = response.headers["Access-Control-Expose-Headers"]
    assert {"Link", "Content-Location", "Cyberkg-Result-Truncated"} <= {h.strip() for h in exposed.split(",")}


def test_request_size_limits(mini_served, make_app):
    client = make_app(mini_served, max_request_bytes=200).test_client()
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 300
    assert client.get("/sparql", query_string={"query": long_query}).status_code == 414
    too_big = client.post("/sparql", data=long_query, content_type=QUERY)
    assert too_big.status_code == 413 and too_big.json["status"] == 413
    assert client.post("/sparql", data={"query": long_query}, content_type=FORM).status_code == 413
    assert client.post("/sparql", data="ASK {}", content_type=QUERY).status_code == 200


def test_client_timeout_lowers_the_budget_but_cannot_raise_it(mini_served, make_app):
    app = make_app(mini_served, query_timeout=5.0)
    executor = app.extensions["cyberkg"].executor
    seen = []
    executor_run = executor.run
    executor.run = lambda request: seen.append(executor.budget(request)) or executor_run(request)
    client = app.test_client()
    for query, timeout in [(ASK, "1.5"), (ASK + " # 2", "600"), (ASK + " # 3", None)]:
        client.get("/sparql", query_string={"query": query, "timeout": timeout})
    assert seen == [1.5, 5.0, 5.0]


def test_app_needs_a_store(tmp_path):
    from cyberkg.errors import StoreNotFound
    from cyberkg.settings import Settings
    with pytest.raises(StoreNotFound):
        create_app(Settings.load({"store": str(tmp_path / "none")}, environ={}))


def test_apps_are_independent(mini_served, make_app):
    a = make_app(mini_served, max_rows=1)
    b = make_app(replace(mini_served, max_rows=2))
    query = {"query": "SELECT * WHERE { ?s ?p ?o }"}
    assert len(a.test_client().get("/sparql", query_string=query).json["results"]["bindings"]) == 1
    assert len(b.test_client().get("/sparql", query_string=query).json["results"]["bindings"]) == 2
    assert json.loads(a.test_client().get("/sparql", query_string={"query": ASK}).data)["boolean"]
