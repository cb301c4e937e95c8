"""CORS for every response (DESIGN §4): any origin may read, never with credentials."""

from __future__ import annotations

import re

from flask import Flask, Response, request

#: Response headers scripts on other origins may read.
EXPOSED = "Link, Content-Location, ETag, Cyberkg-Result-Truncated, Retry-After"
ALLOWED_HEADERS = "Accept, Content-Type, If-None-Match, Cache-Control"
_HEADER_LIST = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*")


def add_cors_headers(response: Response) -> Response:
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = "*"
    headers["Access-Control-Expose-Headers"] = EXPOSED
    if request.method == "OPTIONS":  # a preflight, or a client asking what it may do
        headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
        asked = request.headers.get("Access-Control-Request-Headers", "").strip()
        # Without credentials, letting a script send any well-formed header name is safe.
        headers["Access-Control-Allow-Headers"] = asked if _HEADER_LIST.fullmatch(asked) \
            else ALLOWED_HEADERS
        headers["Access-Control-Max-Age"] = "86400"
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_cors_headers)
