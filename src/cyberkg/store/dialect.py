"""Engine dialects: rewriting SPARQL so that every engine reads it as cyberkg means it, and
reading back what an engine answers in its own way (Virtuoso 7 is the one that needs it).

Only code is rewritten: strings, IRIs and comments are found first (:func:`_code_spans`)
and left as they are.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Mapping

from pyoxigraph import QueryResultsFormat, parse_query_results

_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'', re.DOTALL)
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_COMMENT = re.compile(r"#[^\n\r]*")
_ESCAPED_NAME = re.compile(
    r"(?<![\w?$:\\-])([A-Za-z\u00C0-\uFFFF](?:[\w.\-\u00B7]*[\w\-\u00B7])?)?:"
    r"((?:[\w:\-.]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])+)")
BACKSLASH = chr(92)
_LOCAL_ESCAPE = re.compile(BACKSLASH * 2 + "(.)")
_DECLARED = re.compile(r"PREFIX\s+([\w.\-\u00B7]*):\s*<([^>]*)>", re.IGNORECASE)


def _code_spans(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is_code) over ``text``: strings, IRIs and comments are not code."""
    position, code_start = 0, 0
    while position < len(text):
        char = text[position]
        pattern = _STRING if char in "\"'" else _IRI if char == "<" else _COMMENT if char == "#" else None
        match = pattern.match(text, position) if pattern else None
        if match:
            if code_start < position:
                yield code_start, position, True
            yield position, match.end(), False
            position = code_start = match.end()
        else:
            position += 1
    if code_start < len(text):
        yield code_start, len(text), True


def expand_escaped_names(text: str, prefixes: Mapping[str, str]) -> str:
    r"""Write prefixed names with escapes (``cki:country\/KHM``), which some engines cannot
    read (Virtuoso 7), as full IRIs; the rest of ``text`` is left as it is.

    >>> expand_escaped_names('SELECT * { cki:country\\/KHM ?p "x:a\\/b" }', {"cki": "http://i/"})
    'SELECT * { <http://i/country/KHM> ?p "x:a\\/b" }'
    """
    if "\\" not in text:
        return text
    spans = list(_code_spans(text))
    known = dict(prefixes)
    for match in _DECLARED.finditer(text):
        known[match.group(1)] = match.group(2)
    out = []
    for start, end, is_code in spans:
        piece = text[start:end]
        if is_code and "\\" in piece:
            piece = _ESCAPED_NAME.sub(lambda m: _expanded(m, known), piece)
        out.append(piece)
    return "".join(out)


_FROM = re.compile(r"(?<![\w?$:])FROM\s+(?:NAMED\s+)?", re.IGNORECASE)
_PNAME = re.compile(r"[^\s{]*")


def without_dataset_clauses(text: str) -> str:
    """``text`` without its FROM and FROM NAMED clauses (the protocol's dataset replaces
    them, which Virtuoso 7 does not do: it adds the two)."""
    cuts = []
    for start, end, is_code in _code_spans(text):
        if not is_code:
            continue
        for match in _FROM.finditer(text, start, end):
            after = match.end()
            target = _IRI.match(text, after) if text.startswith("<", after) else _PNAME.match(text, after)
            cuts.append((match.start(), target.end() if target else after))
    for start, end in reversed(cuts):
        text = text[:start] + text[end:]
    return text


def _expanded(match: re.Match, known: Mapping[str, str]) -> str:
    prefix, local = match.group(1) or "", match.group(2)
    trailing = len(local) - len(local.rstrip("."))  # a final "." ends the triple
    local = local[:len(local) - trailing]
    if BACKSLASH not in local or prefix not in known:
        return match.group(0)
    unescaped = _LOCAL_ESCAPE.sub(lambda m: m.group(1), local)
    return "<" + known[prefix] + unescaped + ">" + "." * trailing


def as_boolean(solutions: Any) -> Any:
    """Virtuoso 7 answers ASK as a SELECT of one variable, ``__ASK_RETVAL``, bound to 1 or
    absent; this is the boolean it means."""
    answer = any(s[0] is not None and s[0].value not in ("0", "false") for s in solutions)
    xml = (f'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
           f'<boolean>{"true" if answer else "false"}</boolean></sparql>')
    return parse_query_results(xml.encode(), QueryResultsFormat.XML)
