"""Shared fixtures: a tiny constant project for build tests, the real built graph (on the
embedded store or a started engine), Cambodia's GCI series as that graph holds it (what
pages and queries are compared with), the location of the team's shared sources (absent
on a user's fresh clone), and a listener that SERVICE calls must not reach."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from cyberkg.settings import Settings
from cyberkg.testing.engines import start_engine
from patience import HANG, ROOMY_BUDGET

MINI = Path(__file__).parent / "fixtures" / "mini"
#: The stores the store-dependent tests run on: the embedded one and real engines started
#: here (CYBERKG_TEST_ENGINES=embedded runs the suite on the embedded store alone).
ENGINE_NAMES = [name.strip() for name in os.environ.get(
    "CYBERKG_TEST_ENGINES", "embedded,oxigraph,virtuoso").split(",") if name.strip()]
SHARED_SOURCES = Path(Settings.load().sources_dir)


@pytest.fixture
def mini_project(tmp_path: Path) -> Settings:
    """A copy of tests/fixtures/mini (4 files) that a test may break; store under tmp."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    return Settings.load({"ontology_dir": str(root / "ontology"), "data_dir": str(root / "data"),
                          "store": str(tmp_path / "var" / "store"),
                          "query_timeout": ROOMY_BUDGET}, environ={})


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory):
    """The real graph of this checkout, built once per test session (read-only)."""
    from cyberkg.build.pipeline import build
    from cyberkg.store.embedded import EmbeddedStore
    store_dir = tmp_path_factory.mktemp("real") / "store"
    build(Settings.load({"store": str(store_dir)}, environ={}))
    return EmbeddedStore(store_dir)


# -- the same data on every store: embedded, Oxigraph server, Virtuoso ------------------------

def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``store_engine``: the store kinds a store-dependent test runs on. A read-only test of
    the real graph runs once, on the embedded store; a test marked ``engines`` (what differs
    between engines: the protocol table, the dialect, a sample of pages and named queries)
    runs on every kind of ``CYBERKG_TEST_ENGINES``."""
    if "store_engine" in metafunc.fixturenames:
        every = metafunc.definition.get_closest_marker("engines") is not None
        kinds = ENGINE_NAMES if every else [k for k in ENGINE_NAMES if k == "embedded"] or ENGINE_NAMES[:1]
        metafunc.parametrize("store_engine", kinds, scope="session")


@pytest.fixture(scope="session")
def engines(tmp_path_factory: pytest.TempPathFactory):
    """``engines(kind, dataset)``: a started engine of ``kind`` for ``dataset`` (one engine
    per dataset: an engine holds one cyberkg dataset); all stop when the session ends."""
    from cyberkg.testing.engines import installed
    started = {}

    def get(kind: str, dataset: str):
        if (kind, dataset) not in started:
            reason = installed(kind)
            if reason:
                pytest.skip(reason)
            directory = tmp_path_factory.mktemp(f"{kind}-{dataset}")
            started[kind, dataset] = start_engine(kind, directory)
        return started[kind, dataset]

    yield get
    for engine in started.values():
        engine.stop()


def served(kind: str, engines, store_dir: Path, dataset: str) -> str:
    """The ``store`` setting serving the build in ``store_dir`` on a ``kind`` store (loaded
    into its engine with ``cyberkg load``'s loader)."""
    if kind == "embedded":
        return str(store_dir)
    from cyberkg.build.publish import Publisher
    engine = engines(kind, dataset)
    Publisher(store_dir, engine.query_url, engine.credentials,
              graph_security=kind == "virtuoso").publish()
    return engine.store_setting


@pytest.fixture(scope="session")
def real_store(store_engine, built_store, engines):
    """The real graph on the store kind of this run (the embedded build, or loaded into a
    real engine)."""
    from cyberkg.store import open_store
    setting = served(store_engine, engines, built_store.directory, "real")
    return open_store(Settings.load({"store": setting}, environ={}))


@pytest.fixture(scope="session")
def cambodia_gci(real_store) -> list[tuple[str, str, str, str | None]]:
    """Cambodia's GCI scores as the real graph holds them, edition by edition: (year,
    score, scale, rank or None), read directly. Pages, downloads and named queries must
    show these; what they are is asserted once, in test_competency."""
    from cyberkg.rdf.namespaces import PREFIXES
    rows = real_store.query("""
        SELECT ?year ?score ?scale ?rank WHERE {
          ?o qb:dataSet cki:dataset\\/itu-gci ; sdmx-dimension:refArea cki:country\\/KHM ;
             sdmx-dimension:refPeriod ?year ; sdmx-measure:obsValue ?score ; ck:scale ?scale .
          OPTIONAL { ?o ck:rank ?rank }
        } ORDER BY ?year""", prefixes=PREFIXES)
    series = [(row["year"].value, row["score"].value, row["scale"].value,
               row["rank"].value if row["rank"] is not None else None) for row in rows]
    assert series, "the graph has no GCI score of Cambodia: a comparison with it would be empty"
    return series


@pytest.fixture(scope="session")
def real_app(real_store):
    """The web app over the real graph, shared by every test that only reads it (a time
    budget with room for a busy machine and a slow engine)."""
    from cyberkg.web import create_app
    app = create_app(Settings.load({"store": real_store.location, "workers": 2,
                                    "query_timeout": ROOMY_BUDGET}, environ={}))
    yield app
    app.extensions["cyberkg"].executor.close()


@pytest.fixture
def app(real_app):
    """The app over the real graph (modules testing another app define their own)."""
    return real_app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def shared_sources() -> Path:
    """The team's ../shared/sources folder; tests using it skip with a message when absent."""
    if not SHARED_SOURCES.is_dir():
        pytest.skip(f"needs the team's shared sources at {SHARED_SOURCES} (not part of a fresh clone)")
    return SHARED_SOURCES


# -- the web service and the query executor -------------------------------------------------

@pytest.fixture(scope="session")
def mini_store(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings naming the tiny constant project, built once per session (read-only)."""
    from cyberkg.build.pipeline import build
    root = tmp_path_factory.mktemp("mini-built")
    shutil.copytree(MINI, root / "project")
    settings = Settings.load({"ontology_dir": str(root / "project" / "ontology"),
                              "data_dir": str(root / "project" / "data"),
                              "store": str(root / "var" / "store"), "workers": 2,
                              "query_timeout": ROOMY_BUDGET}, environ={})
    build(settings)
    return settings


@pytest.fixture(scope="session")
def mini_served(store_engine, mini_store, engines) -> Settings:
    """Settings serving the tiny project on the store kind of this run."""
    setting = served(store_engine, engines, Path(mini_store.store), "mini")
    return replace(mini_store, store=setting)


@pytest.fixture
def make_app():
    """A factory of fresh apps (``make_app(settings, **overrides)``); their query workers
    are stopped when the test ends."""
    from cyberkg.web import create_app
    apps = []

    def make(settings: Settings, **overrides):
        app = create_app(replace(settings, **overrides))
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["cyberkg"].executor.close()


# -- a listener that must hear nothing (SERVICE calls refused) -------------------------------

class Listener:
    """A TCP listener on a loopback port that records what each connection sends, in the
    order the connections arrived (the kernel queues them first come, first accepted)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.received: list[bytes] = []
        self._heard = threading.Condition()
        self._markers = 0
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
                connection.settimeout(5)
                try:
                    data = connection.recv(65536) or b"(connected)"
                except OSError:
                    data = b"(connected)"
            with self._heard:
                self.received.append(data)
                self._heard.notify_all()

    def heard_before_now(self) -> list[bytes]:
        """What the connections made before this call sent (this test's own excepted). The
        listener is sent a marker and its arrival awaited: connections are accepted in
        order, so any earlier one has been recorded by then (no sleep, however slow the
        machine)."""
        self._markers += 1
        marker = b"(the test's own connection %d)" % self._markers
        with socket.create_connection(("127.0.0.1", self.port), timeout=HANG) as own:
            own.sendall(marker)
        with self._heard:
            assert self._heard.wait_for(lambda: marker in self.received, HANG), "listener hung"
            return [data for data in self.received[:self.received.index(marker)]
                    if not data.startswith(b"(the test's own connection")]

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.socket.close()


@pytest.fixture
def listener():
    """A :class:`Listener` on a free loopback port, closed when the test ends."""
    listener = Listener()
    yield listener
    listener.close()
