"""The query editor (the HTML page of /sparql) over the real graph: examples from the
named queries, the time taken, notices for truncated results and for queries stopped at
the time budget, share links and ready-to-run curl and Python snippets. The protocol
itself is tested in test_web_sparql.py."""

from __future__ import annotations

import ast
import re
import shlex
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from cyberkg.query.named import read_queries
from cyberkg.settings import Settings
from cyberkg.web import create_app
from cyberkg.web.sparql.editor import curl, python
from patience import ROOMY_BUDGET

QUERIES = read_queries()
BROWSER = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
COUNTRIES = "SELECT ?c WHERE { ?c a schema:Country }"


@pytest.fixture(scope="module")
def app(real_store):
    """The app over the real graph; each example must run within the budget however busy
    the machine or slow the engine (the out-of-time test asks for less itself)."""
    app = create_app(Settings.load({"store": real_store.location, "workers": 2,
                                    "query_timeout": ROOMY_BUDGET}, environ={}))
    yield app
    app.extensions["cyberkg"].executor.close()


@pytest.fixture
def client(app):
    return app.test_client()


def editor(client, **query):
    response = client.get("/sparql", query_string=query, headers={"Accept": BROWSER})
    return response, response.get_data(as_text=True)


def shell_words(command: str) -> list[str]:
    """The words a POSIX shell makes of ``command`` (line continuations joined first)."""
    return shlex.split(command.replace("\\\n", ""))


def textarea(body: str) -> str:
    return unescape(re.search(r'<textarea id="query" name="query"[^>]*>(.*?)</textarea>', body, re.S).group(1))


def test_the_editor_offers_every_named_query_as_an_example(client):
    _, body = editor(client)
    for query in QUERIES.values():
        assert f'<option value="{query.name}">' in body
    assert 'data-source="/queries/NAME.rq"' in body
    assert 'src="/static/vendor/codemirror-5.65.21.min.js"' in body
    assert 'href="/static/vendor/codemirror-5.65.21.css"' in body


@pytest.mark.parametrize("query", QUERIES.values(), ids=lambda q: q.name)
def test_each_example_loads_without_javascript_and_runs(client, query):
    _, body = editor(client, example=query.name)
    text = textarea(body)
    assert text == query.example() and f'<option value="{query.name}" selected>' in body
    response, ran = editor(client, query=text)
    assert response.status_code == 200, ran
    assert re.search(r"\d+ (row|triple)s? in [\d.]+ (ms|s)", ran)


def test_results_show_the_time_taken_and_download_links(client):
    _, body = editor(client, query=COUNTRIES + " LIMIT 3")
    assert re.search(r"3 rows in [\d.]+ m?s<", body)  # (ms, or s past a second)
    csv_link = unescape(re.search(r'<a href="([^"]+)" download="results.csv"', body).group(1))
    assert parse_qs(urlsplit(csv_link).query) == {"query": [COUNTRIES + " LIMIT 3"], "format": ["csv"]}
    download = client.get(csv_link)
    assert download.mimetype == "text/csv" and len(download.data.splitlines()) == 4


def test_a_truncated_result_says_so(client):
    _, body = editor(client, query=COUNTRIES)  # 250 countries: under the page's 1000 rows
    assert "250 rows in" in body and 'class="truncated"' not in body
    _, body = editor(client, query="SELECT ?o WHERE { ?o a qb:Observation }")
    assert "1000 rows in" in body and 'class="truncated">truncated: this page shows at most 1000' in body


def test_a_query_out_of_time_is_a_503_with_a_clear_notice_and_keeps_the_query(client):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response, body = editor(client, query=slow, timeout="0.5")
    assert response.status_code == 503 and response.headers["Cache-Control"] == "no-store"
    assert "The query ran out of time and was stopped." in body and "503 Service Unavailable" in body
    assert textarea(body) == slow


def test_a_syntax_error_is_shown_beside_the_query(client):
    response, body = editor(client, query="SELECT * WHERE { ?s ?p <oops> ")
    assert response.status_code == 400 and "400 Bad Request" in body and "syntax error at line 1" in body
    assert textarea(body) == "SELECT * WHERE { ?s ?p <oops> "


def test_share_link_and_snippets(client):
    query = QUERIES["gci-trend"].example()
    _, body = editor(client, query=query)
    share = unescape(re.search(r'<a href="([^"]+)" class="share-link">', body).group(1))
    assert parse_qs(urlsplit(share).query) == {"query": [query]}
    curl_text = unescape(re.search(r'<pre id="snippet-curl"><code>(.*?)</code></pre>', body, re.S).group(1))
    assert shell_words(curl_text) == ["curl", "-H", "Accept: text/csv", "--data-urlencode",
                                      "query=" + query, "http://localhost/sparql"]
    python_text = unescape(re.search(r'<pre id="snippet-python"><code>(.*?)</code></pre>', body, re.S).group(1))
    calls = {n.func.attr: n.args for n in ast.walk(ast.parse(python_text))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    assert ast.literal_eval(calls["setQuery"][0]) == query


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "it\'s \\"quoted\\" \\\\ and \'\'\'" }',
    'SELECT ?x WHERE { VALUES ?x { """a triple-quoted "" string""" } }',
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1",
])
def test_snippets_quote_any_query(query):
    endpoint = "http://127.0.0.1:8080/sparql"
    words = shell_words(curl(query, endpoint))
    assert words[4] == "query=" + query and words[-1] == endpoint
    tree = ast.parse(python(query, endpoint))
    (call,) = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
               and getattr(n.func, "attr", "") == "setQuery"]
    assert ast.literal_eval(call.args[0]) == query
    if query.startswith("CONSTRUCT"):
        assert "text/turtle" in words[2] and "TURTLE" in python(query, endpoint)
