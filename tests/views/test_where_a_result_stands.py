"""The officer learns where a result stands before typing: the approver's reason for a
returned result (on the home page and the entry form), and for a result they cannot change
(waiting for sign-off, approved, locked by an issued report) why, and who to ask."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from governance.models import ReportingPeriod
from kpis.models import ResultStatus, ResultTransition
from tests.views.entry_helpers import (
    HOUSING,
    approver,
    client_for,
    frozen,
    indicator,
    officer,
    performance_team,
    result,
    url,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def olive():
    return officer("olive", first_name="Olive", last_name="Owen")


@pytest.fixture
def alan():
    return approver("alan", HOUSING, first_name="Alan", last_name="Ash",
                    email="alan@council.example")


@pytest.fixture
def mine(olive):
    return indicator("HOU1", owner=olive, title="Rent collected")


def step(row, before, after, by, reason="", when=datetime(2026, 11, 20, 9, 30, tzinfo=LONDON)):
    ResultTransition.objects.create(result=row, from_status=before, to_status=after, by=by,
                                    at=when, reason=reason)


def test_a_returned_result_shows_the_approver_s_reason_on_the_home_page(olive, alan, mine):
    row = result(mine, status=ResultStatus.RETURNED, entered_by=olive)
    step(row, "draft", "submitted", olive)
    step(row, "submitted", "returned", alan, "An old reason",
         when=datetime(2026, 11, 10, tzinfo=LONDON))
    step(row, "submitted", "returned", alan, "The figure does not match the monthly returns")
    body = client_for(olive).get(reverse("kpis:home")).content.decode()
    assert ">Why it was returned</th>" in body
    assert "The figure does not match the monthly returns" in body
    assert "An old reason" not in body
    assert "Alan Ash, 20 November 2026" in body


def test_a_returned_result_shows_the_reason_at_the_top_of_the_entry_form(olive, alan, mine):
    row = result(mine, status=ResultStatus.RETURNED, entered_by=olive)
    step(row, "submitted", "returned", alan, "Please add the improvement activity")
    body = client_for(olive).get(url("result_edit", mine)).content.decode()
    banner = body.index("govuk-notification-banner")
    assert banner < body.index('<h1 class="govuk-heading-l">')
    assert "Alan Ash returned this result to you on 20 November 2026." in body
    assert "Please add the improvement activity" in body
    assert 'name="actual"' in body  # the form is there to change it


def test_a_result_waiting_for_sign_off_says_so_and_names_its_approvers(olive, alan, mine):
    row = result(mine, status=ResultStatus.SUBMITTED, entered_by=olive)
    step(row, "draft", "submitted", olive)
    response = client_for(olive).get(url("result_edit", mine))
    body = response.content.decode()
    assert response.status_code == 200
    assert "This result is waiting for sign-off, so it cannot be changed now." in body
    assert "Olive Owen submitted it on 20 November 2026." in body
    assert 'Alan Ash (<a class="govuk-link" href="mailto:alan@council.example">' in body
    assert 'name="actual"' not in body and "Submit for sign-off" not in body


def test_an_approved_result_says_so_and_that_the_performance_team_reopens_it(olive, alan, mine):
    performance_team("petra", first_name="Petra", last_name="Patel",
                     email="petra@council.example")
    row = result(mine, status=ResultStatus.APPROVED, entered_by=olive)
    step(row, "submitted", "approved", alan, "Approved")
    body = client_for(olive).get(url("result_edit", mine)).content.decode()
    assert "This result is approved, so it cannot be changed now." in body
    assert "Alan Ash approved it on 20 November 2026." in body
    assert "ask the performance team to reopen it: Petra Patel (" in body
    assert 'name="actual"' not in body


def test_a_locked_result_says_which_report_locked_it_and_who_corrects_it(olive, alan, mine):
    performance_team("petra", first_name="Petra", last_name="Patel",
                     email="petra@council.example")
    result(mine, status=ResultStatus.APPROVED, entered_by=olive)
    ReportingPeriod.objects.create(period="2026-27-Q2", entry_deadline=date(2026, 10, 28),
                                   signoff_deadline=date(2026, 11, 11),
                                   issued_on=date(2026, 11, 18))
    body = client_for(olive).get(url("result_edit", mine)).content.decode()
    assert ("This result is approved and locked because the Q2 2026/27 report was issued on "
            "18 November 2026") in body
    assert "ask the performance team to record a correction after issue: Petra Patel (" in body
    assert 'href="mailto:petra@council.example"' in body


def test_a_draft_or_a_new_result_has_no_banner(olive, mine):
    client = client_for(olive)
    assert "govuk-notification-banner" not in client.get(url("result_edit", mine)).content.decode()
    result(mine, status=ResultStatus.DRAFT, entered_by=olive)
    assert "govuk-notification-banner" not in client.get(url("result_edit", mine)).content.decode()
