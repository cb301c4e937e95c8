"""What a named query is, and reading one from its ``.rq`` file (metadata in ``#+`` lines).

A named query is a SPARQL file that runs as it stands. Its leading ``#+`` lines describe
it in a small YAML-like form (one ``key: value`` a line; deeper-indented lines continue
the value above)::

    #+ title: A country's ITU cybersecurity scorecard (2014-2015)
    #+ description: The 21 sections of a country's ITU Cyberwellness profile, with their
    #+   status and the sentence each status was read from.
    #+ tags: itu-cwp-2014, country
    #+ param country: iri
    #+   label: Country
    #+   picker: SELECT ?value ?label WHERE { ... } ORDER BY ?label
    SELECT ?country ?code ?status WHERE {
      VALUES ?country { <https://w3id.org/cyberkg/id/country/KHM> }
      ...

Each parameter is a variable that the query binds with a one-term ``VALUES`` block (or
several, e.g. one inside a ``MINUS``); the term written there is the default
(``UNDEF`` for an optional parameter: any value). The query's author places the blocks
where the planner can use them. To run the query with other values, the values are
checked (type, and membership of the parameter's ``picker`` list), turned into RDF terms,
and the data of those blocks is rewritten by pyoxigraph from the terms: the text a client
sent never enters the query. (pyoxigraph's ``substitutions=`` binds too, but its planner
does not see the bound value: the scorecard ran 28 times slower with it.)

Binding request values is :mod:`.binding`; running a query is :mod:`.runner`.
Errors: :class:`QueryFileError` (a malformed file, when the directory is read) and
:class:`ParameterError` (a bad parameter value; the web layer answers 400).

>>> q = parse_text("demo", '''#+ title: Demo
... #+ description: Says hello
... #+   to an edition.
... #+ tags: a, b
... #+ param year: year
... #+   label: Edition
... #+   picker: SELECT ?value ?label
... #+     WHERE { VALUES ?value { "2014"^^xsd:gYear } BIND(STR(?value) AS ?label) }
... SELECT ?year WHERE {
...   VALUES ?year { "2014"^^<http://www.w3.org/2001/XMLSchema#gYear> }
... }''')
>>> q.title, q.description, q.tags, q.kind
('Demo', 'Says hello to an edition.', ('a', 'b'), 'select')
>>> q.params[0].name, q.params[0].type, q.params[0].default
('year', 'year', '2014')
>>> print(q.params[0].picker)
SELECT ?value ?label
WHERE { VALUES ?value { "2014"^^xsd:gYear } BIND(STR(?value) AS ?label) }
>>> print(q.bound({"year": q.params[0].parse("2017")}).splitlines()[-2])
  VALUES ?year { "2017"^^<http://www.w3.org/2001/XMLSchema#gYear> }
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from cyberkg.errors import CyberkgError
from cyberkg.rdf.namespaces import PREFIXES
from cyberkg.settings import Settings

XSD = "http://www.w3.org/2001/XMLSchema#"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_KEY = re.compile(r"(?P<key>[a-z][\w-]*)(?:\s+(?P<arg>[A-Za-z_]\w*))?\s*:\s?(?P<value>.*)\Z")
_FORM = re.compile(r"^\s*(?:(?:PREFIX|BASE)\s[^\n]*\n|#[^\n]*\n|\s+)*(SELECT|CONSTRUCT|ASK|DESCRIBE)\b",
                   re.IGNORECASE)
TOP_KEYS = {"title", "description", "tags", "param"}
PARAM_KEYS = {"label", "description", "picker", "optional"}
#: Tokens of a query, scanned left to right: comments, IRIs and strings are skipped whole,
#: so that only real one-term VALUES blocks (group ``var``, ``term``) are found.
_SCAN = re.compile(
    r"""(?P<skip>#[^\n]*|<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<values>(?<![\w?$:])VALUES\s+[?$](?P<var>\w+)\s*\{\s*"""
    r"""(?P<term><[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"(?:\^\^<[^<>"{}|^`\\\s]*>|@[A-Za-z0-9-]+)?"""
    r"""|UNDEF)\s*\})""", re.IGNORECASE)


class QueryFileError(CyberkgError):
    """A named query file is malformed (the message names the file and what is wrong)."""


class ParameterError(CyberkgError):
    """A parameter value is missing, unknown, of the wrong type or not an allowed value."""


@dataclass(frozen=True)
class Choice:
    """One allowed value of a parameter, as its picker lists it."""

    value: Any  # a pyoxigraph NamedNode or Literal
    label: str

    @property
    def text(self) -> str:
        """The value as a form field carries it: the IRI, or the literal's lexical form."""
        return self.value.value


def _literal(datatype: str, pattern: str, what: str) -> Callable[[str], Any]:
    regex = re.compile(pattern)

    def make(raw: str) -> Any:
        if not regex.fullmatch(raw):
            raise ParameterError(f"{raw!r} is not {what}")
        return Literal(raw, datatype=NamedNode(XSD + datatype))
    return make


def _iri(raw: str) -> NamedNode:
    prefix, _, local = raw.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        raw = PREFIXES[prefix] + local
    if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+", raw):
        raise ParameterError(f"{raw!r} is not an IRI")
    return NamedNode(raw)


#: Parameter types: name → function from the raw text to an RDF term.
TYPES: dict[str, Callable[[str], Any]] = {
    "iri": _iri,
    "string": lambda raw: Literal(raw),
    "integer": _literal("integer", r"[+-]?\d{1,18}", "an integer"),
    "decimal": _literal("decimal", r"[+-]?\d{1,18}(\.\d{1,18})?", "a decimal number"),
    "year": _literal("gYear", r"\d{4}", "a year (four digits)"),
    "date": _literal("date", r"\d{4}-\d{2}-\d{2}", "a date (YYYY-MM-DD)"),
}


@dataclass(frozen=True)
class Parameter:
    """A variable of the query that a request may set: one of :data:`TYPES`, bound by the
    query's one-term VALUES blocks, its allowed values listed by its ``picker``."""

    name: str
    type: str
    label: str
    description: str = ""
    #: The value the query's own VALUES block holds ("" for UNDEF).
    default: str = ""
    optional: bool = False
    #: A SELECT query with ?value and ?label listing the allowed values.
    picker: str | None = None

    def parse(self, raw: str) -> Any:
        """The RDF term for ``raw`` (no check against the picker). Raises ParameterError."""
        try:
            return TYPES[self.type](raw.strip())
        except ParameterError as error:
            raise ParameterError(f"parameter {self.name}: {error}") from None


@dataclass(frozen=True)
class NamedQuery:
    """One query file: its name, metadata, text as written (``#+`` lines included) and
    parameters."""

    name: str
    title: str
    description: str
    text: str
    params: tuple[Parameter, ...] = ()
    tags: tuple[str, ...] = ()
    path: Path | None = None

    @property
    def kind(self) -> str:
        """select, construct, ask or describe (the query form)."""
        match = _FORM.match(self.body)
        return match.group(1).lower() if match else "select"

    @property
    def is_graph(self) -> bool:
        return self.kind in ("construct", "describe")

    def param(self, name: str) -> Parameter:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    @property
    def body(self) -> str:
        """The query without its ``#+`` metadata lines."""
        return "\n".join(line for line in self.text.splitlines()
                         if not line.startswith("#+")).strip() + "\n"

    def bound(self, terms: Mapping[str, Any]) -> str:
        """The query text with each parameter's VALUES blocks holding ``terms[name]``
        (checked RDF terms, written by pyoxigraph), or UNDEF for a parameter not in
        ``terms`` that is optional; parameters not in ``terms`` otherwise keep their
        default. Non-parameter VALUES blocks are left alone."""
        params = {p.name: p for p in self.params}

        def rewrite(match: re.Match) -> str:
            name = match.group("var")
            if match.group("values") is None or name not in params:
                return match.group(0)
            if name in terms:
                term = _sparql_term(terms[name])
            elif params[name].optional:
                term = "UNDEF"
            else:
                return match.group(0)
            return f"VALUES ?{name} {{ {term} }}"

        return _SCAN.sub(rewrite, self.body)

    def example(self, values: Mapping[str, str] | None = None) -> str:
        """The query, titled, with ``values`` (already checked) or its defaults bound: the
        text the editor shows, which runs anywhere as it stands."""
        terms = {p.name: p.parse(v) for p in self.params if (v := (values or {}).get(p.name))}
        return f"# {self.title}\n{self.bound(terms)}"


def _sparql_term(term: Any) -> str:
    """An IRI or literal in SPARQL syntax: pyoxigraph's N-Triples form, which escapes
    whatever could end the term (an IRI cannot hold ``>``; quotes in literals are escaped)."""
    if not isinstance(term, (NamedNode, Literal)):
        raise TypeError(f"a parameter is an IRI or a literal, not {term!r}")
    return str(term)


def values_blocks(text: str) -> list[tuple[str, str]]:
    """The one-term VALUES blocks of a query as (variable, term as written), in order;
    comments, IRIs and strings are skipped.

    >>> values_blocks('# VALUES ?x { <a:b> }\\nSELECT * { VALUES ?c { <http://x/#1> } '
    ...               'FILTER(?s != "VALUES ?d { <a:b> }") MINUS { VALUES ?c { UNDEF } } }')
    [('c', '<http://x/#1>'), ('c', 'UNDEF')]
    """
    return [(m.group("var"), m.group("term")) for m in _SCAN.finditer(text) if m.group("values")]


def _term(written: str) -> Any:
    """The RDF term a VALUES block writes in N-Triples form (None for UNDEF)."""
    if written.upper() == "UNDEF":
        return None
    try:
        (triple,) = parse(f"<x:s> <x:p> {written} .", format=RdfFormat.N_TRIPLES)
    except (SyntaxError, ValueError):
        raise ValueError(f"write {written} as an N-Triples term (full IRIs)") from None
    return triple.object


# -- reading files ---------------------------------------------------------------------------

def read_queries(directory: Path | str | None = None) -> dict[str, NamedQuery]:
    """Every ``*.rq`` file of ``directory`` (default: the ``queries_dir`` setting's default,
    ``queries/`` of the checkout), by name (the file name without ``.rq``), sorted. Raises
    QueryFileError for a malformed file."""
    directory = Path(directory if directory is not None else Settings().queries_dir)
    queries = {}
    for path in sorted(directory.glob("*.rq")):
        query = parse_text(path.stem, path.read_text(encoding="utf-8"), path)
        queries[query.name] = query
    return queries


def parse_text(name: str, text: str, path: Path | None = None) -> NamedQuery:
    """The named query in ``text``; raises QueryFileError when it is malformed: metadata,
    parameter types, or a parameter without its VALUES block or default of its type."""
    where = str(path or name)
    if not _NAME.match(name):
        raise QueryFileError(f"{where}: a query name is lower-case letters, digits and hyphens")
    meta = _metadata([line[2:] for line in text.splitlines() if line.startswith("#+")], where)
    for key in ("title", "description"):
        if not meta.get(key):
            raise QueryFileError(f"{where}: no `#+ {key}:` line")
    blocks = values_blocks("\n".join(line for line in text.splitlines() if not line.startswith("#+")))
    params = []
    for pname, spec in meta["params"].items():
        params.append(_parameter(where, pname, spec, [t for v, t in blocks if v == pname]))
    tags = tuple(t.strip() for t in meta.get("tags", "").split(",") if t.strip())
    return NamedQuery(name, meta["title"], meta["description"], text, tuple(params), tags, path)


def _parameter(where: str, name: str, spec: dict[str, str], written: list[str]) -> Parameter:
    ptype = spec.pop("__type__")
    if ptype not in TYPES:
        raise QueryFileError(f"{where}: parameter {name} has unknown type {ptype!r} "
                             f"(types: {', '.join(TYPES)})")
    if not written:
        raise QueryFileError(f"{where}: parameter {name} has no `VALUES ?{name} {{ default }}` "
                             "block to bind it")
    if len(set(written)) > 1:
        raise QueryFileError(f"{where}: the VALUES blocks of {name} disagree: {sorted(set(written))}")
    try:
        default = _term(written[0])
    except ValueError as error:
        raise QueryFileError(f"{where}: parameter {name}: {error}") from None
    optional = spec.pop("optional", "false").lower() in ("true", "yes")
    if default is None and not optional:
        raise QueryFileError(f"{where}: parameter {name} defaults to UNDEF: mark it `optional: true`")
    param = Parameter(name, ptype, spec.pop("label", name), spec.pop("description", ""),
                      default.value if default is not None else "", optional,
                      spec.pop("picker", None))
    if spec:
        raise QueryFileError(f"{where}: parameter {name} has unknown keys {sorted(spec)}")
    if default is not None:
        try:
            parsed = param.parse(param.default)
        except ParameterError as error:
            raise QueryFileError(f"{where}: the default of {error}") from None
        if parsed != default:
            raise QueryFileError(f"{where}: the default {written[0]} of {name} is not of type {ptype}")
    return param


def _metadata(lines: list[str], where: str) -> dict[str, Any]:
    """Parse the ``#+`` lines (already without ``#+``) into a dict; ``params`` maps each
    parameter name to its keys (its type under ``__type__``)."""
    meta: dict[str, Any] = {"params": {}}
    target: dict[str, Any] = meta   # where keys go: the top level or the current parameter
    key: str | None = None          # the key the next continuation line extends
    key_indent = 0
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        line = raw[1:] if raw.startswith(" ") else raw
        indent = len(line) - len(line.lstrip(" "))
        content = line.strip()
        if key is not None and indent > key_indent:
            if key == "picker":  # keep the query's own line breaks and indentation
                target[key] = target[key] + "\n" + line[key_indent + 2:].rstrip()
            else:
                target[key] = f"{target[key]} {content}".strip()
            continue
        match = _KEY.match(content)
        if not match:
            raise QueryFileError(f"{where}: metadata line {number} is not `key: value`: {raw!r}")
        name, arg, value = match.group("key"), match.group("arg"), match.group("value").strip()
        if indent == 0:
            if name not in TOP_KEYS:
                raise QueryFileError(f"{where}: unknown metadata key {name!r} "
                                     f"(keys: {', '.join(sorted(TOP_KEYS))})")
            if name == "param":
                if not arg or not value:
                    raise QueryFileError(f"{where}: write a parameter as `param NAME: TYPE`")
                target = meta["params"][arg] = {"__type__": value}
                key = None
                continue
            target, key, key_indent = meta, name, 0
            meta[name] = value
        else:
            if target is meta or name not in PARAM_KEYS:
                raise QueryFileError(f"{where}: unexpected indented key {name!r} on metadata "
                                     f"line {number} (parameter keys: {', '.join(sorted(PARAM_KEYS))})")
            target[name], key, key_indent = value, name, indent
    return meta
