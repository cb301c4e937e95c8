"""The README keeps up with the code: every command, every setting, the CI entry point."""

from __future__ import annotations

import click
import pytest

from cyberkg.cli import main
from cyberkg.settings import PROJECT_DIR, SETTINGS

README = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "cyberkg") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found += commands(command, f"{prefix} {name}")
    return found


@pytest.mark.parametrize("name,command", commands(main), ids=lambda c: getattr(c, "name", c))
def test_every_command_has_help_and_is_in_the_readme(name, command):
    assert command.help and command.help.strip(), f"{name} has no help text"
    assert f"`{name}" in README, f"README does not document `{name}`"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme_with_its_default(setting):
    assert setting.help
    rows = [line for line in README.splitlines() if line.startswith(f"| `{setting.env_var}` |")]
    assert len(rows) == 1, f"README's settings table has no row for {setting.env_var}"
    documented_default = rows[0].split("|")[2].strip()
    if isinstance(setting.default, bool):
        assert documented_default == f"`{str(setting.default).lower()}`"
    elif isinstance(setting.default, int):
        assert documented_default == f"`{setting.default}`"
    elif isinstance(setting.default, float):
        assert documented_default == f"`{setting.default:g}`"
    elif setting.default == "":
        assert documented_default == "empty"


def test_ci_runs_the_readme_test_command():
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(first_block) == 2, "the README starts with exactly two set-up commands"
    ci = (PROJECT_DIR / ".ci" / "run").read_text(encoding="utf-8")
    assert first_block[1] in ci.splitlines()
