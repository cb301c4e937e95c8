"""``cyberkg ingest …``: source files → deterministic TriG under data/."""

from __future__ import annotations

import click


@click.group()
def ingest() -> None:
    """Turn source files into RDF (TriG) for the build."""
