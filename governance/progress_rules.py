"""The rules a progress note on a delivery plan action must meet, one function each.

Plain Python, as ``kpis/entry_rules.py`` is for results, whose month and maker-checker
rules they share: a note reports a month that has ended, and nobody signs off a note
they wrote or submitted.
"""

from __future__ import annotations

from datetime import date

from kpis.entry_rules import Problem, maker_is_not_checker, period_has_ended
from reporting.periods import Frequency, Period

__all__ = ["Problem", "maker_is_not_checker", "note_problems", "reports_a_month"]


def reports_a_month(period: Period) -> str | None:
    """A progress note reports one month."""
    if period.frequency is Frequency.MONTHLY:
        return None
    return f"{period.label} is not a month: a progress note reports one month"


def note_is_written(note: str) -> str | None:
    """A note submitted for sign-off says what progress was made."""
    if note.strip():
        return None
    return "Enter the progress note: say what was done this month and what comes next"


def timescale_change_is_agreed(agreed_by: str, reason: str) -> list[Problem]:
    """A change to a timescale says who agreed it and why."""
    problems = []
    if not agreed_by.strip():
        problems.append(Problem("agreed_by", "Enter who agreed the change, e.g. CLT"))
    if not reason.strip():
        problems.append(Problem("reason", "Enter the reason for the change"))
    return problems


def note_problems(period: Period, today: date, note: str, *, submit: bool) -> list[Problem]:
    """What stops a note being saved (and, when submitting, being submitted)."""
    problems = [
        Problem("period", message)
        for message in (reports_a_month(period), period_has_ended(period, today)) if message
    ]
    if submit:
        message = note_is_written(note)
        if message:
            problems.append(Problem("note", message))
    return problems
