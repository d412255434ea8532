"""An approver adds an action to the delivery plan with two milestones and links it to
the plan it delivers, in Chromium, with axe-core on every page (WCAG 2.2 AA), and the
same screens at 320 pixels wide (reflow, WCAG 1.4.10) (issue 16)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.delivery import Action
from governance.members_models import PlanOrStrategy
from kpis.models import CorporatePlan, Pillar
from reporting.formatting import date_text
from tests.browser.pages import axe_violations, describe_violations, sign_in

pytestmark = pytest.mark.browser

WIDTH = 320


@pytest.fixture
def register(council):
    """A Corporate Plan pillar and the Medium Term Financial Strategy in the register."""
    plan = CorporatePlan.objects.create(title="Corporate Plan", starts="2024-25",
                                        ends="2028-29")
    Pillar.objects.create(plan=plan, number=1, title="A well-run council")
    return PlanOrStrategy.objects.create(title="Medium Term Financial Strategy",
                                         kind="strategy")


def fill_date(page, name: str, day) -> None:
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def test_an_approver_adds_an_action_with_two_milestones(new_page, council, register):
    """Given Finance's approver,
    When she adds an action without filling the form in, she is told what is missing;
    When she fills it in, it takes the next reference and she adds two milestones, the
    second at first after the action's due date (refused, with the reason);
    And she edits the action to say which plan it delivers,
    Then the action page shows both milestones and the plan, the plan's page lists the
    action, and axe-core finds no violation on any page on the way."""
    today = timezone.localdate()
    due = today + timedelta(days=200)
    found: dict[str, list[dict]] = {}

    def check(where: str, page) -> None:
        violations = axe_violations(page)
        if violations:
            found[where] = violations

    page = new_page()
    sign_in(page, "amara")
    page.get_by_role("link", name="Governance").click()  # the header's hub
    page.get_by_role("link", name="Delivery plan").click()
    page.get_by_role("link", name="Add an action").click()
    expect(page.locator("h1")).to_have_text("Add an action to the delivery plan")
    check("new action form", page)
    page.get_by_role("button", name="Add the action").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the action")
    expect(summary).to_contain_text("Enter the due date")
    assert page.title().startswith("Error: ")
    check("new action form with errors", page)

    page.get_by_label("Action", exact=True).fill("Speed up invoice payment to small firms")
    page.get_by_label("Corporate Plan pillar or priority").select_option(
        label="1. A well-run council")
    page.get_by_label("Service").select_option(label="Resources / Finance")
    page.get_by_label("Owner", exact=True).select_option(label="Olivia Officer")
    fill_date(page, "due", due)
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "DP-01 added to the delivery plan")
    expect(page.locator("h1")).to_have_text("Speed up invoice payment to small firms")
    check("action page", page)

    for title, when in [("Purchase-to-pay review", today + timedelta(days=30)),
                        ("E-invoicing for suppliers", due + timedelta(days=1))]:
        page.get_by_role("link", name="Add a milestone").click()
        page.get_by_label("Milestone").fill(title)
        fill_date(page, "due", when)
        page.get_by_role("button", name="Add the milestone").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"The milestone must be due on or before the action's due date, {date_text(due)}")
    check("milestone form with errors", page)
    fill_date(page, "due", due - timedelta(days=30))
    page.get_by_role("button", name="Add the milestone").click()
    milestones = page.get_by_role("region", name="Milestones")
    expect(milestones).to_contain_text("Purchase-to-pay review")
    expect(milestones).to_contain_text("E-invoicing for suppliers")

    page.get_by_role("link", name="Edit the action").click()
    check("edit action form", page)
    page.get_by_label("Plan or strategy it delivers (optional)").select_option(
        label="Medium Term Financial Strategy")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("DP-01 changed: plan")
    page.get_by_role("link", name="Medium Term Financial Strategy").click()
    expect(page.get_by_role("region", name="Delivery plan actions")).to_contain_text(
        "DP-01 Speed up invoice payment to small firms")
    check("plan page", page)

    action = Action.objects.get()
    assert (action.reference, action.plan, action.milestones.count()) == ("DP-01", register, 2)
    assert action.history.first().history_user == council.approver
    assert not found, "\n".join(describe_violations(w, v) for w, v in found.items())


def test_the_delivery_plan_screens_reflow_at_320_pixels(new_page, council, register):
    """Given the performance team on a 320-pixel screen, When they open the new action
    form, the action page, its edit, milestone and remove screens and the plan page,
    Then none is wider than the screen and axe-core finds no violation."""
    from governance.delivery import Milestone

    today = timezone.localdate()
    action = Action.objects.create(
        reference="DP-07", title="Speed up invoice payment to small firms",
        year=council.period.fy.key, pillar=Pillar.objects.get(),
        org_unit=council.indicator.org_unit, owner=council.officer, plan=register,
        starts=today - timedelta(days=30), due=today + timedelta(days=120))
    step = Milestone.objects.create(action=action, title="E-invoicing for suppliers",
                                    due=today + timedelta(days=40))
    page = new_page()
    page.set_viewport_size({"width": WIDTH, "height": 800})
    sign_in(page, "petra")
    too_wide: dict[str, int] = {}
    violations: dict[str, list[dict]] = {}
    for path in ["/actions/", "/actions/new/", "/actions/DP-07/", "/actions/DP-07/edit/",
                 "/actions/DP-07/milestones/new/", f"/milestones/{step.pk}/edit/",
                 f"/milestones/{step.pk}/remove/", f"/plans/{register.pk}/"]:
        page.goto(path)
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            too_wide[path] = width
        found = axe_violations(page)
        if found:
            violations[path] = found
    assert not too_wide, f"Pages wider than {WIDTH} pixels: {too_wide}"
    assert not violations, "\n".join(describe_violations(w, v) for w, v in violations.items())
