"""Query results written out for the command line: a table, SPARQL JSON/XML, CSV, TSV,
or Turtle / N-Triples for graph results. Serialisers are pyoxigraph's own.
"""

from __future__ import annotations

import re
from typing import Any

from pyoxigraph import (BlankNode, DefaultGraph, Literal, NamedNode, Quad, QueryBoolean,
                        QueryResultsFormat, QuerySolutions, QueryTriples, RdfFormat, Store)

from cyberkg.namespaces import PREFIXES

RESULT_FORMATS = {"json": QueryResultsFormat.JSON, "xml": QueryResultsFormat.XML,
                  "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": RdfFormat.TURTLE, "ntriples": RdfFormat.N_TRIPLES,
                 "jsonld": RdfFormat.JSON_LD, "rdfxml": RdfFormat.RDF_XML}
CLI_FORMATS = ("table", *RESULT_FORMATS, *GRAPH_FORMATS)


class FormatError(ValueError):
    """The asked format does not fit the kind of result (e.g. CSV for a CONSTRUCT)."""


def render(results: Any, fmt: str) -> bytes:
    """Return ``results`` (pyoxigraph solutions, boolean or triples) written as ``fmt``."""
    if isinstance(results, QueryTriples):
        if fmt == "table":
            fmt = "turtle"
        if fmt not in GRAPH_FORMATS:
            raise FormatError(f"a graph result can be written as {', '.join(GRAPH_FORMATS)}, "
                              f"not {fmt}")
        return _graph_bytes(results, GRAPH_FORMATS[fmt])
    if fmt in GRAPH_FORMATS:
        raise FormatError(f"{fmt} is for CONSTRUCT and DESCRIBE results; "
                          f"use table, {', '.join(RESULT_FORMATS)}")
    if fmt == "table":
        return table(results).encode()
    return results.serialize(format=RESULT_FORMATS[fmt])


def table(results: QuerySolutions | QueryBoolean) -> str:
    """A plain-text table with prefixed names, for people at a terminal."""
    if isinstance(results, QueryBoolean):
        return ("true" if bool(results) else "false") + "\n"
    header = [v.value for v in results.variables]
    rows = [[short(row[i]) for i in range(len(header))] for row in results]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def short(term: Any) -> str:
    """A term as a person reads it: ``ck:status``, ``"6.00"``, ``_:b0``, or empty."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        matches = [(p, iri) for p, iri in PREFIXES.items() if term.value.startswith(iri)]
        if matches:
            prefix, iri = max(matches, key=lambda m: len(m[1]))
            local = term.value[len(iri):]
            if re.fullmatch(r"[\w.\-/]+", local):
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return term.value
    return str(term)


def _graph_bytes(triples: QueryTriples, fmt: RdfFormat) -> bytes:
    scratch = Store()
    scratch.extend(Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples)
    prefixes = PREFIXES if fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
    return scratch.dump(format=fmt, from_graph=DefaultGraph(), prefixes=prefixes)
