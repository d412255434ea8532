"""The public pages in a real browser, as a resident with no sign-in: the summary, an
earlier quarter, a measure with its chart and table, and the open data; axe-core on
every page, and no Content-Security-Policy violation (the ``new_page`` fixture)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.browser.pages import axe_violations, describe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo council as `make run` loads it (today, on the live server's clock)."""
    call_command("load_demo", stdout=io.StringIO())


def test_a_resident_reads_the_councils_performance_and_downloads_the_data(new_page, demo):
    """Given the demo council, with reports issued for past quarters,
    When a resident opens /public/, picks an earlier quarter, opens a measure and then
    the open data,
    Then each page shows what it should with no staff menu, and axe finds no WCAG 2.2 AA
    violation on any of them."""
    found: dict[str, list[dict]] = {}

    def check(where: str, page) -> None:
        violations = axe_violations(page)
        if violations:
            found[where] = violations

    page = new_page()
    response = page.goto("/public/")
    assert response.status == 200 and response.headers["cache-control"] == (
        "public, max-age=300")
    assert page.get_by_role("heading", level=1).inner_text() == "How we are performing"
    assert page.get_by_role("table", name="Ratings by Corporate Plan pillar").is_visible()
    assert page.get_by_role("button", name="Sign out").count() == 0
    latest = page.get_by_label("Quarter").input_value()
    check("summary", page)

    options = page.get_by_label("Quarter").locator("option").all_inner_texts()
    earlier = options[4]
    page.get_by_label("Quarter").select_option(label=earlier)
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=2, name=earlier).is_visible()
    assert page.get_by_label("Quarter").input_value() != latest
    check(f"summary for {earlier}", page)

    page.get_by_role("link", name="Potholes repaired within 28 days").click()
    page.wait_for_load_state()
    assert page.url.endswith("/public/indicators/EI01/")
    assert page.locator("svg[role=img]").is_visible()
    assert page.get_by_role("table", name="Every published figure").is_visible()
    check("indicator page", page)

    page.goto("/public/indicators/EI03/")
    assert page.get_by_text("was corrected on").is_visible()
    check("indicator page with a correction", page)

    page.get_by_role("link", name="Open data").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Open data"
    assert page.get_by_role("link", name="Open Government Licence v3.0").first.is_visible()
    check("open data page", page)
    with page.expect_download() as download:
        page.get_by_role("link", name="indicators.csv").click()
    assert download.value.suggested_filename == "indicators.csv"

    assert not found, "\n".join(describe_violations(w, v) for w, v in found.items())
