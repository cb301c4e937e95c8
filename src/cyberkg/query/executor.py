"""The one query executor (DESIGN §1, §5): every query path runs its queries through here.

    Executor.run(QueryRequest) ──► a free worker process (pool of ``workers``)
        │ refused before execution: SERVICE outside the allow-list, updates (parse errors)
        │ time budget (``query_timeout``, or less if the caller asks): over it, the worker
        │   is killed (SIGKILL: the query really stops) and replaced; QueryTimeout
        │ memory capped at ``query_memory_mb`` per worker (RLIMIT_AS): over it, the worker
        │   fails an allocation; it is replaced; QueryOutOfMemory
        │ rows capped at ``max_rows``; the result says it was truncated
        ▼
    QueryResult: small results in memory, larger ones in an unlinked spool file, streamed.

Errors (domain errors; the web layer gives them HTTP statuses):

    QueryError
     ├── QuerySyntaxError    the parser's message, with line and column
     ├── ServiceRefused      SERVICE to an endpoint not in the allow-list
     ├── FormatNotAcceptable no asked format fits the result's kind (``available`` lists them)
     ├── QueryTimeout        over the time budget, stopped
     ├── QueryOutOfMemory    over the memory cap (``query_memory_mb``), stopped
     ├── ExecutorBusy        no worker free within the time budget
     ├── ExecutionFailed     the worker failed or died (out of memory, …)
     └── EngineFailed        a remote engine failed (``kind``: unavailable, timeout, error)
"""

from __future__ import annotations

import ctypes.util
import functools
import itertools
import logging
import os
import queue
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, BinaryIO, Iterator

from cyberkg.errors import (EngineFailed, ExecutionFailed, ExecutorBusy, FormatNotAcceptable,
                            QueryOutOfMemory, QuerySyntaxError, QueryTimeout, ServiceRefused)
from cyberkg.query.worker import Reply, Task, remove_spool
from cyberkg.settings import Settings
from cyberkg.store import Dataset, capabilities

log = logging.getLogger(__name__)

CHUNK = 64 * 1024


@dataclass(frozen=True)
class QueryRequest:
    """One query to run. Formats are names from :mod:`cyberkg.rdf.formats`, one per result kind
    (None: the caller accepts no format of that kind)."""

    query: str
    results_format: str | None = "json"
    graph_format: str | None = "turtle"
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    #: Seconds; lowers the executor's budget, never raises it.
    timeout: float | None = None
    #: Rows; lowers the executor's cap, never raises it.
    max_rows: int | None = None


class QueryResult:
    """A finished query's serialised result: ``kind`` (results, boolean, graph), ``format``,
    ``rows``, ``truncated``, ``size`` in bytes, and the bytes by :meth:`chunks` (once)."""

    def __init__(self, outcome: Reply, max_rows: int) -> None:
        self.kind, self.format = outcome.kind, outcome.format
        self.rows, self.truncated, self.max_rows = outcome.rows, outcome.truncated, max_rows
        self.seconds = outcome.seconds
        self._data = outcome.data
        self._file: BinaryIO | None = None
        if outcome.path is not None:
            self._file = open(outcome.path, "rb")
            os.unlink(outcome.path)  # the open file keeps the bytes until it is closed
            self.size = os.fstat(self._file.fileno()).st_size
        else:
            self.size = len(outcome.data or b"")

    @property
    def data(self) -> bytes | None:
        """The whole result when it is small (kept in memory), else None."""
        return self._data

    def read(self) -> bytes:
        """The whole result (reads a spooled result into memory: for small ones)."""
        return b"".join(self.chunks())

    def chunks(self) -> Iterator[bytes]:
        """Yield the result in chunks and release it; closing the generator releases it too."""
        if self._file is None:
            yield self._data or b""
            return
        try:
            while chunk := self._file.read(CHUNK):
                yield chunk
        finally:
            self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


@functools.lru_cache(maxsize=1)
def _jemalloc() -> str | None:
    return ctypes.util.find_library("jemalloc")


def worker_environment() -> dict[str, str]:
    """The environment of worker processes: this one's, with jemalloc preloaded when the
    system has it (Debian: libjemalloc2). The query engine allocates heavily in joins,
    groups and sorts; with jemalloc the benchmark's query-bound queries take ~12% less CPU
    than with glibc's malloc."""
    environment = dict(os.environ)
    preload = environment.get("LD_PRELOAD", "")
    if _jemalloc() and "jemalloc" not in preload:
        environment["LD_PRELOAD"] = f"{_jemalloc()} {preload}".strip()
    return environment


class _Worker:
    """A worker process (``python -m cyberkg.query.worker``) and its end of a socket pair.

    Workers are plain subprocesses rather than multiprocessing ones so that starting one
    never re-imports the caller's ``__main__`` and never forks a threaded server."""

    def __init__(self, settings: Settings, dataset: Dataset | None, sandbox: bool) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cyberkg.query.worker", str(theirs.fileno())],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=worker_environment())
        theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send((settings, dataset, sandbox))
        self.info: dict[str, Any] = {}
        # One poll object for the worker's life (Connection.poll builds a selector per call).
        self._poller = select.poll()
        self._poller.register(self.conn.fileno(), select.POLLIN)

    def wait(self, seconds: float) -> bool:
        """Whether the worker has replied (or closed its end) within ``seconds``."""
        return bool(self._poller.poll(max(seconds, 0) * 1000))

    @property
    def pid(self) -> int:
        return self.process.pid

    def is_alive(self) -> bool:
        return self.process.poll() is None


class Executor:
    """A pool of query worker processes over the store named by ``settings``.

    Workers start on first use (or :meth:`start`); :meth:`close` stops them.
    """

    def __init__(self, settings: Settings, dataset: Dataset | None = None) -> None:
        self.settings = settings
        #: The dataset version the workers open (None: whatever the store holds when they do).
        self.dataset = dataset
        self.size = settings.workers or 2 * (os.cpu_count() or 1)
        self.allowlist = tuple(a for a in re.split(r"[\s,]+", settings.service_allowlist) if a)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._failure: str | None = None
        self._spool = tempfile.mkdtemp(prefix="cyberkg-spool-")
        self._names = itertools.count()
        self.killed = 0

    # -- the pool --------------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        starters = [threading.Thread(target=self._add_worker, daemon=True) for _ in range(self.size)]
        for thread in starters:
            thread.start()

    def _add_worker(self) -> None:
        # Without an allow-list no worker needs the network: it is cut off as well.
        # (a remote store's workers must reach the engine)
        worker = _Worker(self.settings, self.dataset, sandbox=not self.allowlist
                         and not capabilities(self.settings).over_network)
        parent_end = worker.conn
        with self._lock:
            if self._closed:
                self._stop(worker)
                return
            self._workers.add(worker)
        if parent_end.poll(60):
            try:
                status, info = parent_end.recv()
            except (EOFError, OSError):
                status, info = "failed", "the worker exited while starting"
        else:
            status, info = "failed", "the worker did not start within 60 s"
        if status == "ready":
            worker.info = info
            self._idle.put(worker)
        elif self._closed:  # close() stopped it while it was starting: nothing failed
            return
        else:
            self._failure = str(info)
            log.error("query worker failed to start: %s", info)
            self._discard(worker)

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        self._stop(worker)

    @staticmethod
    def _stop(worker: _Worker) -> None:
        if worker.is_alive():
            worker.process.kill()
        worker.process.wait(5)
        try:
            worker.conn.close()
        except OSError:  # closed at the same moment by the thread that was starting it
            pass

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` (mid-query) and start another in its place."""
        self.killed += 1
        self._discard(worker)
        if not self._closed:
            threading.Thread(target=self._add_worker, daemon=True).start()

    def wait_ready(self, timeout: float = 30.0) -> bool:
        """Start the workers if need be and wait until all have opened the store; False
        when that takes longer than ``timeout`` or a worker could not open it."""
        self.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                ready = sum(1 for w in self._workers if w.info)
                starting = len(self._workers) - ready
            if ready >= self.size:
                return True
            if self._failure and not starting:  # a worker could not open the store
                return False
            time.sleep(0.02)
        return False

    def workers_info(self) -> list[dict[str, Any]]:
        """What each ready worker reported when it started (pid, network isolation)."""
        with self._lock:
            return [dict(w.info) for w in self._workers if w.info]

    def worker_pids(self) -> list[int]:
        """The process ids of the live workers (for tests and monitoring)."""
        with self._lock:
            return [w.pid for w in self._workers if w.is_alive()]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            self._stop(worker)
        shutil.rmtree(self._spool, ignore_errors=True)

    # -- running a query -------------------------------------------------------------------

    def budget(self, request: QueryRequest) -> float:
        limit = self.settings.query_timeout
        return min(limit, request.timeout) if request.timeout is not None else limit

    def run(self, request: QueryRequest) -> QueryResult:
        """Run ``request`` on a free worker within its time budget; return its result.

        Raises a :class:`QueryError` subclass: syntax errors, refused SERVICE calls, no
        acceptable format, time budget exceeded (the query is stopped), busy, failed.
        """
        if self._closed:
            raise ExecutionFailed("the query executor is closed")
        self.start()
        budget = self.budget(request)
        deadline = time.monotonic() + budget
        max_rows = min(self.settings.max_rows, request.max_rows or self.settings.max_rows)
        worker = self._acquire(deadline, budget)
        spool = os.path.join(self._spool, str(next(self._names)))
        task = Task(request.query, request.results_format, request.graph_format, max_rows, spool,
                    request.default_graphs, request.named_graphs, self.allowlist,
                    # the engine's share of what is left: the worker answers before it is killed
                    timeout=max(deadline - time.monotonic(), 0.001) * 0.95)
        try:
            worker.conn.send(task)
            if not worker.wait(deadline - time.monotonic()):
                self._replace(worker)
                remove_spool(spool)
                raise QueryTimeout(f"the query ran out of its time budget of {budget:g} s and "
                                   "was stopped; make it more selective, or add a LIMIT")
            outcome: Reply = worker.conn.recv()
        except (EOFError, OSError) as error:
            self._replace(worker)
            remove_spool(spool)
            if worker.process.returncode == -signal.SIGABRT:  # how the engine fails to allocate
                raise self._out_of_memory() from None
            raise ExecutionFailed(f"the query worker failed ({error or 'it exited'}); it "
                                  "was restarted: the query may need too much memory") from None
        if outcome.status == "memory":
            self._replace(worker)  # a process that ran out of memory is not trusted again
            raise self._out_of_memory()
        self._idle.put(worker)
        return _result(outcome, max_rows)

    def _out_of_memory(self) -> QueryOutOfMemory:
        return QueryOutOfMemory(
            f"the query needed more than the {self.settings.query_memory_mb} MiB of memory a "
            "query may use and was stopped; make it more selective (fewer rows to sort, group "
            "or deduplicate), or add a LIMIT")

    def _acquire(self, deadline: float, budget: float) -> _Worker:
        while True:
            if self._failure and not self._workers:
                raise ExecutionFailed(f"no query worker could start: {self._failure}")
            try:
                worker = self._idle.get(timeout=min(max(deadline - time.monotonic(), 0), 0.5))
            except queue.Empty:
                if time.monotonic() >= deadline:
                    raise ExecutorBusy(f"all {self.size} query workers stayed busy for the "
                                       f"time budget of {budget:g} s; try again later") from None
                continue
            if worker.is_alive():
                return worker
            self._replace(worker)


def _result(outcome: Reply, max_rows: int) -> QueryResult:
    if outcome.status == "ok":
        return QueryResult(outcome, max_rows)
    if outcome.status == "syntax":
        raise QuerySyntaxError(outcome.message)
    if outcome.status == "refused":
        raise ServiceRefused(outcome.message)
    if outcome.status == "engine":
        raise EngineFailed(outcome.extra["failure"], outcome.message)
    if outcome.status == "not_acceptable":
        raise FormatNotAcceptable(outcome.kind, outcome.extra["available"])
    raise ExecutionFailed(outcome.message)
