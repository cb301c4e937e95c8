"""The research workbench's shared state: the named queries an app serves, the picker
lists of each dataset version, the tables the views ask for, and what pages make of them
(cells with links, permalinks, security headers).

One :class:`Workbench` per app (``app.extensions["cyberkg.workbench"]``), made when the
queries blueprint is registered, from the ``queries_dir`` setting. Queries run through
:class:`~cyberkg.query.named.NamedQueryRunner` over the executor of the request's
runtime; picker lists are kept per dataset version (the server may switch to a new build
while it runs).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, url_for
from pyoxigraph import BlankNode, Literal, NamedNode

from cyberkg.query import labelled_table as tables
from cyberkg.rdf.terms import short
from cyberkg.query.named import (Bindings, Choice, NamedQuery, NamedQueryRunner, Parameter,
                                 read_queries, short_forms)
from cyberkg.web.http import urls
from cyberkg.web.http.errors import NotFound
from cyberkg.web.http.runtime import runtime

EXTENSION = "cyberkg.workbench"
#: Rows an HTML page shows (downloads return up to the ``max_rows`` setting).
HTML_ROWS = 1000
#: Tables of views kept per app (least recently used out first).
TABLES_KEPT = 64
#: Dataset versions whose picker lists are kept (versions come and go while serving).
PICKER_VERSIONS_KEPT = 4
#: Request arguments that are not query parameters.
CONTROL = ("format", "version")


@dataclass(frozen=True)
class Cell:
    """A table cell as a page shows it: ``text``, a link (``href``) for IRIs, the full
    term as ``title``, ``kind`` (iri, literal, number, bnode, empty) and a CSS class for
    codes shown as colour and text (ITU statuses, assessment stances)."""

    text: str
    href: str | None = None
    title: str = ""
    kind: str = "literal"
    css: str = ""


class Workbench:
    """The named queries of one app, and what its pages keep of them between requests."""

    def __init__(self, queries: dict[str, NamedQuery]) -> None:
        self.queries = queries
        self._picker_lists: dict[str | None, dict[str, list[Choice]]] = {}
        self._tables: OrderedDict[tuple, tables.Table] = OrderedDict()
        self._lock = threading.Lock()

    def query(self, name: str) -> NamedQuery:
        """The named query ``name``; raises NotFound (404) naming the ones there are."""
        if name not in self.queries:
            raise NotFound(f"there is no named query {name!r}; see /queries for the "
                           f"{len(self.queries)} there are")
        return self.queries[name]

    def runner(self) -> NamedQueryRunner:
        """The runner over this request's executor, with its dataset version's picker lists."""
        rt = runtime()
        with self._lock:
            lists = self._picker_lists.get(rt.version)
            if lists is None:
                if len(self._picker_lists) >= PICKER_VERSIONS_KEPT:
                    self._picker_lists.clear()
                lists = self._picker_lists[rt.version] = {}
        return NamedQueryRunner(rt.executor, lists)

    def choices(self, param: Parameter) -> list[Choice]:
        """The values ``param``'s picker lists (computed once per dataset version)."""
        return self.runner().choices(param)

    def options(self, param: Parameter) -> list[tuple[str, str, str]]:
        """(value a form sends, label, full value) for each of ``param``'s choices: the
        short form where it names one choice only (so that URLs stay readable)."""
        choices = self.choices(param)
        sent = short_forms(param, [c.text for c in choices], choices)
        return [(value, c.label, c.text) for value, c in zip(sent, choices)]

    def short_values(self, query: NamedQuery, bindings: Bindings) -> dict[str, str]:
        """The parameter values for links: an IRI as its last path segment (``KHM``,
        ``privacy``) when that names exactly one of the picker's values, else in full."""
        return {param.name: short_forms(param, [bindings.values.get(param.name, "")],
                                        self.choices(param))[0] for param in query.params}

    def chosen_labels(self, query: NamedQuery, bindings: Bindings) -> dict[str, str]:
        """Each parameter's value as its picker labels it ("any" when unbound)."""
        out = {}
        for param in query.params:
            value = bindings.values.get(param.name, "")
            labels = {c.text: c.label for c in self.choices(param)}
            out[param.name] = labels.get(value, value) if value else "any"
        return out

    def table(self, name: str, given: dict[str, list[str]] | None = None,
              labels: list[str] | None = None) -> tables.Table:
        """Run the named query ``name`` with ``given`` parameter values (defaults for the
        rest) and return its labelled table (labels for the ``labels`` columns only, when
        given), kept for later requests on the same dataset version (the views ask the
        same questions again and again). Raises ParameterError or the executor's
        QueryError; a truncated result is not kept."""
        query, runner = self.query(name), self.runner()
        bindings = runner.bind(query, given or {})
        key = (runtime().version, name, tuple(sorted(bindings.values.items())), tuple(labels or ()))
        with self._lock:
            cached = self._tables.get(key)
            if cached is not None:
                self._tables.move_to_end(key)
                return cached
        table = runner.labelled(runner.run(query, bindings), labels)
        if key[0] is not None and not table.truncated:
            with self._lock:
                self._tables[key] = table
                while len(self._tables) > TABLES_KEPT:
                    self._tables.popitem(last=False)
        return table


def workbench() -> Workbench:
    return current_app.extensions[EXTENSION]


def init_app(app: Flask) -> None:
    """Read the named queries of the ``queries_dir`` setting into a Workbench on ``app``;
    raises QueryFileError."""
    settings = app.extensions["cyberkg"].settings
    app.extensions[EXTENSION] = Workbench(read_queries(settings.queries_dir))
    app.add_template_filter(duration, "duration")


def cells(table: tables.Table) -> list[list[Cell]]:
    """The rows of ``table`` as cells for a page: labels linked to entity pages."""
    base = runtime().settings.base_iri
    return [[cell(term, table.labels, base) for term in row] for row in table.rows]


def cell(term: Any, labels: dict[str, str], base: str) -> Cell:
    if term is None:
        return Cell("", kind="empty")
    if isinstance(term, NamedNode):
        code = term.value[len(base):] if term.value.startswith(base) else ""
        css = ("status status-" + code.rsplit("/", 1)[-1] if code.startswith("id/concept/status/")
               else "stance-" + code.rsplit("/", 1)[-1] if code.startswith("id/concept/stance/")
               else "")
        return Cell(labels.get(term.value) or short(term), urls.link(term.value, base),
                    term.value, "iri", css)
    if isinstance(term, BlankNode):
        return Cell("_:" + term.value, kind="bnode")
    if isinstance(term, Literal) and term.datatype.value.rsplit("#", 1)[-1] in (
            "integer", "decimal", "double", "float", "long", "int"):
        return Cell(term.value, title=str(term), kind="number")
    return Cell(term.value, title=str(term), kind="literal")


def duration(seconds: float) -> str:
    """A query's time for people: ``0.4 ms``, ``12 ms``, ``1.25 s``.

    >>> duration(0.0004), duration(0.0123), duration(1.25)
    ('0.4 ms', '12 ms', '1.25 s')
    """
    if seconds < 0.01:
        return f"{seconds * 1000:.1f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def permalink(endpoint: str, values: dict[str, str], **extra: str) -> str:
    """An absolute link to ``endpoint`` with every parameter value and the dataset version."""
    version = runtime().version
    args = {**values, **extra, **({"version": version} if version else {})}
    return url_for(endpoint, _external=True, **args)
