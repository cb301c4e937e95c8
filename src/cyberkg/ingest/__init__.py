"""Ingest modules: one parser per source kind, each building an ``rdflib.Dataset``.

The table sources (:mod:`.countries`, :mod:`.gci`, :mod:`.un_treaties`) expose
``build_*`` functions returning a dataset; each also fills an :class:`IngestSummary`
(passed in as ``summary=``, and attached to the dataset as ``dataset.ingest_summary``) for
the command line to print. :func:`cyberkg.ingest.trig.write_trig` writes a dataset as
deterministic TriG.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


__all__ = ["IngestSummary"]
