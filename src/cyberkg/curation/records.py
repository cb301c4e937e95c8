"""The records a curation file is read into: sources, organisations, laws with their events,
versions and provisions, and assessments; each remembers where it was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cyberkg.rdf import namespaces
from cyberkg.curation.codes import Country


@dataclass
class Where:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Source:
    id: str
    kind: str
    title: str
    url: str
    publisher: str | None
    authors: list[str]
    date: str | None
    language: str | None
    accessed: str
    note: str | None
    country: Country | None
    where: Where


@dataclass
class Organisation:
    id: str
    name: str
    type: str
    acronym: str | None
    also_known_as: list[str]
    source: str | None  # None: the shared register (common.yaml)
    country: Country | None  # set for national bodies ({iso2}/{slug})
    where: Where

    @property
    def iri(self) -> str:
        return str(namespaces.ID[f"org/{self.id}"])

    @property
    def short(self) -> str:
        return self.acronym or self.name


@dataclass
class Event:
    date: str
    type: str
    source: str
    note: str | None
    where: Where


@dataclass
class Version:
    date: str
    source: str
    note: str | None
    where: Where


@dataclass
class Provision:
    number: str | None
    slug: str | None
    topic: str
    unit: str
    version: str | None
    source: str
    note: str | None
    where: Where

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.number or self.slug or "", self.version)


@dataclass
class Law:
    country: Country
    id: str
    title: str
    original_title: str | None
    original_language: str | None
    number: str | None
    draft: bool
    status: str
    responsible: list[str]
    source: str
    note: str | None
    where: Where
    events: list[Event] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    provisions: list[Provision] = field(default_factory=list)

    @property
    def iri(self) -> str:
        return str(namespaces.law(self.country.iso2, self.id))


@dataclass
class Assessment:
    source: str
    id: str | None
    law: Law
    provision: Provision | None
    right: str
    stance: str
    concerns: list[str]
    basis: str
    by: list[str]
    date: str | None
    evidence: str
    locator: str | None
    note: str | None
    where: Where


@dataclass
class Curation:
    files: list[Path] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    laws: list[Law] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
