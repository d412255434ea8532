"""A scrutiny officer's journey in a real browser: record a committee's request from its
meeting against an indicator, assign it, the officer answers, the answer shows in the next
pack, and the request is closed; axe-core and the CSP checked on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.models import Committee, Meeting, MemberRequest
from tests.browser.pages import axe_violations, describe_violations, sign_in

pytestmark = pytest.mark.browser


def test_a_request_is_recorded_assigned_answered_packed_and_closed(
    new_page, council, csp_violations
):
    """Given a scrutiny panel that met last week,
    When the performance team's scrutiny officer records the panel's request for more
    information on FIN01 and assigns it to its owner, the owner answers it, the officer
    previews the next pack and then closes the request,
    Then each step shows what happened, the pack carries the answer, and no page has an
    accessibility or Content-Security-Policy violation."""
    today = timezone.localdate()
    panel = Committee.objects.create(name="Corporate Overview and Scrutiny Panel",
                                     slug="corporate-scrutiny", kind=Committee.Kind.SCRUTINY)
    Meeting.objects.create(committee=panel, period=council.period.shift(-1).key,
                           date=today - timedelta(days=7))
    Meeting.objects.create(committee=panel, period=council.period.key,
                           date=today + timedelta(days=21))
    due = today + timedelta(days=14)
    found: dict[str, list[dict]] = {}

    def check(where: str, page) -> None:
        violations = axe_violations(page)
        if violations:
            found[where] = violations

    officer = new_page()
    sign_in(officer, "petra")
    officer.goto("/committees/corporate-scrutiny/")
    check("committee page", officer)
    officer.get_by_role("link", name="Record a request or recommendation").click()
    officer.wait_for_load_state()
    check("record a request", officer)
    officer.get_by_role("button", name="Record and assign").click()
    officer.wait_for_load_state()
    assert officer.locator(".govuk-error-summary").is_visible()
    check("record a request, with errors", officer)

    officer.get_by_label("Meeting").select_option(index=1)
    officer.get_by_label("Request for more information").check()
    officer.get_by_label("Indicators it is about").fill("fin01")
    officer.get_by_label("The request or recommendation, as minuted").fill(
        "The panel asked why invoices slowed in the summer.")
    officer.get_by_label("Raised by (optional)").fill("Cllr Jo Evans")
    officer.get_by_label("Officer to answer it").select_option(label="Olivia Officer (olivia)")
    officer.get_by_label("Day").fill(str(due.day))
    officer.get_by_label("Month").fill(str(due.month))
    officer.get_by_label("Year").fill(str(due.year))
    officer.get_by_role("button", name="Record and assign").click()
    officer.wait_for_load_state()
    assert officer.locator(".govuk-notification-banner").get_by_text(
        "recorded and assigned to Olivia Officer").is_visible()
    check("the request", officer)
    item = MemberRequest.objects.get()
    assert [i.code for i in item.indicators.all()] == ["FIN01"]

    owner = new_page()
    sign_in(owner, "olivia")
    owner.get_by_role("link", name="Governance").click()  # the header's hub
    owner.get_by_role("link", name="Committee requests").click()
    owner.get_by_label("Assigned to me").check()
    owner.get_by_role("button", name="Show").click()
    owner.wait_for_load_state()
    check("the requests list", owner)
    owner.get_by_role("link", name=item.reference).click()
    owner.get_by_label("Your answer").fill("Two invoice clerks were off sick in July; "
                                           "cover is now in place.")
    owner.get_by_role("button", name="Save the answer").click()
    owner.wait_for_load_state()
    assert owner.get_by_text("it goes in the Corporate Overview and Scrutiny Panel's next "
                             "pack").is_visible()
    check("the request, answered", owner)

    officer.goto(f"/committees/corporate-scrutiny/{council.period.key}/preview/")
    section = officer.locator("#member-requests")
    assert "Two invoice clerks were off sick" in section.inner_text()
    assert "Answered" in section.inner_text()
    check("the pack preview", officer)

    officer.goto(f"/requests/{item.pk}/")
    officer.get_by_label("Note (optional)").fill("The panel accepted the answer.")
    officer.get_by_role("button", name="Close the request").click()
    officer.wait_for_load_state()
    assert officer.get_by_text(f"{item.reference} closed").is_visible()
    check("the request, closed", officer)
    item.refresh_from_db()
    assert item.status == "closed"

    assert not found, "\n".join(describe_violations(where, violations)
                                 for where, violations in found.items())
