"""One mapping of a curation file, read field by field with its checks (slugs, dates, URLs,
code-list values); every problem is collected as ``file:line: reason``."""

from __future__ import annotations

import re
from datetime import date as Date

from cyberkg.curation.codes import CodeLists
from cyberkg.curation.records import Where
from cyberkg.curation.yaml_text import Mapping, Sequence, Text

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ORG_ID = re.compile(r"^([a-z]{2}/)?[a-z0-9]+(-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class Entry:
    """One mapping of a curation file, read field by field; problems go to ``problems``."""

    def __init__(self, value, keys: tuple[str, ...], what: str, file: str,
                 problems: list[str], line: int = 0) -> None:
        self.file, self.problems, self.what = file, problems, what
        if not isinstance(value, Mapping):
            self.map = Mapping()
            self.map.line, self.map.key_lines = getattr(value, "line", line), {}
            problems.append(f"{self.file}:{self.map.line}: {what} must be a mapping of keys to values")
            self.ok = False
            return
        self.map, self.ok = value, True
        for key in value:
            if key not in keys:
                self.problem(key, f"unknown key '{key}' in {what} (known: {', '.join(keys)})")

    @property
    def where(self) -> Where:
        return Where(self.file, self.map.line)

    def line(self, key: str) -> int:
        return self.map.key_lines.get(key, self.map.line)

    def problem(self, key: str | None, reason: str) -> None:
        self.ok = False
        line = self.line(key) if key else self.map.line
        self.problems.append(f"{self.file}:{line}: {reason}")

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.map.get(key)
        if value is None:
            if required:
                self.problem(None, f"{self.what} needs '{key}'")
            return None
        if not isinstance(value, Text):
            self.problem(key, f"'{key}' must be a single value, not a list or mapping")
            return None
        return str(value)

    def texts(self, key: str) -> list[str]:
        value = self.map.get(key)
        if value is None:
            return []
        items = value if isinstance(value, Sequence) else [value]
        if not all(isinstance(v, Text) for v in items):
            self.problem(key, f"'{key}' must be a list of values")
            return []
        return [str(v) for v in items]

    def matching(self, key: str, pattern: re.Pattern, rule: str, required: bool = False) -> str | None:
        value = self.text(key, required)
        if value is not None and not pattern.match(value):
            self.problem(key, f"'{key}' is '{value}': {rule}")
            return None
        return value

    def date(self, key: str, required: bool = False, full: bool = False) -> str | None:
        value = self.matching(key, DATE, "write a date as YYYY-MM-DD, YYYY-MM or YYYY", required)
        if value is None:
            return None
        parts = [int(p) for p in value.split("-")]
        try:
            Date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            self.problem(key, f"'{key}' is '{value}', which is not a calendar date")
            return None
        if full and len(parts) < 3:
            self.problem(key, f"'{key}' must be a full date (YYYY-MM-DD)")
            return None
        return value

    def code(self, key: str, scheme: str, codes: CodeLists, required: bool = True) -> str | None:
        value = self.text(key, required)
        return self.known(key, value, scheme, codes) if value is not None else None

    def codes(self, key: str, scheme: str, codes: CodeLists) -> list[str]:
        return [v for v in self.texts(key) if self.known(key, v, scheme, codes)]

    def known(self, key: str, value: str, scheme: str, codes: CodeLists) -> str | None:
        if value not in codes.schemes.get(scheme, {}):
            self.problem(key, f"'{key}' is '{value}', not in the {scheme} scheme "
                              f"(one of: {codes.allowed(scheme)})")
            return None
        return value

    def boolean(self, key: str) -> bool:
        value = (self.text(key) or "no").lower()
        if value not in ("yes", "no", "true", "false"):
            self.problem(key, f"'{key}' must be yes or no, not '{value}'")
        return value in ("yes", "true")
