"""The governance screens as each demo login meets them, in Chromium at a desktop width and
at 320 CSS pixels: improvement plans, committee requests, data-quality audits, indicator
proposals and the annual review applied, the reporting matrix, Cabinet portfolios, and the
pack previews that carry open requests, the data-quality summary and improvement plans.

axe-core (WCAG 2.2 A and AA) runs on every page at both widths, with its forms' error
states, and no page but the pack preview may be wider than the screen (WCAG 1.4.10). The
pack preview's tables are the PDF's: at 320 pixels they are checked by axe only (see
docs/screens.md, "Walkthrough, 1 December 2026")."""

from __future__ import annotations

import pytest
from django.utils import timezone

from governance import lifecycle
from governance.lifecycle_models import AuditedIndicator, DataQualityAudit, IndicatorProposal
from governance.models import ImprovementPlan, MemberRequest
from governance.scrutiny import RequestStatus
from perfmgmt.demo import DEMO_PASSWORD
from reporting.periods import Frequency, Period
from tests.browser.pages import LoginPage, axe_violations, describe_violations
from tests.crawl import load_demo

pytestmark = pytest.mark.browser

WIDTHS = {"1280px": 1280, "320px": 320}
DIRECTOR = "director.environment-and-infrastructure"


class Walk:
    """Signs a demo login in and checks each page it opens at both widths."""

    def __init__(self, new_page, username: str, found: dict) -> None:
        self.page = new_page()
        self.username = username
        self.found = found
        LoginPage(self.page).open().sign_in(username, DEMO_PASSWORD)
        self.page.wait_for_url("**/")

    def check(self, where: str, *, reflows: bool = True) -> None:
        page = self.page
        for label, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            name = f"{self.username}: {where} ({label})"
            violations = axe_violations(page)
            if violations:
                self.found[name] = describe_violations(name, violations)
            wide = page.evaluate("() => document.documentElement.scrollWidth")
            if reflows and wide > width:
                self.found[name] = f"{name}: {wide} pixels wide"
        page.set_viewport_size({"width": 1280, "height": 900})

    def open(self, where: str, path: str, *, reflows: bool = True) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == 200, (self.username, path)
        self.check(where, reflows=reflows)

    def submit_empty(self, where: str, button: str) -> None:
        """Send a form as it stands: it comes back saying what to correct."""
        self.page.get_by_role("button", name=button).click()
        self.page.wait_for_load_state()
        assert self.page.locator(".govuk-error-summary").is_visible(), where
        assert self.page.title().startswith("Error: "), where
        self.check(where)


def test_each_demo_login_meets_the_governance_screens_without_an_accessibility_problem(
    new_page, live_server, transactional_db, csp_violations
):
    """Given the demo council,
    When the performance team, an officer, an approver, a director, a councillor and an
    auditor open the governance screens they may use, and send forms left empty,
    Then axe-core finds no WCAG 2.2 AA violation at 1280 or 320 pixels, no page (the pack
    preview aside) scrolls sideways at 320, and the browser reports no CSP violation."""
    load_demo()
    latest = Period.latest_ended(timezone.localdate(), Frequency.QUARTERLY)
    open_plan = ImprovementPlan.objects.filter(closed_on=None).order_by("pk").first()
    closed_plan = ImprovementPlan.objects.exclude(closed_on=None).order_by("pk").first()
    requests = MemberRequest.objects.order_by("pk")
    open_request = requests.filter(status=RequestStatus.OPEN.value).first()
    answered = requests.filter(status=RequestStatus.ANSWERED.value).first()
    audit = DataQualityAudit.objects.order_by("-period").first()
    unaudited = AuditedIndicator.objects.filter(audit=audit, audited_at=None).select_related(
        "indicator").first()
    audited = AuditedIndicator.objects.exclude(audited_at=None).select_related(
        "indicator", "audit").first()
    pending = IndicatorProposal.objects.filter(status="pending").order_by("pk")
    rejected = IndicatorProposal.objects.filter(status="rejected").order_by("pk").first()
    assert all([open_plan, closed_plan, open_request, answered, audit, unaudited, audited,
                pending, rejected]), "the demo has each kind of record"
    year = Period.parse(open_plan.opened_for).fy
    found: dict[str, str] = {}

    team = Walk(new_page, "performance", found)
    for where, path in [
        ("improvement plans", "/improvement-plans/"),
        ("an open improvement plan", f"/improvement-plans/{open_plan.pk}/"),
        ("a closed improvement plan", f"/improvement-plans/{closed_plan.pk}/"),
        ("change an improvement plan", f"/improvement-plans/{open_plan.pk}/edit/"),
        ("committee requests", "/requests/"),
        ("overdue committee requests", "/requests/?status=overdue"),
        ("an open request", f"/requests/{open_request.pk}/"),
        ("an answered request", f"/requests/{answered.pk}/"),
        ("data-quality audits", "/data-quality/"),
        ("a data-quality audit", f"/data-quality/{audit.period}/"),
        ("an audited indicator",
         f"/data-quality/{audited.audit.period}/{audited.indicator.code}/"),
        ("indicator proposals", "/proposals/"),
        ("proposals awaiting decision", "/proposals/?status=pending"),
        ("a rejected proposal", f"/proposals/{rejected.pk}/"),
        ("propose a new indicator", "/proposals/new/"),
        ("apply the annual review", f"/annual-review/apply/{year.next().key}/"),
        ("what each board has", f"/annual-review/records/{year.key}/"),
        ("reporting matrix", "/reporting-matrix/"),
        ("Cabinet portfolios", "/portfolios/"),
    ]:
        team.open(where, path)
    team.open("close an improvement plan", f"/improvement-plans/{open_plan.pk}/close/")
    team.submit_empty("close an improvement plan, with errors", "Close the plan")
    team.open("record a request", "/committees/corporate-scrutiny/requests/new/")
    team.submit_empty("record a request, with errors", "Record and assign")
    team.open("audit an indicator", f"/data-quality/{audit.period}/{unaudited.indicator.code}/")
    team.submit_empty("audit an indicator, with errors", "Save the audit")
    for where, slug in [("open requests", "corporate-scrutiny"),
                        ("data-quality summary", "audit"), ("improvement plans", "cabinet")]:
        team.open(f"pack preview with {where}", f"/committees/{slug}/{latest.key}/preview/",
                  reflows=False)

    officer = Walk(new_page, "officer", found)
    officer.open("improvement plans", "/improvement-plans/")
    officer.open("requests assigned to me", "/requests/?mine=1")
    officer.open("indicator proposals", "/proposals/")
    officer.open("propose a new indicator", "/proposals/new/")
    officer.submit_empty("propose a new indicator, with errors", "Send the proposal to the board")

    approver = Walk(new_page, "approver", found)
    decidable = next(p for p in pending if lifecycle.can_decide(approver_user(), p))
    approver.open("a proposal to decide", f"/proposals/{decidable.pk}/")
    approver.submit_empty("a proposal to decide, with errors", "Record the decision")
    approver.open("what each board has", f"/annual-review/records/{year.key}/")

    director = Walk(new_page, DIRECTOR, found)
    director.open("improvement plans", "/improvement-plans/")
    director.open("propose a change", "/proposals/change/EI11/")
    director.submit_empty("propose a change, with errors", "Send the change to the board")

    councillor = Walk(new_page, "councillor", found)
    for where, path in [
        ("committee requests", "/requests/"),
        ("an answered request", f"/requests/{answered.pk}/"),
        ("indicator proposals", "/proposals/"),
        ("reporting matrix", "/reporting-matrix/"),
        ("Cabinet portfolios", "/portfolios/"),
    ]:
        councillor.open(where, path)

    auditor = Walk(new_page, "auditor", found)
    auditor.open("data-quality audits", "/data-quality/")

    assert not found, "Accessibility or reflow problems:\n" + "\n".join(found.values())
    assert csp_violations == [], "\n".join(csp_violations)


def approver_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="approver")
