"""Party / signatory status in 18 core UN human-rights instruments (docs/model.md
"Treaty participations").

Input: a folder of ``hr_status_{x}.csv`` files (repository
world-politics-datalab/humanrights-treaties-ratification-status, derived from the UN Treaty
Collection), columns ``iso2, member, state party, year ratification or accession,
signatory, no action, status[, note]``. The instrument slug is ``x`` with ``_`` -> ``-``
(``hr_status_op_crc_sc.csv`` -> ``id/instrument/op-crc-sc``); the instruments themselves are
described elsewhere.

Output, in graph ``graph/un-treaty-collection``: one ``ck:TreatyParticipation``
``id/participation/{ISO3}/{slug}`` per country that is a party (``dcterms:date`` the year,
``xsd:gYear``, as the file gives it) or a signatory (no year: the files give none). "No
action" rows give nothing.

The files are hand-made and sometimes disagree with themselves; the rules:

- a row is a **party** when at least two of (status ``state party``, flag ``state party``
  = 1, a year) say so; a **signatory** when the status is ``signatory state`` and the
  ``signatory`` flag is 1 and it is not a party; a row with any other mix of values gives no
  participation; every inconsistent row is reported as a warning;
- countries are keyed by ``iso2``; a code the country table does not know (``TP``, the
  withdrawn code of East Timor; ``S``, a truncated ``SS``) is resolved from the ``member``
  name, with a warning; a ``member`` name that resolves to another country than the code is
  reported;
- the file's ``note`` is kept as ``skos:note`` when it says something about the
  participation (e.g. "Denounced the OP 1997", "Found as Democratic Kampuchea in the UN
  Treaty Collection"), not when it is a note to the transcriber ("Fix name to …").
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from cyberkg.errors import IngestError
from cyberkg.ingest import IngestSummary, describe_document
from cyberkg.ingest.countries import CountryIndex
from cyberkg.rdf.namespaces import CK, ID, concept, country, document, graph, instrument, organisation

__all__ = ["DOC_SLUG", "TreatyError", "build_un_treaties", "instrument_slug", "participation"]

DOC_SLUG = "un-treaty-collection"
UNITED_NATIONS = organisation("united-nations")
UNTC_URL = "https://treaties.un.org"
DERIVED_REPO = (
    "https://github.com/world-politics-datalab/humanrights-treaties-ratification-status/"
    "tree/fdb779e6a4a121c3024b4a72e72833a448a2b62d"
)
COLUMNS = ("iso2", "member", "state party", "year ratification or accession", "signatory",
           "no action", "status")
_FILE = re.compile(r"^hr_status_([a-z0-9_]+)\.csv$")
_YEAR = re.compile(r"^[12][0-9]{3}$")
# Notes addressed to whoever keeps the spreadsheet, not statements about the participation.
_HOUSEKEEPING = re.compile(
    r"^(fix name to\b|was written as\b|the name should be fixed\b)", re.IGNORECASE
)

PARTY = concept("treaty-status", "party")
SIGNATORY = concept("treaty-status", "signatory")
DENOUNCED = concept("treaty-status", "denounced")
#: A note saying the country left the instrument ("Denounced the OP in 2000").
_DENOUNCED_NOTE = re.compile(r"^denounced\b", re.IGNORECASE)


class TreatyError(IngestError, ValueError):
    """A treaty status file cannot be read (bad header, unknown country, duplicate row)."""


def instrument_slug(path: str | os.PathLike[str]) -> str:
    """The instrument slug of a status file name.

    >>> instrument_slug("un-treaty-status/hr_status_op_crc_sc.csv")
    'op-crc-sc'
    """
    m = _FILE.match(Path(path).name)
    if not m:
        raise TreatyError(f"{path}: not a hr_status_{{instrument}}.csv file")
    return m.group(1).replace("_", "-")


def participation(iso3: str, slug: str) -> URIRef:
    """``id/participation/{ISO3}/{instrument-slug}`` (docs/model.md)."""
    return ID[f"participation/{iso3.upper()}/{slug}"]


def _describe_document(ds: Dataset) -> None:
    describe_document(
        ds.graph(graph(DOC_SLUG)), DOC_SLUG,
        title="UN Treaty Collection: status of human rights treaties",
        publisher=UNITED_NATIONS, sources=[UNTC_URL, DERIVED_REPO],
        rights="The facts are the UN Treaty Collection's; cite the UN Treaty Collection as the source.",
        note="Taken from the ratification status tables of repository "
             "world-politics-datalab/humanrights-treaties-ratification-status (commit "
             "fdb779e6a4a121c3024b4a72e72833a448a2b62d), derived from the UN Treaty Collection. "
             "They give the year only; ratification, accession and succession are not "
             "distinguished; a signatory has signed but not ratified.")


def _read(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise TreatyError(f"{path}: empty file") from None
        if tuple(header[: len(COLUMNS)]) != COLUMNS or header[len(COLUMNS):] not in ([], ["note"]):
            raise TreatyError(f"{path}:1: unexpected header {header!r}")
        rows = []
        for r in reader:
            if not any(c.strip() for c in r):
                continue
            if len(r) > len(header):
                raise TreatyError(f"{path}:{reader.line_num}: {len(r)} columns, header has {len(header)}")
            cells = [c.strip() for c in r] + [""] * (len(header) - len(r))
            rows.append((reader.line_num, dict(zip(header, cells))))
    return header, rows


def _country(index: CountryIndex, d: dict[str, str], where: str,
             by_name_log: dict[tuple[str, str, str], list[str]]) -> str:
    code, member = d["iso2"].upper(), d["member"]
    by_name = index.resolve(member) if member else None
    row = index.by_iso2.get(code)
    if row is None:
        if by_name is None:
            raise TreatyError(f"{where}: iso2 {code!r} ({member!r}) is not a known country")
        by_name_log.setdefault((code, member, by_name), []).append(where)
        return by_name
    if by_name is not None and by_name != row.iso3:
        raise TreatyError(f"{where}: iso2 {code} is {row.iso3} but {member!r} is {by_name}")
    return row.iso3


def _status(d: dict[str, str], where: str, summary: IngestSummary) -> tuple[URIRef | None, str | None]:
    status = d["status"].lower()
    year = d["year ratification or accession"]
    if year and not _YEAR.match(year):
        raise TreatyError(f"{where}: year {year!r} is not a year")
    flags = (d["state party"], d["signatory"], d["no action"])
    clean = {
        "state party": ("1", "0", "0"),
        "signatory state": ("0", "1", "0"),
        "no action": ("0", "0", "1"),
    }
    consistent = clean.get(status) == flags and (status == "state party") == bool(year)
    if status not in clean:
        raise TreatyError(f"{where}: unknown status {d['status']!r}")
    party_votes = (status == "state party") + (d["state party"] == "1") + bool(year)
    if party_votes >= 2:
        result = (PARTY, year or None)
    elif status == "signatory state" and d["signatory"] == "1" and not year:
        result = (SIGNATORY, None)
    elif status == "no action" and d["state party"] != "1" and d["signatory"] != "1" and not year:
        result = (None, None)
    else:
        summary.warn(f"{where}: {d['member']}: status {d['status']!r}, flags party/signatory/"
                     f"no action = {'/'.join(flags)}, year {year!r} disagree; no participation")
        summary.count("rows skipped as inconsistent")
        return None, None
    if result[0] == PARTY and _DENOUNCED_NOTE.match(d.get("note", "")):
        # The table still flags these as parties; its note says they left.
        summary.warn(f"{where}: {d['member']}: {d['note']!r}; recorded as denounced")
        result = (DENOUNCED, year or None)
    if not consistent:
        what = "party" if result[0] == PARTY else "signatory" if result[0] == SIGNATORY else "no action"
        summary.warn(f"{where}: {d['member']}: status {d['status']!r}, flags party/signatory/"
                     f"no action = {'/'.join(flags)}, year {year!r}; read as {what}")
    return result


def build_un_treaties(
    directory: str | os.PathLike[str], countries, summary: IngestSummary | None = None
) -> Dataset:
    """Treaty participations from every ``hr_status_*.csv`` in ``directory``.

    ``countries`` is a :class:`~cyberkg.ingest.countries.CountryIndex`, loaded rows, or the
    path of the country table. The dataset carries its
    :class:`~cyberkg.ingest.IngestSummary` as ``dataset.ingest_summary``.
    """
    index = CountryIndex.of(countries)
    folder = Path(directory)
    summary = summary if summary is not None else IngestSummary(f"un-treaties ({folder.name})")
    files = sorted(p for p in folder.iterdir() if _FILE.match(p.name))
    if not files:
        raise TreatyError(f"{folder}: no hr_status_*.csv files")
    ds = Dataset()
    g = ds.graph(graph(DOC_SLUG))
    _describe_document(ds)
    doc = document(DOC_SLUG)
    by_name_log: dict[tuple[str, str, str], list[str]] = {}
    present: dict[str, set[str]] = {}
    for path in files:
        slug = instrument_slug(path)
        _, rows = _read(path)
        summary.count("files")
        seen: dict[str, int] = {}
        for line, d in rows:
            where = f"{path.name}:{line}"
            iso3 = _country(index, d, where, by_name_log)
            if iso3 in seen:
                raise TreatyError(f"{where}: {iso3} already on line {seen[iso3]}")
            seen[iso3] = line
            summary.count("rows")
            status, year = _status(d, where, summary)
            if status is None:
                continue
            p = participation(iso3, slug)
            label = index.label(iso3)
            if status == PARTY:
                text = f"{label}: party to the {slug.upper()}"
                summary.count("parties")
            elif status == DENOUNCED:
                text = f"{label}: denounced the {slug.upper()}"
                summary.count("denounced")
            else:
                text = f"{label}: signatory of the {slug.upper()}"
                summary.count("signatories")
            g.add((p, RDF.type, CK.TreatyParticipation))
            g.add((p, SKOS.prefLabel, Literal(text, lang="en")))
            g.add((p, CK.party, country(iso3)))
            g.add((p, CK.instrument, instrument(slug)))
            g.add((p, CK.participationStatus, status))
            if year:
                g.add((p, DCTERMS.date, Literal(year, datatype=XSD.gYear, normalize=False)))
            note = d.get("note", "")
            if note and not _HOUSEKEEPING.match(note):
                g.add((p, SKOS.note, Literal(note, lang="en")))
                summary.count("notes kept")
            g.add((p, PROV.wasDerivedFrom, doc))
            summary.count("participations")
        present[path.name] = set(seen)
    for (code, member, iso3), wheres in sorted(by_name_log.items()):
        rows_text = f"1 row: {wheres[0]}" if len(wheres) == 1 else f"{len(wheres)} rows, first {wheres[0]}"
        summary.warn(f"iso2 {code!r} is not an ISO 3166 code; {member!r} resolved by name to "
                     f"{iso3} ({rows_text})")
    # A country in most files but missing from one, or in one file only, is worth a look.
    counts: dict[str, int] = {}
    for isos in present.values():
        for iso3 in isos:
            counts[iso3] = counts.get(iso3, 0) + 1
    for name, isos in sorted(present.items()):
        for iso3, n in sorted(counts.items()):
            if iso3 not in isos and n * 2 > len(present):
                summary.warn(f"{name}: no row for {iso3} ({index.label(iso3)}), which "
                             f"{n} of {len(present)} files have")
            elif iso3 in isos and n * 2 <= len(present):
                summary.warn(f"{name}: a row for {iso3} ({index.label(iso3)}), which only "
                             f"{n} of {len(present)} files have")
    summary.count("triples", len(ds))
    ds.ingest_summary = summary  # type: ignore[attr-defined]
    return ds
