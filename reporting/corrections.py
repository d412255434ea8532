"""Corrections to figures reported earlier: what a report lists about earlier reports.

A correction after issue (``kpis.entry.correct_after_issue``), of a figure or of its
breakdown, never changes the report that went out; the next report says what changed,
from what, to what, and why.
"""

from __future__ import annotations

from datetime import date

from governance.calendar import report_span
from kpis.models import BreakdownCorrection, Correction
from reporting.periods import Period


def corrections_for_report(period: Period, today: date) -> list[Correction]:
    """Corrections recorded since the report before this one was issued, up to this
    report's issue (or today, while it is being prepared)."""
    previous, until = report_span(period, today)
    found = Correction.objects.filter(at__date__lte=until)
    if previous is not None:
        found = found.filter(at__date__gt=previous)
    return list(found.select_related("result__indicator", "by").order_by("at", "pk"))


def breakdown_corrections_for_report(period: Period, today: date) -> list[BreakdownCorrection]:
    """Corrections to breakdown figures over the same days as ``corrections_for_report``
    (read them as a reader may see them with ``kpis.breakdowns.corrected_figures``)."""
    previous, until = report_span(period, today)
    found = BreakdownCorrection.objects.filter(at__date__lte=until)
    if previous is not None:
        found = found.filter(at__date__gt=previous)
    return list(found.select_related("result__indicator", "category", "by")
                .order_by("at", "pk"))
