"""The one error handler: every error is answered in one shape, JSON
``{"error": message, "status": code}`` for API clients, a small HTML page (every value
escaped) for browsers, with ``Cache-Control: no-store`` and ``Vary: Accept``."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, json, render_template

from cyberkg.web.http import negotiation
from cyberkg.web.http.errors import as_http_error


def error_response(error: Exception) -> Response:
    http = as_http_error(error)
    payload: dict[str, Any] = {"error": http.message, "status": http.status}
    if not negotiation.wants_json(default=True):
        body = render_template("error.html", title=http.title, **payload)
        response = Response(body, http.status, mimetype="text/html")
    else:
        response = Response(json.dumps(payload) + "\n", http.status, mimetype="application/json")
    response.headers.update(http.headers)
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Accept")
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(Exception, error_response)
