"""The pages people read, checked with selectors on the real graph: each class's page shows
what it is designed to show, with each statement's sources; no scripts, no third-party
resources; schema.org JSON-LD. Then the home page, browse, search, sitemap and robots.txt,
VoID, dumps and the ontology documentation."""

from __future__ import annotations

import gzip
import json
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS


BASE = "https://w3id.org/cyberkg/"
HTML = {"Accept": "text/html"}
VOID = Namespace("http://rdfs.org/ns/void#")
CK = Namespace(BASE + "def/cyberkg#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")


def page(client, path: str) -> BeautifulSoup:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, (path, response.get_data(as_text=True)[:500])
    assert response.mimetype == "text/html"
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def texts(soup: BeautifulSoup, selector: str) -> list[str]:
    return [" ".join(e.get_text(" ").split()) for e in soup.select(selector)]


def jsonld(soup: BeautifulSoup) -> dict:
    return json.loads(soup.select_one('script[type="application/ld+json"]').string)


# -- every entity page ------------------------------------------------------------------------

PAGES = [
    # (path, kind, schema.org type, h1)
    ("/doc/country/KHM", "country", "Country", "Cambodia"),
    ("/doc/law/kh/draft-law-on-cybersecurity", "law", "Legislation", "Draft Law on Cybersecurity"),
    ("/doc/law/kh/draft-law-on-cybersecurity/v/2022-09-02", "law", "Legislation",
     "Draft Law on Cybersecurity, draft of 2 September 2022"),
    ("/doc/law/kh/draft-law-on-cybersecurity/v/2022-09-02/provision/licensing-of-cybersecurity-services",
     "provision", "Legislation", None),
    ("/doc/assessment/icj-access-now-2023-draft-cybersecurity-law/licensing-privacy", "assessment", "Claim", None),
    ("/doc/org/kh/camcert", "organisation", "GovernmentOrganization", "CamCERT"),
    ("/doc/right/privacy", "right", "DefinedTerm", "Right to privacy"),
    ("/doc/indicator/itu-cwp-2014/1.2.1", "indicator", "DefinedTerm", "CIRT"),
    ("/doc/doc/icj-access-now-2023-draft-cybersecurity-law", "document", "CreativeWork", None),
    ("/doc/instrument/iccpr", "law", "Legislation", "International Covenant on Civil and Political Rights"),
    ("/doc/obs/itu-cwp-2014/KHM/1.2.1", "generic", "Thing", None),
    ("/doc/scheme/rights", "generic", "Thing", None),
    ("/doc/concept/status/present", "generic", "Thing", None),
]


@pytest.mark.parametrize("path,kind,schema_type,title", PAGES, ids=[p[0] for p in PAGES])
def test_every_page_reads_without_scripts_or_other_hosts(client, path, kind, schema_type, title):
    soup = page(client, path)
    assert soup.select_one(f"article.entity-{kind}") is not None
    if title:
        assert texts(soup, "h1") == [title]
    assert [s.get("type") for s in soup.select("script")] == ["application/ld+json"]
    for element, attribute in (("link[href]", "href"), ("img[src]", "src"), ("script[src]", "src"),
                               ("iframe", "src")):
        for e in soup.select(element):
            if e.get("rel") in (["canonical"], ["license"]):
                continue
            assert e[attribute].startswith("/"), (element, e[attribute])
    data = jsonld(soup)
    assert data["@context"] == "https://schema.org/" and data["@type"] == schema_type
    assert data["@id"].startswith(BASE + "id/")
    alternates = {e["type"]: e["href"] for e in soup.select("link[rel=alternate]")}
    assert set(alternates) == {"text/turtle", "application/n-triples", "application/ld+json",
                               "application/rdf+xml", "application/trig", "application/n-quads"}
    assert soup.select_one("link[rel=canonical]")["href"].startswith(BASE + "doc/")


@pytest.mark.parametrize("path", [p[0] for p in PAGES])
def test_every_statement_cites_its_sources(client, path):
    soup = page(client, path)
    rows = soup.select("table.statements tr")
    assert rows
    numbers = {li["id"] for li in soup.select("ol.sources > li")}
    for row in rows:
        refs = row.select("sup.ref a")
        assert refs, row.get_text(" ")[:100]
        for ref in refs:
            assert ref["href"].lstrip("#") in numbers
    for source in soup.select("ol.sources > li"):
        assert source.select_one(".graph code").get_text().startswith(BASE + "graph/")


def test_the_country_page(client, cambodia_gci):
    soup = page(client, "/doc/country/KHM")
    cells = soup.select("#scorecard li.cell")
    assert len(cells) == 21
    assert {c["class"][1] for c in cells} <= {"status-present", "status-absent", "status-in-progress",
                                              "status-unknown"}
    cirt = next(c for c in cells if "1.2.1" in c.get_text())
    assert "present" in cirt.get_text().lower() and "CamCERT" in cirt.select_one("q.evidence").get_text()
    assert len(soup.select("#gci svg rect.bar")) == len(cambodia_gci)  # a bar per edition
    assert texts(soup, "#gci svg text.year") == [year for year, _, _, _ in cambodia_gci]
    assert texts(soup, "#gci svg text.value") == [score for _, score, _, _ in cambodia_gci]
    treaties = {t.split(" (")[0]: t for t in texts(soup, "#treaties tbody tr, #treaties tr")}
    assert "Party" in treaties["International Covenant on Civil and Political Rights"]
    assert "CamCERT" in texts(soup, "#agencies td a")
    assert "Draft Law on Cybersecurity" in texts(soup, "#laws a")
    assert len(soup.select("#assessments tr")) == 1 + 28
    assert "Access Now" in " ".join(texts(soup, "#assessments td"))

@pytest.mark.engines

def test_the_law_page(client):
    soup = page(client, "/doc/law/kh/draft-law-on-cybersecurity")
    assert "Draft" in texts(soup, "dl.summary .status")
    assert "Cambodia" in texts(soup, "dl.summary a")
    assert texts(soup, "#versions a") == ["Draft Law on Cybersecurity, draft of 2 September 2022"]
    provisions = soup.select("#provisions .provision")
    assert len(provisions) >= 7
    licensing = next(p for p in provisions if "Licensing of cybersecurity services" in p.get_text())
    assert len(licensing.select("ul.assessed li")) == 2
    assert "Right to privacy" in licensing.get_text()

@pytest.mark.engines

def test_the_provision_and_assessment_pages(client):
    soup = page(client, "/doc/law/kh/draft-law-on-cybersecurity/v/2022-09-02/provision/licensing-of-cybersecurity-services")
    cards = soup.select("#assessments .assessment-card")
    assert len(cards) == 2
    assert all(c.select_one("blockquote.evidence") for c in cards)
    assert "Requires government licences" in soup.select_one("p.lead").get_text()
    soup = page(client, "/doc/assessment/icj-access-now-2023-draft-cybersecurity-law/licensing-privacy")
    claim = " ".join(soup.select_one(".claim").get_text(" ").split())
    assert "International Commission of Jurists" in claim and "Access Now" in claim
    assert "threatens" in claim.lower() and "Right to privacy" in claim
    assert "safeguard their data" in soup.select_one("blockquote.evidence").get_text()
    sources = soup.select("ol.sources > li")
    assert any("safeguard their data" in s.get_text() for s in sources)
    assert texts(soup, "#others a") == ["ICJ and Access Now: licensing of cybersecurity services threatens security of person"]


def test_the_right_organisation_indicator_and_document_pages(client):
    soup = page(client, "/doc/right/privacy")
    assert "ICCPR, Article 17" in texts(soup, "#guarantees a")
    assert "Cambodia" in texts(soup, "#assessed h3")
    assert len(soup.select("#assessed tr")) > 5
    soup = page(client, "/doc/org/kh/camcert")
    assert "Department of ICT Security" in soup.select_one("dl.summary").get_text()
    assert "Ministry of Post and Telecommunications" in soup.select_one("dl.summary").get_text()
    soup = page(client, "/doc/indicator/itu-cwp-2014/1.2.1")
    rows = soup.select("#countries tr")
    assert len(rows) > 150
    assert any("Cambodia" in r.get_text() and "present" in r.get_text().lower() for r in rows)
    assert soup.select_one("#countries .tally")
    soup = page(client, "/doc/doc/icj-access-now-2023-draft-cybersecurity-law")
    assert "Assessment" in soup.select_one("#taken .tally").get_text()
    assert len(soup.select("#taken table tr")) > 5


def test_incoming_links_are_counted_and_paged(client):
    soup = page(client, "/doc/concept/status/present")
    assert soup.select_one("#incoming h2").get_text().startswith("Links to this (")
    assert soup.select_one("#incoming a[rel=next]")["href"] == "?page=2#incoming"
    assert len(soup.select("#incoming table.incoming tr")) == 1 + 100
    second = page(client, "/doc/concept/status/present?page=2")
    assert second.select_one("#incoming a[rel=prev]")


# -- finding things ---------------------------------------------------------------------------

def test_the_home_page(client):
    soup = page(client, "/")
    assert "Cambodia" in texts(soup, ".featured a")
    numbers = dict(zip(texts(soup, "dl.numbers dt"), texts(soup, "dl.numbers dd")))
    assert numbers["countries and territories"] == "250"
    assert soup.select_one("form.search")["action"] == "/search"
    assert soup.select_one("a[href='/browse/countries']")


def test_browse_pages(client):
    soup = page(client, "/browse")
    assert "250" in soup.select_one("a[href='/browse/countries']").parent.get_text()
    first = page(client, "/browse/countries")
    assert len(first.select("ol.members li")) == 100
    assert texts(first, "ol.members a")[:2] == ["Afghanistan", "Aland Islands"]
    assert len(page(client, "/browse/countries?page=3").select("ol.members li")) == 50
    assert client.get("/browse/countries?page=4").status_code == 404
    assert client.get("/browse/countries?page=x").status_code == 400
    assert client.get("/browse/unicorns").status_code == 404


@pytest.mark.parametrize("q,first", [("cambodia", "Cambodia"), ("CAMBODIA", "Cambodia"), ("KHM", "Cambodia"),
                                     ("privacy", "Right to privacy"), ("iccpr", "International Covenant on Civil and Political Rights"),
                                     ("draft law on cybersec", "Draft Law on Cybersecurity"), ("camcert", "CamCERT"),
                                     ("côte d'ivoire", "Cote d'Ivoire"), ("CÔTE", "Cote d'Ivoire"),
                                     ("1.2.1", "CIRT"), ("ministry of post", "Ministry of Post and Telecommunications")])
def test_search_ranks_the_thing_named_first(client, q, first):
    found = client.get("/search", query_string={"q": q}, headers={"Accept": "application/json"}).get_json()
    assert found["results"][0]["label"] == first, [r["label"] for r in found["results"][:5]]
    soup = page(client, "/search?q=" + q)
    assert texts(soup, "ol.hits li a")[0] == first


def test_search_tells_apart_laws_of_the_same_name(client):
    found = client.get("/search", query_string={"q": "draft law on cybersecurity", "format": "json"}).get_json()
    laws = [(r["label"], r["country"]) for r in found["results"] if r["kind"] == "law"]
    assert ("Draft Law on Cybersecurity", "Cambodia") in laws and len(set(laws)) == len(laws)


def test_search_without_a_query_or_a_match(client):
    assert page(client, "/search").select_one("form.search")
    assert page(client, "/search?q=zzzxqqq").select_one(".none")
    response = client.get("/search?q=cambodia")
    assert response.headers["Cache-Control"].startswith("public") and "Accept" in response.vary


def test_sitemap_and_robots(client):
    index = ElementTree.fromstring(client.get("/sitemap.xml").data)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [e.text for e in index.findall("s:sitemap/s:loc", ns)]
    assert locations == ["http://localhost/sitemap-1.xml"]
    urlset = ElementTree.fromstring(client.get("/sitemap-1.xml").data)
    urls = [e.text for e in urlset.findall("s:url/s:loc", ns)]
    assert "http://localhost/doc/country/KHM" in urls and "http://localhost/" in urls
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in robots and "Disallow: /sparql" in robots


# -- the dataset's own description ------------------------------------------------------------

def test_void(client, app):
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.mimetype == "text/turtle" and "Accept" in response.vary
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    dataset = URIRef(BASE + ".well-known/void#cyberkg")
    manifest = app.extensions["cyberkg"].manifest
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    assert str(graph.value(dataset, VOID.uriSpace)) == BASE + "id/"
    assert int(graph.value(dataset, VOID.triples)) == manifest["triples"]
    assert str(graph.value(dataset, OWL.versionInfo)) == manifest["version"]
    assert {str(d) for d in graph.objects(dataset, VOID.dataDump)} == {
        BASE + "dumps/" + name for name in manifest["dumps"].values()}
    assert URIRef("http://www.w3.org/2004/02/skos/core#") in set(graph.objects(dataset, VOID.vocabulary))
    classes = {graph.value(p, VOID["class"]): int(graph.value(p, VOID.entities))
               for p in graph.objects(dataset, VOID.classPartition)}
    assert classes[URIRef("https://schema.org/Country")] == 250
    properties = {graph.value(p, VOID.property): int(graph.value(p, VOID.triples))
                  for p in graph.objects(dataset, VOID.propertyPartition)}
    assert properties[CK.affectedRight] == classes[CK.Assessment] >= 28  # one right each
    assert len(list(graph.objects(dataset, VOID.subset))) == len(manifest["graphs"])
    assert page(client, "/.well-known/void").select_one("table.partition")
    assert client.get("/.well-known/void.jsonld").mimetype == "application/ld+json"

@pytest.mark.engines

def test_dumps(client, app):
    listing = client.get("/dumps/", headers={"Accept": "application/json"}).get_json()
    names = {f["name"] for f in listing["files"]}
    assert names == set(app.extensions["cyberkg"].manifest["dumps"].values())
    nquads = next(f for f in listing["files"] if f["name"].endswith(".nq.gz"))
    with client.get(nquads["url"]) as response:
        assert response.status_code == 200 and response.mimetype == "application/gzip"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        first_line = gzip.decompress(response.data).split(b"\n", 1)[0]
        assert first_line.endswith(b"> .")
        etag = response.headers["ETag"]
    with client.get(nquads["url"], headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304
    latest = client.get("/dumps/latest.nq.gz")
    assert latest.status_code == 307 and latest.headers["Location"] == nquads["url"]
    for bad in ("/dumps/nothing.trig", "/dumps/..%2Fmanifest.json", "/dumps/manifest.json"):
        assert client.get(bad).status_code == 404
    assert page(client, "/dumps/").select("table.dumps a")


def test_the_ontology_documentation_and_rdf(client, real_store):
    soup = page(client, "/def/cyberkg")
    terms = real_store.query(f"""SELECT ?t WHERE {{ GRAPH <{BASE}graph/ontology> {{
        ?t a ?k FILTER(?k IN (<{OWL}Class>, <{OWL}ObjectProperty>, <{OWL}DatatypeProperty>)) }} }}""")
    names = {t["t"].value.rsplit("#", 1)[1] for t in terms}
    documented = {s["id"] for s in soup.select("section.term")}
    assert names == documented
    for section in soup.select("section.term"):
        assert section.select_one("h3") and section.select_one("p")
        assert "used" in section.get_text()
    assert "close match" in soup.select_one("section#jurisdiction").get_text()
    response = client.get("/def/cyberkg", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert graph.value(CK.Assessment, RDFS.label) is not None
    assert "Accept" in response.vary
    assert client.get("/def/cyberkg.nt").mimetype == "application/n-triples"
    assert client.get("/def/cyberkg", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize("path", ["/", "/browse", "/browse/countries", "/search?q=cambodia", "/sitemap.xml",
                                  "/sitemap-1.xml", "/robots.txt", "/.well-known/void", "/dumps/",
                                  "/def/cyberkg", "/def/cyberkg.ttl", "/doc/country/KHM"])
def test_head_answers_like_get_without_a_body(client, path):
    get, head = client.get(path, headers=HTML), client.head(path, headers=HTML)
    assert head.status_code == get.status_code == 200
    assert head.data == b""
    for header in ("Content-Type", "ETag", "Cache-Control", "Vary"):
        assert head.headers.get(header) == get.headers.get(header), header
    assert client.get(path, headers={**HTML, "If-None-Match": get.headers["ETag"]}).status_code == 304


def test_a_country_page_lists_assessments_of_whole_laws_and_of_provisions(client):
    soup = page(client, "/doc/country/UGA")
    rows = [" ".join(r.get_text(" ").split()) for r in soup.select("#assessments table.assessments tr")]
    assert any("the law as a whole" in r and "Amnesty International" in r for r in rows)
    assert any("Section 25" in r and "Constitutional Court" in r for r in rows)
    assert not any("ICCPR" in r for r in rows)  # only this country's laws' provisions


def test_a_law_page_shows_its_dated_timeline_with_sources(client):
    soup = page(client, "/doc/law/ug/computer-misuse-act-2011")
    timeline = texts(soup, "#timeline li")
    struck = [t for t in timeline if t.startswith("2023-01-10")]
    assert struck and "Struck down by a court" in struck[0]
    assert [t[:10] for t in timeline] == sorted(t[:10] for t in timeline)
