"""Binding a request's values to a named query's parameters, and the short forms of values.

A request gives each parameter as text (a form field, a URL argument, ``--param``). The
binder checks the text against the parameter's type and, when the parameter has a picker,
against the values the picker lists; what comes out are RDF terms, which
:meth:`~cyberkg.query.named.definition.NamedQuery.bound` writes into the query. A value
the picker lists may be given by its last path segment alone (``KHM`` for
``…/country/KHM``) when that names one value only; :func:`short_forms` writes values
that way for forms and links.

>>> from pyoxigraph import NamedNode
>>> from cyberkg.query.named.definition import parse_text
>>> q = parse_text("demo", '''#+ title: Demo
... #+ description: A country.
... #+ param country: iri
... #+   picker: SELECT ?value ?label WHERE { ?value a <http://x.org/Country> ; <http://x.org/name> ?label }
... SELECT ?country WHERE { VALUES ?country { <http://x.org/country/KHM> } }''')
>>> allowed = [Choice(NamedNode("http://x.org/country/KHM"), "Cambodia"),
...            Choice(NamedNode("http://x.org/country/VNM"), "Viet Nam")]
>>> bind(q, {"country": ["VNM"]}, lambda param: allowed).values
{'country': 'http://x.org/country/VNM'}
>>> short_forms(q.param("country"), ["http://x.org/country/VNM", ""], allowed)
['VNM', '']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from cyberkg.query.named.definition import Choice, NamedQuery, Parameter, ParameterError

#: Choices a "not one of the allowed values" message shows.
SHOWN_CHOICES = 8


@dataclass
class Bindings:
    """Checked parameter values: ``terms`` to bind (name → RDF term) and ``values``, the
    text of each value given or defaulted ("" for any), for forms and permalinks."""

    terms: dict[str, Any] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)


def bind(query: NamedQuery, given: Mapping[str, Sequence[str]],
         choices: Callable[[Parameter], list[Choice]] | None = None) -> Bindings:
    """Check the parameter values ``given`` (name → the values sent) against ``query``.

    A parameter not given takes its default; an optional one left empty stays unbound.
    With ``choices`` (a parameter's allowed values, from its picker), a value must be one
    of them; a short form is accepted when exactly one choice ends with it (``KHM`` for
    ``…/country/KHM``, ``privacy`` for ``…/right/privacy``).

    Raises ParameterError: an unknown parameter, a value given twice, a value of the wrong
    type, or a value the picker does not list.
    """
    known = {p.name for p in query.params}
    unknown = sorted(set(given) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "no parameters"
        raise ParameterError(f"unknown parameter {', '.join(unknown)}; {query.name} takes: {takes}")
    bindings = Bindings()
    for param in query.params:
        sent = list(given.get(param.name, ()))
        if len(sent) > 1:
            raise ParameterError(f"parameter {param.name} is given {len(sent)} times; give it once")
        raw = (sent[0] if sent else param.default).strip()
        if not raw:
            if param.optional:
                bindings.values[param.name] = ""
                continue
            raise ParameterError(f"parameter {param.name} needs a value")
        allowed = choices(param) if choices is not None and param.picker else None
        term = _resolve(param, raw, allowed)
        bindings.terms[param.name] = term
        bindings.values[param.name] = term.value
    return bindings


def _resolve(param: Parameter, raw: str, allowed: list[Choice] | None) -> Any:
    """The term ``raw`` names: parsed by type, then (with ``allowed``) one of the choices,
    in full or by a short form that names one choice only."""
    if allowed is None:
        return param.parse(raw)
    by_text = {c.text: c for c in allowed}
    try:
        term = param.parse(raw)
    except ParameterError:
        term = None
    if term is not None and term.value in by_text:
        return by_text[term.value].value
    short = [c for c in allowed if _segment(c.text) == raw]
    if len(short) == 1:
        return short[0].value
    if term is None and param.type != "iri":
        param.parse(raw)  # raises the type error
    sample = ", ".join(_segment(c.text) for c in allowed[:SHOWN_CHOICES])
    more = ", …" if len(allowed) > SHOWN_CHOICES else ""
    raise ParameterError(f"parameter {param.name}: {raw!r} is not one of the {len(allowed)} "
                         f"allowed values ({sample}{more})")


def short_forms(param: Parameter, values: Iterable[str], choices: list[Choice]) -> list[str]:
    """``values`` as forms and links give them, so that URLs stay readable: an IRI
    parameter's value as its last path segment (``KHM``, ``privacy``) when that names
    exactly one of ``choices`` (so :func:`bind` reads it back as the same value), else in
    full."""
    counts = Counter(_segment(c.text) for c in choices)
    return [_segment(value) if param.type == "iri" and value and counts[_segment(value)] == 1
            else value for value in values]


def _segment(text: str) -> str:
    """The last path segment of an IRI (the whole text when it has no slash)."""
    return text.rsplit("/", 1)[-1]


def choices_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Choice]:
    """Choices from picker rows (``value`` and ``label`` terms), in order, without repeats."""
    seen, out = set(), []
    for row in rows:
        value = row.get("value")
        if value is None or value.value in seen:
            continue
        seen.add(value.value)
        label = row.get("label")
        out.append(Choice(value, label.value if label is not None else value.value))
    return out
