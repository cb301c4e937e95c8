"""cyberkg: a linked-data knowledge graph of national cybersecurity governance."""

from __future__ import annotations

__version__ = "0.1.0"
