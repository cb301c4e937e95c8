"""Finding things: the home page, browse pages per class, ``sitemap.xml``, ``robots.txt``.

    /                     the dataset's figures and entry points
    /browse               every class below with its count
    /browse/{key}?page=N  the members of one class, by label, 100 a page
    /sitemap.xml          a sitemap index; /sitemap-{n}.xml lists up to 50,000 pages each
    /robots.txt           crawlers welcome on pages, kept off the query endpoints
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request, url_for

from cyberkg.rdf.terms import local_name
from cyberkg.web.http import conditional, urls
from cyberkg.web.data import overview
from cyberkg.web.data import reads
from cyberkg.web.data import vocab as v
from cyberkg.web.http.errors import BadRequest, NotFound
from cyberkg.web.http.runtime import runtime

blueprint = Blueprint("pages", __name__)

PAGE_SIZE = 100
SITEMAP_SIZE = 50_000
#: Over this many members, browse pages follow the store's order rather than the labels'.
SORTED_MAX = 10_000


@dataclass(frozen=True)
class BrowseClass:
    key: str
    title: str
    iri: str
    about: str


#: The classes people browse, in the order the home page lists them.
BROWSE: tuple[BrowseClass, ...] = (
    BrowseClass("countries", "Countries and territories", v.SCHEMA + "Country",
                "ISO 3166 countries, with ITU scorecards, GCI scores and treaty participation"),
    BrowseClass("laws", "Laws, drafts and instruments", v.ELI + "LegalResource",
                "national laws and drafts, their versions, and international instruments"),
    BrowseClass("provisions", "Provisions and articles", v.ELI + "LegalResourceSubdivision",
                "articles and topic-level provisions of laws and instruments"),
    BrowseClass("assessments", "Assessments", v.CK + "Assessment",
                "who says which provision affects which right, quoting the source"),
    BrowseClass("organisations", "Organisations", v.ORG + "FormalOrganization",
                "ministries, agencies, CIRTs, regulators, NGOs, international bodies"),
    BrowseClass("documents", "Source documents", v.FOAF + "Document",
                "every source a statement comes from"),
    BrowseClass("concepts", "Concepts", v.SKOS + "Concept",
                "rights, ITU indicators and the code lists"),
    BrowseClass("schemes", "Concept schemes", v.SKOS + "ConceptScheme", "the code lists themselves"),
    BrowseClass("datasets", "Statistical datasets", v.QB + "DataSet", "ITU Cyberwellness and GCI"),
    BrowseClass("participations", "Treaty participations", v.CK + "TreatyParticipation",
                "a country's status in a human-rights treaty"),
    BrowseClass("observations", "Observations", v.QB + "Observation",
                "one country's value or status for one indicator"),
    BrowseClass("people", "People", v.FOAF + "Person", "people named in the sources"),
)
BY_KEY = {b.key: b for b in BROWSE}
#: Entry points the home page offers when they exist in the graph.
FEATURED = ("id/country/KHM", "id/law/kh/draft-law-on-cybersecurity", "id/right/privacy",
            "id/indicator/itu-cwp-2014/1.2.1", "id/scheme/itu-cwp-2014")
MEMBERS = """SELECT ?s ?l WHERE {{ ?s a {cls} FILTER(isIRI(?s)) OPTIONAL {{ ?s skos:prefLabel ?l }} }}
{order} LIMIT {limit} OFFSET {offset}"""
FEATURED_LABELS = "SELECT ?x ?l WHERE {{ VALUES ?x {{ {iris} }} ?x skos:prefLabel ?l }}"
SITEMAP_ENTITIES = """SELECT DISTINCT ?s WHERE {{ ?s a ?t FILTER(STRSTARTS(STR(?s), {prefix})) }}
LIMIT {limit} OFFSET {offset}"""


def _cached(variant: str, policy: str = "page") -> Response | None:
    return conditional.not_modified(variant, policy)


@blueprint.route("/")
def home() -> Response:
    cached = _cached("home")
    if cached is not None:
        return cached
    rt = runtime()
    o = overview.overview()
    base = rt.settings.base_iri
    featured_iris = [base + f for f in FEATURED]
    labels = {r["x"].value: r["l"].value for r in reads.select(
        FEATURED_LABELS.format(iris=reads.values(featured_iris)))}
    featured = [(iri, labels[iri]) for iri in featured_iris if iri in labels]
    body = render_template("home.html", o=o, manifest=rt.manifest, browse=BROWSE,
                           featured=featured, graphs=len(rt.manifest.get("graphs", {})))
    return conditional.finish(Response(body, mimetype="text/html"), "home", "page")


@blueprint.route("/browse")
def browse_index() -> Response:
    cached = _cached("browse")
    if cached is not None:
        return cached
    o = overview.overview()
    body = render_template("browse.html", o=o, browse=BROWSE, cls=None)
    return conditional.finish(Response(body, mimetype="text/html"), "browse", "page")


@blueprint.route("/browse/<key>")
def browse(key: str) -> Response:
    cls = BY_KEY.get(key)
    if cls is None:
        raise NotFound(f"no class {key!r} to browse; classes: " + ", ".join(BY_KEY))
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise BadRequest(f"page must be a positive whole number, not {raw!r}")
    page = int(raw)
    variant = f"browse|{key}|{page}"
    cached = _cached(variant)
    if cached is not None:
        return cached
    o = overview.overview()
    total = o.classes.get(cls.iri, 0)
    pages = max(1, -(-total // PAGE_SIZE))
    if page > pages:
        raise NotFound(f"{cls.title} has {pages} page(s)")
    order = "ORDER BY ?l ?s" if total <= SORTED_MAX else ""
    found = reads.select(MEMBERS.format(cls=reads.term(cls.iri), order=order, limit=PAGE_SIZE,
                                         offset=(page - 1) * PAGE_SIZE))
    members = list(dict.fromkeys((r["s"].value, r["l"].value if "l" in r else local_name(r["s"].value))
                                 for r in found))
    if not order:
        members.sort(key=lambda m: m[1].casefold())
    body = render_template("browse.html", o=o, browse=BROWSE, cls=cls, members=members,
                           page=page, pages=pages, total=total, sorted=bool(order))
    return conditional.finish(Response(body, mimetype="text/html"), variant, "page")


@blueprint.route("/sitemap.xml")
def sitemap_index() -> Response:
    variant = f"sitemap|{request.url_root}"
    cached = _cached(variant)
    if cached is not None:
        return cached
    o = overview.overview()
    parts = max(1, -(-o.entities // SITEMAP_SIZE))
    locations = [request.url_root.rstrip("/") + url_for("pages.sitemap", n=n) for n in range(1, parts + 1)]
    body = render_template("sitemap_index.xml", locations=locations)
    response = Response(body, mimetype="application/xml")
    return conditional.finish(response, variant, "page")


@blueprint.route("/sitemap-<int:n>.xml")
def sitemap(n: int) -> Response:
    o = overview.overview()
    if n < 1 or (n - 1) * SITEMAP_SIZE >= max(o.entities, 1):
        raise NotFound(f"no sitemap part {n}")
    variant = f"sitemap|{n}|{request.url_root}"
    cached = _cached(variant)
    if cached is not None:
        return cached
    base = runtime().settings.base_iri
    prefix = '"' + base.replace("\\", "\\\\").replace('"', '\\"') + 'id/"'
    found = reads.select(SITEMAP_ENTITIES.format(prefix=prefix, limit=SITEMAP_SIZE,
                                                  offset=(n - 1) * SITEMAP_SIZE))
    root = request.url_root.rstrip("/")
    pages = [root + url_for("pages.home")] if n == 1 else []
    if n == 1:
        pages += [root + url_for("pages.browse", key=b.key) for b in BROWSE]
    pages += [root + urls.page(r["s"].value, base) for r in found]
    body = render_template("sitemap.xml", pages=pages, lastmod=runtime().manifest.get("built_at"))
    return conditional.finish(Response(body, mimetype="application/xml"), variant, "page")


@blueprint.route("/robots.txt")
def robots() -> Response:
    root = request.url_root.rstrip("/")
    cached = _cached(f"robots|{root}", "static-text")
    if cached is not None:
        return cached
    body = ("User-agent: *\n"
            "Disallow: /sparql\n"
            "Disallow: /search\n"
            f"Sitemap: {root}{url_for('pages.sitemap_index')}\n")
    return conditional.finish(Response(body, mimetype="text/plain"), f"robots|{root}", "static-text")
