"""The performance team's pack journey in a real browser: preview, build with progress,
issue, download, correct a figure, reissue and see what changed; axe on every page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from governance.models import Committee, IssuedPack, Meeting
from kpis import entry
from kpis.models import Result, ResultStatus
from tests.browser.pages import axe_violations, describe_violations, sign_in

pytestmark = pytest.mark.browser


def test_the_performance_team_previews_builds_issues_and_reissues_a_pack(
    new_page, council, csp_violations
):
    """Given a committee whose remit holds two indicators with approved results,
    When the performance team previews the draft, builds it, issues it, corrects a figure
    after issue and issues the pack again,
    Then each step says what happened, version 2 lists the corrected figure, and no page
    has an accessibility or Content-Security-Policy violation."""
    period = council.period
    cog = Committee.objects.create(name="Chief Officer Group", slug="cog",
                                   kind=Committee.Kind.OFFICER_BOARD,
                                   purpose="Reviews the corporate KPIs.")
    Meeting.objects.create(committee=cog, period=period.key, date=date.today())
    for indicator, actual in ((council.indicator, "92"), (council.other_indicator, "70")):
        Result.objects.create(indicator=indicator, period=period.key, actual=Decimal(actual),
                              status=ResultStatus.APPROVED, commentary="Published figure")
    found = {}

    def check(where, page):
        violations = axe_violations(page)
        if violations:
            found[where] = violations

    page = new_page()
    sign_in(page, "petra")
    page.goto("/committees/cog/")
    check("committee page", page)
    page.get_by_role("link", name="Preview the draft").click()
    page.wait_for_load_state()
    assert "Performance report" in page.content()
    check("pack preview", page)

    page.goto("/committees/cog/")
    page.get_by_label("Word").check()
    page.get_by_role("button", name="Build the draft").click()
    page.wait_for_load_state()
    assert page.get_by_text("The pack is ready").is_visible()
    check("build page (ready)", page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download cog-").click()
    assert download.value.suggested_filename.endswith("-draft.docx")

    page.goto("/committees/cog/")
    page.get_by_role("button", name=f"Issue the {period.label} pack").click()
    page.wait_for_load_state()
    assert page.get_by_text("The pack is issued as version 1").is_visible()
    check("issue page (issued)", page)
    page.get_by_role("link", name="Download it and see what changed").click()
    page.wait_for_load_state()
    check("committee page (issued)", page)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF of version 1").click()
    assert download.value.suggested_filename == f"cog-{period.key}-v1.pdf"

    result = Result.objects.get(indicator=council.indicator, period=period.key)
    entry.correct_after_issue(council.performance, result, Decimal("91"), "Published figure",
                              "Duplicate invoices found", date.today())
    page.goto("/committees/cog/")
    page.get_by_role("button", name=f"Issue the {period.label} pack").click()
    page.wait_for_load_state()
    assert page.get_by_text("The pack is issued as version 2").is_visible()
    page.goto("/committees/cog/")
    assert page.get_by_text("FIN01: actual 92% → 91%").is_visible()
    check("committee page (reissued)", page)
    assert IssuedPack.objects.filter(committee=cog).count() == 2

    report = "\n".join(describe_violations(where, v) for where, v in found.items())
    assert not found, "axe-core found accessibility violations:\n" + report
    assert csp_violations == [], "\n".join(csp_violations)
