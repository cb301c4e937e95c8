"""SHACL validation of the whole graph (ontology, schemes and data together).

pyshacl validates an rdflib graph; the build hands it the union of every named graph so that
shapes can follow links across sources (an observation in one source, its country in
another). Each violation is traced back to the source files that state its focus node.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import pyshacl
from pyoxigraph import NamedNode, QuerySolutions, RdfFormat, Store
from rdflib import BNode, Graph, Namespace
from rdflib.namespace import RDF

SH = Namespace("http://www.w3.org/ns/shacl#")
_NT = RdfFormat.N_TRIPLES


@dataclass(frozen=True)
class Violation:
    """One SHACL result: what is wrong, where, and in which file(s)."""

    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str
    files: tuple[str, ...]

    @property
    def is_error(self) -> bool:
        """True for a violation; warnings (missing but optional facts) do not fail a build."""
        return self.severity == "Violation"

    def __str__(self) -> str:
        where = ", ".join(self.files) or "(no source file found)"
        detail = f" [{self.path}]" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{where}: {self.severity} on {self.focus}{detail}: {self.message}{value}"


def union_graph(store: Store) -> Graph:
    """Return every triple of every named graph of ``store`` as one rdflib graph."""
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    graph = Graph()
    graph.parse(data=triples.serialize(format=_NT).decode(), format="nt")
    return graph


def validate(store: Store, shapes: Path, graph_files: Mapping[str, list[str]]) -> list[Violation]:
    """Validate the union of ``store``'s graphs against the SHACL ``shapes`` file.

    ``graph_files`` maps each named graph IRI to the files it was loaded from, used to say
    where a violation's focus node is stated. Returns the violations (empty: conforms).
    """
    data = union_graph(store)
    shapes_graph = Graph().parse(shapes, format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none")
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        subject = _named_subject(data, focus)
        violations.append(Violation(
            focus=_show(focus, data),
            path=_show(report.value(result, SH.resultPath), data),
            value=_show(report.value(result, SH.value), data),
            message=str(report.value(result, SH.resultMessage) or "constraint violated"),
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            files=_files_stating(store, subject, graph_files) if subject else (),
        ))
    return sorted(violations, key=lambda v: (v.files, v.focus, v.path or "", v.message))


def _named_subject(data: Graph, node) -> str | None:
    """The IRI of ``node``, or of the nearest named subject pointing to a blank ``node``."""
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        node = next(data.subjects(None, node), None)
    return str(node) if node is not None and not isinstance(node, BNode) else None


def _show(node, data: Graph) -> str | None:
    if node is None:
        return None
    if isinstance(node, BNode):
        parent = _named_subject(data, node)
        return f"a blank node under <{parent}>" if parent else "a blank node"
    return node.n3() if hasattr(node, "n3") else str(node)


def _files_stating(store: Store, iri: str, graph_files: Mapping[str, list[str]]) -> tuple[str, ...]:
    rows = store.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {NamedNode(iri)} ?p ?o }} }}")
    assert isinstance(rows, QuerySolutions)
    return tuple(sorted({name for row in rows
                         for name in graph_files.get(row["g"].value, [row["g"].value])}))
