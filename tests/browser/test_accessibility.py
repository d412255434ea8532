"""Every page of the officers' journey meets WCAG 2.2 AA as far as axe-core can tell.

axe-core (vendored in axe.min.js) runs in Chromium on each page as a person sees it,
including the entry form with its errors. The error pages, site pages and notices are
checked in test_site_accessibility.py.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from governance.models import Committee, ReportingPeriod
from kpis.models import Result, ResultStatus
from tests.browser.pages import (
    ApprovalsPage,
    LoginPage,
    ResultPage,
    axe_violations,
    describe_violations,
    sign_in,
)

pytestmark = pytest.mark.browser


def test_the_journey_pages_have_no_accessibility_violations(new_page, council,
                                                            csp_violations):
    """Given an officer, an approver and a member of the performance team,
    When each goes through their pages of the journey,
    Then axe finds no WCAG 2.0, 2.1 or 2.2 A/AA violation on any of them,
    and the browser reports no Content-Security-Policy violation on any of them."""
    code, period = council.indicator.code, council.period.key
    found: dict[str, list[dict]] = {}

    def check(where: str, page) -> None:
        violations = axe_violations(page)
        if violations:
            found[where] = violations

    officer = new_page()
    check("login page", LoginPage(officer).open().page)
    home = sign_in(officer, "olivia")
    check("home (Your results)", officer)
    form = home.open_due(code)
    check("entry form", officer)
    form.fill(actual="47").submit()
    assert form.error_summary.is_visible()
    check("entry form with errors", officer)
    form.fill(commentary="Vacancies.", improvement_activity="Agency cover.").submit()
    check("result page (officer, submitted)", officer)
    officer.goto(f"/indicators/{code}/")
    check("indicator page", officer)
    officer.goto("/scorecard/")
    check("scorecard", officer)

    approver = new_page()
    sign_in(approver, "amara")
    check("home (approver)", approver)
    approvals = ApprovalsPage(approver).open()
    check("approvals list", approver)
    review = approvals.open_result(code)
    check("result page (approver)", approver)
    reason = review.return_for_rework()
    check("return-reason form", approver)
    reason.confirm("")
    assert reason.error_summary.is_visible()
    check("return-reason form with errors", approver)
    ResultPage(approver).open(code, period)
    check("result page (returned)", approver)
    approver.goto("/review/")
    check("annual review", approver)
    approver.goto(f"/indicators/{code}/targets/{council.period.fy.next().key}/")
    check("target form", approver)
    approver.goto(f"/indicators/{code}/delegate/")
    check("delegation form", approver)
    officer.goto("/bulk/upload/")
    check("bulk upload", officer)

    performance = new_page()
    sign_in(performance, "petra")
    performance.goto("/rag-audit/")
    check("RAG audit", performance)
    performance.goto("/targets/missing/")
    check("targets still to set", performance)
    # A result whose report has been issued: locked, with a correction after issue.
    earlier = council.period.previous()
    Result.objects.create(indicator=council.indicator, period=earlier.key,
                          actual=Decimal("92"), status=ResultStatus.APPROVED)
    ReportingPeriod.objects.create(period=earlier.key, entry_deadline=earlier.end,
                                   signoff_deadline=earlier.end, issued_on=earlier.end)
    performance.goto(f"/indicators/{code}/{earlier.key}/")
    check("result page (locked)", performance)
    performance.goto(f"/indicators/{code}/{earlier.key}/correct/")
    check("correction after issue", performance)
    performance.get_by_role("button", name="Record the correction").click()
    performance.wait_for_load_state()
    check("correction after issue with errors", performance)
    performance.get_by_label("Corrected value").fill("91")
    performance.get_by_label("Why is the figure being corrected?").fill("Duplicate invoices")
    performance.get_by_role("button", name="Record the correction").click()
    performance.wait_for_load_state()
    check("result page (corrected)", performance)
    performance.goto(f"/scorecard/?period={council.period.key}")
    check("scorecard with corrections", performance)
    assert "Corrections to figures reported earlier" in performance.content()
    performance.goto("/packs/due/")
    check("packs due", performance)
    Committee.objects.create(name="Chief Officer Group", slug="cog",
                             kind=Committee.Kind.OFFICER_BOARD)
    performance.goto("/committees/")
    check("committees", performance)
    performance.goto("/exceptions/")
    check("exception report", performance)
    performance.goto("/golden-thread/")
    check("golden thread explorer", performance)
    performance.goto(f"/golden-thread/?q={code}&open=all")
    check("golden thread explorer, searched and opened", performance)
    performance.goto("/scorecard/balanced/")
    check("balanced scorecard", performance)
    performance.goto("/committees/cog/")
    check("committee page", performance)
    performance.goto(f"/committees/cog/{council.period.key}/preview/")
    check("pack preview", performance)
    performance.goto(f"/committees/cog/{council.period.key}/notes/")
    check("board commentary", performance)

    report = "\n".join(describe_violations(where, v) for where, v in found.items())
    if report:
        print(report)
    assert not found, "axe-core found accessibility violations:\n" + report
    assert csp_violations == [], "\n".join(csp_violations)
