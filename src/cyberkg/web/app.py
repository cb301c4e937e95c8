"""The application factory: ``create_app(settings)`` builds a fresh app over a built store.

Settings come from defaults, then ``CYBERKG_*`` environment variables, then the mapping
given (or a ready :class:`~cyberkg.settings.Settings`). Nothing happens at import time.

The store is pinned when the app is made: its symlink is resolved, so a rebuild while
serving never mixes two dataset versions (restart to serve a new build).
"""

from __future__ import annotations

import atexit
from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping

from flask import Flask

from cyberkg.executor import Executor
from cyberkg.settings import Settings
from cyberkg.store import locate_store
from cyberkg.web import cors, errors, queries, sparql, views
from cyberkg.web.cache import ResultCache
from cyberkg.web.runtime import Runtime


def create_app(settings: Settings | Mapping[str, Any] | None = None) -> Flask:
    """Return a new Flask app serving the store that ``settings`` name.

    Raises :class:`~cyberkg.errors.StoreNotFound` when there is no store there.
    """
    if not isinstance(settings, Settings):
        settings = Settings.load(settings)
    store_dir = Path(settings.store).resolve()
    _, manifest = locate_store(store_dir)
    settings = replace(settings, store=str(store_dir))

    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=settings.max_request_bytes,
                      MAX_FORM_MEMORY_SIZE=settings.max_request_bytes)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    executor = Executor(settings)
    atexit.register(executor.close)
    app.extensions["cyberkg"] = Runtime(settings, executor, ResultCache(settings.cache_size),
                                        manifest)
    errors.init_app(app)
    cors.init_app(app)
    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(queries.blueprint)
    app.register_blueprint(views.blueprint)
    return app
