"""What a parsed ITU Cyberwellness profile is: the 2014 framework and the parser's output.

The framework fixes the 21 section codes and headings (and the pillar headings above
them) that every profile prints, and the four statuses a section can have. The
dataclasses are what :func:`~cyberkg.ingest.itu_profiles.parse_profile` returns: plain
values, no RDF; :mod:`.rdf` maps them to graphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from cyberkg.errors import IngestError

# The 2014 framework.
SECTION_HEADINGS: dict[str, str] = {
    "1.1.1": "CRIMINAL LEGISLATION",
    "1.1.2": "REGULATION AND COMPLIANCE",
    "1.2.1": "CIRT",
    "1.2.2": "STANDARDS",
    "1.2.3": "CERTIFICATION",
    "1.3.1": "POLICY",
    "1.3.2": "ROADMAP FOR GOVERNANCE",
    "1.3.3": "RESPONSIBLE AGENCY",
    "1.3.4": "NATIONAL BENCHMARKING",
    "1.4.1": "STANDARDISATION DEVELOPMENT",
    "1.4.2": "MANPOWER DEVELOPMENT",
    "1.4.3": "PROFESSIONAL CERTIFICATION",
    "1.4.4": "AGENCY CERTIFICATION",
    "1.5.1": "INTRA-STATE COOPERATION",
    "1.5.2": "INTRA-AGENCY COOPERATION",
    "1.5.3": "PUBLIC SECTOR PARTNERSHIP",
    "1.5.4": "INTERNATIONAL COOPERATION",
    "2.1": "NATIONAL LEGISLATION",
    "2.2": "UN CONVENTION AND PROTOCOL",
    "2.3": "INSTITUTIONAL SUPPORT",
    "2.4": "REPORTING MECHANISM",
}
SECTION_CODES: tuple[str, ...] = tuple(SECTION_HEADINGS)

PILLAR_HEADINGS: dict[str, str] = {
    "1": "CYBERSECURITY",
    "1.1": "LEGAL MEASURES",
    "1.2": "TECHNICAL MEASURES",
    "1.3": "ORGANIZATION MEASURES",
    "1.4": "CAPACITY BUILDING",
    "1.5": "COOPERATION",
    "2": "CHILD ONLINE PROTECTION",
}

STATUSES = ("present", "absent", "in-progress", "unknown")


# What the parser returns.

@dataclass(frozen=True)
class Figure:
    """A background figure as printed, with the data source the profile states."""

    value: Decimal | int
    stated_source: str | None = None


@dataclass(frozen=True)
class Name:
    """An organisation or instrument name as printed, with its acronym where given."""

    name: str
    acronym: str | None = None

    def __str__(self) -> str:
        if self.acronym and self.acronym != self.name:
            return f"{self.name} ({self.acronym})"
        return self.name


@dataclass(frozen=True)
class Section:
    """One of the 21 sections of a profile."""

    code: str
    heading: str
    status: str
    evidence: str
    organisations: tuple[Name, ...] = ()
    instruments: tuple[Name, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Profile:
    """A parsed profile. ``sections`` always holds all 21 codes."""

    path: str
    file_name: str
    country_name: str
    encoding: str
    last_updated: date | None
    population: Figure | None
    internet_users: Figure | None
    sections: dict[str, Section]
    warnings: list[str] = field(default_factory=list)

    @property
    def statuses(self) -> dict[str, str]:
        return {code: s.status for code, s in self.sections.items()}


class ProfileParseError(IngestError, ValueError):
    """The file is not a Cyberwellness profile (or not one this parser can read)."""

    def __init__(self, file: str | Path, reason: str):
        self.file = str(file)
        self.reason = reason
        super().__init__(f"{self.file}: {reason}")
