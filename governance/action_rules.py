"""The rules a delivery plan action and its milestones must meet, one function each, worded
as officers see them.

Plain Python, as ``governance/progress_rules.py`` is for progress notes: the caller passes
the dates and names the rule needs and gets ``None`` or the message. The screens and
``governance/actions.py`` ask them, so an action is refused the same way wherever it is
written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kpis.entry_rules import Problem
from reporting.formatting import date_text

__all__ = ["Problem", "action_problems", "milestone_problems"]


def due_on_or_after_the_start(starts: date | None, due: date) -> str | None:
    """An action is due on or after the day it starts."""
    if starts is None or due >= starts:
        return None
    return f"The due date must be on or after the start date, {date_text(starts)}"


def a_new_action_is_not_already_late(due: date, today: date) -> str | None:
    """A new action is due today or later: one added already late would be off track from
    the day it is written."""
    if due >= today:
        return None
    return f"The due date must be today ({date_text(today)}) or later"


def starts_before_its_milestones(starts: date | None, milestones: Iterable[date]) -> str | None:
    """An action starts on or before its first milestone."""
    dates = list(milestones)
    if starts is None or not dates or starts <= min(dates):
        return None
    return f"The start date must be on or before the first milestone, {date_text(min(dates))}"


def the_delegate_is_someone_else(owner_id: int | None, delegate_id: int | None) -> str | None:
    """The colleague who may also write the progress notes is not the owner."""
    if delegate_id is None or delegate_id != owner_id:
        return None
    return "Choose a colleague other than the owner, or nobody"


def milestone_within_the_action(due: date, starts: date | None, action_due: date) -> str | None:
    """A milestone falls between the action's start and its due date."""
    if due > action_due:
        return f"The milestone must be due on or before the action's due date, " \
               f"{date_text(action_due)}"
    if starts is not None and due < starts:
        return f"The milestone must be due on or after the action's start date, " \
               f"{date_text(starts)}"
    return None


def milestone_names_are_distinct(title: str, others: Iterable[str]) -> str | None:
    """An action's milestones have different names, so a progress note or a timescale
    change names one without doubt."""
    if title.strip().casefold() in {o.strip().casefold() for o in others}:
        return f"This action already has a milestone called \u201c{title.strip()}\u201d"
    return None


def action_problems(*, starts: date | None, due: date, today: date, new: bool,
                    milestones: Iterable[date] = (), owner_id: int | None = None,
                    delegate_id: int | None = None) -> list[Problem]:
    """What stops an action being added (``new``) or changed."""
    found = [
        ("due", due_on_or_after_the_start(starts, due)),
        ("due", a_new_action_is_not_already_late(due, today) if new else None),
        ("starts", starts_before_its_milestones(starts, milestones)),
        ("delegate", the_delegate_is_someone_else(owner_id, delegate_id)),
    ]
    return _problems(found)


def milestone_problems(*, title: str, due: date | None, starts: date | None,
                       action_due: date, others: Iterable[str]) -> list[Problem]:
    """What stops a milestone being added (with its date) or renamed (``due`` None)."""
    found = [("title", milestone_names_are_distinct(title, others))]
    if due is not None:
        found.append(("due", milestone_within_the_action(due, starts, action_due)))
    return _problems(found)


def _problems(found: list[tuple[str, str | None]]) -> list[Problem]:
    return [Problem(field, message) for field, message in found if message]
