"""Content negotiation, in one place: ``format=`` wins over ``Accept``; Werkzeug parses
``Accept`` (q-values, wildcards); no ``Accept`` at all means the kind's default format.
Callers add ``Vary: Accept`` and answer 406 when nothing fits.
"""

from __future__ import annotations

from functools import lru_cache

from flask import request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from cyberkg.rdf import formats
from cyberkg.web.http.errors import NotAcceptable, NotFound

HTML = "text/html"


def choose(kind: str, *, html: bool = False, requested: str | None = None) -> str | None:
    """The format name ("json", "turtle", …, or "html" when ``html`` pages exist) to write a
    result of ``kind`` ("results" or "graph") in; None when the client accepts none.

    ``requested`` is the ``format=`` parameter: a short name, an alias or a media type.
    """
    if requested:
        if requested.strip().lower() in ("html", HTML):
            return "html" if html else None
        fmt = formats.for_kind(requested, kind)
        return fmt.name if fmt is not None else None
    return _choose(request.headers.get("Accept", ""), kind, html)


@lru_cache(maxsize=256)
def _choose(header: str, kind: str, html: bool) -> str | None:
    # Clients send few distinct Accept headers, and matching one against every media type
    # is a good part of a cached answer's time: remember the outcome per header.
    accept = parse_accept_header(header, MIMEAccept)
    if not accept:
        return formats.of_kind(kind)[0].name
    best = accept.best_match(formats.media_types(kind) + ([HTML] if html else []))
    if best is None:
        return None
    return "html" if best == HTML else formats.for_kind(best, kind).name  # type: ignore[union-attr]


def check_requested(requested: str | None, html: bool = False) -> None:
    """Raise 406 when ``format=`` names no format at all."""
    if not requested:
        return
    known = requested.strip().lower() in ("html", HTML) if html else False
    if not known and formats.by_name(requested) is None:
        raise NotAcceptable(f"unknown format {requested!r}; formats: " + available(
            ("results", "graph"), html))


def available(kinds: tuple[str, ...], html: bool = False) -> str:
    """The formats of ``kinds`` as "name (media type)", for 406 messages."""
    names = [f"{f.name} ({f.media_type})" for kind in kinds for f in formats.of_kind(kind)]
    return ", ".join(names + ([f"html ({HTML})"] if html else []))


#: Document extensions (``/doc/….ttl``, ``/def/cyberkg.rdf``) and the format each names.
EXTENSIONS: dict[str, str] = {"html": "html", "ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld",
                              "rdf": "rdfxml", "trig": "trig", "nq": "nquads"}
EXTENSION_OF = {name: ext for ext, name in EXTENSIONS.items()}


def document_format(what: str, ext: str | None = None, requested: str | None = None,
                    path: str = "") -> str:
    """The format to write an RDF document (``what``, for the 406 message) in: the
    extension, else ``requested`` (``format=``), else ``Accept``; "html" or a format name.
    Raises 404 for an extension that names no format (``path``, for the message), 406
    when none fits."""
    if ext is not None and ext not in EXTENSIONS:
        raise NotFound(f"no {path}.{ext}; extensions: " + ", ".join(EXTENSIONS))
    if ext:
        requested = EXTENSIONS[ext]
    check_requested(requested, html=True)
    chosen = choose("graph", html=True, requested=requested)
    if chosen is None:
        raise NotAcceptable(f"{what} is written as: " + available(("graph",), html=True))
    return chosen


def wants_json(default: bool) -> bool:
    """Whether to answer JSON rather than HTML: ``format=json`` or ``format=html`` decide;
    otherwise JSON when ``Accept`` ranks it above HTML, HTML when it ranks HTML above JSON,
    and ``default`` when it does not choose (no Accept, ``*/*``, equal ranks)."""
    asked = (request.args.get("format") or "").strip().lower()
    if asked in ("json", "html"):
        return asked == "json"
    accept = request.accept_mimetypes
    json_rank, html_rank = accept["application/json"], accept[HTML]
    if json_rank == html_rank:
        return default
    return json_rank > html_rank
