"""The header of a profile: country name, background figures, last-updated date.

The header is everything above the first heading: the title "CYBERWELLNESS PROFILE", the
country name in capitals (a flag caption and URLs may follow), then BACKGROUND with the
total population and the share of internet users, each with its stated data source,
laid out in one column, two columns, or stacked. The "Last updated" date is in the
footer. A value that cannot be read is ``None`` and a warning says why.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from cyberkg.ingest.itu_profiles.decoding import collapse_spaces
from cyberkg.ingest.itu_profiles.model import Figure

# the title above the country name; a text without it (and without headings) is no profile
PROFILE_TITLE = re.compile(r"CYBER\s*WELLNESS\s+PROFILE", re.I)
_BACKGROUND = re.compile(r"^\s*BACK\s*G?ROUND\b", re.I)
_POP_LABEL = re.compile(r"Total\s+Population\s*(?::\s*)+", re.I)
_NET_LABEL = re.compile(r"Internet\s+users\s*,?\s*(?:percentage\s+of\s+population)?\s*(?::\s*)*",
                        re.I)
_SOURCE = re.compile(r"\(\s*data\s+source\s*:", re.I)
_SMALL_WORDS = {"of", "and", "the", "de", "da", "du", "des", "la", "le", "et", "y", "del", "for",
                "on", "in"}


def _title_case_word(word: str, first: bool) -> str:
    if not word:
        return word
    lower = word.lower()
    if not first and lower in _SMALL_WORDS:
        return lower
    for apos in ("\u2019", "'"):
        if apos in word:
            head, _, tail = word.partition(apos)
            if head.lower() in ("d", "l") and not first:
                return head.lower() + apos + _title_case_word(tail, True)
            if tail.lower() in ("s", ""):
                return _title_case_word(head, first) + apos + tail.lower()
            return _title_case_word(head, first) + apos + _title_case_word(tail, True)
    if "-" in word:
        return "-".join(_title_case_word(p, True) for p in word.split("-"))
    if word.startswith("(") and len(word) > 1:
        return "(" + _title_case_word(word[1:], first)
    if word.endswith(")") and len(word) > 1:
        return _title_case_word(word[:-1], first) + ")"
    return word[:1].upper() + word[1:].lower()


def title_case(name: str) -> str:
    """'CÔTE D’IVOIRE' -> 'Côte d’Ivoire', 'SUDAN (REPUBLIC OF)' -> 'Sudan (Republic of)'.

    >>> title_case("DEMOCRATIC PEOPLE’S REPUBLIC OF KOREA"), title_case("GUINEA-BISSAU")
    ('Democratic People’s Republic of Korea', 'Guinea-Bissau')
    """
    words = collapse_spaces(name).split(" ")
    return " ".join(_title_case_word(w, i == 0) for i, w in enumerate(words))


def _is_upper_line(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and "HTTP" not in s.upper()[:4]


def read_country_name(header_lines: list[str]) -> str | None:
    """The all-capitals lines after the title "CYBERWELLNESS PROFILE" and before BACKGROUND
    (flag image captions and URLs in between are mixed case and are skipped)."""
    parts: list[str] = []
    started = False
    for line in header_lines:
        m = PROFILE_TITLE.search(line)
        if m:
            started = True
            rest = line[m.end():].strip()
            if rest and _is_upper_line(rest):
                parts.append(rest)
            continue
        if not started:
            continue
        if _BACKGROUND.match(line) or _POP_LABEL.search(line):
            break
        s = line.strip()
        if not s:
            continue
        if _is_upper_line(s) and not re.search(r"https?://|www\.|\.svg|\.png", s, re.I):
            parts.append(s)
        elif parts:
            break       # the name is done; a flag caption follows
    if not parts:
        return None
    return title_case(" ".join(parts))


def _columns(line: str, split_at: int | None) -> tuple[str, str]:
    """Split a header line into its left and right column."""
    sources = [m.start() for m in _SOURCE.finditer(line)]
    if len(sources) >= 2:
        return line[:sources[1]], line[sources[1]:]
    label = _NET_LABEL.search(line)
    if label and label.start() > 0 and line[:label.start()].strip():
        return line[:label.start()], line[label.start():]
    if sources and sources[0] > 0 and not line[:sources[0]].strip():
        # only a right-hand source, indented to the right column
        if split_at is None or sources[0] >= split_at - 10:
            return "", line
    if split_at is not None and len(line) > split_at and line[:split_at].strip() and \
            re.match(r"\s{3,}", line[split_at - 3:split_at]) and line[split_at:].strip():
        return line[:split_at], line[split_at:]
    return line, ""


def _header_texts(header_lines: list[str]) -> tuple[str, str, bool]:
    """(population text, internet users text, two-column layout?) from the header lines."""
    split_at = None
    for line in header_lines:
        pop, net = _POP_LABEL.search(line), _NET_LABEL.search(line)
        if pop and net and net.start() > pop.start():
            split_at = net.start()
            break
    if split_at is None:
        # one column: population part = from its label to the internet label
        text = "\n".join(header_lines)
        p, n = _POP_LABEL.search(text), _NET_LABEL.search(text)
        if not p or not n:
            return (text[p.start():] if p else ""), (text[n.start():] if n else ""), False
        if p.start() < n.start():
            pop_text, net_text = text[p.start():n.start()], text[n.start():]
        else:
            pop_text, net_text = text[p.start():], text[n.start():p.start()]
        # stacked layout: "Population / Internet users / (source) / (source)"
        if not _SOURCE.search(pop_text):
            srcs = list(_SOURCE.finditer(net_text))
            if len(srcs) >= 2:
                pop_text += " " + net_text[srcs[0].start():srcs[1].start()]
                net_text = net_text[:srcs[0].start()] + net_text[srcs[1].start():]
        return pop_text, net_text, False
    left, right = [], []
    for line in header_lines:
        if not line.strip():
            continue
        lcol, rcol = _columns(line, split_at)
        left.append(lcol)
        right.append(rcol)
    left_text, right_text = "\n".join(left), "\n".join(right)
    p = _POP_LABEL.search(left_text)
    n = _NET_LABEL.search(right_text)
    return (left_text[p.start():] if p else ""), (right_text[n.start():] if n else ""), True


def read_figures(header_lines: list[str], warnings: list[str]) -> tuple[Figure | None, Figure | None]:
    """(total population, internet users) from the header's lines."""
    pop_text, net_text, _ = _header_texts(header_lines)
    population = _population(pop_text, warnings) if pop_text else None
    internet = _internet_users(net_text, warnings) if net_text else None
    if not pop_text:
        warnings.append("no 'Total Population' line")
    if not net_text:
        warnings.append("no 'Internet users' line")
    return population, internet


def _stated_source(text: str) -> str | None:
    m = _SOURCE.search(text)
    if not m:
        return None
    depth, out = 1, []
    for ch in text[m.end():]:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                break
        out.append(ch)
    src = collapse_spaces("".join(out)).strip(" ,;")
    src = re.sub(r"\s+,", ",", src)
    src = re.sub(r",(?=\S)", ", ", src)
    return src or None


def _population(text: str, warnings: list[str]) -> Figure | None:
    m = _POP_LABEL.search(text)
    body = text[m.end():] if m else text
    value_text = collapse_spaces(_SOURCE.split(body)[0])
    value_text = re.split(r"\s{3,}|\n", value_text)[0].strip()
    source = _stated_source(body)
    mm = re.match(r"^([\d.,]+)\s*(million|billion)\b", value_text, re.I)
    if mm:
        try:
            factor = 10 ** 6 if mm.group(2).lower() == "million" else 10 ** 9
            value = int(Decimal(mm.group(1).replace(",", ".")) * factor)
        except InvalidOperation:
            value = None
        if value is not None:
            warnings.append(f"population printed as {value_text!r}; read as {value}")
            return Figure(value, source)
    mm = re.match(r"^(\d[\d\s,.\u00a0]*\d|\d)(?!\s*%)", value_text)
    if not mm:
        warnings.append(f"population not given (printed {value_text or 'nothing'!r})")
        return None
    printed = mm.group(1).strip()
    groups = [g for g in re.split(r"[\s,.\u00a0]+", printed) if g]
    value = int("".join(groups))
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        warnings.append(f"population {printed!r} has irregular digit grouping; read as {value}")
    return Figure(value, source)


def _internet_users(text: str, warnings: list[str]) -> Figure | None:
    m = _NET_LABEL.search(text)
    body = text[m.end():] if m else text
    value_text = collapse_spaces(_SOURCE.split(body)[0])
    source = _stated_source(body)
    mm = re.match(r"^(\d+)(?:\s*([.,:])\s*(\d+))?\s*%", value_text) or \
        re.match(r"^(\d+)(?:([.,:])(\d+))?\s*$", value_text)
    if not mm:
        warnings.append(f"internet users not given (printed {value_text[:30] or 'nothing'!r})")
        return None
    if mm.group(2) and mm.group(2) != ".":
        warnings.append(f"internet users {value_text[:12]!r}: {mm.group(2)!r} read as a decimal point")
    number = mm.group(1) + ("." + mm.group(3) if mm.group(3) else "")
    return Figure(Decimal(number), source)


_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_LAST_UPDATED = re.compile(
    r"Last\s+updated\s*(?:on)?\s*:?\s*(\d{1,2})\s*(?:st|nd|rd|th)?\s+([A-Za-z]+)\s*,?\s*(\d{4})",
    re.I)


def read_last_updated(text: str, warnings: list[str]) -> date | None:
    """The date of the profile's "Last updated" line (day, month name, year)."""
    m = _LAST_UPDATED.search(text)
    if not m:
        if re.search(r"Last\s+updated", text, re.I):
            warnings.append("'Last updated' line without a readable date")
        else:
            warnings.append("no 'Last updated' date")
        return None
    month = _MONTHS.get(m.group(2).lower()) or next(
        (v for k, v in _MONTHS.items() if len(m.group(2)) >= 3 and k.startswith(m.group(2).lower())),
        None)
    try:
        return date(int(m.group(3)), month or 0, int(m.group(1)))
    except (TypeError, ValueError):
        warnings.append(f"'Last updated' date {m.group(0)!r} is not a valid date")
        return None
