"""The site's own pages meet WCAG 2.2 AA as far as axe-core can tell, at a desktop width
and at 320 CSS pixels (WCAG reflow), and none is wider than the screen: the header and its
navigation, the error pages, the accessibility statement and privacy notice (signed out),
email settings, notices on the home page, and the entry form's banners."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.models import ReportingPeriod
from kpis.models import Council, Result, ResultStatus, ResultTransition
from kpis.notifications.models import Notice
from tests.browser.pages import axe_violations, describe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.views.error_urls")]

WIDTHS = {"desktop": 1280, "320px": 320}


def check_page(page, where: str, found: dict) -> None:
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        if violations:
            found[f"{where} ({label})"] = violations
        too_wide = page.evaluate("() => document.documentElement.scrollWidth") > width
        if too_wide:
            found[f"{where} ({label})"] = [{
                "id": "reflow", "impact": "serious", "help": "The page is wider than the screen",
                "helpUrl": "https://www.w3.org/WAI/WCAG22/Understanding/reflow", "nodes": [],
            }]


def test_the_site_s_own_pages_have_no_accessibility_violations(new_page, council,
                                                               csp_violations):
    """Given the council, an officer with a returned result and notices, and a locked one,
    When each page is opened at a desktop width and at 320 pixels,
    Then axe finds no WCAG 2.2 AA violation and nothing is wider than the screen."""
    Council.objects.create(name="Royal Borough of Windsor and Maidenhead")
    found: dict[str, list] = {}
    code, period = council.indicator.code, council.period

    public = new_page()
    public.goto("/accessibility/")
    check_page(public, "accessibility statement (signed out)", found)
    public.goto("/privacy/")
    check_page(public, "privacy notice (signed out)", found)
    assert public.get_by_role("heading", level=1).inner_text() == "Privacy notice"
    response = public.goto("/no-such-page/")
    assert response.status == 404
    check_page(public, "page not found (signed out)", found)

    returned = Result.objects.create(indicator=council.indicator, period=period.key,
                                     actual=47, status=ResultStatus.RETURNED,
                                     entered_by=council.officer)
    ResultTransition.objects.create(result=returned, from_status=ResultStatus.SUBMITTED,
                                    to_status=ResultStatus.RETURNED, by=council.approver,
                                    at=timezone.now(), reason="Add the improvement activity")
    Notice.objects.create(user=council.officer, kind=Notice.Kind.RETURNED, result=returned,
                          by=council.approver, at=timezone.now(),
                          reason="Add the improvement activity", email=Notice.Email.SENT)
    earlier = period.previous()
    Result.objects.create(indicator=council.indicator, period=earlier.key, actual=92,
                          status=ResultStatus.APPROVED, entered_by=council.officer)
    ReportingPeriod.objects.create(period=earlier.key, entry_deadline=earlier.end,
                                   signoff_deadline=earlier.end,
                                   issued_on=earlier.end + timedelta(days=30))

    officer = new_page()
    sign_in(officer, "olivia")
    assert officer.get_by_text("Royal Borough of Windsor and Maidenhead").first.is_visible()
    check_page(officer, "home with notices and a returned result", found)
    officer.goto(f"/indicators/{code}/{period.key}/edit/")
    assert officer.get_by_text("Add the improvement activity").first.is_visible()
    check_page(officer, "entry form (returned)", found)
    officer.goto(f"/indicators/{code}/{earlier.key}/edit/")
    assert officer.get_by_text("approved and locked").is_visible()
    check_page(officer, "entry form (locked)", found)
    officer.goto("/account/email-settings/")
    check_page(officer, "email settings", found)
    response = officer.goto("/rag-audit/")
    assert response.status == 403
    check_page(officer, "you cannot open this page", found)
    response = officer.goto("/indicators/NOPE/")
    assert response.status == 404
    check_page(officer, "page not found", found)
    response = officer.goto("/test-errors/broken/")
    assert response.status == 500
    check_page(officer, "problem with the service", found)
    response = officer.goto("/test-errors/bad/")
    assert response.status == 400
    check_page(officer, "bad request", found)
    officer.goto("/account/email-settings/")
    officer.evaluate("() => document.querySelectorAll('[name=csrfmiddlewaretoken]')"
                     ".forEach(input => { input.value = 'stale'; })")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Save email settings").click()
    assert officer.get_by_role("heading", level=1).inner_text() == "Your form was not sent"
    check_page(officer, "form not sent", found)

    # The performance team's navigation is the longest: at 320 pixels it is behind "Menu".
    performance = new_page()
    sign_in(performance, "petra")
    check_page(performance, "home (performance team)", found)
    performance.set_viewport_size({"width": 320, "height": 900})
    menu = performance.get_by_role("button", name="Menu")
    assert menu.is_visible()
    assert not performance.get_by_role("link", name="Performance team").is_visible()
    menu.click()
    assert performance.get_by_role("link", name="Performance team").is_visible()

    report = "\n".join(describe_violations(where, v) for where, v in found.items())
    assert not found, "axe-core (or reflow) found problems:\n" + report
    assert csp_violations == [], "\n".join(csp_violations)
