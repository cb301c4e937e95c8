"""Benchmark: cyberkg's /sparql against Oxigraph server and in-process pyoxigraph, over the
same store in the same run, with three workloads and the issue's targets.

    pip install -e '.[bench]'                 # oxigraph (the server) as well
    python benchmarks/run.py                  # 100k and 1M triples, concurrency 4, ~6 min
    python benchmarks/run.py --sizes 10m      # the 10M graph (generated once, ~90 s)

Workloads (each request's parameters come from a seeded generator, so every system gets
the same requests in the same order):

- ``cheap``: entity description, incoming links, label search, DESCRIBE, each about an
  entity drawn from thousands and carrying the request's number in a comment, so no two
  requests are the same text and none can be answered from cyberkg's result cache;
- ``bound``: the aggregate per pillar and year, countries lacking an indicator in a year
  (query-bound: the engine's evaluation dominates), unique in the same way;
- ``zipf``: a pool of distinct queries of all six kinds, requested with Zipf-distributed
  ranks (s = 1.1), so popular queries repeat, as on a public endpoint.

cyberkg runs as `cyberkg serve` with its default settings (result cache on, default
workers and threads); Oxigraph server as `oxigraph serve-read-only --union-default-graph`
(it has no result cache). Targets, at 1M triples and concurrency 4, as ratios of
throughput cyberkg ÷ Oxigraph server: cheap ≥ 0.5, bound ≥ 0.9, zipf ≥ 1.5.

The load generator (N threads, each one request at a time) shares the machine with the
servers. Each workload runs in rounds in which the systems take turns, so that a passing
disturbance (another process on the machine) is spread over all three; throughput is
requests completed ÷ the time until the last one finished. The load average before and
after each size is printed, since other work on the machine moves the numbers.
"""

from __future__ import annotations

import argparse
import bisect
import http.client
import itertools
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).parent))
from generate import (AGENCIES, COUNTRIES, PER_PILLAR, PILLARS, PROVISIONS, SIZES, country,  # noqa: E402
                      generate, indicator, law, period, pillar)

from pyoxigraph import QueryResultsFormat, QueryTriples, RdfFormat, Store  # noqa: E402

PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX ck: <https://w3id.org/cyberkg/def/cyberkg#>
PREFIX schema: <https://schema.org/>
"""
ID = "https://w3id.org/cyberkg/id/"
TARGETS = {"cheap": 0.5, "bound": 0.9, "zipf": 1.5}
TARGET_SIZE, TARGET_CONCURRENCY = "1m", 4
CHEAP, BOUND = ("entity", "incoming", "search", "describe"), ("aggregate", "lacking")
ZIPF_POOL, ZIPF_S = 1000, 1.1


def entity(rng: random.Random, laws: int) -> str:
    """A country, an agency, a law or a provision (about 5,600 at 1M triples)."""
    c = rng.randrange(COUNTRIES)
    pick = rng.randrange(4)
    if pick == 0:
        return country(c)
    if pick == 1:
        return f"{ID}org/c{c:03d}/agency-{rng.randrange(AGENCIES)}"
    work = law(c, rng.randrange(laws))
    return work if pick == 2 else f"{work}/art/{rng.randrange(1, PROVISIONS + 1)}"


def query(kind: str, rng: random.Random, periods: int, laws: int) -> str:
    """A query of ``kind`` with parameters from ``rng``."""
    if kind == "entity":
        return f"SELECT ?p ?o WHERE {{ <{entity(rng, laws)}> ?p ?o }}"
    if kind == "incoming":
        return f"SELECT ?s ?p WHERE {{ ?s ?p <{entity(rng, laws)}> }} LIMIT 100"
    if kind == "search":
        return PREFIXES + f"""SELECT ?s ?l WHERE {{ ?s skos:prefLabel ?l
  FILTER(CONTAINS(LCASE(STR(?l)), "agency {rng.randrange(AGENCIES)} of country {rng.randrange(COUNTRIES):03d}")) }} LIMIT 50"""
    if kind == "describe":
        return f"DESCRIBE <{entity(rng, laws)}>"
    p, k = rng.randrange(1, PILLARS + 1), rng.randrange(1, PER_PILLAR + 1)
    if kind == "aggregate":
        return PREFIXES + f"""SELECT ?year (AVG(?v) AS ?mean) (COUNT(*) AS ?n) WHERE {{
  ?o ck:indicator ?i ; sdmx-dimension:refPeriod ?year ; sdmx-measure:obsValue ?v .
  ?i skos:broader <{pillar(p)}> .
}} GROUP BY ?year ORDER BY ?year"""
    assert kind == "lacking", kind
    return PREFIXES + f"""SELECT ?c WHERE {{
  ?c a schema:Country .
  MINUS {{ ?o sdmx-dimension:refArea ?c ; ck:indicator <{indicator(p, k)}> ;
    sdmx-dimension:refPeriod "{period(rng.randrange(periods))}"^^<http://www.w3.org/2001/XMLSchema#gYear> ;
    ck:status <{ID}concept/status/present> }}
}}"""


# A workload gives each client thread a function: request number → (kind, query text).
Workload = Callable[[int, int], Callable[[int], "tuple[str, str]"]]


def unique(kinds: tuple[str, ...], periods: int, laws: int, tag: str) -> Workload:
    def for_thread(thread: int, seed: int) -> Callable[[int], tuple[str, str]]:
        rng = random.Random(seed * 1000 + thread)

        def nth(i: int) -> tuple[str, str]:
            kind = kinds[i % len(kinds)]
            return kind, query(kind, rng, periods, laws) + f"\n# {tag} request {seed}.{thread}.{i}"
        return nth
    return for_thread


def zipf(periods: int, laws: int) -> tuple[Workload, dict[str, int]]:
    rng, pool, seen = random.Random(7), [], set()
    kinds = itertools.cycle(CHEAP[:2] + BOUND + CHEAP[2:])
    for attempt in range(ZIPF_POOL * 50):
        kind = next(kinds)
        text = query(kind, rng, periods, laws)
        if text not in seen:
            seen.add(text)
            pool.append((kind, text))
        if len(pool) == ZIPF_POOL:
            break
    rng.shuffle(pool)
    cumulative = list(itertools.accumulate(1 / (rank + 1) ** ZIPF_S for rank in range(len(pool))))
    composition = {k: sum(1 for kind, _ in pool if kind == k) for k in CHEAP + BOUND}

    def for_thread(thread: int, seed: int) -> Callable[[int], tuple[str, str]]:
        draw = random.Random(seed * 1000 + thread)
        return lambda i: pool[bisect.bisect(cumulative, draw.random() * cumulative[-1])]
    return for_thread, composition


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    per_kind: dict[str, list[float]] = field(default_factory=dict)
    #: Seconds from the start until the last request finished (requests under way at the
    #: deadline are finished and counted, so this is a little over the time asked for).
    elapsed: float = 0.0


class HttpSystem:
    def __init__(self, name: str, url: str) -> None:
        self.name = name
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port, self.path = parsed.hostname, parsed.port, parsed.path

    def client(self) -> Callable[[str], bool]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)

        def run(text: str) -> bool:
            accept = "text/turtle" if text.startswith("DESCRIBE") else "application/sparql-results+json"
            connection.request("GET", self.path + "?" + urllib.parse.urlencode({"query": text}),
                               headers={"Accept": accept})
            response = connection.getresponse()
            response.read()
            return response.status == 200
        return run


class InProcess:
    name = "pyoxigraph in-process"

    def __init__(self, store: Store) -> None:
        self.store = store

    def client(self) -> Callable[[str], bool]:
        def run(text: str) -> bool:
            results = self.store.query(text, use_default_graph_as_union=True)
            if isinstance(results, QueryTriples):
                results.serialize(format=RdfFormat.TURTLE)
            else:
                results.serialize(format=QueryResultsFormat.JSON)
            return True
        return run


def load(system, workload: Workload, concurrency: int, seconds: float, seed: int,
         outcome: Outcome | None = None) -> Outcome:
    """Run ``workload`` against ``system`` for ``seconds``; add to ``outcome`` and return it."""
    outcome, lock = outcome or Outcome(), threading.Lock()
    started = time.monotonic()
    deadline = started + seconds

    def worker(thread: int) -> None:
        nth, run = workload(thread, seed), system.client()
        for i in itertools.count():
            if time.monotonic() >= deadline:
                return
            kind, text = nth(i)
            started = time.perf_counter()
            try:
                ok = run(text)
            except Exception:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    outcome.latencies.append(elapsed)
                    outcome.per_kind.setdefault(kind, []).append(elapsed)
                else:
                    outcome.errors += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outcome.elapsed += time.monotonic() - started
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
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url}: the server exited")
        try:
            if HttpSystem("probe", url).client()("ASK {}"):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def generated(size: str, data: Path) -> Path:
    """The synthetic store of ``size`` under ``data``, generated first if it is not there."""
    directory = data / size
    if not (directory / "manifest.json").exists():
        shutil.rmtree(directory, ignore_errors=True)
        print(f"generating {size} …", flush=True)
        manifest = generate(size, directory)
        print(f"  {manifest['triples']} triples in {manifest['generated_seconds']} s", flush=True)
    return directory


def start_servers(directory: Path, options: list[str]) -> tuple[list[subprocess.Popen], dict[str, str]]:
    cyberkg_port, oxigraph_port = free_port(), free_port()
    cyberkg = subprocess.Popen(
        [sys.executable, "-m", "cyberkg.cli", "--store", str(directory), "serve", "--port",
         str(cyberkg_port), *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
    parser.add_argument("--sizes", nargs="+", default=["100k", "1m"], choices=list(SIZES),
                        help="Graph sizes (10m: ~10M triples, generated once; not run by default).")
    parser.add_argument("--workloads", nargs="+", default=list(TARGETS), choices=list(TARGETS))
    parser.add_argument("--concurrency", nargs="+", type=int, default=[TARGET_CONCURRENCY])
    parser.add_argument("--seconds", type=float, default=18.0,
                        help="Load time of each system per workload, split over the rounds.")
    parser.add_argument("--rounds", type=int, default=6,
                        help="The systems take turns this many times per workload, so that a "
                             "passing disturbance on the machine does not hit one system only.")
    parser.add_argument("--serve-option", action="append", default=[], metavar="OPTION",
                        help="Pass an option to `cyberkg serve` (e.g. --serve-option=--workers=4).")
    parser.add_argument("--data", type=Path, default=Path("/tmp/cyberkg-bench"),
                        help="Where the generated stores go (reused when present).")
    args = parser.parse_args()

    rows = []
    print(f"machine: {os.cpu_count()} CPUs; {args.seconds:g} s per system and workload in "
          f"{args.rounds} rounds; "
          f"cyberkg serve {' '.join(args.serve_option) or '(defaults)'}", flush=True)
    for size in args.sizes:
        periods, laws = SIZES[size]
        directory = generated(size, args.data)
        zipf_workload, composition = zipf(periods, laws)
        print(f"{size}: zipf pool of {sum(composition.values())} distinct queries: "
              + ", ".join(f"{n} {k}" for k, n in composition.items()), flush=True)
        workloads = {"cheap": unique(CHEAP, periods, laws, "cheap"),
                     "bound": unique(BOUND, periods, laws, "bound"), "zipf": zipf_workload}
        print(f"{size}: load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
              flush=True)
        processes, urls = start_servers(directory, args.serve_option)
        store = Store.read_only(str(directory / "oxigraph"))
        systems = [HttpSystem(name, url) for name, url in urls.items()] + [InProcess(store)]
        try:
            warm = unique(CHEAP + BOUND, periods, laws, "warm-up")
            for system in systems:  # a second of each: connections, the page cache
                load(system, warm, 1, 1.0, seed=0)
            for concurrency, name in itertools.product(args.concurrency, args.workloads):
                outcomes = {system.name: Outcome() for system in systems}
                for turn in range(args.rounds):
                    for system in systems:
                        load(system, workloads[name], concurrency, args.seconds / args.rounds,
                             seed=concurrency * 100 + turn, outcome=outcomes[system.name])
                for system in systems:
                    row = Row(size, name, system.name, concurrency, outcomes[system.name])
                    rows.append(row)
                    print(row.line(), flush=True)
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
                process.wait(30)
            del store
        print(f"{size}: load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
              "(the servers' own load included)", flush=True)
    report(rows)


@dataclass
class Row:
    size: str
    workload: str
    system: str
    concurrency: int
    outcome: Outcome

    @property
    def rate(self) -> float:
        return len(self.outcome.latencies) / self.outcome.elapsed

    def p(self, q: float) -> float:
        return percentile(self.outcome.latencies, q) * 1000

    def line(self) -> str:
        return (f"{self.size:>5} {self.workload:<6} {self.system:<22} c={self.concurrency:<3} "
                f"{len(self.outcome.latencies):>6} req {self.outcome.errors:>3} err "
                f"{self.rate:>8.1f} req/s  p50 {self.p(0.5):>8.1f} ms  p99 {self.p(0.99):>8.1f} ms")


def report(rows: list[Row]) -> None:
    print("\n| size | workload | system | c | requests | errors | req/s | p50 ms | p99 ms |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r.size} | {r.workload} | {r.system} | {r.concurrency} | "
              f"{len(r.outcome.latencies)} | {r.outcome.errors} | {r.rate:.1f} | {r.p(0.5):.1f} | "
              f"{r.p(0.99):.1f} |")
    index = {(r.size, r.workload, r.system, r.concurrency): r for r in rows}
    print("\nTargets: throughput cyberkg ÷ Oxigraph server (the issue's targets are at "
          f"{TARGET_SIZE}, c={TARGET_CONCURRENCY}); p50 and p99 ratios, and throughput ÷ "
          "in-process pyoxigraph, for reference")
    print("| size | c | workload | req/s ÷ Oxigraph | target | result | p50 ÷ | p99 ÷ | req/s ÷ in-process |")
    print("|---|---:|---|---:|---:|---|---:|---:|---:|")
    for r in rows:
        if r.system != "cyberkg /sparql":
            continue
        server = index[(r.size, r.workload, "Oxigraph server", r.concurrency)]
        local = index[(r.size, r.workload, "pyoxigraph in-process", r.concurrency)]
        ratio, target = r.rate / server.rate, TARGETS[r.workload]
        official = (r.size, r.concurrency) == (TARGET_SIZE, TARGET_CONCURRENCY)
        verdict = ("PASS" if ratio >= target else "MISS") + ("" if official else " (not a target size)")
        print(f"| {r.size} | {r.concurrency} | {r.workload} | {ratio:.2f}× | ≥ {target}× | {verdict} | "
              f"{r.p(0.5) / server.p(0.5):.2f}× | {r.p(0.99) / server.p(0.99):.2f}× | "
              f"{r.rate / local.rate:.2f}× |")
    report_kind_latencies(rows)


def report_kind_latencies(rows: list[Row]) -> None:
    """The median latency of each query kind, per row, as a Markdown table."""
    print("\nMedian latency per query kind (ms)")
    kinds = list(CHEAP + BOUND)
    print("| size | c | workload | system | " + " | ".join(kinds) + " |")
    print("|---|---:|---|---|" + "---:|" * len(kinds))
    for r in rows:
        cells = [percentile(r.outcome.per_kind[k], 0.5) * 1000 if k in r.outcome.per_kind else None
                 for k in kinds]
        print(f"| {r.size} | {r.concurrency} | {r.workload} | {r.system} | "
              + " | ".join("" if c is None else f"{c:.1f}" for c in cells) + " |")


if __name__ == "__main__":
    main()
