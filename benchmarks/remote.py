"""Benchmark: the endpoint benchmark's query mix (benchmarks/run.py) through cyberkg on the
embedded store, through cyberkg on Virtuoso, and on Virtuoso directly, in one run.

    pip install -e '.[bench]'                        # plus Debian's virtuoso-opensource
    python benchmarks/remote.py                      # 100k triples, concurrency 4
    python benchmarks/remote.py --sizes 100k 1m      # the 1M graph too (its load takes minutes)

Each size's generated store (benchmarks/generate.py) is loaded into a fresh Virtuoso on
loopback with `cyberkg load`'s loader (the load time is printed), then the three systems
take turns in rounds on each workload (``cheap``, ``bound``, ``zipf``, as in run.py).
cyberkg runs as `cyberkg serve` with its defaults in both cases; over Virtuoso it sends
every query with the dataset's graphs as its default and named graphs (cyberkg's rule), while
"Virtuoso direct" gets the query text as it is (its default graph is every graph it holds).
Ratios are throughput ÷ Virtuoso direct.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import SIZES  # noqa: E402
from run import (BOUND, CHEAP, HttpSystem, Outcome, Row, free_port, generated, load,  # noqa: E402
                 report_kind_latencies, unique, wait_for, zipf)

from cyberkg.testing.engines import Virtuoso  # noqa: E402
from cyberkg.build.publish import Publisher  # noqa: E402

SYSTEMS = ("cyberkg embedded", "cyberkg on Virtuoso", "Virtuoso direct")


def serve(store: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cyberkg.cli", "--store", store, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    wait_for(url, process)
    return process, url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["100k"], choices=list(SIZES))
    parser.add_argument("--workloads", nargs="+", default=["cheap", "bound", "zipf"])
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path("/tmp/cyberkg-bench"))
    parser.add_argument("--virtuoso-memory-mb", type=int, default=2048)
    args = parser.parse_args()

    rows: list[Row] = []
    loads = []
    for size in args.sizes:
        periods, laws = SIZES[size]
        directory = generated(size, args.data)
        engine_dir = Path(tempfile.mkdtemp(prefix=f"cyberkg-virtuoso-{size}-"))
        virtuoso = Virtuoso(engine_dir, memory_mb=args.virtuoso_memory_mb).start()
        processes = []
        try:
            started = time.perf_counter()
            report = Publisher(directory, virtuoso.query_url, virtuoso.credentials).publish()
            seconds = time.perf_counter() - started
            loads.append((size, report.triples, report.graphs, seconds))
            print(f"{size}: loaded {report.triples} triples in {report.graphs} graphs into "
                  f"Virtuoso in {seconds:.1f} s (staged {report.seconds['staged']} s)", flush=True)
            embedded, embedded_url = serve(str(directory))
            remote, remote_url = serve(virtuoso.store_setting)
            processes = [embedded, remote]
            systems = [HttpSystem(SYSTEMS[0], embedded_url), HttpSystem(SYSTEMS[1], remote_url),
                       HttpSystem(SYSTEMS[2], virtuoso.query_url)]
            zipf_workload, _ = zipf(periods, laws)
            workloads = {"cheap": unique(CHEAP, periods, laws, "cheap"),
                         "bound": unique(BOUND, periods, laws, "bound"), "zipf": zipf_workload}
            warm = unique(CHEAP + BOUND, periods, laws, "warm-up")
            for system in systems:
                load(system, warm, 1, 1.0, seed=0)
            for name in args.workloads:
                outcomes = {system.name: Outcome() for system in systems}
                for turn in range(args.rounds):
                    for system in systems:
                        load(system, workloads[name], args.concurrency, args.seconds / args.rounds,
                             seed=args.concurrency * 100 + turn, outcome=outcomes[system.name])
                for system in systems:
                    row = Row(size, name, system.name, args.concurrency, outcomes[system.name])
                    rows.append(row)
                    print(row.line(), flush=True)
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
                process.wait(30)
            virtuoso.stop()
            shutil.rmtree(engine_dir, ignore_errors=True)
    report_table(rows, loads)


def report_table(rows: list[Row], loads: list[tuple[str, int, int, float]]) -> None:
    print(f"\nmachine: {os.cpu_count()} CPUs; load average now "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("\n| size | triples | graphs | load into Virtuoso (s) |\n|---|---:|---:|---:|")
    for size, triples, graphs, seconds in loads:
        print(f"| {size} | {triples} | {graphs} | {seconds:.1f} |")
    print("\n| size | workload | system | c | requests | errors | req/s | p50 ms | p99 ms | req/s ÷ Virtuoso direct |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    index = {(r.size, r.workload, r.system): r for r in rows}
    for r in rows:
        direct = index[(r.size, r.workload, SYSTEMS[2])]
        print(f"| {r.size} | {r.workload} | {r.system} | {r.concurrency} | {len(r.outcome.latencies)} | "
              f"{r.outcome.errors} | {r.rate:.1f} | {r.p(0.5):.1f} | {r.p(0.99):.1f} | "
              f"{r.rate / direct.rate:.2f}× |")
    report_kind_latencies(rows)

if __name__ == "__main__":
    main()
