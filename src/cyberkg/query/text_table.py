"""Query results as people read them at a terminal: a plain-text table of solutions with
prefixed names (the other formats are pyoxigraph's serialisers, run by the executor)."""

from __future__ import annotations

import re
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions

from cyberkg.rdf.namespaces import PREFIXES


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
