"""The settings of cyberkg: one declared table, read from defaults, then ``CYBERKG_*``
environment variables, then explicit overrides (CLI flags, test arguments).

The same table feeds the CLI help, the README and a test that every setting is documented.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, make_dataclass, replace
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
            "What to serve: the directory of the built embedded store (a symlink to the current "
            "build), or a remote SPARQL engine's query endpoint as `sparql+http://host:port/path` "
            "(filled by `cyberkg load`)."),
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
    Setting("queries_dir", str(PROJECT_DIR / "queries"),
            "Directory of the named queries (`*.rq`) that `/queries`, `/views`, the query "
            "editor's examples and `cyberkg query --named` read."),
    # The web service and its query executor (DESIGN §5 limits).
    Setting("query_timeout", 30.0,
            "Time budget of one query in seconds (queueing included); a query over it is "
            "stopped and answered 503. A client's `timeout` parameter may lower it, never raise it."),
    Setting("max_rows", 100_000,
            "Most result rows (or triples) one query returns; a capped result says so in the "
            "`Cyberkg-Result-Truncated` header and in the body."),
    Setting("max_request_bytes", 1_048_576,
            "Largest request body (413 above it) and URL query string (414) in bytes."),
    Setting("service_allowlist", "",
            "SPARQL endpoints a query may call with SERVICE (full IRIs, separated by spaces or "
            "commas); SERVICE to anything else is refused before execution. Empty: none."),
    Setting("workers", 0,
            "Query worker processes (each runs one query at a time); 0 means two per CPU core, so "
            "that short queries need not wait behind long ones and no core idles while a worker's "
            "answer is in transit."),
    Setting("threads", 8,
            "HTTP threads of `cyberkg serve` (a request waiting on a query holds one)."),
    Setting("host", "127.0.0.1", "Address `cyberkg serve` listens on."),
    Setting("port", 8080, "Port `cyberkg serve` listens on."),
    Setting("cache_size", 33_554_432,
            "Bytes of small query results kept in memory, keyed by dataset version, query and "
            "format; 0 turns the cache off."),
    Setting("access_log", False,
            "Whether `cyberkg serve` logs every request on standard output (off: it costs about "
            "a quarter of the time of a cached answer, and a reverse proxy usually logs anyway)."),
    Setting("engine_user", "",
            "User name for a remote engine that asks for one (HTTP digest): `cyberkg load` writes "
            "with it; queries send it too. Empty: none."),
    Setting("engine_password", "", "Password of `engine_user`."),
    Setting("query_memory_mb", 4096,
            "Address space one query worker may use, in MiB (RLIMIT_AS; an idle worker uses "
            "about 600); a query that needs more is stopped and answered 503, and its worker "
            "replaced. 0: no limit."),
)

def _load(cls: type, overrides: Mapping[str, Any] | None = None,
          environ: Mapping[str, str] | None = None) -> Any:
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


#: The settings as one frozen dataclass, generated from :data:`SETTINGS` (one field per
#: row, typed by its default), so that the table is the only place a setting is declared.
#: ``Settings.load(overrides, environ)`` reads them.
Settings = make_dataclass(
    "Settings", [(s.name, type(s.default), field(default=s.default)) for s in SETTINGS],
    frozen=True, namespace={"load": classmethod(_load)})
Settings.__module__ = __name__  # (pickled for the query workers: found here by name)
Settings.__doc__ = "cyberkg's settings: one field per row of SETTINGS."


def _coerce(setting: Setting, raw: str) -> Any:
    if isinstance(setting.default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(setting.default, float):
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"{setting.env_var} must be a number, got {raw!r}") from None
    if isinstance(setting.default, int):
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{setting.env_var} must be an integer, got {raw!r}") from None
    return raw
