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


@ingest.command("itu-profiles")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_countries_option
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=lambda: _data("aliases/itu-cwp-2014.csv"), show_default="data/aliases/itu-cwp-2014.csv",
              help="Names that resolve to entities the graph already has.")
@click.option("--curated-dir", type=click.Path(file_okay=False, path_type=Path),
              default=lambda: _data("curated"), show_default="data/curated",
              help="Profiles with a hand-curated graph here are not generated.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=lambda: _data("itu-cwp-2014.trig"), show_default="data/itu-cwp-2014.trig")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the per-file summary as CSV here.")
def itu_profiles(paths: tuple[Path, ...], countries_csv: Path, aliases: Path, curated_dir: Path,
                 out: Path, report: Path | None) -> None:
    """ITU Cyberwellness Profiles (2014): PATHS are profile texts or folders of them.

    Prints one line per country (sections found, statuses, warnings). Any file that cannot
    be parsed or matched to a country fails the run, after the report, and nothing is written.

    \b
    Example:  cyberkg ingest itu-profiles ../shared/sources/itu-cyberwellness-2014 --report /tmp/itu.csv
    """
    from cyberkg.errors import IngestError
    from cyberkg.ingest.itu_profiles import AliasTable, build_itu_profiles, write_report
    dataset = build_itu_profiles(paths, countries_csv, AliasTable.from_csv(aliases), curated_dir)
    for o in dataset.outcomes:
        p = o.profile
        if p is None:
            click.echo(f"{o.file}: {o.outcome}: {o.reason}")
            continue
        counts = {s: list(p.statuses.values()).count(s) for s in ("present", "absent", "in-progress", "unknown")}
        click.echo(f"{o.file}: {o.iso3 or '?'} {o.outcome}; last updated {p.last_updated or 'not given'}; "
                   + ", ".join(f"{k} {v}" for k, v in counts.items())
                   + (f"; warnings: {'; '.join(p.warnings)}" if p.warnings else "")
                   + (f"; {o.reason}" if o.reason else ""))
    if report:
        write_report(dataset.outcomes, report)
    errors = [o for o in dataset.outcomes if o.outcome == "error"]
    if errors:
        raise IngestError(f"{len(errors)} file(s) could not be ingested; {out} left as it was:\n"
                          + "\n".join(f"  {o.file}: {o.reason}" for o in errors))
    _write(dataset, out)
