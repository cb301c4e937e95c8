"""cyberkg's domain errors. HTTP statuses are attached by the web layer, not here.

    CyberkgError
     ├── StoreNotFound       no built store where the settings point
     ├── BuildError          the inputs do not make a valid graph (syntax, SHACL, conflicts)
     └── IngestError         a source file cannot be turned into RDF
"""

from __future__ import annotations


class CyberkgError(Exception):
    """Base class of every error cyberkg raises on purpose."""


class StoreNotFound(CyberkgError):
    pass


class BuildError(CyberkgError):
    """The build failed; ``problems`` lists each one as "file: …: reason"."""

    def __init__(self, summary: str, problems: list[str] | None = None) -> None:
        super().__init__(summary)
        self.problems = problems or []

    def __str__(self) -> str:
        lines = [self.args[0], *(f"  {p}" for p in self.problems)]
        return "\n".join(lines)


class IngestError(CyberkgError):
    """A source file could not be ingested; the message names the file and the reason."""
