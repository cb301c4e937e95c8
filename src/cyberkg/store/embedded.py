"""A built store directory, opened read-only with pyoxigraph: the first implementation of
:class:`~cyberkg.store.GraphStore`.

A built store is a directory holding ``oxigraph/`` (the pyoxigraph database),
``manifest.json`` (dataset version, counts, build time) and ``dumps/``. Any plain pyoxigraph
store directory can be opened too; it then has no manifest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyoxigraph import Store

from cyberkg.errors import StoreNotFound

MANIFEST_NAME = "manifest.json"
DATABASE_NAME = "oxigraph"
DUMPS_NAME = "dumps"


class EmbeddedStore:
    """A built store directory opened read-only.

    Queries see the union of all named graphs as their default graph (the data lives in
    one named graph per source), unless the query names its own dataset.
    """

    def __init__(self, directory: Path) -> None:
        directory = Path(directory)
        database, self.manifest = locate_store(directory)
        self.directory = directory
        #: The pyoxigraph store itself, for what the interface does not cover (dumps).
        self.database = Store.read_only(str(database))

    @property
    def version(self) -> str:
        return self.manifest.get("version", "unversioned")

    @property
    def location(self) -> str:
        """The ``store`` setting that names this store."""
        return str(self.directory)

    def query(self, sparql: str, **options: Any) -> Any:
        """Run ``sparql``; return pyoxigraph results (solutions, triples or a boolean).

        Raises ``SyntaxError`` (with the parser's message) for a malformed query.
        """
        options.pop("timeout", None)  # the executor stops an overrunning worker itself
        if "default_graph" not in options:
            options.setdefault("use_default_graph_as_union", True)
        return self.database.query(sparql, **options)

    def whole_dataset(self) -> Store:
        """Every quad, as a pyoxigraph store (for dumps)."""
        return self.database


def locate_store(directory: Path) -> tuple[Path, dict[str, Any]]:
    """Return the pyoxigraph database directory of a store and its manifest ({} if none),
    without opening it. Raises :class:`StoreNotFound` when there is no store there."""
    directory = Path(directory)
    manifest_path = directory / MANIFEST_NAME
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        database = directory / DATABASE_NAME
    else:
        manifest, database = {}, directory
    if not database.is_dir():
        raise StoreNotFound(f"no store at {directory}: run `cyberkg build` first")
    return database, manifest
