"""The terms the entity pages read, and how they are shown: one place, as data.

:data:`PREDICATES` is the order in which an entity's statements are listed, with the label
each predicate is shown with (terms of the ``ck:`` ontology get theirs from the graph); a
predicate not listed comes after these, by label. :data:`LABELS` are the properties a
thing's display label is read from, best first.
"""

from __future__ import annotations

from cyberkg.rdf.namespaces import PREFIXES

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]
DCTERMS = PREFIXES["dcterms"]
FOAF = PREFIXES["foaf"]
PROV = PREFIXES["prov"]
OWL = PREFIXES["owl"]
XSD = PREFIXES["xsd"]
VOID = PREFIXES["void"]
SCHEMA = PREFIXES["schema"]
ELI = PREFIXES["eli"]
ORG = PREFIXES["org"]
QB = PREFIXES["qb"]
OA = PREFIXES["oa"]
CK = PREFIXES["ck"]
SDMX_DIMENSION = PREFIXES["sdmx-dimension"]
SDMX_MEASURE = PREFIXES["sdmx-measure"]
HYDRA = "http://www.w3.org/ns/hydra/core#"

TYPE = RDF + "type"
PREF_LABEL = SKOS + "prefLabel"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"

#: Where a display label is read from, best first.
LABELS: tuple[str, ...] = (SKOS + "prefLabel", RDFS + "label", DCTERMS + "title",
                           ELI + "title", FOAF + "name")
#: The properties a source document's citation is made of.
CITATION: tuple[str, ...] = (DCTERMS + "publisher", DCTERMS + "issued", DCTERMS + "modified",
                             DCTERMS + "rights", DCTERMS + "source")

#: Statement order on entity pages: (predicate, label shown).
PREDICATES: tuple[tuple[str, str], ...] = (
    (TYPE, "type"),
    (SKOS + "prefLabel", "name"),
    (SKOS + "altLabel", "also known as"),
    (SKOS + "notation", "code"),
    (ELI + "title", "title"),
    (DCTERMS + "title", "title"),
    (FOAF + "name", "name"),
    (SKOS + "definition", "definition"),
    (ELI + "description", "description"),
    (DCTERMS + "description", "description"),
    (RDFS + "label", "label"),
    (RDFS + "comment", "comment"),
    (CK + "assessedProvision", "assessed provision"),
    (CK + "affectedRight", "affected right"),
    (CK + "stance", "stance"),
    (CK + "concern", "concern"),
    (PROV + "wasAttributedTo", "attributed to"),
    (CK + "evidence", "evidence"),
    (ELI + "jurisdiction", "jurisdiction"),
    (CK + "jurisdiction", "jurisdiction"),
    (CK + "lifecycleStatus", "lifecycle status"),
    (SCHEMA + "legislationLegalForce", "legal force"),
    (ELI + "date_document", "date of the document"),
    (ELI + "version_date", "version date"),
    (DCTERMS + "isVersionOf", "version of"),
    (DCTERMS + "hasVersion", "has version"),
    (ELI + "is_part_of", "part of"),
    (ELI + "has_part", "has part"),
    (ELI + "number", "number"),
    (ELI + "responsibility_of", "responsibility of"),
    (ORG + "classification", "organisation type"),
    (ORG + "subOrganizationOf", "part of organisation"),
    (ORG + "memberOf", "member of"),
    (CK + "party", "party"),
    (CK + "instrument", "instrument"),
    (CK + "participationStatus", "status"),
    (CK + "guaranteedBy", "guaranteed by"),
    (QB + "dataSet", "dataset"),
    (SDMX_DIMENSION + "refArea", "area"),
    (CK + "indicator", "indicator"),
    (SDMX_DIMENSION + "refPeriod", "period"),
    (CK + "status", "status"),
    (SDMX_MEASURE + "obsValue", "value"),
    (CK + "scale", "scale"),
    (CK + "rank", "rank"),
    (CK + "mentionsOrganization", "mentions organisation"),
    (CK + "mentionsLaw", "mentions law"),
    (SKOS + "broader", "broader"),
    (SKOS + "narrower", "narrower"),
    (SKOS + "inScheme", "in scheme"),
    (SKOS + "topConceptOf", "top concept of"),
    (SKOS + "hasTopConcept", "top concept"),
    (SKOS + "member", "member"),
    (DCTERMS + "publisher", "publisher"),
    (DCTERMS + "creator", "creator"),
    (DCTERMS + "issued", "issued"),
    (DCTERMS + "modified", "modified"),
    (DCTERMS + "date", "date"),
    (DCTERMS + "subject", "subject"),
    (DCTERMS + "language", "language"),
    (DCTERMS + "source", "source"),
    (DCTERMS + "rights", "rights"),
    (DCTERMS + "license", "licence"),
    (DCTERMS + "references", "references"),
    (PROV + "wasDerivedFrom", "derived from"),
    (OWL + "sameAs", "same as"),
    (SKOS + "note", "note"),
    (SKOS + "editorialNote", "editorial note"),
    (SKOS + "historyNote", "history note"),
)
PREDICATE_RANK = {iri: n for n, (iri, _) in enumerate(PREDICATES)}
PREDICATE_LABEL = dict(PREDICATES)

#: Display names of the classes and terms of other vocabularies (the graph labels its own).
TERM_LABELS: dict[str, str] = {
    SCHEMA + "Country": "Country", SCHEMA + "Legislation": "Legislation",
    SCHEMA + "GovernmentOrganization": "Government organisation", SCHEMA + "NGO": "NGO",
    SCHEMA + "NewsMediaOrganization": "News media organisation", SCHEMA + "Person": "Person",
    SCHEMA + "InForce": "In force", SCHEMA + "NotInForce": "Not in force",
    ELI + "LegalResource": "Legal resource", ELI + "LegalResourceSubdivision": "Provision",
    PREFIXES["eli-dl"] + "DraftLegislationWork": "Draft legislation",
    ORG + "FormalOrganization": "Organisation", ORG + "Organization": "Organisation",
    FOAF + "Document": "Document", FOAF + "Person": "Person", PROV + "Entity": "Entity",
    QB + "Observation": "Observation", QB + "DataSet": "Statistical dataset",
    SKOS + "Concept": "Concept", SKOS + "ConceptScheme": "Concept scheme",
    SKOS + "Collection": "Collection", OA + "TextQuoteSelector": "Quote",
    OWL + "Ontology": "Ontology", OWL + "Class": "Class", OWL + "ObjectProperty": "Object property",
    OWL + "DatatypeProperty": "Datatype property",
}

#: How a link *to* an entity reads from its side: predicate → label of the things linking.
INVERSE: dict[str, str] = {
    TYPE: "instances",
    ELI + "jurisdiction": "laws in its jurisdiction",
    CK + "jurisdiction": "bodies in its jurisdiction",
    CK + "party": "treaty participations",
    CK + "instrument": "participations in it",
    SDMX_DIMENSION + "refArea": "observations about it",
    CK + "indicator": "observations of it",
    CK + "status": "observations with this status",
    QB + "dataSet": "observations in it",
    DCTERMS + "subject": "documents about it",
    DCTERMS + "publisher": "documents it published",
    DCTERMS + "creator": "documents it created",
    PROV + "wasDerivedFrom": "statements taken from it",
    PROV + "wasAttributedTo": "assessments by it",
    CK + "assessedProvision": "assessments of it",
    CK + "affectedRight": "assessments affecting it",
    CK + "stance": "assessments with this stance",
    CK + "concern": "assessments raising it",
    CK + "mentionsOrganization": "observations naming it",
    CK + "mentionsLaw": "observations naming it",
    CK + "guaranteedBy": "rights it guarantees",
    CK + "lifecycleStatus": "laws with this status",
    CK + "participationStatus": "participations with this status",
    ELI + "is_part_of": "parts",
    ELI + "has_part": "part of",
    ELI + "responsibility_of": "laws it is responsible for",
    ORG + "subOrganizationOf": "units",
    ORG + "memberOf": "members",
    ORG + "classification": "organisations of this type",
    DCTERMS + "isVersionOf": "versions",
    DCTERMS + "hasVersion": "version of",
    DCTERMS + "references": "referred to by",
    SKOS + "broader": "narrower",
    SKOS + "inScheme": "concepts in it",
    SKOS + "topConceptOf": "top concepts",
    SKOS + "hasTopConcept": "schemes it heads",
    SKOS + "narrower": "broader",
    SKOS + "definition": "defined in",
    RDFS + "isDefinedBy": "terms it defines",
    RDFS + "domain": "properties with this domain",
    RDFS + "range": "properties with this range",
    RDFS + "subClassOf": "subclasses",
    RDFS + "subPropertyOf": "subproperties",
    SKOS + "closeMatch": "close matches",
    FOAF + "primaryTopic": "documents about it",
    PREFIXES["schema"] + "affiliation": "people affiliated",
    SKOS + "member": "collections",
    OWL + "sameAs": "same as",
}
