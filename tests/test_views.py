"""Comparison views over the real graph: the country × ITU-section matrix, the
rights-impact matrix and the GCI trends (server-drawn SVG), each with its CSV."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest


BROWSER = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def cambodias_scorecard(real_store) -> dict[str, str]:
    """Cambodia's status in each ITU section ({code: status}) as the graph holds it; what
    the statuses are is asserted once, in test_named_queries (the itu-scorecard query)."""
    rows = real_store.query("""SELECT ?indicator ?status WHERE {
        ?o <http://purl.org/linked-data/cube#dataSet> <https://w3id.org/cyberkg/id/dataset/itu-cwp-2014> ;
           <http://purl.org/linked-data/sdmx/2009/dimension#refArea> <https://w3id.org/cyberkg/id/country/KHM> ;
           <https://w3id.org/cyberkg/def/cyberkg#indicator> ?indicator ;
           <https://w3id.org/cyberkg/def/cyberkg#status> ?status }""")
    scorecard = {row["indicator"].value.rsplit("/", 1)[-1]: row["status"].value.rsplit("/", 1)[-1]
                 for row in rows}
    assert scorecard, "the graph has no ITU profile of Cambodia: a comparison with it would be empty"
    return scorecard


def get(client, path, **query):
    response = client.get(path, query_string=query, headers={"Accept": BROWSER})
    return response, response.get_data(as_text=True)


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


@pytest.mark.parametrize("path", ["/views", "/views/itu-matrix", "/views/rights-impact",
                                  "/views/gci-trends"])
def test_every_view_is_a_page_without_scripts(client, path):
    response, body = get(client, path)
    assert response.status_code == 200 and "<script" not in body
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_the_itu_matrix_shows_status_as_colour_and_text(client, cambodias_scorecard):
    _, body = get(client, "/views/itu-matrix", country="KHM")
    row = re.search(r'<tr><th scope="row"><a href="[^"]*">Cambodia</a></th>(.*?)</tr>', body).group(1)
    cells = re.findall(r'<td class="status status-([\w-]+)">([^<]+)</td>', row)
    head, _ = rows_of(client.get("/views/itu-matrix.csv?country=KHM").data)  # the sections' order
    assert [c[0] for c in cells] == [cambodias_scorecard[code] for code in head[2:-1]]
    assert {c[1] for c in cells} == {"yes", "no"}
    assert "<strong>1</strong> country (Cambodia)" in body


def test_the_itu_matrix_csv_has_every_profile(client, real_store, cambodias_scorecard):
    head, *rows = rows_of(client.get("/views/itu-matrix.csv").data)
    assert head[:2] == ["country", "country_label"] and head[-1] == "sections_present"
    (profiles,) = real_store.query("""SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?o <http://purl.org/linked-data/cube#dataSet> <https://w3id.org/cyberkg/id/dataset/itu-cwp-2014> ;
           <http://purl.org/linked-data/sdmx/2009/dimension#refArea> ?c }""")
    assert len(head) == 2 + 21 + 1 and len(rows) == int(profiles["n"].value)
    khm = next(r for r in rows if r[1] == "Cambodia")
    statuses = [cambodias_scorecard[code] for code in head[2:-1]]
    assert khm[2:-1] == statuses and khm[-1] == str(statuses.count("present"))


def test_the_itu_matrix_filters_by_a_sections_status_and_sorts(client):
    head, *every = rows_of(client.get("/views/itu-matrix.csv").data)
    head, *rows = rows_of(client.get("/views/itu-matrix.csv?section=1.2.1&status=absent").data)
    cirt = head.index("1.2.1")
    assert rows == [r for r in every if r[cirt] == "absent"]  # no national CIRT
    head, *rows = rows_of(client.get("/views/itu-matrix.csv?sort=present&order=desc").data)
    counts = [int(r[-1]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    _, *by_cirt = rows_of(client.get("/views/itu-matrix.csv?sort=1.2.1&country=KHM&country=AND&country=VNM").data)
    assert [r[1] for r in by_cirt] == ["Cambodia", "Vietnam", "Andorra"]  # present, present, absent


@pytest.mark.parametrize("query, message", [
    ({"country": "XXX"}, "country 'XXX' is not one of the 193 countries here"),
    ({"section": "9.9"}, "section '9.9' is not one of the 21 sections"),
    ({"section": "1.2.1", "status": "maybe"}, "status 'maybe' is not one of"),
    ({"sort": "colour"}, "sort by country, present or a section code"),
])
def test_the_itu_matrix_refuses_bad_filters(client, query, message):
    response = client.get("/views/itu-matrix.csv", query_string=query)
    assert response.status_code == 400 and response.json["error"].startswith(message)


def test_the_rights_impact_matrix_links_every_assessment(client, real_store):
    _, body = get(client, "/views/rights-impact")
    links = set(re.findall(r'href="/id/(assessment/[^"]+)"', body))
    in_graph = {row["a"].value.split("/id/", 1)[1] for row in real_store.query(
        "SELECT ?a WHERE { ?a a <https://w3id.org/cyberkg/def/cyberkg#Assessment> }")}
    assert links == in_graph and len(in_graph) >= 28
    telecom = re.search(r'Law on Telecommunications, Article 80</a></th>(.*?)</tr>', body, re.S).group(1)
    assert 'class="stance stance-threatens"><strong>threatens</strong>' in telecom
    assert "LICADHO, 2016-03-31" in telecom
    _, protects = get(client, "/views/rights-impact", stance="protects", country="KHM")
    assert "No assessments match." in protects


def test_the_rights_impact_matrix_filters_by_right_organisation_and_year(client):
    _, privacy = get(client, "/views/rights-impact", country="KHM", right="privacy")
    columns = re.findall(r'<th scope="col">([^<]+)</th>', privacy)
    assert columns == ["Provision", "Right to privacy"]
    _, licadho = get(client, "/views/rights-impact", country="KHM", organisation="licadho")
    assert set(re.findall(r'title="[^"]*">(\w[^<]*?), \d{4}', licadho)) == {"LICADHO"}
    _, year = get(client, "/views/rights-impact", country="KHM", year="2021")
    assert set(re.findall(r", (\d{4})-\d\d-\d\d", year)) == {"2021"}
    response, body = get(client, "/views/rights-impact", year="1850")
    assert response.status_code == 400 and "year &#39;1850&#39; is not one of" in body

@pytest.mark.engines

def test_the_rights_impact_csv(client):
    head, *rows = rows_of(client.get("/views/rights-impact.csv?country=KHM").data)
    assert head[:8] == ["country", "country_label", "law", "law_label", "provision",
                        "provision_label", "right", "right_label"]
    cells = {(r[5], r[7]): (r[8], int(r[9]), r[10]) for r in rows}
    assert cells[("Law on Telecommunications, Article 97", "Right to privacy")] == ("threatens", 1, "LICADHO")
    gateway = [k for k in cells if k[0].endswith("Gateway, Article 14")]
    assert gateway == [("Sub-decree on the Establishment of the National Internet Gateway, Article 14",
                        "Right to privacy")]
    assert cells[gateway[0]][1] == 2  # the 2021 CSO statement and the 2022 joint statement
    assert sum(int(r[9]) for r in rows) == 35 - 7  # assessment × author rows, less co-authors


def test_gci_trends_draws_an_svg_on_the_server(client, cambodia_gci):
    response, body = get(client, "/views/gci-trends", country=["KHM", "FRA"])
    assert "<svg" in body and "Cambodia" in body and "France" in body
    svg = client.get("/views/gci-trends.svg?country=KHM&country=FRA")
    assert svg.mimetype == "image/svg+xml"
    root = ET.fromstring(svg.data)
    assert root.tag == SVG + "svg"
    lines = [p for p in root.iter(SVG + "path") if p.get("fill") == "none"]
    # a line per country, a point per edition (the first point is a move, the others lines)
    assert len(lines) == 2 and all(p.get("d").count("L") == len(cambodia_gci) - 1 for p in lines)
    described = root.find(SVG + "desc").text  # the chart in words, for screen readers
    cambodia = described.split("Cambodia: ", 1)[1].split("France: ", 1)[0]
    assert all(f"{year} {score}" in cambodia for year, score, _, _ in cambodia_gci)


def test_gci_trends_csv_and_limits(client, cambodia_gci):
    head, *rows = rows_of(client.get("/views/gci-trends.csv?country=KHM").data)
    assert head[:4] == ["country", "country_label", "edition", "score"]
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("Cambodia", year, score) for year, score, _, _ in cambodia_gci]
    thirteen = ["KHM", "FRA", "DEU", "USA", "GBR", "JPN", "CHN", "IND", "BRA", "ZAF", "EGY",
                "MEX", "AUS"]
    many = client.get("/views/gci-trends.csv", query_string={"country": thirteen})
    assert many.status_code == 400 and "at most 12 countries" in many.json["error"]
    assert client.get("/views/gci-trends?country=XXX").status_code == 400
