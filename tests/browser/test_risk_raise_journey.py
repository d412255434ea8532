"""Raising a risk in a real browser: the register's keeper raises a risk, makes a
mistake, finds the indicators that warn of it with the search as they type, and saves it;
then changes it and closes it. axe-core (WCAG 2.2 AA) on every page, and the raise form
again at 320 pixels wide."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from governance.models import Risk
from kpis.roles import OFFICERS
from tests.browser.pages import axe_violations, describe_violations, sign_in
from tests.factories import make_indicator, make_user
from tests.governance.risk_helpers import make_registers, make_risk

pytestmark = pytest.mark.browser

WIDTH = 320


@pytest.fixture
def registers(transactional_db, live_server):
    from django.contrib.auth.models import Group

    regs = make_registers()
    keeper = make_user("kim", first_name="Kim", last_name="Keeper")
    keeper.groups.add(Group.objects.get(name=OFFICERS))
    regs.service.owner = keeper
    regs.service.save()
    make_risk("HW01", regs.service, regs.owner)
    make_indicator("HW-01", title="Potholes repaired within 28 days")
    make_indicator("HW-02", title="Potholes reported by residents")
    for n in range(60):
        make_indicator(f"ZZ{n:02d}", title=f"Unrelated measure {n}")
    return regs


def test_a_registers_keeper_raises_a_risk_changes_it_and_closes_it(
    new_page, registers, csp_violations
):
    """Given Kim, who keeps the Highways register, and sixty-two indicators,
    When Kim raises a risk, first without its cause, then links two pothole indicators
    found by the search, saves it, unlinks one and closes the risk with a reason,
    Then the risk is on the register with both indicators, then one, then among the
    closed risks with the reason; and no page has an accessibility or CSP violation."""
    found = {}

    def check(where, page):
        violations = axe_violations(page)
        if violations:
            found[where] = violations

    page = new_page()
    sign_in(page, "kim")
    page.goto("/risks/registers/highways/")
    page.get_by_role("link", name="Raise a risk").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Raise a risk"
    assert page.get_by_label("Reference").input_value() == "HW02"
    check("raise form", page)

    page.get_by_label("Title").fill("Potholes after a hard winter")
    page.get_by_label("Category").select_option(label="Service delivery")
    page.get_by_label("Event").fill("There is a risk that roads break up")
    page.get_by_label("Consequence").fill("Which would lead to claims and injuries")
    for label, value in [("Likelihood: before controls", "4"), ("Impact: before controls", "4"),
                         ("Likelihood: now, with the current controls", "3"),
                         ("Impact: now, with the current controls", "4"),
                         ("Likelihood: target", "2"), ("Impact: target", "3")]:
        page.get_by_label(label).select_option(value)
    due = date.today() + timedelta(days=60)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))

    search = page.get_by_label("Find indicators")
    search.fill("repaired")
    expect(page.get_by_role("status")).to_have_text("1 indicator matches ‘repaired’.")
    page.get_by_label("HW-01 Potholes repaired within 28 days").check()
    search.fill("potholes")  # a new search keeps what was ticked, and does not repeat it
    expect(page.get_by_role("status")).to_have_text("1 indicator matches ‘potholes’.")
    page.get_by_label("HW-02 Potholes reported by residents").check()
    assert page.get_by_label("HW-01 Potholes repaired within 28 days").is_checked()
    assert not page.get_by_text("Unrelated measure 5", exact=True).count()
    check("raise form with the indicator search", page)

    page.get_by_role("button", name="Raise the risk").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and summary.get_by_text("Enter the cause").is_visible()
    assert page.title().startswith("Error: ")
    assert page.get_by_label("HW-02 Potholes reported by residents").is_checked()
    check("raise form with an error", page)
    assert not Risk.objects.filter(reference="HW02").exists()

    page.get_by_label("Cause").fill("Because of a hard winter")
    page.get_by_role("button", name="Raise the risk").click()
    page.wait_for_load_state()
    assert page.get_by_text("Risk HW02 raised on the Highways Service Risk Register").is_visible()
    check("the new risk", page)
    risk = Risk.objects.get(reference="HW02")
    assert sorted(i.code for i in risk.indicators.all()) == ["HW-01", "HW-02"]
    assert risk.history.earliest().history_user.username == "kim"

    page.get_by_role("link", name="Edit", exact=True).click()
    page.wait_for_load_state()
    check("change form", page)
    page.get_by_label("HW-01 Potholes repaired within 28 days").uncheck()
    page.get_by_label("Current controls").fill("Winter inspections every week")
    page.get_by_role("button", name="Save the changes").click()
    page.wait_for_load_state()
    assert page.get_by_text("HW02 changed").is_visible()
    assert [i.code for i in risk.indicators.all()] == ["HW-02"]

    page.get_by_role("link", name="Close the risk").click()
    page.wait_for_load_state()
    check("close form", page)
    page.get_by_label("Why is the risk being closed?").fill("Resurfacing finished")
    page.get_by_role("button", name="Close the risk").click()
    page.wait_for_load_state()
    assert page.get_by_text("HW02 closed").is_visible()
    page.goto("/risks/registers/highways/")
    closed = page.get_by_role("region", name="Closed risks")
    assert closed.get_by_text("Resurfacing finished").is_visible()
    check("register with a closed risk", page)

    assert not found, "\n".join(describe_violations(w, v) for w, v in found.items())


def test_the_raise_and_register_forms_reflow_at_320_pixels(new_page, registers,
                                                          csp_violations):
    """Given the register's keeper and the performance team on a 320-pixel screen,
    When they open the raise form (with an error and a search) and the register form,
    Then no page is wider than the screen and axe-core finds no violation."""
    too_wide, violations = {}, {}

    def check(where, page):
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            too_wide[where] = width
        if found := axe_violations(page):
            violations[where] = found

    page = new_page()
    page.set_viewport_size({"width": WIDTH, "height": 800})
    sign_in(page, "kim")
    page.goto("/risks/registers/highways/raise/")
    check("raise form", page)
    page.get_by_label("Find indicators").fill("potholes")
    expect(page.get_by_role("status")).to_have_text("2 indicators match ‘potholes’.")
    page.get_by_label("HW-01 Potholes repaired within 28 days").check()
    page.get_by_role("button", name="Raise the risk").click()
    check("raise form with errors and a search", page)
    page.goto("/risks/HW01/edit/")
    check("change form", page)

    manager = new_page()
    manager.set_viewport_size({"width": WIDTH, "height": 800})
    sign_in(manager, "petra")
    for where, path in [("add a register", "/risks/registers/add/"),
                        ("change a register", "/risks/registers/highways/edit/")]:
        manager.goto(path)
        check(where, manager)
    assert not too_wide, too_wide
    assert not violations, "\n".join(describe_violations(w, v) for w, v in violations.items())
