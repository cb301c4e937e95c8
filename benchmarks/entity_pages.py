"""Benchmark: entity pages (HTML and Turtle) against the same descriptions queried in
process from pyoxigraph, in the same run, on the real graph and on a synthetic graph.

    python benchmarks/entity_pages.py                         # real graph (var/store) + 1m
    python benchmarks/entity_pages.py --graphs real --rounds 50
    python benchmarks/entity_pages.py --graphs 1m --data /tmp/cyberkg-bench

For each graph the app is made as `cyberkg serve` makes it (query workers, no result
cache in the way: entity pages are not cached server-side), and each entity's page is
requested through the WSGI interface (no network, no HTTP server: what is measured is the
app). The queries each page ran are recorded, then the same queries are run in this
process on the same store with pyoxigraph (opened read-only, union default graph, the
same prefixes) - the "raw" description. Rounds interleave page and raw runs, so both
see the same machine state. Printed per entity: p50 of raw, HTML and Turtle, and the
ratios HTML/raw and Turtle/raw; then the medians over all entities.

A "minimal" baseline is printed too: the entity's own quads, its incoming quads (one
page) and the labels of what they name, the least a description needs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

from pyoxigraph import Store  # noqa: E402

from cyberkg.rdf.namespaces import PREFIXES  # noqa: E402
from cyberkg.settings import Settings  # noqa: E402
from cyberkg.store.embedded import locate_store  # noqa: E402
from cyberkg.web.data import reads as rows  # noqa: E402
from cyberkg.web.http.urls import document_path  # noqa: E402

BASE = "https://w3id.org/cyberkg/"
REAL = ["id/country/KHM", "id/law/kh/draft-law-on-cybersecurity",
        "id/law/kh/draft-law-on-cybersecurity/v/2022-09-02",
        "id/law/kh/draft-law-on-cybersecurity/v/2022-09-02/provision/licensing-of-cybersecurity-services",
        "id/assessment/icj-access-now-2023-draft-cybersecurity-law/licensing-privacy",
        "id/org/kh/camcert", "id/right/privacy", "id/indicator/itu-cwp-2014/1.2.1",
        "id/doc/icj-access-now-2023-draft-cybersecurity-law", "id/obs/itu-cwp-2014/KHM/1.2.1"]
SYNTHETIC = ["id/country/C001", "id/law/c001/cybersecurity-law-0", "id/law/c001/cybersecurity-law-0/art/5",
             "id/assessment/bench-c001/0-5", "id/org/c001/agency-0", "id/indicator/bench/1.1",
             "id/right/privacy", "id/doc/bench-c001"]
MINIMAL = """SELECT ?g ?s ?p ?o ?l WHERE {{
  {{ GRAPH ?g {{ {this} ?p ?o }} BIND({this} AS ?s) OPTIONAL {{ ?o skos:prefLabel ?l }} }}
  UNION {{ {{ SELECT ?g ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p {this} }} }} LIMIT 100 }}
          BIND({this} AS ?o) OPTIONAL {{ ?s skos:prefLabel ?l }} }}
}}"""


@dataclass
class Timings:
    raw: list[float] = field(default_factory=list)
    minimal: list[float] = field(default_factory=list)
    html: list[float] = field(default_factory=list)
    turtle: list[float] = field(default_factory=list)
    queries: int = 0


def p50(values: list[float]) -> float:
    return statistics.median(values) * 1000


def record_queries(client, path: str, accept: str) -> list[str]:
    """The queries the page at ``path`` runs (through the executor), in order."""
    seen: list[str] = []
    original = rows.select

    def recording(query, max_rows=None, log=None):
        seen.append(query)
        return original(query, max_rows, log)

    rows.select = recording
    try:
        response = client.get(path, headers={"Accept": accept})
        assert response.status_code == 200, (path, response.status_code)
    finally:
        rows.select = original
    return seen


def run_raw(store: Store, queries: list[str]) -> None:
    for query in queries:
        for _ in store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True):
            pass


def bench(name: str, store_dir: Path, entities: list[str], rounds: int) -> dict[str, Timings]:
    from cyberkg.web import create_app
    settings = Settings.load({"store": str(store_dir), "workers": 2, "cache_size": 0}, environ={})
    app = create_app(settings)
    app.extensions["cyberkg"].executor.wait_ready()
    client = app.test_client()
    database, _ = locate_store(store_dir.resolve())
    store = Store.read_only(str(database))
    results: dict[str, Timings] = {}
    try:
        client.get("/search?q=warm")  # the search index and overview are built once per build
        for suffix in entities:
            iri = BASE + suffix
            html_path, ttl_path = document_path(iri, BASE), document_path(iri, BASE, "ttl")
            client.get(html_path, headers={"Accept": "text/html"})  # (per-build lists read once)
            queries = record_queries(client, html_path, "text/html")
            # The raw side runs the very queries the page ran, so both do the same work.
            minimal = [MINIMAL.format(this=rows.term(iri))]
            t = Timings(queries=len(queries))
            for _ in range(3):  # warm both sides
                client.get(html_path, headers={"Accept": "text/html"})
                run_raw(store, queries)
            for _ in range(rounds):
                start = time.perf_counter()
                run_raw(store, queries)
                t.raw.append(time.perf_counter() - start)
                start = time.perf_counter()
                run_raw(store, minimal)
                t.minimal.append(time.perf_counter() - start)
                start = time.perf_counter()
                response = client.get(html_path, headers={"Accept": "text/html"})
                t.html.append(time.perf_counter() - start)
                assert response.status_code == 200
                start = time.perf_counter()
                response = client.get(ttl_path)
                t.turtle.append(time.perf_counter() - start)
                assert response.status_code == 200
            results[suffix] = t
    finally:
        app.extensions["cyberkg"].executor.close()
        del store
    report(name, results)
    return results


def report(name: str, results: dict[str, Timings]) -> None:
    print(f"\n## {name}\n")
    print("| entity | queries | raw p50 ms | minimal p50 ms | HTML p50 ms | HTML/raw | Turtle p50 ms | Turtle/raw |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for suffix, t in results.items():
        raw, html, ttl = p50(t.raw), p50(t.html), p50(t.turtle)
        print(f"| {suffix} | {t.queries} | {raw:.1f} | {p50(t.minimal):.1f} | {html:.1f} | "
              f"{html / raw:.2f} | {ttl:.1f} | {ttl / raw:.2f} |")
    html_all = statistics.median(p50(t.html) for t in results.values())
    raw_all = statistics.median(p50(t.raw) for t in results.values())
    ratios = [p50(t.html) / p50(t.raw) for t in results.values()]
    ttl_ratios = [p50(t.turtle) / p50(t.raw) for t in results.values()]
    print(f"\nmedian over entities: HTML p50 {html_all:.1f} ms, raw p50 {raw_all:.1f} ms; "
          f"HTML/raw median {statistics.median(ratios):.2f} (max {max(ratios):.2f}); "
          f"Turtle/raw median {statistics.median(ttl_ratios):.2f} (max {max(ttl_ratios):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graphs", nargs="+", default=["real", "1m"], choices=["real", "100k", "1m", "10m"])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--store", default=None, help="the real graph's store (default: the settings')")
    parser.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "cyberkg-bench"),
                        help="where synthetic graphs are generated (reused when present)")
    args = parser.parse_args()
    for graph in args.graphs:
        if graph == "real":
            store = Path(args.store or Settings.load().store)
            if not store.exists():
                sys.exit(f"no store at {store}: run `cyberkg build` first")
            bench(f"real graph ({store.resolve().name})", store, REAL, args.rounds)
        else:
            directory = Path(args.data) / graph
            if not (directory / "manifest.json").exists():
                print(f"generating {graph} into {directory} …", flush=True)
                manifest = generate(graph, directory)
                print(f"  {manifest['triples']} triples", flush=True)
            bench(f"synthetic {graph}", directory, SYNTHETIC, args.rounds)


if __name__ == "__main__":
    main()
