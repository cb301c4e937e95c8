"""Benchmark: every named query's latency on the real graph and on a synthetic graph of
over a million triples in the real graph's shape.

    python benchmarks/named_queries.py                       # real store + 1.0M synthetic
    python benchmarks/named_queries.py --copies 11 --runs 7 --out benchmarks/named_queries.md

The synthetic graph is the real graph with its country-specific part copied ``copies``
times: every statement about a country, observation, organisation, law, provision,
participation, assessment, person or document (and blank nodes) is repeated with new
IRIs (``…/KHM-c3``), in renamed named graphs, labels suffixed " (copy k)". The ontology
and the shared entities (indicators, concepts, instruments, rights, datasets) are
described once, so every query still matches and result sizes grow with the copies.
It is written once into ``--data`` and reused.

Each query runs with its default parameters through the one executor (one worker: the
time includes the worker round trip and serialising SPARQL JSON), ``--runs`` times after
one warm-up run; the table gives the best and the median run (the best is the least
disturbed by other work on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cyberkg.query.executor import Executor, QueryRequest  # noqa: E402
from cyberkg.query.named import read_queries  # noqa: E402
from cyberkg.settings import Settings  # noqa: E402

BASE = "https://w3id.org/cyberkg/"
COPIED = tuple(BASE + p for p in ("id/country/", "id/obs/", "id/org/", "id/law/", "id/participation/",
                                  "id/assessment/", "id/doc/", "id/person/", "graph/"))
ONTOLOGY = NamedNode(BASE + "graph/ontology")
LABEL = NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


def _rename(term, k: int):
    if isinstance(term, NamedNode) and term.value.startswith(COPIED):
        return NamedNode(f"{term.value}-c{k}"), True
    if isinstance(term, BlankNode):
        return BlankNode(f"{term.value}c{k}"), True
    return term, False


def synthetic_quads(real: Store, copies: int):
    """The real graph's quads, then ``copies`` renamed copies of its country-specific part."""
    quads = list(real)
    yield from quads
    for k in range(1, copies + 1):
        for quad in quads:
            subject, renamed = _rename(quad.subject, k)
            if not renamed or quad.graph_name == ONTOLOGY:
                continue  # shared entities (instruments, rights, indicators …) are described once
            obj, _ = _rename(quad.object, k)
            graph, _ = _rename(quad.graph_name, k)
            if renamed and quad.predicate == LABEL and isinstance(obj, Literal):
                obj = Literal(f"{obj.value} (copy {k})", language=obj.language) if obj.language \
                    else Literal(f"{obj.value} (copy {k})")
            yield Quad(subject, quad.predicate, obj, graph)


def build_synthetic(real_dir: Path, directory: Path, copies: int) -> dict:
    """Write the synthetic store into ``directory`` (``oxigraph/`` + ``manifest.json``)."""
    manifest_path = directory / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("copies") == copies:
            return manifest
        raise SystemExit(f"{directory} holds another synthetic graph; remove it or choose --data")
    real = Store.read_only(str(real_dir))
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    store = Store(str(directory / "oxigraph"))
    store.bulk_extend(synthetic_quads(real, copies))
    store.optimize()
    manifest = {"version": f"synthetic-x{copies + 1}", "copies": copies, "triples": len(store),
                "generated_seconds": round(time.perf_counter() - started, 1)}
    store.flush()
    del store
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def measure(store_dir: Path, runs: int) -> dict[str, dict]:
    """name → {rows, best, median} (milliseconds) for every named query."""
    executor = Executor(Settings.load({"store": str(store_dir), "workers": 1,
                                       "query_timeout": 120}, environ={}))
    executor.wait_ready()
    out = {}
    try:
        for name, query in read_queries().items():
            text = query.bound({})
            request = QueryRequest(text, "json", "ntriples")
            result = executor.run(request)  # warm-up
            rows = result.rows
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                executor.run(request).read()
                times.append((time.perf_counter() - started) * 1000)
            out[name] = {"rows": rows, "best": min(times), "median": statistics.median(times)}
    finally:
        executor.close()
    return out


def report(real: dict, synthetic: dict, real_triples: int, synthetic_triples: int, runs: int) -> str:
    lines = [f"| named query | rows (real) | real graph, {real_triples:,} triples: best / median ms "
             f"| rows (synthetic) | synthetic graph, {synthetic_triples:,} triples: best / median ms |",
             "|---|---:|---:|---:|---:|"]
    for name in real:
        r, s = real[name], synthetic[name]
        lines.append(f"| {name} | {r['rows']} | {r['best']:.1f} / {r['median']:.1f} | {s['rows']} "
                     f"| {s['best']:.1f} / {s['median']:.1f} |")
    return "\n".join(lines) + f"\n\n({runs} runs each after a warm-up, through the executor with one worker.)\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=ROOT / "var" / "store",
                        help="the built real store (default: var/store)")
    parser.add_argument("--data", type=Path, default=Path("/tmp/cyberkg-bench-named"),
                        help="where the synthetic store is written (reused)")
    parser.add_argument("--copies", type=int, default=11, help="copies of the country-specific part")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None, help="also write the table to this file")
    args = parser.parse_args()
    real_dir = args.store.resolve()
    real_manifest = json.loads((real_dir / "manifest.json").read_text())
    synthetic = build_synthetic(real_dir / "oxigraph", args.data / f"x{args.copies + 1}", args.copies)
    print(f"real graph {real_manifest['triples']:,} triples; synthetic {synthetic['triples']:,} triples",
          file=sys.stderr)
    real_times = measure(real_dir, args.runs)
    synthetic_times = measure(args.data / f"x{args.copies + 1}", args.runs)
    table = report(real_times, synthetic_times, real_manifest["triples"], synthetic["triples"], args.runs)
    print(table)
    if args.out:
        args.out.write_text(table)


if __name__ == "__main__":
    main()
