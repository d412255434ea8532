"""Which numbers an indicator is measured against in a period.

A target belongs to one period. A period without a target of its own takes its
financial year's, threshold by threshold (a quarter with its own target but no
stretch target takes the year's stretch target). Plain Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from reporting.periods import Frequency, Period


@dataclass(frozen=True)
class Thresholds:
    """The numbers an indicator is measured against in one period."""

    target: Decimal | None = None
    stretch_target: Decimal | None = None
    floor: Decimal | None = None
    low_target: Decimal | None = None
    high_target: Decimal | None = None

    @classmethod
    def of(cls, target: Any) -> Thresholds:
        """From a target (the register's model, or anything with its fields)."""
        return cls(**{name: getattr(target, name) for name in NAMES})

    def or_else(self, year: Thresholds) -> Thresholds:
        """Each threshold the period does not set itself comes from its year."""
        return Thresholds(
            **{name: _first_set(getattr(self, name), getattr(year, name)) for name in NAMES}
        )


NAMES = tuple(field.name for field in fields(Thresholds))
NO_THRESHOLDS = Thresholds()


def _first_set(own: Decimal | None, annual: Decimal | None) -> Decimal | None:
    return own if own is not None else annual


def thresholds_for(period: Period, own_by_period: Mapping[Period, Thresholds]) -> Thresholds:
    """The thresholds in force for a period, from the ones set for each period.

    A period without a target of its own takes its financial year's; an annual
    period takes only its own. Each threshold falls back on its own: a quarter
    that sets only a target still takes the year's stretch target, floor and
    low and high targets.
    """
    own = own_by_period.get(period, NO_THRESHOLDS)
    if period.frequency is Frequency.ANNUAL:
        return own
    year = own_by_period.get(period.fy)
    if year is None:
        return own
    if own is NO_THRESHOLDS:
        return year
    return own.or_else(year)


def periods_rated_by(target_period: Period, periods: Iterable[Period]) -> list[Period]:
    """Which of ``periods`` are rated against a target set for ``target_period``: the
    period itself and, for a financial year's target, every period of that year (it fills
    those without a target of their own). Changing such a target after their report was
    issued would re-rate what a committee was shown."""
    return sorted(
        (
            p for p in periods
            if p == target_period
            or (target_period.frequency is Frequency.ANNUAL and p.fy == target_period)
        ),
        key=lambda p: p.end,
    )
