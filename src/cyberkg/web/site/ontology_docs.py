"""The ontology at ``/def/cyberkg`` (a hash namespace: ``def/cyberkg#Assessment``):
HTML documentation of every class and property (label, comment, domain, range,
alignments, how often the graph uses it), or the ontology's RDF by negotiation
(``Accept``, ``?format=`` or ``/def/cyberkg.{ttl,nt,jsonld,rdf,trig,nq,html}``).
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from pyoxigraph import Triple

from cyberkg.rdf.terms import short
from cyberkg.rdf.namespaces import PREFIXES
from cyberkg.web.http.rdf_document import rdf_response
from cyberkg.web.http import conditional, negotiation
from cyberkg.web.data import overview
from cyberkg.web.data import reads
from cyberkg.web.data import vocab as v
from cyberkg.web.http.runtime import runtime

blueprint = Blueprint("ontology_docs", __name__)

TERMS = """SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o
  FILTER(?s = {ontology} || STRSTARTS(STR(?s), {namespace})) }} }}"""
SCHEMES = """SELECT ?s ?l (COUNT(?c) AS ?n) WHERE {{ ?s a skos:ConceptScheme .
  OPTIONAL {{ ?s skos:prefLabel ?l }} OPTIONAL {{ ?c skos:inScheme ?s }} }} GROUP BY ?s ?l ORDER BY ?l"""
#: What each term shows, in order: (property, heading).
FIELDS: tuple[tuple[str, str], ...] = (
    (v.RDFS + "subClassOf", "subclass of"), (v.RDFS + "subPropertyOf", "subproperty of"),
    (v.RDFS + "domain", "domain"), (v.RDFS + "range", "range"),
    (v.SKOS + "closeMatch", "close match"), (v.OWL + "equivalentProperty", "equivalent to"),
    (v.OWL + "equivalentClass", "equivalent to"),
)


def _literal(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ontology_triples() -> list[Triple]:
    base = runtime().settings.base_iri
    found = reads.select(TERMS.format(graph=reads.term(base + "graph/ontology"),
                                       ontology=reads.term(base + "def/cyberkg"),
                                       namespace=_literal(base + "def/cyberkg#")))
    return list(dict.fromkeys(Triple(r["s"], r["p"], r["o"]) for r in found))


def terms(triples: list[Triple]) -> tuple[dict, list[dict], list[dict]]:
    """(the ontology's header, its classes, its properties), each term a dict."""
    by_subject: dict[str, dict[str, list]] = {}
    for t in triples:
        by_subject.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    o = overview.overview()
    header = by_subject.pop(runtime().settings.base_iri + "def/cyberkg", {})
    classes, properties = [], []
    for iri, props in sorted(by_subject.items()):
        types = {t.value for t in props.get(v.TYPE, [])}
        entry = {"iri": iri, "name": iri.rsplit("#", 1)[-1], "props": props,
                 "label": _first(props, v.RDFS + "label"), "comment": _first(props, v.RDFS + "comment"),
                 "types": sorted(short(t) for t in types)}
        if v.OWL + "Class" in types or v.RDFS + "Class" in types:
            entry["usage"] = o.classes.get(iri, 0)
            classes.append(entry)
        else:
            entry["usage"] = o.properties.get(iri, 0)
            properties.append(entry)
    return header, classes, properties


def _first(props: dict, key: str) -> str | None:
    values = props.get(key) or []
    return values[0].value if values else None


@blueprint.route("/def/cyberkg")
@blueprint.route("/def/cyberkg.<ext>")
def ontology(ext: str | None = None) -> Response:
    chosen = negotiation.document_format("the ontology", ext, request.args.get("format"),
                                         path="/def/cyberkg")
    variant = f"def|{chosen}"
    response = conditional.not_modified(variant, "page")
    if response is None:
        triples = ontology_triples()
        if chosen == "html":
            header, classes, properties = terms(triples)
            schemes = list(reads.select(SCHEMES))
            response = Response(render_template(
                "def.html", header=header, classes=classes, properties=properties, fields=FIELDS,
                schemes=schemes, prefixes=PREFIXES, first=_first), mimetype="text/html")
        else:
            response = rdf_response(triples, chosen)
        response = conditional.finish(response, variant, "page")
    if ext is None:
        response.vary.add("Accept")
    return response
