"""Dumps of the whole graph, named by dataset version: N-Quads (gzip) and TriG."""

from __future__ import annotations

import gzip
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from cyberkg.namespaces import PREFIXES


def write_dumps(store: Store, directory: Path, version: str) -> dict[str, str]:
    """Write ``cyberkg-{version}.nq.gz`` and ``cyberkg-{version}.trig`` into ``directory``.

    Returns {format name: file name}. The gzip header carries no timestamp, so the same
    store gives the same bytes.
    """
    directory.mkdir(parents=True, exist_ok=True)
    nquads = f"cyberkg-{version}.nq.gz"
    with open(directory / nquads, "wb") as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        store.dump(out, RdfFormat.N_QUADS)
    trig = f"cyberkg-{version}.trig"
    store.dump(str(directory / trig), RdfFormat.TRIG, prefixes=PREFIXES)
    return {"n-quads": nquads, "trig": trig}
