"""The main pages at 320 CSS pixels wide (WCAG 2.2 success criterion 1.4.10, reflow): the
page never scrolls sideways; a table wider than the screen scrolls inside a region of its
own that a keyboard can reach, named for a screen reader, with its first column kept in
view; and axe-core finds nothing at that width either."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kpis.models import Result, ResultStatus
from tests.browser.pages import axe_violations, describe_violations, sign_in

pytestmark = pytest.mark.browser

WIDTH = 320

# Every table region on the page: whether it scrolls, and how it is marked up.
REGIONS = """() => [...document.querySelectorAll('.app-table-wrapper')].map(region => {
  const first = region.querySelector('tbody tr td, tbody tr th');
  return {
    label: region.getAttribute('aria-label'),
    role: region.getAttribute('role'),
    tabindex: region.getAttribute('tabindex'),
    scrolls: region.scrollWidth > region.clientWidth,
    firstColumn: first ? getComputedStyle(first).position : 'sticky',
    within: region.getBoundingClientRect().right <= window.innerWidth,
  };
})"""


@pytest.fixture
def results(council):
    """A result awaiting the approver's sign-off, and one saved as a draft."""
    Result.objects.create(
        indicator=council.indicator, period=council.period.key, actual=Decimal("87.5"),
        commentary="Two invoices were held for a dispute with the supplier.",
        status=ResultStatus.SUBMITTED, entered_by=council.officer,
    )
    Result.objects.create(
        indicator=council.other_indicator, period=council.period.key, actual=Decimal("95"),
        status=ResultStatus.DRAFT, entered_by=council.other_officer,
    )
    return council


def test_the_main_pages_reflow_at_320_pixels_wide(new_page, results, csp_violations):
    """Given the officer, the approver and the performance team on a 320-pixel screen,
    When each opens their main pages,
    Then no page is wider than the screen, every table scrolls in a named, focusable
    region with its first column fixed, and axe-core finds no violation."""
    council = results
    code, period = council.indicator.code, council.period.key
    too_wide: dict[str, int] = {}
    badly_marked: dict[str, list[dict]] = {}
    violations: dict[str, list[dict]] = {}
    scrolled: list[str] = []

    def check(where: str, page) -> None:
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            too_wide[where] = width
        for region in page.evaluate(REGIONS):
            if region["scrolls"]:
                scrolled.append(where)
            if not (region["label"] and region["role"] == "region"
                    and region["tabindex"] == "0" and region["within"]
                    and region["firstColumn"] == "sticky"):
                badly_marked.setdefault(where, []).append(region)
        found = axe_violations(page)
        if found:
            violations[where] = found

    def phone(username: str):
        page = new_page()
        page.set_viewport_size({"width": WIDTH, "height": 800})
        sign_in(page, username)
        return page

    officer = phone("olivia")
    check("officer's home", officer)
    for where, path in [
        ("entry form", f"/indicators/{code}/{period}/edit/"),
        ("result page", f"/indicators/{code}/{period}/"),
        ("indicator page", f"/indicators/{code}/"),
        ("scorecard", "/scorecard/"),
        ("bulk upload", "/bulk/upload/"),
    ]:
        officer.goto(path)
        check(where, officer)

    approver = phone("amara")
    check("approver's home", approver)
    for where, path in [
        ("approvals", "/approvals/"),
        ("annual review", "/review/"),
        ("delegation picker", f"/indicators/{code}/delegate/?q=dev"),
    ]:
        approver.goto(path)
        check(where, approver)

    performance = phone("petra")
    check("performance team's worklist", performance)
    for where, path in [
        ("completion by directorate and service", "/completion/"),
        ("scorecard grouped by directorate", "/scorecard/?group=directorate"),
        ("RAG audit", "/rag-audit/"),
        ("exception report", "/exceptions/"),
        ("benchmarks", "/benchmarks/"),
    ]:
        performance.goto(path)
        check(where, performance)

    report = "\n".join(describe_violations(where, v) for where, v in violations.items())
    assert not too_wide, f"Pages wider than {WIDTH} pixels: {too_wide}"
    assert not badly_marked, f"Table regions not marked up to scroll: {badly_marked}"
    assert not violations, "axe-core found accessibility violations:\n" + report
    # The check is not empty: at this width the wide tables do scroll in their regions.
    assert {"scorecard", "approvals", "performance team's worklist"} <= set(scrolled)
    assert csp_violations == [], "\n".join(csp_violations)


def test_a_table_region_scrolls_with_the_keyboard(new_page, results):
    """Given the scorecard on a 320-pixel screen, When a keyboard user tabs to the table
    and presses the right arrow, Then the table scrolls and its first column stays put."""
    page = new_page()
    page.set_viewport_size({"width": WIDTH, "height": 800})
    sign_in(page, "petra")
    page.goto("/scorecard/")
    region = page.locator(".app-table-wrapper").first
    region.focus()
    first_cell = region.locator("tbody td").first
    left = first_cell.bounding_box()["x"]
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    # The browser scrolls smoothly: wait for it to have moved, then for it to settle.
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())
    page.wait_for_timeout(500)
    assert first_cell.bounding_box()["x"] == pytest.approx(left, abs=1)
