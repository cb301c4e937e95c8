"""The endpoint over real HTTP: SPARQLWrapper and rdflib's SPARQLStore as clients, SERVICE
refused with a listener that hears nothing, a runaway query answered 503 while others are
served, and `cyberkg serve` (Granian) streaming a million rows in bounded memory."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper
from werkzeug.serving import make_server

from cyberkg.settings import Settings
from cyberkg.web import create_app
from patience import HANG, ROOMY_BUDGET, eventually

KHM = "https://w3id.org/cyberkg/id/country/KHM"
LAO = "https://w3id.org/cyberkg/id/country/LAO"
LABEL = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
#: A three-way cross product of 3,000 triples: 2.7e10 solutions, minutes of work.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class LiveServer:
    """An app served by Werkzeug's threaded server on a free loopback port."""

    def __init__(self, app) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.app.extensions["cyberkg"].executor.close()


@pytest.fixture(scope="module")
def live(mini_served):
    server = LiveServer(create_app(mini_served))
    yield server
    server.close()


def fetch(url: str, query: str | None = None, accept: str = "application/sparql-results+json",
          **params) -> tuple[int, Message, bytes]:
    """(status, headers, body); header names are matched case-insensitively (Granian sends
    them in lower case, as HTTP/2 must and HTTP/1.1 may)."""
    if query is not None:
        params["query"] = query
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode(params), headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


# SPARQLWrapper parses RDF/XML into rdflib's ConjunctiveGraph, which rdflib 7 deprecates.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_sparqlwrapper(live):
    client = SPARQLWrapper(live.url)
    client.setQuery("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                    "SELECT ?c ?l WHERE { ?c a <https://schema.org/Country> ; skos:prefLabel ?l } ORDER BY ?c")
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert [(b["c"]["value"], b["l"]["value"]) for b in bindings] == [(KHM, "Cambodia"), (LAO, "Laos")]

    client.setMethod(POST)
    client.setReturnFormat(XML)
    document = client.queryAndConvert()  # an xml.dom document
    assert len(document.getElementsByTagName("result")) == 2

    client.setQuery(f"ASK {{ <{KHM}> ?p ?o }}")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True

    client.setQuery(f"CONSTRUCT {{ <{KHM}> ?p ?o }} WHERE {{ <{KHM}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert (URIRef(KHM), LABEL, None) in graph

    client.setQuery(f"DESCRIBE <{LAO}>")
    client.setReturnFormat(XML)
    assert len(client.queryAndConvert()) == 2  # an rdflib Graph from RDF/XML


def test_rdflib_sparqlstore(live):
    graph = Graph(store=SPARQLStore(query_endpoint=live.url))
    rows = graph.query("SELECT ?l WHERE { ?c <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } ORDER BY ?l")
    assert [str(r.l) for r in rows][:2] == ["Cambodia", "Laos"]
    assert {str(o) for o in graph.objects(URIRef(KHM), LABEL)} == {"Cambodia"}
    assert len(graph) == 15
    assert bool(graph.query(f"ASK {{ <{LAO}> ?p ?o }}").askAnswer) is True
    construct = graph.query(f"CONSTRUCT WHERE {{ <{LAO}> ?p ?o }}")
    assert len(construct.graph) == 2


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "PREFIX l: <http://127.0.0.1:{port}/>\nASK { ?s ?p ?o . service l:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:{port}/sparql> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { FILTER(1<2)SERVICE#>\n<http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
])
def test_service_to_a_listener_is_refused_and_the_listener_hears_nothing(live, listener, query):
    status, headers, body = fetch(live.url, query.replace("{port}", str(listener.port)))
    assert 400 <= status < 500
    assert json.loads(body)["status"] == status and "SERVICE" in json.loads(body)["error"]
    assert headers["Cache-Control"] == "no-store"
    assert listener.heard_before_now() == []


def generated_store(path: Path, triples: int) -> Path:
    store = Store(str(path))
    store.bulk_extend(Quad(NamedNode(f"http://example.org/s{i}"), NamedNode(f"http://example.org/p{i % 7}"),
                           Literal(f"value {i}"), DefaultGraph()) for i in range(triples))
    store.flush()
    del store
    return path


def test_a_runaway_query_gets_503_at_its_budget_while_others_are_served(tmp_path):
    settings = Settings.load({"store": str(generated_store(tmp_path / "store", 3000)),
                              "workers": 2, "query_timeout": 2.0}, environ={})
    server = LiveServer(create_app(settings))
    executor = server.app.extensions["cyberkg"].executor
    try:
        assert executor.wait_ready(HANG) and eventually(lambda: executor._idle.qsize() == 2)
        before = set(executor.worker_pids())
        outcome: dict = {}
        stopped = threading.Event()

        def runaway() -> None:
            try:
                outcome["response"] = fetch(server.url, RUNAWAY)
            finally:
                stopped.set()

        threading.Thread(target=runaway, daemon=True).start()
        assert eventually(lambda: executor._idle.qsize() == 1 or stopped.is_set())  # it runs
        cheap = []  # (status, rows, whether the runaway still ran when it was answered)
        deadline = time.monotonic() + HANG  # (its 2.7e10 solutions would take minutes)
        while not stopped.is_set() and time.monotonic() < deadline:
            status, _, body = fetch(server.url, f"SELECT ?o WHERE {{ ?s ?p ?o }} LIMIT {len(cheap) + 1}")
            cheap.append((status, len(json.loads(body)["results"]["bindings"]), not stopped.is_set()))
            stopped.wait(0.1)  # pace the cheap queries
        assert stopped.is_set(), "the runaway query was not stopped"
        status, headers, body = outcome["response"]
        assert status == 503 and json.loads(body) == {"error": json.loads(body)["error"], "status": 503}
        assert "time budget of 2 s" in json.loads(body)["error"] and headers["Retry-After"]
        assert all(s == 200 and n == i + 1 for i, (s, n, _) in enumerate(cheap))
        assert any(during for _, _, during in cheap)
        killed = before - set(executor.worker_pids())
        assert len(killed) == 1 and executor.killed == 1
        with pytest.raises(ProcessLookupError):  # the query stopped with its worker's process
            os.kill(killed.pop(), 0)
        assert executor.wait_ready(HANG)  # and a new worker took its place
    finally:
        server.close()


def test_a_query_over_the_memory_cap_gets_503_and_the_server_keeps_serving(tmp_path):
    settings = Settings.load({"store": str(generated_store(tmp_path / "store", 3000)),
                              "workers": 1, "query_memory_mb": 1024,
                              "query_timeout": ROOMY_BUDGET}, environ={})
    server = LiveServer(create_app(settings))
    executor = server.app.extensions["cyberkg"].executor
    try:
        assert executor.wait_ready(HANG)
        status, headers, body = fetch(server.url, "SELECT ?a ?b WHERE { ?a ?p ?x . ?b ?q ?y } ORDER BY ?a ?b")
        assert status == 503 and headers["Retry-After"] and headers["Cache-Control"] == "no-store"
        error = json.loads(body)
        assert error["status"] == 503 and "more than the 1024 MiB of memory" in error["error"]
        status, _, body = fetch(server.url, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
        assert executor.killed == 1
    finally:
        server.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def serve(store: Path | None, *options: str, env: dict[str, str] | None = None):
    port = free_port()
    args = [sys.executable, "-m", "cyberkg.cli", *(["--store", str(store)] if store else []),
            "serve", "--port", str(port), *options]
    log = tempfile.TemporaryFile("w+")  # (a pipe nobody reads could fill up and block)
    process = subprocess.Popen(args, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                               stderr=log, text=True)
    process.log = log  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}/sparql"

    def answers() -> bool:
        if process.poll() is not None:
            log.seek(0)
            raise AssertionError(log.read())
        try:
            return fetch(url, "ASK {}")[0] == 200
        except OSError:  # not listening yet
            return False

    if eventually(answers):
        return process, url
    process.kill()
    raise AssertionError(f"cyberkg serve did not answer within {HANG:g} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
    process.log.close()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_cyberkg_serve_streams_a_million_rows_in_bounded_memory(tmp_path):
    store = generated_store(tmp_path / "store", 1000)
    process, url = serve(store, "--workers", "1", "--max-rows", "2000000", "--query-timeout", "120")
    try:
        baseline = sum(rss_bytes(pid) for pid in process_tree(process.pid))
        peak, sampling = [baseline], True

        def sample():
            while sampling:
                peak.append(sum(rss_bytes(pid) for pid in process_tree(process.pid)))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        query = "SELECT ?a ?b WHERE { ?a ?p ?x . ?b ?q ?y }"  # 1000 × 1000 rows
        request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}),
                                         headers={"Accept": "application/sparql-results+json"})
        received, tail = 0, b""
        with urllib.request.urlopen(request, timeout=120) as response:
            assert response.status == 200 and "Cyberkg-Result-Truncated" not in response.headers
            length = int(response.headers["Content-Length"])
            while chunk := response.read(1 << 20):
                received += len(chunk)
                tail = (tail + chunk)[-200:]
                time.sleep(0.001)  # a client slower than the server
        sampling = False
        sampler.join()
        assert received == length > 100_000_000
        assert tail.endswith(b'}}]}}')
        growth = max(peak) - baseline
        print(f"{received / 1e6:.0f} MB streamed; server processes grew by {growth / 1e6:.1f} MB")
        assert growth < 100_000_000, f"the server grew by {growth / 1e6:.0f} MB for a {received / 1e6:.0f} MB result"
    finally:
        stop(process)


def test_cyberkg_serve_builds_the_store_first_when_there_is_none(mini_store, tmp_path):
    env = {"CYBERKG_ONTOLOGY_DIR": mini_store.ontology_dir, "CYBERKG_DATA_DIR": mini_store.data_dir,
           "CYBERKG_WORKERS": "1"}
    process, url = serve(tmp_path / "var" / "store", env=env)
    try:
        status, _, body = fetch(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "15"
        assert (tmp_path / "var" / "store" / "manifest.json").exists()
        status, headers, _ = fetch(url, accept="text/turtle")
        assert status == 200 and headers["Content-Type"].startswith("text/turtle")
        head = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": "ASK {}"}),
                                      method="HEAD")
        with urllib.request.urlopen(head, timeout=30) as response:  # a whole body, not sent
            assert response.status == 200 and int(response.headers["Content-Length"]) > 0
            assert response.read() == b""
    finally:
        stop(process)
