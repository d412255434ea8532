"""The reporting calendar: the one place that says when results for a period are due,
when they are signed off, and whether the period's committee report has been issued
(which locks its approved results).

Everything that asks about deadlines or issue dates (the worklist, reminders, the one
door for results, corrections to figures reported earlier) asks here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from governance.models import ReportingPeriod
from reporting.periods import Period

# Without a reporting calendar entry, results are due four weeks after the period ends
# and signed off six weeks after.
DEFAULT_ENTRY_DAYS = 28
DEFAULT_SIGNOFF_DAYS = 42


@dataclass(frozen=True)
class Deadlines:
    entry: date
    signoff: date


def deadlines_for(periods: set[Period]) -> dict[Period, Deadlines]:
    """The reporting calendar's deadlines, or the default ones (one query)."""
    found = {
        Period.parse(row.period): Deadlines(row.entry_deadline, row.signoff_deadline)
        for row in ReportingPeriod.objects.filter(period__in=[p.key for p in periods])
    }
    return {
        p: found.get(p) or Deadlines(
            p.end + timedelta(days=DEFAULT_ENTRY_DAYS), p.end + timedelta(days=DEFAULT_SIGNOFF_DAYS)
        )
        for p in periods
    }


def locked_periods(today: date, periods: Iterable[str] | None = None) -> set[str]:
    """Periods whose committee report has been issued: their approved results are locked."""
    issued = ReportingPeriod.objects.filter(issued_on__isnull=False, issued_on__lte=today)
    if periods is not None:
        issued = issued.filter(period__in=list(periods))
    return set(issued.values_list("period", flat=True))


def issue_dates(today: date) -> dict[Period, date]:
    """Every period whose committee report has been issued by ``today``, with the day it was
    issued: the periods ``locked_periods`` locks (one query)."""
    return {
        Period.parse(key): issued_on
        for key, issued_on in ReportingPeriod.objects.filter(
            issued_on__isnull=False, issued_on__lte=today
        ).values_list("period", "issued_on")
    }


def in_calendar(periods: Iterable[str]) -> set[str]:
    """Which of these periods the reporting calendar covers (earlier ones are history)."""
    return set(
        ReportingPeriod.objects.filter(period__in=list(periods)).values_list("period", flat=True)
    )


def issue_date(period: Period) -> date | None:
    return (
        ReportingPeriod.objects.filter(period=period.key, issued_on__isnull=False)
        .values_list("issued_on", flat=True).first()
    )


def report_span(period: Period, today: date) -> tuple[date | None, date]:
    """The days a period's report looks back over (its corrections to figures reported
    earlier): after the previous report of the same kind was issued (``previous_issue``;
    None when there was none), up to this report's issue (``issue_date``), or today
    while it is being prepared. One query for both."""
    issued = dict(
        ReportingPeriod.objects.filter(issued_on__isnull=False).values_list("period", "issued_on")
    )
    until = issued.get(period.key) or today
    previous = max(
        (
            issued_on for key, issued_on in issued.items()
            if key != period.key and issued_on < until
            and Period.parse(key).frequency is period.frequency
        ),
        default=None,
    )
    return previous, until


def previous_issue(before: date, excluding: Period) -> date | None:
    """When the last report of the same kind (quarterly, monthly, annual) as ``excluding``
    went out before ``before``."""
    issued = ReportingPeriod.objects.filter(issued_on__isnull=False, issued_on__lt=before)
    dates = [
        issued_on
        for key, issued_on in issued.exclude(period=excluding.key).values_list(
            "period", "issued_on"
        )
        if Period.parse(key).frequency is excluding.frequency
    ]
    return max(dates, default=None)
