"""The one query executor: SERVICE refused before execution (the parser decides), a time
budget that really stops a query, a row cap that says so, spooled results, and workers
that come back after being killed."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store

from cyberkg.query import worker as query_worker
from cyberkg.query.executor import Executor, QueryRequest
from cyberkg.errors import ExecutionFailed, ExecutorBusy, QueryOutOfMemory, QueryTimeout, QuerySyntaxError, ServiceRefused
from cyberkg.settings import Settings

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Nine million rows to sort: gigabytes, in well under a second.
OVERSIZED = "SELECT ?a ?b WHERE { ?a ?p ?x . ?b ?q ?y } ORDER BY ?a ?b"


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain pyoxigraph store of 3,000 triples: a three-way cross product of it is 2.7e10
    solutions, minutes of work."""
    path = tmp_path_factory.mktemp("big") / "store"
    store = Store(str(path))
    store.bulk_extend(Quad(NamedNode(f"http://example.org/s{i}"), NamedNode(f"http://example.org/p{i % 7}"),
                           Literal(f"value {i}"), DefaultGraph()) for i in range(3000))
    store.flush()
    del store
    return path


@pytest.fixture
def executor(mini_store):
    made = []

    def make(settings: Settings = mini_store, **overrides) -> Executor:
        executor = Executor(replace(settings, **overrides))
        made.append(executor)
        return executor

    yield make
    for executor in made:
        executor.close()


class Listener:
    """A TCP listener on a loopback port that records every connection it gets."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.received: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.received.append(connection.recv(65536) or b"(connected)")
                except OSError:
                    self.received.append(b"(connected)")

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.socket.close()


@pytest.fixture
def listener():
    listener = Listener()
    yield listener
    listener.close()


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * where { service <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE<{url}>{ ?s ?p ?o } }",
    "PREFIX remote: <{url}#>\nSELECT * WHERE { SERVICE remote:x { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?endpoint { <{url}> } SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",
    "ASK { SERVICE <{url}> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?x ?y ?z FILTER(EXISTS { SERVICE <{url}> { ?s ?p ?o } }) }",
    # a tokenizer preferring IRIs reads `<?b)SERVICE#>` as one IRI; the parser does not
    "SELECT * WHERE { BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b)SERVICE#>\n<{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { # a comment\n SERVICE # another\n <{url}> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_before_execution(executor, listener, template):
    query = template.replace("{url}", f"http://127.0.0.1:{listener.port}/sparql")
    with pytest.raises(ServiceRefused, match="SERVICE .* is not allowed"):
        executor().run(QueryRequest(query))
    time.sleep(0.3)
    assert listener.received == []


@pytest.mark.parametrize("query", [
    r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/> { ?s ?p ",
])
def test_disguised_or_broken_service_queries_do_not_run(executor, listener, query):
    with pytest.raises(QuerySyntaxError):
        executor().run(QueryRequest(query.replace("{port}", str(listener.port))))
    time.sleep(0.3)
    assert listener.received == []


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s <http://example.org/service> ?o }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://example.org/> {}" }',
    "SELECT ?service WHERE { ?service ?p ?o } # SERVICE <http://example.org/> {}",
    "PREFIX service: <http://example.org/>\nSELECT * WHERE { ?s service:SERVICE ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(LANG(?o) = 'en-service') }",
])
def test_the_word_service_elsewhere_is_fine(executor, query):
    assert executor().run(QueryRequest(query)).kind == "results"


def test_allow_listed_service_is_called(executor, mini_store):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    calls = []

    class Endpoint(BaseHTTPRequestHandler):
        def do_POST(self):
            calls.append(self.rfile.read(int(self.headers["Content-Length"])))
            body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
                {"x": {"type": "literal", "value": "remote"}}]}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    allowed = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    try:
        run = executor(service_allowlist=f"http://other.example/sparql {allowed}").run
        result = run(QueryRequest(f"SELECT ?x WHERE {{ SERVICE <{allowed}> {{ ?x ?p ?o }} }}"))
        assert json.loads(result.read())["results"]["bindings"] == [
            {"x": {"type": "literal", "value": "remote"}}]
        assert len(calls) == 1
        with pytest.raises(ServiceRefused, match="only these endpoints"):
            run(QueryRequest(f"SELECT * WHERE {{ SERVICE <{allowed}/other> {{ ?s ?p ?o }} }}"))
        with pytest.raises(ServiceRefused):  # written as a prefixed name: not matched
            run(QueryRequest(f"PREFIX e: <{allowed}>\nSELECT * WHERE {{ SERVICE e: {{ ?s ?p ?o }} }}"))
        assert len(calls) == 1
    finally:
        server.shutdown()
        server.server_close()


def test_workers_are_cut_off_from_the_network(executor, listener):
    ex = executor()
    assert ex.wait_ready()
    infos = ex.workers_info()
    assert len(infos) == 2
    if not all(info["network_isolated"] for info in infos):
        pytest.skip("this system does not let processes make a network namespace")
    # Even a SERVICE call that got past the check could not connect from such a process.
    script = ("import sys; from pyoxigraph import Store; from cyberkg.query.worker import _isolate_network\n"
              "assert _isolate_network()\n"
              "try:\n"
              f"    list(Store().query('SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}'))\n"
              "except OSError as error:\n"
              "    sys.exit(f'refused: {error}')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and done.stderr.startswith("refused:"), done.stderr
    time.sleep(0.3)
    assert listener.received == []


def test_updates_are_refused(executor):
    with pytest.raises(QuerySyntaxError):
        executor().run(QueryRequest("INSERT DATA { <http://a> <http://b> <http://c> }"))
    with pytest.raises(QuerySyntaxError):
        executor().run(QueryRequest("CLEAR ALL"))


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_runaway_query_is_stopped_within_its_budget(executor, big_store):
    ex = executor(Settings.load({"store": str(big_store), "workers": 2, "query_timeout": 2.0},
                                environ={}))
    assert ex.wait_ready()
    before = set(ex.worker_pids())
    outcome: dict = {}

    def runaway():
        started = time.monotonic()
        try:
            ex.run(QueryRequest(RUNAWAY))
        except QueryTimeout as error:
            outcome["error"] = error
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    cheap = []
    while thread.is_alive():  # the other worker keeps answering meanwhile
        started = time.monotonic()
        result = ex.run(QueryRequest("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"))
        cheap.append((result.rows, time.monotonic() - started))
        time.sleep(0.1)
    thread.join()
    assert isinstance(outcome.get("error"), QueryTimeout)
    assert "2 s" in str(outcome["error"])
    assert 2.0 <= outcome["seconds"] < 3.0
    assert len(cheap) >= 5 and all(rows == 5 and seconds < 1 for rows, seconds in cheap)
    killed = before - set(ex.worker_pids())
    assert len(killed) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(killed.pop(), 0)
    while len(ex.worker_pids()) < 2 or ex._idle.qsize() < 2:  # its replacement is up
        time.sleep(0.05)
    time.sleep(0.3)
    spent = {pid: cpu_seconds(pid) for pid in ex.worker_pids()}
    time.sleep(1.0)
    assert sum(cpu_seconds(pid) - cpu for pid, cpu in spent.items()) < 0.1  # idle
    assert ex.run(QueryRequest("ASK { ?s ?p ?o }")).read() == b'{"head":{},"boolean":true}'


def test_busy_workers_make_later_queries_wait_no_longer_than_their_budget(executor, big_store):
    ex = executor(Settings.load({"store": str(big_store), "workers": 1, "query_timeout": 2.0},
                                environ={}))
    ex.run(QueryRequest("ASK {}"))
    thread = threading.Thread(target=lambda: pytest.raises(QueryTimeout, ex.run, QueryRequest(RUNAWAY)))
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    with pytest.raises(ExecutorBusy, match="busy"):
        ex.run(QueryRequest("ASK {}", timeout=0.5))
    assert time.monotonic() - started < 1.5
    thread.join()
    assert ex.run(QueryRequest("ASK {}")).kind == "boolean"


def test_a_worker_that_dies_is_replaced(executor, big_store):
    ex = executor(Settings.load({"store": str(big_store), "workers": 1}, environ={}))
    ex.run(QueryRequest("ASK {}"))
    pid = ex.worker_pids()[0]
    threading.Timer(0.5, os.kill, (pid, 9)).start()
    with pytest.raises(ExecutionFailed, match="restarted"):
        ex.run(QueryRequest(RUNAWAY))
    assert ex.run(QueryRequest("ASK {}")).kind == "boolean"
    assert ex.worker_pids() != [pid]


def test_large_results_are_spooled_and_streamed(executor, big_store):
    ex = executor(Settings.load({"store": str(big_store), "workers": 1}, environ={}))
    result = ex.run(QueryRequest("SELECT * WHERE { ?s ?p ?o }", results_format="xml"))
    assert result.data is None and result.size > query_worker.INLINE_BYTES
    assert os.listdir(ex._spool) == []  # unlinked: the open file holds the bytes
    chunks = list(result.chunks())
    assert len(chunks) > 1 and sum(map(len, chunks)) == result.size
    assert b"".join(chunks).count(b"<result>") == 3000 and result.rows == 3000


@pytest.mark.parametrize("fmt, count", [
    ("json", lambda body: len(json.loads(body)["results"]["bindings"])),
    ("xml", lambda body: body.count(b"<result>")),
    ("csv", lambda body: body.count(b"\r\n") - 1),
    ("tsv", lambda body: body.count(b"\n") - 1),
])
@pytest.mark.parametrize("max_rows, truncated", [(10, True), (2999, True), (3000, False), (5000, False)])
def test_the_row_cap_is_exact_in_every_format(executor, big_store, fmt, count, max_rows, truncated):
    ex = executor(Settings.load({"store": str(big_store), "workers": 1, "max_rows": max_rows},
                                environ={}))
    result = ex.run(QueryRequest("SELECT ?s ?o WHERE { ?s ?p ?o }", results_format=fmt))
    body = result.read()
    assert result.truncated is truncated
    assert count(body) == result.rows == min(max_rows, 3000)
    assert ex.run(QueryRequest("SELECT ?s WHERE { ?s ?p ?o }", results_format=fmt,
                               max_rows=5)).rows == 5  # a caller may ask for fewer


def address_space_limit(pid: int) -> int | None:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max address space"):
            soft = line.split()[3]
            return None if soft == "unlimited" else int(soft)
    return None


@pytest.mark.skipif(not Path("/proc/self/limits").exists(), reason="reads /proc")
def test_a_query_over_the_memory_cap_is_stopped_and_its_worker_replaced(executor, big_store):
    ex = executor(Settings.load({"store": str(big_store), "workers": 2, "query_memory_mb": 1024},
                                environ={}))
    assert ex.wait_ready()
    assert all(address_space_limit(pid) == 1024 << 20 for pid in ex.worker_pids())
    before = set(ex.worker_pids())
    started = time.monotonic()
    with pytest.raises(QueryOutOfMemory, match="more than the 1024 MiB of memory a query may use"):
        ex.run(QueryRequest(OVERSIZED))
    assert time.monotonic() - started < 10
    assert ex.run(QueryRequest("ASK { ?s ?p ?o }")).kind == "boolean"  # the other worker
    assert ex.wait_ready() and len(set(ex.worker_pids()) - before) == 1  # and a replacement
    assert ex.killed == 1


def test_no_memory_cap_when_it_is_zero(executor, big_store):
    ex = executor(Settings.load({"store": str(big_store), "workers": 1, "query_memory_mb": 0},
                                environ={}))
    assert ex.wait_ready()
    assert address_space_limit(ex.worker_pids()[0]) is None


def test_a_memory_error_in_the_worker_asks_for_a_new_worker(tmp_path):
    class Greedy:
        def query(self, sparql, **options):
            raise MemoryError

    task = query_worker.Task("ASK {}", "json", "turtle", 10, str(tmp_path / "spool"))
    outcome = query_worker.run(Greedy(), task, lambda text: None)
    assert outcome.status == "memory"
