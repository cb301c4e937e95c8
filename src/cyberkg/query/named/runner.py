"""Running a named query: the one way, for the command line and the web workbench alike.

A :class:`NamedQueryRunner` does everything a named query needs from the query executor:
it runs a parameter's picker query for the values a request may choose from, binds the
request's values (:mod:`.binding`), runs the query with them bound, and looks up the
labels of the IRIs in a result that people will read. :meth:`~NamedQueryRunner.answer`
writes the result in one format: the text table of the command line, CSV or TSV with a
label column beside every IRI column, or the executor's own SPARQL results and RDF
formats.

Picker lists do not change while the data does not: a runner keeps them in a mapping
the caller may give and keep (the web keeps one per dataset version).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, MutableMapping, Sequence

from pyoxigraph import QueryResultsFormat, parse_query_results

from cyberkg.query import labelled_table, text_table
from cyberkg.query.executor import Executor, QueryRequest, QueryResult
from cyberkg.query.named.binding import Bindings, bind, choices_from_rows
from cyberkg.query.named.definition import Choice, NamedQuery, Parameter

#: Formats :meth:`NamedQueryRunner.answer` writes itself (the rest are the executor's).
TABLE_FORMATS = ("table", "csv", "tsv")


@dataclass(frozen=True)
class Answer:
    """A named query's result written as ``format``; ``truncated`` when the executor's row
    cap (``max_rows``) cut it."""

    data: bytes
    format: str
    truncated: bool = False
    max_rows: int | None = None


class NamedQueryRunner:
    """Runs named queries through ``executor``, keeping picker lists in ``picker_lists``
    (picker query text → choices; a new mapping when none is given)."""

    def __init__(self, executor: Executor,
                 picker_lists: MutableMapping[str, list[Choice]] | None = None) -> None:
        self.executor = executor
        self.picker_lists = picker_lists if picker_lists is not None else {}

    def choices(self, param: Parameter) -> list[Choice]:
        """The values ``param``'s picker lists, in its order ([] without a picker)."""
        if not param.picker:
            return []
        known = self.picker_lists.get(param.picker)
        if known is None:
            table = labelled_table.from_results(self._run_json(param.picker), "results")
            known = choices_from_rows(dict(zip(table.variables, row)) for row in table.rows)
            self.picker_lists[param.picker] = known
        return known

    def bind(self, query: NamedQuery, given: Mapping[str, Sequence[str]]) -> Bindings:
        """Check ``given`` (name → the values sent) against ``query`` and its pickers;
        raises ParameterError."""
        return bind(query, given, self.choices)

    def run(self, query: NamedQuery, bindings: Bindings, results_format: str | None = "json",
            graph_format: str | None = "turtle", max_rows: int | None = None) -> QueryResult:
        """Run ``query`` with ``bindings`` bound; raises the executor's QueryError."""
        return self.executor.run(QueryRequest(
            query.bound(bindings.terms), results_format, graph_format, max_rows=max_rows))

    def labelled(self, result: QueryResult,
                 columns: list[str] | None = None) -> labelled_table.Table:
        """The table of ``result`` (SPARQL JSON, or N-Triples for a graph) with the English
        label of every IRI in it (or in ``columns``)."""
        kind = "graph" if result.kind == "graph" else "results"
        table = labelled_table.from_results(result.read(), kind)
        table.truncated, table.seconds = result.truncated, result.seconds
        return labelled_table.add_labels(table, self._run_json, columns)

    def answer(self, query: NamedQuery, bindings: Bindings, fmt: str = "table") -> Answer:
        """The result of ``query`` with ``bindings`` written as ``fmt``: ``table`` (text;
        Turtle for a graph query), ``csv`` / ``tsv`` (a label column beside every IRI
        column), a SPARQL results format (``json``, ``xml``) or, for graph queries, an RDF
        format (``turtle``, ``ntriples``, ``jsonld``, ``rdfxml``). Raises the executor's
        QueryError (FormatNotAcceptable for a format the query's kind has not)."""
        if query.is_graph:
            result = self.run(query, bindings, None, "turtle" if fmt == "table" else fmt)
            return _answer(result.read(), result.format, result)
        if fmt not in TABLE_FORMATS:
            result = self.run(query, bindings, fmt, None)
            return _answer(result.read(), result.format, result)
        result = self.run(query, bindings, "json", None)
        if fmt == "table":
            solutions = parse_query_results(result.read(), QueryResultsFormat.JSON)
            return _answer(text_table.table(solutions).encode(), fmt, result)
        table = self.labelled(result)
        return _answer((table.to_csv() if fmt == "csv" else table.to_tsv()).encode(), fmt, result)

    def _run_json(self, text: str) -> bytes:
        return self.executor.run(QueryRequest(text, "json", None)).read()


def _answer(data: bytes, fmt: str, result: QueryResult) -> Answer:
    return Answer(data, fmt, result.truncated, result.max_rows)
