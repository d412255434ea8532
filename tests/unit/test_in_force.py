"""Unit tests for reporting.in_force: which rule is in force, and which band wins."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from reporting.engine import DEFAULT_POLICY, BandBasis, Policy, PolicyKind, Tolerance
from reporting.in_force import (
    RulesInForce,
    Scope,
    ScopedRule,
    YearSetting,
    choose_policy_and_tolerance,
    latest_in_force,
)
from reporting.periods import Period

COUNCIL, FINANCIAL, INDICATOR = Scope.COUNCIL, Scope.FINANCIAL, Scope.INDICATOR
K = PolicyKind


def rule(scope, applies_from, value, indicator_id=None):
    return ScopedRule(
        scope=scope,
        applies_from=Period.parse(applies_from) if applies_from else None,
        value=value,
        indicator_id=indicator_id if indicator_id is not None else (
            1 if scope is INDICATOR else None
        ),
    )


# --- the latest rule of a scope to apply by a year --------------------------------------

ALWAYS = rule(INDICATOR, None, "always")
FROM_25 = rule(INDICATOR, "2025-26", "from 2025-26")
FROM_26 = rule(INDICATOR, "2026-27", "from 2026-27")


@pytest.mark.parametrize(
    ("rules", "period", "expected"),
    [
        ([], "2025-26", None),
        ([ALWAYS], "2020-21", ALWAYS),
        ([FROM_25], "2024-25", None),
        ([FROM_25], "2025-26", FROM_25),
        ([FROM_25], "2025-26-Q3", FROM_25),
        ([FROM_25], "2026-01", FROM_25),  # January 2026 is in 2025/26
        ([ALWAYS, FROM_25], "2024-25-Q4", ALWAYS),
        ([ALWAYS, FROM_25], "2025-26-Q1", FROM_25),
        ([FROM_26, ALWAYS, FROM_25], "2025-26", FROM_25),
        ([FROM_26, ALWAYS, FROM_25], "2027-28", FROM_26),
    ],
)
def test_the_rule_in_force_is_the_latest_to_apply_by_the_periods_financial_year(
    rules, period, expected
):
    assert latest_in_force(rules, Period.parse(period)) == expected


@pytest.mark.parametrize(
    ("financial", "period", "expected"),
    [
        (False, "2024-25", "council always"),
        (False, "2025-26", "council from 2025-26"),
        (True, "2024-25", "financial always"),
        (True, "2025-26", "financial always"),  # a financial rule beats a later council one
        (True, "2026-27", "own from 2026-27"),
        (False, "2026-27", "own from 2026-27"),
    ],
)
def test_the_most_specific_scope_with_a_rule_in_force_wins(financial, period, expected):
    rules = RulesInForce([
        rule(COUNCIL, None, "council always"),
        rule(COUNCIL, "2025-26", "council from 2025-26"),
        rule(FINANCIAL, None, "financial always"),
        rule(INDICATOR, "2026-27", "own from 2026-27", indicator_id=7),
        rule(INDICATOR, None, "someone else's", indicator_id=8),
    ])

    found = rules.find(indicator_id=7, financial=financial, period=Period.parse(period))

    assert found is not None and found.value == expected


def test_no_rule_in_force_is_none():
    rules = RulesInForce([rule(COUNCIL, "2025-26", "later")])

    assert rules.find(indicator_id=1, financial=True, period=Period.parse("2024-25")) is None


# --- an indicator's own tolerance beats a policy's band, which beats the council's --------

TEN, TWENTY, FIVE = Tolerance(percent=D(10)), Tolerance(percent=D(20)), Tolerance(percent=D(5))
TWO_POINTS = Tolerance(absolute=D(2))
TARGET_BAND = Policy(amber_band=D(5), name="Target with a 5% band")
TARGET_BAND_ABS = Policy(basis=BandBasis.ABSOLUTE, amber_band=D(1), name="1 point band")
NO_BAND = Policy(name="Target with the tolerance in force")
DIRECTION = Policy(K.DIRECTION_DEPENDENT, amber_band=D(10), name="Direction dependent")
GREEN_BAND = Policy(K.GREEN_BAND, green_band=D(1), amber_band=D(5), name="Green band")
FLOOR = Policy(K.FLOOR, name="Floor standard")
LOW_HIGH = Policy(K.LOW_HIGH, name="Low and high targets")


def unbanded(policy: Policy) -> Policy:
    return replace(policy, amber_band=None)


@pytest.mark.parametrize(
    ("policy_rule", "tolerance_rule", "expected"),
    [
        # nothing in force: the default policy and 10%
        (None, None, (DEFAULT_POLICY, TEN)),
        # a tolerance and no policy: the default policy with that tolerance
        (None, rule(COUNCIL, None, TWENTY), (DEFAULT_POLICY, TWENTY)),
        (None, rule(FINANCIAL, None, FIVE), (DEFAULT_POLICY, FIVE)),
        (None, rule(INDICATOR, None, TWO_POINTS), (DEFAULT_POLICY, TWO_POINTS)),
        # a policy and no tolerance: the policy's band, with 10% behind it
        (rule(COUNCIL, None, TARGET_BAND), None, (TARGET_BAND, TEN)),
        (rule(COUNCIL, None, NO_BAND), None, (NO_BAND, TEN)),
        # a policy's band beats the council's and the financial tolerance
        (rule(COUNCIL, None, TARGET_BAND), rule(COUNCIL, None, TWENTY), (TARGET_BAND, TWENTY)),
        (rule(FINANCIAL, None, TARGET_BAND), rule(FINANCIAL, None, FIVE), (TARGET_BAND, FIVE)),
        (rule(COUNCIL, None, DIRECTION), rule(FINANCIAL, None, FIVE), (DIRECTION, FIVE)),
        (rule(COUNCIL, None, GREEN_BAND), rule(COUNCIL, None, TWENTY), (GREEN_BAND, TWENTY)),
        # an indicator's own tolerance beats a target band or direction-dependent band
        (
            rule(COUNCIL, None, TARGET_BAND),
            rule(INDICATOR, None, TWO_POINTS),
            (unbanded(TARGET_BAND), TWO_POINTS),
        ),
        (
            rule(COUNCIL, None, TARGET_BAND_ABS),
            rule(INDICATOR, "2025-26", TWENTY),
            (unbanded(TARGET_BAND_ABS), TWENTY),
        ),
        (
            rule(FINANCIAL, None, DIRECTION),
            rule(INDICATOR, None, TWO_POINTS),
            (unbanded(DIRECTION), TWO_POINTS),
        ),
        # ... even when the policy is the indicator's own
        (
            rule(INDICATOR, None, TARGET_BAND),
            rule(INDICATOR, None, TWO_POINTS),
            (unbanded(TARGET_BAND), TWO_POINTS),
        ),
        # a policy without a band takes the own tolerance as it is
        (rule(COUNCIL, None, NO_BAND), rule(INDICATOR, None, TWO_POINTS), (NO_BAND, TWO_POINTS)),
        # a green band keeps its bands; a floor or low and high targets have none to lose
        (
            rule(COUNCIL, None, GREEN_BAND),
            rule(INDICATOR, None, TWO_POINTS),
            (GREEN_BAND, TWO_POINTS),
        ),
        (rule(COUNCIL, None, FLOOR), rule(INDICATOR, None, TWO_POINTS), (FLOOR, TWO_POINTS)),
        (
            rule(INDICATOR, None, LOW_HIGH),
            rule(INDICATOR, None, TWO_POINTS),
            (LOW_HIGH, TWO_POINTS),
        ),
        (rule(COUNCIL, None, FLOOR), rule(FINANCIAL, None, FIVE), (FLOOR, FIVE)),
    ],
)
def test_an_indicators_own_tolerance_beats_a_policys_band_which_beats_the_councils(
    policy_rule, tolerance_rule, expected
):
    assert choose_policy_and_tolerance(policy_rule, tolerance_rule) == expected


def test_dropping_the_band_keeps_the_rest_of_the_policy():
    banded = Policy(
        K.DIRECTION_DEPENDENT, BandBasis.ABSOLUTE, amber_band=D(3), blue_for_stretch=True,
        name="Havering",
    )

    policy, _ = choose_policy_and_tolerance(
        rule(COUNCIL, None, banded), rule(INDICATOR, None, TWENTY)
    )

    assert policy == Policy(
        K.DIRECTION_DEPENDENT, BandBasis.ABSOLUTE, amber_band=None, blue_for_stretch=True,
        name="Havering",
    )


# --- a council-wide setting by year (red for how many periods running) ---------------------


@pytest.mark.parametrize(
    ("rules", "year", "expected"),
    [
        ([], "2025-26", 2),
        ([(None, 3)], "2019-20", 3),
        ([("2026-27", 4)], "2025-26", 2), ([("2026-27", 4)], "2026-27", 4),
        ([("2026-27", 4)], "2030-31", 4),
        ([(None, 3), ("2026-27", 4), ("2028-29", 2)], "2025-26", 3),
        ([(None, 3), ("2026-27", 4), ("2028-29", 2)], "2027-28", 4),
        ([(None, 3), ("2026-27", 4), ("2028-29", 2)], "2028-29", 2),
    ],
)
def test_a_year_setting_is_the_latest_to_apply_by_the_year_else_the_default(
    rules, year, expected
):
    setting = YearSetting([rule(COUNCIL, first, value) for first, value in rules], default=2)
    assert setting.in_force(Period.parse(year)) == expected
    assert setting.in_force(Period.parse(year + "-Q3")) == expected
    assert max(setting.values()) == max([2, *(value for _, value in rules)])
