"""The demo's commentary says what its figures say: above, below or on target, by how
much, and whether that is good for the indicator's polarity."""

from decimal import Decimal as D

import pytest

from perfmgmt.demo.commentary import against_before, against_target, write


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "unit", "places", "rag", "expected"),
    [
        # a lower-is-better overspend more than double its target: worse, never "below"
        (D("2950000"), D("1380000"), "lower", "currency", 0, "RED",
         "£2,950,000 against a target of £1,380,000: more than double the target, "
         "£1,570,000 above it. Lower is better, so this is worse than planned and outside "
         "the tolerance."),
        (D("600000"), D("1380000"), "lower", "currency", 0, "GREEN",
         "£600,000 against a target of £1,380,000: less than half the target, £780,000 below "
         "it. Lower is better, so this is better than planned."),
        (D("87.6"), D("85.0"), "higher", "percent", 1, "GREEN",
         "87.6% against a target of 85.0%: above target by 2.6 percentage points. Higher is "
         "better, so this is better than planned."),
        (D("84.5"), D("85.0"), "higher", "percent", 1, "AMBER",
         "84.5% against a target of 85.0%: just below target by 0.5 percentage points. Higher "
         "is better, so this is worse than planned, but within the agreed tolerance."),
        (D("9.40"), D("9.40"), "lower", "days", 2, "GREEN", "9.40 days, exactly on target."),
        (D("130"), D("100"), "lower", "number", 0, "RED",
         "130 against a target of 100: well above target by 30. Lower is better, so this is "
         "worse than planned and outside the tolerance."),
        (D("1450"), D("1500"), "higher", "number", 0, "AMBER",
         "1,450 against a target of 1,500: below target by 50. Higher is better, so this is "
         "worse than planned, but within the agreed tolerance."),
        (D("2.230000"), D("2.210000"), "lower", "days", 2, "AMBER",
         "2.23 days against a target of 2.21 days: just above target by 0.02 days. Lower is "
         "better, so this is worse than planned, but within the agreed tolerance."),
    ],
)
def test_the_actual_against_its_target(actual, target, polarity, unit, places, rag, expected):
    assert against_target(actual, target, polarity, unit, places, rag) == expected


@pytest.mark.parametrize(
    ("actual", "previous", "polarity", "frequency", "cumulative", "expected"),
    [
        (D("80"), D("75"), "higher", "quarterly", False,
         "Up from 75.0% last quarter: an improvement."),
        (D("80"), D("75"), "lower", "monthly", False,
         "Up from 75.0% last month: a deterioration."),
        (D("70"), D("75"), "lower", "annual", False,
         "Down from 75.0% last year: an improvement."),
        (D("70"), D("75"), "higher", "quarterly", True,
         "Down from 75.0% at the same point last year: a deterioration."),
        (D("75"), D("75.0"), "higher", "quarterly", False, "The same as last quarter."),
    ],
)
def test_the_actual_against_the_comparable_one_before(
    actual, previous, polarity, frequency, cumulative, expected
):
    assert against_before(actual, previous, polarity, "percent", 1, frequency,
                          cumulative) == expected


def test_the_whole_commentary_points_to_improvement_activity_only_when_there_is_some():
    common = {"rag": "RED", "actual": D("60"), "target": D("90"), "previous": None,
              "polarity": "higher", "unit": "percent", "places": 0, "frequency": "monthly",
              "cumulative": False, "reason": "Vacancies rose in the {period}."}
    with_plan = write(**common, improvement=True)
    assert with_plan.endswith("Vacancies rose in the month. See the improvement activity.")
    assert "improvement activity" not in write(**common, improvement=False)
    assert write(**{**common, "target": None}, improvement=False) == (
        "Vacancies rose in the month.")
