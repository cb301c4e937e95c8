"""`cyberkg ingest itu-profiles`: parsed profiles → one named graph per profile document."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from cyberkg.cli import main
from cyberkg.errors import IngestError
from cyberkg.ingest.countries import CountryIndex, CountryRow
from cyberkg.ingest.itu_profiles import Alias, AliasTable, build_itu_profiles
from cyberkg.ingest.trig import to_trig_bytes
from cyberkg.rdf.namespaces import (CK, ID, OA, ORG, SDMX_DIMENSION, SDMX_MEASURE, concept,
                                country, document, graph, indicator, observation)
from cyberkg.settings import PROJECT_DIR, Settings

FIXTURES = Path(__file__).parent / "fixtures" / "itu_profiles"
EXAMPLESTAN = FIXTURES / "examplestan_utf8.txt"
INDEX = CountryIndex([CountryRow("XEX", "XE", "Examplestan", None, None, ())])
NO_ALIASES = AliasTable([])


def obs(code: str) -> URIRef:
    return observation("itu-cwp-2014", "XEX", code)


def fixture_aliases() -> AliasTable:
    return AliasTable([Alias("*", "ITU-IMPACT", (ID["org/itu-impact"],)),
                       Alias("XEX", "Data Protection Act", (ID["law/xe/dpa-2001"],), "Meant: the 2001 act."),
                       Alias("*", "Regional Cyber Centre", (), "An event, not a body.")])


@pytest.fixture(scope="module")
def examplestan():
    ds = build_itu_profiles([EXAMPLESTAN], INDEX, fixture_aliases())
    return ds, ds.graph(graph("itu-cwp-2014-xex"))


def test_one_graph_per_profile_with_its_document(examplestan):
    ds, g = examplestan
    assert {str(c.identifier) for c in ds.graphs() if len(c)} == {str(graph("itu-cwp-2014-xex"))}
    doc = document("itu-cwp-2014-xex")
    assert g.value(doc, SKOS.prefLabel) == Literal("ITU Cyberwellness Profile: Examplestan", lang="en")
    assert g.value(doc, DCTERMS.publisher) == ID["org/itu"]
    assert g.value(doc, DCTERMS.subject) == country("XEX")


def test_sections_become_observations_with_status_evidence_and_period(examplestan):
    _, g = examplestan
    statuses = {code: g.value(obs(code), CK.status) for code in ("1.1.1", "1.1.2", "1.2.1", "1.2.2", "1.3.1")}
    assert statuses == {"1.1.1": concept("status", "absent"), "1.1.2": concept("status", "present"),
                        "1.2.1": concept("status", "present"), "1.2.2": concept("status", "unknown"),
                        "1.3.1": concept("status", "in-progress")}
    assert g.value(obs("1.2.1"), CK.indicator) == indicator("itu-cwp-2014", "1.2.1")
    assert g.value(obs("1.2.1"), SDMX_DIMENSION.refArea) == country("XEX")
    quote = g.value(obs("1.1.1"), CK.evidence)
    assert (quote, RDF.type, OA.TextQuoteSelector) in g
    assert str(g.value(quote, OA.exact)) == ("Examplestan does not have any specific legislation "
                                            "pertaining to cybercrime.")
    assert g.value(obs("1.2.1"), SKOS.prefLabel) == Literal(
        "Examplestan: 1.2.1 CIRT (ITU Cyberwellness 2014)", lang="en")


def test_background_figures_keep_their_stated_source(examplestan):
    _, g = examplestan
    assert g.value(obs("population"), SDMX_MEASURE.obsValue) == Literal("1234000", datatype=XSD.integer)
    assert g.value(obs("internet-users"), SDMX_MEASURE.obsValue) == Literal("12.50", datatype=XSD.decimal)
    assert str(g.value(obs("population"), CK.statedSource)) == "United Nations Statistics Division, December 2012"


def test_names_become_one_entity_per_country_and_name(examplestan):
    _, g = examplestan
    excert = ID["org/xe/examplestan-computer-emergency-response-team"]
    # Named in 1.2.1 by acronym only and in 1.4.2 in full: one entity, acronym as altLabel.
    assert set(g.objects(obs("1.4.2"), CK.mentionsOrganization)) == {excert}
    assert g.value(excert, SKOS.prefLabel) == Literal("Examplestan Computer Emergency Response Team", lang="en")
    assert Literal("EXCERT", lang="en") in set(g.objects(excert, SKOS.altLabel))
    assert g.value(excert, ORG.classification) == concept("org-type", "cirt")
    ministry = ID["org/xe/ministry-of-digital-affairs-and-telecommunications"]
    assert ministry in set(g.objects(obs("1.3.3"), CK.mentionsOrganization))
    assert g.value(ministry, ORG.classification) == concept("org-type", "ministry")
    act = ID["law/xe/electronic-transactions-act"]
    assert act in set(g.objects(obs("1.1.2"), CK.mentionsLaw))
    assert g.value(act, URIRef("http://data.europa.eu/eli/ontology#jurisdiction")) == country("XEX")


def test_aliases_resolve_to_existing_entities_keeping_the_wording(examplestan):
    _, g = examplestan
    assert ID["org/itu-impact"] in set(g.objects(obs("1.5.4"), CK.mentionsOrganization))
    assert (ID["org/itu-impact"], SKOS.prefLabel, None) not in g  # described where it lives
    assert ID["law/xe/dpa-2001"] in set(g.objects(obs("1.1.2"), CK.mentionsLaw))
    assert Literal("Data Protection Act") in set(g.objects(obs("1.1.2"), CK.sourceWording))
    assert Literal("Meant: the 2001 act.", lang="en") in set(g.objects(obs("1.1.2"), SKOS.editorialNote))
    # A name marked "-" denotes no entity: wording kept, nothing linked or minted.
    assert Literal("Regional Cyber Centre") in set(g.objects(obs("1.5.1"), CK.sourceWording))
    assert ID["org/xe/regional-cyber-centre"] not in set(g.subjects())
    assert ID["org/xe/first"] in set(g.objects(obs("1.5.1"), CK.mentionsOrganization))


def test_a_profile_without_a_date_has_no_period(tmp_path):
    text = EXAMPLESTAN.read_text(encoding="utf-8")
    undated = tmp_path / "Examplestan.txt"
    undated.write_text("\n".join(l for l in text.splitlines() if "Last updated" not in l), encoding="utf-8")
    g = build_itu_profiles([undated], INDEX, NO_ALIASES).graph(graph("itu-cwp-2014-xex"))
    assert (obs("1.2.1"), SDMX_DIMENSION.refPeriod, None) not in g
    assert (document("itu-cwp-2014-xex"), DCTERMS.modified, None) not in g


def test_curated_duplicate_and_unresolvable_files_are_reported_not_dropped(tmp_path):
    curated = tmp_path / "curated"
    curated.mkdir()
    copy = tmp_path / "Examplestan_v2.txt"
    shutil.copy(EXAMPLESTAN, copy)
    ds = build_itu_profiles([EXAMPLESTAN, copy, FIXTURES / "mockovia_macroman_cr.txt",
                             FIXTURES / "not_a_profile.txt"], INDEX, NO_ALIASES, curated)
    outcomes = {o.file: (o.outcome, o.reason) for o in ds.outcomes}
    # Same last-updated date: the first file name (in code-point order) is kept.
    assert outcomes["Examplestan_v2.txt"][0] == "written"
    assert outcomes["examplestan_utf8.txt"] == ("duplicate", "another version of Examplestan_v2.txt, which is kept")
    assert outcomes["mockovia_macroman_cr.txt"][0] == "error" and "does not resolve" in outcomes["mockovia_macroman_cr.txt"][1]
    assert outcomes["not_a_profile.txt"][0] == "error"
    (curated / "itu-cwp-2014-xex.ttl").write_text("")
    ds = build_itu_profiles([EXAMPLESTAN], INDEX, NO_ALIASES, curated)
    assert [o.outcome for o in ds.outcomes] == ["curated"] and len(ds) == 0


def test_the_alias_table_rejects_a_malformed_row_with_file_and_line(tmp_path):
    bad = tmp_path / "aliases.csv"
    bad.write_text("country,name,targets,note\n*,ITU,org/itu,\nKhm,X,org/x,\n")
    with pytest.raises(IngestError, match=r"aliases.csv:3: needs a country"):
        AliasTable.from_csv(bad)


def test_output_is_deterministic(examplestan):
    again = build_itu_profiles([EXAMPLESTAN], INDEX, fixture_aliases())
    assert to_trig_bytes(again) == to_trig_bytes(examplestan[0])


def test_cli_fails_on_an_unparseable_file_and_leaves_the_output(tmp_path):
    out = tmp_path / "out.trig"
    out.write_text("previous")
    countries = Path(__file__).parent / "fixtures" / "tables" / "countries.csv"
    result = CliRunner().invoke(main, ["ingest", "itu-profiles", str(FIXTURES / "not_a_profile.txt"),
                                       "--countries", str(countries), "--out", str(out)])
    assert result.exit_code == 1
    assert "not_a_profile.txt" in result.output and "left as it was" in result.output
    assert out.read_text() == "previous"


# ----------------------------------------------------------------------------- corpus


@pytest.fixture(scope="module")
def corpus(shared_sources):
    settings = Settings.load()
    ds = build_itu_profiles([shared_sources / "itu-cyberwellness-2014"],
                            shared_sources / "country-ids" / "countries.csv",
                            AliasTable.from_csv(Path(settings.data_dir) / "aliases" / "itu-cwp-2014.csv"),
                            Path(settings.data_dir) / "curated")
    return ds


def test_corpus_every_file_is_accounted_for(corpus):
    outcomes = {o.file: o.outcome for o in corpus.outcomes}
    assert len(outcomes) == 194
    assert [f for f, o in outcomes.items() if o == "error"] == []
    assert {f: o for f, o in outcomes.items() if o != "written"} == {
        "Cambodia.txt": "curated", "St_Kitts_and_Nevis.txt": "duplicate"}
    assert len({o.iso3 for o in corpus.outcomes}) == 193


def test_corpus_reproduces_the_committed_file_byte_for_byte(corpus):
    committed = PROJECT_DIR / "data" / "itu-cwp-2014.trig"
    assert to_trig_bytes(corpus) == committed.read_bytes()


def test_corpus_cambodia_parsed_agrees_with_the_hand_curated_graph(corpus, shared_sources):
    """Cambodia's graph is curated by hand; the parser + alias table must agree with it."""
    from rdflib import Graph
    curated = Graph().parse(PROJECT_DIR / "data" / "curated" / "itu-cwp-2014-khm.ttl")
    settings = Settings.load()
    parsed = build_itu_profiles([shared_sources / "itu-cyberwellness-2014" / "Cambodia.txt"],
                                shared_sources / "country-ids" / "countries.csv",
                                AliasTable.from_csv(Path(settings.data_dir) / "aliases" / "itu-cwp-2014.csv"),
                                ).graph(graph("itu-cwp-2014-khm"))
    for code in ["1.1.1", "1.1.2", "1.2.1", "1.2.2", "1.2.3", "1.3.1", "1.3.2", "1.3.3", "1.3.4",
                 "1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.5.1", "1.5.2", "1.5.3", "1.5.4",
                 "2.1", "2.2", "2.3", "2.4", "population", "internet-users"]:
        o = observation("itu-cwp-2014", "KHM", code)
        for p in (CK.status, SDMX_MEASURE.obsValue, SDMX_DIMENSION.refPeriod):
            assert set(parsed.objects(o, p)) == set(curated.objects(o, p)), (code, p)
        for p in (CK.mentionsLaw, CK.mentionsOrganization):
            # Every link the parser makes, the curators made too (they may add more).
            assert set(parsed.objects(o, p)) <= set(curated.objects(o, p)), (code, p)
    criminal = observation("itu-cwp-2014", "KHM", "1.1.1")
    assert set(parsed.objects(criminal, CK.mentionsLaw)) == set(curated.objects(criminal, CK.mentionsLaw))
