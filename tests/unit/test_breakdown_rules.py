"""Unit tests for kpis.breakdown_rules: one test per rule, plain Python, no database."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kpis.breakdown_rules import (
    BreakdownFigure,
    DimensionFacts,
    belongs_to,
    breakdown_problems,
    count_is_not_negative,
    field_name,
    parts_add_up,
    people_are_counted,
    people_behind,
)
from kpis.entry_rules import EntryFacts
from reporting.engine import Aggregation, IndicatorStatus

WARD = DimensionFacts(1, "Ward", {10: "Abbey", 11: "Brook"}, parts_make_the_whole=True)
AGES = DimensionFacts(2, "Age group", {20: "Under 18", 21: "18 and over"},
                      parts_make_the_whole=False)


def facts(unit="number", places=0) -> EntryFacts:
    return EntryFacts("ASC1", unit, places, IndicatorStatus.TARGETED, Aggregation.NONE)


def cell(category, value, people=None) -> BreakdownFigure:
    return BreakdownFigure(category, None if value is None else D(str(value)), people)


def test_belongs_to():
    assert belongs_to([WARD, AGES], 21) is None
    assert belongs_to([WARD], 20) == ("That is not a category of Ward, which this indicator "
                                      "is broken down by")
    assert "of nothing" in belongs_to([], 10)


@pytest.mark.parametrize(("unit", "value", "people", "message"), [
    ("number", 5, None, None),  # a count is its own number of people
    ("percent", 80, 40, None),
    ("percent", None, None, None),  # no figure, nothing to count
    ("percent", 80, None, "Enter the number of people behind the figure: it decides what is "
                          "hidden"),
    ("currency", 1200, None, "Enter the number of people behind the figure: it decides what "
                             "is hidden"),
])
def test_people_are_counted(unit, value, people, message):
    assert people_are_counted(facts(unit), cell(10, value, people)) == message


def test_count_is_not_negative():
    assert count_is_not_negative(facts(), cell(10, -1)) == "Enter a number that is 0 or more"
    assert count_is_not_negative(facts(), cell(10, 0)) is None
    assert count_is_not_negative(facts("days"), cell(10, -1, 3)) is None  # days: the unit rule


@pytest.mark.parametrize(("unit", "dimension", "actual", "cells", "fails"), [
    ("number", WARD, 10, [cell(10, 4), cell(11, 6)], False),
    ("number", WARD, 10, [cell(10, 4), cell(11, 5)], True),
    ("number", WARD, 10, [cell(10, 4)], False),  # not every category yet
    ("number", WARD, 10, [cell(10, 4), cell(11, None)], False),
    ("number", WARD, None, [cell(10, 4), cell(11, 5)], False),  # no result to add up to
    ("number", AGES, 10, [cell(20, 4), cell(21, 5)], False),  # parts that overlap
    ("percent", WARD, 10, [cell(10, 4, 9), cell(11, 5, 9)], False),  # rates do not add
    ("currency", WARD, D("10.50"), [cell(10, "4.25"), cell(11, "6.25")], False),
])
def test_parts_add_up(unit, dimension, actual, cells, fails):
    message = parts_add_up(facts(unit), dimension, None if actual is None else D(actual), cells)
    assert (message is not None) is fails


def test_parts_add_up_says_both_totals_with_their_unit():
    assert parts_add_up(facts("currency", 2), WARD, D(10), [cell(10, "4.5"), cell(11, 5)]) == (
        "The Ward figures add up to £9.50, but the result is £10: every person falls in "
        "one ward, so they must add up to it")


def test_people_behind():
    assert people_behind("number", cell(10, 7)) == 7
    assert people_behind("number", cell(10, 7, 9)) == 9
    assert people_behind("percent", cell(10, 70, 9)) == 9
    assert people_behind("percent", cell(10, 70)) is None


def test_breakdown_problems_name_the_field_of_each():
    found = breakdown_problems(facts("percent", 1), [WARD], D(50), [
        cell(10, 150, 3), cell(11, "12.25", None), cell(20, 5, 5)])
    assert [(p.field, p.message) for p in found] == [
        (field_name(10), "Enter a percentage between 0 and 100"),
        (field_name(11), "Enter the value to no more than 1 decimal places"),
        (field_name(11, "people"), "Enter the number of people behind the figure: it decides "
                                   "what is hidden"),
        (field_name(20), "That is not a category of Ward, which this indicator is broken down "
                         "by"),
    ]


def test_the_sum_is_checked_only_once_every_figure_is_sound():
    assert breakdown_problems(facts(), [WARD], D(10), [cell(10, 4), cell(11, 5)])[0].field == (
        "breakdown-1")
    found = breakdown_problems(facts(), [WARD], D(10), [cell(10, -4), cell(11, 5)])
    assert [p.field for p in found] == ["breakdown-10-value"]
