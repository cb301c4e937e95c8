"""The one query executor: SERVICE refused before execution (the parser decides), a time
budget that really stops a query, a row cap that says so, spooled results, and workers
that come back after being killed."""

from __future__ import annotations

import json
import os
import signal
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
from patience import HANG, ROOMY_BUDGET, eventually

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


def all_idle(ex: Executor) -> bool:
    """Whether every worker of ``ex`` has started and waits for a query (or does so soon)."""
    return ex.wait_ready(HANG) and eventually(lambda: ex._idle.qsize() == ex.size)


def big_settings(big_store: Path, **settings) -> Settings:
    """Settings serving ``big_store``; a generous time budget unless the test sets one."""
    return Settings.load({"store": str(big_store), "query_timeout": ROOMY_BUDGET, **settings},
                         environ={})


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
    assert listener.heard_before_now() == []


@pytest.mark.parametrize("query", [
    r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/> { ?s ?p ",
])
def test_disguised_or_broken_service_queries_do_not_run(executor, listener, query):
    with pytest.raises(QuerySyntaxError):
        executor().run(QueryRequest(query.replace("{port}", str(listener.port))))
    assert listener.heard_before_now() == []


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
    assert ex.wait_ready(HANG)
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
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=HANG)
    assert done.returncode == 1 and done.stderr.startswith("refused:"), done.stderr
    assert listener.heard_before_now() == []


def test_updates_are_refused(executor):
    with pytest.raises(QuerySyntaxError):
        executor().run(QueryRequest("INSERT DATA { <http://a> <http://b> <http://c> }"))
    with pytest.raises(QuerySyntaxError):
        executor().run(QueryRequest("CLEAR ALL"))


def test_a_runaway_query_is_stopped_at_its_budget_while_the_other_worker_answers(executor, big_store):
    ex = executor(big_settings(big_store, workers=2, query_timeout=2.0))
    assert all_idle(ex)
    before = set(ex.worker_pids())
    outcome: dict = {}
    stopped = threading.Event()

    def runaway() -> None:
        try:
            ex.run(QueryRequest(RUNAWAY))
        except QueryTimeout as error:
            outcome["error"] = error
        finally:
            stopped.set()

    threading.Thread(target=runaway, daemon=True).start()
    assert eventually(lambda: ex._idle.qsize() == 1 or stopped.is_set())  # it has a worker
    answered_while_it_ran = []
    deadline = time.monotonic() + HANG  # (its 2.7e10 solutions would take minutes)
    while not stopped.is_set() and time.monotonic() < deadline:
        assert ex.run(QueryRequest("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5")).rows == 5
        answered_while_it_ran.append(not stopped.is_set())
        stopped.wait(0.1)  # pace the cheap queries
    assert stopped.is_set(), "the runaway query was not stopped"
    assert isinstance(outcome.get("error"), QueryTimeout) and "2 s" in str(outcome["error"])
    assert any(answered_while_it_ran)
    killed = before - set(ex.worker_pids())
    assert len(killed) == 1 and ex.killed == 1
    with pytest.raises(ProcessLookupError):  # the query stopped with the only process running it
        os.kill(killed.pop(), 0)
    assert eventually(lambda: len(ex.worker_pids()) == 2 and ex._idle.qsize() == 2)  # replaced
    assert ex.run(QueryRequest("ASK { ?s ?p ?o }")).read() == b'{"head":{},"boolean":true}'


def test_busy_workers_make_later_queries_wait_no_longer_than_their_own_budget(executor, big_store):
    ex = executor(big_settings(big_store, workers=1, query_timeout=2.0))
    assert all_idle(ex)
    outcome: dict = {}

    def runaway() -> None:
        try:
            ex.run(QueryRequest(RUNAWAY))
        except QueryTimeout as error:
            outcome["error"] = error

    thread = threading.Thread(target=runaway, daemon=True)
    thread.start()
    assert eventually(lambda: ex._idle.qsize() == 0)  # the runaway has the only worker
    with pytest.raises(ExecutorBusy, match=r"busy for the time budget of 0\.5 s"):
        ex.run(QueryRequest("ASK {}", timeout=0.5))
    thread.join(HANG)
    assert isinstance(outcome.get("error"), QueryTimeout)
    assert ex.run(QueryRequest("ASK {}")).kind == "boolean"


def test_a_worker_that_dies_mid_query_is_replaced(executor, big_store):
    ex = executor(big_settings(big_store, workers=1))
    assert all_idle(ex)
    (pid,) = ex.worker_pids()

    def kill_it_once_busy() -> None:
        if eventually(lambda: ex._idle.qsize() == 0):  # the query below has the worker
            os.kill(pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_it_once_busy, daemon=True)
    killer.start()
    with pytest.raises(ExecutionFailed, match="restarted"):
        ex.run(QueryRequest(RUNAWAY))
    killer.join(HANG)
    assert ex.run(QueryRequest("ASK {}")).kind == "boolean"
    assert ex.worker_pids() != [pid]


def test_large_results_are_spooled_and_streamed(executor, big_store):
    ex = executor(big_settings(big_store, workers=1))
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
    ex = executor(big_settings(big_store, workers=1, max_rows=max_rows))
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
    ex = executor(big_settings(big_store, workers=2, query_memory_mb=1024))
    assert ex.wait_ready(HANG)
    assert all(address_space_limit(pid) == 1024 << 20 for pid in ex.worker_pids())
    before = set(ex.worker_pids())
    with pytest.raises(QueryOutOfMemory, match="more than the 1024 MiB of memory a query may use"):
        ex.run(QueryRequest(OVERSIZED))
    assert ex.run(QueryRequest("ASK { ?s ?p ?o }")).kind == "boolean"  # the other worker
    assert ex.wait_ready(HANG) and len(set(ex.worker_pids()) - before) == 1  # and a replacement
    assert ex.killed == 1


def test_no_memory_cap_when_it_is_zero(executor, big_store):
    ex = executor(big_settings(big_store, workers=1, query_memory_mb=0))
    assert ex.wait_ready(HANG)
    assert address_space_limit(ex.worker_pids()[0]) is None


def test_a_memory_error_in_the_worker_asks_for_a_new_worker(tmp_path):
    class Greedy:
        def query(self, sparql, **options):
            raise MemoryError

    task = query_worker.Task("ASK {}", "json", "turtle", 10, str(tmp_path / "spool"))
    outcome = query_worker.run(Greedy(), task, lambda text: None)
    assert outcome.status == "memory"
