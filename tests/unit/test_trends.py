"""Trend analysis over the last several comparable periods (reporting/trends.py)."""

from decimal import Decimal

import pytest

from reporting.engine import Polarity
from reporting.trends import Trend, recent_run, trend


def d(*values):
    return [None if v is None else Decimal(str(v)) for v in values]


@pytest.mark.parametrize(("values", "polarity", "expected"), [
    (d(80, 82, 84, 86), Polarity.HIGHER, Trend.IMPROVING),
    (d(80, 82, 84, 86), Polarity.LOWER, Trend.WORSENING),
    (d(86, 84, 82, 80), Polarity.LOWER, Trend.IMPROVING),
    (d(80, 82, 84, 86), Polarity.NONE, Trend.RISING),
    (d(86, 84, 82, 80), Polarity.NONE, Trend.FALLING),
    (d(80, 80.5, 80, 80.4), Polarity.HIGHER, Trend.STABLE),
    (d(80, 95), Polarity.HIGHER, Trend.NOT_ENOUGH_DATA),
    (d(80, 90, None, 70, 71), Polarity.HIGHER, Trend.NOT_ENOUGH_DATA),
    (d(0, 0, 0), Polarity.HIGHER, Trend.STABLE),
    (d(-10, -8, -6), Polarity.HIGHER, Trend.IMPROVING),
])
def test_the_trend_follows_the_fitted_line_and_the_polarity(values, polarity, expected):
    assert trend(values, polarity) is expected


def test_the_trend_is_not_the_last_change():
    # Rising for five periods, then a small dip: the last change is down, the trend is up.
    assert trend(d(60, 65, 70, 75, 80, 78), Polarity.HIGHER) is Trend.IMPROVING


def test_only_the_last_six_unbroken_periods_count():
    assert recent_run(d(1, 2, 3, 4, 5, 6, 7, 8)) == d(3, 4, 5, 6, 7, 8)
    assert recent_run(d(1, None, 3, 4)) == d(3, 4)
    assert recent_run([]) == []
