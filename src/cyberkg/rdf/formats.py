"""The result formats cyberkg serves, in one table: name, media type, kind, aliases.

``kind`` says which query results a format can carry: ``"results"`` (SELECT and ASK),
``"graph"`` (CONSTRUCT and DESCRIBE). The first format of each kind is its default.
The table is plain data so that it crosses into query worker processes by name; the
pyoxigraph serialisers are looked up there with :func:`oxigraph_format`.

>>> by_name("ttl").media_type
'text/turtle'
>>> by_name("application/sparql-results+json").name
'json'
>>> [f.name for f in of_kind("graph")][:2]
['turtle', 'ntriples']
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat

W3C_FORMATS = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    kind: str
    #: Other names and media types accepted for it in ``format=`` and ``Accept``.
    aliases: tuple[str, ...] = ()
    #: Its IRI in http://www.w3.org/ns/formats/ (for the service description).
    w3c: str | None = None
    #: Comments in this syntax (None: it has none), used to say a result was truncated.
    comment: tuple[str, str] | None = None

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value (text formats say their charset)."""
        textual = self.media_type.startswith("text/") or self.media_type.endswith(
            ("+json", "+xml", "/json", "/xml", "n-triples", "n-quads", "trig"))
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", "results", ("application/json", "srj"),
           W3C_FORMATS + "SPARQL_Results_JSON"),
    Format("xml", "application/sparql-results+xml", "results", ("application/xml", "text/xml", "srx"),
           W3C_FORMATS + "SPARQL_Results_XML", ("<!-- ", " -->")),
    Format("csv", "text/csv", "results", (), W3C_FORMATS + "SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", "results", (), W3C_FORMATS + "SPARQL_Results_TSV"),
    Format("turtle", "text/turtle", "graph", ("ttl", "application/x-turtle"),
           W3C_FORMATS + "Turtle", ("# ", "")),
    Format("ntriples", "application/n-triples", "graph", ("nt", "text/plain"),
           W3C_FORMATS + "N-Triples", ("# ", "")),
    Format("jsonld", "application/ld+json", "graph", ("json-ld",), W3C_FORMATS + "JSON-LD"),
    Format("rdfxml", "application/rdf+xml", "graph", ("rdf", "owl"),
           W3C_FORMATS + "RDF_XML", ("<!-- ", " -->")),
    Format("trig", "application/trig", "graph", (), W3C_FORMATS + "TriG", ("# ", "")),
    Format("nquads", "application/n-quads", "graph", ("nq",), W3C_FORMATS + "N-Quads", ("# ", "")),
)

_BY_NAME = {key: f for f in FORMATS for key in (f.name, f.media_type, *f.aliases)}
#: Names that mean a results format but, for a graph, the graph format of the same syntax
#: (as Fuseki, Virtuoso and SPARQLWrapper use ``format=xml`` / ``format=json``).
GRAPH_ALIASES = {"xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml",
                 "json": "jsonld", "application/json": "jsonld"}


def by_name(name: str) -> Format | None:
    """The format called ``name`` (a short name, an alias or a media type), or None."""
    return _BY_NAME.get(name.strip().lower())


def for_kind(name: str, kind: str) -> Format | None:
    """The format called ``name`` for a result of ``kind``, or None.

    >>> for_kind("xml", "results").media_type, for_kind("xml", "graph").media_type
    ('application/sparql-results+xml', 'application/rdf+xml')
    >>> for_kind("csv", "graph") is None
    True
    """
    key = name.strip().lower()
    fmt = by_name(key)
    if fmt is not None and fmt.kind == kind:
        return fmt
    if kind == "graph" and key in GRAPH_ALIASES:
        return by_name(GRAPH_ALIASES[key])
    return None


def of_kind(kind: str) -> list[Format]:
    """The formats for ``kind`` ("results" or "graph"), its default first."""
    return [f for f in FORMATS if f.kind == kind]


def media_types(kind: str) -> list[str]:
    """Every media type accepted for ``kind`` in ``Accept``: main ones first, then aliases."""
    main = [f.media_type for f in of_kind(kind)]
    aliases = [a for f in of_kind(kind) for a in f.aliases if "/" in a]
    if kind == "graph":
        aliases += [a for a in GRAPH_ALIASES if "/" in a]
    return main + aliases


def oxigraph_format(fmt: Format) -> QueryResultsFormat | RdfFormat:
    """pyoxigraph's serialiser for ``fmt``."""
    if fmt.kind == "results":
        return QueryResultsFormat.from_media_type(fmt.media_type)
    return RdfFormat.from_media_type(fmt.media_type)
