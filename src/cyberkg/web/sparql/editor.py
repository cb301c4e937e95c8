"""The query editor: what the HTML page of ``/sparql`` shows around the protocol.

The page is a plain form (GET ``/sparql?query=…``) that works without JavaScript; a
vendored CodeMirror (``static/vendor/codemirror-5.65.21.*``) adds syntax highlighting
when scripts run. Around it: the named queries as examples (``?example=NAME`` loads one,
or a script fetches ``/queries/NAME.rq``), the time taken, notices for truncated results
and for queries stopped at the time budget, share links, and ready-to-run snippets for
curl and for Python (SPARQLWrapper).

>>> print(curl("SELECT * WHERE { ?s ?p 'it''s' }", "http://127.0.0.1:8080/sparql"))
curl -H 'Accept: text/csv' \\
  --data-urlencode 'query=SELECT * WHERE { ?s ?p '\\''it'\\'''\\''s'\\'' }' \\
  'http://127.0.0.1:8080/sparql'
"""

from __future__ import annotations

import re
from typing import Any

from flask import request, url_for

from cyberkg.query.named import NamedQuery

VENDOR = {"codemirror_js": "vendor/codemirror-5.65.21.min.js",
          "codemirror_css": "vendor/codemirror-5.65.21.css",
          "editor_js": "workbench-editor-1.js"}
_FORM = re.compile(r"^\s*(?:(?:PREFIX|BASE)\s[^\n]*\n|#[^\n]*\n|\s+)*(SELECT|CONSTRUCT|ASK|DESCRIBE)\b",
                   re.IGNORECASE)


def query_form(query: str) -> str:
    """select, construct, ask or describe, as far as the text's first keyword says."""
    match = _FORM.match(query)
    return match.group(1).lower() if match else "select"


def _shell(text: str) -> str:
    """``text`` as one single-quoted shell word."""
    return "'" + text.replace("'", "'\\''") + "'"


def curl(query: str, endpoint: str) -> str:
    """A curl command that runs ``query`` on ``endpoint`` (CSV, or Turtle for graphs)."""
    accept = "text/turtle" if query_form(query) in ("construct", "describe") else "text/csv"
    return (f"curl -H {_shell('Accept: ' + accept)} \\\n"
            f"  --data-urlencode {_shell('query=' + query)} \\\n  {_shell(endpoint)}")


def python(query: str, endpoint: str) -> str:
    """A Python script (SPARQLWrapper) that runs ``query`` on ``endpoint`` and prints rows
    (or the Turtle of a graph)."""
    literal = '"""\\\n' + query.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '"""'
    if query_form(query) in ("construct", "describe"):
        fmt, show = "TURTLE", ("result = sparql.query().convert()\n"
                               "print(result.decode() if isinstance(result, bytes) else "
                               "result.serialize(format=\"turtle\"))\n")
    elif query_form(query) == "ask":
        fmt, show = "JSON", "print(sparql.query().convert()[\"boolean\"])\n"
    else:
        fmt, show = "JSON", ("results = sparql.query().convert()\n"
                             "for row in results[\"results\"][\"bindings\"]:\n"
                             "    print({name: term[\"value\"] for name, term in row.items()})\n")
    return (f"from SPARQLWrapper import {fmt}, SPARQLWrapper\n\n"
            f"sparql = SPARQLWrapper({endpoint!r})\n"
            f"sparql.setQuery({literal})\n"
            f"sparql.setReturnFormat({fmt})\n" + show)


def context(query: str, queries: dict[str, NamedQuery], example: str | None) -> dict[str, Any]:
    """What the editor template needs beyond the protocol page: examples, the chosen
    example, share links and snippets for ``query``."""
    endpoint = url_for("sparql.endpoint", _external=True)
    return {
        "examples": [(q.name, q.title) for q in queries.values()],
        "example": example if example in queries else None,
        "share": {
            "page": url_for("sparql.endpoint", query=query),
            "csv": url_for("sparql.endpoint", query=query, format="csv"),
            "tsv": url_for("sparql.endpoint", query=query, format="tsv"),
            "json": url_for("sparql.endpoint", query=query, format="json"),
            "turtle": url_for("sparql.endpoint", query=query, format="turtle"),
        },
        "graph": query_form(query) in ("construct", "describe"),
        "snippets": {"curl": curl(query, endpoint), "python": python(query, endpoint)},
        "vendor": VENDOR,
        "absolute_page": url_for("sparql.endpoint", query=query, _external=True),
    }


def example_text(queries: dict[str, NamedQuery]) -> str | None:
    """The text of the example the request asks for (``?example=NAME``), or None."""
    name = request.args.get("example")
    return queries[name].example() if name in queries else None
