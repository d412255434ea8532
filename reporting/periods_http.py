"""The one way a view reads a period or a financial year from its URL or query string.

Anything that is not a canonical key (``2025-26``, ``2025-26-Q2``, ``2025-10``), or not
of the frequency the page needs, is a 404 saying what was expected: never a 500.
"""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.utils import timezone

from reporting.periods import Frequency, Period, PeriodError

# In a download's address instead of a period: the latest quarter ended, so a report or
# a Power BI query that reads it needs no new address each quarter.
LATEST = "latest"


def period_or_latest(key: str | None, today: date | None = None) -> Period:
    """The period a URL or query names; none, or ``latest``, is the latest quarter ended."""
    if not key or key == LATEST:
        return Period.latest_ended(today or timezone.localdate(), Frequency.QUARTERLY)
    return period_or_404(key)


def period_or_404(key: str | None, frequency: Frequency | None = None) -> Period:
    """The period a URL names, of ``frequency`` when given; otherwise Http404."""
    try:
        period = Period.parse(key or "")
    except PeriodError as error:
        raise Http404(str(error)) from error
    if period.key != key:  # full-width digits, spaces: not a key this product wrote
        raise Http404(f"'{key}' is not a period: use 2025-26, 2025-26-Q2 or 2025-10")
    if frequency is Frequency.ANNUAL and period.frequency is not Frequency.ANNUAL:
        raise Http404(f"'{key}' is not a financial year: use one such as 2027-28")
    if frequency is not None and period.frequency is not frequency:
        raise Http404(f"{period.label} is not a {frequency.value} period")
    return period


def year_or_404(key: str | None) -> Period:
    """The financial year a URL names (such as 2027-28); otherwise Http404."""
    return period_or_404(key, Frequency.ANNUAL)
