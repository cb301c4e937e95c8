"""The ITU Cyberwellness profile parser on small synthetic profiles (tests/fixtures/itu_profiles).

Each fixture is an invented country written in the profile format, one per variant of the
real corpus: encodings (UTF-8, UTF-8 with BOM, cp1252, mac_roman, GBK, UTF-16), line ends
(LF, CRLF, CR CR LF, CR), form feeds and page markers, one- and two-column headers, a heading
split over lines, a missing section, a missing date, and files that are not profiles.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cyberkg.ingest.itu_profiles import (
    SECTION_CODES, Figure, Name, ProfileParseError, parse_profile, parse_profile_text,
)
from cyberkg.ingest.itu_profiles.decoding import decode_bytes, normalise_layout, read_text
from cyberkg.ingest.itu_profiles.header import title_case

FIXTURES = Path(__file__).parent / "fixtures" / "itu_profiles"

# every complete fixture has the same section contents (country name aside)
EXPECTED_STATUSES = {
    "1.1.1": "absent", "1.1.2": "present", "1.2.1": "present", "1.2.2": "unknown",
    "1.2.3": "in-progress", "1.3.1": "in-progress", "1.3.2": "absent", "1.3.3": "present",
    "1.3.4": "absent", "1.4.1": "absent", "1.4.2": "present", "1.4.3": "unknown",
    "1.4.4": "absent", "1.5.1": "present", "1.5.2": "absent", "1.5.3": "absent",
    "1.5.4": "present", "2.1": "present", "2.2": "present", "2.3": "absent", "2.4": "present",
}
CURLY = "called \u201cSafe {c} 2020\u201d \u2013 the Children\u2019s plan"

# file, encoding, country, population, internet users, last updated, curly quotes in 1.3.1
VARIANTS = [
    ("examplestan_utf8.txt", "utf-8", "Examplestan", Figure(1234000, "United Nations Statistics "
     "Division, December 2012"), Figure(Decimal("12.50"), "ITU Statistics, 2013"),
     date(2015, 3, 3), False),
    ("sampleland_utf8bom_crlf.txt", "utf-8-sig", "Kingdom of Sampleland", Figure(
        90800, "United Nations Statistics Division, December 2012"),
     Figure(Decimal("63.40"), "ITU Statistics, December 2013"), date(2015, 3, 3), False),
    ("ostrovia_cp1252_crcrlf.txt", "cp1252", "Republic of Ostrovia", Figure(
        8429000, "United Nations Statistics Division, December 2012"),
     Figure(Decimal("80.62"), "ITU Statistics, December 2013"), date(2015, 3, 3), True),
    ("mockovia_macroman_cr.txt", "mac_roman", "Mockovia", Figure(
        29820000, "United Nations Statistics Division, December 2012"), None, None, True),
    ("fakeland_gbk_ff.txt", "gb18030", "Fakeland", Figure(
        31579100, "National Statistics Office, April 2014"),
     Figure(Decimal("60.50"), "ITU Statistics 2013"), date(2014, 8, 12), True),
    ("dummyland_utf16.txt", "utf-16", "Dummyland", Figure(
        52000, "United Nations Statistics Division, December 2012"),
     Figure(Decimal("8"), "ITU Statistics, 2013"), date(2015, 3, 3), True),
]


@pytest.mark.parametrize("name,encoding,country,population,internet,updated,curly", VARIANTS,
                         ids=[v[0] for v in VARIANTS])
def test_variant_header_and_encoding(name, encoding, country, population, internet, updated,
                                     curly):
    prof = parse_profile(FIXTURES / name)
    assert prof.file_name == name
    assert prof.encoding == encoding
    assert prof.country_name == country
    assert prof.population == population
    assert prof.internet_users == internet
    assert prof.last_updated == updated
    short = country.split()[-1]
    policy = prof.sections["1.3.1"].text
    if curly:
        assert CURLY.format(c=short) in policy
    assert not any(bad in policy for bad in ("\u00e2\u20ac", "\u00c3", "\ufffd", "\u00a1\u00af"))


@pytest.mark.parametrize("name", [v[0] for v in VARIANTS])
def test_variant_statuses(name):
    prof = parse_profile(FIXTURES / name)
    expected = dict(EXPECTED_STATUSES)
    if name.startswith("sampleland"):
        expected["1.3.3"] = "unknown"          # the section is missing from that file
    assert prof.statuses == expected
    assert list(prof.sections) == list(SECTION_CODES)


@pytest.mark.parametrize("name", [v[0] for v in VARIANTS])
def test_variant_names(name):
    prof = parse_profile(FIXTURES / name)
    c = prof.country_name.split()[-1]
    s = prof.sections
    cert = Name(f"{c} Computer Emergency Response Team", "EXCERT")
    assert s["1.2.1"].organisations == (cert,)          # bare "(EXCERT)" resolved to the full name
    assert s["1.4.2"].organisations == (cert,)
    assert s["1.2.3"].organisations == (Name(f"{c} Standards Bureau", "ESB"),)
    # two items printed on one line, a third on the next
    assert s["1.1.2"].instruments == (Name("Electronic Transactions Act"),
                                      Name("Data Protection Act"),
                                      Name("Draft Law on Cybersecurity"))
    assert s["1.5.1"].organisations == (Name("FIRST"), Name("OIC-CERT"),
                                        Name("Regional Cyber Centre"))
    assert s["1.5.4"].organisations == (Name("ITU-IMPACT"),)
    assert s["2.1"].instruments == (Name("Child Protection Act"),)
    assert Name("Convention on the Rights of the Child") in s["2.2"].instruments
    assert s["2.4"].organisations == (Name("Kids Helpline"),)
    assert s["1.1.1"].organisations == s["1.1.1"].instruments == ()
    if "1.3.3" in {c for c, sec in s.items() if sec.text}:
        assert s["1.3.3"].organisations == (Name("Ministry of Digital Affairs and Telecommunications"),)


def test_evidence_is_a_short_verbatim_quote():
    prof = parse_profile(FIXTURES / "examplestan_utf8.txt")
    for sec in prof.sections.values():
        assert len(sec.evidence) <= 300
        assert sec.evidence in sec.text
        assert "  " not in sec.evidence and "\n" not in sec.evidence
    s = prof.sections
    assert s["1.1.1"].evidence == ("Examplestan does not have any specific legislation pertaining "
                                   "to cybercrime.")
    assert s["1.2.1"].evidence == ("Examplestan has an officially recognized national CIRT "
                                   "(EXCERT).")
    assert s["1.2.3"].evidence == ("However a framework is being drafted by the Examplestan "
                                   "Standards Bureau (ESB).")
    assert s["2.4"].evidence.startswith("However the Kids Helpline can be contacted")
    assert s["1.1.2"].evidence.startswith("Specific legislation and regulation related to "
                                          "cybersecurity has been enacted through the following "
                                          "instruments: - Electronic Transactions Act")


def test_page_numbers_and_markers_do_not_leak_into_sections():
    prof = parse_profile(FIXTURES / "examplestan_utf8.txt")
    assert prof.sections["1.3.4"].text.endswith("used to measure cybersecurity development.")
    assert prof.sections["2.4"].text.endswith("contacted at the number 116 111.")
    assert all("Page" not in s.text and "DISCLAIMER" not in s.text
               for s in prof.sections.values())


def test_missing_section_and_split_heading():
    prof = parse_profile(FIXTURES / "sampleland_utf8bom_crlf.txt")
    missing = prof.sections["1.3.3"]
    assert (missing.status, missing.evidence, missing.text) == ("unknown", "", "")
    assert missing.heading == "RESPONSIBLE AGENCY"
    assert any("1.3.3" in w and "missing" in w for w in prof.warnings)
    assert prof.sections["1.1.2"].heading == "REGULATION AND COMPLIANCE"
    assert prof.sections["1.1.2"].status == "present"
    assert any("1.1.2" in w and "split" in w for w in prof.warnings)


def test_missing_date_and_odd_figures_warn():
    prof = parse_profile(FIXTURES / "mockovia_macroman_cr.txt")
    assert prof.last_updated is None
    assert any("Last updated" in w for w in prof.warnings)
    assert any("29.82 million" in w for w in prof.warnings)
    assert any("Unknown%" in w for w in prof.warnings)
    fake = parse_profile(FIXTURES / "fakeland_gbk_ff.txt")
    assert any("irregular digit grouping" in w for w in fake.warnings)
    assert any("decimal point" in w for w in fake.warnings)


def test_clean_variants_have_no_warnings():
    for name in ("examplestan_utf8.txt", "ostrovia_cp1252_crcrlf.txt", "dummyland_utf16.txt"):
        assert parse_profile(FIXTURES / name).warnings == []


@pytest.mark.parametrize("name,reason", [
    ("not_a_profile.txt", "not a Cyberwellness profile"),
    ("binary_garbage.txt", "binary content"),
    ("empty.txt", "empty file"),
])
def test_not_a_profile_raises(name, reason):
    with pytest.raises(ProfileParseError) as info:
        parse_profile(FIXTURES / name)
    assert info.value.file == str(FIXTURES / name)
    assert reason in info.value.reason
    assert isinstance(info.value, ValueError)


def test_title_without_sections_raises():
    with pytest.raises(ProfileParseError, match="no section headings"):
        parse_profile_text("CYBERWELLNESS PROFILE\nNOWHERE\nBACKGROUND\n", "x.txt")


def test_read_text_normalises_line_ends_and_markers():
    for name in ("sampleland_utf8bom_crlf.txt", "ostrovia_cp1252_crcrlf.txt",
                 "mockovia_macroman_cr.txt", "fakeland_gbk_ff.txt", "dummyland_utf16.txt"):
        text, _ = read_text(FIXTURES / name)
        assert "\r" not in text and "\x0c" not in text and "\ufeff" not in text
        assert "----- Page" not in text
        assert "1.5.4 INTERNATIONAL COOPERATION" in text


def test_decode_bytes_detects_rather_than_assumes():
    sample = "The Children\u2019s \u201cSafe Net\u201d Act \u2013 \u00a7 12, Autorit\u00e0"
    assert decode_bytes(sample.encode("utf-8")) == (sample, "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + sample.encode("utf-8"))[1] == "utf-8-sig"
    assert decode_bytes(sample.encode("cp1252")) == (sample, "cp1252")
    assert decode_bytes(sample.encode("mac_roman")) == (sample, "mac_roman")
    no_accent = "Sweden\u2019s \u201cAct\u201d \u2013 \u00a7 10"
    assert decode_bytes(no_accent.encode("gb18030")) == (no_accent, "gb18030")
    assert decode_bytes(b"\xff\xfe" + sample.encode("utf-16-le")) == (sample, "utf-16")
    assert decode_bytes(sample.encode("utf-16-le"))[0] == sample     # no BOM


def test_normalise_layout():
    assert normalise_layout("a\r\r\nb\r\nc\rd\x0c----- Page 12-----\ne  ") == "a\nb\nc\nd\n\ne"


def test_title_case():
    assert title_case("C\u00d4TE D\u2019IVOIRE") == "C\u00f4te d\u2019Ivoire"
    assert title_case("SUDAN (REPUBLIC OF)") == "Sudan (Republic of)"
    assert title_case("LAO PEOPLE\u2019S DEMOCRATIC REPUBLIC") == \
        "Lao People\u2019s Democratic Republic"
