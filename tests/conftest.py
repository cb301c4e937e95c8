"""Shared fixtures: a tiny constant project for build tests, the real built graph, and
the location of the team's shared sources (absent on a user's fresh clone)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cyberkg.settings import PROJECT_DIR, Settings

MINI = Path(__file__).parent / "fixtures" / "mini"
SHARED_SOURCES = PROJECT_DIR.parent / "shared" / "sources"


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


def shared_sources(*parts: str) -> Path:
    """Path into ../shared/sources, or skip the test with a clear message when absent."""
    path = SHARED_SOURCES.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the team's shared sources at {path} (not part of a fresh clone)")
    return path
