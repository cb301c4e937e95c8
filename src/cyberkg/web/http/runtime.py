"""What the views of one app share: the store being served, its query executor, its result
cache and its manifest, and how a new build replaces them while the server runs.

``cyberkg build`` makes a new build current by swapping the ``store`` symlink (an atomic
rename). :class:`Serving`, kept in ``app.extensions["cyberkg"]``, looks at the symlink at
most once a second (one ``stat``; :class:`cyberkg.store.Capabilities`), and when it points somewhere new,
opens that build in a background thread: a new executor whose workers have opened the
new store, a new cache, the new manifest. Only when the workers are ready is the new
:class:`Runtime` swapped in, in one assignment; requests never wait for it.

Over a remote engine (``store`` = ``sparql+http://…``) the same happens when the dataset
version ``cyberkg load`` recorded in the engine changes: a background look at most once per
five seconds; the new runtime's workers are pinned to the new manifest's
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
import threading
import time
from dataclasses import dataclass, replace
from typing import Any, Hashable

from flask import Flask, current_app, g, has_request_context

from cyberkg.query.executor import Executor
from cyberkg.settings import Settings
from cyberkg.store import Dataset, capabilities, current_dataset, look_for_version
from cyberkg.web.http.cache import ResultCache

log = logging.getLogger(__name__)

#: How long a new build's workers may take to open it before the reload is given up.
READY_TIMEOUT = 60.0


@dataclass(eq=False)
class Runtime:
    """Settings (``store``: the build's own directory), the dataset version served, the one
    query executor over it and the result cache."""

    settings: Settings
    dataset: Dataset
    executor: Executor
    cache: ResultCache
    users: int = 0
    retired: bool = False

    @property
    def manifest(self) -> dict[str, Any]:
        return self.dataset.manifest

    @property
    def version(self) -> str | None:
        """The dataset version, or None for a store without a manifest (then nothing is
        cached or tagged, since nothing says when its content changes)."""
        return self.dataset.version


def open_runtime(settings: Settings) -> Runtime:
    """A runtime over the dataset the store setting names now (a symlink is resolved, so a
    later swap does not change what this runtime serves; an engine's recorded manifest pins
    the graphs its workers query).

    Raises :class:`~cyberkg.errors.StoreNotFound` when there is no store there.
    """
    dataset = current_dataset(settings)
    settings = replace(settings, store=dataset.location)
    return Runtime(settings, dataset, Executor(settings, dataset), ResultCache(settings.cache_size))


class Serving:
    """The runtime an app serves now, replaced when the store symlink changes.

    Its ``settings``, ``executor``, ``cache``, ``manifest`` and ``version`` are those of the
    current runtime (for code outside requests: startup, tests).
    """

    def __init__(self, settings: Settings, interval: float | None = None) -> None:
        self.link = settings.store
        self.capabilities = capabilities(settings)
        self.interval = self.capabilities.watch_interval if interval is None else interval
        self._lock = threading.Lock()
        self._current = open_runtime(settings)
        self._base = settings
        self._seen: Hashable = self._current.dataset.identity
        self._looking = False
        self._next_check = time.monotonic() + self.interval
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
        """Look for a new dataset version (the store symlink pointing to another build, or the
        engine recording another version); when there is one, open it in the background.
        Return whether a reload was started (a look that needs the engine is itself done in
        the background: then False)."""
        self._next_check = time.monotonic() + self.interval
        if not self.capabilities.cheap_watch:
            with self._lock:
                if self._looking or self._reloading or self._closed:
                    return False
                self._looking = True
            threading.Thread(target=self._look_in_background, name="cyberkg-version",
                             daemon=True).start()
            return False
        if not self._claim(look_for_version(self._base)):
            return False
        threading.Thread(target=self._reload, name="cyberkg-reload", daemon=True).start()
        return True

    def _look_in_background(self) -> None:
        seen = look_for_version(self._base)
        with self._lock:
            self._looking = False
        if self._claim(seen):
            self._reload()

    def _claim(self, seen: Hashable) -> bool:
        """Whether ``seen`` is a new version to reload (then this caller reloads it)."""
        with self._lock:
            if seen is None or seen == self._seen or self._reloading or self._closed:
                return False
            self._reloading, self._seen = True, seen
            return True

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
