"""Terms as people read them: the one way cyberkg writes an IRI, literal or blank node for
display (terminal tables, pages, result cells).

>>> short("http://www.w3.org/2004/02/skos/core#prefLabel")
'skos:prefLabel'
>>> short(NamedNode("https://w3id.org/cyberkg/id/country/KHM"))
'cki:country/KHM'
>>> short("https://example.org/a?b=c")
'<https://example.org/a?b=c>'
>>> short(Literal("6.00")), short(BlankNode("b0")), short(None)
('6.00', '_:b0', '')
"""

from __future__ import annotations

import re
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode

from cyberkg.rdf.namespaces import PREFIXES

_LOCAL = re.compile(r"[\w.\-/]+")


def short(term: Any) -> str:
    """A prefixed name (the longest known namespace, where the rest reads as a local name),
    else ``<iri>``; a literal's lexical form; ``_:label``; "" for None. A ``str`` is an IRI."""
    if term is None:
        return ""
    if isinstance(term, (str, NamedNode)):
        iri = term if isinstance(term, str) else term.value
        matches = [(p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns)]
        if matches:
            prefix, namespace = max(matches, key=lambda m: len(m[1]))
            local = iri[len(namespace):]
            if _LOCAL.fullmatch(local):
                return f"{prefix}:{local}"
        return f"<{iri}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return term.value
    return str(term)


def local_name(iri: str) -> str:
    """The last segment of an IRI, as a fallback label.

    >>> local_name("https://schema.org/NotInForce")
    'NotInForce'
    """
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri
