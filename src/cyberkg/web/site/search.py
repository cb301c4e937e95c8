"""``/search?q=``: label search over every entity, accent- and case-insensitive, ranked.

The index is built once per app, on the first search, from one query through the executor
(every ``skos:prefLabel``, ``skos:altLabel``, ``rdfs:label`` and ``skos:notation`` of an
IRI). Its size is bounded by the executor's row cap (``max_rows``): a graph with more
labels than that is indexed up to the cap, and the log says so. Lookups use a sorted token
list (prefix matches by bisection) and per-token postings, so a query costs in proportion
to the matches, not to the graph.

Ranking, best first: the whole label equals the query; then the kind of thing (countries,
rights, laws, organisations, … before observations and other records) weighs about as much
as whether the label starts with the query or only has its words; preferred labels before
other names, shorter labels first.
"""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from dataclasses import dataclass

from flask import Blueprint, Response, jsonify, render_template, request

from cyberkg.web.http import conditional, negotiation
from cyberkg.web.data import overview
from cyberkg.web.data import reads
from cyberkg.web.data import vocab as v
from cyberkg.web.http.runtime import runtime
from cyberkg.web.templating import page_url

log = logging.getLogger(__name__)
blueprint = Blueprint("search", __name__)

LABELS = """SELECT ?s ?p ?l WHERE {
  VALUES ?p { skos:prefLabel skos:altLabel rdfs:label skos:notation }
  ?s ?p ?l FILTER(isIRI(?s))
}"""
COUNTRY_CODES = """SELECT ?code ?l WHERE { ?c a schema:Country ; ck:iso2 ?code ; skos:prefLabel ?l }"""
MAX_QUERY = 200
LIMIT = 50
_WORD = re.compile(r"[^\w.]+")

#: Kinds of things by their IRI pattern (DESIGN §2), with the weight of each in the ranking.
KINDS: dict[str, tuple[str, int]] = {
    "country": ("country", 9), "right": ("right", 8), "law": ("law", 7), "instrument": ("instrument", 7),
    "org": ("organisation", 7), "indicator": ("indicator", 6), "doc": ("source document", 5),
    "person": ("person", 5), "scheme": ("concept scheme", 5), "dataset": ("dataset", 5),
    "concept": ("concept", 4), "assessment": ("assessment", 4), "provision": ("provision", 4),
    "version": ("version of a law", 5), "participation": ("treaty participation", 2),
    "obs": ("observation", 1),
}


def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces, except dots inside codes.

    >>> normalise("Côte d'Ivoire — CIRT")
    'cote d ivoire cirt'
    >>> normalise("Cambodia: 1.2.1 CIRT (ITU Cyberwellness 2014).")
    'cambodia 1.2.1 cirt itu cyberwellness 2014'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _WORD.sub(" ", bare.casefold()).replace("_", " ").split()
    return " ".join(w for w in (w.strip(".") for w in words) if w)


def kind_of(iri: str, base: str) -> tuple[str, int]:
    """(kind name, ranking weight) of an entity IRI."""
    path = iri[len(base):] if iri.startswith(base) else ""
    parts = path.split("/")
    if len(parts) < 2 or parts[0] != "id":
        return ("term", 3) if path.startswith("def/") else ("thing", 3)
    if parts[1] == "law":
        if "art" in parts[3:] or "provision" in parts[3:]:
            return KINDS["provision"]
        if "v" in parts[3:]:
            return KINDS["version"]
    if parts[1] == "instrument" and "art" in parts[2:]:
        return KINDS["provision"]
    return KINDS.get(parts[1], ("thing", 3))


def country_code(iri: str, base: str) -> str | None:
    """The ISO alpha-2 code in a national law's or body's IRI (``id/law/{iso2}/…``).

    >>> country_code("https://w3id.org/cyberkg/id/law/kh/criminal-code-2009", "https://w3id.org/cyberkg/")
    'KH'
    """
    parts = iri[len(base):].split("/") if iri.startswith(base) else []
    if len(parts) >= 4 and parts[0] == "id" and parts[1] in ("law", "org") and len(parts[2]) == 2:
        return parts[2].upper()
    return None


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    matched: str
    kind: str
    score: float
    #: The country a national law or body belongs to (several countries have a
    #: "Draft Law on Cybersecurity").
    country: str | None = None


class LabelIndex:
    """Labels of entities, searchable by word prefixes."""

    def __init__(self, entries: list[tuple[str, str, bool]], base: str,
                 countries: dict[str, str] | None = None) -> None:
        self.base, self.countries = base, countries or {}
        self.iris: list[str] = []
        self.kinds: list[tuple[str, int]] = []
        self.display: dict[int, str] = {}
        self.labels: list[tuple[int, str, str, bool]] = []   # (entity, text, normalised, preferred)
        ids: dict[str, int] = {}
        postings: dict[str, list[int]] = {}
        for iri, text, preferred in entries:
            entity = ids.get(iri)
            if entity is None:
                entity = ids[iri] = len(self.iris)
                self.iris.append(iri)
                self.kinds.append(kind_of(iri, base))
            if preferred or entity not in self.display:
                self.display[entity] = text
            norm = normalise(text)
            if not norm:
                continue
            n = len(self.labels)
            self.labels.append((entity, text, norm, preferred))
            for token in set(norm.split()):
                postings.setdefault(token, []).append(n)
        self.tokens = sorted(postings)
        self.postings = [postings[t] for t in self.tokens]

    def __len__(self) -> int:
        return len(self.iris)

    def _matching(self, token: str) -> set[int]:
        """Labels with a word starting with ``token``."""
        start = bisect.bisect_left(self.tokens, token)
        found: set[int] = set()
        for i in range(start, len(self.tokens)):
            if not self.tokens[i].startswith(token):
                break
            found.update(self.postings[i])
        return found

    def search(self, query: str, limit: int = LIMIT) -> tuple[list[Hit], int]:
        """The best ``limit`` entities for ``query`` and how many matched in all."""
        words = normalise(query).split()
        if not words:
            return [], 0
        candidates = self._matching(words[0])
        for word in words[1:]:
            candidates &= self._matching(word)
            if not candidates:
                break
        phrase = " ".join(words)
        best: dict[int, tuple[float, int]] = {}
        for n in candidates:
            entity, text, norm, preferred = self.labels[n]
            quality = 300 if norm == phrase else 40 if norm.startswith(phrase) else 0
            score = quality + (10 if preferred else 0) + self.kinds[entity][1] * 10 \
                - min(len(norm), 200) / 20
            if entity not in best or score > best[entity][0]:
                best[entity] = (score, n)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], self.display[item[0]]))
        hits = [Hit(self.iris[e], self.display[e], self.labels[n][1], self.kinds[e][0], round(s, 2),
                    self.countries.get(country_code(self.iris[e], self.base) or ""))
                for e, (s, n) in ranked[:limit]]
        return hits, len(best)


def build_index() -> LabelIndex:
    base = runtime().settings.base_iri
    found = reads.select(LABELS)
    if found.truncated:
        log.warning("search index capped at %d labels (the max_rows setting)", len(found))
    entries = []
    for row in found:
        predicate = row["p"].value
        literal = row["l"]
        if getattr(literal, "language", None) not in (None, "en") and predicate == v.PREF_LABEL:
            continue
        entries.append((row["s"].value, literal.value, predicate == v.PREF_LABEL))
    countries = {r["code"].value: r["l"].value for r in reads.select(COUNTRY_CODES)}
    return LabelIndex(entries, base, countries)


def index() -> LabelIndex:
    return overview.state().index(build_index)


@blueprint.route("/search")
def search() -> Response:
    q = request.args.get("q", "")[:MAX_QUERY]
    wants_json = negotiation.wants_json(default=False)
    variant = f"search|{q}|{'json' if wants_json else 'html'}"
    cached = conditional.not_modified(variant, "search")
    if cached is not None:
        cached.vary.add("Accept")
        return cached
    hits, total = index().search(q) if q.strip() else ([], 0)
    if wants_json:
        response = jsonify({"query": q, "total": total, "results": [
            {"iri": h.iri, "label": h.label, "matched": h.matched, "kind": h.kind,
             "country": h.country, "page": _page(h.iri)} for h in hits]})
    else:
        response = Response(render_template("search.html", q=q, hits=hits, total=total, limit=LIMIT),
                            mimetype="text/html")
    response.vary.add("Accept")
    return conditional.finish(response, variant, "search")


def _page(iri: str) -> str:
    return page_url(iri)
