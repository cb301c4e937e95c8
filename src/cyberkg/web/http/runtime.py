"""What the views of one app share: the store being served, its query executor, its result
cache and its manifest, and how a new build replaces them while the server runs.

``cyberkg build`` makes a new build current by swapping the ``store`` symlink (an atomic
rename). :class:`Serving`, kept in ``app.extensions["cyberkg"]``, looks at the symlink at
most once per :data:`CHECK_INTERVAL` (one ``stat``), and when it points somewhere new,
opens that build in a background thread: a new executor whose workers have opened the
new store, a new cache, the new manifest. Only when the workers are ready is the new
:class:`Runtime` swapped in, in one assignment; requests never wait for it.

Over a remote engine (``store`` = ``sparql+http://…``) the same happens when the dataset
version ``cyberkg load`` recorded in the engine changes: a background look at most once per
:data:`REMOTE_CHECK_INTERVAL`; the new runtime's workers are pinned to the new manifest's
graphs. When the engine cannot be reached, the current runtime keeps serving (its queries
answer 503 until the engine is back).

A request gets one :class:`Runtime` the first time it calls :func:`runtime` and keeps it
until it ends, so every query of one request (an entity page runs several) sees the same
dataset version. A replaced runtime is retired: when the last request using it ends, its
executor stops its workers (idle by then: every query runs within a request).
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, has_request_context

from cyberkg.query.executor import Executor
from cyberkg.settings import Settings
from cyberkg.store.remote import Credentials, EngineFailure, RemoteStore, is_remote
from cyberkg.store import locate_store, open_store
from cyberkg.web.http.cache import ResultCache

log = logging.getLogger(__name__)

#: Seconds between two looks at the store symlink.
CHECK_INTERVAL = 1.0
#: Seconds between two looks at a remote engine's dataset version (one small query).
REMOTE_CHECK_INTERVAL = 5.0
#: How long a new build's workers may take to open it before the reload is given up.
READY_TIMEOUT = 60.0


@dataclass(eq=False)
class Runtime:
    """Settings (``store``: the build's own directory), the one query executor, the result
    cache and the store's manifest: one dataset version, as served."""

    settings: Settings
    executor: Executor
    cache: ResultCache
    manifest: dict[str, Any] = field(default_factory=dict)
    users: int = 0
    retired: bool = False

    @property
    def version(self) -> str | None:
        """The dataset version, or None for a store without a manifest (then nothing is
        cached or tagged, since nothing says when its content changes)."""
        return self.manifest.get("version")


def open_runtime(settings: Settings) -> Runtime:
    """A runtime over the build the store setting names now (a symlink is resolved, so a
    later swap does not change what this runtime serves).

    Raises :class:`~cyberkg.errors.StoreNotFound` when there is no store there.
    """
    if is_remote(settings.store):
        store = open_store(settings)  # reads the manifest `cyberkg load` recorded there
        pinned = replace(settings, extra={**settings.extra, "manifest": store.manifest,
                                          "engine": getattr(store, "engine", "")})
        return Runtime(pinned, Executor(pinned), ResultCache(settings.cache_size), store.manifest)
    directory = Path(settings.store).resolve()
    _, manifest = locate_store(directory)
    settings = replace(settings, store=str(directory))
    return Runtime(settings, Executor(settings), ResultCache(settings.cache_size), manifest)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


class Serving:
    """The runtime an app serves now, replaced when the store symlink changes.

    Its ``settings``, ``executor``, ``cache``, ``manifest`` and ``version`` are those of the
    current runtime (for code outside requests: startup, tests).
    """

    def __init__(self, settings: Settings, interval: float | None = None) -> None:
        self.link = settings.store
        self.remote = is_remote(settings.store)
        if interval is None:
            interval = REMOTE_CHECK_INTERVAL if self.remote else CHECK_INTERVAL
        self.interval = interval
        self._lock = threading.Lock()
        self._current = open_runtime(settings)
        self._base = settings
        self._seen = self._current.version if self.remote else _identity(self._current.settings.store)
        self._looking = False
        self._next_check = time.monotonic() + interval
        self._reloading = False
        self._closed = False
        self.reloads = 0

    # -- what code outside a request sees ----------------------------------------------------

    @property
    def current(self) -> Runtime:
        return self._current

    @property
    def settings(self) -> Settings:
        return self._current.settings

    @property
    def executor(self) -> Executor:
        return self._current.executor

    @property
    def cache(self) -> ResultCache:
        return self._current.cache

    @property
    def manifest(self) -> dict[str, Any]:
        return self._current.manifest

    @property
    def version(self) -> str | None:
        return self._current.version

    # -- requests ---------------------------------------------------------------------------

    def acquire(self) -> Runtime:
        """The current runtime, counted as used until :meth:`release`; looks for a new build
        first when the last look is older than the interval."""
        if self.interval >= 0 and time.monotonic() >= self._next_check:
            self.check()
        with self._lock:
            runtime = self._current
            runtime.users += 1
        return runtime

    def release(self, runtime: Runtime) -> None:
        with self._lock:
            runtime.users -= 1
            done = runtime.retired and runtime.users == 0
        if done:
            runtime.executor.close()

    # -- reloading --------------------------------------------------------------------------

    def check(self) -> bool:
        """Look at the store symlink; if it points to another build, start opening that one
        in the background. Return whether a reload was started."""
        self._next_check = time.monotonic() + self.interval
        if self.remote:
            with self._lock:
                if self._looking or self._reloading or self._closed:
                    return False
                self._looking = True
            threading.Thread(target=self._look_at_engine, name="cyberkg-version",
                             daemon=True).start()
            return False
        seen = _identity(self.link)
        with self._lock:
            if seen is None or seen == self._seen or self._reloading or self._closed:
                return False
            self._reloading, self._seen = True, seen
        threading.Thread(target=self._reload, name="cyberkg-reload", daemon=True).start()
        return True

    def _look_at_engine(self) -> None:
        """Read the engine's dataset version; reload when it is not the one served."""
        try:
            seen = RemoteStore(self.link, manifest={}, credentials=Credentials(
                self._base.engine_user, self._base.engine_password)).read_version()
        except EngineFailure as failure:  # the engine is down: keep serving what we have
            log.warning("could not read the dataset version: %s", failure)
            seen = None
        with self._lock:
            self._looking = False
            if seen is None or seen == self._seen or self._reloading or self._closed:
                return
            self._reloading, self._seen = True, seen
        self._reload()

    def _reload(self) -> None:
        try:
            runtime = open_runtime(self._base)
        except Exception as error:  # e.g. the build was removed again: keep serving
            log.error("could not open the new build at %s: %s", self.link, error)
            with self._lock:
                self._reloading = False
            return
        if not runtime.executor.wait_ready(READY_TIMEOUT):
            log.error("the query workers did not open the new build %s; still serving %s",
                      runtime.settings.store, self._current.settings.store)
            runtime.executor.close()
            with self._lock:
                self._reloading = False
            return
        with self._lock:
            if self._closed:
                old, self._reloading = runtime, False
            else:
                old, self._current = self._current, runtime
                self._reloading = False
                self.reloads += 1
            old.retired = True
            idle = old.users == 0
        if old is not runtime:
            log.info("serving the new build %s (version %s)", runtime.settings.store,
                     runtime.version)
        if idle:
            old.executor.close()

    def wait_reloaded(self, reloads: int, timeout: float = READY_TIMEOUT) -> bool:
        """Wait until :attr:`reloads` reaches ``reloads`` (for tests and scripts)."""
        deadline = time.monotonic() + timeout
        while self.reloads < reloads and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.reloads >= reloads

    def close(self) -> None:
        """Stop the workers of the current runtime (retired ones stop as their requests end)."""
        with self._lock:
            self._closed = True
            runtime = self._current
            runtime.retired = True
        runtime.executor.close()


def init_app(app: Flask, settings: Settings) -> Serving:
    """Serve the store ``settings`` name on ``app``: ``app.extensions["cyberkg"]``, and the
    hooks that give each request one runtime. Raises StoreNotFound."""
    serving = Serving(settings)
    atexit.register(serving.close)
    app.extensions["cyberkg"] = serving
    app.teardown_request(_release)
    return serving


def runtime() -> Runtime:
    """The :class:`Runtime` of the current request (the same for all of it), or outside a
    request the app's current one."""
    serving: Serving = current_app.extensions["cyberkg"]
    if not has_request_context():
        return serving.current
    pinned = g.get("_cyberkg_runtime")
    if pinned is None:
        pinned = g._cyberkg_runtime = serving.acquire()
    return pinned


def _release(error: BaseException | None = None) -> None:
    pinned = g.pop("_cyberkg_runtime", None)
    if pinned is not None:
        current_app.extensions["cyberkg"].release(pinned)
