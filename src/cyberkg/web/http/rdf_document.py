"""The one way an RDF document is written in an HTTP answer (entity descriptions, VoID, the
ontology, the service description)."""

from __future__ import annotations

from typing import Iterable, Mapping

from flask import Response
from pyoxigraph import DefaultGraph, Quad, Triple, serialize

from cyberkg.rdf import formats
from cyberkg.rdf.namespaces import PREFIXES

#: Formats that write prefixes (the others spell every IRI out).
WITH_PREFIXES = ("turtle", "trig", "rdfxml")


def rdf_response(statements: Iterable[Triple | Quad], format_name: str,
                 prefixes: Mapping[str, str] = PREFIXES) -> Response:
    """``statements`` written in the format ``format_name`` (a name from
    :mod:`cyberkg.rdf.formats`). Triples written in a dataset format (TriG, N-Quads) go into
    the default graph."""
    fmt = formats.by_name(format_name)
    if fmt is None:
        raise ValueError(f"no RDF format named {format_name!r}")
    if fmt.name in ("trig", "nquads"):
        statements = (s if isinstance(s, Quad) else Quad(s.subject, s.predicate, s.object, DefaultGraph())
                      for s in statements)
    body = serialize(statements, format=formats.oxigraph_format(fmt),
                     prefixes=dict(prefixes) if fmt.name in WITH_PREFIXES else None)
    return Response(body, content_type=fmt.content_type)
