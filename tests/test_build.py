"""`cyberkg build`: a validated store swapped in atomically; failures name the file and the
reason and leave the previous store serving."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cyberkg.build.pipeline import build
from cyberkg.cli import main
from cyberkg.errors import BuildError
from cyberkg.settings import Settings
from cyberkg.store.embedded import EmbeddedStore

KHM = "https://w3id.org/cyberkg/id/country/KHM"
LABELS = "SELECT ?l WHERE { ?c a <https://schema.org/Country> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } ORDER BY ?l"


def labels(settings: Settings) -> list[str]:
    return [row["l"].value for row in EmbeddedStore(Path(settings.store)).query(LABELS)]


def curated(settings: Settings) -> Path:
    return Path(settings.data_dir) / "curated" / "country-list.ttl"


def test_build_loads_each_file_into_its_graph_and_writes_manifest(mini_project):
    result = build(mini_project)
    manifest = json.loads((Path(mini_project.store) / "manifest.json").read_text())
    assert manifest == result.manifest
    assert manifest["graphs"] == {
        "https://w3id.org/cyberkg/graph/country-list": {"files": [str(curated(mini_project))], "triples": 4},
        "https://w3id.org/cyberkg/graph/ontology": {"files": [
            str(Path(mini_project.ontology_dir) / "cyberkg.ttl"),
            str(Path(mini_project.ontology_dir) / "schemes" / "status.ttl")], "triples": 10},
        "https://w3id.org/cyberkg/graph/scores": {"files": [str(Path(mini_project.data_dir) / "scores.trig")], "triples": 1},
    }
    assert manifest["triples"] == 15
    assert labels(mini_project) == ["Cambodia", "Laos"]


def test_dumps_hold_every_quad_and_are_named_by_version(mini_project):
    manifest = build(mini_project).manifest
    dumps = Path(mini_project.store) / "dumps"
    nquads = gzip.decompress((dumps / f"cyberkg-{manifest['version']}.nq.gz").read_bytes())
    assert len(nquads.decode().strip().splitlines()) == manifest["triples"]
    assert (dumps / f"cyberkg-{manifest['version']}.trig").read_text().count("GRAPH") == 0  # TriG uses { }
    assert "<https://w3id.org/cyberkg/graph/scores>" in (dumps / manifest["dumps"]["trig"]).read_text()


def test_version_changes_with_content_only(mini_project):
    first = build(mini_project).manifest["version"]
    assert build(mini_project).manifest["version"] == first
    curated(mini_project).write_text(curated(mini_project).read_text().replace("Laos", "Lao PDR"))
    assert build(mini_project).manifest["version"] != first


def test_syntax_error_names_file_and_line_and_keeps_previous_store(mini_project):
    build(mini_project)
    before = Path(mini_project.store).resolve()
    curated(mini_project).write_text(curated(mini_project).read_text().replace('"Laos"@en .', '"Laos"@en'))
    with pytest.raises(BuildError) as failure:
        build(mini_project)
    message = str(failure.value)
    # The parser notices the missing "." at the end of the file (line 6, column 1).
    assert "country-list.ttl:6:1: Parser error" in message
    assert Path(mini_project.store).resolve() == before
    assert labels(mini_project) == ["Cambodia", "Laos"]
    assert len(list((Path(mini_project.store).parent / "builds").iterdir())) == 1


def test_shacl_violation_names_focus_node_file_and_message(mini_project):
    build(mini_project)
    with curated(mini_project).open("a") as f:
        f.write('<https://w3id.org/cyberkg/id/country/KHM> skos:prefLabel "Kampuchea"@en .\n')
    with pytest.raises(BuildError) as failure:
        build(mini_project)
    (problem,) = failure.value.problems
    assert "country-list.ttl" in problem and f"<{KHM}>" in problem
    assert "a country needs exactly one skos:prefLabel" in problem
    assert labels(mini_project) == ["Cambodia", "Laos"]


def test_a_graph_filled_by_two_files_fails(mini_project):
    (Path(mini_project.data_dir) / "more.trig").write_text(
        "<https://w3id.org/cyberkg/graph/country-list> { <urn:x> <urn:p> <urn:o> }\n")
    with pytest.raises(BuildError, match="filled by two files") as failure:
        build(mini_project)
    assert "more.trig" in failure.value.problems[0] and "country-list.ttl" in failure.value.problems[0]


def test_triples_outside_named_graphs_fail(mini_project):
    (Path(mini_project.data_dir) / "loose.trig").write_text("<urn:x> <urn:p> <urn:o> .\n")
    with pytest.raises(BuildError, match="outside any named graph"):
        build(mini_project)


def test_old_builds_are_pruned_to_the_setting(mini_project):
    settings = Settings.load({**mini_project.__dict__, "keep_builds": 1}, environ={})
    for _ in range(3):
        build(settings)
    assert len(list((Path(settings.store).parent / "builds").iterdir())) == 2


def test_cli_build_then_query_as_csv(mini_project, monkeypatch):
    monkeypatch.setenv("CYBERKG_ONTOLOGY_DIR", mini_project.ontology_dir)
    monkeypatch.setenv("CYBERKG_DATA_DIR", mini_project.data_dir)
    runner = CliRunner()
    built = runner.invoke(main, ["--store", mini_project.store, "build"])
    assert built.exit_code == 0, built.output
    answer = runner.invoke(main, ["--store", mini_project.store, "query", "--format", "csv",
                                  "SELECT ?l WHERE { ?c a schema:Country ; skos:prefLabel ?l } ORDER BY ?l"])
    assert answer.exit_code == 0, answer.output
    assert answer.stdout.splitlines() == ["l", "Cambodia", "Laos"]


def test_cli_reports_a_bad_query_with_the_parser_message(mini_project):
    build(mini_project)
    answer = CliRunner().invoke(main, ["--store", mini_project.store, "query", "SELECT ?x WHERE {"])
    assert answer.exit_code == 1
    assert "query syntax error: error at 1:18: expected one of" in answer.output


def test_cli_queries_go_through_the_executor_so_service_is_refused(mini_project):
    build(mini_project)
    answer = CliRunner().invoke(main, ["--store", mini_project.store, "query",
                                       "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"])
    assert answer.exit_code == 1
    assert "SERVICE <http://127.0.0.1:9/sparql> is not allowed" in answer.output


def test_cli_without_a_store_says_to_build(tmp_path):
    answer = CliRunner().invoke(main, ["--store", str(tmp_path / "none"), "stats"])
    assert answer.exit_code == 1
    assert "run `cyberkg build` first" in answer.output
