"""Red for consecutive periods: the council's number of periods, versioned by financial year,
as every way of loading the rating book reads it."""

from __future__ import annotations

import pytest

from kpis.models import ExceptionRule, SeriesBreak
from reporting.periods import Period
from reporting.ratings import RatingBook, red_periods_in
from tests.factories import add_result, add_target, make_indicator

pytestmark = pytest.mark.django_db

QUARTERS = ["2025-26-Q1", "2025-26-Q2", "2025-26-Q3", "2025-26-Q4", "2026-27-Q1",
            "2026-27-Q2"]
RED, GREEN = 50, 95  # against a target of 90, higher is better


def series(code: str, values: dict[str, object], frequency: str = "quarterly", **fields):
    indicator = make_indicator(code, frequency=frequency, **fields)
    for period, actual in values.items():
        add_target(indicator, period, 90)
        if actual is not None:
            add_result(indicator, period, actual)
    return indicator


def rule(red_periods: int, applies_from: str | None = None) -> ExceptionRule:
    return ExceptionRule.objects.create(applies_from=applies_from, red_periods=red_periods)


def exception(indicator, period: str, **load) -> tuple[str, str]:
    """The exception and its words, rating the period from a book loaded as ``load`` says
    (by default the whole register's latest results as at the period's end)."""
    when = Period.parse(period)
    book = RatingBook.load(when.end, **load)
    assessment = book.rate(indicator.id, when).assessment
    return assessment.exception.value, assessment.exception_label


# The ways a book is loaded: the register's latest results, one indicator's history, and
# the ratings the RAG audit asks for.
LOADS = ["latest", "one indicator", "the audit's ratings"]


def loaded(how: str, indicator, period: str) -> dict:
    if how == "one indicator":
        return {"only": [indicator.id]}
    if how == "the audit's ratings":
        return {"rating": [(indicator.id, Period.parse(period))]}
    return {}


@pytest.mark.parametrize("how", LOADS)
@pytest.mark.parametrize(
    ("red_periods", "values", "expected"),
    [
        (2, [GREEN, GREEN, GREEN, GREEN, RED, RED], ("RED_SUSTAINED",
                                                     "Red for 2 periods running")),
        (3, [GREEN, GREEN, GREEN, GREEN, RED, RED], ("RED", "Red")),
        (3, [GREEN, GREEN, GREEN, RED, RED, RED], ("RED_SUSTAINED",
                                                   "Red for 3 periods running")),
        (4, [GREEN, GREEN, GREEN, RED, RED, RED], ("RED", "Red")),
        (4, [GREEN, GREEN, RED, RED, RED, RED], ("RED_SUSTAINED",
                                                 "Red for 4 periods running")),
        (4, [RED, RED, RED, 85, RED, RED], ("RED", "Red")),  # amber in Q4 ends the run
    ],
)
def test_red_for_the_councils_number_of_quarters_running(how, red_periods, values, expected):
    rule(red_periods)
    indicator = series("K1", dict(zip(QUARTERS, values, strict=True)))

    assert exception(indicator, "2026-27-Q2", **loaded(how, indicator, "2026-27-Q2")) == expected


@pytest.mark.parametrize("red_periods", [2, 3, 4])
def test_a_quarter_with_no_result_ends_the_run(red_periods):
    rule(red_periods)
    values = dict(zip(QUARTERS, [RED, RED, RED, RED, RED, RED], strict=True))
    values["2026-27-Q1"] = None  # no result: a gap
    indicator = series("K1", values)

    assert exception(indicator, "2026-27-Q2") == ("RED", "Red")


def test_a_quarter_entered_without_a_figure_ends_the_run():
    rule(3)
    indicator = series("K1", dict(zip(QUARTERS, [RED] * 6, strict=True)))
    indicator.results.filter(period="2026-27-Q1").update(actual=None)

    assert exception(indicator, "2026-27-Q2") == ("RED", "Red")


@pytest.mark.parametrize("red_periods", [2, 3, 4])
def test_a_break_in_the_series_does_not_end_the_run(red_periods):
    # Each earlier quarter is rated under its own definition and rules: red under the old
    # definition and red under the new one is red for consecutive periods, as before.
    rule(red_periods)
    indicator = series("K1", dict(zip(QUARTERS, [RED] * 6, strict=True)))
    SeriesBreak.objects.create(indicator=indicator, period="2026-27-Q2", reason="New method")

    assert exception(indicator, "2026-27-Q2") == (
        "RED_SUSTAINED", f"Red for {red_periods} periods running")


def test_months_count_as_periods_for_a_monthly_indicator():
    rule(3)
    indicator = series("M1", {"2026-07": GREEN, "2026-08": RED, "2026-09": RED},
                       frequency="monthly")
    assert exception(indicator, "2026-09") == ("RED", "Red")
    indicator.results.filter(period="2026-07").update(actual=RED)

    assert exception(indicator, "2026-09") == ("RED_SUSTAINED", "Red for 3 periods running")


@pytest.mark.parametrize("how", LOADS)
def test_years_count_for_an_annual_indicator_beyond_the_usual_three_years(how):
    # Five years running reads further back than the three-year window a book reads for
    # red twice running.
    rule(5)
    years = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25", "2025-26"]
    indicator = series("A1", dict(zip(years, [GREEN, RED, RED, RED, RED, RED], strict=True)),
                       frequency="annual")

    assert exception(indicator, "2025-26", **loaded(how, indicator, "2025-26")) == (
        "RED_SUSTAINED", "Red for 5 periods running")
    indicator.results.filter(period="2021-22").update(actual=GREEN)
    assert exception(indicator, "2025-26", **loaded(how, indicator, "2025-26")) == ("RED", "Red")


def test_a_change_from_a_later_year_leaves_an_earlier_years_exceptions_as_they_were():
    indicator = series("K1", dict(zip(QUARTERS, [GREEN, GREEN, RED, RED, RED, RED],
                                      strict=True)))
    before = [exception(indicator, q) for q in QUARTERS[2:]]
    assert before == [("RED", "Red")] + [("RED_SUSTAINED", "Red for 2 periods running")] * 3

    rule(4, applies_from="2026-27")

    # 2025/26 is rated as it was; from 2026/27 red must run for four quarters, counting
    # the earlier year's quarters each under its own rules.
    assert [exception(indicator, q) for q in QUARTERS[2:4]] == before[:2]
    assert exception(indicator, "2026-27-Q1") == ("RED", "Red")
    assert exception(indicator, "2026-27-Q2") == ("RED_SUSTAINED", "Red for 4 periods running")


def test_the_latest_rule_to_apply_by_a_year_is_in_force():
    rule(3)
    rule(5, applies_from="2026-27")
    rule(4, applies_from="2028-29")

    assert [red_periods_in(Period.parse(y)) for y in
            ("2024-25", "2025-26", "2026-27", "2027-28", "2028-29", "2031-32")] == [
        3, 3, 5, 5, 4, 4]


def test_without_a_rule_red_for_two_periods_running_is_sustained():
    assert red_periods_in(Period.parse("2026-27")) == 2
