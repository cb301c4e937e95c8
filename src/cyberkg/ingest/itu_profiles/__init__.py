"""The ITU Cyberwellness profiles (2014 framework): plain-text conversions to RDF.

:func:`parse_profile` turns one profile text file into a :class:`Profile` (country name as
printed, background figures, last-updated date and the 21 sections, each with a status, a
short verbatim evidence sentence and the organisations and legal instruments it names);
:func:`build_itu_profiles` turns a folder of them into one named graph per profile.

The modules, in pipeline order (each imports only those before it):

- :mod:`.model`: the 2014 framework (section codes and headings, statuses) and the
  dataclasses the parser returns;
- :mod:`.decoding`: bytes to clean text (encoding detection, line ends, page markers);
- :mod:`.headings`: where each section starts and ends;
- :mod:`.status`: the status rules, clause by clause, then per section;
- :mod:`.names`: organisation and instrument names in a section;
- :mod:`.units`: a section's body as labelled clauses and list items;
- :mod:`.header`: country name, population, internet users, last-updated date;
- :mod:`.profile`: the parser itself, :func:`parse_profile`;
- :mod:`.rdf`: profiles to graphs, the alias table and the per-file report.

Usage::

    prof = parse_profile("Cambodia.txt")
    prof.country_name, prof.last_updated, prof.population.value     # 'Cambodia', ...
    prof.sections["1.2.1"].status, prof.sections["1.2.1"].evidence
    prof.sections["2.4"].organisations      # (Name('National Cambodia ...', 'CamCERT'),)
"""

from cyberkg.ingest.itu_profiles.model import (SECTION_CODES, SECTION_HEADINGS, Figure, Name,
                                               Profile, ProfileParseError, Section)
from cyberkg.ingest.itu_profiles.profile import parse_profile, parse_profile_text
from cyberkg.ingest.itu_profiles.rdf import Alias, AliasTable, build_itu_profiles, write_report

__all__ = [
    "SECTION_CODES", "SECTION_HEADINGS", "Figure", "Name", "Profile", "ProfileParseError",
    "Section", "parse_profile", "parse_profile_text",
    "Alias", "AliasTable", "build_itu_profiles", "write_report",
]
