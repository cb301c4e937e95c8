"""The one sort order of codes: ITU section numbers, indicator notations, article numbers.

A code is read as a reader reads it, piece by piece: numbers compare by value ("1.2"
before "1.10", "Art. 5" before "Art. 12"), words compare ignoring case, a number sorts
before a word, and a code sorts before its own subdivisions ("1.1" before "1.1.1", "12"
before "12(a)"). Spaces and punctuation only separate pieces; two codes that differ in
nothing else fall back to their text, so the order is total. A missing code (the empty
string, or one with no letters or digits) sorts after every code: a list of sections or
provisions shows the numbered ones first.

>>> sorted(["2.2", "1.10", "1.1.1", "1.2", "1", "1.1"], key=code_sort_key)
['1', '1.1', '1.1.1', '1.2', '1.10', '2.2']
>>> sorted(["Art. 12", "12(a)", "", "art. 5", "12", "2(b)"], key=code_sort_key)
['2(b)', '12', '12(a)', 'art. 5', 'Art. 12', '']
"""

from __future__ import annotations

import re

__all__ = ["code_sort_key"]

# A run of decimal digits, or a run of letters (\w without digits and the underscore).
_PIECE = re.compile(r"\d+|[^\W\d_]+")

Piece = tuple[int, int, str]


def code_sort_key(code: str) -> tuple[bool, tuple[Piece, ...], str]:
    """Sort key of ``code``: (missing?, its pieces, its text); see the module docstring.

    Each piece is ``(0, number, "")`` or ``(1, 0, word)`` so numbers and words never meet
    in one comparison (which would raise ``TypeError``).
    """
    pieces = tuple((0, int(p), "") if p.isdecimal() else (1, 0, p.casefold())
                   for p in _PIECE.findall(code))
    return not pieces, pieces, code
