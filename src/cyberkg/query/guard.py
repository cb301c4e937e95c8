r"""Finding ``SERVICE`` in a query before it runs, with the SPARQL parser as the judge.

A hand-written tokenizer can be fooled (``FILTER(?a<?b)SERVICE#>`` reads as an IRI to a
tokenizer that prefers IRIs and as ``?a < ?b``, the keyword and a comment to the parser), so
the parser decides. The keyword ``SERVICE`` becomes a syntax error when one letter of it
changes (``SERVICQ`` is no SPARQL term), while the same change inside an IRI, a string, a
comment, a prefixed name or a variable leaves the query valid. So:

1. every case-insensitive occurrence of ``service`` is changed that way ("masked");
2. if the masked query parses, the query has no ``SERVICE`` keyword: it may run;
3. otherwise each occurrence that looks like the keyword is replaced by ``GRAPH`` (same
   grammar slot: a variable or IRI, then a group), ``SILENT`` blanked; if *that* parses,
   the query uses ``SERVICE`` there, and each endpoint must be a full IRI in the allow-list;
   if it does not parse either, the query's own syntax error is reported.

Only masked or ``GRAPH``-substituted texts are parsed here, so nothing can call out while
checking. ``parse`` is a function that returns None when its argument is a valid query
and the parser's message otherwise (:func:`oxigraph_parser` gives pyoxigraph's).
SPARQL's codepoint escapes (``\u0053ERVICE``) are decoded before parsing, so escapes of
ASCII letters are refused.

>>> parse = oxigraph_parser()
>>> check_service("SELECT * { ?s <http://x/service> ?o }", parse, ())
>>> check_service("SELECT * { SERVICE <http://e/> { ?s ?p ?o } }", parse, ()).reason
'SERVICE <http://e/> is not allowed: this endpoint does not call other services'
>>> check_service("SELECT * { SERVICE <http://e/> { ?s ?p ?o } }", parse, ["http://e/"])
>>> check_service("SELECT * { FILTER(?a<?b)SERVICE#>\n<http://e/> {} }", parse, ()).kind
'service'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from pyoxigraph import Store

Parse = Callable[[str], "str | None"]

_OCCURRENCE = re.compile("service", re.IGNORECASE)
_FROM = re.compile("from", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SPACE = r"(?:\s|#[^\n\r]*)*"
# What follows the keyword: SILENT?, then the endpoint (an IRI, a prefixed name, a variable).
_AFTER = re.compile(_SPACE + r"(SILENT(?![\w:-]))?" + _SPACE + r"(<[^<>\s]*>|[?$]\w+|[^\s{]*)",
                    re.IGNORECASE)


@dataclass(frozen=True)
class Refusal:
    """Why a query may not run: ``kind`` is "service" or "syntax"."""

    kind: str
    reason: str


def check_escapes(query: str) -> Refusal | None:
    r"""Refuse ``\uXXXX``/``\UXXXXXXXX`` escapes that stand for ASCII letters.

    Such escapes would let a keyword be spelled so that no text search sees it.

    >>> check_escapes(r'SELECT ("caf\u00e9" AS ?x) {}') is None
    True
    >>> check_escapes(r"\u0053ERVICE").kind
    'syntax'
    """
    for match in _CODEPOINT.finditer(query):
        code = int(match.group(1) or match.group(2), 16)
        if code < 0x80 and chr(code).isalpha():
            return Refusal("syntax", f"the escape {match.group(0)} stands for the ASCII letter "
                           f"{chr(code)!r}: write the letter itself")
    return None


def check_service(query: str, parse: Parse, allowed: Iterable[str]) -> Refusal | None:
    """Return why ``query`` may not run because of SERVICE, or None if it may run."""
    spots = [m.start() for m in _OCCURRENCE.finditer(query)]
    if not spots:
        return None
    if parse(_mask(query, spots)) is None:
        return None
    keywords = [i for i in spots if _looks_like_keyword(query, i)]
    substituted, endpoints = _as_graph(query, spots, keywords)
    error = parse(substituted) if keywords else "not SERVICE"
    if error is not None:
        # The query is wrong anyway; report the parser's message for its masked form,
        # whose positions are those of the query as sent.
        return Refusal("syntax", parse(_mask(query, spots)) or error)
    allow = set(allowed)
    for endpoint, is_iri in endpoints:
        if is_iri and endpoint in allow:
            continue
        shown = f"<{endpoint}>" if is_iri else endpoint
        return Refusal("service", f"SERVICE {shown} is not allowed: " + (
            "this endpoint does not call other services" if not allow else
            "only these endpoints may be called, written as full IRIs: "
            + ", ".join(f"<{a}>" for a in sorted(allow))))
    return None


def has_dataset_clause(query: str, parse: Parse) -> bool:
    """Whether ``query`` names its own dataset (FROM or FROM NAMED), by the same masking.

    A query that does not parse counts as having one (it will fail on its own anyway).

    >>> parse = oxigraph_parser()
    >>> has_dataset_clause("SELECT * FROM <http://g/> { ?s ?p ?o }", parse)
    True
    >>> has_dataset_clause('SELECT * { ?s ?p "from <http://g/>" }', parse)
    False
    """
    spots = [m.start() for m in _FROM.finditer(query)]
    return bool(spots) and parse(_mask(query, spots, 4)) is not None


def _mask(query: str, spots: list[int], length: int = 7) -> str:
    """The query with the last letter of each occurrence changed to q (keeping its case)."""
    chars = list(query)
    for i in spots:
        last = i + length - 1
        chars[last] = "Q" if chars[last].isupper() else "q"
    return "".join(chars)


def _looks_like_keyword(query: str, i: int) -> bool:
    before = query[i - 1] if i else " "
    after = query[i + 7] if i + 7 < len(query) else " "
    return not (before.isalnum() or before in "_:?$-.@/%\\") and not (after.isalnum() or after in "_:-.")


def _as_graph(query: str, spots: list[int],
              keywords: list[int]) -> tuple[str, list[tuple[str, bool]]]:
    """The masked query with each keyword candidate as GRAPH; and the endpoints named,
    each as (IRI without brackets, True) or (a variable or prefixed name as written, False).
    """
    chars = list(_mask(query, spots))
    endpoints = []
    for i in keywords:
        chars[i:i + 7] = "GRAPH  "
        after = _AFTER.match(query, i + 7)
        if after and after.group(1):
            start = after.start(1)
            chars[start:start + 6] = " " * 6
        target = after.group(2) if after else ""
        is_iri = target.startswith("<")
        endpoints.append((target[1:-1], True) if is_iri else (target or "(missing)", False))
    return "".join(chars), endpoints


def oxigraph_parser(prefixes: Mapping[str, str] | None = None) -> Parse:
    """A ``parse`` function using pyoxigraph's SPARQL parser over an empty store.

    pyoxigraph has no parse-only call, so the text is also evaluated over no data; only
    texts without SERVICE reach it, and the caller runs it under the query's time budget.
    """
    empty = Store()

    def parse(text: str) -> str | None:
        try:
            empty.query(text, prefixes=dict(prefixes or {}))
        except SyntaxError as error:
            return str(error)
        except Exception:  # an evaluation error (e.g. a bad cast) means it parsed
            return None
        return None

    return parse
