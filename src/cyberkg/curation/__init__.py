"""Hand-curated laws, provisions, lifecycle events and rights assessments, country by country.

Curators write YAML (``data/curation/countries/{iso3}.yaml`` and ``common.yaml``; the
format and rules are in ``docs/curation.md``). This package turns those files into RDF:

    files ──read.py──► records (checked: every value known, every reference resolved)
          ──rdf.py───► quads, one named graph per source document

``compile_curation`` is what ``cyberkg build`` and ``cyberkg curation check`` call; every
problem is reported at once as ``file:line: reason`` in a :class:`~cyberkg.errors.BuildError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad

from cyberkg.curation.codes import CodeLists
from cyberkg.curation.rdf import to_quads
from cyberkg.curation.read import Curation, read_curation
from cyberkg.errors import BuildError
from cyberkg.settings import Settings

__all__ = ["Compiled", "compile_curation", "curation_files"]


@dataclass(frozen=True)
class Compiled:
    curation: Curation
    quads: list[Quad]

    @property
    def graphs(self) -> set[str]:
        return {q.graph_name.value for q in self.quads}


def curation_dir(settings: Settings) -> Path:
    """Where the curation files of the project the settings name live."""
    return Path(settings.data_dir) / "curation"


def curation_files(curation_dir: Path) -> list[Path]:
    """The curation files under ``curation_dir``, in a stable order (common.yaml first)."""
    common = [curation_dir / "common.yaml"]
    countries = sorted((curation_dir / "countries").glob("*.yaml"))
    return [p for p in common + countries if p.is_file()]


def compile_curation(curation_dir: Path, ontology_dir: Path, data_dir: Path,
                     name=lambda p: str(p)) -> Compiled:
    """Read, check and compile every curation file; raise BuildError listing every problem."""
    codes = CodeLists.load(ontology_dir, data_dir)
    curation = read_curation(curation_files(curation_dir), codes, name)
    if curation.problems:
        raise BuildError(f"curation: {len(curation.problems)} problem(s)", curation.problems)
    return Compiled(curation, to_quads(curation, codes))
