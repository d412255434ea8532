"""The status of a delivery plan action, one named rule each, worded as officers see them.

Plain Python: the caller passes the action's facts and today. The rules are tried in
the order of ``RULES`` and the first that applies gives the status and the reason shown
beside it, so "complete" beats "off track", "off track" beats "at risk", and so on; an
action no rule catches is on track.

The owner's own view counts only from a signed-off progress note (as a result counts
only once it is signed off): a draft saying "off track" changes nothing until an
approver agrees it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from reporting.formatting import date_text

# A milestone due within this many days and not yet complete puts the action at risk.
AT_RISK_WITHIN = timedelta(days=14)


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def colour(self) -> str:
        """The GOV.UK tag colour that shows it (with the words: never colour alone)."""
        return {
            ActionStatus.NOT_STARTED: "grey",
            ActionStatus.ON_TRACK: "green",
            ActionStatus.AT_RISK: "yellow",
            ActionStatus.OFF_TRACK: "red",
            ActionStatus.COMPLETE: "blue",
        }[self]


# The owner's own view in a progress note: the three an owner may claim.
OWNER_VIEWS = (ActionStatus.ON_TRACK, ActionStatus.AT_RISK, ActionStatus.OFF_TRACK)


@dataclass(frozen=True)
class MilestoneFacts:
    title: str
    due: date
    completed_on: date | None = None

    def is_complete(self, today: date) -> bool:
        return self.completed_on is not None and self.completed_on <= today


@dataclass(frozen=True)
class ActionFacts:
    """What the rules need to know about an action."""

    starts: date | None
    due: date
    completed_on: date | None = None
    milestones: Sequence[MilestoneFacts] = ()
    owner_says: ActionStatus | None = None  # from the latest signed-off progress note
    progress_noted: bool = False  # any progress note submitted or signed off


@dataclass(frozen=True)
class Verdict:
    status: ActionStatus
    reason: str


Rule = Callable[[ActionFacts, date], Verdict | None]


def complete_when_done(action: ActionFacts, today: date) -> Verdict | None:
    """An action is complete when its owner has recorded the date it was completed."""
    if action.completed_on is not None and action.completed_on <= today:
        return Verdict(ActionStatus.COMPLETE, f"Completed {date_text(action.completed_on)}")
    return None


def off_track_when_past_due(action: ActionFacts, today: date) -> Verdict | None:
    """An action past its due date and not complete is off track."""
    if today > action.due:
        return Verdict(ActionStatus.OFF_TRACK,
                       f"It was due {date_text(action.due)} and is not complete")
    return None


def off_track_when_a_milestone_is_missed(action: ActionFacts, today: date) -> Verdict | None:
    """A milestone past its date and not complete puts the action off track."""
    missed = [m for m in action.milestones if m.due < today and not m.is_complete(today)]
    if not missed:
        return None
    first = min(missed, key=lambda m: m.due)
    more = f" (and {len(missed) - 1} more)" if len(missed) > 1 else ""
    return Verdict(ActionStatus.OFF_TRACK,
                   f"Milestone \u201c{first.title}\u201d was due {date_text(first.due)} "
                   f"and is not complete{more}")


def off_track_when_the_owner_says_so(action: ActionFacts, today: date) -> Verdict | None:
    """An action whose owner reports it off track, in a signed-off progress note, is off
    track."""
    if action.owner_says is ActionStatus.OFF_TRACK:
        return Verdict(ActionStatus.OFF_TRACK, "The owner reports it off track")
    return None


def at_risk_when_the_owner_says_so(action: ActionFacts, today: date) -> Verdict | None:
    """An action whose owner reports it at risk, in a signed-off progress note, is at
    risk."""
    if action.owner_says is ActionStatus.AT_RISK:
        return Verdict(ActionStatus.AT_RISK, "The owner reports it at risk")
    return None


def at_risk_when_a_milestone_is_near(action: ActionFacts, today: date) -> Verdict | None:
    """A milestone due in the next 14 days and not yet complete puts the action at risk."""
    near = [m for m in action.milestones
            if today <= m.due <= today + AT_RISK_WITHIN and not m.is_complete(today)]
    if not near:
        return None
    first = min(near, key=lambda m: m.due)
    return Verdict(ActionStatus.AT_RISK,
                   f"Milestone \u201c{first.title}\u201d is due {date_text(first.due)} "
                   "and is not complete yet")


def not_started_before_its_start(action: ActionFacts, today: date) -> Verdict | None:
    """An action whose start date is still to come has not started."""
    if action.starts is not None and today < action.starts:
        return Verdict(ActionStatus.NOT_STARTED, f"It starts {date_text(action.starts)}")
    return None


def not_started_without_progress(action: ActionFacts, today: date) -> Verdict | None:
    """An action with no milestone complete and no progress reported has not started."""
    if action.progress_noted or any(m.is_complete(today) for m in action.milestones):
        return None
    return Verdict(ActionStatus.NOT_STARTED, "No milestone is complete and no progress is "
                   "reported yet")


RULES: tuple[Rule, ...] = (
    complete_when_done,
    off_track_when_past_due,
    off_track_when_a_milestone_is_missed,
    off_track_when_the_owner_says_so,
    at_risk_when_the_owner_says_so,
    at_risk_when_a_milestone_is_near,
    not_started_before_its_start,
    not_started_without_progress,
)

ON_TRACK = "No milestone is missed or near, and the owner reports no concern"


def status_of(action: ActionFacts, today: date) -> Verdict:
    """The action's status today: the first rule that applies, else on track."""
    for rule in RULES:
        verdict = rule(action, today)
        if verdict is not None:
            return verdict
    return Verdict(ActionStatus.ON_TRACK, ON_TRACK)


def rules_in_words() -> list[tuple[str, str]]:
    """Each rule's status and policy text, in the order they are tried, for the help page
    and the pack's appendix."""
    return [(rule.__name__, " ".join((rule.__doc__ or "").split())) for rule in RULES]
