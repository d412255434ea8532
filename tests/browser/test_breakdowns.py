"""Breakdowns in a real browser: the indicator page's table and chart for a councillor
(small numbers hidden) and for the performance team (every figure), a period chosen from
the picker, the entry form's breakdown fieldset and the public page; axe-core on each, and
no Content-Security-Policy violation (the ``new_page`` fixture)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from kpis.models import Dimension, Result, ResultStatus
from reporting.periods import Frequency, Period
from tests.browser.pages import LoginPage, axe_violations, describe_violations

pytestmark = pytest.mark.browser
PASSWORD = "demo-password-2025"


@pytest.fixture
def demo(transactional_db, live_server):
    call_command("load_demo", stdout=io.StringIO())


def test_breakdowns_read_as_each_reader_may_see_them(new_page, demo):
    """Given the demo council, whose children missing education are broken down by ward,
    When a councillor, then the performance team, open the indicator page and choose an
    earlier period, and the performance team opens an entry form with a breakdown,
    Then the councillor sees [c] where a ward has so few children that one could be
    identified, the performance team sees every figure, and axe finds no WCAG 2.2 AA
    violation on any page."""
    ward_code = Dimension.objects.get(name="Ward").indicators.get().code
    ethnic_code = Dimension.objects.get(name="Ethnic group").indicators.get().code
    found: dict[str, list[dict]] = {}

    def check(where: str, page) -> None:
        violations = axe_violations(page)
        if violations:
            found[where] = violations

    councillor = new_page()
    LoginPage(councillor).open().sign_in("councillor", PASSWORD)
    councillor.goto(f"/indicators/{ward_code}/")
    section = councillor.locator("#breakdown ~ .app-table-wrapper").first
    assert "[c]" in section.inner_text()
    assert councillor.get_by_text("hidden so that no person can be identified").first.is_visible()
    check("indicator page with a breakdown (councillor)", councillor)
    picker = councillor.get_by_label("Period of the breakdown")
    earlier = picker.locator("option").nth(1).get_attribute("value")
    picker.select_option(earlier)
    councillor.get_by_role("button", name="Show").click()
    assert f"breakdown={earlier}" in councillor.url
    check("indicator page, an earlier breakdown (councillor)", councillor)

    team = new_page()
    LoginPage(team).open().sign_in("performance", PASSWORD)
    team.goto(f"/indicators/{ward_code}/")
    assert "[c]" not in team.locator("#breakdown ~ .app-table-wrapper").first.inner_text()
    assert team.get_by_text("You see every figure").is_visible()
    check("indicator page with a breakdown (performance team)", team)
    latest = Period.latest_ended(date.today(), Frequency.QUARTERLY)
    Result.objects.filter(indicator__code=ethnic_code, period=latest.key).update(
        status=ResultStatus.DRAFT)  # given a result still being worked on
    team.goto(f"/indicators/{ethnic_code}/{latest.key}/edit/")
    assert team.get_by_role("group", name="Breakdown by ethnic group").is_visible()
    assert team.get_by_label("Black or Black British: number of people").is_visible()
    check("entry form with a breakdown", team)

    resident = new_page()
    resident.goto(f"/public/indicators/{ethnic_code}/")
    assert "[c]" in resident.locator("#breakdown ~ .app-table-wrapper").first.inner_text()
    check("public indicator page with a breakdown", resident)
    assert not found, "\n".join(describe_violations(w, v) for w, v in found.items())
