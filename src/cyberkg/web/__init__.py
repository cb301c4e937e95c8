"""The web service: a Flask app made by :func:`create_app`, one blueprint per concern."""

from __future__ import annotations

from cyberkg.web.app import create_app

__all__ = ["create_app"]
