"""Shared fixtures: a tiny constant project for build tests, the real built graph, and
the location of the team's shared sources (absent on a user's fresh clone)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cyberkg.settings import Settings

MINI = Path(__file__).parent / "fixtures" / "mini"
SHARED_SOURCES = Path(Settings.load().sources_dir)


@pytest.fixture
def mini_project(tmp_path: Path) -> Settings:
    """A copy of tests/fixtures/mini (4 files) that a test may break; store under tmp."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    return Settings.load({"ontology_dir": str(root / "ontology"), "data_dir": str(root / "data"),
                          "store": str(tmp_path / "var" / "store")}, environ={})


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory):
    """The real graph of this checkout, built once per test session (read-only)."""
    from cyberkg.build import build
    from cyberkg.store import EmbeddedStore
    store_dir = tmp_path_factory.mktemp("real") / "store"
    build(Settings.load({"store": str(store_dir)}, environ={}))
    return EmbeddedStore(store_dir)


@pytest.fixture(scope="session")
def real_app(built_store):
    """The web app over the real graph, shared by every test that only reads it."""
    from cyberkg.web import create_app
    app = create_app(Settings.load({"store": str(built_store.directory), "workers": 2}, environ={}))
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
    from cyberkg.build import build
    root = tmp_path_factory.mktemp("mini-built")
    shutil.copytree(MINI, root / "project")
    settings = Settings.load({"ontology_dir": str(root / "project" / "ontology"),
                              "data_dir": str(root / "project" / "data"),
                              "store": str(root / "var" / "store"), "workers": 2}, environ={})
    build(settings)
    return settings


@pytest.fixture
def make_app():
    """A factory of fresh apps (``make_app(settings, **overrides)``); their query workers
    are stopped when the test ends."""
    from dataclasses import replace
    from cyberkg.web import create_app
    apps = []

    def make(settings: Settings, **overrides):
        app = create_app(replace(settings, **overrides))
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["cyberkg"].executor.close()
