"""``cyberkg build``: ontology + data → a validated pyoxigraph store, swapped in atomically.

The new build is written to its own directory under ``builds/`` beside the store path,
loaded with pyoxigraph's bulk loader, validated with SHACL, given a manifest and dumps, and
only then made current by replacing the ``store`` symlink (an atomic rename). A failure at
any step removes the new directory and leaves the current store exactly as it was.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import time
import traceback
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from pyoxigraph import DefaultGraph, NamedNode, Store, parse

from cyberkg import __version__
from cyberkg.rdf import namespaces
from cyberkg.store.dumps import write_dumps
from cyberkg.errors import BuildError
from cyberkg.settings import PROJECT_DIR, Settings
from cyberkg.curation import compile_curation, curation_dir
from cyberkg.build.sources import SourceFile, content_version, shapes_file, source_files
from cyberkg.store.embedded import DATABASE_NAME, MANIFEST_NAME
from cyberkg.build.validation import validate

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    directory: Path
    manifest: dict[str, Any]


def build(settings: Settings, progress: Progress = lambda message: None,
          validate_shapes: bool = True) -> BuildResult:
    """Build the store named by ``settings.store``; return where and what was built.

    Raises :class:`BuildError` naming the file and reason (syntax error with line and
    column, SHACL violation with focus node, a named graph filled by two files).
    """
    started = time.perf_counter()
    files = source_files(settings)
    if not files:
        raise BuildError(f"no input files under {settings.ontology_dir} or {settings.data_dir}")
    if validate_shapes and not shapes_file(settings).is_file():
        raise BuildError(f"no SHACL shapes at {shapes_file(settings)}")
    version = content_version(files)
    link = Path(settings.store)
    stamp = datetime.now(timezone.utc)
    new_dir = link.parent / "builds" / f"{stamp:%Y%m%dT%H%M%S%f}-{version}"
    new_dir.mkdir(parents=True)
    try:
        manifest = _build_into(new_dir, files, version, settings, progress, validate_shapes)
        manifest.update(built_at=stamp.isoformat(timespec="seconds"),
                        build_seconds=round(time.perf_counter() - started, 2))
        (new_dir / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
        _swap_in(link, new_dir)
    except BaseException as error:
        # The traceback's frames still hold the half-built store open (its database keeps
        # writing until closed): drop them before removing the directory.
        traceback.clear_frames(error.__traceback__)
        gc.collect()
        shutil.rmtree(new_dir, ignore_errors=True)
        raise
    _prune(link, settings.keep_builds)
    progress(f"built {version}: {manifest['triples']} triples in "
             f"{manifest['build_seconds']} s → {link}")
    return BuildResult(link, manifest)


def _build_into(directory: Path, files: list[SourceFile], version: str, settings: Settings,
                progress: Progress, validate_shapes: bool) -> dict[str, Any]:
    store = Store(str(directory / DATABASE_NAME))
    graph_files = load_files(store, files, progress, settings)
    store.optimize()
    if validate_shapes:
        progress("validating with SHACL …")
        t = time.perf_counter()
        results = validate(store, shapes_file(settings), graph_files)
        for warning in (r for r in results if not r.is_error):
            progress(f"  {warning}")
        violations = [r for r in results if r.is_error]
        if violations:
            raise BuildError(f"SHACL validation failed: {len(violations)} violation(s)",
                             [str(v) for v in violations])
        progress(f"SHACL: conforms ({time.perf_counter() - t:.1f} s)")
    graphs = {g: {"files": graph_files[g], "triples": _count(store, g)} for g in sorted(graph_files)}
    manifest = {
        "version": version,
        "cyberkg": __version__,
        "triples": sum(g["triples"] for g in graphs.values()),
        "graphs": graphs,
        "files": [_relative(f.path) for f in files],
    }
    progress("writing dumps …")
    manifest["dumps"] = write_dumps(store, directory / "dumps", version)
    store.flush()
    del store
    return manifest


def load_files(store: Store, files: list[SourceFile], progress: Progress,
               settings: Settings) -> dict[str, list[str]]:
    """Bulk-load ``files`` into ``store``; return {named graph IRI: the files it came from}.

    A named graph is filled by one file only (the ontology's files share theirs), so a
    source's graph is never silently merged with another's; nothing goes in the default graph.
    The curation files are compiled together, after the others, into the graphs of the
    sources they register.
    """
    graph_files: dict[str, list[str]] = {}
    curation = [f for f in files if f.is_curation]
    files = [f for f in files if not f.is_curation]
    for n, source in enumerate(files, 1):
        name = _relative(source.path)
        progress(f"[{n}/{len(files)}] loading {name}")
        try:
            graphs = {source.graph} if source.graph else _graphs_named_in(source)
            store.bulk_load(path=str(source.path), format=source.format, to_graph=source.to_graph)
        except SyntaxError as error:
            raise BuildError(f"syntax error in {name}",
                             [f"{name}:{error.lineno}:{error.offset}: {error.msg}"]) from None
        clashes = sorted(g for g in graphs if g in graph_files
                         and g != str(namespaces.ONTOLOGY_GRAPH))
        if clashes:
            raise BuildError(f"a named graph is filled by two files ({name})",
                             [f"{name}: graph <{g}> is already filled by {graph_files[g][0]}"
                              for g in clashes])
        if None in graphs or next(iter(store.quads_for_pattern(None, None, None, DefaultGraph())), None):
            raise BuildError(f"triples outside any named graph in {name}",
                             [f"{name}: every triple must sit in the named graph of its source"])
        for g in graphs:
            graph_files.setdefault(g, []).append(name)
    if curation:
        _load_curation(store, curation, progress, settings, graph_files)
    return graph_files


def _load_curation(store: Store, files: list[SourceFile], progress: Progress, settings: Settings,
                   graph_files: dict[str, list[str]]) -> None:
    progress(f"compiling {len(files)} curation file(s) …")
    compiled = compile_curation(curation_dir(settings), Path(settings.ontology_dir),
                                Path(settings.data_dir), name=_relative)
    clashes = sorted(g for g in compiled.graphs if g in graph_files)
    if clashes:
        raise BuildError("a curated source is also a data file's graph",
                         [f"data/curation: graph <{g}> is already filled by {graph_files[g][0]}"
                          for g in clashes])
    store.bulk_extend(compiled.quads)
    registered = {str(namespaces.graph(s.id)): s.where.file for s in compiled.curation.sources.values()}
    for g in compiled.graphs:
        graph_files[g] = [registered.get(g, _relative(files[0].path))]


def _graphs_named_in(source: SourceFile) -> set[str | None]:
    """The graphs a TriG file fills (None for its default graph)."""
    return {q.graph_name.value if isinstance(q.graph_name, NamedNode) else None
            for q in parse(path=str(source.path), format=source.format)}


def _count(store: Store, graph: str) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(next(iter(rows))["n"].value)


def _swap_in(link: Path, new_dir: Path) -> None:
    """Point ``link`` at ``new_dir`` atomically (rename of a fresh symlink over it)."""
    if link.exists() and not link.is_symlink():
        # A store directory made by other means: keep it as a build, then link.
        link.rename(link.parent / "builds" / f"previous-{link.name}")
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    if tmp.is_symlink():
        tmp.unlink()
    tmp.symlink_to(os.path.relpath(new_dir, link.parent))
    os.replace(tmp, link)


def _prune(link: Path, keep: int) -> None:
    """Remove old builds, keeping the current one and ``keep`` before it."""
    builds = link.parent / "builds"
    current = link.resolve()
    old = sorted((d for d in builds.iterdir() if d.is_dir() and d.resolve() != current),
                 key=lambda d: d.name, reverse=True)
    for directory in old[keep:]:
        shutil.rmtree(directory, ignore_errors=True)


def _relative(path: Path) -> str:
    """A file's name for messages: relative to the checkout when inside it."""
    try:
        return path.resolve().relative_to(PROJECT_DIR).as_posix()
    except ValueError:
        return str(path)
