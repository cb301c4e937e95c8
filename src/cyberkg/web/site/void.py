"""The dataset's own description and its dumps.

    /.well-known/void     VoID (RFC 5785 well-known location): endpoint, dumps, IRI space,
                          vocabularies, class and property partitions with counts, named
                          graphs as subsets with their source documents, licence, version;
                          Turtle, N-Triples, JSON-LD, RDF/XML or HTML by negotiation
    /dumps/               the build's dump files (HTML list, or JSON for programs)
    /dumps/{file}         one file: N-Quads (gzip) or TriG, named by dataset version;
                          immutable, so cached for a year
    /dumps/latest.{nq.gz,trig}   307 to the current version's file

The VoID names canonical addresses (``{base}sparql``, ``{base}dumps/…``) like all RDF here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from flask import Blueprint, Response, jsonify, redirect, render_template, request, send_from_directory, url_for
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from cyberkg.rdf.namespaces import PREFIXES
from cyberkg.web.http.rdf_document import rdf_response
from cyberkg.web.http import conditional, negotiation
from cyberkg.web.data import overview
from cyberkg.web.data import vocab as v
from cyberkg.web.http.urls import dataset_iri, document_for_graph
from cyberkg.errors import EngineFailure
from cyberkg.store import dumps_directory
from cyberkg.web.http.errors import ENGINE_STATUS, NotFound
from cyberkg.web.http.runtime import runtime

blueprint = Blueprint("void", __name__)

DUMP_TYPES = {".gz": "application/gzip", ".trig": "application/trig"}
EXAMPLES = ("id/country/KHM", "id/law/kh/draft-law-on-cybersecurity", "id/right/privacy")


def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


def _int(n: int) -> Literal:
    return Literal(str(int(n)), datatype=_n(v.XSD + "integer"))


def namespace(iri: str) -> str:
    """The namespace of a term: up to its last ``#`` or ``/``.

    >>> namespace("http://www.w3.org/2004/02/skos/core#prefLabel")
    'http://www.w3.org/2004/02/skos/core#'
    """
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[:cut + 1]


def void_triples() -> Iterator[Triple]:
    rt = runtime()
    base, manifest, o = rt.settings.base_iri, rt.manifest, overview.overview()
    ds = _n(dataset_iri(base))
    doc = _n(base + ".well-known/void")
    t = lambda s, p, obj: Triple(s, _n(p), obj)  # noqa: E731
    yield t(doc, v.TYPE, _n(v.VOID + "DatasetDescription"))
    yield t(doc, v.FOAF + "primaryTopic", ds)
    yield t(ds, v.TYPE, _n(v.VOID + "Dataset"))
    yield t(ds, v.TYPE, _n(PREFIXES["dcat"] + "Dataset"))
    yield t(ds, v.DCTERMS + "title", Literal("cyberkg: national cybersecurity governance", language="en"))
    yield t(ds, v.DCTERMS + "description", Literal(
        "Countries' cybersecurity laws, drafts, provisions, agencies and ITU indicators, the human "
        "rights the provisions affect according to whom, with the source of every statement.",
        language="en"))
    yield t(ds, v.DCTERMS + "license", _n(v.LICENSE))
    yield t(ds, v.FOAF + "homepage", _n(base))
    if manifest.get("version"):
        yield t(ds, v.OWL + "versionInfo", Literal(manifest["version"]))
    if manifest.get("built_at"):
        yield t(ds, v.DCTERMS + "modified", Literal(manifest["built_at"], datatype=_n(v.XSD + "dateTime")))
    yield t(ds, v.VOID + "sparqlEndpoint", _n(base + "sparql"))
    yield t(ds, v.VOID + "uriLookupEndpoint", _n(base + "search?q="))
    yield t(ds, v.VOID + "uriSpace", Literal(base + "id/"))
    yield t(ds, v.VOID + "rootResource", _n(base))
    for name in (manifest.get("dumps") or {}).values():
        yield t(ds, v.VOID + "dataDump", _n(base + "dumps/" + name))
    for example in EXAMPLES:
        yield t(ds, v.VOID + "exampleResource", _n(base + example))
    if "triples" in manifest:
        yield t(ds, v.VOID + "triples", _int(manifest["triples"]))
    yield t(ds, v.VOID + "entities", _int(o.entities))
    yield t(ds, v.VOID + "distinctSubjects", _int(o.subjects))
    yield t(ds, v.VOID + "distinctObjects", _int(o.objects))
    yield t(ds, v.VOID + "classes", _int(len(o.classes)))
    yield t(ds, v.VOID + "properties", _int(len(o.properties)))
    for ns in sorted({namespace(i) for i in list(o.classes) + list(o.properties)}):
        yield t(ds, v.VOID + "vocabulary", _n(ns))
    for n, (cls, count) in enumerate(sorted(o.classes.items())):
        part = BlankNode(f"class{n}")
        yield t(ds, v.VOID + "classPartition", part)
        yield t(part, v.VOID + "class", _n(cls))
        yield t(part, v.VOID + "entities", _int(count))
    for n, (prop, count) in enumerate(sorted(o.properties.items())):
        part = BlankNode(f"property{n}")
        yield t(ds, v.VOID + "propertyPartition", part)
        yield t(part, v.VOID + "property", _n(prop))
        yield t(part, v.VOID + "triples", _int(count))
    for graph, info in sorted((manifest.get("graphs") or {}).items()):
        subset = _n(graph)
        yield t(ds, v.VOID + "subset", subset)
        yield t(subset, v.TYPE, _n(v.VOID + "Dataset"))
        if "triples" in info:
            yield t(subset, v.VOID + "triples", _int(info["triples"]))
        source = document_for_graph(graph, base)
        if source:
            yield t(subset, v.PROV + "wasDerivedFrom", _n(source))


@blueprint.route("/.well-known/void")
@blueprint.route("/.well-known/void.<ext>")
def void(ext: str | None = None) -> Response:
    chosen = negotiation.document_format("the VoID description", ext, request.args.get("format"),
                                         path="/.well-known/void")
    variant = f"void|{chosen}"
    cached = conditional.not_modified(variant, "page")
    if cached is None:
        if chosen == "html":
            response = Response(render_template("void.html", o=overview.overview(),
                                                manifest=runtime().manifest,
                                                base=runtime().settings.base_iri),
                                mimetype="text/html")
        else:
            response = rdf_response(void_triples(), chosen)
        cached = conditional.finish(response, variant, "page")
    if ext is None:
        cached.vary.add("Accept")
    return cached


def dumps_dir() -> Path:
    """The built store's dumps; over a remote engine, dumps fetched from it once per version."""
    rt = runtime()
    try:
        return dumps_directory(rt.settings, rt.dataset)
    except EngineFailure as failure:
        raise ENGINE_STATUS[failure.kind](f"the dumps cannot be made now: {failure}") from None


def dump_files() -> list[dict]:
    names = (runtime().manifest.get("dumps") or {})
    out = []
    for kind, name in names.items():
        path = dumps_dir() / name
        if path.is_file():
            out.append({"format": kind, "name": name, "bytes": path.stat().st_size,
                        "media_type": DUMP_TYPES.get(path.suffix, "application/octet-stream"),
                        "url": url_for("void.dump", name=name)})
    return out


@blueprint.route("/dumps/")
def dumps() -> Response:
    files = dump_files()
    wants_json = negotiation.wants_json(default=False)
    variant = f"dumps|{'json' if wants_json else 'html'}"
    cached = conditional.not_modified(variant, "page")
    if cached is None:
        if wants_json:
            response = jsonify({"version": runtime().version, "files": files})
        else:
            response = Response(render_template("dumps.html", files=files, manifest=runtime().manifest),
                                mimetype="text/html")
        cached = conditional.finish(response, variant, "page")
    cached.vary.add("Accept")
    return cached


@blueprint.route("/dumps/latest.<path:suffix>")
def latest(suffix: str) -> Response:
    for item in dump_files():
        if item["name"].endswith("." + suffix):
            response = redirect(item["url"], 307)
            response.headers["Cache-Control"] = "public, max-age=300"
            return response
    raise NotFound(f"no dump ending in .{suffix}")


@blueprint.route("/dumps/<name>")
def dump(name: str) -> Response:
    if name not in {f["name"] for f in dump_files()}:
        raise NotFound(f"no dump named {name!r}; see /dumps/")
    variant = f"dump|{name}"
    cached = conditional.not_modified(variant, "dump")
    if cached is not None:  # (answered before the file is opened)
        return cached
    response = send_from_directory(dumps_dir(), name, mimetype=DUMP_TYPES.get(Path(name).suffix),
                                   as_attachment=True, conditional=True, etag=False)
    return conditional.finish(response, variant, "dump")
