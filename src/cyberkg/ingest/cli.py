"""``cyberkg ingest …``: source files → deterministic TriG under data/.

Each subcommand reads one kind of source, prints a summary (counts and warnings) and writes
TriG (same input, same bytes). A source that cannot be read fails with file, line and
reason, and the output file is left as it was.
"""

from __future__ import annotations

from pathlib import Path

import click

from cyberkg.settings import PROJECT_DIR, Settings


def _sources(*parts: str) -> Path:
    return Path(Settings.load().sources_dir).joinpath(*parts)


def _data(name: str) -> Path:
    return Path(Settings.load().data_dir) / name


_countries_option = click.option(
    "--countries", "countries_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=lambda: _sources("country-ids", "countries.csv"), show_default="sources_dir/country-ids/countries.csv",
    help="The country table that names are reconciled against.")


def _write(dataset, out: Path) -> None:
    from cyberkg.ingest.trig import write_trig
    summary = getattr(dataset, "ingest_summary", None)
    if summary is not None:
        click.echo(summary.format(), err=True)
    size = write_trig(dataset, out)
    try:
        shown = out.resolve().relative_to(PROJECT_DIR)
    except ValueError:
        shown = out
    click.echo(f"wrote {shown} ({size} bytes)", err=True)


@click.group()
def ingest() -> None:
    """Turn source files into RDF (TriG) for the build."""


@ingest.command()
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                default=lambda: _sources("country-ids", "countries.csv"))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=lambda: _data("countries.trig"), show_default="data/countries.trig")
def countries(csv_file: Path, out: Path) -> None:
    """Countries and territories (ISO codes, names, aliases, Wikidata) from CSV_FILE.

    \b
    Example:  cyberkg ingest countries ../shared/sources/country-ids/countries.csv
    """
    from cyberkg.ingest.countries import build_countries
    _write(build_countries(csv_file), out)


@ingest.command()
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_countries_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=lambda: _data("itu-gci.trig"), show_default="data/itu-gci.trig")
def gci(csv_file: Path, countries_csv: Path, out: Path) -> None:
    """ITU Global Cybersecurity Index scores (2014-2024 editions) from CSV_FILE.

    \b
    Example:  cyberkg ingest gci ../shared/sources/gci-scores/gci-local-indicator-summary.csv
    """
    from cyberkg.ingest.gci import build_gci
    _write(build_gci(csv_file, countries_csv), out)


@ingest.command("un-treaties")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_countries_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=lambda: _data("un-treaties.trig"), show_default="data/un-treaties.trig")
def un_treaties(directory: Path, countries_csv: Path, out: Path) -> None:
    """Parties and signatories of 18 UN human-rights instruments from DIRECTORY/hr_status_*.csv.

    \b
    Example:  cyberkg ingest un-treaties ../shared/sources/un-treaty-status
    """
    from cyberkg.ingest.un_treaties import build_un_treaties
    _write(build_un_treaties(directory, countries_csv), out)
