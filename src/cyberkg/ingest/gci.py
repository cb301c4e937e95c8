"""ITU Global Cybersecurity Index overall scores (docs/model.md "Datasets and observations").

Input: ``gci-scores/gci-local-indicator-summary.csv``, a hand transcription of ITU's
published results (repository tjmisko/sspi-data-webapp). Its header is
``Country,2014,Globa Rank,2017,Global Rank,…,2024,Global Rank,`` (a typo, duplicate
column names, a trailing comma), so columns are read by position: the country, then one
(score, rank) pair per edition. Missing values are ``#N/A`` or empty.

Output: one ``qb:Observation`` ``id/obs/itu-gci/{ISO3}/{year}`` per country and edition
with a published score, in graph ``graph/itu-gci-{year}`` with the edition's document
``id/doc/itu-gci-{year}``:

- ``sdmx-measure:obsValue`` the score exactly as published (``xsd:decimal``);
- ``ck:scale`` ``"0-1"`` (2014, 2017, 2018) or ``"0-100"`` (2020, 2024);
- ``ck:rank`` for 2014 (ITU's tied rank), 2017, 2018 and 2020. ITU published tiers, not
  ranks, in 2024: that column is the transcriber's ordering and is not published.

Two rows naming one country (``Swaziland`` / ``Eswatini``, ``Cape Verde`` /
``Cabo Verde``) are merged; two different values for one country and edition are an error.
A country name that does not resolve is an error listing every such name with its line.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Literal
from rdflib.namespace import PROV, RDF, SKOS, XSD

from cyberkg.errors import IngestError
from cyberkg.ingest import IngestSummary, describe_document
from cyberkg.ingest.countries import CountryIndex
from cyberkg.rdf.namespaces import (
    CK,
    QB,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    country,
    dataset,
    document,
    graph,
    indicator,
    observation,
    organisation,
)

__all__ = ["EDITIONS", "Edition", "GciError", "build_gci", "doc_slug", "read_gci"]

DATASET = "itu-gci"
ITU = organisation("itu")
TRANSCRIPTION_REPO = "https://github.com/tjmisko/sspi-data-webapp"
TRANSCRIPTION_FILE = "local/CYBSEC/gci-local-indicator-summary.csv"
MISSING = {"", "#N/A", "N/A", "#NA"}
_DECIMAL = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_RANK = re.compile(r"^[1-9][0-9]*$")
_RANK_HEADER = re.compile(r"^glob\w*\s+rank$", re.IGNORECASE)


@dataclass(frozen=True)
class Edition:
    year: str
    scale: str
    publish_rank: bool
    note: str


#: The editions the reader knows. A year column not listed here is an error.
EDITIONS: dict[str, Edition] = {
    "2014": Edition("2014", "0-1", True, "The 2014 rank is ITU's tied rank (1-29)."),
    "2017": Edition("2017", "0-1", True, ""),
    "2018": Edition("2018", "0-1", True, ""),
    "2020": Edition("2020", "0-100", True, ""),
    "2024": Edition(
        "2024", "0-100", False,
        "ITU published tiers, not ranks, in 2024; the transcription's 2024 rank column is "
        "the transcriber's ordering and is not published here.",
    ),
}


class GciError(IngestError, ValueError):
    """The GCI table cannot be read as published (bad header, value, or country name)."""


@dataclass(frozen=True)
class GciValue:
    """One published score (and rank, where published) for a country and an edition."""

    iso3: str
    year: str
    score: str
    rank: str | None
    name: str
    line: int


def doc_slug(year: str) -> str:
    return f"itu-gci-{year}"


def _columns(header: list[str], path: Path) -> tuple[list[tuple[str, int, int]], int]:
    """(year, score column, rank column) per edition, and the number of used columns."""
    cells = [h.strip() for h in header]
    while cells and not cells[-1]:
        cells.pop()  # the trailing comma
    if not cells or cells[0].lower() != "country":
        raise GciError(f"{path}:1: first column must be 'Country', got {header[:1]!r}")
    editions = []
    i = 1
    while i < len(cells):
        year = cells[i]
        rank = cells[i + 1] if i + 1 < len(cells) else ""
        if year not in EDITIONS:
            raise GciError(f"{path}:1: column {i + 1}: unknown edition {year!r}")
        if not _RANK_HEADER.match(rank):
            raise GciError(f"{path}:1: column {i + 2}: expected the {year} rank, got {rank!r}")
        if any(year == y for y, _, _ in editions):
            raise GciError(f"{path}:1: edition {year} appears twice")
        editions.append((year, i, i + 1))
        i += 2
    return editions, len(cells)


def read_gci(
    csv_path: str | os.PathLike[str], countries, summary: IngestSummary | None = None
) -> list[GciValue]:
    """Parse the table into published values; raise :class:`GciError` on any problem."""
    path = Path(csv_path)
    index = CountryIndex.of(countries)
    summary = summary if summary is not None else IngestSummary(f"gci ({path.name})")
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise GciError(f"{path}: empty file") from None
        editions, width = _columns(header, path)
        rows = [(reader.line_num, r) for r in reader]
    values: dict[tuple[str, str], GciValue] = {}
    unresolved: list[str] = []
    problems: list[str] = []
    for line, r in rows:
        if not any(c.strip() for c in r):
            continue
        if any(c.strip() for c in r[width:]):
            problems.append(f"{path}:{line}: values beyond the last column: {r[width:]!r}")
            continue
        r = [c.strip() for c in r] + [""] * max(0, width - len(r))
        name = r[0]
        iso3 = index.resolve(name)
        if iso3 is None:
            unresolved.append(f"{path}:{line}: {name!r}")
            continue
        summary.count("rows")
        for year, sc, rc in editions:
            ed = EDITIONS[year]
            score, rank = r[sc], r[rc]
            if score in MISSING:
                if rank not in MISSING:
                    summary.warn(f"{path.name}:{line}: {name} {year}: rank {rank!r} without a score; ignored")
                summary.count("missing scores")
                continue
            if not _DECIMAL.match(score):
                problems.append(f"{path}:{line}: {name} {year}: score {score!r} is not a number")
                continue
            published_rank = None
            if ed.publish_rank:
                if rank in MISSING:
                    summary.warn(f"{path.name}:{line}: {name} {year}: score without a rank")
                elif not _RANK.match(rank):
                    problems.append(f"{path}:{line}: {name} {year}: rank {rank!r} is not a positive integer")
                    continue
                else:
                    published_rank = rank
            elif rank not in MISSING:
                summary.count(f"ranks not published ({year})")
            v = GciValue(iso3, year, score, published_rank, name, line)
            key = (iso3, year)
            if key in values:
                old = values[key]
                if (old.score, old.rank) != (v.score, v.rank):
                    problems.append(
                        f"{path}:{line}: {name} {year}: {score} conflicts with {old.name!r} "
                        f"on line {old.line} ({old.score}), both {iso3}"
                    )
                else:
                    summary.warn(f"{path.name}:{line}: {name} {year}: repeats line {old.line}")
                continue
            values[key] = v
    if unresolved:
        problems.insert(0, "country names that do not resolve (add them to "
                        "cyberkg.ingest.countries.NAME_OVERRIDES if they are right): "
                        + "; ".join(unresolved))
    if problems:
        raise GciError("\n".join(problems))
    merged: dict[str, set[str]] = {}
    for v in values.values():
        merged.setdefault(v.iso3, set()).add(v.name)
    for iso3, names in sorted(merged.items()):
        if len(names) > 1:
            summary.warn(f"{path.name}: rows {sorted(names)} are one country ({iso3}); merged")
    return sorted(values.values(), key=lambda v: (v.year, v.iso3))


def _describe_document(ds: Dataset, ed: Edition) -> None:
    note = (
        f"Overall scores (scale {ed.scale}) and ranks taken from a hand transcription of "
        f"ITU's published results: repository tjmisko/sspi-data-webapp, file "
        f"{TRANSCRIPTION_FILE}."
    )
    describe_document(
        ds.graph(graph(doc_slug(ed.year))), doc_slug(ed.year),
        title=f"Global Cybersecurity Index {ed.year}", publisher=ITU, sources=[TRANSCRIPTION_REPO],
        rights=f"The figures are ITU's published results; cite ITU, Global Cybersecurity Index "
               f"{ed.year}, as the source.",
        note=f"{note} {ed.note}" if ed.note else note)


def build_gci(
    csv_path: str | os.PathLike[str], countries, summary: IngestSummary | None = None
) -> Dataset:
    """GCI observations, one named graph per edition (see the module docstring).

    ``countries`` is a :class:`~cyberkg.ingest.countries.CountryIndex`, loaded rows, or
    the path of the country table. The dataset carries its
    :class:`~cyberkg.ingest.IngestSummary` as ``dataset.ingest_summary``.
    """
    index = CountryIndex.of(countries)
    summary = summary if summary is not None else IngestSummary(f"gci ({Path(csv_path).name})")
    values = read_gci(csv_path, index, summary)
    ds = Dataset()
    for year in sorted({v.year for v in values}):
        _describe_document(ds, EDITIONS[year])
    score = indicator(DATASET, "score")
    for v in values:
        ed = EDITIONS[v.year]
        g = ds.graph(graph(doc_slug(v.year)))
        obs = observation(DATASET, v.iso3, v.year)
        label = index.label(v.iso3)
        g.add((obs, RDF.type, QB.Observation))
        g.add((obs, SKOS.prefLabel, Literal(f"{label}: GCI score {v.year}", lang="en")))
        g.add((obs, QB.dataSet, dataset(DATASET)))
        g.add((obs, SDMX_DIMENSION.refArea, country(v.iso3)))
        g.add((obs, CK.indicator, score))
        g.add((obs, SDMX_DIMENSION.refPeriod, Literal(v.year, datatype=XSD.gYear, normalize=False)))
        g.add((obs, SDMX_MEASURE.obsValue, Literal(v.score, datatype=XSD.decimal, normalize=False)))
        g.add((obs, CK.scale, Literal(ed.scale)))
        if v.rank is not None:
            g.add((obs, CK.rank, Literal(v.rank, datatype=XSD.integer, normalize=False)))
            summary.count("ranks")
        if v.name != label:
            g.add((obs, CK.sourceWording, Literal(v.name)))
        g.add((obs, PROV.wasDerivedFrom, document(doc_slug(v.year))))
        summary.count("observations")
        summary.count(f"observations {v.year}")
    summary.count("triples", len(ds))
    ds.ingest_summary = summary  # type: ignore[attr-defined]
    return ds
