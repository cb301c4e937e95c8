"""The application factory: ``create_app(settings)`` builds a fresh app over a built store.

Settings come from defaults, then ``CYBERKG_*`` environment variables, then the mapping
given (or a ready :class:`~cyberkg.settings.Settings`). Nothing happens at import time.

The store's symlink is followed while serving (:mod:`cyberkg.web.http.runtime`): a new build
is served without a restart, and one request never sees two dataset versions. Every
blueprint is registered here, and only here.
"""

from __future__ import annotations

from typing import Any, Mapping

from flask import Flask

from cyberkg.settings import Settings
from cyberkg.web import templating
from cyberkg.web.data.overview import State
from cyberkg.web.entities import routes as entities
from cyberkg.web.http import cors, error_pages, runtime
from cyberkg.web.site import ontology_docs, pages, search, void
from cyberkg.web.sparql import endpoint as sparql
from cyberkg.web.workbench import queries, views

BLUEPRINTS = (sparql.blueprint, queries.blueprint, views.blueprint, entities.blueprint,
              pages.blueprint, search.blueprint, void.blueprint, ontology_docs.blueprint)


def create_app(settings: Settings | Mapping[str, Any] | None = None) -> Flask:
    """Return a new Flask app serving the store that ``settings`` name.

    Raises :class:`~cyberkg.errors.StoreNotFound` when there is no store there.
    """
    if not isinstance(settings, Settings):
        settings = Settings.load(settings)
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=settings.max_request_bytes,
                      MAX_FORM_MEMORY_SIZE=settings.max_request_bytes)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    runtime.init_app(app, settings)
    error_pages.init_app(app)
    cors.init_app(app)
    app.extensions["cyberkg.linked_data"] = State()
    templating.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    return app
