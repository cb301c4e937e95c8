"""Query results as people read them at a terminal: a plain-text table of solutions with
prefixed names (the other formats are pyoxigraph's serialisers, run by the executor)."""

from __future__ import annotations


from pyoxigraph import QueryBoolean, QuerySolutions

from cyberkg.rdf.terms import short


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
