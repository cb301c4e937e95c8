"""Benchmark: cyberkg fronts scale out over one engine. One Virtuoso on loopback (loaded with
`cyberkg load --graph-security`); then, in one run and in rounds, the same workloads against
one `cyberkg serve` replica directly, against HAProxy (Debian `haproxy`) with that one
replica behind it (the balancer's own cost), and against HAProxy with two replicas
(round robin, no sticky sessions: every replica answers every URL the same). Load by wrk.

    python benchmarks/replicas.py                  # 100k triples, c=8
    python benchmarks/replicas.py --sizes 1m

The machine's load average is printed before and after: on a 2-core machine the replicas,
the engine and wrk share the cores, so the figures show what a second front process adds
there, not what a second machine would.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import SIZES  # noqa: E402
from remote import serve, workload_files  # noqa: E402
from run import free_port, generated, wait_for  # noqa: E402
import wrk_load  # noqa: E402

from cyberkg.build.publish import Publisher  # noqa: E402
from cyberkg.testing.engines import Virtuoso  # noqa: E402

HAPROXY = """global
    maxconn 1024
defaults
    mode http
    timeout connect 5s
    timeout client 120s
    timeout server 120s
frontend cyberkg
    bind 127.0.0.1:{port}
    default_backend fronts
backend fronts
    balance roundrobin
{servers}
"""


def haproxy(replicas: list[str], directory: Path) -> tuple[subprocess.Popen, str]:
    """HAProxy on a loopback port in front of the replicas' /sparql URLs."""
    port = free_port()
    servers = "\n".join(f"    server front{n} {url.split('/')[2]}" for n, url in enumerate(replicas))
    config = directory / f"haproxy-{port}.cfg"
    config.write_text(HAPROXY.format(port=port, servers=servers))
    process = subprocess.Popen(["haproxy", "-f", str(config)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    wait_for(url, process)
    return process, url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["100k"], choices=list(SIZES))
    parser.add_argument("--workloads", nargs="+", default=["cheap", "zipf"])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=12.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path("/tmp/cyberkg-bench"))
    parser.add_argument("--queries", type=int, default=40_000)
    args = parser.parse_args()
    for missing in (wrk_load.available(), None if shutil.which("haproxy") else
                    "haproxy is not installed (Debian: apt install haproxy)"):
        if missing:
            sys.exit(missing)
    print(f"machine: {os.cpu_count()} CPUs; load average before "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    rows = []
    for size in args.sizes:
        periods, laws = SIZES[size]
        directory = generated(size, args.data)
        engine_dir = Path(tempfile.mkdtemp(prefix=f"cyberkg-replicas-{size}-"))
        virtuoso = Virtuoso(engine_dir).start()
        processes: list[subprocess.Popen] = []
        try:
            Publisher(directory, virtuoso.query_url, virtuoso.credentials, graph_security=True).publish()
            first, first_url = serve(virtuoso.store_setting)
            second, second_url = serve(virtuoso.store_setting)
            one_lb, one_lb_url = haproxy([first_url], engine_dir)
            two_lb, two_lb_url = haproxy([first_url, second_url], engine_dir)
            processes = [first, second, one_lb, two_lb]
            systems = [("one replica", first_url), ("HAProxy + one replica", one_lb_url),
                       ("HAProxy + two replicas", two_lb_url)]
            files = workload_files(periods, laws, args.queries, engine_dir)
            for _, url in systems:
                wrk_load.run(url, files["warm-up"], 1, 2)
            wrk_load.run(second_url, files["warm-up"], 1, 2)
            for name in args.workloads:
                results = {system: wrk_load.WrkResult() for system, _ in systems}
                for _ in range(args.rounds):
                    for system, url in systems:
                        wrk_load.run(url, files[name], args.concurrency, args.seconds / args.rounds,
                                     results[system])
                for system, _ in systems:
                    r = results[system]
                    rows.append((size, name, system, r))
                    print(f"{size} {name:5} {system:24} {r.rate:9.1f} req/s  p50 {r.median(r.p50):.1f} ms  "
                          f"p99 {r.median(r.p99):.1f} ms  errors {r.errors}", flush=True)
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
                process.wait(30)
            virtuoso.stop()
            shutil.rmtree(engine_dir, ignore_errors=True)
    print(f"\nmachine: {os.cpu_count()} CPUs; load average after "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("\n| size | workload | system | c | answers | errors | req/s | p50 ms | p99 ms | ÷ one replica |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    index = {(size, workload, system): r for size, workload, system, r in rows}
    for size, workload, system, r in rows:
        base = index[(size, workload, "one replica")]
        print(f"| {size} | {workload} | {system} | {args.concurrency} | {r.requests - r.errors} | "
              f"{r.errors} | {r.rate:.1f} | {r.median(r.p50):.1f} | {r.median(r.p99):.1f} | "
              f"{r.rate / base.rate if base.rate else 0:.2f}× |")


if __name__ == "__main__":
    main()
