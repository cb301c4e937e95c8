"""The SPARQL query page in a real browser: a query typed into the form runs without
JavaScript and answers; the page asks no other host for anything."""

from __future__ import annotations


def test_the_query_form_runs_a_query_without_javascript(browse_without_js):
    page = browse_without_js.open("/sparql")
    browse_without_js.screenshot(page, "sparql-form")
    page.fill("textarea[name=query]", "SELECT ?name WHERE { <https://w3id.org/cyberkg/id/country/KHM> skos:prefLabel ?name }")
    with page.expect_navigation():
        page.locator("form").first.locator("[type=submit]").first.click()
    assert "Cambodia" in page.content()
    browse_without_js.assert_no_third_party_requests()
