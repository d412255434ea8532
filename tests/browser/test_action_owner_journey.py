"""An action owner's journey through the delivery plan and an improvement plan, in
Chromium, with axe-core on every page (issue 16)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.delivery import Action, ImprovementPlan, Milestone, ProgressNote
from kpis.models import CorporatePlan, Pillar, ResultStatus
from tests.browser.pages import axe_violations, describe_violations, sign_in
from tests.factories import add_result

pytestmark = pytest.mark.browser


@pytest.fixture
def delivery(council):
    """Olivia owns an action in Finance with a milestone due next week; her indicator
    FIN01 is red in the latest quarter, signed off, with no improvement plan."""
    today = timezone.localdate()
    plan = CorporatePlan.objects.create(title="Corporate Plan", starts="2024-25",
                                        ends="2028-29")
    pillar = Pillar.objects.create(plan=plan, number=1, title="A well-run council")
    council.indicator.pillars.add(pillar)
    add_result(council.indicator, council.period.key, 40)
    action = Action.objects.create(
        reference="DP-07", title="Speed up invoice payment to small firms",
        year=council.period.fy.key, pillar=pillar, org_unit=council.indicator.org_unit,
        owner=council.officer, starts=today - timedelta(days=90),
        due=today + timedelta(days=120),
    )
    Milestone.objects.create(action=action, title="E-invoicing for suppliers",
                             due=today + timedelta(days=7))
    return action


def test_an_action_owner_reports_progress_and_writes_an_improvement_plan(
        new_page, council, delivery):
    """Given an officer who owns a delivery plan action and a red indicator with no plan,
    When she writes the month's progress note, first without words, then saying it is at
    risk, and her approver signs it off,
    Then the action shows as at risk with the note signed off;
    When she opens her indicator, it says an improvement plan is missing,
    and she writes the plan in its six points and later closes it with a closing note;
    Then axe-core finds no WCAG 2.2 AA violation on any page on the way."""
    found: dict[str, list[dict]] = {}

    def check(where: str, page) -> None:
        violations = axe_violations(page)
        if violations:
            found[where] = violations

    officer = new_page()
    sign_in(officer, "olivia")
    officer.get_by_role("link", name="Governance").click()  # the header's hub
    officer.get_by_role("link", name="Delivery plan").click()
    expect(officer.locator("h1")).to_have_text("Delivery plan actions")
    check("actions list", officer)
    officer.get_by_role("link", name="DP-07 Speed up invoice payment to small firms").click()
    expect(officer.locator("h1")).to_have_text("Speed up invoice payment to small firms")
    expect(officer.locator("main")).to_contain_text("Milestone “E-invoicing for suppliers”")
    check("action page", officer)

    officer.get_by_role("link", name="Write the progress note for").click()
    check("progress note form", officer)
    officer.get_by_label("At risk").check()
    officer.get_by_role("button", name="Submit for sign-off").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text("Enter the progress note")
    check("progress note form with errors", officer)
    officer.get_by_label("Progress this month").fill(
        "Supplier onboarding slower than planned; twelve of forty suppliers on e-invoicing.")
    officer.get_by_role("button", name="Submit for sign-off").click()
    expect(officer.locator(".govuk-notification-banner")).to_contain_text(
        "submitted for sign-off")
    assert ProgressNote.objects.get().status == ResultStatus.SUBMITTED

    approver = new_page()
    sign_in(approver, "amara")
    approver.goto("/actions/DP-07/")
    check("action page (approver)", approver)
    approver.get_by_role("button", name="Sign off").click()
    expect(approver.locator(".govuk-notification-banner")).to_contain_text("signed off")
    expect(approver.locator(".app-action-status")).to_contain_text("At risk")
    approver.get_by_role("link", name="Record a change to timescales").click()
    check("timescale change form", approver)

    officer.goto(f"/indicators/{council.indicator.code}/")
    expect(officer.locator(".app-plan-missing")).to_contain_text(
        "needs an improvement plan and has none")
    check("indicator page with a missing plan", officer)
    officer.get_by_role("link", name="Write the improvement plan").click()
    check("improvement plan form", officer)
    for label, text in [
        ("The issue", "Invoices paid late after the finance system upgrade."),
        ("The action to be taken", "Clear the backlog; e-invoicing for the top suppliers."),
        ("The timescales", "Backlog cleared by the end of next quarter."),
        ("The resources required", "Two agency staff for three months, £18,000."),
        ("How progress will be monitored and by whom", "Weekly by the finance manager."),
        ("What the measure of success will be", "Back above 90% for two quarters."),
    ]:
        officer.get_by_label(label, exact=True).fill(text)
    officer.get_by_role("button", name="Save the plan").click()
    expect(officer.locator("h1")).to_contain_text("Improvement plan")
    check("improvement plan page", officer)
    officer.get_by_role("link", name="Close the plan").click()
    check("close plan form", officer)
    officer.get_by_label("Yes").check()
    officer.get_by_label("Closing note").fill("Back above target after the backlog cleared.")
    officer.get_by_role("button", name="Close the plan").click()
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("closed")
    plan = ImprovementPlan.objects.get()
    assert (plan.success_met, plan.closed_by) == (True, council.officer)
    officer.goto("/improvement-plans/")
    check("improvement plans list", officer)

    assert not found, "\n".join(describe_violations(w, v) for w, v in found.items())
