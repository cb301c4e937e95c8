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

from typing import Callable

from pyoxigraph import Literal, NamedNode, Quad

from cyberkg.rdf.terms import local_name
from cyberkg.web.data import reads
from cyberkg.web.data import vocab as v
from cyberkg.web.entities.description import PAGE_SIZE, Description, Incoming, Source, unique_quads

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
    d.own, d.inner = unique_quads(d.own), unique_quads(d.inner)
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
    d.citation_quads = unique_quads(d.citation_quads)
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
    d.label_quads = unique_quads(d.label_quads)


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
