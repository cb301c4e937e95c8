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
>>> canonical_iri("/id/law/kh/criminal-code-2009/art/317", BASE)
'https://w3id.org/cyberkg/id/law/kh/criminal-code-2009/art/317'
"""

from __future__ import annotations

from urllib.parse import quote, unquote


def local_path(iri: str, base: str) -> str | None:
    """The local path of a cyberkg IRI (percent-encoded where needed), or None for others."""
    if not iri.startswith(base):
        return None
    return "/" + quote(iri[len(base):], safe="/:@!$&'()*+,;=-._~")


def document_path(iri: str, base: str, extension: str | None = None) -> str | None:
    """The path of the document describing an ``id/…`` IRI: ``/doc/…`` (+ ``.ext``)."""
    path = local_path(iri, base)
    if path is None or not path.startswith("/id/"):
        return None
    return "/doc/" + path[len("/id/"):] + (f".{extension}" if extension else "")


def canonical_iri(path: str, base: str) -> str:
    """The canonical IRI a local path stands for (percent-escapes decoded)."""
    return base + unquote(path.lstrip("/"))


def link(iri: str, base: str) -> str:
    """Where an HTML page should link for ``iri``: its local path, or the IRI itself."""
    return local_path(iri, base) or iri
