"""Benchmark: cyberkg's /sparql against in-process pyoxigraph and Oxigraph server, over the
same store in the same run, with a fixed query mix at concurrency 1, 4 and 16.

    pip install -e '.[bench]'                       # oxigraph (the server) as well
    python benchmarks/run.py --sizes 100k 1m --seconds 8

For each size the synthetic graph of benchmarks/generate.py is generated once (into
--data, reused when present), then for each system and concurrency a bounded load
generator (N threads, each one request at a time, for --seconds) sends the query mix
in a fixed order with seeded parameters. It prints requests, errors, throughput, p50 and
p99 latency, then the ratios cyberkg / Oxigraph server and cyberkg / in-process.

cyberkg runs as `cyberkg serve` (gunicorn) with its result cache off, so that every
request runs its query; Oxigraph server runs `oxigraph serve-read-only
--union-default-graph`. Client and servers share the machine: on a small machine the
load generator's own CPU use is part of what is measured.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import COUNTRIES, PER_PILLAR, PILLARS, SIZES, country, generate, indicator, law, period, pillar  # noqa: E402

from pyoxigraph import QueryResultsFormat, QueryTriples, RdfFormat, Store  # noqa: E402

PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX ck: <https://w3id.org/cyberkg/def/cyberkg#>
PREFIX schema: <https://schema.org/>
"""


def mix(rng: random.Random, periods: int, laws: int) -> list[tuple[str, str]]:
    """One round of the query mix: (name, query) for each kind, parameters from ``rng``."""
    c = country(rng.randrange(COUNTRIES))
    p, k = rng.randrange(1, PILLARS + 1), rng.randrange(1, PER_PILLAR + 1)
    return [
        ("entity", f"SELECT ?p ?o WHERE {{ <{c}> ?p ?o }}"),
        ("incoming", f"SELECT ?s ?p WHERE {{ ?s ?p <{c}> }} LIMIT 100"),
        ("aggregate", PREFIXES + f"""SELECT ?year (AVG(?v) AS ?mean) (COUNT(*) AS ?n) WHERE {{
  ?o ck:indicator ?i ; sdmx-dimension:refPeriod ?year ; sdmx-measure:obsValue ?v .
  ?i skos:broader <{pillar(p)}> .
}} GROUP BY ?year ORDER BY ?year"""),
        ("lacking", PREFIXES + f"""SELECT ?c WHERE {{
  ?c a schema:Country .
  MINUS {{ ?o sdmx-dimension:refArea ?c ; ck:indicator <{indicator(p, k)}> ;
    sdmx-dimension:refPeriod "{period(rng.randrange(periods))}"^^<http://www.w3.org/2001/XMLSchema#gYear> ;
    ck:status <https://w3id.org/cyberkg/id/concept/status/present> }}
}}"""),
        ("search", PREFIXES + f"""SELECT ?s ?l WHERE {{ ?s skos:prefLabel ?l
  FILTER(CONTAINS(LCASE(STR(?l)), "agency {rng.randrange(5)} of country {rng.randrange(COUNTRIES):03d}")) }} LIMIT 50"""),
        ("describe", f"DESCRIBE <{law(rng.randrange(COUNTRIES), rng.randrange(laws))}>"),
    ]


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    per_query: dict[str, list[float]] = field(default_factory=dict)


class HttpSystem:
    def __init__(self, name: str, url: str) -> None:
        self.name = name
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port, self.path = parsed.hostname, parsed.port, parsed.path

    def client(self):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)

        def run(query: str) -> bool:
            accept = "text/turtle" if query.startswith("DESCRIBE") else "application/sparql-results+json"
            connection.request("GET", self.path + "?" + urllib.parse.urlencode({"query": query}),
                               headers={"Accept": accept})
            response = connection.getresponse()
            response.read()
            return response.status == 200
        return run


class InProcess:
    name = "pyoxigraph in-process"

    def __init__(self, store: Store) -> None:
        self.store = store

    def client(self):
        def run(query: str) -> bool:
            results = self.store.query(query, use_default_graph_as_union=True)
            if isinstance(results, QueryTriples):
                results.serialize(format=RdfFormat.TURTLE)
            else:
                results.serialize(format=QueryResultsFormat.JSON)
            return True
        return run


def load(system, concurrency: int, seconds: float, periods: int, laws: int) -> Outcome:
    outcome, lock = Outcome(), threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rng, run = random.Random(seed), system.client()
        while time.monotonic() < deadline:
            for name, query in mix(rng, periods, laws):
                started = time.perf_counter()
                try:
                    ok = run(query)
                except Exception:
                    ok = False
                elapsed = time.perf_counter() - started
                with lock:
                    if ok:
                        outcome.latencies.append(elapsed)
                        outcome.per_query.setdefault(name, []).append(elapsed)
                    else:
                        outcome.errors += 1
                if time.monotonic() >= deadline:
                    return

    threads = [threading.Thread(target=worker, args=(1000 + i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcome


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen) -> None:
    system = HttpSystem("probe", url)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url}: the server exited")
        try:
            if system.client()("ASK {}"):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def start_servers(directory: Path, workers: int) -> tuple[list[subprocess.Popen], dict[str, str]]:
    cyberkg_port, oxigraph_port = free_port(), free_port()
    env = {**os.environ, "CYBERKG_CACHE_SIZE": "0"}
    cyberkg = subprocess.Popen(
        [sys.executable, "-m", "cyberkg.cli", "--store", str(directory), "serve", "--port",
         str(cyberkg_port), "--workers", str(workers), "--threads", "32"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    oxigraph = subprocess.Popen(
        [shutil.which("oxigraph") or "oxigraph", "serve-read-only", "--location",
         str(directory / "oxigraph"), "--bind", f"127.0.0.1:{oxigraph_port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    urls = {"cyberkg /sparql": f"http://127.0.0.1:{cyberkg_port}/sparql",
            "Oxigraph server": f"http://127.0.0.1:{oxigraph_port}/query"}
    for url, process in zip(urls.values(), (cyberkg, oxigraph)):
        wait_for(url, process)
    return [cyberkg, oxigraph], urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["100k", "1m"], choices=list(SIZES))
    parser.add_argument("--concurrency", nargs="+", type=int, default=[1, 4, 16])
    parser.add_argument("--seconds", type=float, default=8.0, help="Duration of each load run.")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="cyberkg query worker processes.")
    parser.add_argument("--data", type=Path, default=Path("/tmp/cyberkg-bench"),
                        help="Where the generated stores go (reused when present).")
    args = parser.parse_args()

    rows = []
    print(f"machine: {os.cpu_count()} CPUs; {args.seconds:g} s per run; cyberkg workers={args.workers}")
    for size in args.sizes:
        periods, laws = SIZES[size]
        directory = args.data / size
        if not (directory / "manifest.json").exists():
            shutil.rmtree(directory, ignore_errors=True)
            print(f"generating {size} …", flush=True)
            manifest = generate(size, directory)
            print(f"  {manifest['triples']} triples in {manifest['generated_seconds']} s", flush=True)
        processes, urls = start_servers(directory, args.workers)
        store = Store.read_only(str(directory / "oxigraph"))
        systems = [HttpSystem(name, url) for name, url in urls.items()] + [InProcess(store)]
        try:
            for system in systems:  # warm caches: one round of the mix
                load(system, 1, 0.0, periods, laws)
            for concurrency in args.concurrency:
                for system in systems:
                    outcome = load(system, concurrency, args.seconds, periods, laws)
                    row = (size, system.name, concurrency, len(outcome.latencies), outcome.errors,
                           len(outcome.latencies) / args.seconds,
                           percentile(outcome.latencies, 0.5) * 1000,
                           percentile(outcome.latencies, 0.99) * 1000,
                           {k: statistics.median(v) * 1000 for k, v in outcome.per_query.items()})
                    rows.append(row)
                    print(f"{size:>5} {system.name:<22} c={concurrency:<3} {row[3]:>6} req "
                          f"{row[4]:>3} err {row[5]:>8.1f} req/s  p50 {row[6]:>8.1f} ms  "
                          f"p99 {row[7]:>8.1f} ms", flush=True)
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
                process.wait(30)
            del store
    report(rows)


def report(rows: list) -> None:
    print("\n| size | system | concurrency | requests | errors | req/s | p50 ms | p99 ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for size, name, c, n, errors, rate, p50, p99, _ in rows:
        print(f"| {size} | {name} | {c} | {n} | {errors} | {rate:.1f} | {p50:.1f} | {p99:.1f} |")
    print("\nRatios (cyberkg ÷ other): throughput, p50 latency, p99 latency")
    print("| size | concurrency | vs Oxigraph server | vs in-process pyoxigraph |")
    print("|---|---:|---|---|")
    index = {(r[0], r[1], r[2]): r for r in rows}
    for size, name, c, *_ in rows:
        if name != "cyberkg /sparql":
            continue
        ours = index[(size, name, c)]
        cells = []
        for other in ("Oxigraph server", "pyoxigraph in-process"):
            them = index[(size, other, c)]
            cells.append(f"{ours[5] / them[5]:.2f}× req/s, {ours[6] / them[6]:.2f}× p50, "
                         f"{ours[7] / them[7]:.2f}× p99")
        print(f"| {size} | {c} | {cells[0]} | {cells[1]} |")
    print("\nMedian latency per query kind at concurrency 1 (ms)")
    kinds = sorted({k for r in rows for k in r[8]})
    print("| size | system | " + " | ".join(kinds) + " |")
    print("|---|---|" + "---:|" * len(kinds))
    for size, name, c, *_, per_query in rows:
        if c == 1:
            print(f"| {size} | {name} | " + " | ".join(f"{per_query.get(k, float('nan')):.1f}"
                                                    for k in kinds) + " |")


if __name__ == "__main__":
    main()
