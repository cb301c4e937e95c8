"""What every template can call: ``page_url`` (where a page links for an IRI), ``short``
and ``local_name`` (terms as people read them), ``vocab`` and ``term_kind``."""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, g, request
from pyoxigraph import Literal, NamedNode

from cyberkg.rdf.terms import local_name, short
from cyberkg.web.data import vocab as v
from cyberkg.web.http import urls
from cyberkg.web.http.runtime import runtime


def page_url(iri: str) -> str:
    """Where a page links for ``iri`` (local for cyberkg IRIs; the IRI itself otherwise)."""
    local = g.get("_ld_local")
    if local is None:  # (looked up once per request: a page links hundreds of times)
        local = g._ld_local = (runtime().settings.base_iri, request.script_root)
    target = _page(iri, local[0])
    return local[1] + target if target.startswith("/") else target


#: urls.page is pure and pages link to the same things again and again.
_page = lru_cache(maxsize=65536)(urls.page)


def term_kind(term: object) -> str:
    """"iri", "literal" or "blank", for templates."""
    if isinstance(term, NamedNode):
        return "iri"
    return "literal" if isinstance(term, Literal) else "blank"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(page_url=page_url, short=short, local_name=local_name,
                                 vocab=v, term_kind=term_kind)
