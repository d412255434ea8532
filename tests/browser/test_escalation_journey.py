"""Resolving an escalated performance issue in a real browser: the director of the
receiving level finds it on the escalations list, is refused an empty note, records the
resolution and sees it attributed; axe-core finds no WCAG 2.2 A/AA violation on any page
on the way, nor the browser a Content-Security-Policy violation."""

from __future__ import annotations

import pytest
from django.utils import timezone

from governance import members
from governance.models import Committee, Escalation
from kpis.models import OrgUnit
from kpis.roles import APPROVERS, ensure_role_groups
from tests.browser.pages import axe_violations, describe_violations, sign_in
from tests.factories import make_user

pytestmark = pytest.mark.browser


def test_a_director_resolves_an_issue_escalated_to_the_directorate(
    new_page, council, csp_violations
):
    """Given an issue on FIN01 escalated by the head of Finance to the Resources
    directorate leadership team, and another carried on to the Chief Officer Group,
    When the Resources director opens the escalations list and resolves the first,
    Then an empty note is refused with a message, the note is saved with her name, and
    every page passes axe."""
    director = make_user("dina", first_name="Dina", last_name="Director")
    director.groups.add(ensure_role_groups()[APPROVERS])
    OrgUnit.objects.get(path="Resources").approvers.add(director)
    dlt = Committee.objects.create(name="Resources Directorate Leadership Team",
                                   slug="resources-dlt", kind=Committee.Kind.OFFICER_BOARD)
    cog = Committee.objects.create(name="Chief Officer Group", slug="cog",
                                   kind=Committee.Kind.OFFICER_BOARD)
    now = timezone.now()
    escalation = members.escalate(
        indicator=council.indicator, period=council.period.key, to_board=dlt,
        reason="Red twice running: the new payments system is not paying on time.",
        user=council.approver, now=now)
    earlier = council.period.previous().key
    carried = members.escalate(indicator=council.indicator, period=earlier, to_board=dlt,
                               reason="Backlog after the system change", user=council.approver,
                               now=now)
    members.escalate(indicator=council.indicator, period=earlier, to_board=cog,
                     reason="Needs corporate funding", user=director, now=now,
                     further=carried)
    found: dict[str, list[dict]] = {}

    def check(where: str, page) -> None:
        violations = axe_violations(page)
        if violations:
            found[where] = violations

    page = new_page()
    sign_in(page, "dina")
    page.goto("/escalations/")
    check("escalations list", page)
    page.get_by_role("link", name=f"Resolve {escalation.reference}, FIN01").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith(
        "Resolve the issue escalated on Invoices paid within 30 days")
    check("resolve", page)

    page.get_by_role("button", name="Record the resolution").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "Say how the issue was resolved" in summary.inner_text()
    assert page.title().startswith("Error:")
    check("resolve with an error", page)
    escalation.refresh_from_db()
    assert escalation.resolved_on is None

    page.get_by_label("How the issue was resolved").fill(
        "The DLT agreed two temporary staff to clear the backlog by December.")
    page.get_by_role("button", name="Record the resolution").click()
    page.wait_for_load_state()
    assert f"{escalation.reference} (FIN01) is resolved" in page.locator(
        ".govuk-notification-banner").inner_text()
    table = page.locator("table").inner_text()
    assert "The DLT agreed two temporary staff" in table and "Dina Director" in table
    check("resolved escalations", page)
    escalation.refresh_from_db()
    assert escalation.resolved_by == director
    assert escalation.history.latest().history_user == director

    page.goto(f"/escalations/?status=all&board={dlt.slug}")
    assert "Escalated further" in page.locator("table").inner_text()
    check("every escalation to the board", page)
    page.goto(f"/committees/{dlt.slug}/")
    check("the receiving board's page", page)
    page.goto("/indicators/FIN01/")
    history = page.get_by_role("table", name="Escalations of this indicator")
    assert "Needs corporate funding" in history.inner_text()
    check("the indicator's escalations", page)
    open_one = Escalation.objects.get(to_board=cog)
    page.goto(f"/escalations/{carried.pk}/resolve/")
    assert "escalated further, to Chief Officer Group" in page.content()
    check("an escalation carried further", page)
    assert open_one.resolved_on is None

    assert not found, "\n".join(describe_violations(where, violations)
                                 for where, violations in found.items())
