"""Tests of the ontology, the concept schemes and the SHACL shapes (ontology/).

Everything is parsed from the files, relative to the repository root; nothing here depends on
the build or on the curated data, except that every ``ck:`` term used in ``data/`` must be
defined in ``ontology/cyberkg.ttl``.
"""

from __future__ import annotations

import re

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SH, SKOS

ROOT = Path(__file__).parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
SCHEMES_DIR = ONTOLOGY_DIR / "schemes"
DATA_DIR = ROOT / "data"
ONTOLOGY_FILE = ONTOLOGY_DIR / "cyberkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

BASE = "https://w3id.org/cyberkg/"
CK = Namespace(BASE + "def/cyberkg#")
ID = Namespace(BASE + "id/")
ONTOLOGY_IRI = URIRef(BASE + "def/cyberkg")
VANN = Namespace("http://purl.org/vocab/vann/")
QB = Namespace("http://purl.org/linked-data/cube#")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")

#: The ck: terms of docs/model.md.
MODEL_CLASSES = {"Assessment", "TreatyParticipation"}
MODEL_PROPERTIES = {
    "jurisdiction", "lifecycleStatus", "guaranteedBy", "party", "instrument",
    "participationStatus", "indicator", "status", "mentionsOrganization", "mentionsLaw",
    "assessedProvision", "affectedRight", "stance", "concern", "evidence", "statedSource",
    "scale", "rank", "iso2", "sourceWording", "assessedLaw", "basis", "evidenceSummary",
    "locator", "accessed",
}
SCHEME_NAMES = {
    "status", "stance", "concern", "org-type", "lifecycle-status", "treaty-status",
    "rights", "itu-cwp-2014", "itu-gci", "lifecycle-event", "document-kind", "basis",
}
ITU_SECTIONS = [
    "1.1.1", "1.1.2", "1.2.1", "1.2.2", "1.2.3", "1.3.1", "1.3.2", "1.3.3", "1.3.4",
    "1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.5.1", "1.5.2", "1.5.3", "1.5.4",
    "2.1", "2.2", "2.3", "2.4",
]
ITU_PILLARS = {"1": None, "1.1": "1", "1.2": "1", "1.3": "1", "1.4": "1", "1.5": "1", "2": None}
ITU_BACKGROUND = ["population", "internet-users"]


# --------------------------------------------------------------------------- helpers


def rdf_files(*folders: Path) -> list[Path]:
    """All Turtle and TriG files under the folders (missing folders are skipped)."""
    found: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            found += folder.rglob("*.ttl")
            found += folder.rglob("*.trig")
    return sorted(found)


@lru_cache(maxsize=None)
def parse(path: Path) -> Graph:
    """The triples of a Turtle file as an rdflib graph."""
    return Graph().parse(path, format="turtle")


def ck_terms_in(graph: Graph) -> set[URIRef]:
    """Every IRI in the ck: namespace used anywhere in the graph."""
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(CK))
    }


def ck_terms_in_file(path: Path) -> set[URIRef]:
    """Every ck: IRI used in a Turtle or TriG file, in any of its graphs.

    Read with pyoxigraph, which handles TriG without rdflib's Dataset (and its deprecation
    warnings) and is fast on the large generated files.
    """
    fmt = pyoxigraph.RdfFormat.TRIG if path.suffix == ".trig" else pyoxigraph.RdfFormat.TURTLE
    found: set[URIRef] = set()
    with path.open("rb") as handle:
        for quad in pyoxigraph.parse(handle, format=fmt):
            for term in (quad.subject, quad.predicate, quad.object):
                if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(str(CK)):
                    found.add(URIRef(term.value))
    return found


def english(values) -> list[Literal]:
    return [v for v in values if isinstance(v, Literal) and (v.language or "").lower().startswith("en")]


@lru_cache(maxsize=None)
def ontology() -> Graph:
    return parse(ONTOLOGY_FILE)


@lru_cache(maxsize=None)
def vocabulary() -> Graph:
    """The ontology and all concept schemes: what the build loads into graph/ontology."""
    graph = Graph()
    for path in [ONTOLOGY_FILE, *sorted(SCHEMES_DIR.glob("*.ttl"))]:
        graph += parse(path)
    return graph


@lru_cache(maxsize=None)
def shapes() -> Graph:
    return parse(SHAPES_FILE)


def itu(code: str) -> URIRef:
    return ID[f"indicator/itu-cwp-2014/{code}"]


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize("path", rdf_files(ONTOLOGY_DIR), ids=lambda p: p.name)
def test_file_parses_with_rdflib_and_pyoxigraph(path: Path) -> None:
    graph = parse(path)
    assert len(graph) > 0
    with path.open("rb") as handle:
        quads = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(graph)


def test_one_scheme_file_per_scheme() -> None:
    assert {p.stem for p in SCHEMES_DIR.glob("*.ttl")} == SCHEME_NAMES


# --------------------------------------------------------------------------- ontology


def test_ontology_header() -> None:
    g = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert english(g.objects(ONTOLOGY_IRI, DCTERMS.title))
    assert english(g.objects(ONTOLOGY_IRI, DCTERMS.description))
    assert g.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert g.value(ONTOLOGY_IRI, DCTERMS.license) == CC_BY
    assert g.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("ck")
    assert str(g.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri)) == str(CK)
    assert g.value(ONTOLOGY_IRI, DCTERMS.creator) is not None
    assert g.value(ONTOLOGY_IRI, DCTERMS.publisher) is not None


def test_model_terms_are_declared_with_the_right_kind() -> None:
    g = ontology()
    for name in MODEL_CLASSES:
        assert (CK[name], RDF.type, OWL.Class) in g, name
        assert (CK[name], RDFS.subClassOf, PROV.Entity) in g, name
    for name in MODEL_PROPERTIES:
        kinds = set(g.objects(CK[name], RDF.type))
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, name
    declared = {
        t for t in ck_terms_in(g)
        if set(g.objects(t, RDF.type)) & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    }
    assert {str(t)[len(str(CK)):] for t in declared} == MODEL_CLASSES | MODEL_PROPERTIES


def test_every_ck_term_used_in_ontology_and_data_is_defined() -> None:
    g = ontology()
    used: dict[URIRef, list[str]] = {}
    for path in rdf_files(ONTOLOGY_DIR, DATA_DIR):
        for term in ck_terms_in_file(path):
            used.setdefault(term, []).append(str(path.relative_to(ROOT)))
    problems = []
    for term, where in sorted(used.items()):
        missing = [
            what
            for what, ok in [
                ("a type", set(g.objects(term, RDF.type)) & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}),
                ("an English rdfs:label", english(g.objects(term, RDFS.label))),
                ("an English rdfs:comment", english(g.objects(term, RDFS.comment))),
                ("rdfs:isDefinedBy the ontology", (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in g),
            ]
            if not ok
        ]
        if missing:
            problems.append(f"{term} (used in {', '.join(where)}) lacks {', '.join(missing)}")
    assert not problems, "\n".join(problems)


def test_every_ck_term_has_an_alignment_where_model_md_gives_one() -> None:
    g = ontology()
    unaligned = {"participationStatus", "stance", "rank", "basis", "locator", "accessed"}
    alignments = (RDFS.subClassOf, RDFS.subPropertyOf, SKOS.closeMatch)
    for name in (MODEL_CLASSES | MODEL_PROPERTIES) - unaligned:
        assert any(g.value(CK[name], p) is not None for p in alignments), name


# --------------------------------------------------------------------------- schemes


def test_every_concept_has_one_english_label_one_scheme_a_definition_and_a_notation() -> None:
    g = vocabulary()
    schemes = set(g.subjects(RDF.type, SKOS.ConceptScheme))
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 70
    problems = []
    for c in sorted(concepts):
        labels = english(g.objects(c, SKOS.prefLabel))
        in_schemes = list(g.objects(c, SKOS.inScheme))
        if len(labels) != 1:
            problems.append(f"{c}: {len(labels)} English prefLabels")
        if len(in_schemes) != 1 or in_schemes[0] not in schemes:
            problems.append(f"{c}: inScheme {in_schemes} is not exactly one declared scheme")
        if len(english(g.objects(c, SKOS.definition))) != 1:
            problems.append(f"{c}: needs one English definition")
        if len(list(g.objects(c, SKOS.notation))) != 1:
            problems.append(f"{c}: needs one notation")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(SCHEME_NAMES))
def test_scheme_and_concept_iris_follow_the_patterns(name: str) -> None:
    g = parse(SCHEMES_DIR / f"{name}.ttl")
    scheme = ID[f"scheme/{name}"]
    assert set(g.subjects(RDF.type, SKOS.ConceptScheme)) == {scheme}
    assert len(english(g.objects(scheme, SKOS.prefLabel))) == 1
    assert english(g.objects(scheme, DCTERMS.description))
    concepts = set(g.subjects(SKOS.inScheme, scheme))
    assert concepts
    for c in concepts:
        notation = str(g.value(c, SKOS.notation))
        if name == "rights":
            expected = ID[f"right/{notation}"]
        elif name.startswith("itu-"):
            expected = ID[f"indicator/{name}/{notation}"]
        else:
            expected = ID[f"concept/{name}/{notation}"]
        assert c == expected
    tops = set(g.objects(scheme, SKOS.hasTopConcept))
    assert tops == set(g.subjects(SKOS.topConceptOf, scheme))
    assert tops <= concepts


def model_md_code_lists() -> dict[str, set[str]]:
    """The code lists of docs/model.md's "Code lists" table: {scheme: {slug, …}}.

    Only the cell's text before its first "(" lists codes; the rest is commentary.
    """
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    table = text.split("## Code lists", 1)[1].split("\n## ", 1)[0]
    lists = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and re.fullmatch(r"`[a-z0-9-]+`", cells[0]):
            codes = re.findall(r"`([a-z0-9-]+)`", cells[1].split("(", 1)[0])
            if codes:
                lists[cells[0].strip("`")] = set(codes)
    return lists


def test_code_lists_are_those_of_model_md() -> None:
    """The schemes hold exactly the codes docs/model.md documents, and vice versa."""
    g = vocabulary()
    documented = model_md_code_lists()
    assert {"status", "stance", "concern", "org-type", "lifecycle-status", "treaty-status",
            "rights"} <= set(documented)
    for name, codes in documented.items():
        in_scheme = {str(g.value(c, SKOS.notation)) for c in g.subjects(SKOS.inScheme, ID[f"scheme/{name}"])}
        assert in_scheme == codes, name


def test_rights_are_guaranteed_by_instrument_articles() -> None:
    g = vocabulary()

    def art(instrument: str, n: str) -> URIRef:
        return ID[f"instrument/{instrument}/art/{n}"]

    expected = {
        "privacy": {art("iccpr", "17"), art("udhr", "12")},
        "freedom-of-expression": {art("iccpr", "19"), art("udhr", "19")},
        "security-of-person": {art("iccpr", "9"), art("udhr", "3")},
        "access-to-information": {art("iccpr", "19"), art("udhr", "19")},
    }
    for slug, articles in expected.items():
        assert set(g.objects(ID[f"right/{slug}"], CK.guaranteedBy)) == articles, slug


def test_itu_2014_scheme_has_the_pillars_and_exactly_21_sections() -> None:
    g = vocabulary()
    scheme = ID["scheme/itu-cwp-2014"]
    collection = ID["scheme/itu-cwp-2014/sections"]
    assert (collection, RDF.type, SKOS.Collection) in g
    assert len(english(g.objects(collection, SKOS.prefLabel))) == 1
    assert set(g.objects(collection, SKOS.member)) == {itu(c) for c in ITU_SECTIONS}
    assert len(ITU_SECTIONS) == 21

    in_scheme = set(g.subjects(SKOS.inScheme, scheme))
    all_codes = [*ITU_PILLARS, *ITU_SECTIONS, *ITU_BACKGROUND]
    assert in_scheme == {itu(c) for c in all_codes}
    for code in all_codes:
        assert str(g.value(itu(code), SKOS.notation)) == code
    for code, parent in ITU_PILLARS.items():
        if parent is None:
            assert (itu(code), SKOS.topConceptOf, scheme) in g
            assert (scheme, SKOS.hasTopConcept, itu(code)) in g
            assert g.value(itu(code), SKOS.broader) is None
        else:
            assert set(g.objects(itu(code), SKOS.broader)) == {itu(parent)}
    for code in ITU_SECTIONS:
        parent = code.rsplit(".", 1)[0]
        assert set(g.objects(itu(code), SKOS.broader)) == {itu(parent)}, code
    for code in ITU_BACKGROUND:
        assert (itu(code), SKOS.topConceptOf, scheme) in g
    assert str(g.value(itu("1.2.1"), SKOS.prefLabel)) == "CIRT"
    assert str(g.value(itu("2.2"), SKOS.prefLabel)) == "UN Convention and Protocol"


@pytest.mark.parametrize("name", ["itu-cwp-2014", "itu-gci"])
def test_datasets_are_described(name: str) -> None:
    g = vocabulary()
    ds = ID[f"dataset/{name}"]
    assert (ds, RDF.type, QB.DataSet) in g
    assert len(english(g.objects(ds, SKOS.prefLabel))) == 1
    assert len(list(g.objects(ds, DCTERMS.title))) == 1
    assert g.value(ds, DCTERMS.publisher) == ID["org/itu"]
    assert g.value(ds, DCTERMS.license) == CC_BY
    assert str(g.value(ID["dataset/itu-cwp-2014"], DCTERMS.title)) == "ITU Cyberwellness Profiles 2014"


# --------------------------------------------------------------------------- SHACL

VALID_EXAMPLE = """
@prefix ck:      <https://w3id.org/cyberkg/def/cyberkg#> .
@base <https://w3id.org/cyberkg/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eli:     <http://data.europa.eu/eli/ontology#> .
@prefix eli-dl:  <http://data.europa.eu/eli/eli-draft-legislation-ontology#> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix qb:      <http://purl.org/linked-data/cube#> .
@prefix schema:  <https://schema.org/> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix sdmx-measure:   <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

<country/KHM> a schema:Country ;
    skos:prefLabel "Cambodia"@en , "Cambodge"@fr ;
    skos:altLabel "Kingdom of Cambodia"@en ;
    skos:notation "KHM" ;
    ck:iso2 "KH" ;
    owl:sameAs <http://www.wikidata.org/entity/Q424> , <https://sws.geonames.org/1831722/> .

<org/itu> a org:FormalOrganization ;
    skos:prefLabel "International Telecommunication Union"@en ;
    skos:altLabel "ITU"@en ;
    org:classification <concept/org-type/international-organization> .

<org/un> a org:FormalOrganization ;
    skos:prefLabel "United Nations"@en ;
    org:classification <concept/org-type/international-organization> .

<org/icj> a org:FormalOrganization , schema:NGO ;
    skos:prefLabel "International Commission of Jurists"@en ;
    skos:altLabel "ICJ"@en ;
    org:classification <concept/org-type/ngo> .

<org/access-now> a org:FormalOrganization , schema:NGO ;
    skos:prefLabel "Access Now"@en ;
    org:classification <concept/org-type/ngo> .

<org/kh/mptc> a org:FormalOrganization , schema:GovernmentOrganization ;
    skos:prefLabel "Ministry of Post and Telecommunications"@en ;
    skos:altLabel "MPTC"@en ;
    org:classification <concept/org-type/ministry> ;
    ck:jurisdiction <country/KHM> .

<org/kh/department-of-ict-security> a org:FormalOrganization , schema:GovernmentOrganization ;
    skos:prefLabel "Department of ICT Security"@en ;
    org:classification <concept/org-type/department> ;
    org:subOrganizationOf <org/kh/mptc> ;
    ck:jurisdiction <country/KHM> .

<org/kh/camcert> a org:FormalOrganization , schema:GovernmentOrganization ;
    skos:prefLabel "CamCERT"@en ;
    org:classification <concept/org-type/cirt> ;
    ck:jurisdiction <country/KHM> .

<person/ian-seiderman> a foaf:Person ;
    skos:prefLabel "Ian Seiderman"@en ;
    org:memberOf <org/icj> .

<doc/itu-cwp-2014-khm> a foaf:Document , prov:Entity ;
    skos:prefLabel "ITU Cyberwellness Profile: Cambodia"@en ;
    dcterms:title "Cyberwellness Profile Cambodia"@en ;
    dcterms:publisher <org/itu> ;
    dcterms:modified "2014-08-26"^^xsd:date .

<obs/itu-cwp-2014/KHM/1.2.1> a qb:Observation ;
    skos:prefLabel "Cambodia: 1.2.1 CIRT (ITU Cyberwellness 2014)"@en ;
    qb:dataSet <dataset/itu-cwp-2014> ;
    sdmx-dimension:refArea <country/KHM> ;
    ck:indicator <indicator/itu-cwp-2014/1.2.1> ;
    sdmx-dimension:refPeriod "2014-08-26"^^xsd:date ;
    ck:status <concept/status/present> ;
    ck:mentionsOrganization <org/kh/camcert> ;
    ck:evidence [ a oa:TextQuoteSelector ;
        oa:exact "Cambodia has an officially recognized national CIRT (CamCERT)." ] ;
    prov:wasDerivedFrom <doc/itu-cwp-2014-khm> .

<obs/itu-cwp-2014/KHM/population> a qb:Observation ;
    skos:prefLabel "Cambodia: total population (ITU Cyberwellness 2014)"@en ;
    qb:dataSet <dataset/itu-cwp-2014> ;
    sdmx-dimension:refArea <country/KHM> ;
    ck:indicator <indicator/itu-cwp-2014/population> ;
    sdmx-dimension:refPeriod "2014-08-26"^^xsd:date ;
    sdmx-measure:obsValue 14478000 ;
    ck:statedSource "United Nations Statistics Division, December 2012" ;
    prov:wasDerivedFrom <doc/itu-cwp-2014-khm> .

<doc/itu-gci-2017> a foaf:Document , prov:Entity ;
    skos:prefLabel "ITU Global Cybersecurity Index 2017"@en ;
    dcterms:title "Global Cybersecurity Index 2017"@en ;
    dcterms:publisher <org/itu> ;
    dcterms:issued "2017"^^xsd:gYear .

<obs/itu-gci/KHM/2017> a qb:Observation ;
    skos:prefLabel "Cambodia: GCI score 2017"@en ;
    qb:dataSet <dataset/itu-gci> ;
    sdmx-dimension:refArea <country/KHM> ;
    ck:indicator <indicator/itu-gci/score> ;
    sdmx-dimension:refPeriod "2017"^^xsd:gYear ;
    sdmx-measure:obsValue 0.283 ;
    ck:scale "0-1" ;
    prov:wasDerivedFrom <doc/itu-gci-2017> .

<instrument/iccpr> a eli:LegalResource , schema:Legislation ;
    skos:prefLabel "International Covenant on Civil and Political Rights"@en ;
    skos:altLabel "ICCPR"@en .

<instrument/iccpr/art/17> a eli:LegalResourceSubdivision ;
    skos:prefLabel "ICCPR, article 17"@en ;
    eli:is_part_of <instrument/iccpr> ;
    eli:number "17" .

<doc/un-treaty-collection> a foaf:Document , prov:Entity ;
    skos:prefLabel "UN Treaty Collection: status of human-rights treaties"@en ;
    dcterms:title "United Nations Treaty Collection"@en ;
    dcterms:publisher <org/un> .

<participation/KHM/iccpr> a ck:TreatyParticipation ;
    skos:prefLabel "Cambodia: party to the ICCPR"@en ;
    ck:party <country/KHM> ;
    ck:instrument <instrument/iccpr> ;
    ck:participationStatus <concept/treaty-status/party> ;
    dcterms:date "1992"^^xsd:gYear ;
    prov:wasDerivedFrom <doc/un-treaty-collection> .

<law/kh/draft-law-on-cybersecurity> a eli:LegalResource , schema:Legislation , eli-dl:DraftLegislationWork ;
    skos:prefLabel "Draft Law on Cybersecurity"@en ;
    eli:jurisdiction <country/KHM> ;
    ck:lifecycleStatus <concept/lifecycle-status/draft> ;
    eli:responsibility_of <org/kh/mptc> .

<law/kh/draft-law-on-cybersecurity/v/2022-09-02> a eli:LegalResource ;
    skos:prefLabel "Draft Law on Cybersecurity (version of 2 September 2022)"@en ;
    dcterms:isVersionOf <law/kh/draft-law-on-cybersecurity> ;
    eli:version_date "2022-09-02"^^xsd:date ;
    eli:has_part <law/kh/draft-law-on-cybersecurity/v/2022-09-02/provision/licensing-of-cybersecurity-services> .

<law/kh/draft-law-on-cybersecurity/v/2022-09-02/provision/licensing-of-cybersecurity-services>
    a eli:LegalResourceSubdivision ;
    skos:prefLabel "Draft Law on Cybersecurity: licensing of cybersecurity services"@en ;
    eli:is_part_of <law/kh/draft-law-on-cybersecurity/v/2022-09-02> .

<doc/icj-access-now-2023> a foaf:Document , prov:Entity ;
    skos:prefLabel "ICJ and Access Now: statement on Cambodia's Draft Law on Cybersecurity"@en ;
    dcterms:title "Cambodia: Ministries should withdraw draft cybersecurity law which would threaten human rights and expose people to increased cyber threats"@en ;
    dcterms:publisher <org/icj> ;
    dcterms:issued "2023-10-02"^^xsd:date .

<assessment/icj-access-now-2023/licensing> a ck:Assessment ;
    skos:prefLabel "ICJ and Access Now: licensing of cybersecurity services threatens privacy"@en ;
    ck:assessedProvision <law/kh/draft-law-on-cybersecurity/v/2022-09-02/provision/licensing-of-cybersecurity-services> ;
    ck:affectedRight <right/privacy> ;
    ck:stance <concept/stance/threatens> ;
    ck:basis <concept/basis/stated> ;
    ck:concern <concept/concern/licensing-of-security-services> , <concept/concern/administrative-burden> ;
    prov:wasAttributedTo <org/icj> , <org/access-now> ;
    prov:wasDerivedFrom <doc/icj-access-now-2023> ;
    dcterms:date "2023-10-02"^^xsd:date ;
    ck:evidence [ a oa:TextQuoteSelector ;
        oa:exact "The Draft Law would require government licenses of cybersecurity services – an excessive provision that would hamper the ability of people and businesses in Cambodia from being able to secure themselves against intrusion into their networks and safeguard their data" ] .
"""

KHM = ID["country/KHM"]
OBS = ID["obs/itu-cwp-2014/KHM/1.2.1"]
ASSESSMENT = ID["assessment/icj-access-now-2023/licensing"]
PARTICIPATION = ID["participation/KHM/iccpr"]
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
OA = Namespace("http://www.w3.org/ns/oa#")


def example() -> Graph:
    return Graph().parse(data=VALID_EXAMPLE, format="turtle")


def run_shacl(data: Graph) -> tuple[bool, list[tuple[object, str]], str]:
    """Validate data + ontology + schemes; return (conforms, [(focus, message)], text)."""
    union = Graph()
    union += vocabulary()
    union += data
    conforms, report, text = validate(union, shacl_graph=shapes(), inference="none")
    results = [
        (report.value(r, SH.focusNode), str(report.value(r, SH.resultMessage)))
        for r in report.objects(None, SH.result)  # top-level results, not their sh:detail
    ]
    return bool(conforms), results, text


def test_shapes_cover_every_class() -> None:
    g = shapes()
    targets = set(g.objects(None, SH.targetClass))
    expected = {
        URIRef("https://schema.org/Country"),
        URIRef("http://www.w3.org/ns/org#FormalOrganization"),
        URIRef("http://xmlns.com/foaf/0.1/Person"),
        URIRef("http://data.europa.eu/eli/ontology#LegalResource"),
        URIRef("http://data.europa.eu/eli/ontology#LegalResourceSubdivision"),
        SKOS.Concept, SKOS.ConceptScheme, CK.TreatyParticipation, QB.Observation, QB.DataSet,
        CK.Assessment, URIRef("http://xmlns.com/foaf/0.1/Document"),
    }
    assert expected <= targets
    # Every constraint a data editor can trip over carries a message: the property shapes of
    # the targeted shapes, and node-level constraints (sh:or) of targeted shapes.
    for node_shape in set(g.subjects(SH.targetClass, None)):
        for prop in g.objects(node_shape, SH.property):
            assert g.value(prop, SH.message) is not None, (node_shape, prop)
        if g.value(node_shape, SH["or"]) is not None:
            assert g.value(node_shape, SH.message) is not None, node_shape


def test_valid_example_conforms() -> None:
    conforms, results, text = run_shacl(example())
    assert conforms, text


def test_valid_example_conforms_with_explicit_xsd_string() -> None:
    """Stores such as pyoxigraph hand plain literals back typed xsd:string; still valid."""
    xsd_string = URIRef("http://www.w3.org/2001/XMLSchema#string")
    typed = Graph()
    for s, p, o in example():
        if isinstance(o, Literal) and o.datatype is None and o.language is None:
            o = Literal(str(o), datatype=xsd_string)
        typed.add((s, p, o))
    conforms, results, text = run_shacl(typed)
    assert conforms, text


def _drop(s, p) -> Callable[[Graph], None]:
    def change(g: Graph) -> None:
        g.remove((s, p, None))
    return change


def _set(s, p, o) -> Callable[[Graph], None]:
    def change(g: Graph) -> None:
        g.set((s, p, o))
    return change


def _add(s, p, o) -> Callable[[Graph], None]:
    def change(g: Graph) -> None:
        g.add((s, p, o))
    return change


def _long_quote(g: Graph) -> None:
    selector = g.value(ASSESSMENT, CK.evidence)
    g.set((selector, OA.exact, Literal("x" * 301)))


def _no_measure(g: Graph) -> None:
    g.remove((OBS, CK.status, None))
    g.remove((OBS, SDMX_MEASURE.obsValue, None))


BROKEN = {
    "observation without prov:wasDerivedFrom": (
        _drop(OBS, PROV.wasDerivedFrom), OBS, "prov:wasDerivedFrom"),
    "two English prefLabels": (
        _add(KHM, SKOS.prefLabel, Literal("Kingdom of Cambodia", lang="en")), KHM,
        "exactly one English skos:prefLabel"),
    "no English prefLabel": (
        _set(ID["org/kh/camcert"], SKOS.prefLabel, Literal("CamCERT", lang="km")), ID["org/kh/camcert"],
        "exactly one English skos:prefLabel"),
    "assessment stance is a status concept": (
        _set(ASSESSMENT, CK.stance, ID["concept/status/present"]), ASSESSMENT, "ck:stance"),
    "country notation in lower case": (
        _set(KHM, SKOS.notation, Literal("khm")), KHM, "ISO 3166-1 alpha-3"),
    "country sameAs DBpedia": (
        _add(KHM, OWL.sameAs, URIRef("http://dbpedia.org/resource/Cambodia")), KHM, "owl:sameAs"),
    "observation with neither status nor value": (
        _no_measure, OBS, "needs a value"),
    "observation refPeriod as a plain string": (
        _set(OBS, URIRef("http://purl.org/linked-data/sdmx/2009/dimension#refPeriod"), Literal("2014")),
        OBS, "refPeriod"),
    "assessment right outside the rights scheme": (
        _set(ASSESSMENT, CK.affectedRight, ID["concept/concern/lack-of-safeguards"]), ASSESSMENT,
        "ck:affectedRight"),
    "assessment evidence quote too long": (_long_quote, ASSESSMENT, "oa:exact"),
    "assessment without date": (_drop(ASSESSMENT, DCTERMS.date), ASSESSMENT, "dcterms:date"),
    "participation with a stance as status": (
        _set(PARTICIPATION, CK.participationStatus, ID["concept/stance/protects"]), PARTICIPATION,
        "ck:participationStatus"),
    "participation date as xsd:date": (
        _set(PARTICIPATION, DCTERMS.date, Literal("1992-05-26", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))),
        PARTICIPATION, "xsd:gYear"),
    "organisation type from another scheme": (
        _set(ID["org/kh/mptc"], URIRef("http://www.w3.org/ns/org#classification"), ID["concept/status/present"]),
        ID["org/kh/mptc"], "org:classification"),
    "observation scale not one of the two": (
        _set(ID["obs/itu-gci/KHM/2017"], CK.scale, Literal("0-10")), ID["obs/itu-gci/KHM/2017"], "ck:scale"),
    "document without publisher": (
        _drop(ID["doc/itu-gci-2017"], DCTERMS.publisher), ID["doc/itu-gci-2017"], "dcterms:publisher"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_example_does_not_conform(case: str) -> None:
    change, focus, message_part = BROKEN[case]
    data = example()
    change(data)
    conforms, results, text = run_shacl(data)
    assert not conforms, case
    assert results, text
    # The report names the broken node and says what is wrong, and nothing else is reported.
    for result_focus, message in results:
        assert result_focus == focus, text
        assert message_part in message, text
