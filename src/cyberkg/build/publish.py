"""``cyberkg load``: push the built dataset into a remote SPARQL engine, all or nothing.

    built store ──► every named graph, PUT into a staging graph (SPARQL 1.1 Graph Store
        │           Protocol, N-Triples), ``urn:cyberkg:staging:{version}:{graph}``
        ▼
    one SPARQL Update request: MOVE each staging graph onto its graph, DROP the graphs the
        │           new version no longer has, rewrite the control graph (version + manifest)
        ▼
    check: the triples per graph in the engine equal the manifest's counts

Readers through cyberkg never see half a dataset: a front sends every query with the graph
list of the manifest it serves, so staging graphs are invisible to it, and the switch is
one update request, which an engine that runs a request as one transaction (Oxigraph
server; Virtuoso) applies at once. Fronts notice the new version within their check
interval and move to it (:mod:`cyberkg.web.http.runtime`).

Endpoints: the query endpoint is given; the update and Graph Store endpoints are derived
for the engines cyberkg knows by their ``Server`` header (:data:`ENGINE_PATHS`), or given.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

from pyoxigraph import Literal, NamedNode, RdfFormat

from cyberkg.errors import CyberkgError, EngineFailure
from cyberkg.store.embedded import EmbeddedStore
from cyberkg.store.remote import (CONTROL_GRAPH, DATASET, GRAPH_SECURITY as READERS, MANIFEST, VERSION, Credentials,
                                  RemoteStore, endpoint_url)

RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
MODIFIED = "http://purl.org/dc/terms/modified"
STAGING = "urn:cyberkg:staging:"
#: Update and Graph Store paths by engine (the ``Server`` header's product, lower case):
#: (without credentials, with credentials).
ENGINE_PATHS = {
    "oxigraph": {"update": ("/update", "/update"), "graph_store": ("/store", "/store")},
    "virtuoso": {"update": ("/sparql", "/sparql-auth"),
                 "graph_store": ("/sparql-graph-crud", "/sparql-graph-crud-auth")},
}
#: Largest body of one Graph Store request.
PIECE_BYTES = 256 * 1024
#: Seconds one write (a graph's PUT, the switch) may take.
WRITE_TIMEOUT = 600.0


class PublishError(CyberkgError):
    """The load failed; the engine still serves the dataset it had."""


@dataclass
class PublishReport:
    version: str
    previous: str | None
    graphs: int = 0
    triples: int = 0
    dropped: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    skipped: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"version": self.version, "previous": self.previous, "graphs": self.graphs,
                "triples": self.triples, "dropped": self.dropped, "seconds": self.seconds,
                "skipped": self.skipped}


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    graph_store: str


def endpoints(query: str, engine: str, credentials: Credentials, update: str | None = None,
              graph_store: str | None = None) -> Endpoints:
    """The engine's endpoints: those given, else derived from the query endpoint's address."""
    paths = ENGINE_PATHS.get(engine)
    if (update is None or graph_store is None) and paths is None:
        raise PublishError(f"cyberkg does not know where the engine at {query} ({engine or 'unnamed'}) "
                        "takes updates and graphs: give --update and --graph-store")
    which = 1 if credentials.user else 0
    parts = urlsplit(query)

    def at(path: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, path, "", ""))

    return Endpoints(query, update or at(paths["update"][which]),
                     graph_store or at(paths["graph_store"][which]))


class Publisher:
    """Publishes the store built in ``directory`` into the engine whose query endpoint is
    ``url`` (what ``cyberkg load`` does)."""

    def __init__(self, directory: Path, url: str, credentials: Credentials = Credentials(),
                 update: str | None = None, graph_store: str | None = None,
                 progress: Callable[[str], None] = lambda message: None,
                 graph_security: bool = False) -> None:
        self.store, self.credentials, self.progress = EmbeddedStore(directory), credentials, progress
        #: Make the engine show anonymous readers the served graphs only (Virtuoso), so that
        #: fronts query its default graph instead of naming every graph (:data:`READERS`).
        self.graph_security = graph_security
        self.remote = RemoteStore(url, manifest={}, credentials=credentials)
        self._update, self._graph_store = update, graph_store
        self._opener = _opener(credentials, url, update, graph_store)

    def publish(self, force: bool = False) -> PublishReport:
        manifest = self.store.manifest
        version = manifest.get("version")
        if not version:
            raise PublishError(f"{self.store.directory} has no manifest: load a store built by "
                            "`cyberkg build`")
        started = time.perf_counter()
        try:
            previous = self.remote.read_manifest()
        except EngineFailure as failure:
            raise PublishError(str(failure)) from None
        report = PublishReport(version, previous and previous.get("version"))
        if previous and previous.get("version") == version and not force:
            report.skipped = True
            return report
        where = endpoints(self.remote.endpoint, self.remote.engine, self.credentials,
                          self._update, self._graph_store)
        if not manifest.get("graphs"):  # a store not built by `cyberkg build`: count its graphs
            manifest = dict(manifest, graphs=self._count_graphs())
        if self.graph_security:
            if self.remote.engine != "virtuoso":
                raise PublishError(f"--graph-security needs Virtuoso's graph-level security; the "
                                   f"engine at {self.remote.endpoint} is {self.remote.engine or 'unnamed'}")
            manifest = dict(manifest, readers=READERS)
        graphs = list(manifest["graphs"])
        staging = {graph: f"{STAGING}{version}:{graph}" for graph in graphs}
        try:
            for number, graph in enumerate(graphs, 1):
                data = self.store.database.dump(format=RdfFormat.N_TRIPLES,
                                                from_graph=NamedNode(graph))
                self._put(where.graph_store, staging[graph], data)
                if number % 50 == 0 or number == len(graphs):
                    self.progress(f"  {number}/{len(graphs)} graphs staged")
            report.seconds["staged"] = round(time.perf_counter() - started, 2)
            old = [g for g in (previous or {}).get("graphs", {}) if g not in staging]
            if self.graph_security:
                self._let_readers_see(where.update, [*graphs, CONTROL_GRAPH], staging)
            self._post_update(where.update, switch_update(staging, old, manifest))
            report.dropped = old
            if self.graph_security and old:
                self._sql(where.update, "RDF_GRAPH_USER_PERMS_DEL(str(?g), 'nobody')", old)
        except PublishError:
            self._drop_staging(where.update, staging)
            raise
        report.seconds["switched"] = round(time.perf_counter() - started, 2)
        self._check_counts(manifest)
        report.graphs = len(graphs)
        report.triples = sum(info["triples"] for info in manifest["graphs"].values())
        report.seconds["total"] = round(time.perf_counter() - started, 2)
        return report

    def _count_graphs(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for quad in self.store.database:
            if isinstance(quad.graph_name, NamedNode):
                entry = counts.setdefault(quad.graph_name.value, {"triples": 0})
                entry["triples"] += 1
        return dict(sorted(counts.items()))

    # -- the protocol ---------------------------------------------------------------------

    def _put(self, graph_store: str, graph: str, data: bytes) -> None:
        """PUT the graph, in pieces of at most :data:`PIECE_BYTES` (the first replaces, the
        others are POSTed, which appends): an engine asking for digest authentication
        answers the first try 401 and may close the connection before a large body is sent."""
        address = f"{graph_store}?{urllib.parse.urlencode({'graph': graph})}"
        for number, piece in enumerate(_pieces(data)):
            request = urllib.request.Request(address, data=piece, method="POST" if number else "PUT",
                                             headers={"Content-Type": "application/n-triples"})
            self._send(request, f"PUT {graph}")

    def _post_update(self, update_endpoint: str, update: str) -> None:
        body = urllib.parse.urlencode({"update": update}).encode()
        request = urllib.request.Request(update_endpoint, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        self._send(request, "the switch to the new version")

    def _send(self, request: urllib.request.Request, what: str) -> None:
        try:
            with self._opener.open(request, timeout=WRITE_TIMEOUT) as response:
                response.read()
        except urllib.error.HTTPError as error:
            detail = " ".join(error.read().decode("utf-8", "replace").split())[:600]
            raise PublishError(f"{what}: the engine answered {error.code} {error.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as error:
            raise PublishError(f"{what}: the engine cannot be reached "
                            f"({getattr(error, 'reason', error)})") from None

    # -- Virtuoso's graph-level security ----------------------------------------------------

    def _let_readers_see(self, update_endpoint: str, graphs: list[str],
                         staging: dict[str, str]) -> None:
        """Anonymous readers ('nobody') see no graph by default, and may read ``graphs``;
        then check that they cannot see a staging graph (else the engine does not enforce
        it, and fronts trusting its default graph would show a load in progress)."""
        self._sql(update_endpoint, "RDF_DEFAULT_USER_PERMS_SET('nobody', 0)", [])
        self._sql(update_endpoint, "RDF_GRAPH_USER_PERMS_SET(str(?g), 'nobody', 1)", graphs)
        probe = next(iter(staging.values()), None)
        if probe is None:
            return
        anonymous = RemoteStore(self.remote.url, manifest={})
        seen = anonymous.send(f"ASK {{ GRAPH <{probe}> {{ ?s ?p ?o }} }}", None, timeout=WRITE_TIMEOUT)
        if bool(seen):
            raise PublishError("anonymous readers of the engine can see a staging graph: its "
                               "graph-level security is not in effect")

    def _sql(self, endpoint: str, call: str, graphs: list[str]) -> None:
        """Run Virtuoso's procedure ``call`` (once, or once per graph bound to ?g) from
        SPARQL, as the loading user."""
        values = (" VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " }") if graphs else ""
        body = urllib.parse.urlencode({"query": f"SELECT (COUNT(sql:{call}) AS ?n) WHERE {{{values}}}"})
        request = urllib.request.Request(endpoint, data=body.encode(), method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+xml"})
        self._send(request, f"graph security ({call.split('(')[0]})")

    def _drop_staging(self, update_endpoint: str, staging: dict[str, str]) -> None:
        drops = ";\n".join(f"DROP SILENT GRAPH <{g}>" for g in staging.values())
        try:
            self._post_update(update_endpoint, drops)
        except PublishError as error:
            self.progress(f"could not remove the staging graphs: {error}")

    def _check_counts(self, manifest: dict[str, Any]) -> None:
        """Fail loudly when the engine holds other counts than the build (a lost triple)."""
        graphs = list(manifest.get("graphs", {}))
        solutions = self.remote.send(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            ([], graphs), timeout=WRITE_TIMEOUT)
        found = {s["g"].value: int(s["n"].value) for s in solutions}
        wrong = [f"{g}: {found.get(g, 0)} in the engine, {info['triples']} built"
                 for g, info in manifest.get("graphs", {}).items()
                 if found.get(g, 0) != info["triples"]]
        if wrong:
            raise PublishError(f"the engine holds other triples than the build in {len(wrong)} "
                            "graph(s): " + "; ".join(wrong[:5]))


def _pieces(data: bytes) -> list[bytes]:
    """``data`` (N-Triples) cut at line ends into pieces of at most PIECE_BYTES (a line longer
    than that is a piece of its own)."""
    pieces, start = [], 0
    while start < len(data):
        end = start + PIECE_BYTES
        if end < len(data):
            cut = data.rfind(b"\n", start, end)
            end = cut + 1 if cut >= start else data.index(b"\n", end) + 1
        pieces.append(data[start:end])
        start = end
    return pieces or [b""]


def switch_update(staging: dict[str, str], old: list[str], manifest: dict[str, Any]) -> str:
    """The one SPARQL Update that makes the staged version current."""
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    record = dict(manifest)
    record["loaded_at"] = now
    text = json.dumps(record, sort_keys=True)
    operations = [f"MOVE SILENT GRAPH <{staged}> TO GRAPH <{graph}>" for graph, staged in staging.items()]
    operations += [f"DROP SILENT GRAPH <{graph}>" for graph in old]
    operations.append(f"DROP SILENT GRAPH <{CONTROL_GRAPH}>")
    operations.append(
        f"INSERT DATA {{ GRAPH <{CONTROL_GRAPH}> {{ <{DATASET}> "
        f"<{VERSION}> {Literal(manifest['version'])} ; "
        f"<{MANIFEST}> {Literal(text, datatype=NamedNode(RDF_JSON))} ; "
        f"<{MODIFIED}> {Literal(now, datatype=NamedNode('http://www.w3.org/2001/XMLSchema#dateTime'))} }} }}")
    return " ;\n".join(operations)


def _opener(credentials: Credentials, *urls: str | None) -> urllib.request.OpenerDirector:
    if not credentials.user:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    for url in urls:
        if url:  # every path of the engine's host
            parts = urlsplit(endpoint_url(url))
            passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", credentials.user,
                                   credentials.password)
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords),
                                       urllib.request.HTTPBasicAuthHandler(passwords))
