"""The settings of cyberkg: one declared table, read from defaults, then ``CYBERKG_*``
environment variables, then explicit overrides (CLI flags, test arguments).

The same table feeds the CLI help, the README and a test that every setting is documented.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

#: The checkout this package runs from (src layout: src/cyberkg/settings.py → top level).
PROJECT_DIR = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env_var(self) -> str:
        return "CYBERKG_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("store", str(PROJECT_DIR / "var" / "store"),
            "Directory of the built embedded store (a symlink to the current build)."),
    Setting("ontology_dir", str(PROJECT_DIR / "ontology"),
            "Directory of the ontology, concept schemes (schemes/) and SHACL shapes."),
    Setting("data_dir", str(PROJECT_DIR / "data"),
            "Directory of the data: curated/*.ttl (one file per source) and generated *.trig."),
    Setting("base_iri", "https://w3id.org/cyberkg/",
            "Canonical base of every IRI in the graph."),
    Setting("keep_builds", 2,
            "How many previous builds `cyberkg build` keeps beside the current one."),
    Setting("sources_dir", str(PROJECT_DIR.parent / "shared" / "sources"),
            "The raw source files `cyberkg ingest` reads by default (not part of the repository)."),
)


@dataclass(frozen=True)
class Settings:
    store: str = SETTINGS[0].default
    ontology_dir: str = SETTINGS[1].default
    data_dir: str = SETTINGS[2].default
    base_iri: str = SETTINGS[3].default
    keep_builds: int = SETTINGS[4].default
    sources_dir: str = SETTINGS[5].default
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, overrides: Mapping[str, Any] | None = None,
             environ: Mapping[str, str] | None = None) -> "Settings":
        """Return settings from defaults, then the environment, then ``overrides``.

        Overrides whose value is ``None`` are ignored, so unset CLI flags fall through.
        """
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            if setting.env_var in environ:
                values[setting.name] = _coerce(setting, environ[setting.env_var])
        for name, value in (overrides or {}).items():
            if value is not None:
                values[name] = value
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(cls(), **values)


def _coerce(setting: Setting, raw: str) -> Any:
    if isinstance(setting.default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(setting.default, int):
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{setting.env_var} must be an integer, got {raw!r}") from None
    return raw
