"""cyberkg's domain errors. HTTP statuses are attached by the web layer
(:mod:`cyberkg.web.http.errors`); those in brackets are the ones it answers.

    CyberkgError
     ├── StoreNotFound       no built store where the settings point
     ├── EngineFailure       a remote SPARQL engine did not answer (unavailable, timeout, error)
     ├── QueryError          a query could not be answered (the message says why)
     │    ├── QuerySyntaxError      the parser's message and position (400)
     │    ├── ServiceRefused        SERVICE to an endpoint not allowed (403)
     │    ├── FormatNotAcceptable   the result cannot be written as asked (406)
     │    ├── QueryTimeout          over the time budget (503)
     │    ├── QueryOutOfMemory      over the worker's memory cap (503)
     │    ├── ExecutorBusy          no worker free within the budget (503)
     │    ├── ExecutionFailed       the worker failed otherwise (500)
     │    └── EngineFailed          the remote engine failed: unavailable, timeout, error
     ├── BuildError          the inputs do not make a valid graph (syntax, SHACL, conflicts)
     └── IngestError         a source file cannot be turned into RDF
"""

from __future__ import annotations

import re

_POSITION = re.compile(r"error at (\d+):(\d+)")


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


class QueryError(CyberkgError):
    """A query could not be answered; the message says why, for the person who sent it."""


class QuerySyntaxError(QueryError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        match = _POSITION.search(message)
        #: (line, column) of the error, 1-based, when the parser gave one.
        self.position = (int(match.group(1)), int(match.group(2))) if match else None


class ServiceRefused(QueryError):
    pass


class FormatNotAcceptable(QueryError):
    def __init__(self, kind: str, available: list[str]) -> None:
        what = "a graph (CONSTRUCT or DESCRIBE)" if kind == "graph" else "solutions (SELECT or ASK)"
        super().__init__(f"the query gives {what}, which this endpoint writes as: "
                         + ", ".join(available))
        self.kind, self.available = kind, available


class QueryTimeout(QueryError):
    pass


class QueryOutOfMemory(QueryError):
    pass


class ExecutorBusy(QueryError):
    pass


class ExecutionFailed(QueryError):
    pass


class EngineFailed(QueryError):
    """The remote SPARQL engine did not answer: ``kind`` is "unavailable" (it cannot be
    reached), "timeout" (it ran out of the time budget) or "error" (it failed otherwise)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
