"""/queries over the real graph: the index, a page per query with pickers, results with
labels and links, downloads (CSV and TSV with a label column beside every IRI column,
SPARQL JSON, Turtle), permalinks and citations pinned to the dataset version, and 400s
with a message for bad parameters."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from pyoxigraph import QueryResultsFormat, parse_query_results
from rdflib import Graph

from cyberkg.query.named import read_queries
from cyberkg.settings import Settings
from cyberkg.web import create_app

QUERIES = read_queries()
SELECTS = [q for q in QUERIES.values() if not q.is_graph]
BROWSER = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
KHM = "https://w3id.org/cyberkg/id/country/KHM"


def page(client, path, **query):
    response = client.get(path, query_string=query or None, headers={"Accept": BROWSER})
    return response, response.get_data(as_text=True)


def test_the_index_lists_every_query_as_html_and_json(client):
    response, body = page(client, "/queries")
    assert response.status_code == 200
    for query in QUERIES.values():
        assert f'href="/queries/{query.name}"' in body
    catalogue = client.get("/queries", headers={"Accept": "application/json"}).json["queries"]
    assert [q["name"] for q in catalogue] == list(QUERIES)
    scorecard = next(q for q in catalogue if q["name"] == "itu-scorecard")
    assert scorecard["parameters"] == [{
        "name": "country", "type": "iri", "label": "Country",
        "description": "A country or territory with an ITU Cyberwellness profile.",
        "default": KHM, "optional": False}]
    tagged = client.get("/queries?tag=view", headers={"Accept": "application/json"}).json["queries"]
    assert {q["name"] for q in tagged} == {"itu-status-matrix", "rights-impact-matrix"}
    assert client.get("/queries?format=csv").status_code == 406
    assert client.get("/queries", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize("query", QUERIES.values(), ids=lambda q: q.name)
def test_every_query_page_has_a_form_with_pickers_results_and_downloads(client, query):
    response, body = page(client, f"/queries/{query.name}")
    assert response.status_code == 200, body
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    for param in query.params:
        select = re.search(rf'<select id="p-{param.name}" name="{param.name}">(.*?)</select>', body, re.S)
        assert select and select.group(1).count("<option") >= 1
        assert re.search(r"<option [^>]*selected", select.group(1)) or param.optional
    assert re.search(r"<strong>\d+</strong> (row|triple)s? in", body)
    assert "<table class=\"results\">" in body
    for ext in (["ttl", "nt", "jsonld"] if query.is_graph else ["csv", "tsv", "json"]) + ["rq"]:
        assert re.search(rf'href="/queries/{query.name}\.{ext}[?"]', body)


def test_results_show_labels_linked_to_entity_pages(client):
    _, body = page(client, "/queries/itu-scorecard", country="KHM")
    assert f'<a href="/id/country/KHM" title="{KHM}">Cambodia</a>' in body
    assert '<td class="iri status status-present"><a href="/id/concept/status/present"' in body
    assert "Cambodia has an officially recognized national CIRT (CamCERT)." in body


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


@pytest.mark.parametrize("query", SELECTS, ids=lambda q: q.name)
def test_csv_and_tsv_have_a_label_column_beside_every_iri_column(client, query):
    response = client.get(f"/queries/{query.name}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{query.name}.csv"'
    head, *rows = _csv_rows(response.data)
    assert rows, "the default parameters give rows"
    for i, name in enumerate(head):
        if name.endswith("_label"):
            continue
        if any(r[i].startswith(("http://", "https://")) for r in rows):
            assert head[i + 1] == name + "_label", f"no label column after {name}"
            labelled = [r for r in rows if r[i].startswith("https://w3id.org/cyberkg/")]
            assert all(r[i + 1] for r in labelled), f"a cyberkg IRI in {name} without a label"
    tsv = client.get(f"/queries/{query.name}.tsv")
    solutions = parse_query_results(tsv.data, QueryResultsFormat.TSV)
    names = [v.value for v in solutions.variables]
    assert names == head  # the same columns, and the TSV parses as SPARQL results
    assert len(list(solutions)) == len(rows)


def test_the_csv_is_the_graphs_answer_for_the_parameters_given(client, cambodia_gci):
    head, *rows = _csv_rows(client.get("/queries/gci-trend.csv?country=KHM").data)
    assert head[:4] == ["country", "country_label", "edition", "score"]
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("Cambodia", year, score) for year, score, _, _ in cambodia_gci]


def test_sparql_json_and_turtle_downloads(client):
    data = client.get("/queries/section-present-not-party.json")
    assert data.mimetype == "application/sparql-results+json"
    countries = [b["country"]["value"] for b in data.json["results"]["bindings"]]
    head, *rows = _csv_rows(client.get("/queries/section-present-not-party.csv").data)
    assert countries and countries == [r[head.index("country")] for r in rows]  # the same answer
    turtle = client.get("/queries/rights-impact-graph.ttl?country=KHM")
    assert turtle.mimetype == "text/turtle"
    graph = Graph().parse(data=turtle.data, format="turtle")
    assert len(set(graph.subjects(predicate=None, object=None))) > 28
    negotiated = client.get("/queries/rights-impact-graph", headers={"Accept": "application/n-triples"})
    assert negotiated.mimetype == "application/n-triples"
    assert client.get("/queries/rights-impact-graph.csv").status_code == 406
    assert client.get("/queries/itu-scorecard.ttl").status_code == 406


def test_the_rq_download_is_the_query_as_run_and_runs_anywhere(client):
    text = client.get("/queries/itu-scorecard.rq?country=FRA").get_data(as_text=True)
    assert text.startswith("# A country's ITU cybersecurity scorecard (2014-2015)\n")
    assert "VALUES ?country { <https://w3id.org/cyberkg/id/country/FRA> }" in text
    direct = client.post("/sparql", data=text, content_type="application/sparql-query")
    named = client.get("/queries/itu-scorecard.json?country=FRA")
    assert direct.json["results"] == named.json["results"]


@pytest.mark.parametrize("path, message", [
    ("/queries/itu-scorecard?country=XXX", "parameter country: 'XXX' is not one of the 193 allowed values"),
    ("/queries/itu-scorecard?colour=red", "unknown parameter colour; itu-scorecard takes: country"),
    ("/queries/itu-scorecard?country=KHM&country=FRA", "parameter country is given 2 times"),
    ("/queries/gci-movers?earlier=20x", "parameter earlier: '20x' is not a year (four digits)"),
    ("/queries/gci-movers?earlier=1999", "parameter earlier: '1999' is not one of the 5 allowed values"),
    ("/queries/provisions-affecting-right?right=", "parameter right needs a value"),
])
def test_bad_parameters_are_a_400_with_a_message(client, path, message):
    api = client.get(path.replace("?", ".json?", 1))
    assert api.status_code == 400 and api.json == {"error": api.json["error"], "status": 400}
    assert api.json["error"].startswith(message)
    response, body = page(client, path)
    assert response.status_code == 400 and response.headers["Cache-Control"] == "no-store"
    assert "400 Bad Request" in body and message.replace("'", "&#39;") in body


def test_reflected_values_are_escaped(client):
    response, body = page(client, "/queries/itu-scorecard", country='"><script>alert(1)</script>')
    assert response.status_code == 400
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body
    response, body = page(client, "/queries/no-such-query<b>")
    assert response.status_code == 404 and "<b>" not in body


def test_permalink_and_citation_pin_the_dataset_version(app, client):
    version = app.extensions["cyberkg"].version
    _, body = page(client, "/queries/itu-scorecard", country=KHM)
    link = re.search(r'<a href="([^"]+)" class="permalink">', body).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(link).query) == {"country": ["KHM"], "version": [version]}
    assert f"Dataset version <code>{version}</code>" in body and "Country: Cambodia" in body
    assert f"@misc{{cyberkg-itu-scorecard-{version}," in body
    download = client.get("/queries/itu-scorecard.csv?country=KHM")
    assert download.headers["Cyberkg-Dataset-Version"] == version
    assert download.headers["Link"] == f'<{link}>; rel="canonical"'
    _, old = page(client, "/queries/itu-scorecard", country="KHM", version="0123456789abcdef")
    assert "This link was made for dataset version <code>0123456789abcdef</code>" in old
    _, same = page(client, "/queries/itu-scorecard", country="KHM", version=version)
    assert "This link was made for" not in same


def test_changing_a_picker_changes_the_answer(client):
    _, cambodia = page(client, "/queries/itu-scorecard", country="KHM")
    _, france = page(client, "/queries/itu-scorecard", country="FRA")
    assert '<option value="FRA" selected>France</option>' in france
    assert "Cambodia has an officially recognized national CIRT" in cambodia
    assert "Cambodia has an officially" not in france and ">France</a>" in france


def test_optional_parameters_default_to_any(client):
    _, body = page(client, "/queries/draft-laws")
    assert '<option value="" selected>(any)</option>' in body
    assert "VALUES ?country { UNDEF }" in body
    _, khm = page(client, "/queries/draft-laws", country="KHM")
    assert "VALUES ?country { &lt;https://w3id.org/cyberkg/id/country/KHM&gt; }" in khm


def test_unknown_queries_are_404(client):
    response = client.get("/queries/nope.csv")
    assert response.status_code == 404 and "no named query 'nope'" in response.json["error"]


GREETING = ('#+ title: Greeting\n#+ description: Says hello.\n#+ param word: string\n'
            'SELECT ?greeting WHERE { VALUES ?word { "hello" } BIND(CONCAT(?word, "!") AS ?greeting) }\n')


def test_the_queries_dir_setting_chooses_the_queries_served(real_store, tmp_path):
    (tmp_path / "greeting.rq").write_text(GREETING, encoding="utf-8")
    settings = Settings.load({"store": real_store.location, "workers": 1},
                             environ={"CYBERKG_QUERIES_DIR": str(tmp_path)})
    app = create_app(settings)
    try:
        client = app.test_client()
        catalogue = client.get("/queries", headers={"Accept": "application/json"}).json["queries"]
        assert [q["name"] for q in catalogue] == ["greeting"]
        assert client.get("/queries/greeting.csv?word=hi").data == b"greeting\r\nhi!\r\n"
        assert client.get("/queries/itu-scorecard").status_code == 404
    finally:
        app.extensions["cyberkg"].executor.close()
