"""Officers enter results: the journeys of issue "Officers enter results", in Chromium."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from kpis.models import Result, ResultStatus
from tests.browser.pages import ApprovalsPage, EntryFormPage, ResultPage, sign_in
from tests.factories import add_result

pytestmark = pytest.mark.browser


def test_a_red_result_is_submitted_returned_reworked_and_approved(new_page, council):
    """Given an officer with a result due and an approver for the indicator's unit,
    When the officer enters a red result and submits it without saying why,
    Then the error summary asks for commentary and improvement activity;
    When they add both and submit, and the approver returns it with a reason,
    Then the officer finds it under "Returned for rework", fixes it and resubmits;
    When the approver approves it,
    Then it is approved and every step of the sign-off is recorded."""
    code, period = council.indicator.code, council.period.key

    officer = sign_in(new_page(), "olivia")
    form = officer.open_due(code)
    expect(form.heading).to_have_text(council.indicator.title)
    form.fill(actual="47")
    form.submit()
    expect(form.error_summary).to_contain_text("Enter commentary: the result is red")
    expect(form.error_summary).to_contain_text("Enter the improvement activity")
    expect(form.actual).to_have_value("47")
    assert not Result.objects.exists()

    form.fill(commentary="Two staff vacancies in accounts payable.",
              improvement_activity="Agency cover from next month.")
    result = form.submit()
    expect(result.banner).to_contain_text(f"{code} {council.period.label} submitted for sign-off")
    expect(result.status).to_have_text("Awaiting sign-off")

    approver_page = new_page()
    sign_in(approver_page, "amara")
    review = ApprovalsPage(approver_page).open().open_result(code)
    expect(review.value_of("Actual")).to_have_text("47%")  # with its unit
    reason = review.return_for_rework()
    review = reason.confirm("The figure excludes invoices paid by card: please check.")
    expect(review.banner).to_contain_text("returned for rework")
    expect(review.status).to_have_text("Returned for rework")

    officer.open()
    expect(officer.link("Returned for rework", code)).to_be_visible()
    form = officer.open_returned(code)
    expect(form.actual).to_have_value("47")
    form.fill(actual="52", commentary="Two vacancies; card payments now included.")
    result = form.submit()
    expect(result.status).to_have_text("Awaiting sign-off")

    review = ResultPage(approver_page).open(code, period).approve()
    expect(review.banner).to_contain_text("approved")
    expect(review.status).to_have_text("Approved")

    saved = Result.objects.get(indicator=council.indicator, period=period)
    assert saved.status == ResultStatus.APPROVED
    assert saved.actual == Decimal("52")
    steps = [(t.from_status, t.to_status, t.by.username) for t in saved.transitions.all()]
    assert steps == [
        ("draft", "submitted", "olivia"),
        ("submitted", "returned", "amara"),
        ("returned", "submitted", "olivia"),
        ("submitted", "approved", "amara"),
    ]
    returned = saved.transitions.get(to_status=ResultStatus.RETURNED)
    assert returned.reason == "The figure excludes invoices paid by card: please check."


def test_a_second_editor_cannot_overwrite_the_first(new_page, council):
    """Given the officer and their delegate both have the entry form open,
    When the officer saves a draft and then the delegate saves different figures,
    Then the delegate is told someone else saved it, their input is still in the form,
    and the database holds the officer's figures;
    When the delegate saves again having seen the officer's figures, it is saved."""
    code, period = council.indicator.code, council.period.key
    first = EntryFormPage(sign_in(new_page(), "olivia").page)
    second = EntryFormPage(sign_in(new_page(), "dev").page)
    first.open(code, period)
    second.open(code, period)

    first.fill(actual="95", commentary="Officer's figure")
    assert first.save_draft().status == 200
    expect(first.banner).to_contain_text("Draft saved")

    second.fill(actual="60", commentary="Delegate's figure", improvement_activity="A plan")
    response = second.save_draft()
    assert response.status == 409
    expect(second.conflict_warning).to_contain_text(
        "Olivia Officer saved this result while you were editing it"
    )
    expect(second.conflict_warning).to_contain_text("Your changes have not been saved")
    expect(second.actual).to_have_value("60")
    expect(second.commentary).to_have_value("Delegate's figure")
    expect(second.improvement_activity).to_have_value("A plan")

    saved = Result.objects.get(indicator=council.indicator, period=period)
    assert saved.actual == Decimal("95")
    assert saved.commentary == "Officer's figure"
    assert saved.entered_by == council.officer
    assert saved.version == 1

    assert second.save_draft().status == 200
    saved.refresh_from_db()
    assert (saved.actual, saved.entered_by) == (Decimal("60"), council.delegate)


def test_the_form_shows_a_saved_value_as_it_was_entered(new_page, council):
    """Given a draft result of 50 saved through the form,
    When the officer opens the entry form again,
    Then the actual value reads 50, as they typed it."""
    form = sign_in(new_page(), "olivia").open_due(council.indicator.code)
    form.fill(actual="50")
    assert form.save_draft().status == 200
    form.open(council.indicator.code, council.period.key)
    expect(form.actual).to_have_value("50", timeout=1000)


def test_an_officer_cannot_open_another_directorates_result(new_page, council):
    """Given a draft result for Highways, owned by a Highways officer,
    When a Finance officer goes straight to its entry form's address,
    Then they are refused (403) and the result is unchanged."""
    other = council.other_indicator
    add_result(other, council.period.key, 70, commentary="Highways' own figure")
    before = list(Result.objects.values())

    page = sign_in(new_page(), "olivia").page
    expect(page.get_by_role("link", name=re.compile(other.code))).to_have_count(0)
    response = EntryFormPage(page).open(other.code, council.period.key)
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot open this page")
    assert page.goto(f"/indicators/{other.code}/{council.period.key}/").status == 403

    assert list(Result.objects.values()) == before


def test_the_preview_rates_the_value_as_it_is_typed(new_page, council):
    """Given an officer on the entry form for a result with a target of 90%,
    When they type 50 into the actual value, without submitting,
    Then the preview region says it will be rated red and what that needs."""
    form = sign_in(new_page(), "olivia").open_due(council.indicator.code)
    url = form.page.url
    expect(form.preview).to_contain_text("No data")
    expect(form.preview).not_to_contain_text("Red")

    form.type_actual("50")
    expect(form.preview).to_contain_text("Red")
    expect(form.preview).to_contain_text("Commentary and improvement activity are needed")

    form.type_actual("95")
    expect(form.preview).to_contain_text("Green")
    assert form.page.url == url
    assert not Result.objects.exists()
