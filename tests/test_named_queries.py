"""Named queries (issue 6): every file's metadata, the binder, and every query run through
the one executor against the real graph, with answers checked against the sources (the
ITU profiles, the GCI table ``gci-scores/gci-local-indicator-summary.csv``, the UN treaty
tables and the curated Cambodia documents; most are also competency questions)."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, RdfFormat, Store

from cyberkg.query import named as named_queries
from cyberkg.cli import main
from cyberkg.query.executor import Executor
from cyberkg.query.named import (NamedQueryRunner, QueryFileError, ParameterError, bind, parse_text,
                                 read_queries)
from cyberkg.settings import Settings
from patience import ROOMY_BUDGET

QUERIES = read_queries()
ID = "https://w3id.org/cyberkg/id/"
KH_LAW = ID + "law/kh/"
DRAFT_2022 = KH_LAW + "draft-law-on-cybersecurity/v/2022-09-02"
TELECOM = KH_LAW + "law-on-telecommunications-2015"
GATEWAY = KH_LAW + "sub-decree-on-the-establishment-of-the-national-internet-gateway-2021"


@pytest.fixture(scope="module")
def executor(real_store):
    executor = Executor(Settings.load({"store": real_store.location, "workers": 2,
                                       "query_timeout": ROOMY_BUDGET}, environ={}))
    yield executor
    executor.close()


def answer(executor, name: str, fmt: str, **params: str) -> bytes:
    """The named query's answer written as ``fmt``, as the command line and the web get it."""
    runner = NamedQueryRunner(executor)
    return runner.answer(QUERIES[name], runner.bind(QUERIES[name], {k: [v] for k, v in params.items()}),
                         fmt).data


def run(executor, name: str, **params: str) -> list[dict[str, str]]:
    """Rows of the named query as {variable: lexical value}."""
    doc = json.loads(answer(executor, name, "json", **params))
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def tail(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def points(score: str, scale: str) -> Decimal:
    """A GCI score as points on one 0-100 scale (the queries' descriptions: 0-1 up to 2018)."""
    return Decimal(score) * (100 if scale == "0-1" else 1)


# -- every file: metadata ----------------------------------------------------------------

def test_there_are_at_least_twelve_named_queries():
    assert len(QUERIES) >= 12


@pytest.mark.parametrize("query", QUERIES.values(), ids=lambda q: q.name)
def test_every_query_has_a_title_a_description_tags_and_typed_parameters(query):
    assert query.title and len(query.description) > 40 and query.tags
    assert query.params, "every named query takes at least one parameter"
    for param in query.params:
        assert param.type in named_queries.TYPES
        assert param.label and param.description
        assert param.default or param.optional, f"{param.name} has neither a default nor optional"
        assert param.picker and "?value" in param.picker and "?label" in param.picker
        if param.default:
            param.parse(param.default)  # the default is of the declared type


@pytest.mark.parametrize("query", QUERIES.values(), ids=lambda q: q.name)
def test_every_query_avoids_filter_not_exists(query):
    # pyoxigraph runs FILTER NOT EXISTS row by row: MINUS was 3 times faster (see the
    # benchmark notes); none of the named queries needs it.
    without_comments = re.sub(r"(^|\s)#[^\n]*", r"\1", query.body)
    assert not re.search(r"NOT\s+EXISTS", without_comments, re.IGNORECASE)


@pytest.mark.parametrize("query", QUERIES.values(), ids=lambda q: q.name)
def test_every_picker_lists_its_default(executor, query):
    for param in query.params:
        choices = NamedQueryRunner(executor).choices(param)
        assert choices, f"the picker of {param.name} lists nothing"
        if param.default:
            assert param.default in {c.text for c in choices}


# -- every query against the real graph ----------------------------------------------------

def test_itu_scorecard_of_cambodia(executor):
    rows = run(executor, "itu-scorecard", country="KHM")
    assert len(rows) == 21 and {r["updated"] for r in rows} == {"2014-08-26"}
    absent = {r["code"] for r in rows if tail(r["status"]) == "absent"}
    assert absent == {"1.1.2", "1.2.2", "1.2.3", "1.3.1", "1.3.2", "1.3.4", "1.4.1", "1.4.2",
                      "1.4.3", "1.4.4", "1.5.1", "1.5.2", "1.5.3", "2.3"}
    present = {r["code"] for r in rows if tail(r["status"]) == "present"}
    assert present == {"1.1.1", "1.2.1", "1.3.3", "1.5.4", "2.1", "2.2", "2.4"}
    cirt = next(r for r in rows if r["code"] == "1.2.1")
    assert cirt["evidence"] == "Cambodia has an officially recognized national CIRT (CamCERT)."


def test_countries_without_a_cirt_and_their_gci_scores(executor):
    rows = run(executor, "section-status-gci-trend")  # defaults: 1.2.1 CIRT, absent
    assert len(rows) == 66 and "KHM" not in {tail(r["country"]) for r in rows}
    andorra = next(r for r in rows if tail(r["country"]) == "AND")
    # gci-local-indicator-summary.csv: Andorra,0.059,27,0.057,153,0.115,143,26.38,117,76.66
    assert [andorra[f"score{y}"] for y in (2014, 2017, 2018, 2020, 2024)] == [
        "0.059", "0.057", "0.115", "26.38", "76.66"]
    strategy = run(executor, "section-status-gci-trend", section="1.3.1", status="absent")
    assert "KHM" in {tail(r["country"]) for r in strategy}  # "does not have any … strategy"


def test_countries_with_a_cirt_that_are_not_party_to_the_iccpr(executor):
    rows = run(executor, "section-present-not-party")
    assert {tail(r["country"]) for r in rows} == {
        "BRN", "CHN", "HKG", "MYS", "MMR", "OMN", "SAU", "SGP", "ARE"}
    # China signed the ICCPR (1998) but has not ratified it; the others have no row.
    assert {tail(r["country"]): tail(r.get("otherStatus", "-")) for r in rows}["CHN"] == "signatory"
    assert sum("otherStatus" in r for r in rows) == 1

@pytest.mark.engines

def test_provisions_assessed_as_threatening_privacy(executor):
    rows = [r for r in run(executor, "provisions-affecting-right") if tail(r["country"]) == "KHM"]
    found = {r["provision"]: (int(r["assessments"]), r["assessedBy"]) for r in rows}
    assert set(found) == {
        DRAFT_2022 + "/provision/licensing-of-cybersecurity-services",
        DRAFT_2022 + "/provision/powers-of-cybersecurity-inspectors",
        DRAFT_2022 + "/provision/inspector-qualifications",
        DRAFT_2022 + "/provision/lack-of-oversight",
        TELECOM + "/art/6", TELECOM + "/art/97",
        GATEWAY + "/art/4", GATEWAY + "/art/14", GATEWAY + "/art/16"}
    assert found[TELECOM + "/art/6"] == (1, "LICADHO")
    # Article 14: the 2022 joint statement (LRWC) and the 2021 CSO statement (CCHR, TTO).
    assert found[GATEWAY + "/art/14"][0] == 2
    assert set(found[GATEWAY + "/art/14"][1].split("; ")) == {
        "Lawyers' Rights Watch Canada", "Cambodian Center for Human Rights", "Teang Tnaut Organization"}
    assert {r["firstAssessed"] for r in rows if r["law"] == GATEWAY} == {"2021-02-19", "2022-05-16"}
    expression = run(executor, "provisions-affecting-right", right="freedom-of-expression")
    assert TELECOM + "/art/80" in {r["provision"] for r in expression}


def test_iccpr_parties_whose_laws_threaten_privacy(executor):
    rows = run(executor, "parties-with-laws-threatening-right")
    cambodia = [r for r in rows if tail(r["country"]) == "KHM"]
    assert {(r["partySince"], tail(r["article"])) for r in cambodia} == {("1992", "17")}
    # The draft's provisions belong to its 2022 version; the query counts them for the work.
    assert {r["law"]: (int(r["provisions"]), int(r["assessments"])) for r in cambodia} == {
        KH_LAW + "draft-law-on-cybersecurity": (4, 4), TELECOM: (2, 2), GATEWAY: (3, 4)}
    # It spans every country: each party listed has a law assessed as threatening privacy.
    assert len({r["country"] for r in rows}) > 1
    icmw = run(executor, "parties-with-laws-threatening-right", instrument="icmw")
    assert "KHM" not in {tail(r["country"]) for r in icmw}  # Cambodia only signed the ICMW

@pytest.mark.engines

def test_draft_laws_and_their_status(executor):
    rows = run(executor, "draft-laws", country="KHM")
    found = {tail(r["law"]): (tail(r["status"]), tail(r.get("legalForce", "")), tail(r["responsible"]),
                              int(r["versions"]), r.get("latestVersion")) for r in rows}
    assert found == {
        "draft-law-on-cybersecurity": ("draft", "NotInForce", "ministry-of-post-and-telecommunications",
                                       1, "2022-09-02"),
        "draft-law-on-cybercrime": ("draft", "NotInForce", "ministry-of-interior", 0, None)}
    assert int(next(r for r in rows if tail(r["law"]) == "draft-law-on-cybercrime")["provisions"]) == 14
    assert {r["law"] for r in rows} < {r["law"] for r in run(executor, "draft-laws")}


def test_agencies_responsible_for_cybersecurity(executor):
    rows = run(executor, "responsible-agencies", country="KHM")
    assert {(tail(r["organisation"]), tail(r.get("partOf", ""))) for r in rows} == {
        ("department-of-ict-security", "ministry-of-post-and-telecommunications"),
        ("ministry-of-post-and-telecommunications", "")}
    everywhere = run(executor, "responsible-agencies")
    assert len({r["country"] for r in everywhere}) == 131  # 1.3.3 names a body in 131 profiles
    # 1.2.1 names CamCERT, and the ITU (through ITU-IMPACT).
    cirts = run(executor, "responsible-agencies", section="1.2.1", country="KHM")
    assert {tail(r["organisation"]): tail(r.get("type", "")) for r in cirts} == {
        "camcert": "cirt", "itu": "international-organization"}


def test_legal_instruments_cited_for_cybercrime(executor):
    rows = run(executor, "cybercrime-instruments", country="KHM")
    cited = {r["instrument"] for r in rows}
    # "Criminal Court [Code] of the Kingdom of Cambodia: Articles 317-320 and Articles 427-432"
    assert cited == {KH_LAW + "criminal-code-2009"} | {
        f"{KH_LAW}criminal-code-2009/art/{n}" for n in [*range(317, 321), *range(427, 433)]}
    assert len(run(executor, "cybercrime-instruments")) == 281


def test_gci_movers_between_two_editions(executor, cambodia_gci):
    rows = run(executor, "gci-movers")  # 2020 → 2024
    changes = [Decimal(r["change"]) for r in rows]
    assert changes == sorted(changes, reverse=True)  # largest rise first
    # Eswatini: 18.23 (2020) → 79.43 (2024) in gci-local-indicator-summary.csv
    assert tail(rows[0]["country"]) == "SWZ" and changes[0] == Decimal("61.20")
    assert cambodias_move(rows) == move_in(cambodia_gci, "2020", "2024")
    across = run(executor, "gci-movers", earlier="2014", later="2024")  # from 0-1 to 0-100
    assert cambodias_move(across) == move_in(cambodia_gci, "2014", "2024")


def cambodias_move(rows: list[dict[str, str]]) -> tuple:
    """Cambodia's row of gci-movers: scores and ranks as published, points, change."""
    khm = next(r for r in rows if tail(r["country"]) == "KHM")
    return (khm["scoreEarlier"], khm.get("rankEarlier"), khm["scoreLater"], khm.get("rankLater"),
            Decimal(khm["pointsEarlier"]), Decimal(khm["pointsLater"]), Decimal(khm["change"]))


def move_in(series: list[tuple], earlier: str, later: str) -> tuple:
    """The same, worked out from the graph's series of (year, score, scale, rank)."""
    edition = {year: (score, scale, rank) for year, score, scale, rank in series}
    (before, before_scale, before_rank), (after, after_scale, after_rank) = edition[earlier], edition[later]
    gained = points(after, after_scale) - points(before, before_scale)
    return (before, before_rank, after, after_rank,
            points(before, before_scale), points(after, after_scale), gained)


def test_cambodias_gci_trend(executor, cambodia_gci):
    rows = run(executor, "gci-trend", country="KHM")
    assert [(r["edition"], r["score"], r["scale"], r.get("rank")) for r in rows] == cambodia_gci
    assert [Decimal(r["points"]) for r in rows] == [points(r["score"], r["scale"]) for r in rows]


def test_cambodias_treaty_status(executor):
    rows = run(executor, "treaty-status", country="KHM")
    status = {tail(r["instrument"]): (tail(r.get("status", "none")), r.get("year")) for r in rows}
    assert len(status) == 18
    assert status["iccpr"] == ("party", "1992") and status["icescr"] == ("party", "1992")
    assert status["icmw"] == ("signatory", None) and status["iccpr-op2"] == ("none", None)


def test_how_many_countries_had_each_section(executor):
    rows = {r["code"]: r for r in run(executor, "section-status-counts")}
    assert len(rows) == 21 and {r["profiles"] for r in rows.values()} == {"193"}
    assert rows["1.2.1"]["countries"] == "106" and rows["1.2.1"]["percent"] == "54.9"
    absent = {r["code"]: r["countries"] for r in run(executor, "section-status-counts", status="absent")}
    assert absent["1.2.1"] == "66"


def test_gci_2024_by_cirt_status(executor):
    rows = {tail(r["status"]): r for r in run(executor, "gci-by-section-status")}
    assert set(rows) == {"present", "absent", "in-progress", "unknown"}
    # 106 countries had a CIRT; 104 of them have a 2024 score; 66 had none.
    assert rows["present"]["countries"] == "104" and rows["absent"]["countries"] == "66"
    assert Decimal(rows["present"]["mean"]) > Decimal(rows["absent"]["mean"])


def test_what_licadho_assessed(executor):
    rows = run(executor, "assessments-by-organisation", organisation="licadho")
    assert {(tail(r["provision"]), tail(r["right"])) for r in rows} == {
        ("6", "privacy"), ("80", "freedom-of-expression"), ("97", "privacy")}
    assert {r["date"] for r in rows} == {"2016-03-31"} and all(r.get("quote") for r in rows)


def test_cambodias_rights_impact_graph(executor):
    data = answer(executor, "rights-impact-graph", "ntriples")
    store = Store()
    store.load(data, format=RdfFormat.N_TRIPLES)
    assessments = list(store.quads_for_pattern(None, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                               NamedNode("https://w3id.org/cyberkg/def/cyberkg#Assessment")))
    assert len(assessments) == 28


def test_the_matrix_queries_cover_everything(executor, real_store):
    assert len(run(executor, "itu-status-matrix")) == 193 * 21
    assert len(run(executor, "itu-status-matrix", status="present")) == 1863
    rows = run(executor, "rights-impact-matrix")
    everything = real_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/cyberkg/def/cyberkg#Assessment> }")
    assert len({r["assessment"] for r in rows}) == int(next(iter(everything))["n"].value)


# -- the file format and the binder ---------------------------------------------------------

HEAD = "#+ title: T\n#+ description: D\n"


@pytest.mark.parametrize("text, message", [
    ("#+ description: D\nSELECT * WHERE {}", "no `#+ title:`"),
    (HEAD + "#+ colour: red\nSELECT * WHERE {}", "unknown metadata key 'colour'"),
    (HEAD + "#+ param c: iri\nSELECT ?c WHERE {}", "no `VALUES ?c { default }`"),
    (HEAD + "#+ param c: colour\nSELECT ?c WHERE { VALUES ?c { <x:y> } }", "unknown type 'colour'"),
    (HEAD + "#+ param y: year\nSELECT ?y WHERE { VALUES ?y { <x:y> } }", "'x:y' is not a year"),
    (HEAD + "#+ param c: iri\nSELECT ?c WHERE { VALUES ?c { UNDEF } }", "mark it `optional: true`"),
    (HEAD + "#+ param c: iri\nSELECT ?c WHERE { VALUES ?c { <x:a> } MINUS { VALUES ?c { <x:b> } } }",
     "disagree"),
    (HEAD + "#+ param c: iri\n#+   colour: red\nSELECT ?c WHERE { VALUES ?c { <x:a> } }",
     "unexpected indented key 'colour'"),
])
def test_malformed_files_are_refused_with_a_reason(text, message):
    with pytest.raises(QueryFileError, match=re.escape(message)):
        parse_text("bad", text)


STRING_QUERY = parse_text("s", HEAD + '#+ param s: string\n#+   label: S\n'
                          'SELECT ?s WHERE { VALUES ?s { "x" } } # VALUES ?s { "x" }')


@pytest.mark.parametrize("value", ['"} } SELECT * { ?a ?b ?c', "a\\\"b\nc", "'''", "#>"])
def test_values_are_bound_as_terms_never_as_text(value):
    bindings = bind(STRING_QUERY, {"s": [value]})
    text = STRING_QUERY.bound(bindings.terms)
    (row,) = Store().query(text)
    assert row["s"] == Literal(value)
    assert text.endswith('# VALUES ?s { "x" }\n')  # a comment is never rewritten


@pytest.mark.parametrize("given, message", [
    ({"colour": ["red"]}, "unknown parameter colour; itu-scorecard takes: country"),
    ({"country": ["KHM", "FRA"]}, "given 2 times"),
    ({"country": ["not an iri"]}, "'not an iri' is not one of the"),
    ({"country": ["https://w3id.org/cyberkg/id/country/XXX"]}, "is not one of the"),
    ({"country": [""]}, "needs a value"),
])
def test_bad_parameters_are_refused_with_a_message(given, message):
    choices = lambda p: [named_queries.Choice(NamedNode(ID + "country/KHM"), "Cambodia")]  # noqa: E731
    with pytest.raises(ParameterError, match=re.escape(message)):
        bind(QUERIES["itu-scorecard"], given, choices)


def test_short_forms_and_prefixed_names_name_the_same_value():
    choices = lambda p: [named_queries.Choice(NamedNode(ID + "country/KHM"), "Cambodia")]  # noqa: E731
    for value in ("KHM", "cki:country/KHM", ID + "country/KHM"):
        assert bind(QUERIES["itu-scorecard"], {"country": [value]}, choices).terms == {
            "country": NamedNode(ID + "country/KHM")}


# -- the command line ----------------------------------------------------------------------

def test_cyberkg_query_named_with_parameters(real_store, cambodia_gci):
    runner = CliRunner()
    store = ["--store", real_store.location]
    result = runner.invoke(main, [*store, "query", "--named", "gci-trend", "--param", "country=KHM",
                                  "--format", "csv"])
    assert result.exit_code == 0, result.output
    head, *rows = csv.reader(result.output.splitlines())
    assert head == ["country", "country_label", "edition", "score", "scale", "points", "rank",
                    "observation", "observation_label"]
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        (ID + "country/KHM", "Cambodia", year, score) for year, score, _, _ in cambodia_gci]
    bad = runner.invoke(main, [*store, "query", "--named", "gci-trend", "--param", "country=XXX"])
    assert bad.exit_code == 2 and "'XXX' is not one of the" in bad.output
    unknown = runner.invoke(main, [*store, "query", "--named", "nope"])
    assert unknown.exit_code == 2 and "itu-scorecard" in unknown.output


def test_cyberkg_query_named_reads_the_queries_dir_setting(real_store, tmp_path):
    (tmp_path / "greeting.rq").write_text(
        '#+ title: Greeting\n#+ description: Says hello.\n#+ param word: string\n'
        'SELECT ?greeting WHERE { VALUES ?word { "hello" } BIND(CONCAT(?word, "!") AS ?greeting) }\n',
        encoding="utf-8")
    runner = CliRunner(env={"CYBERKG_QUERIES_DIR": str(tmp_path)})
    store = ["--store", real_store.location]
    result = runner.invoke(main, [*store, "query", "--named", "greeting", "--param", "word=hi",
                                  "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["greeting", "hi!"]
    other = runner.invoke(main, [*store, "query", "--named", "itu-scorecard"])
    assert other.exit_code == 2 and "there are: greeting" in other.output
