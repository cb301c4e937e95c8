"""ITU Cyberwellness profiles as RDF (docs/model.md "Datasets and observations").

:mod:`.profile` reads the texts; this module turns the parsed profiles into one named
graph per profile document, ``graph/itu-cwp-2014-{iso3}``, holding:

- the document ``id/doc/itu-cwp-2014-{iso3}`` (publisher ITU, last-updated date);
- one ``qb:Observation`` per section (status, a short verbatim evidence quote, the
  organisations and legal instruments it names) and two for the background figures;
- the organisations and instruments the profile names, one entity per country and name
  (``id/org/{iso2}/{slug}``, ``id/law/{iso2}/{slug}``), acronyms as ``skos:altLabel``.
  The ``iso2`` part says which country's profile named the body, not that it is national.

Names that denote an entity the graph already has resolve to it through the explicit alias
table ``data/aliases/itu-cwp-2014.csv`` (country or ``*``, name as printed, target IRIs,
editorial note); the source wording is kept as ``ck:sourceWording`` on the observation. A
target ``-`` marks a name that denotes no entity (an event such as the ALERT cyber drills):
it is kept as wording only.

A profile whose document is curated by hand (``data/curated/itu-cwp-2014-{iso3}.ttl``) is
not generated: the curated graph wins, and the summary says so. Two files for one country
keep the later-updated one (then the first by file name) and report the other.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from cyberkg.errors import IngestError
from cyberkg.ingest import IngestSummary, describe_document
from cyberkg.ingest.countries import CountryIndex
from cyberkg.ingest.itu_profiles.model import Name, Profile, ProfileParseError
from cyberkg.ingest.itu_profiles.profile import parse_profile
from cyberkg.settings import Settings
from cyberkg.rdf.codes import code_sort_key
from cyberkg.rdf.namespaces import (CK, ELI, ID, OA, ORG, QB, SCHEMA, SDMX_DIMENSION,
                                SDMX_MEASURE, concept, country, dataset, graph,
                                indicator, law, observation, organisation, slugify)

FRAMEWORK = "itu-cwp-2014"
ITU = organisation("itu")
SOURCE_NOTE = ("Text conversion of the ITU profile from repository ICT4SD/CyberSecurity_Strategies, "
               "commit e99face94fa2b91fbd847e9923e6f82c8e5a2e44, folder profiles/ "
               "(file {file} in cyberkg's sources).")
RIGHTS = "ITU copyright (http://www.itu.int/en/Pages/copyright.aspx); cite ITU."

#: Organisation types recognised from a body's own name, most specific first. A name that
#: matches none gets no org:classification (never a guess beyond what the name says).
ORG_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((slug, re.compile(rx, re.I)) for slug, rx in (
    ("cirt", r"\b(c?cert|cirt|csirt|[a-z-]*cert(-[a-z]+)?)\b|(emergency|incident) response team"),
    ("ministry", r"\bministry\b|\bministere\b|\bministerio\b"),
    ("regulator", r"\bregulat(ory|or|ion) (authority|agency|commission|body)\b|\bregulator\b"),
    ("committee", r"\b(committee|council|commission)\b"),
    ("department", r"\b(department|directorate|division|unit)\b"),
    ("agency", r"\b(agency|authority|office|bureau|centre|center|police)\b"),
))


@dataclass(frozen=True)
class Alias:
    """One row of the alias table: a printed name that denotes existing entities."""

    country: str  # ISO3, or "*" for any profile
    name: str
    targets: tuple[URIRef, ...]
    note: str = ""


class AliasTable:
    """Printed names → existing entities, looked up per country, then for any country."""

    def __init__(self, aliases: Iterable[Alias]) -> None:
        self._by_key = {(a.country, _key(a.name)): a for a in aliases}

    @classmethod
    def from_csv(cls, path: str | Path) -> "AliasTable":
        """Read the table; a malformed row is an :class:`IngestError` naming file and line."""
        path = Path(path)
        aliases = []
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames != ["country", "name", "targets", "note"]:
                raise IngestError(f"{path}:1: header must be country,name,targets,note")
            for line, row in enumerate(reader, 2):
                code = row["country"].strip()
                targets = row["targets"].split()
                if targets == ["-"]:
                    targets = []  # a name that denotes no entity (an event, a programme)
                elif not targets or any(not re.fullmatch(r"[a-z0-9][a-z0-9/.-]*", t) for t in targets):
                    targets = None
                if not (code == "*" or re.fullmatch(r"[A-Z]{3}", code)) or not row["name"].strip() \
                        or targets is None:
                    raise IngestError(f"{path}:{line}: needs a country (ISO3 or *), a name and "
                                      f"target paths under {ID} (e.g. org/itu), or - for none")
                aliases.append(Alias(code, row["name"].strip(), tuple(ID[t] for t in targets),
                                     row["note"].strip()))
        return cls(aliases)

    def resolve(self, iso3: str, name: Name) -> Alias | None:
        for text in filter(None, (name.name, name.acronym)):
            for scope in (iso3, "*"):
                alias = self._by_key.get((scope, _key(text)))
                if alias:
                    return alias
        return None


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass
class Outcome:
    """What became of one input file: ``written``, ``curated``, ``duplicate`` or ``error``."""

    file: str
    outcome: str
    profile: Profile | None = None
    iso3: str | None = None
    reason: str = ""


@dataclass
class _Entity:
    kind: str  # "org" or "law"
    iri: URIRef
    names: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)


def doc_slug(iso3: str) -> str:
    return f"{FRAMEWORK}-{iso3.lower()}"


def profile_files(paths: Iterable[str | Path]) -> list[Path]:
    """The profile files named by ``paths`` (files, or folders of ``*.txt``), sorted."""
    files: list[Path] = []
    for p in map(Path, paths):
        files += sorted(p.glob("*.txt")) if p.is_dir() else [p]
    return sorted(set(files), key=lambda f: f.name)


def build_itu_profiles(paths: Iterable[str | Path], countries, aliases: AliasTable,
                       curated_dir: str | Path | None = None,
                       summary: IngestSummary | None = None) -> Dataset:
    """Parse every profile in ``paths`` and return their graphs (see the module docstring).

    The dataset carries ``ingest_summary`` (counts, warnings) and ``outcomes`` (one
    :class:`Outcome` per file). Files that cannot be parsed or resolved to a country are
    outcomes with ``error`` and a reason; the caller decides whether that fails the run.
    """
    index = CountryIndex.of(countries)
    summary = summary or IngestSummary("itu-profiles")
    outcomes = [_read(path, index) for path in profile_files(paths)]
    _mark_duplicates(outcomes)
    curated = Path(curated_dir) if curated_dir else None
    ds = Dataset()
    for o in outcomes:
        if o.outcome == "written" and curated and (curated / f"{doc_slug(o.iso3)}.ttl").exists():
            o.outcome, o.reason = "curated", f"curated in {curated.name}/{doc_slug(o.iso3)}.ttl"
        if o.outcome == "written":
            _profile_graph(ds.graph(graph(doc_slug(o.iso3))), o.profile, o.iso3, index, aliases)
        summary.count(f"files {o.outcome}")
        for warning in (o.profile.warnings if o.profile else []):
            summary.warn(f"{o.file}: {warning}")
        if o.outcome != "written":
            summary.warn(f"{o.file}: {o.outcome}: {o.reason}")
    summary.count("triples", len(ds))
    ds.ingest_summary = summary  # type: ignore[attr-defined]
    ds.outcomes = outcomes  # type: ignore[attr-defined]
    return ds


def _read(path: Path, index: CountryIndex) -> Outcome:
    try:
        profile = parse_profile(path)
    except ProfileParseError as error:
        return Outcome(path.name, "error", reason=error.reason)
    except OSError as error:
        return Outcome(path.name, "error", reason=str(error))
    iso3 = index.resolve(profile.country_name) or index.resolve(path.stem.replace("_", " "))
    if iso3 is None:
        return Outcome(path.name, "error", profile,
                       reason=f"country {profile.country_name!r} does not resolve to an ISO code "
                              "(add it to NAME_OVERRIDES in cyberkg/ingest/countries.py)")
    return Outcome(path.name, "written", profile, iso3)


def _mark_duplicates(outcomes: list[Outcome]) -> None:
    by_country: dict[str, list[Outcome]] = {}
    for o in outcomes:
        if o.outcome == "written":
            by_country.setdefault(o.iso3, []).append(o)
    for group in by_country.values():
        group.sort(key=lambda o: (-(o.profile.last_updated.toordinal() if o.profile.last_updated else 0), o.file))
        for other in group[1:]:
            other.outcome, other.reason = "duplicate", f"another version of {group[0].file}, which is kept"


def _profile_graph(g: Graph, profile: Profile, iso3: str, index: CountryIndex,
                   aliases: AliasTable) -> None:
    label = index.label(iso3)
    iso2 = index.by_iso3[iso3].iso2
    doc = describe_document(
        g, doc_slug(iso3), title=f"Cyberwellness Profile {profile.country_name}",
        label=f"ITU Cyberwellness Profile: {label}", publisher=ITU, rights=RIGHTS,
        note=SOURCE_NOTE.format(file=profile.file_name), modified=profile.last_updated,
        subject=country(iso3))
    entities = _Entities(iso2)
    for figure_code, figure in (("population", profile.population),
                                ("internet-users", profile.internet_users)):
        if figure is None:
            continue
        obs = _observation(g, profile, iso3, label, figure_code, doc)
        datatype = XSD.integer if isinstance(figure.value, int) else XSD.decimal
        g.add((obs, SDMX_MEASURE.obsValue, Literal(str(figure.value), datatype=datatype, normalize=False)))
        if figure.stated_source:
            g.add((obs, CK.statedSource, Literal(figure.stated_source)))
    for code, section in sorted(profile.sections.items(), key=lambda kv: code_sort_key(kv[0])):
        obs = _observation(g, profile, iso3, label, code, doc)
        g.add((obs, CK.status, concept("status", section.status)))
        if section.evidence:
            quote = BNode(f"evidence-{iso3}-{code}")
            g.add((obs, CK.evidence, quote))
            g.add((quote, RDF.type, OA.TextQuoteSelector))
            g.add((quote, OA.exact, Literal(section.evidence)))
        else:
            g.add((obs, SKOS.editorialNote, Literal(f"The profile has no section {code}.", lang="en")))
        for kind, names, link in (("org", section.organisations, CK.mentionsOrganization),
                                  ("law", section.instruments, CK.mentionsLaw)):
            for name in names:
                alias = aliases.resolve(iso3, name)
                if alias:
                    for target in alias.targets:
                        g.add((obs, link, target))
                    g.add((obs, CK.sourceWording, Literal(str(name))))
                    if alias.note:
                        g.add((obs, SKOS.editorialNote, Literal(alias.note, lang="en")))
                else:
                    g.add((obs, link, entities.add(kind, name)))
    entities.describe(g, iso3)


def _observation(g: Graph, profile: Profile, iso3: str, label: str, code: str, doc: URIRef) -> URIRef:
    obs = observation(FRAMEWORK, iso3, code)
    concept_label = indicator_labels()[code]
    shown = concept_label if code in ("population", "internet-users") else f"{code} {concept_label}"
    g.add((obs, RDF.type, QB.Observation))
    g.add((obs, SKOS.prefLabel, Literal(f"{label}: {shown} (ITU Cyberwellness 2014)", lang="en")))
    g.add((obs, QB.dataSet, dataset(FRAMEWORK)))
    g.add((obs, SDMX_DIMENSION.refArea, country(iso3)))
    g.add((obs, CK.indicator, indicator(FRAMEWORK, code)))
    if profile.last_updated:
        g.add((obs, SDMX_DIMENSION.refPeriod, Literal(profile.last_updated.isoformat(), datatype=XSD.date)))
    g.add((obs, PROV.wasDerivedFrom, doc))
    return obs


class _Entities:
    """The organisations and instruments one profile names, deduplicated by slug and acronym."""

    def __init__(self, iso2: str) -> None:
        self.iso2 = iso2
        self.by_iri: dict[URIRef, _Entity] = {}
        self.by_acronym: dict[tuple[str, str], URIRef] = {}

    def add(self, kind: str, name: Name) -> URIRef:
        known = self.by_acronym.get((kind, _key(name.name)))
        if known is not None and not name.acronym:
            return known  # "BSI" after "Federal Office for Information Security (BSI)"
        slug = slugify(name.name) or slugify(name.acronym or "")
        iri = organisation(slug, self.iso2) if kind == "org" else law(self.iso2, slug)
        entity = self.by_iri.setdefault(iri, _Entity(kind, iri))
        if name.name not in entity.names:
            entity.names.append(name.name)
        if name.acronym and name.acronym not in entity.acronyms:
            entity.acronyms.append(name.acronym)
            self.by_acronym.setdefault((kind, _key(name.acronym)), iri)
        return iri

    def describe(self, g: Graph, iso3: str) -> None:
        for iri, entity in sorted(self.by_iri.items()):
            first, *others = entity.names
            alternatives = [*others, *(a for a in entity.acronyms if a not in entity.names)]
            g.add((iri, SKOS.prefLabel, Literal(first, lang="en")))
            for alternative in alternatives:
                g.add((iri, SKOS.altLabel, Literal(alternative, lang="en")))
            if entity.kind == "org":
                g.add((iri, RDF.type, ORG.FormalOrganization))
                for slug, pattern in ORG_TYPES:
                    if any(pattern.search(n) for n in [first, *alternatives]):
                        g.add((iri, ORG.classification, concept("org-type", slug)))
                        break
            else:
                g.add((iri, RDF.type, ELI.LegalResource))
                g.add((iri, RDF.type, SCHEMA.Legislation))
                g.add((iri, ELI.title, Literal(first, lang="en")))
                g.add((iri, ELI.jurisdiction, country(iso3)))


@lru_cache(maxsize=1)
def indicator_labels() -> dict[str, str]:
    """{code: English label} of the ITU 2014 indicators, read from the ontology's scheme."""
    scheme = Path(Settings.load().ontology_dir) / "schemes" / f"{FRAMEWORK}.ttl"
    g = Graph().parse(scheme, format="turtle")
    return {str(code): str(g.value(c, SKOS.prefLabel)) for c, code in g.subject_objects(SKOS.notation)}


def write_report(outcomes: Iterable[Outcome], path: str | Path) -> None:
    """The per-file summary as CSV: outcome, country, date, statuses, names, warnings."""
    columns = ["file", "outcome", "iso3", "country_name", "encoding", "last_updated",
               "sections_found", "present", "absent", "in_progress", "unknown",
               "organisations", "instruments", "warnings", "reason"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(columns)
        for o in outcomes:
            p = o.profile
            statuses = list(p.statuses.values()) if p else []
            found = sum(1 for s in p.sections.values() if s.evidence) if p else 0
            out.writerow([
                o.file, o.outcome, o.iso3 or "", p.country_name if p else "",
                p.encoding if p else "", p.last_updated.isoformat() if p and p.last_updated else "",
                found, *(statuses.count(s) for s in ("present", "absent", "in-progress", "unknown")),
                sum(len(s.organisations) for s in p.sections.values()) if p else 0,
                sum(len(s.instruments) for s in p.sections.values()) if p else 0,
                " | ".join(p.warnings) if p else "", o.reason])
