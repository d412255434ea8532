"""Unit tests for reporting.engine: RAG rating, direction of travel, exceptions, roll-up."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.engine import (
    Aggregation,
    Assessment,
    Collection,
    Direction,
    ExceptionFlag,
    IndicatorStatus,
    Polarity,
    Rag,
    Rules,
    Tolerance,
    assess,
    comparison_period,
    crosses_break,
    direction_of_travel,
    exception_flag,
    exceptions_in_words,
    rate,
    roll_up,
    stretch_met,
)
from reporting.periods import Period

HIGHER, LOWER, NONE = Polarity.HIGHER, Polarity.LOWER, Polarity.NONE
TARGETED = IndicatorStatus.TARGETED
GREEN, AMBER, RED = Rag.GREEN, Rag.AMBER, Rag.RED
IMPROVING, DETERIORATING = Direction.IMPROVING, Direction.DETERIORATING
NO_CHANGE, NOT_COMPARABLE = Direction.NO_CHANGE, Direction.NOT_COMPARABLE
DISCRETE, CUMULATIVE = Collection.DISCRETE, Collection.CUMULATIVE
X = ExceptionFlag
RANK = {GREEN: 2, AMBER: 1, RED: 0}


def rag(polarity, actual, target, *, percent=D(10), absolute=None, status=TARGETED):
    tolerance = Tolerance(percent=percent, absolute=absolute)
    return rate(
        status=status, polarity=polarity, actual=actual, target=target, tolerance=tolerance
    )


# --- the amber band ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tolerance", "target", "band"),
    [
        (Tolerance(), D("100"), D("10")), (Tolerance(), D("-50"), D("5")),
        (Tolerance(), D("0"), D("0")), (Tolerance(), D("1.1"), D("0.11")),
        (Tolerance(percent=D("12.5")), D("80"), D("10")),
        (Tolerance(percent=D("0")), D("80"), D("0")),
        (Tolerance(absolute=D("2")), D("100"), D("2")),
        (Tolerance(percent=D("50"), absolute=D("2")), D("100"), D("2")),
        (Tolerance(absolute=D("0")), D("100"), D("0")),
        (Tolerance(absolute=D("3")), D("0"), D("3")),
    ],
)
def test_the_band_is_the_absolute_tolerance_if_set_else_a_percent_of_the_targets_size(
    tolerance, target, band
):
    assert tolerance.band(target) == band


def test_the_default_tolerance_is_ten_percent():
    assert Tolerance().percent == D(10)
    assert Tolerance().absolute is None


# --- rating at and around every boundary ------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "actual", "expected"),
    [
        (HIGHER, D("150"), GREEN), (HIGHER, D("100.0001"), GREEN), (HIGHER, D("100"), GREEN),
        (HIGHER, D("99.9999"), AMBER), (HIGHER, D("90.0001"), AMBER), (HIGHER, D("90"), AMBER),
        (HIGHER, D("89.9999"), RED), (HIGHER, D("0"), RED), (HIGHER, D("-1"), RED),
        (LOWER, D("50"), GREEN), (LOWER, D("-1"), GREEN), (LOWER, D("99.9999"), GREEN),
        (LOWER, D("100"), GREEN), (LOWER, D("100.0001"), AMBER), (LOWER, D("109.9999"), AMBER),
        (LOWER, D("110"), AMBER), (LOWER, D("110.0001"), RED),
    ],
)
def test_amber_at_the_boundary_of_the_band(polarity, actual, expected):
    assert rag(polarity, actual, D("100")) is expected


@pytest.mark.parametrize(
    ("polarity", "actual", "expected"),
    [
        (HIGHER, D("1.1"), GREEN), (HIGHER, D("0.99"), AMBER), (HIGHER, D("0.9899"), RED),
        (LOWER, D("1.1"), GREEN), (LOWER, D("1.21"), AMBER), (LOWER, D("1.2101"), RED),
    ],
)
def test_target_1_1_with_ten_percent_puts_0_99_and_1_21_exactly_on_the_boundary(
    polarity, actual, expected
):
    # In binary floating point 1.1 - 1.1 * 0.1 is 0.9900000000000001, which would make 0.99 red.
    assert rag(polarity, actual, D("1.1")) is expected


@pytest.mark.parametrize(
    ("polarity", "actual", "absolute", "expected"),
    [
        (HIGHER, D("0"), None, GREEN), (HIGHER, D("0.0001"), None, GREEN),
        (HIGHER, D("-0.0001"), None, RED), (LOWER, D("0"), None, GREEN),
        (LOWER, D("-0.0001"), None, GREEN), (LOWER, D("0.0001"), None, RED),
        (HIGHER, D("-2"), D("2"), AMBER), (HIGHER, D("-2.0001"), D("2"), RED),
        (LOWER, D("2"), D("2"), AMBER), (LOWER, D("2.0001"), D("2"), RED),
    ],
)
def test_a_zero_target_has_no_band_unless_the_band_is_absolute(
    polarity, actual, absolute, expected
):
    assert rag(polarity, actual, D("0"), absolute=absolute) is expected


@pytest.mark.parametrize(
    ("polarity", "actual", "expected"),
    [
        (HIGHER, D("-49"), GREEN), (HIGHER, D("-50"), GREEN), (HIGHER, D("-50.0001"), AMBER),
        (HIGHER, D("-55"), AMBER), (HIGHER, D("-55.0001"), RED), (LOWER, D("-60"), GREEN),
        (LOWER, D("-50"), GREEN), (LOWER, D("-49.9999"), AMBER), (LOWER, D("-45"), AMBER),
        (LOWER, D("-44.9999"), RED), (LOWER, D("3"), RED),
    ],
)
def test_a_negative_target_takes_its_band_from_the_targets_size(polarity, actual, expected):
    assert rag(polarity, actual, D("-50")) is expected


@pytest.mark.parametrize(
    ("polarity", "actual", "expected"),
    [
        (HIGHER, D("98"), AMBER), (HIGHER, D("97.9999"), RED), (HIGHER, D("90"), RED),
        (LOWER, D("102"), AMBER), (LOWER, D("102.0001"), RED), (LOWER, D("110"), RED),
    ],
)
def test_an_absolute_band_overrides_the_percent(polarity, actual, expected):
    assert rag(polarity, actual, D("100"), percent=D("10"), absolute=D("2")) is expected


@pytest.mark.parametrize("polarity", [HIGHER, LOWER])
@pytest.mark.parametrize("tolerance", [{"absolute": D("0")}, {"percent": D("0")}])
def test_a_zero_band_leaves_no_amber(polarity, tolerance):
    worse = D("99.9999") if polarity is HIGHER else D("100.0001")
    assert rag(polarity, D("100"), D("100"), **tolerance) is GREEN
    assert rag(polarity, worse, D("100"), **tolerance) is RED


@pytest.mark.parametrize(
    ("polarity", "actual", "target", "expected"),
    [
        (HIGHER, D("900000000000"), D("1000000000000"), AMBER),
        (HIGHER, D("899999999999.9999"), D("1000000000000"), RED),
        (LOWER, D("1100000000000"), D("1000000000000"), AMBER),
        (LOWER, D("1100000000000.0001"), D("1000000000000"), RED),
        (HIGHER, D("0.1111111101"), D("0.123456789"), AMBER),
        (HIGHER, D("0.1111111100"), D("0.123456789"), RED),
        (LOWER, D("0.1358024679"), D("0.123456789"), AMBER),
        (LOWER, D("0.1358024680"), D("0.123456789"), RED),
        (HIGHER, D("90.000"), D("100.00"), AMBER), (HIGHER, D("100.0"), D("100.000"), GREEN),
    ],
)
def test_large_values_and_many_decimal_places_are_rated_exactly(
    polarity, actual, target, expected
):
    assert rag(polarity, actual, target) is expected


# --- what is not rated, and in which order that is decided -------------------------------

UNRATED = [
    (IndicatorStatus.BASELINE, Rag.BASELINE),
    (IndicatorStatus.CONTEXTUAL, Rag.CONTEXTUAL),
    (IndicatorStatus.IN_DEVELOPMENT, Rag.IN_DEVELOPMENT),
]


@pytest.mark.parametrize(("status", "expected"), UNRATED)
@pytest.mark.parametrize("polarity", [HIGHER, LOWER, NONE])
@pytest.mark.parametrize(("actual", "target"), [(D("1"), D("100")), (None, None), (None, D(1))])
def test_the_status_decides_before_anything_else(status, expected, polarity, actual, target):
    assert rag(polarity, actual, target, status=status) is expected


@pytest.mark.parametrize(("actual", "target"), [(D("1"), D("100")), (None, None), (D(1), None)])
def test_no_polarity_is_contextual_before_data_and_target_are_looked_at(actual, target):
    assert rag(NONE, actual, target) is Rag.CONTEXTUAL


@pytest.mark.parametrize("polarity", [HIGHER, LOWER])
@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [(None, D("100"), Rag.NO_DATA), (None, None, Rag.NO_DATA), (D("5"), None, Rag.NO_TARGET)],
)
def test_no_actual_comes_before_no_target(polarity, actual, target, expected):
    assert rag(polarity, actual, target) is expected


# --- stretch -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "actual", "stretch", "expected"),
    [
        (HIGHER, D("121"), D("120"), True), (HIGHER, D("120"), D("120"), True),
        (HIGHER, D("119.9999"), D("120"), False), (LOWER, D("79"), D("80"), True),
        (LOWER, D("80"), D("80"), True), (LOWER, D("80.0001"), D("80"), False),
        (HIGHER, None, D("120"), False), (HIGHER, D("500"), None, False),
        (LOWER, D("1"), None, False), (NONE, D("500"), D("120"), False),
    ],
)
def test_stretch_is_met_on_or_beyond_the_stretch_target(polarity, actual, stretch, expected):
    assert stretch_met(polarity, actual, stretch) is expected


# --- direction of travel ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "actual", "previous", "expected"),
    [
        (HIGHER, D("11"), D("10"), IMPROVING), (HIGHER, D("10.0001"), D("10"), IMPROVING),
        (HIGHER, D("9.9999"), D("10"), DETERIORATING), (LOWER, D("9.9999"), D("10"), IMPROVING),
        (LOWER, D("10.0001"), D("10"), DETERIORATING), (HIGHER, D("-1"), D("-2"), IMPROVING),
        (LOWER, D("-1"), D("-2"), DETERIORATING), (HIGHER, D("10"), D("10"), NO_CHANGE),
        (LOWER, D("1.0"), D("1.00"), NO_CHANGE), (HIGHER, D("0"), D("-0"), NO_CHANGE),
        (HIGHER, None, D("10"), NOT_COMPARABLE), (LOWER, D("10"), None, NOT_COMPARABLE),
        (NONE, D("11"), D("10"), Direction.UP), (NONE, D("9"), D("10"), Direction.DOWN),
        (NONE, D("1.0"), D("1.00"), NO_CHANGE), (NONE, None, None, NOT_COMPARABLE),
    ],
)
def test_direction_of_travel_follows_polarity(polarity, actual, previous, expected):
    assert direction_of_travel(polarity, actual, previous) is expected


@pytest.mark.parametrize(
    ("key", "collection", "expected"),
    [
        ("2025-26-Q1", DISCRETE, "2024-25-Q4"), ("2025-26-Q3", DISCRETE, "2025-26-Q2"),
        ("2025-04", DISCRETE, "2025-03"), ("2026-01", DISCRETE, "2025-12"),
        ("2025-26", DISCRETE, "2024-25"), ("2025-26-Q2", CUMULATIVE, "2024-25-Q2"),
        ("2025-26-Q1", CUMULATIVE, "2024-25-Q1"), ("2025-04", CUMULATIVE, "2024-04"),
        ("2026-03", CUMULATIVE, "2025-03"), ("2025-26", CUMULATIVE, "2024-25"),
    ],
)
def test_the_comparison_period_depends_on_how_the_indicator_is_collected(
    key, collection, expected
):
    assert comparison_period(Period.parse(key), collection) == Period.parse(expected)


Q1, Q2 = "2025-26-Q1", "2025-26-Q2"


@pytest.mark.parametrize(
    ("previous", "current", "breaks", "expected"),
    [
        (Q1, Q2, [], False), (Q1, Q2, ["2025-26-Q2"], True), (Q1, Q2, ["2025-07"], True),
        (Q1, Q2, ["2025-09"], True), (Q1, Q2, ["2025-10"], False), (Q1, Q2, ["2025-06"], False),
        (Q1, Q2, ["2025-26-Q1"], False), (Q1, Q2, ["2024-25", "2025-08", "2026-27"], True),
        ("2024-25-Q4", Q1, ["2025-26"], True),
        ("2025-03", "2025-04", ["2025-04"], True), ("2025-03", "2025-04", ["2025-03"], False),
        # cumulative: Q2 against the previous year's Q2
        ("2024-25-Q2", Q2, ["2025-26-Q1"], True), ("2024-25-Q2", Q2, ["2024-25-Q3"], True),
        ("2024-25-Q2", Q2, ["2025-26-Q3"], False),
    ],
)
def test_a_series_break_after_the_previous_period_and_by_the_current_one_breaks_comparison(
    previous, current, breaks, expected
):
    result = crosses_break(Period.parse(previous), Period.parse(current), map(Period.parse, breaks))
    assert result is expected


# --- exceptions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rag_now", "previous_rag", "direction", "expected"),
    [
        (RED, RED, DETERIORATING, X.RED_SUSTAINED), (RED, RED, IMPROVING, X.RED_SUSTAINED),
        (RED, RED, NOT_COMPARABLE, X.RED_SUSTAINED), (RED, AMBER, DETERIORATING, X.RED),
        (RED, GREEN, IMPROVING, X.RED), (RED, Rag.NO_DATA, NOT_COMPARABLE, X.RED),
        (RED, None, NOT_COMPARABLE, X.RED),
        (AMBER, GREEN, DETERIORATING, X.AMBER_DETERIORATING),
        (AMBER, RED, DETERIORATING, X.AMBER_DETERIORATING),
        (AMBER, None, DETERIORATING, X.AMBER_DETERIORATING),
        (AMBER, RED, IMPROVING, X.NONE), (AMBER, AMBER, NO_CHANGE, X.NONE),
        (AMBER, AMBER, NOT_COMPARABLE, X.NONE), (GREEN, RED, DETERIORATING, X.NONE),
        (Rag.NO_DATA, RED, NOT_COMPARABLE, X.NONE), (Rag.BASELINE, RED, DETERIORATING, X.NONE),
        (Rag.CONTEXTUAL, RED, Direction.DOWN, X.NONE),
    ],
)
def test_exception_flags(rag_now, previous_rag, direction, expected):
    assert exception_flag(rag_now, [previous_rag], direction) is expected


def test_no_exception_is_the_empty_string():
    assert ExceptionFlag.NONE.value == ""


ND, NT = Rag.NO_DATA, Rag.NO_TARGET


# The earlier periods' ratings, the most recent first. A gap (no result: no data, or no
# rating at all) ends a run of red; so does running out of periods. A break in the series
# does not: each earlier period is rated under its own rules, whatever the definition, so
# the book passes its rating as it is (tests/reporting/test_ratings.py).
@pytest.mark.parametrize(
    ("red_periods", "earlier", "expected"),
    [
        # two periods running (the default)
        (2, [RED], X.RED_SUSTAINED), (2, [RED, GREEN], X.RED_SUSTAINED),
        (2, [AMBER, RED], X.RED), (2, [ND, RED], X.RED), (2, [None, RED], X.RED),
        (2, [], X.RED),
        # three periods running
        (3, [RED, RED], X.RED_SUSTAINED), (3, [RED, RED, RED, RED], X.RED_SUSTAINED),
        (3, [RED], X.RED), (3, [RED, AMBER], X.RED), (3, [GREEN, RED], X.RED),
        (3, [RED, ND, RED], X.RED), (3, [RED, NT], X.RED), (3, [RED, None], X.RED),
        (3, [ND, RED, RED], X.RED), (3, [], X.RED),
        # four periods running
        (4, [RED, RED, RED], X.RED_SUSTAINED), (4, [RED, RED, RED, GREEN], X.RED_SUSTAINED),
        (4, [RED, RED], X.RED), (4, [RED, RED, AMBER], X.RED), (4, [RED, ND, RED], X.RED),
        (4, [Rag.BLUE, RED, RED, RED], X.RED),
        # the longest a council may set
        (12, [RED] * 11, X.RED_SUSTAINED), (12, [RED] * 10 + [GREEN], X.RED),
    ],
)
def test_red_for_the_councils_number_of_periods_running_is_sustained(
    red_periods, earlier, expected
):
    assert exception_flag(RED, earlier, DETERIORATING, red_periods) is expected


@pytest.mark.parametrize("red_periods", [2, 3, 4])
@pytest.mark.parametrize(
    ("rag_now", "direction", "expected"),
    [(AMBER, DETERIORATING, X.AMBER_DETERIORATING), (AMBER, IMPROVING, X.NONE),
     (GREEN, DETERIORATING, X.NONE), (Rag.NO_DATA, NOT_COMPARABLE, X.NONE)],
)
def test_only_red_depends_on_the_number_of_periods(red_periods, rag_now, direction, expected):
    assert exception_flag(rag_now, [RED] * 5, direction, red_periods) is expected


def test_the_earlier_ratings_are_read_only_as_far_as_the_run_goes():
    asked = []

    def earlier():
        for rag_ in (RED, AMBER, RED, RED):
            asked.append(rag_)
            yield rag_

    assert exception_flag(RED, earlier(), DETERIORATING, 4) is X.RED
    assert asked == [RED, AMBER]
    asked.clear()
    assert exception_flag(GREEN, earlier(), DETERIORATING, 4) is X.NONE
    assert asked == []


@pytest.mark.parametrize("red_periods", [-1, 0, 1, 13, 100])
def test_a_number_of_periods_a_council_may_not_set_is_refused(red_periods):
    with pytest.raises(ValueError, match="choose 2 to 12"):
        exception_flag(RED, [RED], DETERIORATING, red_periods)


@pytest.mark.parametrize(
    ("flag", "red_periods", "label"),
    [(X.RED_SUSTAINED, 2, "Red for 2 periods running"),
     (X.RED_SUSTAINED, 3, "Red for 3 periods running"),
     (X.RED_SUSTAINED, 12, "Red for 12 periods running"), (X.RED, 3, "Red"),
     (X.AMBER_DETERIORATING, 3, "Amber and deteriorating"), (X.NONE, 3, "")],
)
def test_the_exception_in_words_says_how_many_periods(flag, red_periods, label):
    assert flag.describe(red_periods) == label


@pytest.mark.parametrize("red_periods", [2, 3, 4])
def test_assess_takes_the_number_of_periods_from_the_rules_in_force(red_periods):
    rules = Rules(TARGETED, HIGHER, D("100"), red_periods=red_periods)
    earlier = [RED] * (red_periods - 1)

    sustained = assess(rules, D("50"), previous_actual=D("60"), earlier_rags=earlier)
    short = assess(rules, D("50"), previous_actual=D("60"), earlier_rags=earlier[1:])

    assert sustained.exception is X.RED_SUSTAINED
    assert sustained.exception_label == f"Red for {red_periods} periods running"
    assert short.exception is X.RED and short.exception_label == "Red"
    assert exceptions_in_words(red_periods) == (
        f"red, red for {red_periods} periods running, or amber and deteriorating"
    )


# --- roll-up -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aggregation", "children", "expected"),
    [
        (Aggregation.SUM, [D("1"), D("2"), D("3.5")], D("6.5")),
        (Aggregation.SUM, [D("0.1"), D("0.1"), D("0.1")], D("0.3")),
        (Aggregation.SUM, [D("0"), D("0")], D("0")), (Aggregation.SUM, [D("-5"), D("2")], D("-3")),
        (Aggregation.SUM, [D("7.25")], D("7.25")), (Aggregation.MEAN, [D("1"), D("2")], D("1.5")),
        (Aggregation.MEAN, [D("0.1"), D("0.2")], D("0.15")),
        (Aggregation.MEAN, [D("1"), D("1"), D("2")], D("4") / D("3")),
        (Aggregation.MEAN, [D("-3"), D("3")], D("0")),
    ],
)
def test_roll_up_sums_or_averages_in_decimal(aggregation, children, expected):
    result = roll_up(aggregation, children)
    assert isinstance(result, D)
    assert result == expected


@pytest.mark.parametrize(
    ("aggregation", "children"),
    [
        (Aggregation.SUM, [D("1"), None, D("3")]), (Aggregation.MEAN, [None, D("2")]),
        (Aggregation.SUM, [None]), (Aggregation.SUM, []), (Aggregation.MEAN, []),
        (Aggregation.NONE, [D("1"), D("2")]), (Aggregation.NONE, []),
    ],
)
def test_roll_up_gives_nothing_unless_every_child_has_an_actual(aggregation, children):
    assert roll_up(aggregation, children) is None


# --- assess: one indicator, one period -------------------------------------------------------

HIGHER_100 = Rules(TARGETED, HIGHER, target=D("100"), stretch_target=D("120"))
NO_TARGET = Rules(TARGETED, HIGHER, target=None, stretch_target=D("1"))
BASELINE = Rules(IndicatorStatus.BASELINE, HIGHER, D("100"), D("120"))
NO_POLARITY = Rules(TARGETED, NONE, D("100"), D("120"))
LOWER_1_1 = Rules(TARGETED, LOWER, D("1.1"), D("1"), Tolerance())
LOWER_ABS = Rules(TARGETED, LOWER, D("100"), D("90"), Tolerance(absolute=D("2")))
A = Assessment


@pytest.mark.parametrize(
    ("rules", "actual", "previous_actual", "previous_rag", "expected"),
    [
        (HIGHER_100, D("125"), D("110"), GREEN, A(GREEN, IMPROVING, X.NONE, True, D("10"))),
        (HIGHER_100, D("85"), D("95"), RED, A(RED, DETERIORATING, X.RED_SUSTAINED, False, D(10))),
        (HIGHER_100, D("85"), D("80"), AMBER, A(RED, IMPROVING, X.RED, False, D("10"))),
        (HIGHER_100, D("95"), D("97"), GREEN,
         A(AMBER, DETERIORATING, X.AMBER_DETERIORATING, False, D("10"))),
        (HIGHER_100, D("95"), None, RED, A(AMBER, NOT_COMPARABLE, X.NONE, False, D("10"))),
        (HIGHER_100, None, D("95"), RED, A(Rag.NO_DATA, NOT_COMPARABLE, X.NONE, False, D("10"))),
        (NO_TARGET, D("5"), D("5"), None, A(Rag.NO_TARGET, NO_CHANGE, X.NONE, False, None)),
        (BASELINE, D("130"), D("1"), RED, A(Rag.BASELINE, IMPROVING, X.NONE, False, D("10"))),
        (NO_POLARITY, D("130"), D("1"), RED, A(Rag.CONTEXTUAL, Direction.UP, X.NONE, False, D(10))),
        (LOWER_1_1, D("1.21"), D("1.2"), None,
         A(AMBER, DETERIORATING, X.AMBER_DETERIORATING, False, D("0.11"))),
        (LOWER_ABS, D("90"), None, GREEN, A(GREEN, NOT_COMPARABLE, X.NONE, True, D("2"))),
    ],
)
def test_assess_combines_rating_direction_exception_stretch_and_band(
    rules, actual, previous_actual, previous_rag, expected
):
    result = assess(rules, actual, previous_actual=previous_actual, earlier_rags=[previous_rag])
    assert result == expected
    assert result.is_exception is (expected.exception is not X.NONE)


# --- properties ---------------------------------------------------------------------------------

values = st.decimals(
    min_value=D("-1000000"), max_value=D("1000000"), places=4,
    allow_nan=False, allow_infinity=False,
)
widths = st.decimals(
    min_value=D("0"), max_value=D("100000"), places=4, allow_nan=False, allow_infinity=False
)
percents = st.decimals(
    min_value=D("0"), max_value=D("1000"), places=2, allow_nan=False, allow_infinity=False
)
tolerances = st.builds(Tolerance, percent=percents) | st.builds(Tolerance, absolute=widths)
rated = st.sampled_from([HIGHER, LOWER])


def rated_rag(polarity, actual, target, tolerance):
    return rate(
        status=TARGETED, polarity=polarity, actual=actual, target=target, tolerance=tolerance
    )


@given(polarity=rated, a=values, b=values, target=values, tolerance=tolerances)
def test_a_better_actual_never_gets_a_worse_rating(polarity, a, b, target, tolerance):
    worse, better = (min(a, b), max(a, b)) if polarity is HIGHER else (max(a, b), min(a, b))
    assert RANK[rated_rag(polarity, better, target, tolerance)] >= RANK[
        rated_rag(polarity, worse, target, tolerance)
    ]


@given(polarity=rated, actual=values, target=values, a=widths, b=widths, relative=st.booleans())
def test_a_wider_band_never_gets_a_worse_rating(polarity, actual, target, a, b, relative):
    narrow, wide = min(a, b), max(a, b)
    make = (lambda w: Tolerance(percent=w)) if relative else (lambda w: Tolerance(absolute=w))
    assert RANK[rated_rag(polarity, actual, target, make(wide))] >= RANK[
        rated_rag(polarity, actual, target, make(narrow))
    ]


@given(polarity=rated, actual=values, target=values, tolerance=tolerances)
def test_a_targeted_indicator_with_data_is_always_red_amber_or_green(
    polarity, actual, target, tolerance
):
    result = rated_rag(polarity, actual, target, tolerance)
    assert result in (GREEN, AMBER, RED)
    assert result.is_rated
    assert (result is GREEN) == (actual >= target if polarity is HIGHER else actual <= target)


@given(actual=values, target=values, tolerance=tolerances)
def test_swapping_polarity_and_signs_mirrors_the_rating(actual, target, tolerance):
    assert rated_rag(HIGHER, actual, target, tolerance) is rated_rag(
        LOWER, -actual, -target, tolerance
    )


FLIPPED = {IMPROVING: DETERIORATING, DETERIORATING: IMPROVING, NO_CHANGE: NO_CHANGE,
           Direction.UP: Direction.DOWN, Direction.DOWN: Direction.UP}


@given(polarity=st.sampled_from(list(Polarity)), actual=values, previous=values)
def test_swapping_actual_and_previous_flips_the_direction(polarity, actual, previous):
    forward = direction_of_travel(polarity, actual, previous)
    assert direction_of_travel(polarity, previous, actual) is FLIPPED[forward]

