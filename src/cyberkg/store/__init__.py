"""The graph store: one narrow interface, and the one place that knows which implementation
serves it.

    store/
     ├── __init__.py   GraphStore, Dataset, Capabilities; open_store and friends pick the
     │                 implementation from the ``store`` setting (nowhere else does)
     ├── embedded.py   a built directory, opened read-only with pyoxigraph
     ├── remote.py     a SPARQL 1.1 engine (``sparql+http(s)://…``) loaded by ``cyberkg load``
     ├── dialect.py    rewriting queries and answers for engines with their own dialect
     └── dumps.py      N-Quads and TriG dumps of a store, named by dataset version

Code outside this package never asks which implementation it has: it asks
:func:`capabilities` what the store can do, and uses a :class:`Dataset` to pin one version.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Hashable, Protocol

from cyberkg.errors import EngineFailure, StoreNotFound
from cyberkg.settings import Settings
from cyberkg.store.embedded import DUMPS_NAME, EmbeddedStore, locate_store
from cyberkg.store.remote import Credentials, RemoteStore, TripleStream, is_remote

log = logging.getLogger(__name__)


class GraphStore(Protocol):
    """What the rest of cyberkg needs from a store: run a query, know the version."""

    manifest: dict[str, Any]

    @property
    def version(self) -> str: ...

    @property
    def location(self) -> str: ...

    def query(self, sparql: str, **options: Any) -> Any: ...

    def whole_dataset(self) -> Any:
        """Every quad, as a pyoxigraph store (for dumps)."""


#: What a CONSTRUCT or DESCRIBE returns, whichever store ran it (besides pyoxigraph's own).
GRAPH_RESULTS: tuple[type, ...] = (TripleStream,)


@dataclass(frozen=True)
class Capabilities:
    """What differs between the implementations, as the rest of cyberkg needs to know it."""

    #: Query workers reach the store over the network (so they cannot be cut off from it).
    over_network: bool
    #: The store parses queries in its own dialect: cyberkg checks the syntax before sending,
    #: and a failure while results are read is the engine's (its answer is read lazily).
    own_dialect: bool
    #: A UNION of sub-selects projecting different variables is answered correctly
    #: (Virtuoso 7 mixes up their columns).
    union_of_subselects: bool
    #: Seconds between two looks for a new dataset version (a ``stat`` of the symlink, or a
    #: query to the engine, which is done in the background).
    watch_interval: float
    #: Whether looking for a new version is cheap enough to do within a request.
    cheap_watch: bool


EMBEDDED = Capabilities(over_network=False, own_dialect=False, union_of_subselects=True,
                        watch_interval=1.0, cheap_watch=True)
REMOTE = Capabilities(over_network=True, own_dialect=True, union_of_subselects=False,
                      watch_interval=5.0, cheap_watch=False)


def capabilities(settings: Settings) -> Capabilities:
    """What the store the settings name can do."""
    return REMOTE if is_remote(settings.store) else EMBEDDED


@dataclass(frozen=True)
class Dataset:
    """One dataset version as served: where it is (a build directory with its symlink
    resolved, so a later swap does not change it; or the engine's URL), its manifest, how to
    recognise it when looking for a newer one, and the engine's product name."""

    location: str
    manifest: dict[str, Any] = field(default_factory=dict)
    identity: Hashable = None
    engine: str = ""

    @property
    def version(self) -> str | None:
        """The dataset version, or None for a store without a manifest."""
        return self.manifest.get("version")


def current_dataset(settings: Settings) -> Dataset:
    """The dataset the ``store`` setting names now. Raises :class:`StoreNotFound` when there
    is none there, :class:`EngineFailure` when the engine cannot be reached."""
    if is_remote(settings.store):
        store = RemoteStore(settings.store, None, engine_credentials(settings))
        return Dataset(settings.store, store.manifest, store.manifest.get("version"), store.engine)
    directory = Path(settings.store).resolve()
    _, manifest = locate_store(directory)
    return Dataset(str(directory), manifest, _identity(str(directory)))


def open_store(settings: Settings, dataset: Dataset | None = None) -> GraphStore:
    """Open the store the settings name, pinned to ``dataset`` when given (a runtime passes the
    one it serves to its query workers), else the one there now."""
    if is_remote(settings.store):
        return RemoteStore(settings.store, dataset.manifest if dataset else None,
                           engine_credentials(settings), dataset.engine if dataset else "")
    return EmbeddedStore(Path(dataset.location if dataset else settings.store))


def look_for_version(settings: Settings) -> Hashable:
    """How the dataset the settings name can be recognised now (compare with
    :attr:`Dataset.identity`): the symlink's target, or the version the engine records.
    None when it cannot be told (no store, the engine down: keep serving what is served)."""
    if not is_remote(settings.store):
        return _identity(settings.store)
    try:
        return RemoteStore(settings.store, manifest={}, credentials=engine_credentials(settings)).read_version()
    except EngineFailure as failure:
        log.warning("could not read the dataset version: %s", failure)
        return None


def store_exists(settings: Settings) -> bool:
    """Whether there is a built store where the settings point (an engine is assumed to be
    there; whether it holds a dataset is found when it is opened)."""
    if is_remote(settings.store):
        return True
    try:
        locate_store(Path(settings.store))
    except StoreNotFound:
        return False
    return True


def dumps_directory(settings: Settings, dataset: Dataset) -> Path:
    """The directory holding ``dataset``'s dumps: the build's own, or, over an engine, dumps
    fetched from it once per version. Raises :class:`EngineFailure`."""
    if is_remote(settings.store):
        from cyberkg.store.dumps import fetched_dumps
        return fetched_dumps(open_store(settings, dataset))
    return Path(dataset.location) / DUMPS_NAME


def engine_credentials(settings: Settings) -> Credentials:
    """The user and password for a remote engine that asks for them."""
    return Credentials(settings.engine_user, settings.engine_password)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino
