"""The entry rules, one function each: plain Python, no database."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from kpis import entry_rules
from kpis.entry_rules import (
    EntryFacts,
    Problem,
    commentary_when_amber_or_red,
    fits_the_unit,
    improvement_when_red,
    indicator_is_live,
    not_a_roll_up,
    period_has_ended,
    sensible_decimal_places,
    submission_problems,
    value_problems,
    within_range,
)
from reporting.engine import Aggregation, IndicatorStatus, Rag
from reporting.periods import Period

Q2 = Period.parse("2026-27-Q2")  # ends 30 September 2026

PERCENT = EntryFacts(
    code="HOU1", unit="percent", decimal_places=1, status=IndicatorStatus.TARGETED,
    aggregation=Aggregation.NONE,
)
DAYS = replace(PERCENT, code="HOU2", unit="days", decimal_places=0)


def d(text: str) -> Decimal:
    return Decimal(text)


# --- period_has_ended ------------------------------------------------------------


def test_period_has_ended_accepts_the_day_after_the_period_ends():
    assert period_has_ended(Q2, date(2026, 10, 1)) is None


def test_period_has_ended_refuses_the_last_day_of_the_period_itself():
    message = period_has_ended(Q2, date(2026, 9, 30))
    assert message == "Q2 2026/27 has not ended yet: enter its result after 30 September 2026"


def test_period_has_ended_refuses_a_period_that_has_not_started():
    assert period_has_ended(Period.parse("2026-27-Q3"), date(2026, 10, 1)) is not None


# --- indicator_is_live -------------------------------------------------------------


def test_indicator_is_live_refuses_a_retired_indicator():
    retired = replace(PERCENT, status=IndicatorStatus.RETIRED)
    assert indicator_is_live(retired) == "HOU1 is retired: it takes no new results"


@pytest.mark.parametrize(
    "status", [s for s in IndicatorStatus if s is not IndicatorStatus.RETIRED]
)
def test_indicator_is_live_accepts_every_other_status(status):
    assert indicator_is_live(replace(PERCENT, status=status)) is None


# --- not_a_roll_up -------------------------------------------------------------------


def test_not_a_roll_up_accepts_an_entered_indicator():
    assert not_a_roll_up(PERCENT) is None


@pytest.mark.parametrize("aggregation", [Aggregation.SUM, Aggregation.MEAN])
def test_not_a_roll_up_refuses_a_roll_up(aggregation):
    message = not_a_roll_up(replace(PERCENT, aggregation=aggregation))
    assert message == (
        f"HOU1 is rolled up from its children ({aggregation.value}): "
        "enter the children's results instead"
    )


# --- within_range ----------------------------------------------------------------------


@pytest.mark.parametrize("actual", ["99999999999999.999999", "-99999999999999", "0"])
def test_within_range_accepts_up_to_14_digits_before_the_point(actual):
    assert within_range(d(actual)) is None


@pytest.mark.parametrize("actual", ["100000000000000", "-100000000000000", "1E+30"])
def test_within_range_refuses_a_number_too_big_to_store(actual):
    assert within_range(d(actual)) == "Enter a number smaller than 100,000,000,000,000"


def test_value_problems_checks_the_range_before_the_unit():
    problems = value_problems(PERCENT, Q2, date(2026, 11, 23), d("1E+20"))
    assert problems[0] == Problem("actual", "Enter a number smaller than 100,000,000,000,000")


# --- fits_the_unit -------------------------------------------------------------------


@pytest.mark.parametrize("actual", ["0", "100", "0.0", "100.0", "55.5"])
def test_fits_the_unit_accepts_a_percentage_from_0_to_100(actual):
    assert fits_the_unit(PERCENT, d(actual)) is None


@pytest.mark.parametrize("actual", ["-0.1", "100.1", "-5", "250"])
def test_fits_the_unit_refuses_a_percentage_outside_0_to_100(actual):
    assert fits_the_unit(PERCENT, d(actual)) == "Enter a percentage between 0 and 100"


@pytest.mark.parametrize("actual", ["-12.5", "100.1", "340"])
def test_fits_the_unit_accepts_any_percentage_when_the_indicator_allows_it(actual):
    assert fits_the_unit(replace(PERCENT, allows_any_percentage=True), d(actual)) is None


@pytest.mark.parametrize("actual", ["0", "0.5", "365"])
def test_fits_the_unit_accepts_days_that_are_0_or_more(actual):
    assert fits_the_unit(DAYS, d(actual)) is None


@pytest.mark.parametrize("actual", ["-1", "-0.5"])
def test_fits_the_unit_refuses_negative_days(actual):
    assert fits_the_unit(DAYS, d(actual)) == "Enter a number of days that is 0 or more"


@pytest.mark.parametrize("unit", ["number", "currency", "ratio"])
def test_fits_the_unit_lets_other_units_go_negative_or_above_100(unit):
    facts = replace(PERCENT, unit=unit)
    assert fits_the_unit(facts, d("-250")) is None
    assert fits_the_unit(facts, d("1250000")) is None


# --- sensible_decimal_places ------------------------------------------------------------


@pytest.mark.parametrize("actual", ["85", "85.5", "1E+2"])
def test_sensible_decimal_places_accepts_up_to_the_indicators_places(actual):
    assert sensible_decimal_places(PERCENT, d(actual)) is None


def test_sensible_decimal_places_refuses_one_place_too_many():
    message = sensible_decimal_places(PERCENT, d("85.55"))
    assert message == "Enter the value to no more than 1 decimal places"


def test_sensible_decimal_places_asks_for_a_whole_number_when_it_records_none():
    assert sensible_decimal_places(DAYS, d("12")) is None
    assert sensible_decimal_places(DAYS, d("12.5")) == "Enter a whole number"


def test_sensible_decimal_places_allows_six_places_when_it_records_six():
    six = replace(PERCENT, decimal_places=6)
    assert sensible_decimal_places(six, d("0.123456")) is None
    assert sensible_decimal_places(six, d("0.1234567")) is not None


# --- commentary_when_amber_or_red ----------------------------------------------------------


@pytest.mark.parametrize("rag", [Rag.AMBER, Rag.RED])
def test_commentary_when_amber_or_red_refuses_blank_commentary(rag):
    message = commentary_when_amber_or_red(rag, "")
    assert message == f"Enter commentary: the result is {rag.label.lower()}, so say why"


def test_commentary_when_amber_or_red_treats_whitespace_as_blank():
    assert commentary_when_amber_or_red(Rag.AMBER, "  \n\t ") is not None


def test_commentary_when_amber_or_red_accepts_commentary():
    assert commentary_when_amber_or_red(Rag.RED, "Staff shortages in August") is None


@pytest.mark.parametrize(
    "rag", [r for r in Rag if r not in (Rag.AMBER, Rag.RED)]
)
def test_commentary_when_amber_or_red_does_not_need_it_otherwise(rag):
    assert commentary_when_amber_or_red(rag, "") is None


# --- improvement_when_red -------------------------------------------------------------------


def test_improvement_when_red_refuses_blank_improvement_activity():
    assert improvement_when_red(Rag.RED, " ") == (
        "Enter the improvement activity: the result is red, so say what is being done"
    )


def test_improvement_when_red_accepts_improvement_activity():
    assert improvement_when_red(Rag.RED, "Agency staff from October") is None


@pytest.mark.parametrize("rag", [r for r in Rag if r is not Rag.RED])
def test_improvement_when_red_does_not_need_it_otherwise(rag):
    assert improvement_when_red(rag, "") is None


# --- value_problems --------------------------------------------------------------------------


def test_value_problems_finds_nothing_wrong_with_a_good_value():
    assert value_problems(PERCENT, Q2, date(2026, 11, 23), d("85.5")) == []


def test_value_problems_accepts_a_blank_value_for_a_draft():
    assert value_problems(PERCENT, Q2, date(2026, 11, 23), None) == []


def test_value_problems_lists_every_reason_the_result_cannot_be_entered():
    facts = replace(PERCENT, status=IndicatorStatus.RETIRED, aggregation=Aggregation.SUM)
    problems = value_problems(facts, Q2, date(2026, 9, 30), d("500"))
    assert [p.field for p in problems] == ["actual"] * 3
    assert "has not ended yet" in problems[0].message
    assert "retired" in problems[1].message
    assert "rolled up" in problems[2].message


def test_value_problems_lists_both_unit_and_decimal_place_problems():
    problems = value_problems(PERCENT, Q2, date(2026, 11, 23), d("100.55"))
    assert problems == [
        Problem("actual", "Enter a percentage between 0 and 100"),
        Problem("actual", "Enter the value to no more than 1 decimal places"),
    ]


# --- submission_problems -----------------------------------------------------------------------


def test_submission_problems_needs_the_actual_value():
    assert submission_problems(Rag.NO_DATA, None, "", "") == [
        Problem("actual", "Enter the actual value")
    ]


def test_submission_problems_needs_commentary_and_improvement_when_red():
    problems = submission_problems(Rag.RED, d("50"), "", "")
    assert [p.field for p in problems] == ["commentary", "improvement_activity"]


def test_submission_problems_needs_only_commentary_when_amber():
    problems = submission_problems(Rag.AMBER, d("85"), "", "")
    assert [p.field for p in problems] == ["commentary"]


def test_submission_problems_finds_nothing_wrong_with_a_green_result_and_no_story():
    assert submission_problems(Rag.GREEN, d("95"), "", "") == []


@pytest.mark.parametrize(("rag", "needed"), [
    (Rag.GREEN, None), (Rag.BLUE, None), (Rag.NO_TARGET, None),
    (Rag.AMBER, "Commentary is needed before you submit."),
    (Rag.RED, "Commentary and improvement activity are needed before you submit."),
])
def test_the_preview_says_what_submission_will_need_from_the_rules_themselves(rag, needed):
    assert entry_rules.story_needed(rag) == needed


def test_the_preview_stops_asking_for_what_has_been_written():
    assert entry_rules.story_needed(Rag.AMBER, "Staff sickness in August") is None
    assert entry_rules.story_needed(Rag.AMBER, "   ") == (
        "Commentary is needed before you submit.")
    assert entry_rules.story_needed(Rag.RED, "Staff sickness", "") == (
        "Improvement activity is needed before you submit.")
    assert entry_rules.story_needed(Rag.RED, "", "Agency staff from October") == (
        "Commentary is needed before you submit.")
    assert entry_rules.story_needed(Rag.RED, "Staff sickness", "Agency staff") is None


def test_maker_and_checker_stay_apart():
    assert entry_rules.maker_is_not_checker(1, 1, None) == (
        "You entered this result, so someone else must approve it")
    assert entry_rules.maker_is_not_checker(1, 2, 1) == (
        "You submitted this result, so someone else must approve it")
    assert entry_rules.maker_is_not_checker(1, 2, 3) is None
    assert entry_rules.maker_is_not_checker(1, None, None) is None
