"""Dereferencing (DESIGN §4): /id → 303 → /doc; the content-negotiation table (route ×
Accept / extension / format= → status, media type, headers); 404s; HEAD; odd characters;
the local-vs-canonical mapping; caching; every RDF response parses, has the entity as a
subject, carries the labels of what it links to and the provenance of each statement."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store
from pyoxigraph import parse as oxigraph_parse
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, SKOS

from cyberkg.settings import Settings
from cyberkg.web.http import urls
from patience import ROOMY_BUDGET

BASE = "https://w3id.org/cyberkg/"
KHM = BASE + "id/country/KHM"
LAW = BASE + "id/law/kh/draft-law-on-cybersecurity"
ASSESSMENT = BASE + "id/assessment/icj-access-now-2023-draft-cybersecurity-law/licensing-privacy"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CK = Namespace(BASE + "def/cyberkg#")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
HTML, TTL, NT, JSONLD, RDFXML = ("text/html", "text/turtle", "application/n-triples",
                                 "application/ld+json", "application/rdf+xml")
TRIG, NQ = "application/trig", "application/n-quads"
RDFLIB_FORMAT = {TTL: "turtle", NT: "nt", JSONLD: "json-ld", RDFXML: "xml", TRIG: "trig", NQ: "nquads"}
EXTENSIONS = {"html": HTML, "ttl": TTL, "nt": NT, "jsonld": JSONLD, "rdf": RDFXML, "trig": TRIG, "nq": NQ}


def links(response) -> list[tuple[str, str, str | None]]:
    """(target, rel, type) of every link in the ``Link`` header."""
    found = re.findall(r'<([^>]*)>\s*;\s*rel="([^"]+)"(?:\s*;\s*type="([^"]+)")?',
                       response.headers.get("Link", ""))
    return [(target, rel, kind or None) for target, rel, kind in found]


def parse(response) -> Graph:
    """The response body as an rdflib graph (for TriG and N-Quads: the union of their
    graphs). Turtle, N-Triples and RDF/XML are read by rdflib; JSON-LD, TriG and N-Quads by
    pyoxigraph (rdflib's readers of those warn of their own deprecated classes)."""
    fmt = RDFLIB_FORMAT[response.mimetype]
    graph = Graph()
    if fmt in ("json-ld", "trig", "nquads"):
        for quad in oxigraph_parse(response.data, format=RdfFormat.from_media_type(response.mimetype)):
            graph.add((_rdflib(quad.subject), _rdflib(quad.predicate), _rdflib(quad.object)))
        return graph
    graph.parse(data=response.get_data(as_text=True), format=fmt)
    return graph


def graph_names(response) -> set[str]:
    """The named graphs of a TriG or N-Quads response."""
    return {q.graph_name.value for q in oxigraph_parse(response.data, format=RdfFormat.from_media_type(
        response.mimetype)) if isinstance(q.graph_name, NamedNode)}


def _rdflib(term):
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return RdfLiteral(term.value)  # rdflib's plain literal is RDF 1.1's xsd:string
        return RdfLiteral(term.value, datatype=URIRef(term.datatype.value))
    return BNode(term.value)


# -- the negotiation table ----------------------------------------------------------------

DOC = "/doc/country/KHM"
NEGOTIATION = [
    # (id, path, Accept, status, media type, Content-Location, Vary: Accept?)
    ("no-accept", DOC, None, 200, TTL, DOC + ".ttl", True),
    ("any", DOC, "*/*", 200, TTL, DOC + ".ttl", True),
    ("browser", DOC, BROWSER, 200, HTML, DOC + ".html", True),
    ("html", DOC, "text/html", 200, HTML, DOC + ".html", True),
    ("turtle", DOC, TTL, 200, TTL, DOC + ".ttl", True),
    ("ntriples", DOC, NT, 200, NT, DOC + ".nt", True),
    ("text-plain", DOC, "text/plain", 200, NT, DOC + ".nt", True),
    ("jsonld", DOC, JSONLD, 200, JSONLD, DOC + ".jsonld", True),
    ("json", DOC, "application/json", 200, JSONLD, DOC + ".jsonld", True),
    ("rdfxml", DOC, RDFXML, 200, RDFXML, DOC + ".rdf", True),
    ("xml", DOC, "application/xml", 200, RDFXML, DOC + ".rdf", True),
    ("trig", DOC, TRIG, 200, TRIG, DOC + ".trig", True),
    ("nquads", DOC, NQ, 200, NQ, DOC + ".nq", True),
    ("qvalues", DOC, f"{TTL};q=0.5, {JSONLD}", 200, JSONLD, DOC + ".jsonld", True),
    ("zero-q", DOC, f"{HTML};q=0, {NT}", 200, NT, DOC + ".nt", True),
    ("wildcard-type", DOC, "application/*", 200, NT, DOC + ".nt", True),
    ("nothing-fits", DOC, "image/png", 406, "application/json", None, True),
    ("results-format", DOC, "text/csv", 406, "application/json", None, True),
    ("format-wins", DOC + "?format=ttl", HTML, 200, TTL, DOC + ".ttl", True),
    ("format-html", DOC + "?format=html", TTL, 200, HTML, DOC + ".html", True),
    ("format-media-type", DOC + "?format=application/ld%2Bjson", HTML, 200, JSONLD, DOC + ".jsonld", True),
    ("format-unknown", DOC + "?format=yaml", None, 406, "application/json", None, True),
    ("format-wrong-kind", DOC + "?format=csv", None, 406, "application/json", None, True),
    ("extension-wins-over-format", DOC + ".nt?format=ttl", HTML, 200, NT, DOC + ".nt", False),
    *[(f"ext-{ext}", f"{DOC}.{ext}", BROWSER if ext != "html" else TTL, 200, media,
       f"{DOC}.{ext}", False) for ext, media in EXTENSIONS.items()],
]


@pytest.mark.parametrize("path,accept,status,media,location,vary",
                         [c[1:] for c in NEGOTIATION], ids=[c[0] for c in NEGOTIATION])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_document_negotiation(client, method, path, accept, status, media, location, vary):
    response = client.open(path, method=method, headers={"Accept": accept} if accept else {})
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == media
    assert ("Accept" in response.vary) == vary
    if status == 200:
        assert response.headers["Content-Location"] == location
        assert response.headers["Cache-Control"].startswith("public")
        assert response.headers["ETag"].startswith('W/"')
        if method == "HEAD":
            assert response.data == b""
    else:
        assert response.headers["Cache-Control"] == "no-store"
        if method == "GET":
            body = response.get_json()
            assert body["status"] == 406 and "text/turtle" in body["error"] and "html" in body["error"]


IDENTIFIER = [
    # (id, path, Accept, status, Location)
    ("no-accept", "/id/country/KHM", None, 303, "/doc/country/KHM.ttl"),
    ("browser", "/id/country/KHM", BROWSER, 303, "/doc/country/KHM"),
    ("turtle", "/id/country/KHM", TTL, 303, "/doc/country/KHM.ttl"),
    ("jsonld", "/id/country/KHM", JSONLD, 303, "/doc/country/KHM.jsonld"),
    ("rdfxml", "/id/country/KHM", RDFXML, 303, "/doc/country/KHM.rdf"),
    ("nquads", "/id/country/KHM", NQ, 303, "/doc/country/KHM.nq"),
    ("format-wins", "/id/country/KHM?format=nt", HTML, 303, "/doc/country/KHM.nt"),
    ("extension", "/id/country/KHM.ttl", HTML, 303, "/doc/country/KHM.ttl"),
    ("nothing-fits", "/id/country/KHM", "image/png", 406, None),
    ("unknown", "/id/country/XXX", BROWSER, 404, None),
    ("unknown-rdf", "/id/country/XXX", TTL, 404, None),
    ("unknown-prefix", "/id/nothing/here", None, 404, None),
]


@pytest.mark.parametrize("path,accept,status,location", [c[1:] for c in IDENTIFIER],
                         ids=[c[0] for c in IDENTIFIER])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_identifier_redirects_to_the_document_chosen_by_accept(client, method, path, accept, status, location):
    response = client.open(path, method=method, headers={"Accept": accept} if accept else {})
    assert response.status_code == status
    assert "Accept" in response.vary
    if status == 303:
        assert response.headers["Location"] == location
        assert response.headers["Cache-Control"].startswith("public")
        followed = client.get(location, headers={"Accept": accept} if accept else {})
        assert followed.status_code == 200
    else:
        assert "Location" not in response.headers
        assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/doc/country/XXX", "/doc/country/XXX.ttl", "/doc/country/KHM/extra",
                                  "/doc/law/kh/no-such-law/art/1", "/id/country/khm",
                                  "/doc/country/KHM%3E", "/doc/country/%20", "/graph/no-such-graph"])
@pytest.mark.parametrize("accept,media", [(BROWSER, "text/html"), (TTL, "application/json")])
def test_nothing_known_is_404_in_the_one_error_shape(client, path, accept, media):
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 404
    assert response.mimetype == media
    assert response.headers["Cache-Control"] == "no-store"
    if media == "application/json":
        assert response.get_json()["status"] == 404


def test_link_headers_give_every_format_with_its_type_canonical_and_licence(client):
    response = client.get("/doc/country/KHM.ttl")
    found = links(response)
    alternates = {target: kind for target, rel, kind in found if rel == "alternate"}
    assert alternates == {f"/doc/country/KHM.{ext}": media for ext, media in EXTENSIONS.items()}
    assert (BASE + "doc/country/KHM.ttl", "canonical", None) in found
    assert (KHM, "describes", None) in found
    assert ("https://creativecommons.org/licenses/by/4.0/", "license", None) in found
    negotiated = links(client.get("/doc/country/KHM", headers={"Accept": TTL}))
    assert (BASE + "doc/country/KHM", "canonical", None) in negotiated
    assert "Link" in client.get("/id/country/KHM").headers


def test_cors_exposes_link_and_content_location(client):
    response = client.get("/doc/country/KHM.ttl")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Link" in response.headers["Access-Control-Expose-Headers"]
    assert "Content-Location" in response.headers["Access-Control-Expose-Headers"]


# -- what the RDF says ----------------------------------------------------------------------

ENTITIES = [KHM, LAW, LAW + "/v/2022-09-02", ASSESSMENT, BASE + "id/right/privacy",
            BASE + "id/indicator/itu-cwp-2014/1.2.1", BASE + "id/org/kh/camcert",
            BASE + "id/doc/icj-access-now-2023-draft-cybersecurity-law",
            BASE + "id/obs/itu-cwp-2014/KHM/1.2.1", BASE + "id/concept/status/present",
            BASE + "id/scheme/rights", BASE + "id/participation/KHM/iccpr"]


@pytest.mark.parametrize("iri", ENTITIES, ids=lambda i: i[len(BASE):])
@pytest.mark.parametrize("ext", ["ttl", "nt", "jsonld", "rdf", "trig", "nq"])
def test_every_rdf_form_parses_and_has_the_entity_as_subject(client, iri, ext):
    response = client.get(urls.document_path(iri, BASE, ext))
    assert response.status_code == 200
    graph = parse(response)
    assert (URIRef(iri), None, None) in graph
    assert "127.0.0.1" not in response.get_data(as_text=True)
    assert "localhost" not in response.get_data(as_text=True)


@pytest.mark.parametrize("iri", [KHM, LAW, ASSESSMENT], ids=lambda i: i[len(BASE):])
def test_the_triple_formats_say_the_same(client, iri):
    graphs = [parse(client.get(urls.document_path(iri, BASE, ext))) for ext in ("ttl", "nt", "jsonld", "rdf")]
    for other in graphs[1:]:
        assert_isomorphic(graphs[0], other)


@pytest.mark.parametrize("iri", [KHM, LAW, ASSESSMENT], ids=lambda i: i[len(BASE):])
def test_trig_holds_the_same_statements_in_their_named_graphs(client, iri):
    trig = client.get(urls.document_path(iri, BASE, "trig"))
    union = parse(trig)
    triples = parse(client.get(urls.document_path(iri, BASE, "ttl")))
    statements = set(triples.subjects(RDF.type, RDF.Statement))
    without_provenance = Graph()
    for s, p, o in triples:
        if s not in statements:
            without_provenance.add((s, p, o))
    assert_isomorphic(without_provenance, union)
    assert BASE + "graph/country-ids" in graph_names(trig) or iri != KHM


def test_rdf_carries_the_labels_of_what_the_entity_links_to(client):
    graph = parse(client.get(urls.document_path(LAW, BASE, "ttl")))
    assert (URIRef(KHM), SKOS.prefLabel, RdfLiteral("Cambodia", lang="en")) in graph
    org = URIRef(BASE + "id/org/kh/ministry-of-post-and-telecommunications")
    assert (URIRef(LAW), ELI.responsibility_of, org) in graph
    assert graph.value(org, SKOS.prefLabel) is not None


def test_rdf_says_where_each_statement_comes_from(client):
    graph = parse(client.get(urls.document_path(LAW, BASE, "ttl")))
    sources = set()
    for statement in graph.subjects(RDF.type, RDF.Statement):
        if (graph.value(statement, RDF.subject), graph.value(statement, RDF.predicate),
                graph.value(statement, RDF.object)) == (URIRef(LAW), ELI.jurisdiction, URIRef(KHM)):
            sources.add((graph.value(statement, DCTERMS.isPartOf), graph.value(statement, PROV.wasDerivedFrom)))
    assert (URIRef(BASE + "graph/icj-access-now-2023-draft-cybersecurity-law"),
            URIRef(BASE + "id/doc/icj-access-now-2023-draft-cybersecurity-law")) in sources
    own = {(p, o) for p, o in graph.predicate_objects(URIRef(LAW))}
    reified = {(graph.value(s, RDF.predicate), graph.value(s, RDF.object))
               for s in graph.subjects(RDF.type, RDF.Statement) if graph.value(s, RDF.subject) == URIRef(LAW)}
    assert own <= reified


def test_rdf_carries_the_evidence_quote_and_its_source(client):
    graph = parse(client.get(urls.document_path(ASSESSMENT, BASE, "ttl")))
    selector = graph.value(URIRef(ASSESSMENT), CK.evidence)
    assert isinstance(selector, BNode)
    assert "safeguard their data" in str(graph.value(selector, OA.exact))
    doc = URIRef(BASE + "id/doc/icj-access-now-2023-draft-cybersecurity-law")
    assert graph.value(doc, SKOS.prefLabel) is not None
    assert graph.value(doc, DCTERMS.publisher) is not None


def test_the_document_describes_itself(client):
    graph = parse(client.get("/doc/country/KHM.ttl"))
    doc = URIRef(BASE + "doc/country/KHM")
    assert (doc, URIRef("http://xmlns.com/foaf/0.1/primaryTopic"), URIRef(KHM)) in graph
    assert (doc, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in graph


def test_incoming_links_are_counted_and_paged(client):
    first = client.get("/doc/concept/status/present.ttl")
    assert ("/doc/concept/status/present.ttl?page=2", "next", None) in links(first)
    graph = parse(first)
    hydra_next = URIRef("http://www.w3.org/ns/hydra/core#next")
    assert graph.value(URIRef(BASE + "doc/concept/status/present.ttl"), hydra_next) is None
    assert graph.value(URIRef(BASE + "doc/concept/status/present"), hydra_next) == \
        URIRef(BASE + "doc/concept/status/present?page=2")
    second = client.get("/doc/concept/status/present.ttl?page=2")
    assert second.status_code == 200
    assert second.headers["Content-Location"] == "/doc/concept/status/present.ttl?page=2"
    incoming = lambda g: {s for s, _, _ in g.triples((None, CK.status, URIRef(BASE + "id/concept/status/present")))}  # noqa: E731
    assert incoming(graph) and incoming(parse(second)) and not incoming(graph) & incoming(parse(second))
    assert client.get("/doc/concept/status/present?page=0").status_code == 400
    assert client.get("/doc/concept/status/present?page=x").status_code == 400
    assert client.get("/doc/concept/status/present?page=9999").status_code == 404
    huge = client.get("/doc/concept/status/present?page=" + "9" * 23)
    assert huge.status_code == 400 and "from 1 to 100000" in huge.get_data(as_text=True)


def assert_isomorphic(a: Graph, b: Graph) -> None:
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail("graphs differ:\nonly in the first:\n" + only_a.serialize(format="nt")[:2000]
                    + "\nonly in the second:\n" + only_b.serialize(format="nt")[:2000])


# -- caching ----------------------------------------------------------------------------------

def test_etag_and_last_modified_revalidate_to_304(client, app):
    response = client.get("/doc/country/KHM.ttl")
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    built = datetime.fromisoformat(app.extensions["cyberkg"].manifest["built_at"])
    assert response.last_modified == built.replace(tzinfo=timezone.utc)
    assert app.extensions["cyberkg"].manifest["version"] in etag
    again = client.get("/doc/country/KHM.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Content-Location"] == "/doc/country/KHM.ttl"
    assert client.get("/doc/country/KHM.ttl", headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("/doc/country/KHM.ttl", headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_each_variant_has_its_own_etag(client):
    tags = {client.get("/doc/country/KHM", headers={"Accept": media}).headers["ETag"]
            for media in (HTML, TTL, NT, JSONLD)}
    assert len(tags) == 4
    negotiated = client.get("/doc/country/KHM", headers={"Accept": TTL})
    assert client.get("/doc/country/KHM", headers={"Accept": HTML, "If-None-Match": negotiated.headers["ETag"]}
                      ).status_code == 200


# -- odd characters, other bases, local vs canonical -------------------------------------------

ODD_BASE = "https://example.org/kg/"
ODD = {
    "unicode": ODD_BASE + "id/thing/café",
    "percent": ODD_BASE + "id/thing/a%20b",
    "semicolon": ODD_BASE + "id/thing/semi;colon=1",
    "parens": ODD_BASE + "id/thing/paren(1)",
    "plus": ODD_BASE + "id/thing/plus+sign",
    "apostrophe": ODD_BASE + "id/thing/o'neill",
    "at-and-colon": ODD_BASE + "id/thing/a@b:c",
    "dotted": ODD_BASE + "id/indicator/x/1.2.1",
    "ends-in-ttl": ODD_BASE + "id/thing/file.ttl",
}
HOSTILE = '</script><script>alert(1)</script><b>bold</b> & "quoted"'


@pytest.fixture(scope="module")
def odd_app(tmp_path_factory):
    """A store of its own, under another base, whose IRIs hold unusual characters and whose
    labels hold markup."""
    from cyberkg.web import create_app
    root = tmp_path_factory.mktemp("odd") / "store"
    root.mkdir()
    store = Store(str(root / "oxigraph"))
    g = NamedNode(ODD_BASE + "graph/odd")
    label = NamedNode(str(SKOS.prefLabel))
    hub = NamedNode(ODD_BASE + "id/thing/hub")
    quads = [Quad(hub, label, Literal(HOSTILE, language="en"), g),
             Quad(NamedNode(ODD_BASE + "id/doc/odd"), label, Literal("The odd source", language="en"), g)]
    for name, iri in ODD.items():
        text = "Café Ünicode" if name == "unicode" else f"Odd {name}"
        quads.append(Quad(NamedNode(iri), label, Literal(text, language="en"), g))
        quads.append(Quad(hub, NamedNode(str(DCTERMS.references)), NamedNode(iri), g))
    store.extend(quads)
    store.flush()
    manifest = {"version": "odd1", "built_at": "2024-01-02T03:04:05+00:00", "triples": len(quads),
                "graphs": {str(g.value): {"triples": len(quads)}}}
    (root / "manifest.json").write_text(json.dumps(manifest))
    del store
    app = create_app(Settings.load({"store": str(root), "base_iri": ODD_BASE, "workers": 1,
                                    "query_timeout": ROOMY_BUDGET}, environ={}))
    yield app
    app.extensions["cyberkg"].executor.close()


@pytest.mark.parametrize("name", ODD)
@pytest.mark.parametrize("ext", [None, "ttl"])
def test_odd_characters_round_trip(odd_app, name, ext):
    client = odd_app.test_client()
    iri = ODD[name]
    path = urls.document_path(iri, ODD_BASE, ext)
    response = client.get(path, headers={"Accept": HTML})
    assert response.status_code == 200, (path, response.get_data(as_text=True)[:300])
    assert response.headers["Content-Location"] == urls.document_path(iri, ODD_BASE, ext or "html")
    if ext == "ttl":
        assert (URIRef(iri), None, None) in parse(response)
    redirect = client.get(urls.local_path(iri, ODD_BASE), headers={"Accept": TTL})
    assert redirect.status_code == 303
    assert redirect.headers["Location"] == urls.document_path(iri, ODD_BASE, "ttl")


def test_a_path_ending_in_an_extension_names_the_iri_with_it_when_only_that_exists(odd_app):
    client = odd_app.test_client()
    assert client.get("/doc/thing/file.ttl", headers={"Accept": TTL}).mimetype == TTL
    as_html = client.get("/doc/thing/file.ttl", headers={"Accept": HTML})
    assert as_html.mimetype == HTML and "Odd ends-in-ttl" in as_html.get_data(as_text=True)
    assert (URIRef(ODD["ends-in-ttl"]), None, None) in parse(client.get("/doc/thing/file.ttl.ttl"))


def test_percent_signs_are_never_decoded_twice(odd_app):
    client = odd_app.test_client()
    assert client.get("/doc/thing/a%2520b.ttl").status_code == 200
    assert client.get("/doc/thing/a%20b.ttl").status_code == 404  # that is <…/a b>, not in the graph


def test_html_links_are_local_and_rdf_keeps_canonical_iris(odd_app):
    from bs4 import BeautifulSoup
    client = odd_app.test_client()
    page = client.get("/doc/thing/hub", headers={"Accept": HTML}, base_url="http://127.0.0.1:8080")
    soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    hrefs = {a["href"] for a in soup.select("table.statements a[href]")}
    for iri in ODD.values():
        assert urls.document_path(iri, ODD_BASE) in hrefs
    assert not any(h.startswith(ODD_BASE) for h in hrefs)
    for href in hrefs:
        if href.startswith("/doc/"):
            assert client.get(href, headers={"Accept": HTML}).status_code == 200, href
    assert soup.select_one("link[rel=canonical]")["href"] == ODD_BASE + "doc/thing/hub"
    turtle = client.get("/doc/thing/hub.ttl", base_url="http://127.0.0.1:8080").get_data(as_text=True)
    assert "127.0.0.1" not in turtle
    assert (URIRef(ODD["unicode"]), SKOS.prefLabel, RdfLiteral("Café Ünicode", lang="en")) in \
        Graph().parse(data=turtle, format="turtle")


def test_every_reflected_value_is_escaped(odd_app):
    from bs4 import BeautifulSoup
    client = odd_app.test_client()
    body = client.get("/doc/thing/hub", headers={"Accept": HTML}).get_data(as_text=True)
    assert "<script>alert(1)" not in body and "<b>bold</b>" not in body
    soup = BeautifulSoup(body, "html.parser")
    assert soup.select_one("h1").get_text() == HOSTILE
    scripts = soup.select("script")
    assert [s["type"] for s in scripts] == ["application/ld+json"]
    assert json.loads(scripts[0].string)["name"] == HOSTILE
    for query in ('"><script>x</script>', "<img src=x onerror=alert(1)>"):
        page = client.get("/search", query_string={"q": query}, headers={"Accept": HTML}).get_data(as_text=True)
        assert "<script>x" not in page and "<img src=x" not in page
    missing = client.get("/doc/thing/<script>", headers={"Accept": HTML}).get_data(as_text=True)
    assert "<script>" not in missing.split("</head>", 1)[1]


def test_search_is_accent_and_case_insensitive(odd_app):
    client = odd_app.test_client()
    for q in ("cafe", "CAFÉ", "café unicode", "unic"):
        found = client.get("/search", query_string={"q": q, "format": "json"}).get_json()
        assert ODD["unicode"] in [r["iri"] for r in found["results"]], q


def test_named_graph_iris_lead_to_their_source(odd_app, client):
    response = odd_app.test_client().get("/graph/odd")
    assert response.status_code == 303 and response.headers["Location"] == "/doc/doc/odd"
    ontology = client.get("/graph/ontology")
    assert ontology.status_code == 303 and ontology.headers["Location"] == "/def/cyberkg"
