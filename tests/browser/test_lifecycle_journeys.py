"""The KPI lifecycle and data-quality audits in Chromium: a proposer's and an approver's
journey, and an auditor's; axe-core on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from governance import lifecycle
from governance.lifecycle_models import (
    AuditedIndicator,
    FollowUp,
    IndicatorProposal,
    LevelOwner,
)
from governance.models import Committee
from kpis.models import Indicator
from kpis.roles import AUDITORS, ensure_role_groups
from tests.browser.pages import axe_violations, describe_violations, sign_in
from tests.factories import make_user

pytestmark = pytest.mark.browser


def checker():
    found: dict[str, list] = {}

    def check(where, page):
        violations = axe_violations(page)
        if violations:
            found[where] = violations

    def report() -> str:
        return "\n".join(describe_violations(where, v) for where, v in found.items())

    return found, check, report


def test_an_officer_proposes_an_indicator_and_the_approver_approves_it(new_page, council):
    """Given the council's SMART wording and a board that owns service PIs,
    When an officer proposes a new indicator, first leaving the SMART assessment out,
    Then the error summary asks for it; when they complete it, it awaits the board;
    When the approver for the service records the board's approval with reasons,
    Then the indicator exists from the year it was proposed for."""
    lifecycle.adopt_wording("north-west-leicestershire")
    cbb = Committee.objects.create(name="Corporate Business Board", slug="cbb",
                                   kind=Committee.Kind.OFFICER_BOARD)
    LevelOwner.objects.create(level="service_pi", committee=cbb)
    found, check, report = checker()

    page = new_page()
    sign_in(page, "olivia")
    page.get_by_role("link", name="Governance").click()  # the header's hub
    page.get_by_role("link", name="Indicator proposals").click()
    check("proposals", page)
    page.get_by_role("link", name="Propose a new indicator").click()
    check("proposal form", page)
    page.get_by_label("Code").fill("FIN09")
    page.get_by_label("Title").fill("Supplier invoices paid electronically")
    page.get_by_label("Definition").fill("Invoices paid by BACS as a share of all invoices.")
    page.get_by_label("Level").select_option("service_pi")
    page.get_by_label("Organisation unit").select_option(label="Resources / Finance")
    page.get_by_label("Unit", exact=True).select_option("percent")
    page.get_by_label("Higher is better").check()
    page.get_by_label("Quarterly").check()
    page.get_by_label("Discrete").check()
    page.get_by_label("Annual target (optional)").fill("85")
    page.locator("input[name=from_year]").first.check()
    page.get_by_label("Why it is needed").fill("Cheques cost the council £4 each.")
    page.get_by_role("button", name="Send the proposal to the board").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say whether the indicator is timely")
    check("proposal form with errors", page)
    for letter in "SMART":
        page.locator(f"input[name=smart_{letter}][value=yes]").check()
        page.locator(f"textarea[name=smart_{letter}_why]").fill(f"Reason for {letter}")
    page.get_by_role("button", name="Send the proposal to the board").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "FIN09 proposed to Corporate Business Board")
    expect(page.get_by_text("Awaiting decision")).to_be_visible()
    expect(page.get_by_role("button", name="Record the decision")).to_have_count(0)
    check("proposal (pending)", page)

    approver = new_page()
    sign_in(approver, "amara")
    approver.get_by_role("link", name="Governance").click()
    approver.get_by_role("link", name="Indicator proposals").click()
    approver.get_by_role("link", name=re.compile("FIN09")).click()
    approver.get_by_label("Approve").check()
    approver.get_by_label("Reasons").fill("Agreed by the board on 3 December.")
    approver.get_by_role("button", name="Record the decision").click()
    expect(approver.locator(".govuk-notification-banner")).to_contain_text("approved")
    expect(approver.get_by_role("link", name=re.compile("FIN09 Supplier invoices"))).to_be_visible()
    check("proposal (approved)", approver)

    proposal = IndicatorProposal.objects.get()
    assert proposal.status == "approved"
    assert proposal.decided_by == council.approver
    assert Indicator.objects.filter(code="FIN09").exists()
    assert not found, "axe-core found accessibility violations:\n" + report()


def test_an_auditor_draws_a_sample_audits_an_indicator_and_records_a_follow_up(
    new_page, council
):
    """Given two scrutiny panels each receiving one indicator,
    When an auditor draws a sample for the last quarter with a seed,
    Then both indicators are sampled, one for each panel;
    When they answer the five checks, one not met without evidence, the form asks for it;
    When they add the evidence and a finding, and a follow-up action,
    Then the audit and the action are recorded."""
    ensure_role_groups()
    auditor = make_user("arun", first_name="Arun", last_name="Auditor")
    auditor.groups.add(ensure_role_groups()[AUDITORS])
    for name, slug, indicator in (("Resources panel", "res", council.indicator),
                                  ("Places panel", "place", council.other_indicator)):
        panel = Committee.objects.create(name=name, slug=slug, kind=Committee.Kind.SCRUTINY)
        panel.remit_org_units.add(indicator.org_unit)
    found, check, report = checker()
    period = council.period

    page = new_page()
    sign_in(page, "arun")
    page.get_by_role("link", name="Governance").click()
    page.get_by_role("link", name="Data-quality audits").click()
    check("audits", page)
    page.get_by_label("Quarter").select_option(period.key)
    page.get_by_label("Seed").fill("2026")
    page.get_by_label("Indicators from each committee").fill("1")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.locator("h1")).to_have_text(f"Data-quality audit of {period.label}")
    expect(page.get_by_text("Resources panel")).to_be_visible()
    expect(page.get_by_text("Places panel")).to_be_visible()
    check("audit", page)

    page.get_by_role("link", name=re.compile("FIN01")).click()
    check("audit an indicator", page)
    for number, answer in ((1, "Met"), (2, "Not met"), (3, "Not applicable"), (4, "Met"),
                           (5, "Met")):
        page.get_by_role("group", name=re.compile(rf"^{number}\. ")).get_by_label(
            answer, exact=True).check()
    page.get_by_role("button", name="Save the audit").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the evidence: check 2 is not met")
    check("audit an indicator with errors", page)
    page.get_by_label("Evidence for check 2").fill("The Q2 report showed Q1's figure.")
    page.get_by_label("Finding (optional)").fill("Reported a quarter late.")
    page.get_by_role("button", name="Save the audit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("FIN01 audited")

    page.get_by_label("Follow-up action").fill("Report Q2's figure to the panel.")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2031")
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Follow-up action added")
    action = page.get_by_role("cell", name="Report Q2's figure to the panel.", exact=True)
    expect(action).to_be_visible()
    check("audited indicator with follow-up", page)

    audited = AuditedIndicator.objects.get(indicator=council.indicator)
    assert audited.checks["reported"] == {"answer": "not_met",
                                          "evidence": "The Q2 report showed Q1's figure."}
    assert audited.audited_by == auditor
    assert FollowUp.objects.get().audited == audited
    assert not found, "axe-core found accessibility violations:\n" + report()
