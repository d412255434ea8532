"""Trend analysis: the direction of an indicator over its last several comparable periods,
not just the last change (Cambridgeshire's balanced scorecard, "Trend Analysis").

The method, stated once: take the actuals of the last ``TREND_PERIODS`` periods of the
indicator's own frequency (stopping at a break in the series, skipping none in between:
a missing period ends the run); with fewer than ``MINIMUM`` values there is not enough
data. Fit a straight line by least squares; the trend's size is the line's rise over
the whole run as a share of the mean size of the values. Under ``STABLE_SHARE`` (2%) it is
stable; otherwise it is improving or worsening by the indicator's polarity (rising or
falling when it has none). Plain Python, exact decimals.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum

from reporting.engine import Polarity

TREND_PERIODS = 6
MINIMUM = 3
STABLE_SHARE = Decimal("0.02")


class Trend(StrEnum):
    IMPROVING = "Improving"
    WORSENING = "Worsening"
    STABLE = "Stable"
    RISING = "Rising"
    FALLING = "Falling"
    NOT_ENOUGH_DATA = "Not enough data"


def recent_run(values: Sequence[Decimal | None]) -> list[Decimal]:
    """The unbroken run of values at the end of ``values`` (oldest first), at most
    ``TREND_PERIODS`` long; a missing value (None) ends it."""
    run: list[Decimal] = []
    for value in reversed(values[-TREND_PERIODS:]):
        if value is None:
            break
        run.append(value)
    return list(reversed(run))


def trend(values: Sequence[Decimal | None], polarity: Polarity) -> Trend:
    """The trend of the last comparable actuals, oldest first (see the module's method)."""
    run = recent_run(values)
    n = len(run)
    if n < MINIMUM:
        return Trend.NOT_ENOUGH_DATA
    zero = Decimal(0)
    xs = [Decimal(i) for i in range(n)]
    mean_x = sum(xs, zero) / n
    mean_y = sum(run, zero) / n
    covariance = sum(((x - mean_x) * (y - mean_y) for x, y in zip(xs, run, strict=True)), zero)
    variance = sum(((x - mean_x) ** 2 for x in xs), zero)
    slope = covariance / variance
    scale = sum((abs(y) for y in run), zero) / n
    rise = slope * (n - 1)
    if scale == 0 or abs(rise) / scale < STABLE_SHARE:
        return Trend.STABLE
    up = rise > 0
    if polarity is Polarity.NONE:
        return Trend.RISING if up else Trend.FALLING
    better = up if polarity is Polarity.HIGHER else not up
    return Trend.IMPROVING if better else Trend.WORSENING
