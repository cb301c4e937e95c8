"""A section's body as units: prose clauses and list items, each labelled.

Profiles mix prose with lists: bulleted items (several sometimes on one line), items
introduced by a sentence ending in a colon, items wrapped over lines. :func:`build_units`
first joins the lines into prose paragraphs and list items, then splits the prose into
sentences and clauses, and labels each unit (:func:`~.status.label_clause`). An item
inherits a negative or in-progress label from the sentence that introduces its list.
"""

from __future__ import annotations

import re

from cyberkg.ingest.itu_profiles.decoding import collapse_spaces
from cyberkg.ingest.itu_profiles.headings import PAGE_NUMBER
from cyberkg.ingest.itu_profiles.names import CERT_TOKEN, clean_name, kind_of
from cyberkg.ingest.itu_profiles.status import LIST_INTRO, Unit, label_clause

_BULLET = re.compile(r"^\s*(?:[-\u2013\u2014\u2022\u00b7\u25aa\u25cf\uf0b7\uf0a7*]|\.(?=\s))\s*")
_ABBREV_END = re.compile(
    r"(?:\b(?:No|Nos|no|Art|Arts|art|n|nr|Nr|St|Mr|Mrs|Ms|Dr|Co|Ltd|Inc|Vol|Sect|Sec|Para|"
    r"e\.g|i\.e|etc|vs|Govt|Dept|Gen|Rev|approx|incl|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|"
    r"Nov|Dec|[A-Z])\.)$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\u201c\"(\u2018\u00a7\d])")
_CONNECTOR_END = re.compile(r"(?:\b(?:of|and|the|for|on|in|to|a|an|with|by|de|la|du|des|"
                            r"or|from|under|against)|[,(\u201c\"/&-])$", re.I)


def _sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph, not broken after an abbreviation ("No.", "Art.") nor
    inside parentheses."""
    parts = _SENTENCE_BREAK.split(paragraph)
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and (_ABBREV_END.search(out[-1]) or out[-1].count("(") > out[-1].count(")")):
            out[-1] += " " + part
        else:
            out.append(part)
    return out


# a clause ends at a semicolon, or before "however", "but", "although" ...
_CLAUSE_SPLIT = re.compile(r";\s*|(?:,\s*|\s+)(?=(?:however|but|although|though|whereas|"
                           r"nevertheless|nonetheless)\b)", re.I)


def _split_items(line: str) -> list[str]:
    """Several list items printed on one line ("- A Act - B Act", "-CPNI - US CERT - ...")."""
    parts = [p.strip() for p in re.split(r"\s+[-\u2013\u2022]\s*(?=[A-Z\u201c\"(§])", line)
             if p.strip()]
    if len(parts) < 2:
        return [line]
    gap = re.search(r"\S\s{3,}[-\u2013\u2022]", line)

    def short(p: str) -> bool:
        return len(p.split()) <= 7 and bool(re.match(r"[A-Z\u201c\"(§]", p))

    def named(p: str) -> bool:
        return bool(kind_of(clean_name(p)[0]) or CERT_TOKEN.search(p)
                    or re.fullmatch(r"[A-Z][\w.\-/]*[A-Z][\w.\-/]*\.?", p))
    if gap or all(named(p) for p in parts) or all(short(p) for p in parts):
        return parts
    return [line]


def _blocks(lines: list[str]) -> list[tuple[str, str]]:
    """A section's lines joined into ``("prose", paragraph)`` and ``("item", text)``."""
    blocks: list[tuple[str, str]] = []
    pending_bullet = False
    after_colon = False
    intro_following = False
    for raw in lines:
        if not raw.strip() or PAGE_NUMBER.match(raw):
            continue
        line = raw.strip()
        bullet = _BULLET.match(raw)
        if bullet:
            content = raw[bullet.end():].strip()
            if not content:
                pending_bullet = True
                continue
            for part in _split_items(content):
                blocks.append(("item", part))
            after_colon = False
            continue
        if pending_bullet:
            blocks.append(("item", line))
            pending_bullet = False
            continue
        if blocks and blocks[-1][0] == "item":
            prev = blocks[-1][1]
            loose = not (after_colon and line[:1].isupper())
            if (not re.search(r"[.;!?]$", prev) and (line[:1].islower() or _CONNECTOR_END.search(prev)
                                                     or prev.count("(") > prev.count(")")
                                                     or (loose and len(line) < 60))):
                blocks[-1] = ("item", prev + " " + line)
                continue
        if after_colon and (len(line.split()) <= 8 and not re.search(r"[.;]$", line)
                            or intro_following and len(line.split()) <= 24
                            and re.match(r"[A-Z\u00a7\u201c\"]", line)):
            blocks.append(("item", line))
            continue
        if blocks and blocks[-1][0] == "prose":
            prev = blocks[-1][1]
            joined = prev + line if prev.endswith("-") and line[:1].islower() else prev + " " + line
            blocks[-1] = ("prose", joined)
        else:
            blocks.append(("prose", line))
        after_colon = line.endswith(":")
        intro_following = after_colon and bool(re.search(r"\bfollowing\b", line, re.I))
    return blocks


def build_units(code: str, lines: list[str]) -> list[Unit]:
    """Turn a section's lines into labelled prose clauses and list items."""
    units: list[Unit] = []
    intro: Unit | None = None
    for kind, text in _blocks(lines):
        text = collapse_spaces(text)
        if kind == "prose":
            intro = None
            for sentence in _sentences(text):
                clauses = [c for c in _CLAUSE_SPLIT.split(sentence) if c.strip()]
                for clause in clauses:
                    u = Unit(clause, sentence, "prose")
                    u.label = label_clause(code, clause)
                    units.append(u)
                last = units[-1] if units else None
                if last is not None and last.sentence == sentence and LIST_INTRO.search(sentence) \
                        and last.label in ("POS", "NEUTRAL"):
                    last.kind, last.label = "intro", "INTRO"
                    intro = last
                elif last is not None and last.sentence == sentence and LIST_INTRO.search(sentence):
                    last.kind = "intro"
                    intro = last
        else:
            sentence = f"{intro.sentence} - {text}" if intro else text
            u = Unit(text, sentence, "item", intro=intro.sentence if intro else None)
            u.label = label_clause(code, text)
            if u.label in ("NEUTRAL", "IGN") and re.search(r"[A-Za-z]{2,}", text):
                u.label = "POS"
            if intro is not None and intro.label in ("PROG", "NEG", "UNK") and u.label == "POS":
                u.label = intro.label
            units.append(u)
    return units
