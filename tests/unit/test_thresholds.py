"""Unit tests for reporting.thresholds: which target a period is measured against."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from reporting.periods import Period
from reporting.thresholds import Thresholds, thresholds_for

YEAR, NEXT_YEAR = Period.parse("2025-26"), Period.parse("2026-27")
Q1, Q2 = Period.parse("2025-26-Q1"), Period.parse("2025-26-Q2")
OCTOBER = Period.parse("2025-10")

ANNUAL = Thresholds(
    target=D(100), stretch_target=D(110), floor=D(80), low_target=D(90), high_target=D(105)
)
Q1_TARGET_ONLY = Thresholds(target=D(25))
Q1_ALL = Thresholds(
    target=D(25), stretch_target=D(30), floor=D(20), low_target=D(22), high_target=D(27)
)
NONE = Thresholds()


@pytest.mark.parametrize(
    ("period", "set_for", "expected"),
    [
        # nothing set anywhere
        (Q1, {}, NONE),
        (YEAR, {}, NONE),
        # a quarter with no target of its own takes its year's, every threshold
        (Q2, {YEAR: ANNUAL, Q1: Q1_ALL}, ANNUAL),
        (OCTOBER, {YEAR: ANNUAL}, ANNUAL),
        # a quarter's own thresholds win
        (Q1, {YEAR: ANNUAL, Q1: Q1_ALL}, Q1_ALL),
        # threshold by threshold: an own target with the year's stretch, floor, low, high
        (
            Q1,
            {YEAR: ANNUAL, Q1: Q1_TARGET_ONLY},
            Thresholds(D(25), D(110), D(80), D(90), D(105)),
        ),
        # own thresholds and no year: only the own
        (Q1, {Q1: Q1_TARGET_ONLY}, Q1_TARGET_ONLY),
        # only the period's own financial year counts, never the next
        (Q1, {NEXT_YEAR: ANNUAL}, NONE),
        # an annual period takes only its own
        (YEAR, {YEAR: ANNUAL, Q1: Q1_ALL}, ANNUAL),
        (NEXT_YEAR, {YEAR: ANNUAL}, NONE),
    ],
)
def test_a_period_without_its_own_target_takes_its_years(period, set_for, expected):
    assert thresholds_for(period, set_for) == expected


@pytest.mark.parametrize(
    ("own", "year", "expected"),
    [
        (NONE, NONE, NONE),
        (NONE, ANNUAL, ANNUAL),
        (ANNUAL, NONE, ANNUAL),
        (Q1_ALL, ANNUAL, Q1_ALL),
        (Thresholds(floor=D(0)), ANNUAL, Thresholds(D(100), D(110), D(0), D(90), D(105))),
    ],
)
def test_each_threshold_a_period_does_not_set_comes_from_its_year(own, year, expected):
    assert own.or_else(year) == expected


def test_a_zero_threshold_is_set_and_is_not_replaced_by_the_years():
    assert thresholds_for(Q1, {YEAR: ANNUAL, Q1: Thresholds(target=D(0))}).target == D(0)
