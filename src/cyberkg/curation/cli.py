"""``cyberkg curation …``: check the curation files and list their source register."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from cyberkg.errors import BuildError
from cyberkg.settings import PROJECT_DIR, Settings


def _name(path: Path) -> str:
    try:
        return path.resolve().relative_to(PROJECT_DIR).as_posix()
    except ValueError:
        return str(path)


def _compile(settings: Settings):
    from cyberkg.curation import compile_curation, curation_dir
    return compile_curation(curation_dir(settings), Path(settings.ontology_dir),
                            Path(settings.data_dir), name=_name)


@click.group()
def curation() -> None:
    """The hand-curated laws, events, provisions and assessments (data/curation/, docs/curation.md)."""


@curation.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Check every curation file (or report only on FILES): exit 1 with file:line: reason.

    All files are read, since sources and organisations registered in one file may be cited
    in another; SHACL runs at `cyberkg build` / `cyberkg validate`.

    \b
    Example:  cyberkg curation check
    Example:  cyberkg curation check data/curation/countries/vnm.yaml
    """
    wanted = {_name(f) for f in files}
    try:
        compiled = _compile(Settings.load())
    except BuildError as error:
        problems = [p for p in error.problems if not wanted or p.split(":", 1)[0] in wanted]
        for problem in problems:
            click.echo(problem)
        click.echo(f"{len(problems)} problem(s)", err=True)
        sys.exit(1 if problems else 0)
    cur = compiled.curation
    click.echo(f"ok: {len(cur.files)} file(s), {len(cur.sources)} sources, {len(cur.laws)} laws, "
               f"{sum(len(l.provisions) for l in cur.laws)} provisions, "
               f"{sum(len(l.events) for l in cur.laws)} events, {len(cur.assessments)} assessments, "
               f"{len(compiled.quads)} triples", err=True)


@curation.command()
def register() -> None:
    """Print the source register (every source document of the curation files) as CSV.

    \b
    Example:  cyberkg curation register > sources.csv
    """
    cur = _compile(Settings.load()).curation
    out = csv.writer(sys.stdout)
    out.writerow(["id", "kind", "title", "url", "publisher", "authors", "date", "language",
                  "accessed", "country", "file"])
    for s in cur.sources.values():
        out.writerow([s.id, s.kind, s.title, s.url, s.publisher or "", ";".join(s.authors),
                      s.date or "", s.language or "", s.accessed,
                      s.country.iso3 if s.country else "", str(s.where)])
