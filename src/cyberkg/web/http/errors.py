"""HTTP errors: a small hierarchy with the status on the class, and one handler.

    HTTPError (500)
     ├── BadRequest (400)
     ├── Forbidden (403)
     ├── NotFound (404)
     ├── MethodNotAllowed (405, ``Allow``)
     ├── NotAcceptable (406, the formats there are)
     ├── URITooLong (414)
     ├── UnsupportedMediaType (415)
     ├── BadGateway (502: the remote engine failed)
     ├── ServiceUnavailable (503, ``Retry-After``)
     └── GatewayTimeout (504: the remote engine ran out of time)

Every error, whatever raised it (these classes, the executor's domain errors mapped in
:data:`DOMAIN_STATUS`, Werkzeug's own, or a bug), becomes one of these
(:func:`as_http_error`), which :mod:`cyberkg.web.http.error_pages` writes.
"""

from __future__ import annotations

import logging
import re

from flask import request
from werkzeug.exceptions import HTTPException

from cyberkg import errors as domain_errors

log = logging.getLogger(__name__)


class HTTPError(Exception):
    status = 500
    title = "Internal Server Error"

    def __init__(self, message: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message or self.title)
        self.message = message or self.title
        self.headers = headers or {}


class BadRequest(HTTPError):
    status, title = 400, "Bad Request"


class Forbidden(HTTPError):
    status, title = 403, "Forbidden"


class NotFound(HTTPError):
    status, title = 404, "Not Found"


class MethodNotAllowed(HTTPError):
    status, title = 405, "Method Not Allowed"

    def __init__(self, message: str, allowed: list[str]) -> None:
        super().__init__(message, {"Allow": ", ".join(allowed)})


class NotAcceptable(HTTPError):
    status, title = 406, "Not Acceptable"


class URITooLong(HTTPError):
    status, title = 414, "URI Too Long"


class UnsupportedMediaType(HTTPError):
    status, title = 415, "Unsupported Media Type"


class ServiceUnavailable(HTTPError):
    status, title = 503, "Service Unavailable"

    def __init__(self, message: str | None = None, retry_after: int = 5) -> None:
        super().__init__(message, {"Retry-After": str(retry_after)})


class BadGateway(HTTPError):
    status, title = 502, "Bad Gateway"


class GatewayTimeout(HTTPError):
    status, title = 504, "Gateway Timeout"


#: How a remote engine's failure (:class:`domain_errors.EngineFailed`, by ``kind``) is answered.
ENGINE_STATUS: dict[str, type[HTTPError]] = {
    "unavailable": ServiceUnavailable, "timeout": GatewayTimeout, "error": BadGateway}

#: The executor's domain errors and the HTTP error each becomes.
DOMAIN_STATUS: dict[type[Exception], type[HTTPError]] = {
    domain_errors.QuerySyntaxError: BadRequest,
    domain_errors.ServiceRefused: Forbidden,
    domain_errors.FormatNotAcceptable: NotAcceptable,
    domain_errors.QueryTimeout: ServiceUnavailable,
    domain_errors.QueryOutOfMemory: ServiceUnavailable,
    domain_errors.ExecutorBusy: ServiceUnavailable,
    domain_errors.ExecutionFailed: HTTPError,
}


def as_http_error(error: Exception) -> HTTPError:
    """The :class:`HTTPError` to answer ``error`` with."""
    if isinstance(error, HTTPError):
        return error
    if isinstance(error, domain_errors.EngineFailed):
        return ENGINE_STATUS.get(error.kind, BadGateway)(str(error))
    for domain, http in DOMAIN_STATUS.items():
        if isinstance(error, domain):
            return http(_domain_message(error))
    if isinstance(error, HTTPException):
        converted = HTTPError(error.description or error.name)
        converted.status, converted.title = error.code or 500, error.name
        if getattr(error, "valid_methods", None):
            converted.headers["Allow"] = ", ".join(error.valid_methods)
        return converted
    log.exception("unhandled error on %s %s", request.method, request.path)
    return HTTPError("an internal error occurred; it has been logged")


def _domain_message(error: Exception) -> str:
    if isinstance(error, domain_errors.QuerySyntaxError) and error.position:
        line, column = error.position
        detail = re.sub(r"^error at \d+:\d+:\s*", "", str(error))
        return f"syntax error at line {line}, column {column}: {detail}"
    return str(error)
