"""The dashboards in a real browser: a councillor's journey and a manager's monthly
review, the interactive charts drawn under the strict CSP (any violation fails the test),
and axe-core with no violations at WCAG 2.2 AA on every dashboard page.

Screenshots of each page are saved in tests/browser/artifacts/dashboards/ to be looked at.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from governance.models import Committee
from kpis.models import OrgUnit, ResultStatus
from kpis.roles import COUNCILLORS, ensure_role_groups
from tests.browser.conftest import ARTIFACTS
from tests.browser.pages import axe_violations, describe_violations, sign_in
from tests.factories import add_result, add_target, make_indicator, make_user

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "dashboards"


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def charts_drawn(page, count: int) -> None:
    """Wait for plotly.js to draw ``count`` charts (by locator: a waiting function would
    be evaluated as a string, which the page's CSP rightly refuses)."""
    page.locator(".app-plotly--drawn .main-svg").nth(count * 2 - 1).wait_for(state="attached")


@pytest.fixture
def remit(council):
    """Finance's FIN01 red and signed off with why and what is being done, last quarter
    green; Highways' HWY01 green; a draft red FIN02 a councillor must never see. The
    Resources Scrutiny Committee's remit is Resources."""
    period = council.period
    fin01 = council.indicator
    add_result(fin01, period.shift(-1).key, 92)
    row = add_result(fin01, period.key, 50, commentary="Two staff on long-term sick leave")
    row.improvement_activity = "Agency cover from next month"
    row.save()
    add_result(council.other_indicator, period.key, 95)
    add_result(council.other_indicator, period.shift(-1).key, 91)
    fin02 = make_indicator("FIN02", title="Debt recovered", org_unit=fin01.org_unit)
    add_target(fin02, period.fy.key, 90)
    add_result(fin02, period.key, 10, commentary="DRAFT WORDING", status=ResultStatus.DRAFT)
    committee = Committee.objects.create(
        name="Resources Scrutiny Committee", slug="resources-scrutiny", kind="scrutiny",
    )
    committee.remit_org_units.add(OrgUnit.objects.get(path="Resources"))
    carys = make_user("carys", first_name="Carys", last_name="Councillor")
    carys.groups.add(ensure_role_groups()[COUNCILLORS])
    return council


def test_a_councillors_journey(new_page, remit):
    """Given a councillor on the Resources Scrutiny Committee,
    When she signs in, opens her committee's dashboard, filters to red, opens the red
    indicator and goes back to switch period,
    Then she sees why it is red and what is being done, never a draft, the charts are
    drawn, and every choice is in the address."""
    page = new_page()
    sign_in(page, "carys")
    page.get_by_role("link", name="Dashboards", exact=True).click()
    page.get_by_role("link", name="Resources Scrutiny Committee").click()
    assert page.locator("h1").inner_text().startswith("Resources Scrutiny Committee")
    charts_drawn(page, 3)
    shoot(page, "councillor-committee")
    assert "DRAFT WORDING" not in page.content()

    page.get_by_label("RAG", exact=True).select_option(label="Red")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"rag=RED"))
    exceptions = page.get_by_role("region", name=re.compile("^Exceptions"))
    assert "Two staff on long-term sick leave" in exceptions.inner_text()
    assert "Agency cover from next month" in exceptions.inner_text()
    assert "HWY01" not in page.locator("main").inner_text()
    bookmarked = page.url

    exceptions.get_by_role("link", name="FIN01").click()
    page.wait_for_url(re.compile(r"/indicators/FIN01/"))
    charts_drawn(page, 1)  # the interactive trend has replaced the SVG
    shoot(page, "councillor-indicator")
    assert page.locator("#indicator-chart svg[role=img]").count() == 0

    page.goto(bookmarked)
    before = remit.period.shift(-1)
    page.get_by_label("Period", exact=True).select_option(value=before.key)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(f"period={before.key}"))
    assert before.label in page.locator("h1").inner_text()
    assert "rag=RED" in page.url  # the filters are kept when the period changes
    assert page.get_by_text("No exceptions").is_visible()  # FIN01 was green then


def test_a_managers_monthly_review(new_page, remit):
    """Given Finance's approver,
    When she opens the Finance dashboard for the last month, toggles a series off in a
    chart and reads the table beside it,
    Then the month's ratings show, the series hides, and the table has the figures."""
    page = new_page()
    sign_in(page, "amara")
    page.goto(reverse("reporting:dashboards"))
    page.get_by_role("link", name="Resources / Finance").click()
    month = page.get_by_label("Period", exact=True).locator("optgroup[label=Months] option").first
    page.get_by_label("Period", exact=True).select_option(value=month.get_attribute("value"))
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"period=\d{4}-\d{2}(&|$)"))
    assert "csrfmiddlewaretoken" not in page.url
    charts_drawn(page, 3)
    shoot(page, "manager-finance-month")
    assert "1 red" in page.locator("#summary").inner_text()

    page.locator("#chart-pillar .legend .traces").first.click()
    for _ in range(50):
        if page.evaluate("() => document.getElementById('chart-pillar').data[0].visible"):
            break
        page.wait_for_timeout(100)
    assert page.evaluate(
        "() => document.getElementById('chart-pillar').data[0].visible"
    ) == "legendonly"
    page.get_by_text("RAG by directorate as a table").click()
    table = page.get_by_role("table", name=re.compile("RAG by directorate"))
    assert "Resources" in table.inner_text()


@pytest.mark.parametrize("who", ["carys", "petra", "olivia"])
def test_every_dashboard_page_has_no_accessibility_violations(new_page, remit, who):
    """Each dashboard page, with its charts drawn, passes axe-core at WCAG 2.2 AA."""
    page = new_page()
    sign_in(page, who)
    paths = [
        reverse("reporting:dashboards"),
        reverse("reporting:dashboard_council"),
        reverse("reporting:dashboard_council") + "?rag=RED&direction=DETERIORATING",
        reverse("reporting:dashboard_committee", args=["resources-scrutiny"]),
        reverse("reporting:dashboard_unit", args=[OrgUnit.objects.get(path="Resources").pk]),
        reverse("reporting:dashboard_mine"),
        reverse("kpis:indicator", args=["FIN01"]),
    ]
    found = []
    for number, path in enumerate(paths):
        page.goto(path)
        if "/dashboards/" in path and path != reverse("reporting:dashboards"):
            charts_drawn(page, 3)
        if path.startswith("/indicators/"):
            charts_drawn(page, 1)
        shoot(page, f"axe-{who}-{number}")
        violations = axe_violations(page)
        if violations:
            found.append(describe_violations(path, violations))
    assert not found, "\n".join(found)


def test_the_dashboards_reflow_at_320_pixels_wide(new_page, remit):
    """Given a councillor on a 320-pixel screen,
    When she opens the council dashboard and an indicator, charts drawn,
    Then neither page scrolls sideways and axe-core finds nothing at that width."""
    from tests.browser.test_reflow import REGIONS, WIDTH

    page = new_page()
    page.set_viewport_size({"width": WIDTH, "height": 800})
    sign_in(page, "carys")
    problems = []
    for path, charts in ((reverse("reporting:dashboard_council"), 3),
                         (reverse("kpis:indicator", args=["FIN01"]), 1)):
        page.goto(path)
        charts_drawn(page, charts)
        shoot(page, f"reflow-{charts}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            problems.append(f"{path} is {width} pixels wide")
        problems += [f"{path}: {region}" for region in page.evaluate(REGIONS)
                     if not (region["label"] and region["within"])]
        violations = axe_violations(page)
        if violations:
            problems.append(describe_violations(path, violations))
    assert not problems, "\n".join(problems)
