"""The one URL builder: canonical IRIs ↔ this server's local paths (DESIGN §2).

The data always uses canonical IRIs (``https://w3id.org/cyberkg/id/country/KHM``). A server
running elsewhere serves the same paths under its own root, so HTML pages link to local
addresses (``/id/country/KHM``) while RDF keeps the canonical IRIs. Templates never build
URLs by hand; they call these functions (registered as Jinja globals by the web layer).

>>> BASE = "https://w3id.org/cyberkg/"
>>> local_path("https://w3id.org/cyberkg/id/country/KHM", BASE)
'/id/country/KHM'
>>> document_path("https://w3id.org/cyberkg/id/country/KHM", BASE, "ttl")
'/doc/country/KHM.ttl'
>>> local_path("http://www.wikidata.org/entity/Q424", BASE) is None
True
>>> iri_for_path("id/law/kh/criminal-code-2009/art/317", BASE)
'https://w3id.org/cyberkg/id/law/kh/criminal-code-2009/art/317'

A hash IRI keeps its fragment, and the characters an IRI may hold but a path may not are
percent-encoded (``%`` itself too, so that a path maps back to exactly one IRI):

>>> local_path("https://w3id.org/cyberkg/def/cyberkg#Assessment", BASE)
'/def/cyberkg#Assessment'
>>> local_path("https://w3id.org/cyberkg/id/org/xx/café%20bar", BASE)
'/id/org/xx/caf%C3%A9%2520bar'
>>> iri_for_path("id/org/xx/café%20bar", BASE)
'https://w3id.org/cyberkg/id/org/xx/café%20bar'
"""

from __future__ import annotations

from urllib.parse import quote, unquote

_SAFE = "/:@!$&'()*+,;=-._~"


def local_path(iri: str, base: str) -> str | None:
    """The local path of a cyberkg IRI (percent-encoded where needed; a ``#fragment`` kept
    as a fragment), or None for others."""
    if not iri.startswith(base):
        return None
    rest, hash_, fragment = iri[len(base):].partition("#")
    return "/" + quote(rest, safe=_SAFE) + (hash_ + quote(fragment, safe=_SAFE + "?"))


def document_path(iri: str, base: str, extension: str | None = None) -> str | None:
    """The path of the document describing an ``id/…`` IRI: ``/doc/…`` (+ ``.ext``)."""
    path = local_path(iri, base)
    if path is None or not path.startswith("/id/") or "#" in path:
        return None
    return "/doc/" + path[len("/id/"):] + (f".{extension}" if extension else "")


def iri_for_path(decoded_path: str, base: str) -> str:
    """The canonical IRI of a path the WSGI server has already percent-decoded (Flask's
    ``<path:…>`` values): nothing is decoded twice, so ``%2520`` in a request stays ``%20``
    in the IRI."""
    return base + decoded_path.lstrip("/")


def canonical_document(iri: str, base: str, extension: str | None = None) -> str | None:
    """The canonical address of the document describing an ``id/…`` IRI (for RDF and
    ``rel="canonical"``): ``{base}doc/…`` (+ ``.ext``).

    >>> canonical_document("https://w3id.org/cyberkg/id/right/privacy", "https://w3id.org/cyberkg/")
    'https://w3id.org/cyberkg/doc/right/privacy'
    """
    path = document_path(iri, base, extension)
    return None if path is None else base + unquote(path.lstrip("/"))


def link(iri: str, base: str) -> str:
    """Where an HTML page should link for ``iri``: its local path, or the IRI itself."""
    return local_path(iri, base) or iri


def page(iri: str, base: str) -> str:
    """Where an HTML page links for ``iri``: straight to the HTML description of an
    ``id/…`` IRI (sparing a slow link the 303 round trip), the local path of other cyberkg
    IRIs, or the IRI itself for the rest of the web.

    >>> page("https://w3id.org/cyberkg/id/country/KHM", "https://w3id.org/cyberkg/")
    '/doc/country/KHM'
    >>> page("https://schema.org/Country", "https://w3id.org/cyberkg/")
    'https://schema.org/Country'
    """
    return document_path(iri, base) or link(iri, base)


def dataset_iri(base: str) -> str:
    """The IRI of the dataset as a whole (described at ``/.well-known/void``)."""
    return base + ".well-known/void#cyberkg"


def document_for_graph(graph: str, base: str) -> str | None:
    """The source document whose facts a named graph holds: ``graph/{slug}`` →
    ``id/doc/{slug}`` (docs/model.md), the ontology graph → the ontology.

    >>> document_for_graph("https://w3id.org/cyberkg/graph/itu-gci-2020", "https://w3id.org/cyberkg/")
    'https://w3id.org/cyberkg/id/doc/itu-gci-2020'
    """
    prefix = base + "graph/"
    if not graph.startswith(prefix):
        return None
    slug = graph[len(prefix):]
    return base + "def/cyberkg" if slug == "ontology" else base + "id/doc/" + slug
