"""The Content-Security-Policy of cyberkg's HTML answers."""

from __future__ import annotations

from typing import Any


def security_headers(response: Any) -> Any:
    """A Content-Security-Policy that allows this site's own files only (pages, scripts,
    styles, images), so that nothing reflected into a page can load or run anything."""
    if response.mimetype == "text/html":
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'; form-action 'self'")
    return response
