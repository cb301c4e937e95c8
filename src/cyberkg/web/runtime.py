"""What the views of one app share, kept in ``app.extensions["cyberkg"]``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from cyberkg.executor import Executor
from cyberkg.settings import Settings
from cyberkg.web.cache import ResultCache


@dataclass
class Runtime:
    """Settings, the one query executor, the result cache and the store's manifest."""

    settings: Settings
    executor: Executor
    cache: ResultCache
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str | None:
        """The dataset version, or None for a store without a manifest (then nothing is
        cached or tagged, since nothing says when its content changes)."""
        return self.manifest.get("version")


def runtime() -> Runtime:
    """The current app's :class:`Runtime`."""
    return current_app.extensions["cyberkg"]
