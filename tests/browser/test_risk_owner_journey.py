"""A risk owner's journey in a real browser, and the performance team's escalation
decision; axe-core on every page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from governance.models import EscalationDecision, Risk
from tests.browser.pages import axe_violations, describe_violations, sign_in
from tests.governance.risk_helpers import make_registers, make_risk

pytestmark = pytest.mark.browser


@pytest.fixture
def registers(transactional_db, live_server):
    regs = make_registers()
    make_risk("HW01", regs.service, regs.owner, current=(2, 4), inherent=(4, 4),
              target=(2, 3))
    make_risk("CR01", regs.corporate, regs.performance, current=(4, 5), inherent=(5, 5),
              target=(3, 4), category="Financial")
    return regs


def test_a_risk_owner_reviews_a_risk_and_the_performance_team_escalates_it(
    new_page, registers, csp_violations
):
    """Given a service risk owned by Owen at 2 × 4 = 8,
    When Owen opens his risks, reviews the risk up to 4 × 4 = 16 and records a further
    action, and the performance team records the decision to escalate it,
    Then the risk is flagged for escalation after the review, the decision moves it to the
    directorate register, and no page has an accessibility or CSP violation."""
    found = {}

    def check(where, page):
        violations = axe_violations(page)
        if violations:
            found[where] = violations

    page = new_page()
    sign_in(page, "owen")
    page.get_by_role("link", name="Governance").click()  # the header's hub
    page.get_by_role("link", name="Risks", exact=True).click()
    page.wait_for_load_state()
    check("risk registers", page)
    page.get_by_role("link", name="Your risks").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Your risks"
    check("your risks", page)
    page.get_by_role("link", name="HW01 Risk HW01").click()
    page.wait_for_load_state()
    check("risk page", page)
    assert not page.get_by_text("Flagged for escalation").count()

    page.get_by_role("link", name="Review this risk").click()
    page.wait_for_load_state()
    check("review form", page)
    page.get_by_label("Likelihood: now, with the current controls").select_option("4")
    page.get_by_label("Impact: now, with the current controls").select_option("4")
    due = date.today() + timedelta(days=45)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Save the review").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()  # the note is needed
    check("review form with an error", page)
    page.get_by_label("What changed at this review").fill("Salt supplier has gone bust")
    page.get_by_role("button", name="Save the review").click()
    page.wait_for_load_state()
    assert page.get_by_text("Review of HW01 saved").is_visible()
    assert page.locator(".govuk-warning-text").get_by_text("Flagged for escalation").is_visible()
    check("risk page flagged", page)

    page.get_by_role("link", name="Add a further action").click()
    page.wait_for_load_state()
    check("further action form", page)
    page.get_by_label("Further action").fill("Find a second salt supplier")
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add the action").click()
    page.wait_for_load_state()
    assert page.get_by_role("cell", name="Find a second salt supplier", exact=True).is_visible()
    assert not page.get_by_role("link", name="Record the decision").count()

    manager = new_page()
    sign_in(manager, "petra")
    manager.goto("/risks/registers/highways/")
    check("register page with heat map", manager)
    assert manager.get_by_role("table", name="Heat map of current scores").get_by_text(
        "Very high").count()
    manager.goto("/risks/HW01/")
    manager.get_by_role("link", name="Record the decision").click()
    manager.wait_for_load_state()
    check("decision form", manager)
    manager.get_by_label("Escalate to the Place Directorate Risk Register").check()
    manager.get_by_label("Reason").fill("Beyond the service's control")
    manager.get_by_role("button", name="Record the decision").click()
    manager.wait_for_load_state()
    assert manager.get_by_text(
        "Decision recorded: HW01 escalated to the Place Directorate Risk Register").is_visible()
    check("risk page after the decision", manager)

    risk = Risk.objects.get(reference="HW01")
    assert risk.register.slug == "place" and risk.current_score == 16
    assert EscalationDecision.objects.get().decided_by.username == "petra"
    assert not found, "\n".join(describe_violations(w, v) for w, v in found.items())
