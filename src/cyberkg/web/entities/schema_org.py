"""schema.org JSON-LD embedded in every entity page (``<script type="application/ld+json">``,
data for search engines and harvesters, never executed).

The mapping is data: :data:`TYPES` gives the schema.org type of each kind of page and
:data:`PROPERTIES` the schema.org property each graph property becomes. The JSON is made
safe to embed in HTML by :func:`embeddable` (no ``<``, ``>`` or ``&`` left raw).
"""

from __future__ import annotations

import json
from typing import Any

from pyoxigraph import Literal, NamedNode

from cyberkg.web.data import vocab as v
from cyberkg.web.entities.description import Description
from cyberkg.web.http.urls import dataset_iri

TYPES = {"country": "Country", "law": "Legislation", "provision": "Legislation",
         "assessment": "Claim", "organisation": "Organization", "right": "DefinedTerm",
         "indicator": "DefinedTerm", "document": "CreativeWork", "generic": "Thing"}
#: More precise schema.org types the graph states (kept when present).
STATED = {v.SCHEMA + t: t for t in ("GovernmentOrganization", "NGO", "NewsMediaOrganization",
                                     "Person", "Legislation", "Country")}
PROPERTIES = {
    v.SKOS + "altLabel": "alternateName",
    v.SKOS + "definition": "description",
    v.ELI + "description": "description",
    v.SKOS + "notation": "identifier",
    v.OWL + "sameAs": "sameAs",
    v.ELI + "jurisdiction": "legislationJurisdiction",
    v.ELI + "date_document": "legislationDate",
    v.ELI + "version_date": "legislationDate",
    v.SCHEMA + "legislationLegalForce": "legislationLegalForce",
    v.ELI + "is_part_of": "isPartOf",
    v.ELI + "has_part": "hasPart",
    v.ELI + "responsibility_of": "legislationResponsible",
    v.DCTERMS + "isVersionOf": "isBasedOn",
    v.ORG + "subOrganizationOf": "parentOrganization",
    v.CK + "jurisdiction": "areaServed",
    v.DCTERMS + "publisher": "publisher",
    v.DCTERMS + "creator": "creator",
    v.DCTERMS + "issued": "datePublished",
    v.DCTERMS + "modified": "dateModified",
    v.DCTERMS + "date": "dateCreated",
    v.DCTERMS + "source": "url",
    v.DCTERMS + "subject": "about",
    v.PROV + "wasAttributedTo": "author",
    v.CK + "assessedProvision": "about",
    v.CK + "affectedRight": "about",
    v.SKOS + "inScheme": "inDefinedTermSet",
}


def description_jsonld(d: Description, kind: str) -> dict[str, Any]:
    """The schema.org view of an entity, with labels for what it links to."""
    stated = [STATED[t] for t in d.types if t in STATED]
    node: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": stated[0] if stated and kind in ("organisation", "generic") else TYPES[kind],
        "@id": d.iri,
        "name": d.label,
        "url": d.document_iri(),
        "license": v.LICENSE,
        "isPartOf": {"@type": "Dataset", "@id": dataset_iri(d.base), "name": "cyberkg"},
    }
    if kind == "assessment":
        quote = next((value.quote for p, values in d.statements() if p == v.CK + "evidence"
                      for value in values if value.quote), None)
        if quote:
            node["text"] = quote
    for predicate, values in d.statements():
        name = PROPERTIES.get(predicate)
        if name is None or (kind == "assessment" and name == "isPartOf"):
            continue
        items = [_value(d, value.term) for value in values]
        items = [i for i in items if i is not None]
        if not items:
            continue
        existing = node.get(name)
        merged = ([existing] if existing is not None and not isinstance(existing, list) else existing or []) + items
        node[name] = merged[0] if len(merged) == 1 else merged
    return node


def _value(d: Description, term: object) -> Any:
    if isinstance(term, NamedNode):
        iri = term.value
        if iri.startswith(v.SCHEMA):
            return iri
        if iri in d.labels:
            return {"@id": iri, "name": d.labels[iri]}
        return iri
    if isinstance(term, Literal):
        return term.value
    return None


def embeddable(data: Any) -> str:
    """JSON text that cannot end its ``<script>`` element or open markup.

    >>> embeddable({"name": "</script><b>&"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
