"""A query worker: a process that opens the store read-only and runs one query at a time.

The executor (:mod:`cyberkg.query.executor`) starts these, sends each a :class:`Task` over a pipe
and kills the process when a query overruns its time budget, which is the only way to stop
a pyoxigraph query. A worker writes the serialised result into memory when it is small
and into a spool file otherwise, and replies with an :class:`Reply`; the web layer then
streams the file, so neither process holds a large result whole.

Rows are capped by serialising SELECT results as TSV first (one line per row, since TSV
escapes newlines) and stopping at the cap, then converting with pyoxigraph's own parser
and serialisers to the asked format; graph results are counted triple by triple.
"""

from __future__ import annotations

import ctypes
import io
import json
import os
import resource
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Iterator

from pyoxigraph import (DefaultGraph, NamedNode, Quad, QueryBoolean, QueryResultsFormat,
                        QuerySolutions, QueryTriples, parse_query_results, serialize)

from cyberkg.rdf import formats
from cyberkg.query import guard as query_guard
from cyberkg.rdf.namespaces import PREFIXES
from cyberkg.errors import EngineFailure
from cyberkg.settings import Settings
from cyberkg.store import GRAPH_RESULTS, Dataset, capabilities, open_store

#: Results up to this size travel back through the pipe; larger ones go to a spool file.
INLINE_BYTES = 256 * 1024


@dataclass(frozen=True)
class Task:
    query: str
    #: The format for SELECT/ASK results and the one for CONSTRUCT/DESCRIBE results (names in
    #: :data:`cyberkg.rdf.formats.FORMATS`); None when the client accepts none of that kind.
    results_format: str | None
    graph_format: str | None
    max_rows: int
    spool: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    allowlist: tuple[str, ...] = ()
    #: Seconds left of the query's time budget (a remote engine is told it).
    timeout: float | None = None


@dataclass
class Reply:
    """What a worker replies. ``status``: ok, refused (SERVICE), syntax, not_acceptable,
    memory (over the memory cap: the worker should be replaced), engine (a remote engine
    failed: ``extra["failure"]`` says how), error."""

    status: str
    message: str = ""
    kind: str = ""              # results | boolean | graph
    format: str = ""
    rows: int = 0
    truncated: bool = False
    data: bytes | None = None   # the result, when small
    path: str | None = None     # or the spool file holding it
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def main(conn: Any, settings: Settings, dataset: Dataset | None, sandbox: bool) -> None:
    """The worker process: isolate, open the store pinned to ``dataset``, answer tasks until
    the pipe closes."""
    isolated = _isolate_network() if sandbox else False
    cap_memory(settings.query_memory_mb)
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    try:
        store = open_store(settings, dataset)
    except Exception as error:  # reported to the executor, which refuses to start
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    conn.send(("ready", {"pid": os.getpid(), "network_isolated": isolated,
                         "allocator": "jemalloc" if "jemalloc" in os.environ.get("LD_PRELOAD", "")
                         else "default"}))
    parse = query_guard.oxigraph_parser(PREFIXES)
    own_dialect = capabilities(settings).own_dialect
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run(store, task, parse, own_dialect))


def run(store: Any, task: Task, parse: query_guard.Parse, own_dialect: bool = False) -> Reply:
    """Check and run ``task`` against ``store``; never raises. ``own_dialect``: the store
    parses queries its own way (cyberkg checks the syntax first, and a failure while the
    lazily read results are written is the engine's)."""
    started = time.perf_counter()
    try:
        refusal = query_guard.check_escapes(task.query) or query_guard.check_service(
            task.query, parse, task.allowlist)
        if refusal:
            return Reply("refused" if refusal.kind == "service" else "syntax", refusal.reason)
        if own_dialect:
            error = parse(task.query)
            if error:
                return Reply("syntax", error)
        options: dict[str, Any] = {"prefixes": PREFIXES, "timeout": task.timeout}
        if task.default_graphs is not None or task.named_graphs is not None:
            # The protocol's dataset replaces the query's; a part not given is empty.
            options["default_graph"] = [NamedNode(g) for g in task.default_graphs or ()]
            options["named_graphs"] = [NamedNode(g) for g in task.named_graphs or ()]
        elif query_guard.has_dataset_clause(task.query, parse):
            # The store's default (the union of its graphs) yields to the query's FROM.
            options["use_default_graph_as_union"] = False
        try:
            results = store.query(task.query, **options)
        except SyntaxError as error:
            return Reply("syntax", str(error))
        outcome = _write(results, task)
    except EngineFailure as failure:
        remove_spool(task.spool)
        return Reply("engine", str(failure), extra={"failure": failure.kind})
    except MemoryError:
        remove_spool(task.spool)
        return Reply("memory", "out of memory")
    except Exception as error:
        remove_spool(task.spool)
        if own_dialect:
            return Reply("engine", f"the SPARQL engine's answer could not be read: {error}",
                           extra={"failure": "error"})
        return Reply("error", f"{type(error).__name__}: {error}")
    outcome.seconds = round(time.perf_counter() - started, 6)
    return outcome


def _write(results: Any, task: Task) -> Reply:
    if isinstance(results, (QueryTriples, *GRAPH_RESULTS)):
        kind, name = "graph", task.graph_format
    else:
        kind = "boolean" if isinstance(results, QueryBoolean) else "results"
        name = task.results_format
    if name is None:
        wanted = "graph" if kind == "graph" else "results"
        return Reply("not_acceptable", kind=kind, extra={"available": [
            f.media_type for f in formats.of_kind(wanted)]})
    fmt = formats.by_name(name)
    assert fmt is not None, name
    if kind == "boolean":
        return Reply("ok", kind=kind, format=fmt.name,
                       data=results.serialize(format=formats.oxigraph_format(fmt)))
    if kind == "graph":
        out, rows, truncated = _write_graph(results, fmt, task)
    else:
        out, rows, truncated = _write_solutions(results, fmt, task)
    if truncated and fmt.comment:
        out.write(f"\n{fmt.comment[0]}{_truncation_note(task.max_rows, kind)}{fmt.comment[1]}\n"
                  .encode())
    elif truncated and fmt.name == "json":
        out.replace_last(b"}", b',"truncated":true,"warning":'
                         + _json_string(_truncation_note(task.max_rows, kind)) + b"}")
    data, path = out.finish()
    return Reply("ok", kind=kind, format=fmt.name, rows=rows, truncated=truncated,
                   data=data, path=path)


def _write_solutions(solutions: QuerySolutions, fmt: formats.Format,
                     task: Task) -> tuple["Spool", int, bool]:
    tsv = Spool(task.spool + ".tsv")
    capped = _LineCap(tsv, task.max_rows + 1)  # the header line, then one line per row
    try:
        solutions.serialize(output=capped, format=QueryResultsFormat.TSV)
    except Exception:
        if not capped.truncated:
            raise
    rows = max(capped.lines - 1, 0)
    if fmt.name == "tsv":
        return tsv, rows, capped.truncated
    out = Spool(task.spool)
    data, path = tsv.finish()
    with (io.BytesIO(data) if path is None else open(path, "rb")) as source:
        parse_query_results(source, QueryResultsFormat.TSV).serialize(
            output=out, format=formats.oxigraph_format(fmt))
    tsv.discard()
    return out, rows, capped.truncated


def _write_graph(triples: QueryTriples, fmt: formats.Format,
                 task: Task) -> tuple["Spool", int, bool]:
    counted = {"rows": 0, "more": False}
    as_quads = fmt.name in ("trig", "nquads")

    def capped() -> Iterator[Any]:
        for triple in triples:
            if counted["rows"] == task.max_rows:
                counted["more"] = True
                return
            counted["rows"] += 1
            yield Quad(triple.subject, triple.predicate, triple.object, DefaultGraph()) \
                if as_quads else triple

    out = Spool(task.spool)
    prefixes = PREFIXES if fmt.name in ("turtle", "trig", "rdfxml") else None
    serialize(capped(), out, formats.oxigraph_format(fmt), prefixes=prefixes)
    return out, counted["rows"], counted["more"]


def _truncation_note(max_rows: int, kind: str) -> str:
    unit = "triples" if kind == "graph" else "rows"
    return (f"Result truncated to the first {max_rows} {unit}: this endpoint returns at most "
            f"{max_rows} {unit} per query. Use LIMIT and OFFSET to page through the rest.")


def _json_string(text: str) -> bytes:
    return json.dumps(text).encode()


class Spool(io.RawIOBase):
    """A binary writer that keeps up to :data:`INLINE_BYTES` in memory, then spills to ``path``."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.buffer = bytearray()
        self.file: io.BufferedWriter | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        data = bytes(data)
        if self.file is None and len(self.buffer) + len(data) > INLINE_BYTES:
            self.file = open(self.path, "wb")
            self.file.write(self.buffer)
            self.buffer = bytearray()
        if self.file is None:
            self.buffer += data
        else:
            self.file.write(data)
        return len(data)

    def replace_last(self, old: bytes, new: bytes) -> None:
        """Replace the final bytes ``old`` (the closing of a document) by ``new``."""
        if self.file is None:
            assert self.buffer.endswith(old)
            del self.buffer[-len(old):]
        else:
            self.file.flush()
            self.file.seek(-len(old), os.SEEK_END)
            self.file.truncate()
        self.write(new)

    def finish(self) -> tuple[bytes | None, str | None]:
        """Return (the bytes, None) when small, else (None, the spool file's path)."""
        if self.file is None:
            return bytes(self.buffer), None
        self.file.close()
        return None, self.path

    def discard(self) -> None:
        self.buffer = bytearray()
        if self.file is not None:
            self.file.close()
            remove_spool(self.path)


class _LineCap(io.RawIOBase):
    """Passes bytes on until ``limit`` complete lines are written; more data after that sets
    ``truncated`` and raises, which stops the serialiser."""

    def __init__(self, out: Spool, limit: int) -> None:
        super().__init__()
        self.out, self.limit, self.lines, self.truncated = out, limit, 0, False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        data = bytes(data)
        if self.lines >= self.limit:
            if data:
                self.truncated = True
                raise OSError("row limit reached")
            return 0
        newlines = data.count(b"\n")
        if self.lines + newlines >= self.limit:
            cut = -1
            for _ in range(self.limit - self.lines):
                cut = data.index(b"\n", cut + 1)
            self.out.write(data[:cut + 1])
            self.lines = self.limit
            if cut + 1 < len(data):
                self.truncated = True
                raise OSError("row limit reached")
            return len(data)
        self.lines += newlines
        self.out.write(data)
        return len(data)


def remove_spool(spool: str) -> None:
    """Delete a query's spool files (the result and its TSV draft), if they exist."""
    for path in (spool, spool + ".tsv"):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def cap_memory(megabytes: int) -> None:
    """Limit this process's address space to ``megabytes`` MiB (0: no limit), soft and hard.

    Past it an allocation fails: Python raises MemoryError, and the query engine (Rust)
    aborts the process, which the executor reports as the query running out of memory.
    """
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _isolate_network() -> bool:
    """Move this process into a network namespace of its own (no interfaces up), so that
    nothing it runs can open a connection. Linux only; best effort (False if refused).
    Must run before any thread starts."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    return any(libc.unshare(flags) == 0 for flags in (clone_newuser | clone_newnet, clone_newnet))


def _exit_with_parent(parent: int) -> None:
    """End this worker if the process that started it is gone (even mid-query)."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)



def entry(fd: int) -> None:
    """Start a worker on the socket ``fd`` (its first message: settings, dataset, sandbox
    flag)."""
    from multiprocessing.connection import Connection
    conn = Connection(fd)
    settings, dataset, sandbox = conn.recv()
    main(conn, settings, dataset, sandbox)


if __name__ == "__main__":  # python -m cyberkg.query.worker FD (started by the executor)
    import sys
    # Run the module's importable copy, so that what is pickled names cyberkg.query.worker.
    from cyberkg.query import worker as query_worker
    query_worker.entry(int(sys.argv[1]))
