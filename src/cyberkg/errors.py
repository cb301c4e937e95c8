"""cyberkg's domain errors. HTTP statuses are attached by the web layer, not here.

    CyberkgError
     ├── StoreNotFound       no built store where the settings point
     ├── EngineFailure       a remote SPARQL engine did not answer (unavailable, timeout, error)
     ├── BuildError          the inputs do not make a valid graph (syntax, SHACL, conflicts)
     └── IngestError         a source file cannot be turned into RDF
"""

from __future__ import annotations


class CyberkgError(Exception):
    """Base class of every error cyberkg raises on purpose."""


class StoreNotFound(CyberkgError):
    pass


class EngineFailure(CyberkgError):
    """A remote SPARQL engine did not answer: ``kind`` is "unavailable" (no connection),
    "timeout" (out of the time budget) or "error" (anything else, an unreadable answer too)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


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
