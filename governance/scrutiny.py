"""Members' requests and performance escalations: the rules, as plain Python.

Committees raise requests and recommendations (a request for more information on an
indicator, a call-in of poor performance, a matter elevated for further examination, a
recommendation to Cabinet). Each is assigned to an officer with a due date, answered, and
tracked to closure; the next pack shows the open ones and the answers given since the
last pack.

Performance issues are escalated like risks: from the service to the directorate to the
corporate level (Worcestershire's assistant directors report "new and emerging
performance issues or failures of improvement activity to allow issues to be escalated
to the corporate level").

No Django import: the models (``governance/members_models.py``) and the views ask here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class RequestKind(StrEnum):
    INFORMATION = "information"
    CALL_IN = "call_in"
    ELEVATED = "elevated"
    RECOMMENDATION = "recommendation"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    RequestKind.INFORMATION: "Request for more information",
    RequestKind.CALL_IN: "Call-in of poor performance",
    RequestKind.ELEVATED: "Elevated for further examination",
    RequestKind.RECOMMENDATION: "Recommendation to Cabinet",
}


class RequestStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"open": "Open", "answered": "Answered", "closed": "Closed"}[self.value]


class RequestRefused(ValueError):
    """A change to a request that the rules do not allow; the message says why."""


def is_overdue(status: RequestStatus | str, due_on: date | None, today: date) -> bool:
    """An open request is overdue the day after its due date. An answered or closed one
    never is: the answer is what was due."""
    return RequestStatus(status) is RequestStatus.OPEN and due_on is not None and today > due_on


def check_answer(status: RequestStatus | str, answer: str) -> None:
    """An officer answers an open request (or answers again, before it is closed, when the
    committee wants more); the answer must say something."""
    if RequestStatus(status) is RequestStatus.CLOSED:
        raise RequestRefused("This request is closed: it cannot be answered again")
    if not answer.strip():
        raise RequestRefused("Enter the answer")


def check_close(status: RequestStatus | str) -> None:
    """A request is closed once it has been answered: the committee has what it asked
    for. An open request is answered first."""
    status = RequestStatus(status)
    if status is RequestStatus.CLOSED:
        raise RequestRefused("This request is already closed")
    if status is RequestStatus.OPEN:
        raise RequestRefused("Answer the request before closing it")


def check_reopen(status: RequestStatus | str, reason: str) -> None:
    """The committee is not satisfied with the answer: the request opens again, and the
    reason is recorded."""
    if RequestStatus(status) is not RequestStatus.ANSWERED:
        raise RequestRefused("Only an answered request can be reopened")
    if not reason.strip():
        raise RequestRefused("Say why the answer is not enough")


def check_due(due_on: date | None, raised_on: date) -> None:
    """A request is due on or after the day it is raised."""
    if due_on is None:
        raise RequestRefused("Enter the date the answer is due")
    if due_on < raised_on:
        raise RequestRefused("The due date must be on or after the date it was raised")


def shown_in_pack(
    status: RequestStatus | str, answered_at: datetime | None, closed_at: datetime | None,
    last_pack: datetime | None,
) -> bool:
    """The next pack shows every open or answered request, and those closed since the
    committee's last issued pack (so members see the answer that closed them once)."""
    status = RequestStatus(status)
    if status is not RequestStatus.CLOSED:
        return True
    return last_pack is None or (closed_at is not None and closed_at > last_pack)


# --- escalation -----------------------------------------------------------------------------


class Level(StrEnum):
    SERVICE = "service"
    DIRECTORATE = "directorate"
    CORPORATE = "corporate"

    @property
    def label(self) -> str:
        return {"service": "Service", "directorate": "Directorate",
                "corporate": "Corporate"}[self.value]


LEVELS = [Level.SERVICE, Level.DIRECTORATE, Level.CORPORATE]


def next_level(level: Level | str) -> Level | None:
    """The level above: service to directorate, directorate to corporate; none above
    corporate."""
    index = LEVELS.index(Level(level))
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


@dataclass(frozen=True)
class EscalationStep:
    """What an escalation asks: an issue at ``from_level`` raised to ``to_level``."""

    from_level: Level
    to_level: Level
    reason: str
    already_at: Level | None = None  # the highest level the issue is already escalated to


def check_escalation(step: EscalationStep) -> None:
    """An issue goes up one level at a time (service to directorate, directorate to
    corporate), never down or sideways, and never to a level it is already escalated
    to; the reason is recorded (what is failing, and why the level below cannot fix it)."""
    if not step.reason.strip():
        raise RequestRefused("Say why the issue is escalated")
    if next_level(step.from_level) is not step.to_level:
        above = next_level(step.from_level)
        if above is None:
            raise RequestRefused("A corporate issue cannot be escalated further")
        raise RequestRefused(
            f"An issue at {step.from_level.label.lower()} level is escalated to the "
            f"{above.label.lower()} level"
        )
    if step.already_at is not None and LEVELS.index(step.already_at) >= LEVELS.index(
        step.to_level
    ):
        raise RequestRefused(
            f"This issue is already escalated to the {step.already_at.label.lower()} level"
        )
