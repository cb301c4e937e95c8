"""Ingest modules: one parser per source kind, each building an ``rdflib.Dataset``.

The table sources (:mod:`.countries`, :mod:`.gci`, :mod:`.un_treaties`) expose
``build_*`` functions returning a dataset; each also fills an :class:`IngestSummary`
(passed in as ``summary=``, and attached to the dataset as ``dataset.ingest_summary``) for
the command line to print. :func:`cyberkg.ingest.trig.write_trig` writes a dataset as
deterministic TriG. The ITU Cyberwellness Profiles (PDF text, one file per country) have a
package of their own, :mod:`.itu_profiles` (decoding, headings, status rules, names, the
header, the profile, the RDF mapping); ``cyberkg ingest`` is :mod:`.cli`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, SKOS, XSD

from cyberkg.rdf.namespaces import document


@dataclass
class IngestSummary:
    """What one ingest run read and produced: counts by name, and warnings (plain text).

    >>> s = IngestSummary("gci")
    >>> s.count("observations", 2); s.warn("x.csv:3: empty rank")
    >>> print(s.format())
    gci: observations=2
      warning: x.csv:3: empty rank
    """

    source: str
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def format(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.counts.items())
        lines = [f"{self.source}: {counts}"]
        lines.extend(f"  warning: {w}" for w in self.warnings)
        return "\n".join(lines)


def describe_document(g: Graph, slug: str, *, title: str, publisher: URIRef, rights: str,
                      note: str, label: str | None = None, sources: Iterable[str] = (),
                      modified: date | None = None, subject: URIRef | None = None) -> URIRef:
    """State, in ``g``, what the source document ``id/doc/{slug}`` is; return its IRI.

    Every generated graph describes the document it was taken from in the same shape:
    ``foaf:Document`` + ``prov:Entity``, an English label and title, publisher, rights,
    where it was found (``dcterms:source``) and an editorial note on how cyberkg used it.
    """
    doc = document(slug)
    g.add((doc, RDF.type, FOAF.Document))
    g.add((doc, RDF.type, PROV.Entity))
    g.add((doc, SKOS.prefLabel, Literal(label or title, lang="en")))
    g.add((doc, DCTERMS.title, Literal(title, lang="en")))
    g.add((doc, DCTERMS.publisher, publisher))
    for source in sources:
        g.add((doc, DCTERMS.source, URIRef(source)))
    g.add((doc, DCTERMS.rights, Literal(rights, lang="en")))
    g.add((doc, SKOS.editorialNote, Literal(note, lang="en")))
    if modified:
        g.add((doc, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.date)))
    if subject is not None:
        g.add((doc, DCTERMS.subject, subject))
    return doc


__all__ = ["IngestSummary", "describe_document"]
