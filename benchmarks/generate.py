"""A deterministic synthetic graph in the shape of cyberkg's data, at a chosen size.

200 countries × 60 ITU-style indicators (6 pillars) × ``periods`` observations (qb:, with a
coded status and a numeric value), 5 agencies per country, ``laws`` laws per country with
10 provisions each, and an assessment for every fifth provision; each source in its own
named graph, as the real build does. Sizes: 100k ≈ 1 period and 1 law per country, 1M ≈ 10
periods and 2 laws, 10M ≈ 100 periods and 20 laws.

    python benchmarks/generate.py 1m /tmp/bench-1m     # → a store directory cyberkg serves

The same arguments always give the same triples (a seeded generator, no clock).
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Iterator

from pyoxigraph import Literal, NamedNode, Quad, Store

BASE = "https://w3id.org/cyberkg/"
ID = BASE + "id/"
CK = BASE + "def/cyberkg#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SKOS = "http://www.w3.org/2004/02/skos/core#"
QB = "http://purl.org/linked-data/cube#"
SDMX_DIM = "http://purl.org/linked-data/sdmx/2009/dimension#"
SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: size name → (periods of observations, laws per country)
SIZES = {"100k": (1, 1), "1m": (10, 2), "10m": (100, 20)}
COUNTRIES, PILLARS, PER_PILLAR, AGENCIES, PROVISIONS = 200, 6, 10, 5, 10
STATUSES = ["present", "absent", "in-progress", "unknown"]
RIGHTS = ["privacy", "freedom-of-expression", "security-of-person", "access-to-information",
          "freedom-of-assembly"]
STANCES = ["threatens", "protects", "neutral"]


def n(iri: str) -> NamedNode:
    return NamedNode(iri)


def country(i: int) -> str:
    return f"{ID}country/C{i:03d}"


def indicator(p: int, k: int) -> str:
    return f"{ID}indicator/bench/{p}.{k}"


def pillar(p: int) -> str:
    return f"{ID}indicator/bench/{p}"


def law(c: int, k: int) -> str:
    return f"{ID}law/c{c:03d}/cybersecurity-law-{k}"


def period(t: int) -> str:
    return str(1990 + t)


def quads(periods: int, laws: int) -> Iterator[Quad]:
    rng = random.Random(20240601)
    g = lambda name: n(f"{BASE}graph/{name}")  # noqa: E731
    ontology, countries, obs_graph = g("ontology"), g("countries"), g("bench-observations")
    label = n(SKOS + "prefLabel")
    for p in range(1, PILLARS + 1):
        yield Quad(n(pillar(p)), RDF_TYPE, n(SKOS + "Concept"), ontology)
        yield Quad(n(pillar(p)), label, Literal(f"Pillar {p}", language="en"), ontology)
        for k in range(1, PER_PILLAR + 1):
            i = n(indicator(p, k))
            yield Quad(i, RDF_TYPE, n(SKOS + "Concept"), ontology)
            yield Quad(i, label, Literal(f"Indicator {p}.{k}", language="en"), ontology)
            yield Quad(i, n(SKOS + "notation"), Literal(f"{p}.{k}"), ontology)
            yield Quad(i, n(SKOS + "broader"), n(pillar(p)), ontology)
    dataset = n(f"{ID}dataset/bench")
    for c in range(COUNTRIES):
        subject = n(country(c))
        yield Quad(subject, RDF_TYPE, n(SCHEMA + "Country"), countries)
        yield Quad(subject, label, Literal(f"Country {c:03d}", language="en"), countries)
        yield Quad(subject, n(SKOS + "notation"), Literal(f"C{c:03d}"), countries)
        yield Quad(subject, n(SKOS + "altLabel"), Literal(f"Republic of {c:03d}", language="en"), countries)
        agencies_graph = g(f"agencies-c{c:03d}")
        agencies = []
        for a in range(AGENCIES):
            agency = n(f"{ID}org/c{c:03d}/agency-{a}")
            agencies.append(agency)
            yield Quad(agency, RDF_TYPE, n(ORG + "FormalOrganization"), agencies_graph)
            yield Quad(agency, RDF_TYPE, n(SCHEMA + "GovernmentOrganization"), agencies_graph)
            yield Quad(agency, label, Literal(f"National Cyber Agency {a} of Country {c:03d}",
                                              language="en"), agencies_graph)
            yield Quad(agency, n(CK + "jurisdiction"), subject, agencies_graph)
            yield Quad(agency, n(ORG + "classification"), n(f"{ID}concept/org-type/agency"), agencies_graph)
        for t in range(periods):
            for p in range(1, PILLARS + 1):
                for k in range(1, PER_PILLAR + 1):
                    o = n(f"{ID}obs/bench/C{c:03d}/{p}.{k}/{period(t)}")
                    yield Quad(o, RDF_TYPE, n(QB + "Observation"), obs_graph)
                    yield Quad(o, n(QB + "dataSet"), dataset, obs_graph)
                    yield Quad(o, n(SDMX_DIM + "refArea"), subject, obs_graph)
                    yield Quad(o, n(CK + "indicator"), n(indicator(p, k)), obs_graph)
                    yield Quad(o, n(SDMX_DIM + "refPeriod"), Literal(period(t), datatype=n(XSD + "gYear")), obs_graph)
                    yield Quad(o, n(CK + "status"), n(f"{ID}concept/status/{rng.choice(STATUSES)}"), obs_graph)
                    yield Quad(o, n(SDMX_MEASURE + "obsValue"),
                               Literal(f"{rng.random():.3f}", datatype=n(XSD + "decimal")), obs_graph)
                    yield Quad(o, n(PROV + "wasDerivedFrom"), n(f"{ID}doc/bench-c{c:03d}"), obs_graph)
        laws_graph = g(f"laws-c{c:03d}")
        for k in range(laws):
            work = n(law(c, k))
            yield Quad(work, RDF_TYPE, n(ELI + "LegalResource"), laws_graph)
            yield Quad(work, RDF_TYPE, n(SCHEMA + "Legislation"), laws_graph)
            yield Quad(work, n(ELI + "title"), Literal(f"Cybersecurity Law {k} of Country {c:03d}",
                                                       language="en"), laws_graph)
            yield Quad(work, n(ELI + "jurisdiction"), subject, laws_graph)
            yield Quad(work, n(ELI + "date_document"),
                       Literal(f"{2000 + k % 25}-0{1 + k % 9}-15", datatype=n(XSD + "date")), laws_graph)
            yield Quad(work, n(CK + "lifecycleStatus"), n(f"{ID}concept/lifecycle/{rng.choice(['in-force', 'draft'])}"), laws_graph)
            for a in range(1, PROVISIONS + 1):
                provision = n(f"{law(c, k)}/art/{a}")
                yield Quad(work, n(ELI + "has_part"), provision, laws_graph)
                yield Quad(provision, RDF_TYPE, n(ELI + "LegalResourceSubdivision"), laws_graph)
                yield Quad(provision, n(ELI + "is_part_of"), work, laws_graph)
                yield Quad(provision, n(ELI + "number"), Literal(str(a)), laws_graph)
                yield Quad(provision, n(ELI + "description"), Literal(
                    f"Article {a} on the {rng.choice(['interception', 'retention', 'blocking', 'reporting'])} "
                    "of communications", language="en"), laws_graph)
                if a % 5 == 0:
                    assessment = n(f"{ID}assessment/bench-c{c:03d}/{k}-{a}")
                    yield Quad(assessment, RDF_TYPE, n(CK + "Assessment"), laws_graph)
                    yield Quad(assessment, n(CK + "assessedProvision"), provision, laws_graph)
                    yield Quad(assessment, n(CK + "affectedRight"), n(f"{ID}right/{rng.choice(RIGHTS)}"), laws_graph)
                    yield Quad(assessment, n(CK + "stance"), n(f"{ID}concept/stance/{rng.choice(STANCES)}"), laws_graph)
                    yield Quad(assessment, n(PROV + "wasAttributedTo"), rng.choice(agencies), laws_graph)
                    yield Quad(assessment, n("http://purl.org/dc/terms/date"),
                               Literal(f"20{10 + k % 14}-06-01", datatype=n(XSD + "date")), laws_graph)


def generate(size: str, directory: Path) -> dict:
    """Write the graph of ``size`` as a store directory cyberkg can serve (``oxigraph/`` and
    ``manifest.json``); return the manifest."""
    periods, laws = SIZES[size]
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    store = Store(str(directory / "oxigraph"))
    store.bulk_extend(quads(periods, laws))
    store.optimize()
    triples = len(store)
    store.flush()
    del store
    manifest = {"version": f"bench-{size}", "triples": triples, "graphs": {},
                "generated_seconds": round(time.perf_counter() - started, 1)}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in SIZES:
        sys.exit(f"usage: python {sys.argv[0]} {{{'|'.join(SIZES)}}} DIRECTORY")
    print(json.dumps(generate(sys.argv[1], Path(sys.argv[2]))))
