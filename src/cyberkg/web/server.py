"""Running the app on a production WSGI server: Granian, one process of ``threads`` threads.

Requests mostly wait on query workers, which are processes of their own, so one front
process shares one worker pool and one result cache. Granian parses HTTP in Rust: per
request it spends about a third of the CPU time of a pure-Python server (gunicorn's
gthread worker), which on a small machine is the difference between the front and the
query engine being the bottleneck for cheap queries (benchmarks/RESULTS.md).

The app is made in Granian's worker process by :func:`load_app`, from the settings that
:func:`run` puts into the environment (``CYBERKG_*``, the same variables a user sets).
"""

from __future__ import annotations

import os
from typing import Any

from cyberkg.settings import SETTINGS, Settings


def load_app() -> Any:
    """The app over the settings in the environment, its workers started (Granian's factory)."""
    from cyberkg.web.app import create_app
    app = create_app(Settings.load())
    app.after_request(_whole_body)
    app.extensions["cyberkg"].executor.wait_ready()
    return app


def _whole_body(response: Any) -> Any:
    """Hand a body that is already in memory to the server as a list, which Granian sends
    in one piece; otherwise Werkzeug wraps it in an iterator that Granian steps through with
    the GIL (about 25 us a request). Streamed bodies, HEAD and bodiless statuses are left
    as they are."""
    from flask import request
    if (response.is_sequence and request.method != "HEAD"
            and not (response.status_code < 200 or response.status_code in (204, 304))):
        response.direct_passthrough = True
    return response


def environment(settings: Settings) -> dict[str, str]:
    """``settings`` as ``CYBERKG_*`` variables, so that ``Settings.load()`` gives them back.

    >>> environment(Settings(port=8000))["CYBERKG_PORT"]
    '8000'
    """
    return {s.env_var: str(getattr(settings, s.name)) for s in SETTINGS}


def granian_options(settings: Settings) -> dict[str, Any]:
    """Granian's settings for ``settings``.

    >>> granian_options(Settings(host="::1", port=8000))["address"]
    '::1'
    """
    from granian.constants import Interfaces
    return {
        "address": settings.host,
        "port": settings.port,
        "interface": Interfaces.WSGI,
        "workers": 1,
        # A request waiting on a query holds one of these threads.
        "blocking_threads": settings.threads,
        "factory": True,
        "websockets": False,
        "log_access": settings.access_log,
        # A worker that does not stop within this is killed (the executor stops queries).
        "workers_kill_timeout": 10,
    }


def check_port_free(host: str, port: int) -> None:
    """Raise :class:`~cyberkg.errors.CyberkgError` when ``host:port`` is taken.

    Granian binds with SO_REUSEPORT, so a second server on a busy port would start silently
    and share the requests; a plain bind first makes the clash an error.
    """
    import socket
    from cyberkg.errors import CyberkgError
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise CyberkgError(f"cannot listen on {host}:{port} ({error.strerror}): is another "
                               "server running there? Choose a port with --port or CYBERKG_PORT") from None


def run(settings: Settings) -> None:
    """Serve until interrupted."""
    from granian import Granian
    check_port_free(settings.host, settings.port)
    os.environ.update(environment(settings))
    Granian("cyberkg.web.server:load_app", **granian_options(settings)).serve()
