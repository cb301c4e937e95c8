"""Starting the local SPARQL engines of the tests (:mod:`cyberkg.testing.engines`) so that
each is the server that answers on its port.

``LocalEngine.start()`` returns once *a* server answers on the engine's port. A port
picked free may be taken by another process before the engine binds it (Virtuoso binds
its HTTP port seconds after it starts, later on a busy machine; on a shared machine other
suites start servers and engines too). Then another server answers there, the engine
exits a moment later (Virtuoso: "Failed HTTP listen"), and the tests load, query, stop
or hang a stranger (shown here: a Virtuoso started on an Oxigraph server's port was
"started" at once, then exited with status 255).
"""

from __future__ import annotations

import os
from pathlib import Path

from cyberkg.testing.engines import ENGINES, LocalEngine


def listens(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds the socket listening on IPv4 ``port`` (Linux: the
    socket's inode in /proc/net/tcp among the process's descriptors); True where /proc
    cannot tell."""
    try:
        table = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return True
    listening = {f"socket:[{fields[9]}]" for fields in map(str.split, table)
                 if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port}
    descriptors = Path(f"/proc/{pid}/fd")
    try:
        names = os.listdir(descriptors)
    except OSError:  # it has exited
        return False
    for name in names:
        try:
            if os.readlink(descriptors / name) in listening:
                return True
        except OSError:  # closed meanwhile
            continue
    return False


def start_engine(kind: str, directory: Path) -> LocalEngine:
    """A started engine of ``kind`` over ``directory`` that is the server answering on its
    port; one whose port another server holds is stopped and started on another port."""
    for _ in range(3):
        engine = ENGINES[kind](directory).start()
        if listens(engine.process.pid, engine.port):
            return engine
        engine.stop()
    raise AssertionError(f"{kind}: another process answered on each port picked for it")
