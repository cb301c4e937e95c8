"""Profile files to clean text: encoding detection, layout normalisation, whitespace.

The corpus is messy (see ``../shared/sources/README.md``): UTF-8 with or without BOM,
cp1252 and GBK-encoded files, CR / CRLF / CR CR LF line ends, form feeds or
``----- Page N -----`` markers. :func:`read_text` detects the encoding (it never assumes
one, see :func:`decode_bytes`) and normalises the layout (:func:`normalise_layout`); the
rest of the parser reads only the text this module returns.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path
from typing import Iterable

# Candidate 8-bit (and multi-byte) codecs tried when a file is not valid UTF-8, in order
# of preference when two decodings score the same.
CANDIDATE_CODECS = ("cp1252", "mac_roman", "gb18030", "cp1250", "cp850", "latin-1")

_TYPOGRAPHIC = set("\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u00a7\u00b0"
                   "\u00a0\u00ab\u00bb\u00b7\u00ae\u00a9\u2122\u00ba\u00aa\u20ac\u00b4")
_BAD_SYMBOLS = set("\u00a1\u00bf\u00a6\u00a8\u00af\u00ac\u00b1\u00b6\u00b8\u00b9\u00b2\u00b3"
                   "\u00bc\u00bd\u00be\u00a4\u00a5\u00f7\u00d7\u00b5\u00a2\u00a3\u2020\u2021"
                   "\u02c6\u02dc\u2030\u0192\u2039\u203a\u00b0")


def _char_score(prev: str, ch: str, nxt: str) -> float:
    """Plausibility of one non-ASCII character in an English/French/Spanish text."""
    o = ord(ch)
    if 0x80 <= o <= 0x9F or ch == "\ufffd":
        return -5.0                                   # C1 control: a wrong 8-bit table
    if ch in _BAD_SYMBOLS and not (ch == "\u00b0" and (prev.isdigit() or nxt.isdigit()
                                                       or prev in "nN")):
        return -3.0
    if ch in "\u00ae\u00a9\u2122":                    # ® © ™ follow a word
        return 1.0 if prev.isalnum() else -2.0
    if ch in _TYPOGRAPHIC:
        if ch in "\u2019\u2018" and prev.isalpha() and nxt.isalpha():
            return 3.0                                # Children’s
        return 2.0
    cat = unicodedata.category(ch)
    if cat[0] == "L":
        if o > 0x24F:                                 # CJK, Greek, box drawing, ...
            return -4.0 if o not in (0x0130, 0x0131) else 1.0
        # an accented capital right after a lower-case letter ("ChildrenÕs") is mojibake
        if ch.isupper() and prev.isalpha() and prev.islower():
            return -3.0
        # an accented letter between a space and a capital ("ìSupport") is mojibake
        if not prev.isalpha() and nxt.isupper():
            return -2.0
        return 0.5
    if cat[0] in "PS":
        return -1.0
    return -2.0


def _plausibility(text: str) -> float:
    score = 0.0
    for i, ch in enumerate(text):
        if ord(ch) < 0x80:
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        score += _char_score(prev, ch, nxt)
    return score


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: most ASCII text has a NUL in every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; the encoding is detected.

    BOMs first (UTF-8, UTF-16, UTF-32), then strict UTF-8, then UTF-16 without a BOM, then
    each candidate 8-bit codec whose decoding succeeds, scored by how plausible its non-ASCII
    characters are (typographic quotes and dashes, accented letters in sensible places) and
    how implausible (C1 controls, CJK in an English text, ``¡¯``-style symbol pairs, a
    capital ``Õ`` inside a word). Ties go to the earlier candidate of ``CANDIDATE_CODECS``.

    >>> decode_bytes("Children’s “Act” – 2014".encode("mac_roman"))
    ('Children’s “Act” – 2014', 'mac_roman')
    >>> decode_bytes("Children’s “Act” – 2014".encode("cp1252"))
    ('Children’s “Act” – 2014', 'cp1252')
    >>> decode_bytes("Sweden’s “Act” – § 10".encode("gb18030"))
    ('Sweden’s “Act” – § 10', 'gb18030')
    """
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    enc16 = _looks_utf16(data)
    if enc16:
        try:
            return data.decode(enc16), enc16
        except UnicodeDecodeError:
            pass
    best: tuple[float, int, str, str] | None = None
    for rank, enc in enumerate(CANDIDATE_CODECS):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        key = (score, -rank, enc, text)
        if best is None or key[:2] > best[:2]:
            best = key
    assert best is not None  # latin-1 always decodes
    return best[3], best[2]


_PAGE_MARKER = re.compile(r"^[ \t]*-{3,}[ \t]*Page[ \t]*\d+[ \t]*-{3,}[ \t]*$", re.M | re.I)


def normalise_layout(text: str) -> str:
    """Normalise line ends (CR, CRLF, CR CR LF) and form feeds to LF, drop page markers,
    strip trailing blanks and a leading BOM.

    >>> normalise_layout("a\\r\\r\\nb\\r\\nc\\rd\\x0c----- Page 2 -----\\ne  \\n")
    'a\\nb\\nc\\nd\\n\\ne\\n'
    """
    text = text.lstrip("\ufeff")
    text = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x0c", "\n").replace("\x0b", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = _PAGE_MARKER.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a profile file: detect its encoding, normalise its layout.

    Returns ``(text, encoding)``; see :func:`decode_bytes` and :func:`normalise_layout`.
    """
    data = Path(path).read_bytes()
    text, encoding = decode_bytes(data)
    return normalise_layout(text), encoding


def collapse_spaces(s: str) -> str:
    """``s`` with every run of whitespace (line ends too) as one space, trimmed."""
    return re.sub(r"\s+", " ", s).strip()


def join_lines(lines: Iterable[str]) -> str:
    """Whitespace-normalised text of wrapped lines; a hyphen at a line end stays, with no
    space after it ("sector-" + "specific" -> "sector-specific")."""
    out = ""
    for line in lines:
        line = re.sub(r"\s+", " ", line).strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and not out.endswith(" -") and line[:1].islower():
            out += line
        else:
            out += " " + line
    return out
