"""The namespaces and IRI patterns of cyberkg (DESIGN §2), in one place.

Every module that mints or reads a cyberkg IRI goes through here, so the patterns are
written once. Functions return ``rdflib.URIRef``; ``str()`` gives the plain IRI.

>>> str(country("khm"))
'https://w3id.org/cyberkg/id/country/KHM'
>>> str(graph("itu-cwp-2014-khm"))
'https://w3id.org/cyberkg/graph/itu-cwp-2014-khm'
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/cyberkg/"

CK = Namespace(BASE + "def/cyberkg#")
ID = Namespace(BASE + "id/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ELI_DL = Namespace("http://data.europa.eu/eli/eli-draft-legislation-ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

#: Prefixes bound in every serialisation cyberkg writes, and offered to query writers.
PREFIXES: dict[str, str] = {
    "ck": str(CK),
    "cki": str(ID),
    "eli": str(ELI),
    "eli-dl": str(ELI_DL),
    "org": str(ORG),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": str(OA),
    "schema": str(SCHEMA),
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": str(WD),
}


def sparql_prologue() -> str:
    """Return ``PREFIX`` lines for every namespace in :data:`PREFIXES`."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def slugify(text: str) -> str:
    """Return a lower-case ASCII slug with hyphens (DESIGN §2 rule for slugs).

    >>> slugify("Ministry of Posts and Telecommunications (MPTC)")
    'ministry-of-posts-and-telecommunications-mptc'
    >>> slugify("Côte d'Ivoire")
    'cote-d-ivoire'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def country(iso3: str) -> URIRef:
    return ID[f"country/{iso3.upper()}"]


def organisation(slug: str, iso2: str | None = None) -> URIRef:
    """A national body (with ``iso2``) or an international / non-governmental one."""
    return ID[f"org/{iso2.lower()}/{slug}"] if iso2 else ID[f"org/{slug}"]


def law(iso2: str, slug: str) -> URIRef:
    return ID[f"law/{iso2.lower()}/{slug}"]


def instrument(slug: str) -> URIRef:
    return ID[f"instrument/{slug}"]


def article(work: URIRef, number: str) -> URIRef:
    """A numbered article of a law, a law version or an instrument."""
    return URIRef(f"{work}/art/{number}")


def concept(scheme_name: str, slug: str) -> URIRef:
    return ID[f"concept/{scheme_name}/{slug}"]


def scheme(name: str) -> URIRef:
    return ID[f"scheme/{name}"]


def indicator(framework: str, code: str) -> URIRef:
    return ID[f"indicator/{framework}/{code}"]


def dataset(name: str) -> URIRef:
    return ID[f"dataset/{name}"]


def observation(dataset_name: str, iso3: str, code_or_period: str) -> URIRef:
    return ID[f"obs/{dataset_name}/{iso3.upper()}/{code_or_period}"]


def document(slug: str) -> URIRef:
    return ID[f"doc/{slug}"]


def graph(slug: str) -> URIRef:
    return URIRef(f"{BASE}graph/{slug}")


def right(slug: str) -> URIRef:
    return ID[f"right/{slug}"]


ONTOLOGY_GRAPH = graph("ontology")
