"""The research workbench in a real Chromium against the real graph: the query editor
(with its vendored CodeMirror, and as a plain form without JavaScript), a named query
whose picker is changed and re-run, and each comparison view; no request leaves the
site, no script error, no Content-Security-Policy violation. Screenshots go to
tests/browser/screenshots/workbench-*.png."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import time

import pytest

from patience import HANG


def watch(page) -> list[str]:
    """Collect script errors and CSP or other console errors of ``page``."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" and "favicon" not in (m.location or {}).get("url", "") else None)
    return problems


def editor_text(page, until: str) -> str:
    """The editor's text once it contains ``until`` (polled: the page's CSP forbids the
    eval that Playwright's wait_for_function uses; HANG only bounds a hang)."""
    deadline = time.monotonic() + HANG
    while True:
        text = page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
        if until in text:
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"the editor never showed {until!r}: {text!r}")
        page.wait_for_timeout(100)


def test_editor_pick_an_example_run_it_see_the_table_download_csv(browse, tmp_path):
    page = browse.open("/sparql")
    problems = watch(page)
    page.wait_for_selector(".CodeMirror")  # the vendored editor took over the textarea
    assert page.locator(".CodeMirror .cm-keyword").count() > 0  # highlighted
    page.select_option("#example", "section-present-not-party")
    text = editor_text(page, until="not party to a UN instrument")
    assert "MINUS" in text and text.startswith("# Countries with an ITU section")
    browse.screenshot(page, "workbench-editor-example")
    page.click(".CodeMirror")
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")  # runs the query
    count = re.search(r"(\d+) rows in [\d.]+ m?s\b", page.inner_text("p.count"))  # ms, or s
    assert count and int(count.group(1)) > 0
    cells = page.locator("section.results table td").all_inner_texts()
    assert any("country/CHN" in c for c in cells)
    browse.screenshot(page, "workbench-editor-results")
    with page.expect_download() as download:
        page.click("text=Download CSV")
    path = tmp_path / "results.csv"
    download.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["country", "section", "instrument"] and len(rows) == 1 + int(count.group(1))
    assert problems == []
    browse.assert_no_third_party_requests()


def test_editor_works_as_a_plain_form_without_javascript(browse_without_js, cambodia_gci):
    page = browse_without_js.open("/sparql")
    page.select_option("#example", "gci-trend")
    with page.expect_navigation():
        page.click("button[form=examples]")
    assert "VALUES ?country { <https://w3id.org/cyberkg/id/country/KHM> }" in page.input_value("#query")
    with page.expect_navigation():
        page.click("form.editor button[type=submit]")
    assert f"{len(cambodia_gci)} rows in" in page.inner_text("p.count")
    table = page.inner_text("section.results table")
    assert all(f'"{score}"' in table for _, score, _, _ in cambodia_gci)
    browse_without_js.screenshot(page, "workbench-editor-no-js")
    browse_without_js.assert_no_third_party_requests()


def test_named_query_change_a_picker_and_rerun(browse):
    page = browse.open("/queries/itu-scorecard")
    problems = watch(page)
    assert page.locator("select#p-country option:checked").inner_text() == "Cambodia"
    assert "Cambodia has an officially recognized national CIRT" in page.inner_text("table.results")
    page.select_option("select#p-country", label="France")
    with page.expect_navigation():
        page.click("form.params button[type=submit]")
    assert page.url.endswith("/queries/itu-scorecard?country=FRA")
    assert page.locator("select#p-country option:checked").inner_text() == "France"
    table = page.inner_text("table.results")
    assert "France" in table and "Cambodia" not in table
    assert "21" in page.inner_text("p.count")
    assert "country=FRA&version=" in page.inner_text(".permalink")
    browse.screenshot(page, "workbench-named-query")
    assert problems == []
    browse.assert_no_third_party_requests()


def test_named_query_download_with_labels(browse, tmp_path):
    page = browse.open("/queries/gci-movers?earlier=2014&later=2024")
    with page.expect_download() as download:
        page.click("text=CSV (with labels)")
    path = tmp_path / "movers.csv"
    download.value.save_as(path)
    head = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert head[:2] == ["country", "country_label"]
    browse.assert_no_third_party_requests()


@pytest.mark.parametrize("path, name, check", [
    ("/views/itu-matrix?country=KHM&country=FRA&country=MMR&country=SGP&sort=present&order=desc",
     "workbench-view-itu-matrix", "table.matrix td.status-present"),
    ("/views/rights-impact", "workbench-view-rights-impact", "td.stance-threatens a"),
    ("/views/gci-trends?country=KHM&country=VNM&country=THA&country=FRA", "workbench-view-gci-trends",
     "figure.chart svg path[fill=none]"),
])
def test_each_comparison_view(browse, path, name, check):
    page = browse.open(path)
    problems = watch(page)
    assert page.locator(check).count() > 0
    browse.screenshot(page, name)
    with page.expect_download() as download:
        page.click("text=Download CSV" if "gci" not in name else "text=Download the data (CSV)")
    assert download.value.suggested_filename.endswith(".csv")
    assert problems == []
    browse.assert_no_third_party_requests()


def test_the_itu_matrix_sorts_by_a_column(browse_without_js):
    page = browse_without_js.open("/views/itu-matrix?country=KHM&country=AND&country=VNM")
    with page.expect_navigation():
        page.click("th.section >> text=1.2.1 CIRT")
    names = page.locator("table.matrix tbody th[scope=row]").all_inner_texts()
    assert names == ["Cambodia", "Vietnam", "Andorra"]  # CIRT present, present, absent
    browse_without_js.assert_no_third_party_requests()


def test_the_python_and_curl_snippets_run_against_the_server(browse, site):
    page = browse.open("/sparql?query=" + "SELECT%20%3Fname%20WHERE%20%7B%20%3Chttps%3A%2F%2Fw3id.org"
                       "%2Fcyberkg%2Fid%2Fcountry%2FKHM%3E%20skos%3AprefLabel%20%3Fname%20%7D")
    python = page.inner_text("#snippet-python")
    assert site + "/sparql" in python
    ran = subprocess.run([sys.executable, "-c", python], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "{'name': 'Cambodia'}"
    if shutil.which("curl"):
        command = page.inner_text("#snippet-curl")
        out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and out.stdout.splitlines() == ["name", "Cambodia"]
