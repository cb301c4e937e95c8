"""The SPARQL service description (``sd:``) of the endpoint, with its default dataset
described in VoID, as pyoxigraph triples.

The endpoint's own address is the one the client used, as a proxy reports it
(``X-Forwarded-Proto``, ``X-Forwarded-Host``), so the description names an address that
works from where the client is.
"""

from __future__ import annotations

import re
from typing import Iterator

from flask import request
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from cyberkg.rdf import formats
from cyberkg.settings import Settings

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
OWL_VERSION = NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
LICENSE = NamedNode("https://creativecommons.org/licenses/by/4.0/")
PREFIXES = {"sd": SD, "void": VOID, "dcterms": DCTERMS, "formats": formats.W3C_FORMATS,
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#"}

_HOST = re.compile(r"[A-Za-z0-9.-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?")


def endpoint_address() -> str:
    """The endpoint's URL as the client reached it (through a proxy, if one says so)."""
    proto = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    host = request.headers.get("X-Forwarded-Host", "").split(",")[0].strip()
    proto = proto if proto in ("http", "https") else request.scheme
    host = host if _HOST.fullmatch(host) else request.host
    return f"{proto}://{host}{request.script_root}{request.path}"


def description(endpoint: str, settings: Settings, manifest: dict, allowlist: tuple[str, ...]
                ) -> Iterator[Triple]:
    """The triples describing the service at ``endpoint`` and its default dataset."""
    service, dataset, default_graph = NamedNode(endpoint), BlankNode(), BlankNode()
    sd = lambda term: NamedNode(SD + term)  # noqa: E731
    void = lambda term: NamedNode(VOID + term)  # noqa: E731
    yield Triple(service, RDF_TYPE, sd("Service"))
    yield Triple(service, sd("endpoint"), service)
    yield Triple(service, sd("supportedLanguage"), sd("SPARQL11Query"))
    yield Triple(service, sd("feature"), sd("UnionDefaultGraph"))
    if allowlist:
        yield Triple(service, sd("feature"), sd("BasicFederatedQuery"))
    yield Triple(service, sd("defaultEntailmentRegime"),
                 NamedNode("http://www.w3.org/ns/entailment/Simple"))
    for fmt in formats.FORMATS:
        if fmt.w3c:
            yield Triple(service, sd("resultFormat"), NamedNode(fmt.w3c))
    yield Triple(service, NamedNode(DCTERMS + "title"), Literal("cyberkg SPARQL endpoint", language="en"))
    yield Triple(service, RDFS_COMMENT, Literal(_limits(settings, allowlist), language="en"))
    yield Triple(service, sd("defaultDataset"), dataset)

    yield Triple(dataset, RDF_TYPE, sd("Dataset"))
    yield Triple(dataset, RDF_TYPE, void("Dataset"))
    yield Triple(dataset, NamedNode(DCTERMS + "title"),
                 Literal("cyberkg: national cybersecurity governance", language="en"))
    yield Triple(dataset, NamedNode(DCTERMS + "license"), LICENSE)
    yield Triple(dataset, void("sparqlEndpoint"), service)
    yield Triple(dataset, void("uriSpace"), Literal(settings.base_iri + "id/"))
    if manifest.get("version"):
        yield Triple(dataset, OWL_VERSION, Literal(manifest["version"]))
    graphs = manifest.get("graphs", {})
    if "triples" in manifest:
        yield Triple(dataset, void("triples"), _count(manifest["triples"]))
    named = {name: (BlankNode(), BlankNode()) for name in sorted(graphs)}
    for description_node, _ in named.values():
        yield Triple(dataset, sd("namedGraph"), description_node)
    yield Triple(dataset, sd("defaultGraph"), default_graph)
    yield Triple(default_graph, RDF_TYPE, sd("Graph"))
    if "triples" in manifest:
        yield Triple(default_graph, void("triples"), _count(manifest["triples"]))
    for name, (node, graph) in named.items():
        yield Triple(node, RDF_TYPE, sd("NamedGraph"))
        yield Triple(node, sd("name"), NamedNode(name))
        yield Triple(node, sd("graph"), graph)
        yield Triple(graph, RDF_TYPE, sd("Graph"))
        if "triples" in graphs[name]:
            yield Triple(graph, void("triples"), _count(graphs[name]["triples"]))


def _count(n: int) -> Literal:
    return Literal(str(int(n)), datatype=XSD_INTEGER)


def _limits(settings: Settings, allowlist: tuple[str, ...]) -> str:
    service = ("SERVICE may call only " + ", ".join(f"<{a}>" for a in allowlist)) if allowlist \
        else "SERVICE is refused"
    return (f"Read-only. Each query may run for {settings.query_timeout:g} s (a `timeout` "
            f"parameter in seconds may lower that) and returns at most {settings.max_rows} "
            f"rows; a truncated result says so in the Cyberkg-Result-Truncated header and in the "
            f"body. {service}. The default graph is the union of the named graphs. The prefixes "
            "of cyberkg (ck:, skos:, eli:, qb:, …) are predeclared.")
