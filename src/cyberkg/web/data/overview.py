"""Figures about the whole dataset, computed once per app on first use and then kept:
entities per class, triples per property, distinct subjects and objects. The home page,
the browse pages, VoID and the ontology's usage counts all read them.

Each figure is one aggregate query through the executor (a few hundred milliseconds on a
graph of a million triples); they are kept for the app's life, which is the life of one
dataset version (the app pins its store).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flask import current_app

from cyberkg.rdf.terms import short
from cyberkg.web.data import reads
from cyberkg.web.data import vocab as v

CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
DISTINCT = """SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { ?s ?p ?o }"""
ENTITIES = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), {prefix})) }}"""
LABELS = """SELECT ?x ?l WHERE {{ VALUES ?x {{ {iris} }} ?x rdfs:label|skos:prefLabel ?l
  FILTER(LANG(?l) IN ("", "en")) }}"""


@dataclass
class Overview:
    classes: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)
    subjects: int = 0
    objects: int = 0
    entities: int = 0
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or v.PREDICATE_LABEL.get(iri) or short(iri)


class State:
    """What the linked-data views compute once per served build: the overview, the search
    index and small lists (built lazily, under a lock, so concurrent first requests build
    each once). A new build (the app follows the store's symlink) starts afresh; the old
    build's values are dropped, so memory holds one build's worth."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._build: str | None = None
        self._values: dict[str, object] = {}

    def remember(self, key: str, compute):
        """``compute()``'s value for the build being served, computed on first use."""
        from cyberkg.web.http.runtime import runtime
        build = (runtime().settings.store, runtime().version)  # (a remote store: one URL)
        with self._lock:
            if build != self._build:
                self._build, self._values = build, {}
            if key not in self._values:
                self._values[key] = compute()
            return self._values[key]

    def overview(self, base: str) -> Overview:
        return self.remember("overview", lambda: _compute(base))  # type: ignore[return-value]

    def index(self, build):
        return self.remember("search-index", build)


def state() -> State:
    app = current_app
    found = app.extensions.get("cyberkg.linked_data")
    if found is None:
        found = app.extensions.setdefault("cyberkg.linked_data", State())
    return found


def overview() -> Overview:
    from cyberkg.web.http.runtime import runtime
    return state().overview(runtime().settings.base_iri)


def _compute(base: str) -> Overview:
    o = Overview()
    o.classes = {r["c"].value: int(r["n"].value) for r in reads.select(CLASSES) if "c" in r}
    o.properties = {r["p"].value: int(r["n"].value) for r in reads.select(PROPERTIES)}
    row = reads.select(DISTINCT).rows[0]
    o.subjects, o.objects = int(row["subjects"].value), int(row["objects"].value)
    prefix = '"' + base.replace("\\", "\\\\").replace('"', '\\"') + 'id/"'
    o.entities = int(reads.select(ENTITIES.format(prefix=prefix)).rows[0]["n"].value)
    terms = [t for t in list(o.classes) + list(o.properties) if t.startswith(base)]
    if terms:
        for r in reads.select(LABELS.format(iris=reads.values(terms))):
            o.labels.setdefault(r["x"].value, r["l"].value)
    return o
