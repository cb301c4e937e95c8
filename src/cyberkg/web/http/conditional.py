"""HTTP caching for the linked-data routes: validators from the dataset, and a
``Cache-Control`` fit for each kind of route.

- ``ETag``: weak, from the dataset version and what varies within one URL (the format
  chosen, the page), so a rebuilt graph changes every tag and two variants never share one;
- ``Last-Modified``: the build time of the store (its manifest's ``built_at``);
- ``If-None-Match`` / ``If-Modified-Since`` answered 304 *before* any query runs.

A store without a manifest has neither validator: nothing says when its content changes.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import Response, request

from cyberkg.web.http.runtime import runtime

#: Cache-Control per kind of route. Descriptions change only with a rebuild, so caches
#: may keep them an hour and then revalidate cheaply; dump files are named by version and
#: never change; search results are kept shorter since people refine queries.
POLICIES: dict[str, str] = {
    "redirect": "public, max-age=3600",
    "document": "public, max-age=3600",
    "page": "public, max-age=3600",
    "search": "public, max-age=300",
    "dump": "public, max-age=31536000, immutable",
    "static-text": "public, max-age=86400",
}


def etag(variant: str) -> str | None:
    """The entity tag of ``variant`` (route, format, parameters) in the served dataset."""
    version = runtime().version
    if version is None:
        return None
    digest = hashlib.sha256(variant.encode()).hexdigest()[:16]
    return f"{version}-{digest}"


def last_modified() -> datetime | None:
    built = runtime().manifest.get("built_at")
    if not built:
        return None
    try:
        return datetime.fromisoformat(built)
    except ValueError:
        return None


def not_modified(variant: str, policy: str, headers: dict[str, str] | None = None) -> Response | None:
    """A 304 when the client's validators match ``variant``, else None (go on and build it)."""
    tag = etag(variant)
    if tag is None or request.method not in ("GET", "HEAD"):
        return None
    if request.if_none_match:
        fresh = request.if_none_match.contains_weak(tag)
    else:
        since, modified = request.if_modified_since, last_modified()
        fresh = since is not None and modified is not None and modified.replace(microsecond=0) <= since
    if not fresh:
        return None
    response = Response(status=304)
    response.headers.update(headers or {})
    return finish(response, variant, policy)


def finish(response: Response, variant: str, policy: str) -> Response:
    """Add the validators of ``variant`` and the ``Cache-Control`` of ``policy``."""
    tag = etag(variant)
    if tag is not None:
        response.set_etag(tag, weak=True)
        modified = last_modified()
        if modified is not None:
            response.last_modified = modified
    response.headers["Cache-Control"] = POLICIES[policy]
    return response
