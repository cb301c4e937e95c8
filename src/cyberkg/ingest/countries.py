"""Countries and territories from ``country-ids/countries.csv`` (docs/model.md "Countries").

The table (Our World in Data, MIT) has the columns ``iso_alpha3, iso_alpha2, name,
wikidata_uri, wikidata_label, aliases``; ``aliases`` is a JSON array written with ``\\u``
escapes, and some aliases are mojibake (UTF-8 read as Latin-1/cp1252, e.g. ``CuraÃ§ao``):
those are dropped, the others become ``skos:altLabel``.

:class:`CountryIndex` reconciles country names written in other sources (GCI rows, ITU
profile file names and titles, UN treaty files) to ISO3 codes, over the table's names,
Wikidata labels and aliases, ignoring case, accents and punctuation, plus the explicit
:data:`NAME_OVERRIDES` for names the table lacks.

>>> idx = CountryIndex([CountryRow("KHM", "KH", "Cambodia", None, "Cambodia", ())])
>>> idx.resolve("CAMBODIA"), idx.resolve("Kampuchea")
('KHM', None)
>>> normalize_name("Côte d’Ivoire"), normalize_name("St. Kitts & Nevis")
('cote divoire', 'saint kitts and nevis')
"""

from __future__ import annotations

import csv
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import ORG, OWL, RDF, SKOS

from cyberkg.ingest import IngestSummary, describe_document
from cyberkg.rdf.namespaces import CK, SCHEMA, country, graph, organisation

__all__ = [
    "CountryIndex",
    "CountryRow",
    "DOC_SLUG",
    "NAME_OVERRIDES",
    "build_countries",
    "find_sources_dir",
    "is_mojibake",
    "load_countries",
    "normalize_name",
]

DOC_SLUG = "country-ids"
OWID = organisation("our-world-in-data")
SOURCE_URL = (
    "https://github.com/owid/owid-grapher/blob/c7402d12e25bd1d45f5bd7d66cfc083342a1ed96/"
    "packages/@ourworldindata/grapher/src/mapCharts/CountriesRegions.ts"
)
COLUMNS = ("iso_alpha3", "iso_alpha2", "name", "wikidata_uri", "wikidata_label", "aliases")

#: Names written in cyberkg's sources that the country table does not know, by ISO3.
#: Keys are compared after :func:`normalize_name`; each entry is checked by a test to be
#: unresolvable without it (so the table never silently disagrees with an override).
NAME_OVERRIDES: dict[str, str] = {
    # ITU Cyberwellness 2014 profile file names (itu-cyberwellness-2014/*.txt stems)
    "Antigua_Barbuda": "ATG",
    "Congo(DRC)": "COD",  # title: DEMOCRATIC REPUBLIC OF CONGO
    "Dem_People_s_Rep_of_Korea": "PRK",  # title: DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA
    "Ethopia": "ETH",  # misspelt file name; title: FEDERAL DEMOCRATIC REPUBLIC OF ETHIOPIA
    "Hongkong": "HKG",  # Hong Kong, China: a territory, not a state
    "Korea": "KOR",  # Korea.txt is the profile of the REPUBLIC OF KOREA
    "Sao_Tome": "STP",  # title: SAO TOME AND PRINCIPE
    "Sudan_(Republic_of)": "SDN",
    # ITU profile titles and other spellings of the profiles' names
    "Korea (Rep. of)": "KOR",
    "Antigua Barbuda": "ATG",
    "Sudan (Republic of)": "SDN",
    "Micronesia (Federal States of)": "FSM",
    "Plurinational State of Bolivia": "BOL",
    "Democratic Republic of Timor-Leste": "TLS",
    "Argentine Republic": "ARG",
    "Portuguese Republic": "PRT",
    "Co-operative Republic of Guyana": "GUY",
    "Federal Democratic Republic of Ethiopia": "ETH",
    "Federal Democratic Republic of Nepal": "NPL",
    "Islamic Republic of Pakistan": "PAK",
    # UN treaty status files (member names), used to check their iso2 codes
    "Moldova, Republic Of": "MDA",
}

# Formal prefixes of state names ("Republic of Benin"): stripped only when the full name
# does not resolve and the rest resolves. "Democratic Republic of" is deliberately absent.
_FORMAL_PREFIXES = (
    "republic of",
    "principality of",
    "kingdom of",
    "state of",
    "commonwealth of",
    "grand duchy of",
    "sultanate of",
)


@dataclass(frozen=True)
class CountryRow:
    """One row of the country table (aliases already decoded, mojibake kept here)."""

    iso3: str
    iso2: str
    name: str
    wikidata: str | None
    wikidata_label: str | None
    aliases: tuple[str, ...]
    line: int = 0

    @property
    def clean_aliases(self) -> tuple[str, ...]:
        """The aliases that are not mojibake, in source order, without the name itself."""
        seen: set[str] = set()
        out = []
        for a in self.aliases:
            if is_mojibake(a) or a == self.name or a in seen:
                continue
            seen.add(a)
            out.append(a)
        return tuple(out)


def is_mojibake(text: str) -> bool:
    """True if ``text`` looks like UTF-8 bytes decoded as Latin-1 / cp1252.

    >>> is_mojibake("CuraÃ§ao"), is_mojibake("Curaçao"), is_mojibake("Åland Islands")
    (True, False, False)
    """
    if "Ã" in text or "Â" in text:
        return True
    for enc in ("latin-1", "cp1252"):
        try:
            fixed = text.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            return True
    return False


_DROP = re.compile(r"['’‘`ʼ.]")
_SEP = re.compile(r"[^a-z0-9]+")


def normalize_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key for a country name.

    Apostrophes and dots are dropped ("d'Ivoire" -> "divoire", "P.D.R" -> "pdr"), other
    punctuation and underscores separate words, "&" is "and", "st" is "saint", and the
    word "the" is ignored.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ")
    text = _DROP.sub("", text)
    words = [w for w in _SEP.split(text) if w]
    words = ["saint" if w == "st" else w for w in words if w != "the"]
    return " ".join(words)


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = [(reader.line_num, r) for r in reader if any(c.strip() for c in r)]
    return header, rows


def load_countries(csv_path: str | os.PathLike[str]) -> list[CountryRow]:
    """Read the country table; raise ``ValueError`` (with file and line) on a bad row."""
    path = Path(csv_path)
    header, rows = _read_csv(path)
    if tuple(h.strip() for h in header) != COLUMNS:
        raise ValueError(f"{path}: unexpected header {header!r}, expected {COLUMNS!r}")
    out: list[CountryRow] = []
    seen3: dict[str, int] = {}
    seen2: dict[str, int] = {}
    for line, r in rows:
        if len(r) != len(COLUMNS):
            raise ValueError(f"{path}:{line}: expected {len(COLUMNS)} columns, got {len(r)}")
        iso3, iso2, name, wd, wd_label, aliases_json = (c.strip() for c in r)
        if not re.fullmatch(r"[A-Z]{3}", iso3):
            raise ValueError(f"{path}:{line}: bad iso_alpha3 {iso3!r}")
        if not re.fullmatch(r"[A-Z]{2}", iso2):
            raise ValueError(f"{path}:{line}: bad iso_alpha2 {iso2!r}")
        if not name:
            raise ValueError(f"{path}:{line}: empty name for {iso3}")
        if wd and not re.fullmatch(r"http://www\.wikidata\.org/entity/Q[0-9]+", wd):
            raise ValueError(f"{path}:{line}: bad wikidata_uri {wd!r}")
        for code, seen in ((iso3, seen3), (iso2, seen2)):
            if code in seen:
                raise ValueError(f"{path}:{line}: duplicate code {code} (first on line {seen[code]})")
            seen[code] = line
        aliases: tuple[str, ...] = ()
        if aliases_json:
            try:
                decoded = json.loads(aliases_json)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{line}: aliases are not JSON: {exc}") from None
            if not isinstance(decoded, list) or not all(isinstance(a, str) for a in decoded):
                raise ValueError(f"{path}:{line}: aliases must be a JSON array of strings")
            aliases = tuple(a.strip() for a in decoded if a.strip())
        out.append(CountryRow(iso3, iso2, name, wd or None, wd_label or None, aliases, line))
    return out


class CountryIndex:
    """Look up countries by ISO code or by a name as some source wrote it."""

    def __init__(self, rows: Iterable[CountryRow], overrides: Mapping[str, str] | None = None):
        self.rows: list[CountryRow] = list(rows)
        self.by_iso3: dict[str, CountryRow] = {r.iso3: r for r in self.rows}
        self.by_iso2: dict[str, CountryRow] = {r.iso2: r for r in self.rows}
        # name key -> iso3, by priority: table names, then Wikidata labels, then aliases.
        # A key claimed by two countries at the same priority is ambiguous (None).
        self._keys: list[dict[str, str | None]] = [{}, {}, {}]
        for r in self.rows:
            names = ([r.name], [r.wikidata_label] if r.wikidata_label else [], r.clean_aliases)
            for level, group in enumerate(names):
                for n in group:
                    key = normalize_name(n)
                    if not key:
                        continue
                    table = self._keys[level]
                    if key in table and table[key] != r.iso3:
                        table[key] = None
                    else:
                        table[key] = r.iso3
        self.overrides: dict[str, str] = {}
        for name, iso3 in (NAME_OVERRIDES if overrides is None else overrides).items():
            # An override to a country this (possibly partial) table lacks is left out; the
            # tests check every override against the full table.
            if iso3 in self.by_iso3:
                self.overrides[normalize_name(name)] = iso3

    @classmethod
    def from_csv(cls, csv_path: str | os.PathLike[str]) -> "CountryIndex":
        return cls(load_countries(csv_path))

    @classmethod
    def of(cls, countries: "CountryIndex | Iterable[CountryRow] | str | os.PathLike[str]"
           ) -> "CountryIndex":
        """The index of ``countries``: an index as it is, loaded rows, or the table's path.

        The ``build_*`` functions take any of the three, so a caller that already has an
        index (a test, a run of several ingests) does not read the table again.

        >>> index = CountryIndex.of([CountryRow("KHM", "KH", "Cambodia", None, None, ())])
        >>> CountryIndex.of(index) is index, index.resolve("Cambodia")
        (True, 'KHM')
        """
        if isinstance(countries, CountryIndex):
            return countries
        if isinstance(countries, (str, os.PathLike)):
            return cls.from_csv(countries)
        return cls(countries)

    def __len__(self) -> int:
        return len(self.rows)

    def label(self, iso3: str) -> str:
        """The English display name (the table's ``name``)."""
        return self.by_iso3[iso3].name

    def resolve_table(self, name: str) -> str | None:
        """Resolve ``name`` over the table only (no overrides, no prefix stripping)."""
        key = normalize_name(name)
        for table in self._keys:
            if key in table:
                return table[key]  # None when ambiguous at this level
        return None

    def resolve(self, name: str) -> str | None:
        """The ISO3 code for ``name``, or ``None`` if it is unknown or ambiguous."""
        key = normalize_name(name)
        if not key:
            return None
        if key in self.overrides:
            return self.overrides[key]
        found = self.resolve_table(name)
        if found:
            return found
        if re.fullmatch(r"[a-z]{3}", key) and key.upper() in self.by_iso3:
            return key.upper()
        for prefix in _FORMAL_PREFIXES:
            if key.startswith(prefix + " "):
                rest = key[len(prefix) + 1:]
                found = self.overrides.get(rest) or self.resolve_table(rest)
                if found:
                    return found
        return None


def find_sources_dir() -> Path | None:
    """The shared sources folder (setting ``sources_dir``, ``CYBERKG_SOURCES_DIR``), or
    ``None`` when it does not exist."""
    from cyberkg.settings import Settings
    path = Path(Settings.load().sources_dir)
    return path if path.is_dir() else None


def describe_source_document(ds: Dataset) -> None:
    """Add the ``id/doc/country-ids`` document and its publisher to ``graph/country-ids``."""
    g = ds.graph(graph(DOC_SLUG))
    describe_document(
        g, DOC_SLUG, title="Our World in Data: countries and regions (CountriesRegions.ts)",
        publisher=OWID, sources=[SOURCE_URL], rights="MIT (Our World in Data, 2022)",
        note="ISO 3166-1 codes, English names, Wikidata entities and name aliases of countries "
             "and territories, from owid/owid-grapher at commit "
             "c7402d12e25bd1d45f5bd7d66cfc083342a1ed96. Aliases that are mojibake (UTF-8 read "
             "as Latin-1) are not published.")
    g.add((OWID, RDF.type, ORG.FormalOrganization))
    g.add((OWID, SKOS.prefLabel, Literal("Our World in Data", lang="en")))


def build_countries(
    csv_path: str | os.PathLike[str] | Iterable[CountryRow],
    summary: IngestSummary | None = None,
) -> Dataset:
    """All rows of the country table as ``schema:Country`` entities in ``graph/country-ids``.

    ``csv_path`` may also be already loaded rows. The returned dataset carries the
    :class:`~cyberkg.ingest.IngestSummary` as ``dataset.ingest_summary``.
    """
    if isinstance(csv_path, (str, os.PathLike)):
        src = Path(csv_path).name
        rows = load_countries(csv_path)
    else:
        src = "countries"
        rows = list(csv_path)
    summary = summary if summary is not None else IngestSummary(f"countries ({src})")
    ds = Dataset()
    g = ds.graph(graph(DOC_SLUG))
    describe_source_document(ds)
    for r in rows:
        c = country(r.iso3)
        g.add((c, RDF.type, SCHEMA.Country))
        g.add((c, SKOS.prefLabel, Literal(r.name, lang="en")))
        g.add((c, SKOS.notation, Literal(r.iso3)))
        g.add((c, CK.iso2, Literal(r.iso2)))
        for a in r.clean_aliases:
            g.add((c, SKOS.altLabel, Literal(a, lang="en")))
        summary.count("aliases", len(r.clean_aliases))
        dropped = [a for a in r.aliases if is_mojibake(a)]
        for a in dropped:
            summary.warn(f"{src}:{r.line}: {r.iso3}: dropped mojibake alias {a!r}")
        summary.count("mojibake aliases dropped", len(dropped))
        if r.wikidata:
            g.add((c, OWL.sameAs, URIRef(r.wikidata)))
            summary.count("wikidata links")
        else:
            summary.warn(f"{src}:{r.line}: {r.iso3}: no Wikidata entity, no owl:sameAs")
        summary.count("countries")
    summary.count("triples", len(ds))
    ds.ingest_summary = summary  # type: ignore[attr-defined]
    return ds
