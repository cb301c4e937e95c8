"""The ``cyberkg`` command line (DESIGN §6). Each command is a thin layer over a module."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from pyoxigraph import Store

from cyberkg import __version__
from cyberkg.errors import CyberkgError
from cyberkg.settings import SETTINGS, Settings


def _settings(ctx: click.Context, **overrides) -> Settings:
    try:
        return Settings.load({**ctx.obj, **{k: v for k, v in overrides.items() if v is not None}})
    except ValueError as error:
        raise click.UsageError(str(error)) from None


def _progress(message: str) -> None:
    click.echo(message, err=True)


class _Group(click.Group):
    """Turns cyberkg's own errors into one-line messages and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CyberkgError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)


@click.group(cls=_Group, epilog="Settings (environment variables): " + "; ".join(
    f"{s.env_var} ({s.help})" for s in SETTINGS))
@click.version_option(__version__, prog_name="cyberkg")
@click.option("--store", type=click.Path(path_type=str), default=None,
              help="Store directory (default: CYBERKG_STORE or var/store in the checkout).")
@click.pass_context
def main(ctx: click.Context, store: str | None) -> None:
    """cyberkg: a knowledge graph of national cybersecurity governance."""
    ctx.obj = {"store": store}


@main.command()
@click.option("--out", type=click.Path(path_type=str), default=None,
              help="Where the store goes (a symlink to the new build; default: the store setting).")
@click.pass_context
def build(ctx: click.Context, out: str | None) -> None:
    """Build the graph: ontology + data → validated store, dumps, manifest.

    \b
    Example:  cyberkg build
    """
    from cyberkg.build.pipeline import build as run_build
    result = run_build(_settings(ctx, store=out), progress=_progress)
    click.echo(json.dumps({k: result.manifest[k] for k in ("version", "triples", "build_seconds")}))


@main.command()
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Validate the ontology and data with SHACL and print the report (exit 1 on violations).

    \b
    Example:  cyberkg validate
    """
    from cyberkg.build.pipeline import load_files
    from cyberkg.build.sources import shapes_file, source_files
    from cyberkg.build.validation import validate as run_validate
    settings = _settings(ctx)
    store = Store()
    graph_files = load_files(store, source_files(settings), _progress, settings)
    results = run_validate(store, shapes_file(settings), graph_files)
    for result in results:
        click.echo(str(result))
    errors = sum(r.is_error for r in results)
    click.echo(f"{errors} violation(s), {len(results) - errors} warning(s)", err=True)
    if errors:
        sys.exit(1)
    click.echo("conforms")


@main.command()
@click.argument("query_or_file", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "xml", "csv", "tsv",
              "turtle", "ntriples", "jsonld", "rdfxml"]), default="table", show_default=True,
              help="Output format (json = SPARQL JSON results; turtle etc. for CONSTRUCT/DESCRIBE).")
@click.option("--named", metavar="NAME", default=None,
              help="Run the named query NAME.rq of the queries directory (CYBERKG_QUERIES_DIR; "
                   "see /queries) instead; CSV and TSV then have a label column beside every "
                   "IRI column.")
@click.option("--param", "params", metavar="KEY=VALUE", multiple=True,
              help="A parameter of the named query (repeatable), e.g. country=KHM.")
@click.pass_context
def query(ctx: click.Context, query_or_file: str | None, fmt: str, named: str | None,
          params: tuple[str, ...]) -> None:
    """Run a SPARQL query (text, a file, or - for standard input) against the store.

    Common prefixes (ck:, skos:, qb:, eli:, …) are predeclared.

    \b
    Example:  cyberkg query 'SELECT ?c ?name WHERE { ?c a schema:Country ; skos:prefLabel ?name } LIMIT 5'
    Example:  cyberkg query queries/x.rq --format csv
    Example:  cyberkg query --named itu-scorecard --param country=KHM --format csv
    """
    if named is not None or params:
        if query_or_file is not None or named is None:
            raise click.UsageError("give either a query or --named NAME (with --param KEY=VALUE)")
        sys.stdout.buffer.write(_run_named(_settings(ctx), named, params, fmt))
        return
    if query_or_file is None:
        raise click.UsageError("give a query, a query file, - for standard input, or --named NAME")
    sys.stdout.buffer.write(_run_text(_settings(ctx), _query_text(query_or_file), fmt))


def _run_text(settings: Settings, text: str, fmt: str) -> bytes:
    """A query run through the one executor (time budget, row cap, SERVICE refused),
    written as ``fmt``; ``table`` prints solutions as text and graphs as Turtle."""
    from dataclasses import replace
    from pyoxigraph import QueryResultsFormat, parse_query_results
    from cyberkg.query.executor import Executor, QueryRequest
    from cyberkg.errors import FormatNotAcceptable, QueryError, QuerySyntaxError
    from cyberkg.rdf.formats import by_name
    from cyberkg.query.text_table import table
    kind = by_name(fmt).kind if fmt != "table" else None
    request = QueryRequest(text, results_format="json" if fmt == "table" else fmt if kind == "results" else None,
                           graph_format="turtle" if fmt == "table" else fmt if kind == "graph" else None)
    executor = Executor(replace(settings, workers=1))
    try:
        result = executor.run(request)
        data = result.read()
        if result.truncated:
            click.echo(f"note: the result was cut at {result.max_rows} rows (CYBERKG_MAX_ROWS)", err=True)
    except FormatNotAcceptable as error:
        raise click.UsageError(f"--format {fmt}: {error}") from None
    except QuerySyntaxError as error:
        raise click.ClickException(f"query syntax error: {error}") from None
    except QueryError as error:
        raise click.ClickException(str(error)) from None
    finally:
        executor.close()
    if fmt == "table" and result.kind != "graph":
        return table(parse_query_results(data, QueryResultsFormat.JSON)).encode()
    return data


def _run_named(settings: Settings, name: str, params: tuple[str, ...], fmt: str) -> bytes:
    """A named query run through the one executor (one worker), written as ``fmt``."""
    from dataclasses import replace
    from cyberkg.query.executor import Executor
    from cyberkg.query.named import NamedQueryRunner, ParameterError, read_queries
    queries = read_queries(settings.queries_dir)
    if name not in queries:
        raise click.UsageError(f"no named query {name!r}; there are: {', '.join(queries)}")
    given: dict[str, list[str]] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param takes KEY=VALUE, not {item!r}")
        given.setdefault(key.strip(), []).append(value)
    executor = Executor(replace(settings, workers=1))
    try:
        runner = NamedQueryRunner(executor)
        return runner.answer(queries[name], runner.bind(queries[name], given), fmt).data
    except ParameterError as error:
        raise click.UsageError(str(error)) from None
    finally:
        executor.close()


def _query_text(query_or_file: str) -> str:
    if query_or_file == "-":
        return sys.stdin.read()
    path = Path(query_or_file)
    if len(query_or_file) < 4096 and path.suffix in {".rq", ".sparql", ".txt"} and "\n" not in query_or_file:
        if not path.is_file():
            raise click.UsageError(f"no query file {query_or_file!r}")
        return path.read_text(encoding="utf-8")
    return query_or_file


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="Directory to write the dumps into.")
@click.pass_context
def export(ctx: click.Context, out: Path) -> None:
    """Write the built graph as N-Quads (gzip) and TriG dumps named by dataset version.

    \b
    Example:  cyberkg export --out /tmp/dumps
    """
    from cyberkg.store.dumps import write_dumps
    from cyberkg.store import open_store
    store = open_store(_settings(ctx))
    written = write_dumps(store.whole_dataset(), out, store.version)
    for name in written.values():
        click.echo(str(out / name))


@main.command()
@click.option("--endpoint", required=True,
              help="The engine's SPARQL query endpoint (http://host:port/path; `sparql+` optional).")
@click.option("--update", "update_url", default=None,
              help="Its SPARQL Update endpoint (default: known for Oxigraph server and Virtuoso).")
@click.option("--graph-store", "graph_store_url", default=None,
              help="Its Graph Store Protocol endpoint (default: known for Oxigraph server and Virtuoso).")
@click.option("--store", "store_dir", type=click.Path(path_type=str), default=None,
              help="The built store to load (default: CYBERKG_STORE, var/store).")
@click.option("--force", is_flag=True, help="Load even when the engine has this version already.")
@click.option("--graph-security", is_flag=True,
              help="Virtuoso: show anonymous readers the served graphs only (graph-level security, "
                   "set for the whole engine), so that fronts query the engine's own default graph "
                   "instead of naming every graph in each query.")
@click.pass_context
def load(ctx: click.Context, endpoint: str, update_url: str | None, graph_store_url: str | None,
         store_dir: str | None, force: bool, graph_security: bool) -> None:
    """Push the built dataset into a remote SPARQL engine, replacing the version it holds.

    Every named graph goes to a staging graph (Graph Store Protocol), then one SPARQL Update
    moves them all into place and records the version, so readers switch at once. Credentials:
    CYBERKG_ENGINE_USER and CYBERKG_ENGINE_PASSWORD (HTTP digest, e.g. Virtuoso's dba).

    \b
    Example:  cyberkg load --endpoint http://127.0.0.1:8890/sparql
    Example:  cyberkg load --endpoint http://127.0.0.1:8890/sparql --graph-security
    """
    from cyberkg.build.publish import Publisher
    from cyberkg.store import engine_credentials
    settings = _settings(ctx, store=store_dir)
    publisher = Publisher(Path(settings.store), endpoint,
                          engine_credentials(settings),
                          update_url, graph_store_url, progress=_progress, graph_security=graph_security)
    report = publisher.publish(force=force)
    if report.skipped:
        _progress(f"the engine already holds version {report.version}; nothing to do (--force reloads)")
    else:
        _progress(f"loaded version {report.version} (was {report.previous or 'none'}): "
                  f"{report.graphs} graphs, {report.triples} triples in {report.seconds['total']} s")
    click.echo(json.dumps(report.as_dict()))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Print counts: triples, named graphs, entities per class, observations per dataset.

    \b
    Example:  cyberkg stats
    """
    from cyberkg.build.stats import dataset_stats
    from cyberkg.store import open_store
    figures = dataset_stats(open_store(_settings(ctx)))
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    click.echo(f"dataset version {figures['version']}: {figures['triples']} triples "
               f"in {len(figures['graphs'])} named graphs")
    for name, n in figures["classes"].items():
        click.echo(f"  {name:<32} {n:>7}")
    for dataset, n in figures["observations"].items():
        click.echo(f"  observations in {dataset}: {n}")


@main.command(epilog="\b\nSettings (environment variable, default: meaning):\n" + "\n".join(
    f"  {s.env_var}, {s.default!r}: {s.help}" for s in SETTINGS))
@click.option("--host", default=None, help="Address to listen on (default: CYBERKG_HOST or 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port to listen on (default: CYBERKG_PORT or 8080).")
@click.option("--store", "store_dir", type=click.Path(path_type=str), default=None,
              help="Serve this store: a built store or any pyoxigraph store directory.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Query worker processes (default: CYBERKG_WORKERS; 0 = two per CPU core).")
@click.option("--threads", type=click.IntRange(min=1), default=None,
              help="HTTP threads (default: CYBERKG_THREADS or 8).")
@click.option("--query-timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Time budget of a query in seconds (default: CYBERKG_QUERY_TIMEOUT or 30).")
@click.option("--max-rows", type=click.IntRange(min=1), default=None,
              help="Most rows a query returns (default: CYBERKG_MAX_ROWS or 100000).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, store_dir: str | None,
          workers: int | None, threads: int | None, query_timeout: float | None,
          max_rows: int | None) -> None:
    """Serve the graph over HTTP: the SPARQL endpoint at /sparql (builds the store first if
    there is none).

    \b
    Example:  cyberkg serve --port 8080
    Example:  cyberkg serve --store /data/other-store --workers 4
    """
    from cyberkg.store import store_exists
    from cyberkg.web.server import run
    settings = _settings(ctx, store=store_dir, host=host, port=port, workers=workers,
                         threads=threads, query_timeout=query_timeout, max_rows=max_rows)
    if not store_exists(settings):
        _progress(f"no store at {settings.store}: building it first")
        from cyberkg.build.pipeline import build as run_build
        run_build(settings, progress=_progress)
    _progress(f"serving {settings.store} at http://{settings.host}:{settings.port}/sparql")
    run(settings)


from cyberkg.curation.cli import curation  # noqa: E402  (its own module: YAML → checks)
from cyberkg.ingest.cli import ingest  # noqa: E402  (its own module: sources → TriG)

main.add_command(ingest)
main.add_command(curation)

if __name__ == "__main__":  # pragma: no cover
    main()
