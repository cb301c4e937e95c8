"""The graph store: one narrow interface, chosen in one factory from the settings.

A built store is a directory holding ``oxigraph/`` (the pyoxigraph database),
``manifest.json`` (dataset version, counts, build time) and ``dumps/``. Any plain pyoxigraph
store directory can be opened too; it then has no manifest.

The second implementation, :class:`~cyberkg.store.remote.RemoteStore`, is a remote SPARQL
1.1 engine, selected in :func:`open_store` when the setting is ``sparql+http(s)://…``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import Store

from cyberkg.errors import StoreNotFound
from cyberkg.settings import Settings

MANIFEST_NAME = "manifest.json"
DATABASE_NAME = "oxigraph"
DUMPS_NAME = "dumps"


class GraphStore(Protocol):
    """What the rest of cyberkg needs from a store: run a query, know the version."""

    manifest: dict[str, Any]

    @property
    def version(self) -> str: ...

    @property
    def location(self) -> str: ...

    def query(self, sparql: str, **options: Any) -> Any: ...


class EmbeddedStore:
    """A built store directory opened read-only with pyoxigraph.

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


def open_store(settings: Settings) -> GraphStore:
    """Return the store the settings name (the one place that picks an implementation).

    A remote store is pinned to the manifest in ``settings.extra["manifest"]`` when there is
    one (a runtime passes the one it serves to its query workers), else it reads the engine's.
    """
    from cyberkg.store.remote import Credentials, RemoteStore, is_remote
    if is_remote(settings.store):
        return RemoteStore(settings.store, settings.extra.get("manifest"),
                           Credentials(settings.engine_user, settings.engine_password),
                           settings.extra.get("engine", ""))
    return EmbeddedStore(Path(settings.store))
