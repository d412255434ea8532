"""Delivery plan actions: progress notes through draft, submit and sign-off, milestones,
timescale changes, and who may do each (governance/actions.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from governance import actions
from governance.action_status import ActionStatus
from governance.delivery import ProgressNote, TimescaleChange
from kpis.models import ResultStatus
from reporting.periods import Period
from tests.governance.action_helpers import OCTOBER, action, milestone
from tests.views.entry_helpers import (
    TODAY,
    approver,
    frozen,
    officer,
    performance_team,
    user_in,
)

pytestmark = pytest.mark.django_db
MONTH = Period.parse(OCTOBER)


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def people():
    return {"owner": officer("olive"), "colleague": officer("colin"),
            "approver": approver("alan"), "outsider": approver("otto", unit="People / Schools")}


@pytest.fixture
def dp(people):
    return action(owner=people["owner"])


def test_the_owner_saves_a_draft_and_submits_it(dp, people):
    note = actions.save_note(people["owner"], dp, MONTH, "", "on_track", TODAY)
    assert note.status == ResultStatus.DRAFT
    note = actions.save_note(people["owner"], dp, MONTH, "Consulted tenants", "at_risk", TODAY,
                             submit=True)
    note.refresh_from_db()
    assert (note.status, note.submitted_by, note.owner_says) == (
        ResultStatus.SUBMITTED, people["owner"], "at_risk")
    assert note.history.count() == 2
    assert note.history.first().history_change_reason == "Submitted for sign-off"


def test_submitting_needs_the_note_written(dp, people):
    with pytest.raises(actions.ActionError) as refused:
        actions.save_note(people["owner"], dp, MONTH, " ", "on_track", TODAY, submit=True)
    assert [p.field for p in refused.value.problems] == ["note"]
    assert not ProgressNote.objects.exists()


def test_a_note_reports_a_month_that_has_ended(dp, people):
    with pytest.raises(actions.ActionError) as refused:
        actions.save_note(people["owner"], dp, Period.parse("2026-11"), "x", "on_track", TODAY)
    assert refused.value.problems[0].message.startswith("November 2026 has not ended yet")


def test_the_owners_view_is_one_of_three(dp, people):
    with pytest.raises(actions.ActionError):
        actions.save_note(people["owner"], dp, MONTH, "x", "complete", TODAY)


def test_a_colleague_cannot_write_the_note_unless_delegated(dp, people):
    with pytest.raises(PermissionDenied):
        actions.save_note(people["colleague"], dp, MONTH, "x", "on_track", TODAY)
    dp.delegate = people["colleague"]
    dp.save()
    assert actions.save_note(people["colleague"], dp, MONTH, "x", "on_track", TODAY).pk


def test_a_councillor_delegate_still_cannot_write_it(dp, people):
    dp.delegate = user_in("cllr", "Councillors")
    dp.save()
    with pytest.raises(PermissionDenied):
        actions.save_note(dp.delegate, dp, MONTH, "x", "on_track", TODAY)


def test_an_approver_of_the_service_signs_it_off(dp, people):
    note = actions.save_note(people["owner"], dp, MONTH, "Done", "on_track", TODAY, submit=True)
    actions.sign_off(people["approver"], note)
    note.refresh_from_db()
    assert (note.status, note.decided_by) == (ResultStatus.APPROVED, people["approver"])


def test_an_approver_elsewhere_cannot_sign_it_off(dp, people):
    note = actions.save_note(people["owner"], dp, MONTH, "Done", "on_track", TODAY, submit=True)
    with pytest.raises(PermissionDenied):
        actions.sign_off(people["outsider"], note)


def test_nobody_signs_off_a_note_they_wrote(people):
    boss = people["approver"]
    dp = action(owner=boss)
    note = actions.save_note(boss, dp, MONTH, "Done", "on_track", TODAY, submit=True)
    with pytest.raises(actions.ActionError) as refused:
        actions.sign_off(boss, note)
    assert "someone else must approve it" in str(refused.value)
    note.refresh_from_db()
    assert note.status == ResultStatus.SUBMITTED


def test_a_draft_cannot_be_signed_off(dp, people):
    note = actions.save_note(people["owner"], dp, MONTH, "Done", "on_track", TODAY)
    with pytest.raises(actions.ActionError):
        actions.sign_off(people["approver"], note)


def test_returning_needs_a_reason_and_reopens_it_for_the_owner(dp, people):
    note = actions.save_note(people["owner"], dp, MONTH, "Done", "on_track", TODAY, submit=True)
    with pytest.raises(actions.ActionError):
        actions.return_note(people["approver"], note, " ")
    actions.return_note(people["approver"], note, "Say what slipped")
    note.refresh_from_db()
    assert (note.status, note.return_reason) == (ResultStatus.RETURNED, "Say what slipped")
    actions.save_note(people["owner"], dp, MONTH, "Milestone 2 slipped", "at_risk", TODAY,
                      submit=True)
    note.refresh_from_db()
    assert note.status == ResultStatus.SUBMITTED


def test_a_submitted_note_cannot_be_changed(dp, people):
    actions.save_note(people["owner"], dp, MONTH, "Done", "on_track", TODAY, submit=True)
    with pytest.raises(actions.ActionError):
        actions.save_note(people["owner"], dp, MONTH, "Changed", "on_track", TODAY)


def test_only_a_signed_off_note_changes_the_status(dp, people):
    milestone(dp, date(2026, 6, 1), done=date(2026, 6, 1))
    note = actions.save_note(people["owner"], dp, MONTH, "Slipping", "off_track", TODAY,
                             submit=True)
    row = actions.rows(actions.with_everything(), TODAY)[0]
    assert row.status is ActionStatus.ON_TRACK
    actions.sign_off(people["approver"], note)
    row = actions.rows(actions.with_everything(), TODAY)[0]
    assert row.status is ActionStatus.OFF_TRACK


def test_the_owner_marks_a_milestone_complete(dp, people):
    m = milestone(dp, date(2026, 11, 1))
    with pytest.raises(PermissionDenied):
        actions.complete_milestone(people["colleague"], m, TODAY, TODAY)
    actions.complete_milestone(people["owner"], m, TODAY, TODAY)
    m.refresh_from_db()
    assert m.completed_on == TODAY
    assert m.history.first().history_change_reason == "Marked complete"


def test_a_timescale_change_is_recorded_with_who_agreed_it(dp, people):
    m = milestone(dp, date(2026, 12, 1))
    change = actions.change_timescale(people["approver"], dp, m, date(2027, 1, 15),
                                      "Storm repairs first", "CLT", date(2026, 11, 10))
    m.refresh_from_db()
    assert m.due == date(2027, 1, 15)
    assert (change.old_date, change.new_date, change.agreed_by, change.recorded_by) == (
        date(2026, 12, 1), date(2027, 1, 15), "CLT", people["approver"])
    assert "agreed by CLT" in m.history.first().history_change_reason


def test_a_timescale_change_needs_who_agreed_it_and_why(dp, people):
    with pytest.raises(actions.ActionError) as refused:
        actions.change_timescale(people["approver"], dp, None, date(2027, 6, 1), "", "",
                                 date(2026, 11, 10))
    assert {p.field for p in refused.value.problems} == {"agreed_by", "reason"}
    assert not TimescaleChange.objects.exists()


def test_the_owner_cannot_move_their_own_dates(dp, people):
    with pytest.raises(PermissionDenied):
        actions.change_timescale(people["owner"], dp, None, date(2027, 6, 1), "Late", "CLT",
                                 date(2026, 11, 10))


def test_the_performance_team_may_do_anything(dp):
    team = performance_team()
    note = actions.save_note(team, dp, MONTH, "Done", "on_track", TODAY, submit=True)
    assert note.status == ResultStatus.SUBMITTED
    actions.change_timescale(team, dp, None, date(2027, 6, 1), "Late", "CLT", TODAY)
