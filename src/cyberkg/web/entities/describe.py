"""The description of one entity: what every page and every RDF form of it is made from.

    describe(iri, page) ──► Description
        statements   the entity's own triples, each with the named graphs it sits in, and
                     the triples of its blank nodes (the evidence quotes)
        incoming     how many things link to it, per predicate, and one page of those links
        labels       the display label of everything it links to or is linked from
        sources      for each named graph a statement comes from: its source document
                     (title, publisher, date, rights) and the evidence quotes taken from it

One round trip to a query worker through the one executor (:mod:`cyberkg.web.data.reads`): five
sub-queries answered together (own statements, labels of what they name, counts of links
to it, a page of those links with their labels, the sources with their citations), plus
whatever the page of the entity's class asks (``more``). Labels of ontology terms come
from a list read once per build.
:meth:`Description.quads` and :meth:`Description.triples` give the same content as RDF, the
latter with each statement's provenance as an ``rdf:Statement`` (triple formats have no
graphs), so a harvester gets a self-contained document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple

from cyberkg.rdf.terms import local_name, short
from cyberkg.web.data import reads
from cyberkg.web.http import urls
from cyberkg.web.data import vocab as v

#: Incoming links listed per page.
PAGE_SIZE = 100
#: Most own statements read for one entity.
MAX_STATEMENTS = 5000

# The sub-queries of a description. Pages of incoming links follow the store's order
# (stable for a read-only store) and are sorted by label here: a SPARQL ORDER BY over
# thousands of links costs Oxigraph far more than the page; with one page, that is the
# full order. Labels are matched with FILTER IN: Oxigraph plans a second VALUES block as a
# cross product.
OWN = """SELECT ?g ?p ?o ?bp ?bo WHERE {{
  GRAPH ?g {{ {this} ?p ?o OPTIONAL {{ FILTER(isBLANK(?o)) ?o ?bp ?bo }} }}
}} LIMIT {limit}"""
OBJECT_LABELS = """SELECT DISTINCT ?x ?lp ?l ?g WHERE {{
  {this} ?p ?x . FILTER(isIRI(?x)) GRAPH ?g {{ ?x ?lp ?l }} FILTER(?lp IN ({labels}))
}}"""
COUNTS = """SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p {this} }} GROUP BY ?p"""
INCOMING = """SELECT ?s ?p ?g ?lp ?l ?lg WHERE {{
  {{ SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {this} }} }} LIMIT {limit} OFFSET {offset} }}
  OPTIONAL {{ GRAPH ?lg {{ ?s ?lp ?l }} FILTER(?lp IN ({labels})) }}
}}"""
# A source's graph holds the description of its document (docs/model.md); the ontology's
# graph holds the ontology. (FILTER EXISTS, not a sub-select of the graphs: Virtuoso 7 loses
# a sub-select's ?g when it is joined with GRAPH ?g.)
SOURCES = """SELECT ?g ?doc ?lp ?l ?lg ?ll WHERE {{
  GRAPH ?g {{ ?doc a ?kind }}
  FILTER(?kind = owl:Ontology || (?kind = foaf:Document
         && STRAFTER(STR(?doc), "/id/doc/") = STRAFTER(STR(?g), "/graph/")))
  FILTER EXISTS {{ GRAPH ?g {{ {this} ?p ?o }} }}
  GRAPH ?lg {{ ?doc ?lp ?l }} FILTER(?lp IN ({citation}))
  OPTIONAL {{ FILTER(isIRI(?l)) ?l skos:prefLabel ?ll }}
}}"""
TERM_LABELS = """SELECT ?x ?lp ?l ?g WHERE {{
  GRAPH ?g {{ ?x ?lp ?l }} FILTER(?lp IN (rdfs:label, skos:prefLabel))
  FILTER(STRSTARTS(STR(?x), {namespace}))
}}"""


@dataclass
class Source:
    """A named graph statements come from, and the source document it holds facts of."""

    graph: str
    document: str | None = None
    number: int = 0
    label: str = ""
    publisher: list[str] = field(default_factory=list)
    date: str | None = None
    rights: str | None = None
    url: str | None = None
    #: Verbatim quotes the entity's statements in this graph rest on.
    quotes: list[str] = field(default_factory=list)


@dataclass
class Value:
    """One object of a statement: the term, the graphs stating it, and for a blank node
    its own (predicate, object) pairs."""

    term: object
    graphs: list[str]
    children: list[tuple[str, object]] = field(default_factory=list)

    @property
    def quote(self) -> str | None:
        for predicate, obj in self.children:
            if predicate == v.OA + "exact":
                return obj.value  # type: ignore[attr-defined]
        return None


@dataclass
class Incoming:
    subject: str
    predicate: str
    graphs: list[str]


@dataclass
class Description:
    iri: str
    base: str
    own: list[Quad] = field(default_factory=list)
    inner: list[Quad] = field(default_factory=list)        # triples of its blank nodes
    incoming: list[Incoming] = field(default_factory=list)
    incoming_quads: list[Quad] = field(default_factory=list)
    incoming_counts: list[tuple[str, int]] = field(default_factory=list)
    page: int = 1
    labels: dict[str, str] = field(default_factory=dict)
    label_quads: list[Quad] = field(default_factory=list)
    citation_quads: list[Quad] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    truncated: bool = False
    #: Solutions of the queries ``describe(more=…)`` added, by query text.
    more: dict[str, reads.Rows] = field(default_factory=dict)
    _statements: tuple[int, list] | None = field(default=None, repr=False)

    # -- reading it ----------------------------------------------------------------------

    @property
    def exists(self) -> bool:
        return bool(self.own or self.incoming_counts)

    @property
    def incoming_total(self) -> int:
        return sum(n for _, n in self.incoming_counts)

    @property
    def pages(self) -> int:
        return max(1, -(-self.incoming_total // PAGE_SIZE))

    @property
    def types(self) -> list[str]:
        return sorted({q.object.value for q in self.own if q.predicate.value == v.TYPE})

    @property
    def label(self) -> str:
        return self.label_of(self.iri)

    def label_of(self, iri: str) -> str:
        """The display label of ``iri`` (a short name when the graph gives none)."""
        return self.labels.get(iri) or v.TERM_LABELS.get(iri) or local_name(iri)

    def predicate_label(self, iri: str) -> str:
        return v.PREDICATE_LABEL.get(iri) or self.labels.get(iri) or short(iri)

    def inverse_label(self, iri: str) -> str:
        """How a link by ``iri`` to the entity reads from the entity's side."""
        return v.INVERSE.get(iri) or f"{self.predicate_label(iri)} (of)"

    def values(self, predicate: str) -> list[object]:
        """The distinct objects of ``predicate`` on the entity, in the store's order."""
        seen: dict[object, None] = {}
        for quad in self.own:
            if quad.predicate.value == predicate:
                seen.setdefault(quad.object, None)
        return list(seen)

    def first(self, predicate: str) -> object | None:
        found = self.values(predicate)
        return found[0] if found else None

    def text(self, predicate: str) -> str | None:
        """The value of the first ``predicate`` literal (English or untagged preferred)."""
        literals = [t for t in self.values(predicate) if isinstance(t, Literal)]
        literals.sort(key=lambda t: t.language not in (None, "en"))
        return literals[0].value if literals else None

    def statements(self) -> list[tuple[str, list[Value]]]:
        """(predicate, values) in the order of :data:`vocab.PREDICATES`, then by label
        (computed once the labels are in: pages ask for it several times)."""
        if self._statements is None or self._statements[0] != len(self.labels):
            self._statements = (len(self.labels), self._statements_now())
        return self._statements[1]

    def _statements_now(self) -> list[tuple[str, list[Value]]]:
        grouped: dict[str, dict[object, Value]] = {}
        children: dict[object, list[tuple[str, object]]] = {}
        for quad in self.inner:
            children.setdefault(quad.subject, [])
            pair = (quad.predicate.value, quad.object)
            if pair not in children[quad.subject]:
                children[quad.subject].append(pair)
        for quad in self.own:
            values = grouped.setdefault(quad.predicate.value, {})
            value = values.get(quad.object)
            if value is None:
                values[quad.object] = Value(quad.object, [quad.graph_name.value],
                                            children.get(quad.object, []))
            elif quad.graph_name.value not in value.graphs:
                value.graphs.append(quad.graph_name.value)
        order = sorted(grouped, key=lambda p: (v.PREDICATE_RANK.get(p, len(v.PREDICATE_RANK)),
                                                self.predicate_label(p)))
        return [(p, sorted(grouped[p].values(), key=self._value_key)) for p in order]

    def _value_key(self, value: Value) -> tuple:
        term = value.term
        if isinstance(term, NamedNode):
            return (0, self.label_of(term.value).casefold())
        return (1, str(getattr(term, "value", term)))

    def source_list(self) -> list[Source]:
        return sorted(self.sources.values(), key=lambda s: s.number)

    # -- as RDF ----------------------------------------------------------------------------

    def document_iri(self) -> str:
        from cyberkg.web.http.urls import canonical_document
        return canonical_document(self.iri, self.base) or self.iri

    def _metadata(self, manifest: dict) -> Iterator[Triple]:
        doc = NamedNode(self.document_iri())
        yield Triple(doc, NamedNode(v.TYPE), NamedNode(v.FOAF + "Document"))
        yield Triple(doc, NamedNode(v.FOAF + "primaryTopic"), NamedNode(self.iri))
        yield Triple(doc, NamedNode(v.DCTERMS + "license"), NamedNode(v.LICENSE))
        yield Triple(doc, NamedNode(v.VOID + "inDataset"), NamedNode(urls.dataset_iri(self.base)))
        if manifest.get("version"):
            yield Triple(doc, NamedNode(v.OWL + "versionInfo"), Literal(manifest["version"]))
        if self.page < self.pages:
            yield Triple(doc, NamedNode(v.HYDRA + "next"),
                         NamedNode(f"{self.document_iri()}?page={self.page + 1}"))
        if self.incoming_total:
            yield Triple(doc, NamedNode(v.RDFS + "comment"), Literal(
                f"Incoming links {self.first_incoming}-{self.first_incoming + len(self.incoming) - 1}"
                f" of {self.incoming_total} (page {self.page} of {self.pages}).", language="en"))

    @property
    def first_incoming(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1

    def quads(self, manifest: dict) -> list[Quad]:
        """The description as quads, each statement in the named graph it comes from; the
        document's own metadata in the default graph."""
        out = [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in self._metadata(manifest)]
        out += _unique(self.own + self.inner + self.incoming_quads + self.label_quads
                       + self.citation_quads)
        return out

    def triples(self, manifest: dict) -> list[Triple]:
        """The description as triples: the same statements, plus one ``rdf:Statement`` per
        statement about the entity saying which named graph (``dcterms:isPartOf``) and source
        document (``prov:wasDerivedFrom``) it comes from."""
        out = list(self._metadata(manifest))
        seen: set[Triple] = set(out)
        for quad in self.own + self.inner + self.incoming_quads + self.label_quads + self.citation_quads:
            triple = Triple(quad.subject, quad.predicate, quad.object)
            if triple not in seen:
                seen.add(triple)
                out.append(triple)
        for n, quad in enumerate(self.own + self.incoming_quads, 1):
            node = BlankNode(f"statement{n}")
            source = self.sources.get(quad.graph_name.value)  # (own statements' graphs)
            out += [Triple(node, NamedNode(v.TYPE), NamedNode(v.RDF + "Statement")),
                    Triple(node, NamedNode(v.RDF + "subject"), quad.subject),
                    Triple(node, NamedNode(v.RDF + "predicate"), quad.predicate),
                    Triple(node, NamedNode(v.RDF + "object"), quad.object),
                    Triple(node, NamedNode(v.DCTERMS + "isPartOf"), quad.graph_name)]
            if source is not None and source.document:
                out.append(Triple(node, NamedNode(v.PROV + "wasDerivedFrom"),
                                  NamedNode(source.document)))
        return out


def _unique(quads: list[Quad]) -> list[Quad]:
    return list(dict.fromkeys(quads))


# -- building one ----------------------------------------------------------------------------

def describe(iri: str, base: str, page: int = 1, log: reads.QueryLog | None = None,
             more: Callable[[Description], list[str]] | None = None) -> Description:
    """The description of ``iri`` with incoming links page ``page``.

    ``more(d)`` names more SELECT queries (what the page of the entity's class shows; it is
    asked first with an empty description, to guess from the IRI, and again once the
    entity's classes are known); their solutions land in ``d.more`` by query text.
    Raises ValueError when ``iri`` is not an IRI; executor errors pass through.
    """
    this = reads.term(iri)
    d = Description(iri, base, page=max(page, 1))
    labels = ", ".join(reads.term(p) for p in v.LABELS)
    citation = ", ".join(reads.term(p) for p in v.LABELS + v.CITATION)
    guessed = list(dict.fromkeys(more(d))) if more else []
    own, objects, counts, incoming, sources, *answers = reads.select_together([
        OWN.format(this=this, limit=MAX_STATEMENTS),
        OBJECT_LABELS.format(this=this, labels=labels),
        COUNTS.format(this=this),
        INCOMING.format(this=this, labels=labels, limit=PAGE_SIZE, offset=(d.page - 1) * PAGE_SIZE),
        SOURCES.format(this=this, citation=citation),
    ] + guessed, log=log)
    d.more = dict(zip(guessed, answers))
    node = NamedNode(iri)
    for row in own:
        d.own.append(Quad(node, row["p"], row["o"], row["g"]))
        if "bp" in row:
            d.inner.append(Quad(row["o"], row["bp"], row["bo"], row["g"]))
    d.truncated = len(own) >= MAX_STATEMENTS
    d.own, d.inner = _unique(d.own), _unique(d.inner)
    d.incoming_counts = sorted(((r["p"].value, int(r["n"].value)) for r in counts),
                               key=lambda pn: (-pn[1], pn[0]))
    if not d.exists:
        return d
    candidates = [Quad(r["x"], r["lp"], r["l"], r["g"]) for r in objects]
    merged: dict[tuple[str, str], Incoming] = {}
    for row in incoming:
        quad = Quad(row["s"], row["p"], node, row["g"])
        if "lp" in row:
            candidates.append(Quad(row["s"], row["lp"], row["l"], row["lg"]))
        key = (row["s"].value, row["p"].value)
        entry = merged.setdefault(key, Incoming(key[0], key[1], []))
        if row["g"].value not in entry.graphs:
            entry.graphs.append(row["g"].value)
            d.incoming_quads.append(quad)
    d.incoming = list(merged.values())
    candidates += [q for q in _term_labels(base) if q.subject.value in _named(d)]
    citations = _read_sources(d, sources, candidates)
    _choose_labels(d, candidates)
    _number_sources(d, citations)
    if more:
        missing = [q for q in dict.fromkeys(more(d)) if q not in d.more]
        d.more.update(zip(missing, reads.select_together(missing, log=log)))
    d.incoming.sort(key=lambda i: (d.inverse_label(i.predicate), i.predicate,
                                   d.label_of(i.subject).casefold(), i.subject))
    return d


def _named(d: Description) -> set[str]:
    """The predicates and classes a description names (ontology terms get their labels
    from the per-build list)."""
    found = {q.predicate.value for q in d.own + d.inner} | {p for p, _ in d.incoming_counts}
    return found | {q.object.value for q in d.own if isinstance(q.object, NamedNode)}


def _term_labels(base: str) -> list[Quad]:
    """Labels of the ``def/`` terms (the ontology), read once per build."""
    from cyberkg.web.data.overview import state
    namespace = '"' + (base + "def/").replace("\\", "\\\\").replace('"', '\\"') + '"'
    return state().remember("term-labels", lambda: [  # type: ignore[return-value]
        Quad(r["x"], r["lp"], r["l"], r["g"])
        for r in reads.select(TERM_LABELS.format(namespace=namespace))])


def _read_sources(d: Description, rows: reads.Rows, candidates: list[Quad]) -> dict[str, dict[str, list]]:
    """Each graph of the entity's statements as a :class:`Source`, with its document's
    label (among the label ``candidates``) and citation; returns {document: {property:
    values shown}}."""
    for g in dict.fromkeys(q.graph_name.value for q in d.own):
        d.sources[g] = Source(g)
    citations: dict[str, dict[str, list]] = {}
    for row in rows:
        doc, lp, lit = row["doc"], row["lp"].value, row["l"]
        d.sources[row["g"].value].document = doc.value
        quad = Quad(doc, row["lp"], lit, row["lg"])
        if lp in v.LABELS:
            candidates.append(quad)
            if lp == v.DCTERMS + "title":
                d.citation_quads.append(quad)
            continue
        d.citation_quads.append(quad)
        citations.setdefault(doc.value, {}).setdefault(lp, []).append(
            row["ll"].value if "ll" in row else lit.value)
        if "ll" in row:
            d.citation_quads.append(Quad(lit, NamedNode(v.PREF_LABEL), row["ll"], row["lg"]))
    d.citation_quads = _unique(d.citation_quads)
    return citations


def _choose_labels(d: Description, candidates: list[Quad]) -> None:
    """The best label of each thing (by :data:`vocab.LABELS` order; English or untagged)."""
    best: dict[str, tuple[int, Quad]] = {}
    for quad in d.own:
        if quad.predicate.value in v.LABELS:
            candidates.append(quad)
    for quad in candidates:
        lit = quad.object
        if not isinstance(lit, Literal) or lit.language not in (None, "en"):
            continue
        rank = v.LABELS.index(quad.predicate.value)
        key = quad.subject.value
        if key not in best or rank < best[key][0]:
            best[key] = (rank, quad)
    for iri, (_, quad) in best.items():
        d.labels[iri] = quad.object.value
        if quad.subject.value != d.iri:  # (the entity's own label is among its statements)
            d.label_quads.append(quad)
    d.label_quads = _unique(d.label_quads)


def _number_sources(d: Description, citations: dict[str, dict[str, list]]) -> None:
    order = [g for _, values in d.statements() for value in values for g in value.graphs]
    for n, g in enumerate(dict.fromkeys(order), 1):
        source = d.sources[g]
        source.number = n
        doc = source.document
        source.label = (d.labels.get(doc) if doc else None) or "named graph " + local_name(g)
        fields = citations.get(doc or "", {})
        source.publisher = sorted(set(fields.get(v.DCTERMS + "publisher", [])))
        dates = fields.get(v.DCTERMS + "issued") or fields.get(v.DCTERMS + "modified") or []
        source.date = min(dates) if dates else None
        source.rights = (fields.get(v.DCTERMS + "rights") or [None])[0]
        source.url = (fields.get(v.DCTERMS + "source") or [None])[0]
    for quad in d.own:
        if quad.predicate.value == v.CK + "evidence":
            for inner in d.inner:
                if inner.subject == quad.object and inner.predicate.value == v.OA + "exact":
                    quotes = d.sources[quad.graph_name.value].quotes
                    if inner.object.value not in quotes:
                        quotes.append(inner.object.value)
