"""Counts that describe a built graph: triples, named graphs, entities per class."""

from __future__ import annotations

from typing import Any

from cyberkg.rdf.namespaces import sparql_prologue
from cyberkg.store import GraphStore

#: The classes of DESIGN §3 whose instances `cyberkg stats` counts, in display order.
MAIN_CLASSES = (
    "schema:Country", "org:FormalOrganization", "foaf:Person", "eli:LegalResource",
    "eli:LegalResourceSubdivision", "skos:Concept", "skos:ConceptScheme", "qb:DataSet",
    "qb:Observation", "ck:Assessment", "ck:TreatyParticipation", "foaf:Document",
    "owl:Class", "owl:ObjectProperty", "owl:DatatypeProperty",
)


def dataset_stats(store: GraphStore) -> dict[str, Any]:
    """Return {"triples", "graphs": {iri: n}, "classes": {curie: n}, "observations": {…}}."""
    graphs = {row["g"].value: int(row["n"].value) for row in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")}
    values = " ".join(MAIN_CLASSES)
    counts = {c: 0 for c in MAIN_CLASSES}
    rows = store.query(sparql_prologue() + f"""
        SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?c {{ {values} }} ?s a ?c }}
        GROUP BY ?c""")
    by_iri = {_expand(c): c for c in MAIN_CLASSES}
    for row in rows:
        counts[by_iri[row["c"].value]] = int(row["n"].value)
    observations = {row["d"].value: int(row["n"].value) for row in store.query(
        sparql_prologue() + "SELECT ?d (COUNT(?o) AS ?n) WHERE { ?o qb:dataSet ?d } GROUP BY ?d ORDER BY ?d")}
    return {"version": store.version, "triples": sum(graphs.values()), "graphs": graphs,
            "classes": counts, "observations": observations}


def _expand(curie: str) -> str:
    from cyberkg.rdf.namespaces import PREFIXES
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix] + local
