"""Load generation with wrk (Debian's `wrk`, a C program): the queries of a workload are
written to a file once, and wrk's threads send them as SPARQL GET requests, so the
generator costs the machine little next to the server it measures.

Each wrk thread takes every T-th line of the file from its own offset (T threads), so a
workload of unique queries stays unique across threads; a Zipf workload's file is a
sequence already drawn with repeats.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

LUA = r"""
local paths, n, step, i = {}, 0, 1, 0
function setup(thread)
  thread:set("offset", counter or 0)
  counter = (counter or 0) + 1
end
function init(args)
  for line in io.lines(args[1]) do n = n + 1; paths[n] = line end
  step = tonumber(args[2])
  i = tonumber(offset or 0)
end
function request()
  local path = paths[(i % n) + 1]
  i = i + step
  return wrk.format("GET", path, {["Accept"] =
    "application/sparql-results+json, application/n-triples;q=0.9, */*;q=0.1"})
end
"""


@dataclass
class WrkResult:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Successful answers per second."""
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0

    def median(self, values: list[float]) -> float:
        return statistics.median(values) if values else 0.0


def available() -> str | None:
    """None when wrk can run, else why not."""
    return None if shutil.which("wrk") else "wrk is not installed (Debian: apt install wrk)"


def write_queries(texts: list[str], path: str, directory: Path) -> Path:
    """One request target per line: ``{path}?query=…``."""
    out = Path(tempfile.mkstemp(dir=directory, suffix=".paths")[1])
    with open(out, "w") as file:
        for text in texts:
            file.write(f"{path}?{urllib.parse.urlencode({'query': text})}\n")
    return out


def run(url: str, queries: Path, concurrency: int, seconds: float,
        result: WrkResult | None = None) -> WrkResult:
    """Run wrk against ``url``'s host with the request targets in ``queries``; add to
    ``result``. Threads: up to two (the machine's other cores serve)."""
    result = result or WrkResult()
    parts = urllib.parse.urlsplit(url)
    threads = min(2, concurrency)
    script = queries.with_suffix(".lua")
    script.write_text(LUA)
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{seconds:g}s", "--latency",
         "--timeout", "60s", "-s", str(script), f"{parts.scheme}://{parts.netloc}/", "--",
         str(queries), str(threads)], capture_output=True, text=True, check=True).stdout
    done = re.search(r"(\d+) requests in ([\d.]+)(m?s)", out)
    if done:
        result.requests += int(done.group(1))
        result.seconds += float(done.group(2)) / (1000 if done.group(3) == "ms" else 1)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result.errors += (int(bad.group(1)) if bad else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    for q, into in (("50", result.p50), ("99", result.p99)):
        found = re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if found:
            into.append(float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)])
    return result
