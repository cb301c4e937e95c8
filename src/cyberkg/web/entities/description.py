"""An entity's description as data: its statements with their graphs, the links to it, the
labels of what it names and its sources with their citations; and the same content as RDF
(:meth:`Description.quads`, :meth:`Description.triples`). :mod:`cyberkg.web.entities.describe`
reads one from the graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple

from cyberkg.rdf.terms import local_name, short
from cyberkg.web.data import vocab as v
from cyberkg.web.data import reads
from cyberkg.web.http import urls

#: Incoming links listed per page.
PAGE_SIZE = 100


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
        out += unique_quads(self.own + self.inner + self.incoming_quads + self.label_quads
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


def unique_quads(quads: list[Quad]) -> list[Quad]:
    """``quads`` without repeats, in their first order."""
    return list(dict.fromkeys(quads))
