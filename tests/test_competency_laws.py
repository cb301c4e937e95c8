"""Competency questions about laws and rights across countries (data/curation): each answer
was read off the source documents the curation files cite (their addresses are in the
files), and the tests ask the built graph for it with SPARQL."""

from __future__ import annotations

import pytest

from cyberkg.rdf.namespaces import PREFIXES

ID = "https://w3id.org/cyberkg/id/"
EVENT_TYPE = ID + "concept/lifecycle-event/"


def rows(store, sparql: str) -> list[dict[str, str]]:
    results = store.query(sparql, prefixes=PREFIXES)
    names = [v.value for v in results.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in results]


def events(store, law: str) -> set[tuple[str, str, str]]:
    """(event type, date, source document) of every lifecycle event of ``law``."""
    return {(r["type"].rsplit("/", 1)[-1], r["date"], r["doc"].rsplit("/", 1)[-1]) for r in rows(store, f"""
        SELECT ?type ?date ?doc WHERE {{ ?e eli-dl:forwards <{ID}{law}> ;
          eli-dl:had_activity_type ?type ; dcterms:date ?date ; prov:wasDerivedFrom ?doc }}""")}


def assessed(store, provision: str) -> set[tuple[str, str, str]]:
    """(author, right, stance) of every assessment of ``provision``."""
    return {(r["who"].rsplit("/id/org/", 1)[-1], r["right"].rsplit("/", 1)[-1], r["stance"].rsplit("/", 1)[-1])
            for r in rows(store, f"""
        SELECT ?who ?right ?stance WHERE {{ ?a ck:assessedProvision <{ID}{provision}> ;
          prov:wasAttributedTo ?who ; ck:affectedRight ?right ; ck:stance ?stance }}""")}


@pytest.fixture(scope="module")
def store(built_store):
    return built_store


def test_uganda_constitutional_court_annulled_section_25_of_the_computer_misuse_act(store):
    law = "law/ug/computer-misuse-act-2011"
    assert ("struck-down", "2023-01-10", "kakuru-advocates-annulment-section-25-computer-misuse-act") in events(store, law)
    assert ("ug/constitutional-court", "freedom-of-expression", "threatens") in assessed(store, law + "/art/25")


def test_nigeria_ecowas_court_twice_ordered_section_24_amended(store):
    law = "law/ng/cybercrimes-prohibition-prevention-etc-act-2015"
    orders = {(date, doc) for kind, date, doc in events(store, law) if kind == "court-ordered-amendment"}
    assert {date for date, _ in orders} == {"2020-07-10", "2022-03-25"}
    assert ("ecowas-court-of-justice", "freedom-of-expression", "threatens") in assessed(store, law + "/art/24")


def test_nicaragua_law_1042_adopted_and_published(store):
    law = "law/ni/special-law-on-cybercrimes-2020"
    found = events(store, law)
    assert ("adopted", "2020-10-27", "ni-asamblea-2020-ley-1042-ley-especial-de-ciberdelitos") in found
    assert ("published", "2020-10-30", "ni-asamblea-2020-ley-1042-ley-especial-de-ciberdelitos") in found
    number = rows(store, f"SELECT ?n WHERE {{ <{ID}{law}> eli:id_local ?n }}")
    assert number == [{"n": "1042"}]


def test_indonesia_constitutional_court_struck_the_false_news_articles_of_law_1_1946(store):
    found = events(store, "law/id/law-on-criminal-law-regulations-1946")
    assert ("struck-down", "2024-03-21", "leip-2024-03-press-release-revocation-fake-news-provisions") in found


def test_philippines_disini_ruling_is_dated_differently_by_two_sources_and_both_are_kept(store):
    struck = {(date, doc) for kind, date, doc in events(store, "law/ph/cybercrime-prevention-act-of-2012")
              if kind == "struck-down"}
    assert struck == {("2014-02-18", "rappler-2014-02-18-sc-rules-online-libel-constitutional"),
                      ("2014-02-11", "delacalzada-disini-v-secretary-of-justice-gr-203335")}


def test_australia_assistance_and_access_act_number_and_assent(store):
    law = "law/au/assistance-and-access-act-2018"
    assert rows(store, f"SELECT ?n WHERE {{ <{ID}{law}> eli:id_local ?n }}") == [{"n": "No. 148, 2018"}]
    assert ("promulgated", "2018-12-08", "lsj-going-dark-assistance-and-access-act") in events(store, law)


def test_zambia_sources_disagree_on_the_day_of_assent(store):
    law = "law/zm/cyber-security-and-cyber-crimes-act-2021"
    assent = {(date, doc) for kind, date, doc in events(store, law) if kind == "promulgated"}
    assert ("2021-03-23", "zambialii-cyber-security-and-cyber-crimes-act-2021") in assent
    assert ("2021-03-24", "lexafrica-2021-04-zambia-cyber-security-and-cyber-crimes-act") in assent
    assert rows(store, f"SELECT ?n WHERE {{ <{ID}{law}> eli:id_local ?n }}") == [{"n": "No. 2 of 2021"}]


def test_kenya_high_court_dismissed_the_bloggers_petition_in_2020(store):
    law = "law/ke/computer-misuse-and-cybercrimes-act-2018"
    found = events(store, law)
    assert ("court-upheld", "2020-02-20", "kenyalaw-2020-bake-v-attorney-general-judgment") in found
    assert ("promulgated", "2018-05-16", "mediamax-2018-07-sections-of-cyber-laws-to-remain-suspended") in found
