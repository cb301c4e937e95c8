"""Checked curation records → RDF quads, one named graph per source document (DESIGN §2-§3).

Each statement goes into the graph of the source it was taken from: a law's title into the
graph of the law's ``source``, each event into its own source's graph, an assessment into
its document's graph. Organisations of the shared register (``common.yaml``) go into
``graph/curation-register``, described as a document of the project's own.
"""

from __future__ import annotations

from collections import defaultdict

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from cyberkg.rdf import namespaces as ns
from cyberkg.curation.codes import CodeLists
from cyberkg.curation.records import Assessment, Curation, Law, Organisation, Provision, Source

REGISTER = "curation-register"
#: schema.org's legal force, derived from the current lifecycle status (docs/model.md "Laws
#: in force"); an adopted law not yet said to be in force gets neither.
LEGAL_FORCE = {"in-force": "schema:InForce", **{status: "schema:NotInForce" for status in (
    "draft", "postponed", "withdrawn", "repealed", "struck-down", "lapsed")}}
_RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _n(curie: str) -> NamedNode:
    prefix, local = curie.split(":", 1)
    return NamedNode(ns.PREFIXES[prefix] + local)


def typed_date(value: str) -> Literal:
    """``2018``, ``2018-06`` or ``2018-06-12`` as xsd:gYear, xsd:gYearMonth or xsd:date."""
    kind = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(value)]
    return Literal(value, datatype=NamedNode(_XSD + kind))


def _en(text: str) -> Literal:
    return Literal(text, language="en")


class _Graphs:
    """Collects quads, each in the named graph of one source document."""

    def __init__(self) -> None:
        self._quads: dict[Quad, None] = {}  # insertion-ordered, each quad once

    @property
    def quads(self) -> list[Quad]:
        return list(self._quads)

    def add(self, source: str, subject, predicate: str, obj) -> None:
        if obj is None:
            return
        s = subject if isinstance(subject, (NamedNode, BlankNode)) else NamedNode(str(subject))
        o = obj if isinstance(obj, (NamedNode, BlankNode, Literal)) else NamedNode(str(obj))
        p = _RDF_TYPE if predicate == "a" else _n(predicate)
        self._quads[Quad(s, p, o, NamedNode(str(ns.graph(source))))] = None


def to_quads(cur: Curation, codes: CodeLists) -> list[Quad]:
    g = _Graphs()
    concept = lambda scheme, value: NamedNode(codes.schemes[scheme][value].iri)  # noqa: E731
    _register_document(g, cur)
    for source in cur.sources.values():
        _source(g, source, cur, concept)
    for org in cur.organisations.values():
        _organisation(g, org, concept)
    for law in cur.laws:
        _law(g, law, concept, codes)
    numbers: dict[str, int] = defaultdict(int)
    for a in cur.assessments:
        numbers[a.source] += 1
        _assessment(g, a, a.id or str(numbers[a.source]), cur, concept, codes)
    return g.quads


def _register_document(g: _Graphs, cur: Curation) -> None:
    if not any(o.source is None for o in cur.organisations.values()):
        return
    doc = ns.document(REGISTER)
    g.add(REGISTER, doc, "a", _n("foaf:Document"))
    g.add(REGISTER, doc, "a", _n("prov:Entity"))
    g.add(REGISTER, doc, "skos:prefLabel", _en("cyberkg curation register: shared organisations"))
    g.add(REGISTER, doc, "dcterms:title", _en("cyberkg curation register: shared organisations"))
    g.add(REGISTER, doc, "dcterms:rights", _en(
        "Compiled for the cyberkg project (data/curation/common.yaml): the names of "
        "organisations that several sources cite, as those organisations publish them."))


def _source(g: _Graphs, s: Source, cur: Curation, concept) -> None:
    doc = ns.document(s.id)
    add = lambda p, o: g.add(s.id, doc, p, o)  # noqa: E731
    add("a", _n("foaf:Document"))
    add("a", _n("prov:Entity"))
    add("skos:prefLabel", _en(s.title))
    add("dcterms:title", Literal(s.title, language=s.language or "en"))
    add("dcterms:type", concept("document-kind", s.kind))
    add("dcterms:source", NamedNode(s.url))
    add("ck:accessed", typed_date(s.accessed))
    if s.publisher:
        add("dcterms:publisher", NamedNode(cur.organisations[s.publisher].iri))
    for author in s.authors:
        add("dcterms:creator", NamedNode(cur.organisations[author].iri))
    if s.date:
        add("dcterms:issued", typed_date(s.date))
    if s.language:
        add("dcterms:language", Literal(s.language))
    if s.country:
        add("dcterms:subject", NamedNode(s.country.iri))
    if s.note:
        add("skos:editorialNote", _en(s.note))


_SCHEMA_TYPE = {"ngo": "schema:NGO", "media": "schema:NewsMediaOrganization",
                "court": "schema:GovernmentOrganization", "academic": "schema:EducationalOrganization"}
_GOVERNMENT = {"ministry", "department", "agency", "cirt", "regulator", "committee", "legislature",
               "government", "national-human-rights-institution"}


def _organisation(g: _Graphs, o: Organisation, concept) -> None:
    graph = o.source or REGISTER
    iri = NamedNode(o.iri)
    add = lambda p, v: g.add(graph, iri, p, v)  # noqa: E731
    add("a", _n("org:FormalOrganization"))
    schema_type = "schema:GovernmentOrganization" if o.type in _GOVERNMENT else _SCHEMA_TYPE.get(o.type)
    if schema_type:
        add("a", _n(schema_type))
    add("skos:prefLabel", _en(o.name))
    for other in filter(None, [o.acronym, *o.also_known_as]):
        add("skos:altLabel", _en(other))
    add("org:classification", concept("org-type", o.type))
    if o.country:
        add("ck:jurisdiction", NamedNode(o.country.iri))
    if o.source:
        add("prov:wasDerivedFrom", ns.document(o.source))


def _law(g: _Graphs, law: Law, concept, codes: CodeLists) -> None:
    iri = NamedNode(law.iri)
    add = lambda p, v: g.add(law.source, iri, p, v)  # noqa: E731
    add("a", _n("eli:LegalResource"))
    add("a", _n("schema:Legislation"))
    if law.draft:
        add("a", _n("eli-dl:DraftLegislationWork"))
    add("skos:prefLabel", _en(law.title))
    add("eli:title", _en(law.title))
    if law.original_title:
        add("eli:title", Literal(law.original_title, language=law.original_language))
        add("skos:altLabel", Literal(law.original_title, language=law.original_language))
    if law.number:
        add("eli:id_local", Literal(law.number))
    add("eli:jurisdiction", NamedNode(law.country.iri))
    add("ck:lifecycleStatus", concept("lifecycle-status", law.status))
    if law.status in LEGAL_FORCE:
        add("schema:legislationLegalForce", _n(LEGAL_FORCE[law.status]))
    for org in law.responsible:
        add("eli:responsibility_of", ns.ID[f"org/{org}"])
    add("prov:wasDerivedFrom", ns.document(law.source))
    if law.note:
        add("skos:editorialNote", _en(law.note))
    for event in law.events:
        node = NamedNode(f"{law.iri}/event/{event.date}-{event.type}")
        label = codes.schemes["lifecycle-event"][event.type].label
        for p, v in (("a", _n("eli-dl:Activity")), ("a", _n("prov:Activity")),
                     ("skos:prefLabel", _en(f"{law.title}: {label.lower()} ({event.date})")),
                     ("eli-dl:had_activity_type", concept("lifecycle-event", event.type)),
                     ("eli-dl:forwards", iri), ("dcterms:date", typed_date(event.date)),
                     ("prov:wasDerivedFrom", ns.document(event.source))):
            g.add(event.source, node, p, v)
        if len(event.date) == 10:
            g.add(event.source, node, "eli-dl:activity_date", typed_date(event.date))
        if event.note:
            g.add(event.source, node, "skos:editorialNote", _en(event.note))
    for version in law.versions:
        node = NamedNode(f"{law.iri}/v/{version.date}")
        for p, v in (("a", _n("eli:LegalResource")),
                     ("skos:prefLabel", _en(f"{law.title} ({version.date} version)")),
                     ("dcterms:isVersionOf", iri), ("eli:version_date", typed_date(version.date)),
                     ("eli:jurisdiction", NamedNode(law.country.iri)),
                     ("prov:wasDerivedFrom", ns.document(version.source))):
            g.add(version.source, node, p, v)
        g.add(version.source, iri, "dcterms:hasVersion", node)
        if version.note:
            g.add(version.source, node, "skos:editorialNote", _en(version.note))
    for provision in law.provisions:
        _provision(g, law, provision)


def provision_iri(law: Law, p: Provision) -> str:
    work = f"{law.iri}/v/{p.version}" if p.version else law.iri
    return f"{work}/art/{ns.slugify(p.number)}" if p.number else f"{work}/provision/{p.slug}"


def provision_label(law: Law, p: Provision) -> str:
    version = f" ({p.version} version)" if p.version else ""
    if p.number:
        return f"{law.title}{version}, {p.unit.capitalize()} {p.number}"
    return f"{law.title}{version}: {p.topic[:1].lower()}{p.topic[1:]}"


def _provision(g: _Graphs, law: Law, p: Provision) -> None:
    iri = NamedNode(provision_iri(law, p))
    work = NamedNode(f"{law.iri}/v/{p.version}" if p.version else law.iri)
    add = lambda pred, v: g.add(p.source, iri, pred, v)  # noqa: E731
    add("a", _n("eli:LegalResourceSubdivision"))
    add("skos:prefLabel", _en(provision_label(law, p)))
    add("eli:is_part_of", work)
    g.add(p.source, work, "eli:has_part", iri)
    if p.number:
        add("eli:number", Literal(p.number))
    add("eli:description", _en(p.topic))
    add("prov:wasDerivedFrom", ns.document(p.source))
    if p.note:
        add("skos:editorialNote", _en(p.note))


def _assessment(g: _Graphs, a: Assessment, local: str, cur: Curation, concept,
                codes: CodeLists) -> None:
    iri = ns.ID[f"assessment/{a.source}/{local}"]
    add = lambda p, v: g.add(a.source, iri, p, v)  # noqa: E731
    target = (provision_label(a.law, a.provision) if a.provision else a.law.title)
    authors = " and ".join(cur.organisations[o].short for o in a.by)
    stance = codes.schemes["stance"][a.stance].label.lower()
    right = codes.schemes["rights"][a.right].label
    add("a", _n("ck:Assessment"))
    add("skos:prefLabel", _en(f"{authors}: {target} {stance} {right[:1].lower()}{right[1:]}"))
    if a.provision:
        add("ck:assessedProvision", NamedNode(provision_iri(a.law, a.provision)))
    else:
        add("ck:assessedLaw", NamedNode(a.law.iri))
    add("ck:affectedRight", concept("rights", a.right))
    add("ck:stance", concept("stance", a.stance))
    for c in a.concerns:
        add("ck:concern", concept("concern", c))
    add("ck:basis", concept("basis", a.basis))
    for org in a.by:
        add("prov:wasAttributedTo", NamedNode(cur.organisations[org].iri))
    add("prov:wasDerivedFrom", ns.document(a.source))
    add("dcterms:date", typed_date(a.date or cur.sources[a.source].date))
    add("ck:evidenceSummary", _en(a.evidence))
    if a.locator:
        add("ck:locator", _en(a.locator))
    if a.note:
        add("skos:editorialNote", _en(a.note))
