"""Running the app on a production WSGI server: gunicorn, one process of ``threads``
threads (requests mostly wait on query workers, which are processes of their own, so one
front process shares one worker pool and one cache)."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from cyberkg.settings import Settings


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        for name, value in gunicorn_options(self.settings).items():
            if name in self.cfg.settings:  # (settings newer than the installed gunicorn: skipped)
                self.cfg.set(name, value)

    def load(self) -> Any:
        from cyberkg.web import create_app
        app = create_app(self.settings)
        app.extensions["cyberkg"].executor.wait_ready()
        return app


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    """gunicorn's settings for ``settings``.

    >>> gunicorn_options(Settings(host="::1", port=8000))["bind"]
    ['[::1]:8000']
    """
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return {
        "bind": [f"{host}:{settings.port}"],
        "workers": 1,
        "worker_class": "gthread",
        "threads": settings.threads,
        # gunicorn's own watchdog must outlive the longest query (which the executor stops).
        "timeout": int(settings.query_timeout) + 30,
        "graceful_timeout": 10,
        "keepalive": 5,
        # The longest request line gunicorn allows; longer queries must be POSTed.
        "limit_request_line": 8190,
        "accesslog": "-",
        "errorlog": "-",
        "proc_name": "cyberkg",
        "control_socket_disable": True,  # gunicorn ≥ 25 would open ~/.gunicorn/gunicorn.ctl
    }


def run(settings: Settings) -> None:
    """Serve until interrupted."""
    _Gunicorn(settings).run()
