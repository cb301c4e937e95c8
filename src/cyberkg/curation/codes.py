"""What a curation file may refer to: the code lists of ``ontology/schemes`` and the countries.

Values are checked against the concepts the ontology defines (by ``skos:notation`` within
their scheme), so adding a right or a concern is one edit to a scheme file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store

from cyberkg.rdf import namespaces

_CONCEPTS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?scheme ?concept ?notation ?label WHERE {
  ?concept skos:inScheme ?scheme ; skos:notation ?notation .
  OPTIONAL { ?concept skos:prefLabel ?label FILTER(langMatches(lang(?label), "en")) }
}"""
_COUNTRIES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX ck: <https://w3id.org/cyberkg/def/cyberkg#>
SELECT ?country ?iso3 ?iso2 ?name WHERE {
  GRAPH ?g { ?country a <https://schema.org/Country> ; skos:notation ?iso3 ; ck:iso2 ?iso2 ;
             skos:prefLabel ?name }
}"""


@dataclass(frozen=True)
class Code:
    iri: str
    label: str


@dataclass(frozen=True)
class Country:
    iri: str
    iso3: str
    iso2: str
    name: str


@dataclass
class CodeLists:
    #: scheme name (the last segment of ``id/scheme/{name}``) → notation → concept
    schemes: dict[str, dict[str, Code]] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)

    @classmethod
    def load(cls, ontology_dir: Path, data_dir: Path) -> "CodeLists":
        store = Store()
        for path in sorted((Path(ontology_dir) / "schemes").glob("*.ttl")):
            store.load(path=str(path), format=RdfFormat.TURTLE, to_graph=NamedNode(str(namespaces.ONTOLOGY_GRAPH)))
        codes = cls()
        prefix = str(namespaces.ID) + "scheme/"
        for row in store.query(_CONCEPTS, use_default_graph_as_union=True):
            name = row["scheme"].value.removeprefix(prefix)
            label = row["label"].value if row["label"] else row["notation"].value
            codes.schemes.setdefault(name, {})[row["notation"].value] = Code(row["concept"].value, label)
        countries = Path(data_dir) / "countries.trig"
        if countries.is_file():
            store.load(path=str(countries), format=RdfFormat.TRIG)
            for row in store.query(_COUNTRIES):
                iso3 = row["iso3"].value
                codes.countries[iso3] = Country(row["country"].value, iso3, row["iso2"].value,
                                                row["name"].value)
        return codes

    def allowed(self, scheme: str) -> str:
        return ", ".join(sorted(self.schemes.get(scheme, {})))
