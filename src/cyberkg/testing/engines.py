"""Local SPARQL engines on loopback, each with its own database directory: Oxigraph server
(the ``oxigraph`` command, PyPI package ``oxigraph``) and Virtuoso (Debian package
``virtuoso-opensource``: ``virtuoso-t``). The tests run cyberkg over them, the benchmark
measures them; ``python -m cyberkg.testing.engines virtuoso DIR`` starts one by hand and prints its
query endpoint.

    engine = Virtuoso(directory)      # or OxigraphServer(directory)
    engine.start()                     # returns once the engine answers a query
    engine.query_url                   # e.g. http://127.0.0.1:41234/sparql
    engine.stop(); engine.start()      # the same database, the same port
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from cyberkg.errors import CyberkgError
from cyberkg.store.remote import Credentials


class EngineNotInstalled(CyberkgError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalEngine:
    """An engine process serving ``directory`` on a loopback port."""

    name = "engine"
    query_path = "/sparql"
    credentials = Credentials()

    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.query_path}"

    @property
    def store_setting(self) -> str:
        """The ``store`` setting that serves this engine."""
        return "sparql+" + self.query_url

    #: Why the engine cannot run when its program is missing.
    missing = "not installed"

    @classmethod
    def binary(cls) -> str | None:
        """The engine's program, or None when it is not installed."""
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def _program(self) -> str:
        program = self.binary()
        if program is None:
            raise EngineNotInstalled(self.missing)
        return program

    def start(self, timeout: float = 60.0) -> "LocalEngine":
        with open(self.directory / f"{self.name}.out", "ab") as log:
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, cwd=self.directory)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CyberkgError(f"{self.name} exited at start (status {self.process.returncode}); "
                                   f"see {self.directory / (self.name + '.out')}")
            # (a port picked free may be taken by another server before the engine binds
            # it: then that server answers, and this engine exits a moment later)
            if self.answers() and listens(self.process.pid, self.port):
                return self
            time.sleep(0.1)
        self.stop()
        raise CyberkgError(f"{self.name} did not answer within {timeout:g} s")

    def answers(self) -> bool:
        request = urllib.request.Request(self.query_url + "?query=ASK%7B%7D",
                                         headers={"Accept": "application/sparql-results+xml"})
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        """Stop the engine (SIGTERM, then SIGKILL after 30 s) and wait for it to exit."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def kill(self) -> None:
        """Kill the engine at once (SIGKILL), as a crash would."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None


class OxigraphServer(LocalEngine):
    name = "oxigraph"
    query_path = "/query"

    def __init__(self, directory: Path, port: int | None = None, timeout_s: int | None = None) -> None:
        super().__init__(directory, port)
        self.timeout_s = timeout_s

    missing = "Oxigraph server is not installed: pip install oxigraph (the test extra has it)"

    @classmethod
    def binary(cls) -> str | None:
        found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
        return found if Path(found).exists() else None

    def command(self) -> list[str]:
        command = [self._program(), "serve", "--location", str(self.directory / "db"),
                   "--bind", f"127.0.0.1:{self.port}"]
        if self.timeout_s:
            command += ["--timeout-s", str(self.timeout_s)]
        return command


class Virtuoso(LocalEngine):
    """Virtuoso Open Source 7 with its database, log and ini file in ``directory``.

    The settings that matter for cyberkg are in :data:`INI`: ``ResultSetMaxRows`` (Virtuoso
    cuts every answer at 10,000 rows by default, silently), ``MaxQueryExecutionTime``, the
    buffers (memory) and ``TransactionAfterImageLimit`` (the switch to a new version is one
    transaction; at the default, 50 MB, a 1M-triple dataset's switch is aborted with SR325). Its administrator is dba/dba, its own default: loopback only.
    """

    name = "virtuoso"
    query_path = "/sparql"
    credentials = Credentials("dba", "dba")

    @property
    def admin_query_url(self) -> str:
        """The query endpoint that runs as the authenticated user (sees every graph)."""
        return f"http://127.0.0.1:{self.port}/sparql-auth"

    INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = 1G
TransactionAfterImageLimit = 1500000000
[HTTPServer]
ServerPort = 127.0.0.1:{port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 20
MaxClientConnections = 20
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
"""

    def __init__(self, directory: Path, port: int | None = None, memory_mb: int = 256) -> None:
        super().__init__(directory, port)
        self.sql_port = free_port()
        self.buffers = max(memory_mb * 1024 // 8 * 2 // 3, 2000)  # 8 KiB pages, 2/3 of it

    missing = "Virtuoso is not installed: apt-get install virtuoso-opensource (.ci/run does)"

    @classmethod
    def binary(cls) -> str | None:
        return shutil.which("virtuoso-t")

    def command(self) -> list[str]:
        program = self._program()
        ini = self.directory / "virtuoso.ini"
        ini.write_text(self.INI.format(d=self.directory, port=self.port, sql_port=self.sql_port,
                                       buffers=self.buffers, dirty=self.buffers * 3 // 4))
        return [program, "+foreground", "+configfile", str(ini)]


ENGINES = {"oxigraph": OxigraphServer, "virtuoso": Virtuoso}


def installed(name: str) -> str | None:
    """None when the engine ``name`` can run here, else why not."""
    engine = ENGINES[name]
    return None if engine.binary() else engine.missing


if __name__ == "__main__":  # python -m cyberkg.testing.engines oxigraph|virtuoso DIR [PORT]
    kind, folder = sys.argv[1], Path(sys.argv[2])
    engine = ENGINES[kind](folder, int(sys.argv[3]) if len(sys.argv) > 3 else None).start()
    print(engine.query_url, flush=True)
    try:
        engine.process.wait()
    except KeyboardInterrupt:
        engine.stop()


def listens(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds the socket listening on IPv4 ``port`` (Linux: the
    socket's inode in /proc/net/tcp among the process's descriptors); True where /proc
    cannot tell."""
    try:
        table = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return True
    listening = {f"socket:[{fields[9]}]" for fields in map(str.split, table)
                 if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port}
    descriptors = Path(f"/proc/{pid}/fd")
    try:
        names = os.listdir(descriptors)
    except OSError:  # it has exited
        return False
    for name in names:
        try:
            if os.readlink(descriptors / name) in listening:
                return True
        except OSError:  # closed meanwhile
            continue
    return False


def start_engine(kind: str, directory: Path) -> LocalEngine:
    """A started engine of ``kind`` over ``directory`` that is the server answering on its
    port; one whose port another server holds is stopped and started on another port."""
    failures = []
    for _ in range(3):
        try:
            return ENGINES[kind](directory).start()
        except CyberkgError as failure:  # e.g. its port was taken before it bound it
            failures.append(str(failure))
    raise CyberkgError(f"{kind} did not start: " + "; ".join(failures))
