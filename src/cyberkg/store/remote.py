"""A remote SPARQL 1.1 engine as the store: the second implementation of ``GraphStore``.

Selected by the ``store`` setting: ``sparql+http://host:port/path`` (or ``sparql+https://``)
names the engine's query endpoint (Virtuoso: ``…:8890/sparql``, Oxigraph server:
``…:7878/query``). Queries go out over the SPARQL 1.1 Protocol with SPARQLWrapper and come
back as pyoxigraph results, so the query worker serialises, caps and spools them exactly as
it does the embedded store's (:mod:`cyberkg.query.worker`).

What cyberkg adds on the way out:

- **The dataset.** ``cyberkg load`` records the dataset it loaded in the engine, in the
  control graph :data:`CONTROL_GRAPH` (version and the build's manifest). A query that names
  no dataset is sent with that manifest's graphs as its default graph (their union, as on
  the embedded store) and as its named graphs, so the engine's own graphs (Virtuoso keeps
  thousands of system triples) and a load in progress stay out of every answer.
- **Prefixes** cyberkg predefines are declared in front of the query text.
- **The time budget**: the socket timeout, and the engine's own ``timeout`` parameter where
  the engine has one (Virtuoso, in milliseconds; Oxigraph server takes ``--timeout-s`` when
  it starts). The executor still kills the worker at the budget, whatever the engine does.

SERVICE and syntax are checked by the worker before :meth:`RemoteStore.query` is called, so
a refused query never leaves cyberkg. The engine's failures raise :class:`EngineFailure`:
``unavailable`` (no connection: 503), ``timeout`` (504), ``error`` (anything else: 502).
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

from pyoxigraph import (QueryBoolean, QueryResultsFormat, RdfFormat, Triple, parse,
                        parse_query_results)
from SPARQLWrapper import DIGEST, POST, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from cyberkg.errors import EngineFailure, StoreNotFound
from cyberkg.store.dialect import as_boolean, expand_escaped_names, without_dataset_clauses

SCHEMES = ("sparql+http://", "sparql+https://")
#: The graph holding what ``cyberkg load`` loaded: outside the dataset, never queried by it.
CONTROL_GRAPH = "urn:cyberkg:dataset"
DATASET = "urn:cyberkg:dataset"
VERSION = "http://www.w3.org/2002/07/owl#versionInfo"
MANIFEST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
#: The manifest's ``readers`` when ``cyberkg load --graph-security`` set up Virtuoso's
#: graph-level security: anonymous readers see the served graphs and the control graph only.
GRAPH_SECURITY = "graph-security"
#: Keeps the control graph out of the engine's default graph and of GRAPH ?g (Virtuoso).
EXCLUDE_CONTROL_GRAPH = (f"define input:default-graph-exclude <{CONTROL_GRAPH}>\n"
                         f"define input:named-graph-exclude <{CONTROL_GRAPH}>\n")
#: Stands for an empty part of a dataset (the protocol cannot say "no graphs").
EMPTY_GRAPH = "urn:cyberkg:empty"
#: The engines whose own per-query timeout parameter cyberkg knows: (parameter, per second).
ENGINE_TIMEOUTS = {"virtuoso": ("timeout", 1000)}
#: Seconds a look at the engine's dataset version may take (the version check, load).
PROBE_TIMEOUT = 5.0

RESULTS_ACCEPT = "application/sparql-results+xml"
GRAPH_ACCEPT = "application/n-triples"


# Virtuoso echoes the dataset of a query in its answer, one header per graph
# (X-SPARQL-default-graph, X-SPARQL-named-graph), and http.client refuses answers with more
# than 100 headers; the dataset holds a few hundred graphs, and may grow.
http.client._MAXHEADERS = max(getattr(http.client, "_MAXHEADERS", 100), 100_000)


def is_remote(store: str) -> bool:
    """Whether the ``store`` setting names a remote engine (``sparql+http(s)://…``)."""
    return store.startswith(SCHEMES)


def endpoint_url(store: str) -> str:
    """The engine's query endpoint from a ``store`` setting or a plain http(s) URL."""
    return store[len("sparql+"):] if is_remote(store) else store


@dataclass(frozen=True)
class Credentials:
    user: str = ""
    password: str = ""

    def apply(self, wrapper: SPARQLWrapper) -> None:
        if self.user:
            wrapper.setHTTPAuth(DIGEST)
            wrapper.setCredentials(self.user, self.password)


class TripleStream:
    """A CONSTRUCT or DESCRIBE result from the engine: an iterable of pyoxigraph triples."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def __iter__(self) -> Iterator[Triple]:
        for quad in parse(self._data, format=RdfFormat.N_TRIPLES):
            yield Triple(quad.subject, quad.predicate, quad.object)


class RemoteStore:
    """The engine at ``url`` holding a dataset loaded by ``cyberkg load``.

    ``manifest`` is the loaded build's manifest; pass it (a runtime does, to its workers) to
    pin the dataset, or leave it None to read it from the engine now.
    Raises :class:`EngineFailure` when the engine cannot be reached and
    :class:`~cyberkg.errors.StoreNotFound` when it holds no cyberkg dataset.
    """

    def __init__(self, url: str, manifest: Mapping[str, Any] | None = None,
                 credentials: Credentials = Credentials(), engine: str = "") -> None:
        self.url = url
        self.endpoint = endpoint_url(url)
        self.credentials = credentials
        #: The engine's product name from its ``Server`` header ("virtuoso", "oxigraph").
        self.engine = engine
        if manifest is None:
            manifest = self.read_manifest()
            if manifest is None:
                raise StoreNotFound(f"the engine at {self.endpoint} holds no cyberkg dataset: "
                                    f"run `cyberkg load --endpoint {self.endpoint}` first")
        self.manifest = dict(manifest)
        self.graphs = tuple(self.manifest.get("graphs", {}))
        #: The engine shows anonymous readers the served graphs only (``cyberkg load
        #: --graph-security``): queries go to its own default graph, as the anonymous reader.
        self.graph_security = self.manifest.get("readers") == GRAPH_SECURITY

    @property
    def version(self) -> str:
        return self.manifest.get("version", "unversioned")

    @property
    def location(self) -> str:
        """The ``store`` setting that names this store."""
        return self.url if is_remote(self.url) else "sparql+" + self.url

    # -- reading what was loaded -----------------------------------------------------------

    def read_manifest(self) -> dict[str, Any] | None:
        """The manifest ``cyberkg load`` recorded in the engine, or None if there is none."""
        results = self._select(
            f"SELECT ?manifest WHERE {{ GRAPH <{CONTROL_GRAPH}> {{ <{DATASET}> <{MANIFEST}> ?manifest }} }}")
        for solution in results:
            return json.loads(solution["manifest"].value)
        return None

    def read_version(self) -> str | None:
        """The version of the dataset in the engine now (None: none loaded)."""
        results = self._select(
            f"SELECT ?v WHERE {{ GRAPH <{CONTROL_GRAPH}> {{ <{DATASET}> <{VERSION}> ?v }} }}")
        for solution in results:
            return solution["v"].value
        return None

    def whole_dataset(self) -> Any:
        """The whole loaded dataset, graph by graph, in an in-memory pyoxigraph store (for
        dumps: the engine has no dump format cyberkg can rely on)."""
        from pyoxigraph import NamedNode, Quad, Store
        store = Store()
        for graph in self.graphs:
            triples = self.send("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", ([graph], [EMPTY_GRAPH]),
                                timeout=None)
            target = NamedNode(graph)
            store.bulk_extend(Quad(t.subject, t.predicate, t.object, target) for t in triples)
            found = sum(1 for _ in store.quads_for_pattern(None, None, None, target))
            expected = self.manifest["graphs"][graph].get("triples", found)
            if found != expected:  # e.g. an engine that cuts answers at a row limit
                raise EngineFailure("error", f"the engine gave {found} triples of {graph}, "
                                             f"whose loaded version has {expected}")
        return store

    def _select(self, query: str) -> Any:
        return self.send(query, dataset=None, timeout=PROBE_TIMEOUT)

    # -- queries -----------------------------------------------------------------------------

    def query(self, sparql: str, *, prefixes: Mapping[str, str] | None = None,
              default_graph: Iterable[Any] | None = None, named_graphs: Iterable[Any] | None = None,
              use_default_graph_as_union: bool = True, timeout: float | None = None) -> Any:
        """Run ``sparql`` on the engine; the options are those of the embedded store.

        Returns pyoxigraph ``QuerySolutions`` or ``QueryBoolean``, or a :class:`TripleStream`.
        """
        declared = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        if default_graph is not None or named_graphs is not None:
            dataset = ([_iri(g) for g in default_graph or ()] or [EMPTY_GRAPH],
                       [_iri(g) for g in named_graphs or ()] or [EMPTY_GRAPH])
            sparql = without_dataset_clauses(sparql)
        elif use_default_graph_as_union and self.graph_security:
            # the engine's own default graph is the dataset, less the control graph
            dataset = None
            declared = EXCLUDE_CONTROL_GRAPH + declared
        elif use_default_graph_as_union:
            graphs = list(self.graphs) or [EMPTY_GRAPH]
            dataset = (graphs, graphs)
        else:
            dataset = None  # the query's own FROM / FROM NAMED
        return self.send(declared + expand_escaped_names(sparql, prefixes or {}), dataset, timeout,
                         anonymous=self.graph_security)

    def send(self, text: str, dataset: tuple[list[str], list[str]] | None,
             timeout: float | None, anonymous: bool = False) -> Any:
        wrapper = SPARQLWrapper(self.endpoint)
        wrapper.setOnlyConneg(True)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setQuery(text)
        if not anonymous:
            self.credentials.apply(wrapper)
        graph_result = wrapper.queryType in ("CONSTRUCT", "DESCRIBE")
        wrapper.addCustomHttpHeader("Accept", GRAPH_ACCEPT if graph_result else RESULTS_ACCEPT)
        if dataset is not None:
            for graph in dataset[0]:
                wrapper.addParameter("default-graph-uri", graph)
            for graph in dataset[1]:
                wrapper.addParameter("named-graph-uri", graph)
        if timeout:
            wrapper.setTimeout(max(int(timeout), 1))
            if self.engine in ENGINE_TIMEOUTS:
                name, per_second = ENGINE_TIMEOUTS[self.engine]
                wrapper.addParameter(name, str(int(timeout * per_second)))
        response = self._perform(wrapper, timeout)
        data = self._read(response, timeout)
        self.engine = _engine_name(response.headers.get("Server", ""))
        if response.headers.get("X-SQL-State") == "S1TAT":  # Virtuoso's partial "anytime" answer
            raise EngineFailure("timeout", f"the SPARQL engine ran out of the time budget "
                                           f"({timeout:g} s) and gave a partial answer, which cyberkg refuses")
        # Virtuoso names blank nodes nodeID://b123 in its results, which is no blank node label
        data = data.replace(b"<bnode>nodeID://", b"<bnode>")
        try:
            if graph_result:
                return TripleStream(data)
            results = parse_query_results(data, QueryResultsFormat.XML)
            if wrapper.queryType == "ASK" and not isinstance(results, QueryBoolean):
                return as_boolean(results)
            return results
        except (SyntaxError, ValueError) as error:
            raise EngineFailure("error", f"the SPARQL engine's answer could not be read: {error}") from None

    def _perform(self, wrapper: SPARQLWrapper, timeout: float | None) -> Any:
        try:
            return wrapper.query().response
        except SPARQLWrapperException as error:
            if any(mark in str(error) for mark in ("S1T00", "S1TAT", "timeout", "Timeout")):
                raise EngineFailure("timeout", "the SPARQL engine stopped the query at its "
                                               f"time limit: {_first_lines(str(error))}") from None
            raise EngineFailure("error", f"the SPARQL engine at {self.endpoint} refused the "
                                         f"query: {_first_lines(str(error))}") from None
        except urllib.error.HTTPError as error:
            detail = _first_lines(error.read().decode("utf-8", "replace"))
            if error.code in (503, 504) and "timeout" in detail.lower():
                raise EngineFailure("timeout", f"the SPARQL engine stopped the query: {detail}") from None
            kind = "unavailable" if error.code == 503 else "error"
            raise EngineFailure(kind, f"the SPARQL engine at {self.endpoint} answered "
                                      f"{error.code}: {detail}") from None
        except (TimeoutError, socket.timeout):
            raise _timed_out(timeout) from None
        except (urllib.error.URLError, ConnectionError, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise _timed_out(timeout) from None
            raise EngineFailure("unavailable", f"the SPARQL engine at {self.endpoint} cannot be "
                                               f"reached ({reason}); try again shortly") from None

    def _read(self, response: Any, timeout: float | None) -> bytes:
        try:
            return response.read()
        except (TimeoutError, socket.timeout):
            raise _timed_out(timeout) from None
        except (ConnectionError, OSError) as error:
            raise EngineFailure("unavailable", f"the SPARQL engine at {self.endpoint} closed the "
                                               f"connection mid-answer ({error})") from None


def _timed_out(timeout: float | None) -> EngineFailure:
    return EngineFailure("timeout", f"the SPARQL engine did not answer within the time budget "
                                    f"of {timeout or 0:g} s; make the query more selective, or add a LIMIT")


def _iri(graph: Any) -> str:
    return graph.value if hasattr(graph, "value") else str(graph)


def _engine_name(server: str) -> str:
    """'virtuoso' from 'Virtuoso/07.20.3240 (Linux) x86_64-pc-linux-gnu', and so on."""
    return server.split("/", 1)[0].strip().lower()


def _first_lines(text: str, limit: int = 600) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
