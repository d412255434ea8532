"""The rules for members' requests and escalations (governance/scrutiny.py): plain Python,
one test per rule."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from governance.scrutiny import (
    EscalationStep,
    Level,
    RequestKind,
    RequestRefused,
    RequestStatus,
    check_answer,
    check_close,
    check_due,
    check_escalation,
    check_reopen,
    is_overdue,
    next_level,
    shown_in_pack,
)

DUE = date(2026, 11, 20)


@pytest.mark.parametrize(("status", "today", "overdue"), [
    (RequestStatus.OPEN, date(2026, 11, 19), False),
    (RequestStatus.OPEN, DUE, False),  # due today is not yet overdue
    (RequestStatus.OPEN, date(2026, 11, 21), True),
    (RequestStatus.ANSWERED, date(2027, 1, 1), False),
    (RequestStatus.CLOSED, date(2027, 1, 1), False),
])
def test_an_open_request_is_overdue_the_day_after_its_due_date(status, today, overdue):
    assert is_overdue(status, DUE, today) is overdue


def test_a_request_without_a_due_date_is_never_overdue():
    assert not is_overdue("open", None, date(2030, 1, 1))


def test_every_kind_has_the_words_the_committees_use():
    assert [k.label for k in RequestKind] == [
        "Request for more information", "Call-in of poor performance",
        "Elevated for further examination", "Recommendation to Cabinet",
    ]


def test_an_answer_must_say_something():
    with pytest.raises(RequestRefused, match="Enter the answer"):
        check_answer("open", "   ")


def test_an_answered_request_may_be_answered_again_before_it_is_closed():
    check_answer("answered", "More detail, as the chair asked.")


def test_a_closed_request_cannot_be_answered():
    with pytest.raises(RequestRefused, match="closed"):
        check_answer("closed", "Late answer")


def test_a_request_is_closed_only_once_answered():
    with pytest.raises(RequestRefused, match="Answer the request before closing it"):
        check_close("open")
    check_close("answered")
    with pytest.raises(RequestRefused, match="already closed"):
        check_close("closed")


def test_only_an_answered_request_is_reopened_and_with_a_reason():
    check_reopen("answered", "The panel wants the figures by locality")
    with pytest.raises(RequestRefused, match="Say why"):
        check_reopen("answered", " ")
    for status in ("open", "closed"):
        with pytest.raises(RequestRefused, match="Only an answered request"):
            check_reopen(status, "Why")


def test_a_request_is_due_on_or_after_the_day_it_is_raised():
    check_due(DUE, DUE)
    with pytest.raises(RequestRefused, match="on or after"):
        check_due(date(2026, 11, 19), DUE)
    with pytest.raises(RequestRefused, match="Enter the date"):
        check_due(None, DUE)


LAST_PACK = datetime(2026, 9, 1, tzinfo=UTC)


@pytest.mark.parametrize(("status", "closed_at", "last", "shown"), [
    ("open", None, LAST_PACK, True),
    ("answered", None, LAST_PACK, True),
    ("closed", datetime(2026, 10, 1, tzinfo=UTC), LAST_PACK, True),  # closed since
    ("closed", datetime(2026, 8, 1, tzinfo=UTC), LAST_PACK, False),  # closed before
    ("closed", datetime(2026, 8, 1, tzinfo=UTC), None, True),  # no pack yet
])
def test_the_next_pack_shows_open_and_answered_requests_and_those_closed_since_the_last(
    status, closed_at, last, shown
):
    assert shown_in_pack(status, None, closed_at, last) is shown


def test_an_issue_goes_up_a_level_at_a_time():
    assert next_level(Level.SERVICE) is Level.DIRECTORATE
    assert next_level("directorate") is Level.CORPORATE
    assert next_level(Level.CORPORATE) is None


def test_an_escalation_goes_one_level_up_with_a_reason():
    check_escalation(EscalationStep(Level.SERVICE, Level.DIRECTORATE, "Red twice"))
    check_escalation(EscalationStep(Level.DIRECTORATE, Level.CORPORATE, "Plan failed"))


@pytest.mark.parametrize(("step", "message"), [
    (EscalationStep(Level.SERVICE, Level.CORPORATE, "Skip"), "escalated to the directorate"),
    (EscalationStep(Level.DIRECTORATE, Level.SERVICE, "Down"), "escalated to the corporate"),
    (EscalationStep(Level.CORPORATE, Level.CORPORATE, "Again"), "cannot be escalated further"),
    (EscalationStep(Level.SERVICE, Level.DIRECTORATE, "  "), "Say why"),
    (EscalationStep(Level.SERVICE, Level.DIRECTORATE, "Again", already_at=Level.DIRECTORATE),
     "already escalated to the directorate"),
])
def test_an_escalation_that_skips_goes_down_or_repeats_is_refused(step, message):
    with pytest.raises(RequestRefused, match=message):
        check_escalation(step)
