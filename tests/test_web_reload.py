"""A running app serves a rebuilt store without a restart: the symlink is checked, the new
build opened by new workers, swapped in whole; a request in flight keeps the version it
started with, and the old workers stop when it ends."""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from cyberkg.build.pipeline import build
from cyberkg.query.executor import QueryRequest
from cyberkg.web.http.runtime import runtime
from patience import HANG, eventually

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
THAI = ('<https://w3id.org/cyberkg/id/country/THA> a <https://schema.org/Country> ; '
        '<http://www.w3.org/2004/02/skos/core#prefLabel> "Thailand"@en .\n')


def count(client) -> tuple[int, str]:
    response = client.get("/sparql", query_string={"query": COUNT},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    return int(response.json["results"]["bindings"][0]["n"]["value"]), response.headers["ETag"]


def add_thailand(settings) -> None:
    countries = Path(settings.data_dir) / "curated" / "country-list.ttl"
    countries.write_text(countries.read_text() + THAI)


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs; one that ends while this looks is not running."""
    if not Path("/proc/self/stat").exists():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:  # it has ended and been reaped (meanwhile, perhaps)
        return False
    return state != "Z"  # a killed worker may linger as a zombie until reaped: stopped


@pytest.fixture
def built(mini_project):
    settings = replace(mini_project, workers=1)
    build(settings)
    return settings


def test_a_rebuilt_store_is_served_without_a_restart(built, make_app):
    app = make_app(built)
    serving = app.extensions["cyberkg"]
    client = app.test_client()
    before, etag = count(client)
    old = serving.current
    old_pids = old.executor.worker_pids()
    assert before == 15 and old_pids

    add_thailand(built)
    build(built)
    time.sleep(serving.interval + 0.1)  # the look at the symlink is due again
    assert count(client)[0] == before  # this request noticed the new build; it is opening
    assert serving.wait_reloaded(1, timeout=HANG)

    after, new_etag = count(client)
    assert after == before + 2 and new_etag != etag
    assert serving.current is not old and serving.version != old.version
    assert Path(serving.settings.store) == Path(built.store).resolve()
    assert eventually(lambda: old.executor._closed and not any(alive(pid) for pid in old_pids))
    assert serving.executor.worker_pids() and set(serving.executor.worker_pids()).isdisjoint(old_pids)


def test_a_request_keeps_its_version_and_the_old_workers_stop_after_it(built, make_app):
    app = make_app(built)
    serving = app.extensions["cyberkg"]
    with app.test_request_context("/sparql"):
        pinned = runtime()
        pinned.executor.wait_ready()
        old_pids = pinned.executor.worker_pids()
        add_thailand(built)
        build(built)
        assert serving.check() and serving.wait_reloaded(1, timeout=HANG)
        assert serving.current is not pinned and runtime() is pinned
        # Still the old graph, on the old workers, for the rest of this request.
        result = runtime().executor.run(QueryRequest(COUNT))
        assert json.loads(result.read())["results"]["bindings"][0]["n"]["value"] == "15"
        assert all(alive(pid) for pid in old_pids)
    assert eventually(lambda: pinned.executor._closed and not any(alive(pid) for pid in old_pids))
    with app.test_request_context("/sparql"):
        result = runtime().executor.run(QueryRequest(COUNT))
        assert json.loads(result.read())["results"]["bindings"][0]["n"]["value"] == "17"


def test_a_build_that_cannot_be_opened_leaves_the_served_one(built, make_app, tmp_path):
    app = make_app(built)
    serving = app.extensions["cyberkg"]
    client = app.test_client()
    current = serving.current
    broken = tmp_path / "broken"
    (broken / "oxigraph").mkdir(parents=True)
    (broken / "oxigraph" / "CURRENT").write_text("not a database\n")
    (broken / "manifest.json").write_text('{"version": "broken"}\n')
    link = Path(built.store)
    temporary = link.with_name("store.tmp")
    temporary.symlink_to(broken)
    os.replace(temporary, link)
    assert serving.check()
    assert eventually(lambda: not serving._reloading)  # the attempt has ended
    assert serving.current is current and serving.reloads == 0
    assert count(client)[0] == 15
