"""The golden thread explorer in a real browser: by keyboard alone, and with axe-core."""

from __future__ import annotations

import re

import pytest

from kpis.models import CorporatePlan, Pillar
from tests.browser.pages import axe_violations, describe_violations, sign_in
from tests.factories import add_result, add_target, make_indicator

pytestmark = pytest.mark.browser


@pytest.fixture
def thread(council):
    """FIN01 as a Corporate Plan measure under a pillar, with a red KPI beneath it."""
    period = council.period
    plan = CorporatePlan.objects.create(title="Our Plan", starts=period.fy.shift(-1).key,
                                        ends=period.fy.shift(1).key)
    pillar = Pillar.objects.create(plan=plan, number=1, title="A well-run council")
    measure = council.indicator
    measure.level = "corporate_plan_measure"
    measure.save()
    measure.pillars.add(pillar)
    add_result(measure, period.key, 95)
    kpi = make_indicator("FIN02", title="Debt recovered", parent=measure,
                         level="corporate_kpi", org_unit=measure.org_unit)
    add_target(kpi, period.fy.key, 90)
    add_result(kpi, period.key, 50)
    return council


def focus_by_tab(page, accessible_name: re.Pattern, limit: int = 60) -> None:
    """Press Tab until the focused element's text matches (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement.textContent")
        if accessible_name.search(text or ""):
            return
    raise AssertionError(f"Tab never reached {accessible_name.pattern}")


def test_the_thread_can_be_explored_by_keyboard_alone(new_page, thread):
    """Given a measure with a red KPI beneath it,
    When the performance team opens the explorer and uses only the keyboard,
    Then the measure's branch opens with Enter and closes with Space, Tab reaches the KPI
    inside it, and Enter on the KPI's link opens its indicator page."""
    page = new_page()
    sign_in(page, "petra")
    page.goto("/golden-thread/")
    branch = page.locator("details", has=page.locator("summary", has_text="beneath FIN01"))
    branch = branch.last  # the pillar's branch holds it too
    assert branch.get_attribute("open") is None
    assert page.get_by_role("link", name="FIN02").is_hidden()

    focus_by_tab(page, re.compile(r"1 indicator beneath\s+FIN01: 1 red, 0 amber"))
    page.keyboard.press("Enter")
    assert branch.get_attribute("open") is not None
    assert page.get_by_role("link", name="FIN02").is_visible()

    page.keyboard.press("Space")
    assert branch.get_attribute("open") is None
    page.keyboard.press("Enter")
    focus_by_tab(page, re.compile(r"^FIN02$"), limit=2)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/indicators/FIN02/")


def test_a_search_by_keyboard_opens_the_way_to_the_match(new_page, thread):
    page = new_page()
    sign_in(page, "petra")
    page.goto("/golden-thread/")
    page.get_by_label("Search by code or title").fill("debt")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=debt"))
    assert page.get_by_role("link", name="FIN02").is_visible()
    assert page.locator("mark", has_text="Debt recovered").is_visible()
    violations = axe_violations(page)
    assert not violations, describe_violations("golden thread, searched", violations)
