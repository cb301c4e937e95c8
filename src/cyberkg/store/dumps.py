"""Dumps of the whole graph, named by dataset version: N-Quads (gzip) and TriG."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from pyoxigraph import RdfFormat, Store

from cyberkg.rdf.namespaces import PREFIXES


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


_LOCK = threading.Lock()


def fetched_dumps(store: Any) -> Path:
    """The dumps of a remote store's dataset, written once per engine and version into a
    local cache (the engine has no dump cyberkg can rely on) and kept there.

    Raises the engine's failure when it cannot be read; a half-written cache is never used.
    """
    engine = hashlib.sha256(store.endpoint.encode()).hexdigest()[:12]
    directory = Path(tempfile.gettempdir()) / "cyberkg-dumps" / engine / store.version
    with _LOCK:
        if not directory.is_dir():
            directory.parent.mkdir(parents=True, exist_ok=True)
            draft = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".draft-"))
            try:
                write_dumps(store.whole_dataset(), draft, store.version)
                os.rename(draft, directory)
            finally:
                shutil.rmtree(draft, ignore_errors=True)
    return directory
