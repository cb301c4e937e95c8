"""Where the sections of a profile start: pillar and section headings, and the footer.

A heading is a number of the 2014 framework and the first word of its title, on one line
("1.2.1 CIRT") or split over lines with blank lines between ("1.1.2" /
"REGULATION AND COMPLIANCE"); a stray list dash before the number is tolerated. A
section's body runs to the next heading, or to the footer (:data:`FOOTER_LINE`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cyberkg.ingest.itu_profiles.model import PILLAR_HEADINGS, SECTION_HEADINGS

_ALL_HEADINGS = {**PILLAR_HEADINGS, **SECTION_HEADINGS}
_CODE = r"[12](?:\.[1-5](?:\.[1-4])?)?"
_HEADING_LINE = re.compile(
    rf"^[ \t]*-?[ \t]*(?P<code>{_CODE})\.?(?:[ \t]+(?P<title>[A-Z][A-Z0-9 \t&/\-]*?))?[ \t]*$")
_TITLE_LINE = re.compile(r"^[ \t]*(?P<title>[A-Z][A-Z0-9 \t&/\-]*?)[ \t]*$")
# The footer ends the last section's body; a page number is not part of any body.
FOOTER_LINE = re.compile(r"^\s*(?:-{10,}|DISCLAIMER\b|More information is available|"
                         r"Last updated\b)", re.I)
PAGE_NUMBER = re.compile(r"^\s*\d{1,2}\s*$")


def _title_matches(code: str, title: str) -> bool:
    expected = _ALL_HEADINGS.get(code)
    if expected is None:
        return False
    words = re.findall(r"[A-Z]+", title.upper())
    return bool(words) and words[0] == re.findall(r"[A-Z]+", expected)[0]


@dataclass
class Heading:
    """A heading as found: its code and title, and which lines it takes."""

    code: str
    title: str
    line: int          # index of the line holding the number
    end: int           # index of the first line after the heading
    raw: str


def find_headings(lines: list[str]) -> list[Heading]:
    """All pillar and section headings, in order, with the heading number and title on one
    line ("1.2.1 CIRT") or split over two lines with blank lines between ("1.1.2" /
    "REGULATION AND COMPLIANCE"), a stray list dash before the number tolerated."""
    found: list[Heading] = []
    i = 0
    while i < len(lines):
        m = _HEADING_LINE.match(lines[i])
        if m:
            code, title = m["code"], m["title"]
            if title:
                if _title_matches(code, title):
                    found.append(Heading(code, re.sub(r"\s+", " ", title).strip(), i, i + 1,
                                         lines[i].strip()))
                    i += 1
                    continue
            else:
                j = i + 1
                while j < len(lines) and not lines[j].strip() and j - i <= 4:
                    j += 1
                t = _TITLE_LINE.match(lines[j]) if j < len(lines) else None
                if t and _title_matches(code, t["title"]):
                    found.append(Heading(code, re.sub(r"\s+", " ", t["title"]).strip(), i,
                                         j + 1, lines[i].strip()))
                    i = j + 1
                    continue
        i += 1
    return found
