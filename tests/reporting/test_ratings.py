"""The engine's rules as fed from the database by reporting.ratings.RatingBook."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kpis.models import SeriesBreak
from reporting.periods import Period
from reporting.ratings import RatingBook
from tests.factories import add_result, add_target, add_tolerance, make_indicator

Q1, Q2 = "2025-26-Q1", "2025-26-Q2"


def rating(indicator, period: str, as_at: str | None = None):
    """Load the book as at the end of ``as_at`` (default: the period) and rate one period."""
    book = RatingBook.load(Period.parse(as_at or period).end)
    return book.rate(indicator.id, Period.parse(period))


def rag(indicator, period: str = Q2) -> str:
    return rating(indicator, period).assessment.rag.value


def quarter(code: str, actual, target=None, period: str = Q2, **fields):
    """A quarterly indicator with one result (and optionally a target) for ``period``."""
    indicator = make_indicator(code, **fields)
    if target is not None:
        add_target(indicator, period, target)
    add_result(indicator, period, actual)
    return indicator


# --- the amber band -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("polarity", "target", "actual", "expected"),
    [
        ("higher", 80, 80, "GREEN"), ("higher", 80, "72.5", "AMBER"),
        ("higher", 80, 72, "AMBER"), ("higher", 80, "71.99", "RED"),
        ("lower", 20, 19, "GREEN"), ("lower", 20, 22, "AMBER"), ("lower", 20, "22.01", "RED"),
        ("higher", -50, -55, "AMBER"), ("higher", -50, "-55.01", "RED"),
        ("higher", 0, "-0.001", "RED"), ("lower", 0, 0, "GREEN"),
    ],
)
def test_with_no_rules_the_band_is_ten_percent_of_the_target_and_its_edge_is_amber(
    polarity, target, actual, expected
):
    indicator = quarter("K1", actual, target, polarity=polarity)

    result = rating(indicator, Q2)

    assert result.assessment.rag.value == expected
    assert result.assessment.band == abs(Decimal(str(target))) / 10


@pytest.mark.django_db
def test_a_council_rule_sets_the_band_for_every_indicator():
    add_tolerance("council", pct=20)
    indicator = quarter("K1", 64, 80)

    assert rating(indicator, Q2).assessment.band == Decimal(16)
    assert rag(indicator) == "AMBER"


@pytest.mark.django_db
def test_financial_indicators_use_the_financial_rule_and_others_the_councils():
    add_tolerance("council", pct=20)
    add_tolerance("financial", pct=5)
    money = quarter("FIN", 95, 100, financial=True, unit="currency")
    other = quarter("OTH", 85, 100)

    assert rag(money) == "AMBER"
    assert rating(money, Q2).assessment.band == Decimal(5)
    assert rag(other) == "AMBER"
    assert rating(other, Q2).assessment.band == Decimal(20)

    add_result(money, "2025-26-Q1", "94.9")
    add_target(money, "2025-26-Q1", 100)
    assert rag(money, "2025-26-Q1") == "RED"


@pytest.mark.django_db
def test_an_indicators_own_rule_wins_over_the_financial_and_council_rules():
    add_tolerance("council", pct=20)
    add_tolerance("financial", pct=15)
    indicator = quarter("FIN", 97, 100, financial=True)
    add_tolerance("indicator", indicator=indicator, pct=2)

    assert rating(indicator, Q2).assessment.band == Decimal(2)
    assert rag(indicator) == "RED"


@pytest.mark.django_db
def test_an_absolute_tolerance_is_the_band_whatever_the_target():
    indicator = quarter("K1", 78, 80)
    add_tolerance("indicator", indicator=indicator, pct=50, abs_=2)

    assert rating(indicator, Q2).assessment.band == Decimal(2)
    assert rag(indicator) == "AMBER"
    add_target(indicator, Q1, 80)
    add_result(indicator, Q1, "77.9")
    assert rag(indicator, Q1) == "RED"


@pytest.mark.django_db
def test_a_later_council_rule_does_not_re_rate_an_earlier_year():
    add_tolerance("council", pct=10)
    add_tolerance("council", applies_from="2025-26", pct=20)
    indicator = make_indicator("K1")
    for period in ("2024-25-Q4", "2025-26-Q1"):
        add_target(indicator, period, 100)
        add_result(indicator, period, 85)

    book = RatingBook.load(Period.parse("2025-26-Q1").end)
    last_year = book.rate(indicator.id, Period.parse("2024-25-Q4"))
    this_year = book.rate(indicator.id, Period.parse("2025-26-Q1"))

    assert (last_year.assessment.rag.value, last_year.assessment.band) == ("RED", Decimal(10))
    assert (this_year.assessment.rag.value, this_year.assessment.band) == ("AMBER", Decimal(20))
    assert this_year.assessment.exception.value == ""


# --- what is not rated red, amber or green ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "expected"),
    [("baseline", "BASELINE"), ("contextual", "CONTEXTUAL"),
     ("in_development", "IN_DEVELOPMENT"), ("targeted", "RED")],
)
def test_baseline_contextual_and_in_development_indicators_are_not_rated(status, expected):
    indicator = quarter("K1", 10, 80, status=status)

    assert rag(indicator) == expected


@pytest.mark.django_db
def test_an_indicator_with_no_polarity_is_contextual():
    indicator = quarter("K1", 10, 80, polarity="none")

    assert rag(indicator) == "CONTEXTUAL"


@pytest.mark.django_db
def test_no_actual_is_no_data_and_no_target_is_no_target():
    blank = quarter("K1", None, 80)
    untargeted = quarter("K2", 75)
    nothing = make_indicator("K3")
    add_target(nothing, Q2, 80)

    assert rag(blank) == "NO_DATA"
    assert rag(untargeted) == "NO_TARGET"
    assert rag(nothing) == "NO_DATA"


# --- targets and stretch targets ----------------------------------------------------------


@pytest.mark.django_db
def test_an_annual_target_applies_to_quarters_without_their_own_target():
    indicator = make_indicator("K1")
    add_target(indicator, "2025-26", 80, 90)
    add_target(indicator, Q1, 60)
    add_result(indicator, Q1, 65)
    add_result(indicator, Q2, 75)

    q1, q2 = rating(indicator, Q1, as_at=Q2), rating(indicator, Q2)

    assert (q1.rules.target, q1.assessment.rag.value) == (Decimal(60), "GREEN")
    assert (q2.rules.target, q2.rules.stretch_target) == (Decimal(80), Decimal(90))
    assert q2.assessment.rag.value == "AMBER"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("polarity", "actual", "met"),
    [("higher", 95, True), ("higher", 94, False), ("lower", 70, True), ("lower", 71, False)],
)
def test_stretch_met_is_meeting_the_stretch_target_on_the_better_side(polarity, actual, met):
    target, stretch = (90, 95) if polarity == "higher" else (75, 70)
    indicator = make_indicator("K1", polarity=polarity)
    add_target(indicator, Q2, target, stretch)
    add_result(indicator, Q2, actual)

    assert rating(indicator, Q2).assessment.stretch_met is met


@pytest.mark.django_db
def test_stretch_is_not_met_by_an_indicator_that_is_not_rated():
    indicator = make_indicator("K1", status="baseline")
    add_target(indicator, Q2, 90, 95)
    add_result(indicator, Q2, 99)

    assert rating(indicator, Q2).assessment.stretch_met is False


# --- direction of travel ------------------------------------------------------------------


def series(code: str, values: dict[str, object], target=None, **fields):
    indicator = make_indicator(code, **fields)
    for period, actual in values.items():
        add_result(indicator, period, actual)
        if target is not None:
            add_target(indicator, period, target)
    return indicator


@pytest.mark.django_db
def test_a_discrete_indicator_compares_with_the_previous_quarter():
    indicator = series("K1", {"2024-25-Q2": 10, Q1: 50, Q2: 60})

    result = rating(indicator, Q2)

    assert (result.previous, result.assessment.direction.value) == (Decimal(50), "IMPROVING")


@pytest.mark.django_db
def test_a_discrete_first_quarter_compares_with_the_previous_years_fourth_quarter():
    indicator = series("K1", {"2024-25-Q4": 50, Q1: 40}, polarity="higher")

    result = rating(indicator, Q1)

    assert (result.previous, result.assessment.direction.value) == (Decimal(50), "DETERIORATING")


@pytest.mark.django_db
def test_a_cumulative_indicator_compares_with_the_same_quarter_last_year():
    indicator = series(
        "K1", {"2024-25-Q2": 70, Q1: 90, Q2: 70}, collection="cumulative", polarity="lower"
    )

    result = rating(indicator, Q2)

    assert (result.previous, result.assessment.direction.value) == (Decimal(70), "NO_CHANGE")


@pytest.mark.django_db
def test_no_comparable_actual_is_not_comparable():
    indicator = series("K1", {Q2: 60})

    assert rating(indicator, Q2).assessment.direction.value == "NOT_COMPARABLE"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("collection", "break_at", "expected"),
    [("discrete", Q2, "NOT_COMPARABLE"), ("discrete", Q1, "IMPROVING"),
     ("cumulative", Q1, "NOT_COMPARABLE"), ("cumulative", "2024-25-Q3", "NOT_COMPARABLE"),
     ("cumulative", "2024-25-Q2", "IMPROVING")],
)
def test_a_series_break_between_the_two_periods_makes_them_not_comparable(
    collection, break_at, expected
):
    indicator = series(
        "K1", {"2024-25-Q2": 10, Q1: 50, Q2: 60}, collection=collection
    )
    SeriesBreak.objects.create(indicator=indicator, period=break_at, reason="New definition")

    result = rating(indicator, Q2)

    assert result.assessment.direction.value == expected
    assert (result.previous is None) is (expected == "NOT_COMPARABLE")


# --- exceptions ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({Q1: 50, Q2: 60}, "RED_SUSTAINED"),
        ({Q1: 95, Q2: 60}, "RED"),
        ({"2024-25-Q4": 50, Q1: 60}, "RED_SUSTAINED"),
        ({Q1: 100, Q2: 85}, "AMBER_DETERIORATING"),
        ({Q1: 80, Q2: 85}, ""),
        ({Q1: 85, Q2: 85}, ""),
    ],
)
def test_exceptions_flag_sustained_red_and_deteriorating_amber(values, expected):
    indicator = series("K1", values, target=90)
    latest = list(values)[-1]

    assert rating(indicator, latest).assessment.exception.value == expected


@pytest.mark.django_db
def test_the_previous_quarter_is_rated_under_its_own_target_for_sustained_red():
    indicator = series("K1", {Q1: 50, Q2: 60})
    add_target(indicator, Q1, 50)
    add_target(indicator, Q2, 90)

    assert rating(indicator, Q2).assessment.exception.value == "RED"


# --- roll-up ------------------------------------------------------------------------------


def family(aggregation: str, children: dict[str, object], retired: dict[str, object] = {}):  # noqa: B006
    parent = make_indicator("P", aggregation=aggregation)
    add_target(parent, Q2, 30)
    for code, actual in children.items():
        child = make_indicator(code, parent=parent)
        add_target(child, Q2, 1000)
        if actual != "missing":
            add_result(child, Q2, actual)
    for code, actual in retired.items():
        child = make_indicator(code, parent=parent, status="retired")
        add_result(child, Q2, actual)
    return parent


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("aggregation", "children", "actual", "expected"),
    [
        ("sum", {"C1": 10, "C2": "20.5"}, Decimal("30.5"), "GREEN"),
        ("mean", {"C1": 10, "C2": 20, "C3": 60}, Decimal(30), "GREEN"),
        ("mean", {"C1": 10, "C2": 20}, Decimal(15), "RED"),
        ("sum", {"C1": 10, "C2": None}, None, "NO_DATA"),
        ("sum", {"C1": 10, "C2": "missing"}, None, "NO_DATA"),
    ],
)
def test_a_parent_rolls_up_its_childrens_actuals_and_is_rated_against_its_own_target(
    aggregation, children, actual, expected
):
    parent = family(aggregation, children)

    result = rating(parent, Q2)

    assert result.actual == actual
    assert result.rules.target == Decimal(30)
    assert result.assessment.rag.value == expected


@pytest.mark.django_db
@pytest.mark.parametrize("retired_actual", [None, 500])
def test_a_retired_child_is_left_out_of_the_roll_up(retired_actual):
    parent = family("sum", {"C1": 10, "C2": 20}, retired={"OLD": retired_actual})

    assert rating(parent, Q2).actual == Decimal(30)


@pytest.mark.django_db
def test_a_rolled_up_parent_has_a_direction_of_travel_from_rolled_up_actuals():
    parent = family("sum", {"C1": 10, "C2": 20})
    for child in parent.children.all():
        add_result(child, Q1, 5)

    result = rating(parent, Q2)

    assert (result.previous, result.assessment.direction.value) == (Decimal(10), "IMPROVING")


# --- queries ------------------------------------------------------------------------------


def build_register(start: int, count: int) -> None:
    """``count`` indicators in families of five: a summing parent and four children."""
    for number in range(start, start + count, 5):
        parent = make_indicator(f"P{number:03d}", aggregation="sum", financial=number % 2 == 0)
        add_target(parent, "2025-26", 100, 120)
        add_tolerance("indicator", indicator=parent, pct=5)
        for offset in range(1, 5):
            child = make_indicator(f"C{number + offset:03d}", parent=parent)
            SeriesBreak.objects.create(indicator=child, period=Q1, reason="Redefined")
            for period, actual in (("2024-25-Q4", 20), (Q1, 25), (Q2, 30)):
                add_target(child, period, 25)
                add_result(child, period, actual, "Some words")


def queries_to_rate_everything() -> int:
    as_at = Period.parse(Q2).end
    with CaptureQueriesContext(connection) as captured:
        book = RatingBook.load(as_at)
        for indicator_id in list(book.indicators):
            book.rate_latest(indicator_id, as_at)
            book.rate(indicator_id, Period.parse(Q1))
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_loading_and_rating_takes_the_same_number_of_queries_for_5_and_50_indicators():
    add_tolerance("council", pct=10)
    add_tolerance("financial", applies_from="2025-26", pct=3)
    build_register(0, 5)
    with_five = queries_to_rate_everything()

    build_register(5, 45)
    with_fifty = queries_to_rate_everything()

    assert with_five == with_fifty
    # indicators, latest, results, targets, tolerances, policies, breaks, rating terms,
    # exception rules
    assert with_fifty <= 9


# --- cumulative indicators through the database path ---------------------------------------


@pytest.mark.django_db
def test_a_cumulative_q1_compares_with_q1_last_year_not_the_previous_q4():
    indicator = series(
        "K1", {"2024-25-Q1": 20, "2024-25-Q4": 95, Q1: 30}, collection="cumulative"
    )

    result = rating(indicator, Q1)

    assert (result.previous, result.assessment.direction.value) == (Decimal(20), "IMPROVING")


@pytest.mark.django_db
def test_red_for_two_periods_running_on_a_cumulative_indicator_means_the_quarter_before():
    # Red in Q1 and Q2 this year; the same quarter last year was green. Red for two
    # periods running is about consecutive periods, whatever the collection.
    indicator = series(
        "K1", {"2024-25-Q2": 95, Q1: 50, Q2: 55}, collection="cumulative"
    )
    add_target(indicator, "2024-25", 90)
    add_target(indicator, "2025-26", 90)

    result = rating(indicator, Q2)

    assert result.assessment.rag.value == "RED"
    assert result.assessment.exception.value == "RED_SUSTAINED"


# --- a book without the results' words --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("window", [False, True])
def test_a_book_loaded_without_texts_rates_alike_and_reads_no_commentary(window):
    indicator = make_indicator("W1")
    add_target(indicator, "2025-26", 90)
    add_result(indicator, "2025-26-Q1", 95, commentary="Ahead of plan")
    add_result(indicator, "2025-26-Q2", 70, commentary="Two long-term absences")
    end = Period.parse("2025-26-Q2").end
    extra = {"only": [indicator.pk]} if window else {}

    with_texts = RatingBook.load(end, **extra).rate_latest(indicator.pk, end)
    without = RatingBook.load(end, texts=False, **extra).rate_latest(indicator.pk, end)

    assert with_texts.result is not None and without.result is not None
    assert with_texts.result.commentary == "Two long-term absences"
    assert (without.result.commentary, without.result.improvement_activity) == ("", "")
    assert (without.actual, without.previous, without.assessment) == (
        with_texts.actual, with_texts.previous, with_texts.assessment)
