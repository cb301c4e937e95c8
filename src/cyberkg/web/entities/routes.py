"""Dereferenceable IRIs (DESIGN §4): ``/id/…`` answers 303 to the document chosen by
``Accept``; ``/doc/…`` and ``/doc/….{ext}`` serve the entity's description.

    /id/{path}            303 → /doc/{path} (HTML) or /doc/{path}.{ext} (RDF); Vary: Accept
    /doc/{path}           the description, format by ?format=, else Accept; Vary: Accept
    /doc/{path}.{ext}     the description in that format (html ttl nt jsonld rdf trig nq)
    /graph/{slug}         303 → the description of the source document the graph holds

An IRI with no triples at all is 404, never a redirect to nothing. A path ending in a
known extension names the document of the IRI without it, unless only the IRI with the
extension exists. Paths arrive percent-decoded, and map to IRIs without decoding again
(:func:`urls.iri_for_path`), so any IRI the graph holds has exactly one address.

Every answer carries ``Link`` headers: ``rel="alternate"`` with the media type for every
format, ``rel="canonical"`` (the document at the canonical base), ``rel="license"``, and
``rel="next"`` when the incoming links run to more pages. HTML links point to this server;
RDF keeps canonical IRIs.
"""

from __future__ import annotations


from flask import Blueprint, Response, redirect, render_template, request

from cyberkg.rdf import formats
from cyberkg.web.http.rdf_document import rdf_response
from cyberkg.web.http import conditional, negotiation, urls
from cyberkg.web.entities import schema_org, blocks as sections
from cyberkg.web.data import reads
from cyberkg.web.data import vocab as v
from cyberkg.web.entities.describe import Description, describe
from cyberkg.web.http.errors import BadRequest, NotFound
from cyberkg.web.http.runtime import runtime

blueprint = Blueprint("linked_data", __name__)

EXISTS = "SELECT ?x WHERE {{ {{ {this} ?p ?x }} UNION {{ ?x ?p {this} }} }} LIMIT 1"


def base() -> str:
    return runtime().settings.base_iri


def exists(iri: str) -> bool:
    """Whether the graph holds any triple with ``iri`` as subject or object."""
    try:
        this = reads.term(iri)
    except ValueError:
        return False
    return bool(reads.select(EXISTS.format(this=this)).rows)


def resolve(path: str, check: bool = True) -> tuple[str, str | None]:
    """The IRI a ``/id/`` or ``/doc/`` path names and the extension it asks for. Raises 404
    when the graph has no triple about it (with ``check``; otherwise the caller finds out
    from the description, sparing a query)."""
    stem, dot, ext = path.rpartition(".")
    if dot and ext in negotiation.EXTENSIONS and stem:
        stripped = urls.iri_for_path("id/" + stem, base())
        if exists(stripped):
            return stripped, ext
    iri = urls.iri_for_path("id/" + path, base())
    if check and not exists(iri):
        raise NotFound(f"nothing is known about <{iri}>")
    return iri, None


def not_found(iri: str) -> NotFound:
    return NotFound(f"nothing is known about <{iri}>")


#: No entity has anywhere near this many pages of incoming links; larger numbers are typos.
MAX_PAGE = 100_000


def page_number() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise BadRequest(f"page must be a whole number from 1 to {MAX_PAGE}, not {raw!r}")
    return int(raw)


@blueprint.route("/id/<path:path>")
def identifier(path: str) -> Response:
    iri, ext = resolve(path)
    chosen = negotiation.document_format("an entity description", ext, request.args.get("format"))
    extension = None if chosen == "html" else negotiation.EXTENSION_OF[chosen]
    target = request.script_root + urls.document_path(iri, base(), extension)  # type: ignore[operator]
    response = redirect(target, 303)
    response.vary.add("Accept")
    response.headers["Link"] = link_header(iri, None, None)
    return conditional.finish(response, f"id|{iri}|{chosen}", "redirect")


@blueprint.route("/graph/<path:slug>")
def graph(slug: str) -> Response:
    """A named graph's IRI: 303 to the description of the source document it holds."""
    name = urls.iri_for_path("graph/" + slug, base())
    if name not in runtime().manifest.get("graphs", {}) and not exists(
            base() + "id/doc/" + slug):
        raise NotFound(f"no named graph <{name}>")
    document = urls.document_for_graph(name, base())
    target = urls.page(document, base()) if document else "/"  # type: ignore[arg-type]
    response = redirect(request.script_root + target, 303)
    return conditional.finish(response, f"graph|{name}", "redirect")


@blueprint.route("/doc/<path:path>")
def document(path: str) -> Response:
    iri, ext = resolve(path, check=False)
    try:
        reads.term(iri)
    except ValueError:
        raise not_found(iri) from None
    chosen = negotiation.document_format("an entity description", ext, request.args.get("format"))
    page = page_number()
    fmt = formats.by_name(chosen) if chosen != "html" else None
    headers = {"Content-Location": request.script_root + urls.document_path(  # type: ignore[operator]
        iri, base(), negotiation.EXTENSION_OF[chosen]) + (f"?page={page}" if page > 1 else ""),
        "Link": link_header(iri, ext, None)}
    variant = f"doc|{iri}|{chosen}|{page}"
    cached = conditional.not_modified(variant, "document", headers)
    if cached is not None:
        return _vary(cached, ext)
    log = reads.QueryLog()
    d = describe(iri, base(), page, log=log, more=section_queries if fmt is None else None)
    if not d.exists:
        raise not_found(iri)
    if page > d.pages:
        raise NotFound(f"the links to <{iri}> run to {d.pages} page(s), not {page}")
    if d.page < d.pages:
        headers["Link"] = link_header(iri, ext, d.page + 1)
    if fmt is None:
        body = render_page(d, log)
        response = Response(body, mimetype="text/html")
    else:
        manifest = runtime().manifest
        data = d.quads(manifest) if fmt.name in ("trig", "nquads") else d.triples(manifest)
        response = rdf_response(data, fmt.name)
    response.headers.update(headers)
    return _vary(conditional.finish(response, variant, "document"), ext)


def _vary(response: Response, ext: str | None) -> Response:
    if ext is None:  # the format was (or could have been) chosen by Accept
        response.vary.add("Accept")
    return response


def section_queries(d: Description) -> list[str]:
    """The queries the page of ``d``'s class runs (its gathering function, dry-run: each
    query it asks for answers nothing), so that they run with the description's last
    round trip."""
    gather = sections.KINDS.get(sections.kind_of(d))
    if gather is None:
        return []
    asked: list[str] = []

    def record(query: str) -> reads.Rows:
        asked.append(query)
        return reads.Rows([])

    gather(d, record, reads.term(d.iri))
    return asked


def render_page(d: Description, log: reads.QueryLog) -> str:
    """The HTML page of a description: the template of its kind, with its sections."""
    kind = sections.kind_of(d)
    this = reads.term(d.iri)
    gather = sections.KINDS.get(kind)

    def answer(query: str) -> reads.Rows:
        found = d.more.get(query)
        return found if found is not None else reads.select(query, log=log)

    data = gather(d, answer, this) if gather else {}
    return render_template(
        f"entity/{kind}.html", d=d, kind=kind, data=data, iri=d.iri,
        jsonld=schema_org.embeddable(schema_org.description_jsonld(d, kind)),
        alternates=alternates(d.iri), canonical=urls.canonical_document(d.iri, base()))


def alternates(iri: str) -> list[tuple[str, str, str]]:
    """(local path, media type, format name) of every document of ``iri``."""
    out = []
    for ext, name in negotiation.EXTENSIONS.items():
        media = "text/html" if name == "html" else formats.by_name(name).media_type  # type: ignore[union-attr]
        out.append((request.script_root + urls.document_path(iri, base(), ext), media, name))  # type: ignore[operator]
    return out


def link_header(iri: str, ext: str | None, next_page: int | None) -> str:
    links = [f'<{path}>; rel="alternate"; type="{media}"' for path, media, _ in alternates(iri)]
    links.append(f'<{urls.canonical_document(iri, base(), ext)}>; rel="canonical"')
    links.append(f'<{iri}>; rel="describes"')
    links.append(f'<{v.LICENSE}>; rel="license"')
    if next_page:
        path = request.script_root + urls.document_path(iri, base(), ext)  # type: ignore[operator]
        links.append(f'<{path}?page={next_page}>; rel="next"')
    return ", ".join(links)
