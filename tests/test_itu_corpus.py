"""The ITU Cyberwellness profile parser over the whole 2014 corpus (194 files).

Needs the team's shared sources (../shared/sources/itu-cyberwellness-2014); skipped on a
fresh clone without them. Also checks the parser against hand labels of 15 profiles that
were set aside (chosen by a fixed rule before reading them) while the parser was written.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cyberkg.ingest.itu_profiles import SECTION_CODES, SECTION_HEADINGS, Profile, parse_profile
from cyberkg.ingest.itu_profiles.decoding import read_text

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "sources" / "itu-cyberwellness-2014"
HAND_LABELS = Path(__file__).parent / "fixtures" / "itu_profiles" / "hand_labels.json"

if not CORPUS.is_dir():
    pytest.skip(f"needs the ITU Cyberwellness corpus at {CORPUS} (the team's shared sources, "
                "not part of a fresh clone)", allow_module_level=True)

# Measured on the 15 held-out profiles (hand_labels.json) before the parser saw them:
# 311 of 315 statuses right (98.7 %), 208 of 247 hand-labelled names found (84.2 %, a label
# counts as found when it equals, or is contained in, a parsed name or acronym). The parser
# must not fall below that.
MIN_STATUSES_RIGHT = 311
MIN_NAMES_FOUND = 208


@pytest.fixture(scope="module")
def corpus() -> dict[str, Profile]:
    return {p.name: parse_profile(p) for p in sorted(CORPUS.glob("*.txt"))}


def _heading_codes(text: str) -> set[str]:
    """Section codes whose heading appears in the text, by a plain regex: the number at the
    start of a line (a stray list dash tolerated), then the first word of its title on the
    same line or on one of the next lines."""
    found = set()
    for code, title in SECTION_HEADINGS.items():
        word = title.split()[0]
        rx = rf"(?m)^[ \t]*-?[ \t]*{re.escape(code)}\.?[ \t]*(?:\n[ \t]*){{0,4}}{re.escape(word)}\b"
        if re.search(rx, text):
            found.add(code)
    return found


def test_all_files_parse(corpus):
    assert len(corpus) == 194


def test_every_file_has_a_country_name(corpus):
    for name, prof in corpus.items():
        assert prof.country_name and prof.country_name[0].isupper(), name
        assert prof.country_name != prof.country_name.upper() or len(prof.country_name) <= 4, name
    assert corpus["Hongkong.txt"].country_name == "Hong Kong"
    assert corpus["Cote_dIvoire.txt"].country_name == "C\u00f4te d\u2019Ivoire"
    assert corpus["Lao_PDR.txt"].country_name == "Lao People\u2019s Democratic Republic"
    # two versions of one country's profile, both parsed, same name as printed
    assert corpus["Saint_Kitts_and_Nevis.txt"].country_name == \
        corpus["St_Kitts_and_Nevis.txt"].country_name == "Saint Kitts and Nevis"


def test_all_section_headings_present_are_found(corpus):
    for name, prof in corpus.items():
        text, _ = read_text(CORPUS / name)
        in_text = _heading_codes(text)
        parsed = {code for code, s in prof.sections.items()
                  if not any(code in w and "missing" in w for w in prof.warnings)}
        assert parsed == in_text, name
        missing = set(SECTION_CODES) - in_text
        for code in missing:
            assert prof.sections[code].status == "unknown", (name, code)
            assert any(code in w and "missing" in w for w in prof.warnings), (name, code)


def test_sections_missing_from_the_corpus(corpus):
    incomplete = {name: [c for c in SECTION_CODES
                         if any(c in w and "missing" in w for w in p.warnings)]
                  for name, p in corpus.items()}
    incomplete = {k: v for k, v in incomplete.items() if v}
    # Estonia has no 1.3.3 heading at all. Czech_Republic's 1.5.2 heading is printed
    # malformed ("-1.5.2" glued to a list dash, its title two lines below): the parser
    # recovers it, with a warning, instead of losing the section.
    assert incomplete == {"Estonia.txt": ["1.3.3"]}
    estonia = corpus["Estonia.txt"].sections["1.3.3"]
    assert (estonia.status, estonia.evidence) == ("unknown", "")
    czech = corpus["Czech_Republic.txt"]
    assert czech.sections["1.5.2"].status == "absent"
    assert any("1.5.2" in w and "malformed" in w for w in czech.warnings)
    assert any("1.1.2" in w and "split" in w for w in czech.warnings)


def test_files_without_a_last_updated_date(corpus):
    undated = sorted(n for n, p in corpus.items() if p.last_updated is None)
    # The sources README says four; the corpus as stored has three files without any
    # "Last updated" line (checked with grep over the raw bytes), and every other date parses.
    assert undated == ["Nauru.txt", "Papua_New_Guinea.txt", "Sao_Tome.txt"]
    for name in undated:
        assert any("Last updated" in w for w in corpus[name].warnings)


def test_no_mojibake(corpus):
    for name in corpus:
        text, encoding = read_text(CORPUS / name)
        for marker in ("\u00e2\u20ac", "\u00c3", "\ufffd", "\u00a1\u00af", "\u00a1\u00b0"):
            assert marker not in text, (name, encoding, marker)
    encodings = {p.encoding for p in corpus.values()}
    assert {"utf-8", "utf-8-sig", "cp1252", "gb18030"} <= encodings


def test_cambodia(corpus):
    prof = corpus["Cambodia.txt"]
    expected = {code: "absent" for code in SECTION_CODES}
    expected.update({"1.1.1": "present", "1.2.1": "present", "1.3.3": "present",
                     "1.5.4": "present", "2.1": "present", "2.2": "present", "2.4": "present"})
    # the brief: 1.2.2-1.5.3 absent; but 1.3.3 names the Department of ICT Security, Ministry
    # of Posts and Telecommunications as the officially recognised agency: present
    assert prof.statuses == expected
    assert prof.country_name == "Cambodia"
    assert prof.population.value == 14478000
    assert prof.population.stated_source == "United Nations Statistics Division, December 2012"
    assert prof.internet_users.value == Decimal("6.00")
    assert prof.internet_users.stated_source == "ITU Statistics, 2013"
    assert prof.last_updated == date(2014, 8, 26)
    assert prof.warnings == []
    orgs_24 = prof.sections["2.4"].organisations
    assert any(n.acronym == "CamCERT" or n.name == "CamCERT" for n in orgs_24)
    assert prof.sections["1.1.1"].instruments[0].name == "Criminal Court of the Kingdom of Cambodia"
    assert prof.sections["1.1.1"].evidence.startswith(
        "Specific legislation pertaining to cybercrime is mandated through the following legal "
        "instrument: - Criminal Court of the Kingdom of Cambodia")


def test_header_oddities(corpus):
    assert corpus["Austria.txt"].population.stated_source == \
        "United Nations Statistics Division, December 2012"       # wrapped left column
    assert corpus["Canada.txt"].internet_users.stated_source == "ITU Statistics, 2013"
    assert corpus["Antigua_Barbuda.txt"].population.value == 90800
    assert corpus["Afghanistan.txt"].population.value == 33397000
    assert corpus["Russia.txt"].population.stated_source == "Rosstat, April 2016"
    assert corpus["Palau.txt"].population is None and corpus["Palau.txt"].internet_users is None
    assert corpus["Saudi_Arabia.txt"].internet_users.value == Decimal("60.50")


def test_evidence_is_verbatim_and_short(corpus):
    for name, prof in corpus.items():
        for code, s in prof.sections.items():
            assert len(s.evidence) <= 300, (name, code)
            assert s.evidence in s.text, (name, code)
            if s.text and s.status != "unknown":
                assert s.evidence, (name, code)


def _hand_labels() -> dict:
    return json.loads(HAND_LABELS.read_text(encoding="utf-8"))


def _norm_name(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def _found(label: str, prof_names: list[str]) -> bool:
    want = _norm_name(label)
    return any(want == _norm_name(n) or (len(want) > 3 and want in _norm_name(n)) for n in prof_names)


def measure(corpus: dict[str, Profile]) -> tuple[int, int, int, int]:
    """(statuses right, statuses labelled, names found, names labelled) on the hand labels."""
    labels = _hand_labels()["profiles"]
    right = total = found = wanted = 0
    for fname, sections in labels.items():
        prof = corpus[fname]
        for code, lab in sections.items():
            sec = prof.sections[code]
            total += 1
            right += sec.status == lab["status"]
            names = [x for n in sec.organisations + sec.instruments
                     for x in (n.name, n.acronym or "")]
            for label in lab["names"]:
                wanted += 1
                found += _found(label, names)
    return right, total, found, wanted


def test_hand_labelled_accuracy(corpus):
    right, total, found, wanted = measure(corpus)
    assert (total, wanted) == (15 * 21, 247)
    assert right >= MIN_STATUSES_RIGHT, f"{right}/{total} statuses right"
    assert found >= MIN_NAMES_FOUND, f"{found}/{wanted} names found"
