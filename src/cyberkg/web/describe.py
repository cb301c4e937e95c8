"""The description of one entity: what every page and every RDF form of it is made from.

    describe(iri, page) ──► Description
        statements   the entity's own triples, each with the named graphs it sits in, and
                     the triples of its blank nodes (the evidence quotes)
        incoming     how many things link to it, per predicate, and one page of those links
        labels       the display label of everything it links to or is linked from
        sources      for each named graph a statement comes from: its source document
                     (title, publisher, date, rights) and the evidence quotes taken from it

Two queries, run through the one executor (:mod:`cyberkg.web.rows`): own statements,
incoming counts and a page of incoming links in one; then labels and citations of what
those name.
:meth:`Description.quads` and :meth:`Description.triples` give the same content as RDF, the
latter with each statement's provenance as an ``rdf:Statement`` (triple formats have no
graphs), so a harvester gets a self-contained document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple

from cyberkg.web import rows as sparql
from cyberkg.web import vocab as v

#: Incoming links listed per page.
PAGE_SIZE = 100
#: Most own statements read for one entity.
MAX_STATEMENTS = 5000

# One query for the entity's statements, the counts of links to it and one page of those
# links (one round trip to a worker instead of three). Pages follow the store's order
# (stable for a read-only store) and are sorted by label here: a SPARQL ORDER BY over
# thousands of links costs Oxigraph far more than the page; with one page, that is the
# full order.
STATEMENTS = """SELECT ?part ?g ?s ?p ?o ?bp ?bo ?n WHERE {{
  {{ {{ SELECT ?g ?p ?o ?bp ?bo WHERE {{
       GRAPH ?g {{ {this} ?p ?o OPTIONAL {{ FILTER(isBLANK(?o)) ?o ?bp ?bo }} }}
     }} LIMIT {limit} }} BIND("own" AS ?part) }}
  UNION {{ {{ SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p {this} }} GROUP BY ?p }}
          BIND("count" AS ?part) }}
  UNION {{ {{ SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {this} }} }} LIMIT {page_size} OFFSET {offset} }}
          BIND("in" AS ?part) }}
}}"""
CONTEXT = """SELECT ?x ?lp ?l ?g ?ll WHERE {{
  VALUES ?x {{ {iris} }}
  GRAPH ?g {{ ?x ?lp ?l }} FILTER(?lp IN ({predicates}))
  OPTIONAL {{ FILTER(isIRI(?l)) ?l skos:prefLabel ?ll }}
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
    more: dict[str, sparql.Rows] = field(default_factory=dict)
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
        return self.labels.get(iri) or v.TERM_LABELS.get(iri) or v.local_name(iri)

    def predicate_label(self, iri: str) -> str:
        return v.PREDICATE_LABEL.get(iri) or self.labels.get(iri) or v.short(iri)

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
        from cyberkg.web.urls import canonical_document
        return canonical_document(self.iri, self.base) or self.iri

    def _metadata(self, manifest: dict) -> Iterator[Triple]:
        doc = NamedNode(self.document_iri())
        yield Triple(doc, NamedNode(v.TYPE), NamedNode(v.FOAF + "Document"))
        yield Triple(doc, NamedNode(v.FOAF + "primaryTopic"), NamedNode(self.iri))
        yield Triple(doc, NamedNode(v.DCTERMS + "license"), NamedNode(v.LICENSE))
        yield Triple(doc, NamedNode(v.VOID + "inDataset"), NamedNode(dataset_iri(self.base)))
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


def dataset_iri(base: str) -> str:
    """The IRI of the dataset as a whole (described at ``/.well-known/void``)."""
    return base + ".well-known/void#cyberkg"


def document_for_graph(graph: str, base: str) -> str | None:
    """The source document whose facts a named graph holds: ``graph/{slug}`` →
    ``id/doc/{slug}`` (docs/model.md), the ontology graph → the ontology.

    >>> document_for_graph("https://w3id.org/cyberkg/graph/itu-gci-2020", "https://w3id.org/cyberkg/")
    'https://w3id.org/cyberkg/id/doc/itu-gci-2020'
    """
    prefix = base + "graph/"
    if not graph.startswith(prefix):
        return None
    slug = graph[len(prefix):]
    return base + "def/cyberkg" if slug == "ontology" else base + "id/doc/" + slug


def _unique(quads: list[Quad]) -> list[Quad]:
    return list(dict.fromkeys(quads))


# -- building one ----------------------------------------------------------------------------

def describe(iri: str, base: str, page: int = 1, log: sparql.QueryLog | None = None,
             more: Callable[[Description], list[str]] | None = None) -> Description:
    """The description of ``iri`` with incoming links page ``page``.

    ``more(d)`` may name more SELECT queries (what the page of the entity's class shows);
    they run in the same round trip as the labels and land in ``d.more`` by query text.
    Raises ValueError when ``iri`` is not an IRI; executor errors pass through.
    """
    this = sparql.term(iri)
    d = Description(iri, base, page=max(page, 1))
    found = sparql.select(STATEMENTS.format(this=this, limit=MAX_STATEMENTS, page_size=PAGE_SIZE,
                                            offset=(d.page - 1) * PAGE_SIZE), log=log)
    node = NamedNode(iri)
    counts, own = [], 0
    merged: dict[tuple[str, str], Incoming] = {}
    for row in found:
        part = row["part"].value
        if part == "own":
            own += 1
            graph = row["g"]
            d.own.append(Quad(node, row["p"], row["o"], graph))
            if "bp" in row:
                d.inner.append(Quad(row["o"], row["bp"], row["bo"], graph))
        elif part == "count":
            counts.append((row["p"].value, int(row["n"].value)))
        else:
            key = (row["s"].value, row["p"].value)
            d.incoming_quads.append(Quad(row["s"], row["p"], node, row["g"]))
            if key in merged:
                merged[key].graphs.append(row["g"].value)
            else:
                merged[key] = Incoming(key[0], key[1], [row["g"].value])
    d.truncated = own >= MAX_STATEMENTS
    d.own, d.inner = _unique(d.own), _unique(d.inner)
    d.incoming = list(merged.values())
    d.incoming_counts = sorted(counts, key=lambda pn: (-pn[1], pn[0]))
    if not d.exists:
        return d
    _add_context(d, more(d) if more else [], log)
    d.incoming.sort(key=lambda i: (d.inverse_label(i.predicate), i.predicate,
                                   d.label_of(i.subject).casefold(), i.subject))
    return d


def _add_context(d: Description, more: list[str], log: sparql.QueryLog | None) -> None:
    """Labels of everything the description names, and the citations of its sources (and
    the ``more`` queries, in the same round trip)."""
    # Sources are cited for the entity's own statements; an incoming link is a statement
    # about another entity, cited on that entity's page (and its graph is in the RDF).
    graphs = list(dict.fromkeys([q.graph_name.value for q in d.own]))
    for g in graphs:
        d.sources[g] = Source(g, document_for_graph(g, d.base))
    wanted: dict[str, None] = {d.iri: None}
    for quad in d.own + d.inner:
        for t in (quad.predicate, quad.object):
            if isinstance(t, NamedNode):
                wanted[t.value] = None
    for inc in d.incoming:
        wanted[inc.subject] = None
        wanted[inc.predicate] = None
    for p, _ in d.incoming_counts:
        wanted[p] = None
    for s in d.sources.values():
        if s.document:
            wanted[s.document] = None
    iris = [i for i in wanted if _is_iri(i)]
    documents = {s.document for s in d.sources.values() if s.document}
    # (FILTER IN, not a second VALUES: Oxigraph plans the latter as a cross product.)
    predicates = ", ".join(sparql.term(p) for p in v.LABELS + v.CITATION)
    queries = list(dict.fromkeys(more))
    found, *answers = sparql.select_together(
        [CONTEXT.format(iris=sparql.values(iris), predicates=predicates)] + queries, log=log)
    d.more = dict(zip(queries, answers))
    best: dict[str, tuple[int, Quad]] = {}
    citations: dict[str, dict[str, list]] = {}
    for row in found:
        x, lp, lit = row["x"], row["lp"].value, row["l"]
        quad = Quad(x, row["lp"], lit, row["g"])
        if lp in v.LABELS:
            if isinstance(lit, Literal) and lit.language not in (None, "en"):
                continue
            rank = v.LABELS.index(lp)
            if x.value not in best or rank < best[x.value][0]:
                best[x.value] = (rank, quad)
            if x.value in documents and lp == v.DCTERMS + "title":
                d.citation_quads.append(quad)
        elif x.value in documents:
            d.citation_quads.append(quad)
            shown = row["ll"].value if "ll" in row else lit.value
            citations.setdefault(x.value, {}).setdefault(lp, []).append(shown)
            if "ll" in row:
                d.citation_quads.append(Quad(lit, NamedNode(v.PREF_LABEL), row["ll"], row["g"]))
    for iri, (_, quad) in best.items():
        d.labels[iri] = quad.object.value
        d.label_quads.append(quad)
    d.citation_quads = _unique(d.citation_quads)
    _number_sources(d, citations)


def _number_sources(d: Description, citations: dict[str, dict[str, list]]) -> None:
    order = [g for _, values in d.statements() for value in values for g in value.graphs]
    for n, g in enumerate(dict.fromkeys(order), 1):
        source = d.sources[g]
        source.number = n
        doc = source.document
        source.label = d.labels.get(doc, "") if doc else ""
        if not source.label:
            source.label = "named graph " + v.local_name(g)
            source.document = doc if doc in d.labels else None
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


def _is_iri(text: str) -> bool:
    try:
        NamedNode(text)
    except ValueError:
        return False
    return True
