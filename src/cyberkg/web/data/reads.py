"""SELECT queries for the linked-data pages, run through the one executor.

The pages need terms, not serialised text: each query runs on a worker process like any
other (time budget, row cap, SERVICE refused), its solutions come back as SPARQL JSON and
become pyoxigraph terms here (JSON lists only the bound variables of each row, which keeps
the wide UNIONs of :func:`select_together` cheap to read).

Entity IRIs are put into query text only as pyoxigraph :class:`NamedNode` terms
(:func:`term`), which refuse anything that is not an IRI; request values are never spliced.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from pyoxigraph import BlankNode, Literal, NamedNode

from cyberkg.query.executor import QueryRequest
from cyberkg.store import capabilities
from cyberkg.web.http.runtime import runtime

Row = dict[str, Any]


@dataclass
class Rows:
    """A query's solutions as dicts {variable: pyoxigraph term} (unbound variables absent)."""

    rows: list[Row]
    truncated: bool = False

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class QueryLog:
    """The queries one page ran, in order (for the benchmark and for debugging)."""

    queries: list[str] = field(default_factory=list)


def select(query: str, max_rows: int | None = None, log: QueryLog | None = None) -> Rows:
    """Run the SELECT ``query`` through the app's executor; return its solutions.

    Raises the executor's :class:`~cyberkg.errors.QueryError` subclasses (time budget,
    busy, failure), which the error handler turns into HTTP errors.
    """
    if log is not None:
        log.queries.append(query)
    result = runtime().executor.run(QueryRequest(query, results_format="json", graph_format=None,
                                                 max_rows=max_rows))
    bindings = json.loads(result.read())["results"]["bindings"]
    return Rows([{name: _term(value) for name, value in b.items()} for b in bindings],
                result.truncated)


def _term(value: dict) -> Any:
    """A pyoxigraph term from its SPARQL JSON form (only bound variables appear there, so a
    wide UNION costs in proportion to its values, not to rows × variables)."""
    kind = value["type"]
    if kind == "uri":
        return NamedNode(value["value"])
    if kind == "bnode":
        return BlankNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], language=value["xml:lang"])
    if "datatype" in value:
        return Literal(value["value"], datatype=_datatype(value["datatype"]))
    return Literal(value["value"])


@lru_cache(maxsize=256)
def _datatype(iri: str) -> NamedNode:
    return NamedNode(iri)


def select_together(queries: list[str], log: QueryLog | None = None) -> list[Rows]:
    """Run several SELECT queries as one (a UNION of sub-queries, each row marked with the
    query it answers): one round trip to a worker instead of one each. Returns their
    solutions in order. The queries must not use the variable ``?_query``.
    """
    # Where the store cannot answer such a UNION (Virtuoso 7 mixes up the columns of
    # sub-selects that project different variables), each query goes on its own.
    if len(queries) <= 1 or not capabilities(runtime().settings).union_of_subselects:
        return [select(q, log=log) for q in queries]
    branches = [f"{{ {{ {q} }} BIND({n} AS ?_query) }}" for n, q in enumerate(queries)]
    found = select("SELECT * WHERE {\n" + "\nUNION\n".join(branches) + "\n}", log=log)
    out = [Rows([], found.truncated) for _ in queries]
    for row in found:
        out[int(row.pop("_query").value)].rows.append(row)
    return out


def term(iri: str) -> str:
    """``iri`` as a SPARQL IRI term (``<…>``). Raises ValueError for a string that is not
    an IRI (spaces, ``<``, ``>``, quotes, …), so nothing else can enter a query.

    >>> term("https://w3id.org/cyberkg/id/country/KHM")
    '<https://w3id.org/cyberkg/id/country/KHM>'
    >>> term("x> } DROP ALL {")
    Traceback (most recent call last):
    ...
    ValueError: Invalid IRI code point '>'
    """
    return str(NamedNode(iri))


def values(iris: Iterable[str]) -> str:
    """IRIs as the body of a ``VALUES`` block."""
    return " ".join(term(i) for i in iris)
