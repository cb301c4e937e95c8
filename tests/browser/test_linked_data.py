"""The linked-data pages in a real browser (Debian's Chromium through Playwright): a reader
goes from the home page to Cambodia, to the Draft Law on Cybersecurity, to one of its
provisions, to an assessment of it, to the right it affects, and back to Cambodia by
search; with JavaScript on and off, and never a request to another host. Screenshots of
the main pages are saved as test artefacts (tests/browser/screenshots/)."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["js", "no-js"])
def reader(request):
    """The browser, with JavaScript on and then off."""
    return request.getfixturevalue("browse" if request.param == "js" else "browse_without_js"), request.param


def follow(page, selector: str, text: str | None = None):
    """Click the first link matching ``selector`` (and ``text``) and wait for the next page."""
    links = page.locator(selector)
    if text is not None:
        links = links.filter(has_text=text)
    with page.expect_navigation():
        links.first.click()
    assert page.url.startswith("http://127.0.0.1:")
    return page


def test_a_reader_goes_from_the_home_page_to_a_right_and_back_by_search(reader):
    browse, mode = reader
    page = browse.open("/")
    assert page.title().startswith("cyberkg")
    browse.screenshot(page, f"home-{mode}")

    follow(page, ".featured a", "Cambodia")
    assert page.locator("h1").inner_text() == "Cambodia"
    assert page.locator("#scorecard li.cell").count() == 21
    assert page.locator("#gci svg rect.bar").count() == 5
    browse.screenshot(page, f"country-{mode}")

    follow(page, "#laws a", "Draft Law on Cybersecurity")
    assert page.locator("h1").inner_text() == "Draft Law on Cybersecurity"
    browse.screenshot(page, f"law-{mode}")

    follow(page, "#provisions .provision h4 a", "Licensing of cybersecurity services")
    assert "licensing of cybersecurity services" in page.locator("h1").inner_text()
    browse.screenshot(page, f"provision-{mode}")

    follow(page, "#assessments .assessment-card a", "The assessment")
    assert page.locator("blockquote.evidence").count() >= 1
    browse.screenshot(page, f"assessment-{mode}")

    right = page.locator(".claim a[href^='/doc/right/']").first.inner_text()
    follow(page, ".claim a[href^='/doc/right/']")
    assert page.locator("h1").inner_text() == right
    assert page.locator("#guarantees a").count() >= 2
    browse.screenshot(page, f"right-{mode}")

    follow(page, "header nav a", "Search")
    page.fill("form.search input[name=q]", "cambodia")
    with page.expect_navigation():
        page.locator("form.search button[type=submit]").click()
    browse.screenshot(page, f"search-{mode}")
    follow(page, "ol.hits li a")
    assert page.locator("h1").inner_text() == "Cambodia"
    browse.assert_no_third_party_requests()


@pytest.mark.parametrize("path,name", [
    ("/doc/org/kh/camcert", "organisation"),
    ("/doc/indicator/itu-cwp-2014/1.2.1", "indicator"),
    ("/doc/indicator/itu-gci/score", "indicator-gci"),
    ("/doc/doc/icj-access-now-2023-draft-cybersecurity-law", "document"),
    ("/doc/instrument/iccpr", "instrument"),
    ("/doc/concept/status/present", "generic"),
    ("/browse/countries", "browse"),
    ("/.well-known/void", "void"),
    ("/def/cyberkg", "ontology"),
    ("/dumps/", "dumps"),
])
def test_the_other_pages_render_without_javascript_or_other_hosts(browse_without_js, path, name):
    page = browse_without_js.open(path)
    assert page.locator("h1").count() == 1
    assert page.locator("main").inner_text().strip()
    browse_without_js.screenshot(page, name)
    browse_without_js.assert_no_third_party_requests()


def test_a_description_links_its_sources_and_the_footnotes_land(browse_without_js):
    page = browse_without_js.open("/doc/assessment/icj-access-now-2023-draft-cybersecurity-law/licensing-privacy")
    ref = page.locator("table.statements sup.ref a").first
    target = ref.get_attribute("href")
    ref.click()
    assert page.url.endswith(target)
    assert page.locator(f"ol.sources li{target}").is_visible()
