"""cyberkg over a real external engine (Oxigraph server always, Virtuoso where installed):
loading a new version while readers read, the engine stopping mid-run and coming back, an
engine that hangs, credentials. Each test starts its own engine, since it stops or
rewrites it; the read-only suite runs on shared engines (conftest ``store_engine``)."""

from __future__ import annotations

import itertools
import json
import os
import signal
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from cyberkg.build.pipeline import build
from cyberkg.testing.engines import installed
from cyberkg.build.publish import PublishError, Publisher, endpoints
from cyberkg.store.remote import CONTROL_GRAPH, Credentials, RemoteStore
from cyberkg.testing.engines import start_engine
from patience import HANG, eventually

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
THAI = ('<https://w3id.org/cyberkg/id/country/THA> a <https://schema.org/Country> ; '
        '<http://www.w3.org/2004/02/skos/core#prefLabel> "Thailand"@en .\n')
KINDS = ["oxigraph", "virtuoso"]


@pytest.fixture(params=KINDS)
def engine(request, tmp_path):
    reason = installed(request.param)
    if reason:
        pytest.skip(reason)
    started = start_engine(request.param, tmp_path / request.param)
    yield started
    started.stop()


@pytest.fixture
def project(mini_project):
    """The tiny project, built (version 1); a test may change and rebuild it."""
    settings = replace(mini_project, workers=1)
    build(settings)
    return settings


def load(project, engine, force: bool = False, **options):
    """``cyberkg load`` into ``engine`` (Virtuoso with its graph-level security, so that the
    front queries the engine's own default graph)."""
    options.setdefault("graph_security", engine.name == "virtuoso")
    return Publisher(Path(project.store), engine.query_url, engine.credentials,
                     **options).publish(force=force)


def count(client, tag: str = "") -> tuple[int, dict]:
    """The triples the front serves, or (status, error body); ``tag`` makes the query text
    new, so that the answer cannot come from the result cache."""
    response = client.get("/sparql", query_string={"query": COUNT + (f" # {tag}" if tag else "")},
                          headers={"Accept": "application/sparql-results+json"})
    body = response.json
    if response.status_code != 200:
        return response.status_code, body
    return int(body["results"]["bindings"][0]["n"]["value"]), dict(response.headers)


def engine_graphs(engine) -> set[str]:
    """Every graph the engine holds (asked directly, outside cyberkg's dataset, as the
    loading user: anonymous readers of a Virtuoso with graph security see fewer)."""
    url = getattr(engine, "admin_query_url", engine.query_url)
    store = RemoteStore(url, manifest={}, credentials=engine.credentials)
    solutions = store.send("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", None, 30)
    return {s["g"].value for s in solutions}


def stopped(pid: int) -> bool:
    """Whether every thread of process ``pid`` has stopped. SIGSTOP takes effect
    asynchronously: a thread runs on until the group stop reaches it, and on a busy
    machine a Virtuoso thread woken by a request answered it after ``kill()`` returned."""
    states = []
    for thread in Path(f"/proc/{pid}/task").iterdir():
        try:
            states.append((thread / "stat").read_text().rsplit(")", 1)[1].split()[0])
        except OSError:  # the thread has ended
            continue
    return all(state in ("T", "t") for state in states)


def add_thailand(project) -> None:
    countries = Path(project.data_dir) / "curated" / "country-list.ttl"
    countries.write_text(countries.read_text() + THAI)


def test_load_records_the_version_and_checks_counts(project, engine):
    report = load(project, engine)
    built = json.loads((Path(project.store) / "manifest.json").read_text())
    assert (report.version, report.previous, report.graphs) == (built["version"], None, len(built["graphs"]))
    remote = RemoteStore(engine.query_url)
    assert remote.version == built["version"] and remote.graphs == tuple(built["graphs"])
    # the engine holds the dataset's graphs and the control graph: no staging graph is left
    assert engine_graphs(engine) >= set(built["graphs"]) | {CONTROL_GRAPH}
    assert not [g for g in engine_graphs(engine) if g.startswith("urn:cyberkg:staging:")]
    # loading the same version again does nothing; --force does it again
    assert load(project, engine).skipped
    again = load(project, engine, force=True)
    assert not again.skipped and again.previous == built["version"]
    assert RemoteStore(engine.query_url).version == built["version"]


def test_a_new_version_replaces_the_old_at_once_for_readers(project, engine, make_app):
    load(project, engine)
    app = make_app(replace(project, store=engine.store_setting, workers=2))
    serving = app.extensions["cyberkg"]
    serving.interval = 0.05  # look at the engine's version often
    client = app.test_client()
    before, old_headers = count(client)
    old_version = serving.version

    add_thailand(project)
    build(project)
    seen: list[int] = []
    stop = threading.Event()

    def read() -> None:
        reader = app.test_client()
        while not stop.is_set():
            seen.append(count(reader)[0])

    readers = [threading.Thread(target=read) for _ in range(2)]
    for thread in readers:
        thread.start()
    def moved_on() -> bool:
        count(client)  # a request triggers the look at the engine's version
        return serving.version != old_version

    try:
        report = load(project, engine)
        assert eventually(moved_on)
    finally:
        stop.set()
        for thread in readers:
            thread.join()
    assert report.previous == old_version and serving.version == report.version
    after, headers = count(client)
    assert after == before + 2
    assert headers["ETag"] != old_headers["ETag"]  # caches learn that the answer changed
    # every answer during the load was the old dataset or the new one, never a mixture
    assert seen and set(seen) <= {before, before + 2}, sorted(set(seen))


def test_graphs_beside_the_dataset_are_in_no_answer(project, engine, make_app):
    """A load in progress (staging graphs), the control graph and whatever else the engine
    holds stay out of the front's answers: by the graphs named in each query (Oxigraph
    server), by the engine's graph-level security (Virtuoso)."""
    load(project, engine)
    built = json.loads((Path(project.store) / "manifest.json").read_text())
    publisher = Publisher(Path(project.store), engine.query_url, engine.credentials)
    where = endpoints(engine.query_url, engine.name, engine.credentials, None, None)
    publisher._post_update(where.update, "INSERT DATA { GRAPH <urn:cyberkg:staging:next:g> "
                                         "{ <urn:x:s> <urn:x:p> <urn:x:o> } }")
    assert "urn:cyberkg:staging:next:g" in engine_graphs(engine)
    readers = RemoteStore(engine.query_url).manifest.get("readers")
    assert readers == ("graph-security" if engine.name == "virtuoso" else None)
    client = make_app(project, store=engine.store_setting, workers=1).test_client()
    total, _ = count(client)
    assert total == sum(info["triples"] for info in built["graphs"].values())
    response = client.get("/sparql", query_string={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json"})
    assert {b["g"]["value"] for b in response.json["results"]["bindings"]} == set(built["graphs"])


def test_a_load_that_fails_leaves_the_served_version(project, engine):
    load(project, engine)
    first = RemoteStore(engine.query_url).version
    add_thailand(project)
    build(project)
    with pytest.raises(PublishError, match="cannot be reached|answered 4"):
        load(project, engine, graph_store=f"http://127.0.0.1:{engine.port}/no-such-endpoint"
             if engine.name == "oxigraph" else "http://127.0.0.1:1/unreachable")
    assert RemoteStore(engine.query_url).version == first
    assert not [g for g in engine_graphs(engine) if g.startswith("urn:cyberkg:staging:")]


def test_the_engine_stopping_mid_run_gives_503_at_once_then_recovers(project, engine, make_app):
    load(project, engine)
    app = make_app(replace(project, store=engine.store_setting, query_timeout=60.0, workers=2))
    client = app.test_client()
    healthy, _ = count(client, "1")
    engine.kill()

    status, body = count(client, "2")
    # "cannot be reached" (503), not "ran out of the time budget": it did not wait for it
    assert status == 503 and "cannot be reached" in body["error"], body
    page = client.get("/id/country/KHM", headers={"Accept": "text/html"}, follow_redirects=True)
    assert page.status_code == 503 and "Retry-After" in page.headers
    assert b"Traceback" not in page.data

    engine.start()  # the same database and port
    attempts = itertools.count()
    assert eventually(lambda: count(client, f"back-{next(attempts)}")[0] == healthy)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_an_engine_that_hangs_gets_504_within_the_budget(project, engine, make_app):
    load(project, engine)
    app = make_app(replace(project, store=engine.store_setting, query_timeout=3.0, workers=1))
    assert app.extensions["cyberkg"].executor.wait_ready(HANG)  # (starting is not in the budget)
    client = app.test_client()
    healthy, _ = count(client, "1")
    os.kill(engine.process.pid, signal.SIGSTOP)
    try:
        assert eventually(lambda: stopped(engine.process.pid))
        status, body = count(client, "2")
    finally:
        os.kill(engine.process.pid, signal.SIGCONT)
    assert status in (503, 504), body
    assert "time budget" in body["error"]
    attempts = itertools.count()  # the worker (or its replacement) serves a next query
    assert eventually(lambda: count(client, f"back-{next(attempts)}")[0] == healthy)


def test_service_is_refused_before_the_query_reaches_the_engine(project, engine, make_app):
    load(project, engine)
    app = make_app(replace(project, store=engine.store_setting, workers=1))
    engine.kill()  # nothing may reach it: a refusal must not depend on the engine
    response = app.test_client().get("/sparql", query_string={
        "query": "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"},
        headers={"Accept": "application/json"})
    assert response.status_code == 403 and "SERVICE" in response.json["error"]
    bad = app.test_client().get("/sparql", query_string={"query": "SELECT * { ?s ?p }"},
                                headers={"Accept": "application/json"})
    assert bad.status_code == 400 and bad.json["error"].startswith("syntax error at line 1")


def test_virtuoso_refuses_a_load_with_a_wrong_password(project, tmp_path):
    reason = installed("virtuoso")
    if reason:
        pytest.skip(reason)
    virtuoso = start_engine("virtuoso", tmp_path / "virtuoso")
    try:
        with pytest.raises(PublishError, match="401"):
            Publisher(Path(project.store), virtuoso.query_url,
                   Credentials("dba", "not-the-password")).publish()
        assert RemoteStore(virtuoso.query_url, manifest={}).read_version() is None
    finally:
        virtuoso.stop()
