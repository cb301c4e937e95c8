"""The architecture holds: imports point one way (the import contracts in pyproject.toml),
no module grows past 400 lines, and only the store package picks a store implementation."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "cyberkg"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 400


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    if not LINT_IMPORTS.exists():
        pytest.skip("import-linter is not installed: pip install -e '.[test]'")
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_contracts(tmp_path):
    """The check is real: the store importing the web layer fails it."""
    shutil.copytree(SRC, tmp_path / "src" / "cyberkg", ignore=shutil.ignore_patterns(
        "__pycache__", "static", "templates"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with open(tmp_path / "src" / "cyberkg" / "store" / "dumps.py", "a") as module:
        module.write("\nimport cyberkg.web.app  # noqa: E402,F401\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "cyberkg.store.dumps -> cyberkg.web.app" in result.stdout


def test_no_module_is_longer_than_400_lines():
    long = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py")
            if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_only_the_store_package_picks_a_store_implementation():
    """Elsewhere code asks the store's capabilities; publishing a build into an engine is the
    one place that needs both implementations by name (a built directory → an engine)."""
    allowed = {"build/publish.py"}
    choosing = re.compile(r"\bis_remote\(|\bisinstance\([^)]*(RemoteStore|EmbeddedStore)|"
                          r"\b(RemoteStore|EmbeddedStore)\(")
    found = [f"{p.relative_to(SRC)}:{n}" for p in SRC.rglob("*.py")
             if p.relative_to(SRC).parts[0] not in ("store", "testing")
             and str(p.relative_to(SRC)) not in allowed
             for n, line in enumerate(p.read_text().splitlines(), 1) if choosing.search(line)]
    assert found == []
