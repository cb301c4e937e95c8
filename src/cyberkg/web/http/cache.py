"""A bounded in-memory cache of small query responses, least recently used out first.

Keys include the dataset version, so a rebuilt store never serves an old answer.

>>> cache = ResultCache(max_bytes=100)
>>> cache.put("a", CachedResponse({"Content-Type": "text/csv"}, b"x" * 10))
>>> cache.get("a").body
b'xxxxxxxxxx'
>>> cache.put("big", CachedResponse({}, b"x" * 60))  # over an eighth of the cache: not kept
>>> cache.get("big") is None
True
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class CachedResponse:
    headers: dict[str, str]
    body: bytes


class ResultCache:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[str, CachedResponse] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedResponse | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: CachedResponse) -> None:
        """Keep ``entry`` unless it is larger than an eighth of the cache."""
        if len(entry.body) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self._entries[key] = entry
            self.size += len(entry.body)
            while self.size > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self.size -= len(evicted.body)

    def __len__(self) -> int:
        return len(self._entries)
