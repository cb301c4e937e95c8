"""Query results as tables that people read: a label beside every IRI, CSV and TSV.

A :class:`Table` holds SELECT solutions (parsed from SPARQL JSON) or the triples of a
graph result, and the English label of each IRI in it, looked up with one extra query per
thousand IRIs through the executor. CSV and TSV put a ``{column}_label`` column right
after every column that holds IRIs, so a spreadsheet shows names, not addresses.

CSV follows SPARQL 1.1 Query Results CSV (plain values, CRLF); TSV follows SPARQL 1.1
TSV (terms in Turtle/N-Triples syntax, so it parses back into the same terms). Label
columns are ordinary plain-literal columns in both.

>>> t = Table(["c", "n"], [[NamedNode("https://w3id.org/cyberkg/id/country/KHM"), Literal("1")]],
...           labels={"https://w3id.org/cyberkg/id/country/KHM": "Cambodia"})
>>> t.columns()
['c', 'c_label', 'n']
>>> t.to_csv().split("\\r\\n")
['c,c_label,n', 'https://w3id.org/cyberkg/id/country/KHM,Cambodia,1', '']
>>> t.to_tsv().splitlines()[1].split("\\t")
['<https://w3id.org/cyberkg/id/country/KHM>', '"Cambodia"', '"1"']
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from pyoxigraph import (BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat,
                        RdfFormat, parse, parse_query_results)

#: IRIs per label query (each is one VALUES block).
LABEL_BATCH = 1000
LABEL_SUFFIX = "_label"

LABEL_QUERY = """SELECT ?iri (SAMPLE(?preferred) AS ?pref) (SAMPLE(?other) AS ?alt) WHERE {{
  VALUES ?iri {{ {iris} }}
  OPTIONAL {{ ?iri <http://www.w3.org/2004/02/skos/core#prefLabel> ?preferred
             FILTER(LANGMATCHES(LANG(?preferred), "en") || LANG(?preferred) = "") }}
  OPTIONAL {{ ?iri <http://www.w3.org/2000/01/rdf-schema#label> ?other }}
}} GROUP BY ?iri"""


@dataclass
class Table:
    """Rows of RDF terms (None where unbound) under ``variables``; ``labels`` maps IRIs to
    their English labels. ``boolean`` is set instead for an ASK result."""

    variables: list[str]
    rows: list[list[Any]]
    labels: dict[str, str] = field(default_factory=dict)
    boolean: bool | None = None
    truncated: bool = False
    seconds: float = 0.0

    def iri_columns(self) -> set[int]:
        """Indexes of the columns that hold at least one IRI."""
        return {i for row in self.rows for i, term in enumerate(row) if isinstance(term, NamedNode)}

    def iris(self, columns: Iterable[str] | None = None) -> list[str]:
        """Every distinct IRI in the table (or in ``columns``), in order of appearance."""
        wanted = None if columns is None else {self.variables.index(c) for c in columns
                                               if c in self.variables}
        seen: dict[str, None] = {}
        for row in self.rows:
            for i, term in enumerate(row):
                if isinstance(term, NamedNode) and (wanted is None or i in wanted):
                    seen.setdefault(term.value)
        return list(seen)

    def records(self) -> list[dict[str, Any]]:
        """The rows as {variable: term} (unbound variables left out)."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]

    def columns(self) -> list[str]:
        """The column names of the downloads: each IRI column followed by its label column."""
        iri = self.iri_columns()
        out = []
        for i, name in enumerate(self.variables):
            out.append(name)
            if i in iri:
                out.append(name + LABEL_SUFFIX)
        return out

    def _expanded(self) -> Iterable[list[Any]]:
        iri = self.iri_columns()
        for row in self.rows:
            out = []
            for i, term in enumerate(row):
                out.append(term)
                if i in iri:
                    label = self.labels.get(term.value) if isinstance(term, NamedNode) else None
                    out.append(Literal(label) if label is not None else None)
            yield out

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV results with label columns."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if self.boolean is not None:
            writer.writerows([["boolean"], ["true" if self.boolean else "false"]])
            return out.getvalue()
        writer.writerow(self.columns())
        for row in self._expanded():
            writer.writerow([_csv_value(term) for term in row])
        return out.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 TSV results with label columns."""
        if self.boolean is not None:
            return "?boolean\n" + ("true" if self.boolean else "false") + "\n"
        lines = ["\t".join("?" + c for c in self.columns())]
        for row in self._expanded():
            lines.append("\t".join("" if term is None else str(term) for term in row))
        return "\n".join(lines) + "\n"


def _csv_value(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return "_:" + term.value
    return term.value


def from_results(data: bytes, kind: str, fmt: str = "json") -> Table:
    """A table from a serialised result: SPARQL JSON for solutions and booleans, or
    N-Triples for a graph (``kind`` "graph": columns subject, predicate, object)."""
    if kind == "graph":
        rows = [[t.subject, t.predicate, t.object] for t in parse(data, format=RdfFormat.N_TRIPLES)]
        return Table(["subject", "predicate", "object"], rows)
    if fmt == "json" and b'"truncated":true' in data[-1024:]:
        # A capped result says so in two extra members, which the parser does not take.
        doc = json.loads(data)
        data = json.dumps({k: doc[k] for k in ("head", "results", "boolean") if k in doc}).encode()
    results = parse_query_results(data, QueryResultsFormat.JSON if fmt == "json" else
                                  QueryResultsFormat.from_media_type(fmt))
    if isinstance(results, QueryBoolean):
        return Table([], [], boolean=bool(results))
    names = [v.value for v in results.variables]
    return Table(names, [[solution[n] for n in names] for solution in results])


def label_queries(iris: list[str]) -> list[str]:
    """The label lookup queries for ``iris`` (one per :data:`LABEL_BATCH`). The IRIs come
    from query results, written as N-Triples terms, so they cannot change the query."""
    queries = []
    for start in range(0, len(iris), LABEL_BATCH):
        terms = " ".join(str(NamedNode(iri)) for iri in iris[start:start + LABEL_BATCH])
        queries.append(LABEL_QUERY.format(iris=terms))
    return queries


def add_labels(table: Table, run: Callable[[str], bytes],
               columns: Iterable[str] | None = None) -> Table:
    """Fill ``table.labels`` for the IRIs of ``columns`` (default: all) by running the label
    queries with ``run`` (query → SPARQL JSON bytes, e.g. through the executor); return
    the table."""
    for query in label_queries(table.iris(columns)):
        found = from_results(run(query), "results")
        for iri, preferred, other in found.rows:
            label = preferred if preferred is not None else other
            if iri is not None and label is not None:
                table.labels[iri.value] = label.value
    return table
