"""The curation compiler: YAML country files → checked records → one named graph per source.

Each test writes a small curation directory and compiles it against the real ontology (its
code lists) and the real country table; problems must name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Store

from cyberkg.curation import compile_curation
from cyberkg.errors import BuildError
from cyberkg.settings import PROJECT_DIR

ONTOLOGY, DATA = PROJECT_DIR / "ontology", PROJECT_DIR / "data"
ID = "https://w3id.org/cyberkg/id/"

COMMON = """\
organisations:
  - {id: human-rights-watch, name: Human Rights Watch, acronym: HRW, type: ngo}
  - {id: article-19, name: ARTICLE 19, type: ngo}
"""
VIET_NAM = """\
country: VNM
sources:
  - id: hrw-2018-test
    kind: ngo-statement
    title: "Viet Nam: a statement"
    url: https://example.org/hrw
    publisher: human-rights-watch
    authors: [human-rights-watch, article-19]
    date: 2018-06
    language: en
    accessed: 2026-12-04
  - id: news-2019-test
    kind: news-report
    title: A news report
    url: https://example.org/news
    date: 2019-01-02
    accessed: 2026-12-04
organisations:
  - {id: vn/ministry-of-public-security, name: Ministry of Public Security, type: ministry, source: hrw-2018-test}
laws:
  - id: law-on-cybersecurity-2018
    title: Law on Cybersecurity
    number: 24/2018/QH14
    status: in-force
    responsible: [vn/ministry-of-public-security]
    source: hrw-2018-test
    events:
      - {date: 2018-06-12, type: adopted, source: hrw-2018-test}
      - {date: 2019, type: in-force, source: hrw-2018-test}
      - {date: 2019-01-01, type: in-force, source: news-2019-test, note: "the news report's date"}
    provisions:
      - {number: "8", topic: Prohibited acts, source: hrw-2018-test}
      - {number: "26(2)", unit: section, topic: Removal of content, source: hrw-2018-test}
assessments:
  - {source: hrw-2018-test, law: law-on-cybersecurity-2018, provision: "8", right: freedom-of-expression,
     stance: threatens, concerns: [vague-offence], basis: stated, evidence: "Our paraphrase.", locator: para 2}
  - {source: hrw-2018-test, id: whole-law-privacy, law: law-on-cybersecurity-2018, right: privacy,
     stance: threatens, basis: inferred, by: [article-19], evidence: "Another paraphrase."}
"""


def curation(tmp_path: Path, country: str = VIET_NAM, name: str = "vnm.yaml",
             common: str = COMMON) -> Path:
    root = tmp_path / "curation"
    (root / "countries").mkdir(parents=True)
    (root / "common.yaml").write_text(common)
    (root / "countries" / name).write_text(country)
    return root


def compiled_store(root: Path) -> Store:
    store = Store()
    store.extend(compile_curation(root, ONTOLOGY, DATA).quads)
    return store


def problems(root: Path) -> list[str]:
    with pytest.raises(BuildError) as caught:
        compile_curation(root, ONTOLOGY, DATA, name=lambda p: p.name)
    return caught.value.problems


def select(store: Store, query: str) -> set[tuple]:
    prefixes = ("PREFIX ck: <https://w3id.org/cyberkg/def/cyberkg#> "
                "PREFIX eli: <http://data.europa.eu/eli/ontology#> "
                "PREFIX prov: <http://www.w3.org/ns/prov#> "
                "PREFIX dcterms: <http://purl.org/dc/terms/> ")
    return {tuple(t.value if t is not None else None for t in row)
            for row in store.query(prefixes + query, use_default_graph_as_union=True)}


def test_each_fact_lands_in_the_graph_of_its_source(tmp_path):
    store = compiled_store(curation(tmp_path))
    graphs = select(store, f"""SELECT ?g WHERE {{ GRAPH ?g {{ <{ID}law/vn/law-on-cybersecurity-2018/event/2019-01-01-in-force> ?p ?o }} }}""")
    assert graphs == {("https://w3id.org/cyberkg/graph/news-2019-test",)}
    title_graph = select(store, f"""SELECT ?g WHERE {{ GRAPH ?g {{ <{ID}law/vn/law-on-cybersecurity-2018> eli:title ?t }} }}""")
    assert title_graph == {("https://w3id.org/cyberkg/graph/hrw-2018-test",)}


def test_two_sources_that_date_entry_into_force_differently_are_both_kept(tmp_path):
    store = compiled_store(curation(tmp_path))
    rows = select(store, f"""SELECT ?date ?doc WHERE {{ ?e eli-dl:forwards <{ID}law/vn/law-on-cybersecurity-2018> ;
        eli-dl:had_activity_type <{ID}concept/lifecycle-event/in-force> ; dcterms:date ?date ;
        prov:wasDerivedFrom ?doc }}""".replace("SELECT", "PREFIX eli-dl: <http://data.europa.eu/eli/eli-draft-legislation-ontology#> SELECT"))
    assert rows == {("2019", ID + "doc/hrw-2018-test"), ("2019-01-01", ID + "doc/news-2019-test")}


def test_assessments_target_a_provision_or_the_whole_law_with_basis_and_paraphrase(tmp_path):
    store = compiled_store(curation(tmp_path))
    rows = select(store, """SELECT ?a ?target ?basis ?by ?date ?summary WHERE {
        ?a a ck:Assessment ; ck:basis ?basis ; prov:wasAttributedTo ?by ; dcterms:date ?date ;
           ck:evidenceSummary ?summary .
        OPTIONAL { ?a ck:assessedProvision|ck:assessedLaw ?target } }""")
    law = ID + "law/vn/law-on-cybersecurity-2018"
    first, named = ID + "assessment/hrw-2018-test/1", ID + "assessment/hrw-2018-test/whole-law-privacy"
    assert rows == {
        (first, law + "/art/8", ID + "concept/basis/stated", ID + "org/human-rights-watch", "2018-06", "Our paraphrase."),
        (first, law + "/art/8", ID + "concept/basis/stated", ID + "org/article-19", "2018-06", "Our paraphrase."),
        (named, law, ID + "concept/basis/inferred", ID + "org/article-19", "2018-06", "Another paraphrase."),
    }


def test_section_numbers_keep_their_wording_and_get_a_safe_iri(tmp_path):
    store = compiled_store(curation(tmp_path))
    rows = select(store, f"""SELECT ?n ?label WHERE {{
        <{ID}law/vn/law-on-cybersecurity-2018/art/26-2> eli:number ?n ;
        <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}""")
    assert rows == {("26(2)", "Law on Cybersecurity, Section 26(2)")}


@pytest.mark.parametrize("change, expected", [
    (("right: privacy", "right: happiness"), "vnm.yaml:37: 'right' is 'happiness', not in the rights scheme"),
    (("source: news-2019-test, note", "source: nowhere, note"), "vnm.yaml:30: source 'nowhere' is not in any sources: list"),
    (("date: 2019-01-02", "date: 2019-02-30"), "vnm.yaml:16: 'date' is '2019-02-30', which is not a calendar date"),
    (("url: https://example.org/news", "url: example.org/news"), "vnm.yaml:15: 'url' is 'example.org/news'"),
    (("provision: \"8\"", "provision: \"9\""), "vnm.yaml:35: provision '9' is not among the provisions of law"),
    (("basis: stated", "basis: certain"), "vnm.yaml:36: 'basis' is 'certain', not in the basis scheme (one of: inferred, stated)"),
    (("locator: para 2", "locator: para 2, colour: red"), "vnm.yaml:36: unknown key 'colour' in an assessment"),
    (("Our paraphrase.", "x" * 401), "vnm.yaml:36: evidence is a one-sentence paraphrase of at most 400 characters"),
    (("    accessed: 2026-12-04\n  - id: news", "  - id: news"), "vnm.yaml:3: a source needs 'accessed'"),
])
def test_a_bad_value_is_reported_with_file_and_line(tmp_path, change, expected):
    old, new = change
    assert old in VIET_NAM
    found = problems(curation(tmp_path, VIET_NAM.replace(old, new, 1)))
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_is_reported_at_once(tmp_path):
    broken = VIET_NAM.replace("right: privacy", "right: happiness").replace("basis: stated", "basis: certain")
    assert len(problems(curation(tmp_path, broken))) == 2


def test_yaml_syntax_errors_name_the_line(tmp_path):
    found = problems(curation(tmp_path, VIET_NAM.replace("    kind: news-report", "    kind: [news")))
    assert found == ["vnm.yaml:14: expected ',' or ']', but got ':'"]


def test_a_file_must_be_named_after_its_country(tmp_path):
    assert any("must be named vnm.yaml" in p for p in problems(curation(tmp_path, name="tha.yaml")))


def test_values_are_text_as_typed_not_yaml_guesses(tmp_path):
    # YAML 1.1 would read `no` as false and 1.10 as a float; the compiler keeps the text.
    root = curation(tmp_path, VIET_NAM.replace('{number: "8",', "{number: 1.10,").replace('provision: "8"', "provision: 1.10"))
    rows = select(compiled_store(root), "SELECT ?n WHERE { ?p eli:number ?n }")
    assert ("1.10",) in rows


def test_a_source_registered_twice_or_an_organisation_named_two_ways_is_refused(tmp_path):
    common = COMMON + "  - {id: human-rights-watch, name: Human Rights Watch Inc, type: ngo}\n"
    found = problems(curation(tmp_path, common=common))
    assert any("organisation 'human-rights-watch' is given as 'Human Rights Watch'" in p for p in found)
