"""Signing off results: approve, return for rework, resubmit, lock and reopen."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from governance.models import ReportingPeriod
from kpis.models import ResultStatus
from kpis.roles import AUDITORS, COUNCILLORS
from tests.views.entry_helpers import (
    PERIOD,
    SCHOOLS,
    TODAY,
    approver,
    client_for,
    form,
    frozen,
    indicator,
    officer,
    performance_team,
    result,
    snapshot,
    url,
    user_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def olive():
    return officer("olive")


@pytest.fixture
def mine(olive):
    return indicator("HOU1", owner=olive)


@pytest.fixture
def alan():
    return approver("alan", unit="Place", first_name="Alan", last_name="Archer")


def steps(row) -> list[tuple]:
    return [(t.from_status, t.to_status, t.by.username, t.reason) for t in row.transitions.all()]


def issue_report(on: date) -> ReportingPeriod:
    return ReportingPeriod.objects.create(
        period=PERIOD, entry_deadline=date(2026, 10, 28), signoff_deadline=date(2026, 11, 11),
        issued_on=on,
    )


# --- login and the object -------------------------------------------------------------


@pytest.mark.parametrize("method, name", [
    ("post", "result_approve"), ("get", "result_return"), ("post", "result_return"),
    ("get", "result_reopen"), ("post", "result_reopen"), ("get", "result"),
])
def test_it_sends_an_anonymous_visitor_to_log_in(mine, method, name):
    row = result(mine, status=ResultStatus.SUBMITTED)
    before = snapshot(row)
    response = getattr(Client(), method)(url(name, mine), {"reason": "Because"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert snapshot(row) == before


@pytest.mark.parametrize("who", ["officer", "approver"])
@pytest.mark.parametrize("status", [ResultStatus.SUBMITTED, ResultStatus.APPROVED])
def test_nobody_from_another_directorate_can_touch_a_result_by_editing_the_url(
    mine, who, status
):
    row = result(mine, status=status, actual="95", commentary="Ours")
    before = snapshot(row)
    intruder = officer("oscar") if who == "officer" else approver("sid", unit=SCHOOLS)
    indicator("SCH1", org=SCHOOLS, owner=intruder)
    client = client_for(intruder)
    reason = {"reason": "Let me in"}
    attempts = [
        client.get(url("result_edit", mine)),
        client.post(url("result_edit", mine), form("1", version=row.version)),
        client.post(url("result_submit", mine), form("1", version=row.version)),
        client.post(url("result_preview", mine), form("1")),
        client.post(url("result_approve", mine)),
        client.get(url("result_return", mine)),
        client.post(url("result_return", mine), reason),
        client.get(url("result_reopen", mine)),
        client.post(url("result_reopen", mine), reason),
    ]
    assert [r.status_code for r in attempts] == [403] * len(attempts)
    assert snapshot(row) == before


def test_a_sign_off_without_a_csrf_token_is_refused_and_changes_nothing(alan, mine):
    row = result(mine, status=ResultStatus.SUBMITTED)
    before = snapshot(row)
    client = client_for(alan, enforce_csrf_checks=True)
    assert client.post(url("result_approve", mine)).status_code == 403
    assert client.post(url("result_return", mine), {"reason": "No"}).status_code == 403
    assert snapshot(row) == before


def test_the_owner_cannot_approve_their_own_result(olive, mine):
    row = result(mine, status=ResultStatus.SUBMITTED)
    before = snapshot(row)
    assert client_for(olive).post(url("result_approve", mine)).status_code == 403
    assert snapshot(row) == before


def test_a_locked_result_cannot_be_reopened_and_offers_no_reopen_button(mine):
    row = result(mine, status=ResultStatus.APPROVED)
    issue_report(on=TODAY)
    before = snapshot(row)
    client = client_for(performance_team())
    page = client.get(url("result", mine)).content.decode()
    assert "Locked" in page
    assert ">Reopen<" not in page
    response = client.post(url("result_reopen", mine), {"reason": "Data error found by audit"})
    assert response.status_code == 400
    assert "locked" in response.content.decode()
    assert snapshot(row) == before


@pytest.mark.parametrize("role,sees_it", [(COUNCILLORS, False), (AUDITORS, True)])
def test_councillors_and_auditors_read_a_result_but_cannot_change_it(mine, role, sees_it):
    row = result(mine, status=ResultStatus.SUBMITTED, commentary="Read me")
    before = snapshot(row)
    client = client_for(user_in("reader", role))
    page = client.get(url("result", mine))
    assert page.status_code == 200
    # Councillors see signed-off figures only: not a result awaiting sign-off.
    assert ("Read me" in page.content.decode()) is sees_it
    assert ">Approve</button>" not in page.content.decode()
    assert client.get(url("result_edit", mine)).status_code == 403
    assert client.post(url("result_approve", mine)).status_code == 403
    assert client.post(url("result_return", mine), {"reason": "No"}).status_code == 403
    assert snapshot(row) == before


def test_approving_a_result_that_does_not_exist_is_not_found(alan, mine):
    assert client_for(alan).post(url("result_approve", mine)).status_code == 404


# --- approve ------------------------------------------------------------------------------


def test_an_approver_approves_a_submitted_result_in_a_unit_beneath_theirs(alan, olive):
    team = indicator("HOU7", owner=olive, org="Place / Housing / Allocations")
    row = result(team, status=ResultStatus.SUBMITTED)
    client = client_for(alan)
    assert ">Approve</button>" in client.get(url("result", team)).content.decode()
    response = client.post(url("result_approve", team))
    assert response.status_code == 302
    assert response["Location"] == url("result", team)
    row.refresh_from_db()
    assert (row.status, row.version) == (ResultStatus.APPROVED, 2)
    assert steps(row) == [("submitted", "approved", "alan", "Approved")]
    assert row.history.latest().history_user == alan


def test_a_draft_cannot_be_approved(alan, mine):
    row = result(mine, status=ResultStatus.DRAFT)
    before = snapshot(row)
    response = client_for(alan).post(url("result_approve", mine), follow=True)
    assert "This result is draft now, so that cannot be done" in response.content.decode()
    assert snapshot(row) == before


# --- return for rework and resubmit -----------------------------------------------------------


def test_returning_a_result_needs_a_reason(alan, mine):
    row = result(mine, status=ResultStatus.SUBMITTED)
    before = snapshot(row)
    client = client_for(alan)
    assert client.get(url("result_return", mine)).status_code == 200
    response = client.post(url("result_return", mine), {"reason": "  "})
    assert response.status_code == 400
    assert "Enter the reason" in response.content.decode()
    assert snapshot(row) == before


def test_a_returned_result_is_fixed_and_resubmitted_with_every_step_recorded(alan, olive, mine):
    officer_client, approver_client = client_for(olive), client_for(alan)
    officer_client.post(url("result_submit", mine), form("95"))
    response = approver_client.post(url("result_return", mine),
                                    {"reason": "Check the September figure"})
    assert response.status_code == 302
    row = mine.results.get()
    assert row.status == ResultStatus.RETURNED

    page = officer_client.get(url("result", mine)).content.decode()
    assert "Awaiting sign-off → Returned for rework" in page
    assert "Check the September figure" in page
    response = officer_client.post(
        url("result_submit", mine), form("88", version=row.version, commentary="Corrected")
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.actual) == (ResultStatus.SUBMITTED, Decimal("88"))
    approver_client.post(url("result_approve", mine))
    row.refresh_from_db()
    assert row.status == ResultStatus.APPROVED
    assert steps(row) == [
        ("draft", "submitted", "olive", ""),
        ("submitted", "returned", "alan", "Check the September figure"),
        ("returned", "submitted", "olive", ""),
        ("submitted", "approved", "alan", "Approved"),
    ]


def test_a_returned_result_can_be_saved_as_a_draft_and_stays_returned(olive, mine):
    row = result(mine, status=ResultStatus.RETURNED)
    response = client_for(olive).post(url("result_edit", mine), form("96", version=row.version))
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.actual) == (ResultStatus.RETURNED, Decimal("96"))
    assert not row.transitions.exists()


# --- lock and reopen ------------------------------------------------------------------------


def test_an_approved_result_is_locked_once_the_committee_report_is_issued(olive, mine):
    row = result(mine, status=ResultStatus.APPROVED)
    issue_report(on=TODAY)
    page = client_for(olive).get(url("result", mine)).content.decode()
    assert "Locked" in page
    before = snapshot(row)
    response = client_for(olive).post(url("result_edit", mine), form("10", version=row.version))
    assert response.status_code == 400
    assert snapshot(row) == before


def test_it_is_not_locked_before_the_report_is_issued(olive, mine):
    result(mine, status=ResultStatus.APPROVED)
    issue_report(on=TODAY + timedelta(days=1))
    assert "Locked" not in client_for(olive).get(url("result", mine)).content.decode()


def test_a_submitted_result_is_not_locked_by_an_issued_report(olive, mine):
    result(mine, status=ResultStatus.SUBMITTED)
    issue_report(on=TODAY)
    assert "Locked" not in client_for(olive).get(url("result", mine)).content.decode()


def test_only_the_performance_team_can_reopen_an_approved_result(alan, olive, mine):
    row = result(mine, status=ResultStatus.APPROVED)
    before = snapshot(row)
    for user in (alan, olive):
        assert client_for(user).get(url("result_reopen", mine)).status_code == 403
        response = client_for(user).post(url("result_reopen", mine), {"reason": "Typo"})
        assert response.status_code == 403
    assert snapshot(row) == before


def test_the_performance_team_reopens_an_approved_result_giving_a_reason(mine):
    row = result(mine, status=ResultStatus.APPROVED)
    client = client_for(performance_team())
    response = client.post(url("result_reopen", mine), {"reason": ""})
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.status == ResultStatus.APPROVED

    response = client.post(url("result_reopen", mine), {"reason": "Data error found by audit"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == ResultStatus.RETURNED
    assert steps(row) == [("approved", "returned", "petra", "Data error found by audit")]
    assert row.history.latest().history_change_reason == "Data error found by audit"


def test_a_result_that_is_not_approved_cannot_be_reopened(mine):
    row = result(mine, status=ResultStatus.SUBMITTED)
    before = snapshot(row)
    response = client_for(performance_team()).post(url("result_reopen", mine),
                                                    {"reason": "Why not"})
    assert response.status_code == 400
    assert "This result is awaiting sign-off now" in response.content.decode()
    assert snapshot(row) == before
