"""The early warning's projection of the year-end outturn (reporting/projection.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.engine import Collection, Polarity
from reporting.projection import (
    METHODS,
    MINIMUM_FIGURES,
    STEADY_FIT,
    Call,
    Method,
    Outcome,
    Projection,
    SoFar,
    in_words,
    judge,
    least_squares,
    project,
)

CUMULATIVE, DISCRETE = Collection.CUMULATIVE, Collection.DISCRETE
HIGHER, LOWER, NONE = Polarity.HIGHER, Polarity.LOWER, Polarity.NONE


def d(*values):
    return tuple(None if v is None else Decimal(str(v)) for v in values)


def year(collection=CUMULATIVE, polarity=HIGHER, figures=(240,), position=None, target=1000,
         periods=4, earlier=(), **more) -> SoFar:
    return SoFar(
        collection=collection, polarity=polarity, periods_in_year=periods,
        position=len(figures) if position is None else position, figures=d(*figures),
        target=None if target is None else Decimal(str(target)),
        earlier_years=tuple(d(*pair) for pair in earlier), **more,
    )


# --- straight line from the year to date (cumulative) ---------------------------------------

@pytest.mark.parametrize(("figures", "periods", "polarity", "target", "outturn", "outcome"), [
    ((240,), 4, HIGHER, 1000, "960", Outcome.MISS),  # 240 × 4
    ((260,), 4, HIGHER, 1000, "1040", Outcome.MEET),
    ((250,), 4, HIGHER, 1000, "1000", Outcome.MEET),  # exactly on target meets it
    ((240, 500), 4, HIGHER, 1000, "1000", Outcome.MEET),  # only the latest to date counts
    ((240, 490, 740), 4, HIGHER, 1000, "986.6666666666666666666666666666667", Outcome.MISS),
    ((240,), 4, LOWER, 1000, "960", Outcome.MEET),  # lower is better: under target meets
    ((260,), 4, LOWER, 1000, "1040", Outcome.MISS),
    ((10, 20, 30), 12, HIGHER, 100, "120", Outcome.MEET),  # monthly: 30 × 12 ÷ 3
    ((10, 20, 30), 12, LOWER, 100, "120", Outcome.MISS),
])
def test_a_year_to_date_carries_on_at_the_same_pace(figures, periods, polarity, target,
                                                    outturn, outcome):
    result = project(year(figures=figures, periods=periods, polarity=polarity, target=target))
    assert result.method is Method.STRAIGHT_LINE
    assert result.outturn == Decimal(outturn)
    assert result.outcome is outcome
    assert result.misses is (outcome is Outcome.MISS)
    assert result.target == Decimal(target)


def test_the_reason_says_how_far_into_the_year():
    result = project(year(figures=(10, 20, 30), periods=12, periods_called="months"))
    assert result.reason == "The year to date after 3 of 12 months, continued at the same pace"


def test_a_projection_is_rounded_as_the_figures_are_before_it_is_compared():
    # 24.99 × 4 = 99.96: to one place 100.0, which meets a target of 100.
    assert project(year(figures=(24.99,), target=100, places=1)).outcome is Outcome.MEET
    assert project(year(figures=(24.99,), target=100, places=2)).outcome is Outcome.MISS
    assert project(year(figures=(24.99,), target=100, places=0)).outturn == Decimal(100)
    # Half up, as councils round: 24.9875 × 4 = 99.95 -> 100.0
    assert project(year(figures=(24.9875,), target=100, places=1)).outturn == Decimal("100.0")


def test_a_percentage_stays_within_its_bounds():
    capped = project(year(figures=(30,), target=95, highest=Decimal(100), lowest=Decimal(0)))
    assert capped.outturn == Decimal(100)
    floored = project(year(collection=DISCRETE, polarity=LOWER, figures=(9, 7, 5, 3, 1),
                           target=5, lowest=Decimal(0), periods=4, position=1))
    assert floored.outturn == Decimal(0)


# --- what is not projected ---------------------------------------------------------------------

@pytest.mark.parametrize(("so_far", "reason"), [
    (year(polarity=NONE), "No polarity: there is no better or worse to project"),
    (year(target=None), "No annual target to compare with"),
    (year(figures=(240, 490, 740, 990)), "The year is over: its outturn is known"),
    (year(figures=(240, None)), "No figure for the latest period"),
    (year(figures=(), position=2), "No figure for the latest period"),
    # A break in the series at Q2: the year to date mixes two definitions.
    (year(figures=(500,), position=2), "The series breaks within the year: the year so far "
                                       "is not one series"),
])
def test_nothing_is_projected_without_what_a_projection_needs(so_far, reason):
    result = project(so_far)
    assert result.outcome is Outcome.NOT_PROJECTED
    assert result.outturn is None
    assert not result.misses
    assert result.reason == reason


def test_a_straight_line_is_only_for_a_year_to_date():
    result = project(year(collection=DISCRETE, figures=(80,)), Method.STRAIGHT_LINE)
    assert result.outcome is Outcome.NOT_PROJECTED
    assert "year-to-date" in result.reason


def test_a_break_at_the_start_of_the_year_leaves_the_year_whole():
    # The caller passes only the figures since the break: here the whole year so far.
    assert project(year(figures=(240, 480), position=2)).outturn == Decimal(960)


# --- the share of the year reached by this point in earlier years ------------------------------

@pytest.mark.parametrize(("collection", "now", "earlier", "outturn"), [
    # Q1 held 25% of the total last year: 240 now projects 960.
    (CUMULATIVE, 240, [(250, 1000)], "960"),
    # Pooled over the years: (250 + 200) of (1000 + 800) is 25%.
    (CUMULATIVE, 300, [(250, 1000), (200, 800)], "1200"),
    # A year without both figures is left out.
    (CUMULATIVE, 300, [(250, 1000), (None, 800), (200, None)], "1200"),
    # Not cumulative: the year ended 10% above its Q1 figure.
    (DISCRETE, 80, [(50, 55)], "88"),
])
def test_earlier_years_scale_this_years_figure(collection, now, earlier, outturn):
    result = project(year(collection=collection, figures=(now,), earlier=earlier),
                     Method.PREVIOUS_YEARS)
    assert result.method is Method.PREVIOUS_YEARS
    assert result.outturn == Decimal(outturn)


@pytest.mark.parametrize(("earlier", "reason"), [
    ([], "No earlier year in the same series to compare with"),
    ([(None, 1000), (250, None)], "No earlier year in the same series to compare with"),
    ([(0, 1000), (0, 800)], "Earlier years were zero at this point: no share to scale by"),
])
def test_no_earlier_years_or_zero_ones_give_no_projection(earlier, reason):
    result = project(year(figures=(240,), earlier=earlier), Method.PREVIOUS_YEARS)
    assert result.outcome is Outcome.NOT_PROJECTED
    assert result.reason == reason


def test_earlier_years_that_ended_at_zero_still_count():
    # Nothing by Q1 and nothing by the end is a share of nothing; 0 of 1000 in one of two
    # years pools to 250 of 1000.
    result = project(year(figures=(240,), earlier=[(250, 1000), (0, 0)]),
                     Method.PREVIOUS_YEARS)
    assert result.outturn == Decimal(960)


# --- the trend line (not cumulative, only when the trend is steady) ---------------------------

def trend(figures, position, polarity=HIGHER, target=90, periods=4, **more):
    return project(year(collection=DISCRETE, polarity=polarity, figures=figures,
                        position=position, target=target, periods=periods, **more))


@pytest.mark.parametrize(("figures", "position", "polarity", "target", "outturn", "outcome"), [
    # Rising 1 a quarter since last year's Q1: Q2 is 85, so Q4 is 87.
    ((80, 81, 82, 83, 84, 85), 2, HIGHER, 90, "87", Outcome.MISS),
    ((80, 81, 82, 83, 84, 85), 2, HIGHER, 87, "87", Outcome.MEET),
    ((80, 81, 82, 83, 84, 85), 2, LOWER, 86, "87", Outcome.MISS),
    ((90, 88, 86, 84, 82, 80), 2, LOWER, 80, "76", Outcome.MEET),
    # Only the last six count: the old 10 would spoil the line.
    ((10, 80, 81, 82, 83, 84, 85), 2, HIGHER, 90, "87", Outcome.MISS),
    # Monthly, from June: the last six months (Jan to Jun) carried on to March.
    ((70, 71, 72, 73, 74, 75), 3, HIGHER, 90, "84", Outcome.MISS),
    # Steady and flat: the level carries on.
    ((85, 85, 85, 85), 2, HIGHER, 90, "85", Outcome.MISS),
])
def test_a_steady_trend_is_carried_on_to_the_year_end(figures, position, polarity, target,
                                                      outturn, outcome):
    periods = 12 if position == 3 else 4
    result = trend(figures, position, polarity, target, periods)
    assert result.method is Method.TREND_LINE
    assert result.outturn == Decimal(outturn)
    assert result.outcome is outcome
    assert result.fit is not None and result.fit >= STEADY_FIT


def test_a_scatter_is_not_a_trend():
    result = trend((80, 90, 78, 92, 79, 91), 2)
    assert result.outcome is Outcome.NOT_PROJECTED
    assert result.reason.startswith("No steady trend: the line accounts for")
    assert result.fit is not None and result.fit < STEADY_FIT


def test_too_few_figures_make_no_trend():
    result = trend((80, 81, 82), 3)
    assert result.outcome is Outcome.NOT_PROJECTED
    assert result.reason == f"Too few figures for a trend: 3 of the {MINIMUM_FIGURES} needed"


def test_missing_figures_are_left_out_of_the_line():
    assert trend((80, None, None, 83, None, 85), 2).outcome is Outcome.NOT_PROJECTED  # 3 left
    assert trend((80, None, 82, 83, 84, 85), 2).outturn == Decimal(87)


def test_a_break_in_the_series_leaves_too_few_figures_for_a_trend():
    # The caller passes only the figures since the break (here from last year's Q4).
    assert trend((83, 84, 85), 2).outcome is Outcome.NOT_PROJECTED
    # Positions follow the year: the same three figures ending at Q3 are not Q2's.
    assert trend((82, 83, 84, 85), 2).outturn == Decimal(87)
    assert trend((82, 83, 84, 85), 3).outturn == Decimal(86)


def test_the_trend_line_needs_no_earlier_years():
    assert trend((80, 81, 82, 83), 4 - 2, earlier=()).outcome is not Outcome.NOT_PROJECTED


def test_each_kind_of_indicator_has_its_method():
    assert METHODS == {CUMULATIVE: Method.STRAIGHT_LINE, DISCRETE: Method.TREND_LINE}
    assert project(year(figures=(240,))).method is Method.STRAIGHT_LINE
    assert trend((80, 81, 82, 83, 84, 85), 2).method is Method.TREND_LINE


def test_the_methods_are_explained_with_the_figures_in_force():
    words = in_words()
    assert "240 after one quarter projects 960" in words
    assert "last 6 figures (at least 4" in words
    assert "at least 80% of the figures' movement" in words


# --- least squares ------------------------------------------------------------------------

def test_least_squares_on_a_straight_line_fits_it_exactly():
    slope, intercept, fit = least_squares([(Decimal(x), Decimal(2 * x + 1)) for x in range(4)])
    assert (slope, intercept, fit) == (Decimal(2), Decimal(1), Decimal(1))


def test_least_squares_of_a_scatter():
    points = [(Decimal(x), Decimal(y)) for x, y in [(1, 1), (2, 3), (3, 2)]]
    slope, intercept, fit = least_squares(points)
    assert slope == Decimal("0.5")
    assert intercept == Decimal(1)
    assert fit == Decimal("0.25")


# --- judging a projection against what happened ------------------------------------------------

def called(outcome: Outcome, target=100) -> Projection:
    return Projection(outcome, "", outturn=Decimal(1), target=Decimal(target))


@pytest.mark.parametrize(("outcome", "polarity", "outturn", "call"), [
    (Outcome.MISS, HIGHER, 90, Call.MISS_RIGHT),
    (Outcome.MISS, HIGHER, 100, Call.FALSE_ALARM),
    (Outcome.MEET, HIGHER, 100, Call.MEET_RIGHT),
    (Outcome.MEET, HIGHER, 99, Call.MISSED_WARNING),
    (Outcome.MISS, LOWER, 101, Call.MISS_RIGHT),
    (Outcome.MEET, LOWER, 101, Call.MISSED_WARNING),
])
def test_a_call_is_judged_by_the_real_outturn(outcome, polarity, outturn, call):
    assert judge(called(outcome), Decimal(outturn), polarity) is call
    assert call.right is (call in (Call.MISS_RIGHT, Call.MEET_RIGHT))


def test_nothing_projected_is_not_judged():
    assert judge(Projection(Outcome.NOT_PROJECTED, "why"), Decimal(1), HIGHER) is None


@given(
    to_date=st.decimals(min_value=0, max_value=10**7, places=2),
    position=st.integers(min_value=1, max_value=3),
    target=st.decimals(min_value=1, max_value=10**7, places=2),
)
def test_higher_and_lower_is_better_call_opposite_ways_unless_on_target(to_date, position,
                                                                       target):
    def call(polarity):
        return project(SoFar(collection=CUMULATIVE, polarity=polarity, periods_in_year=4,
                             position=position, figures=(to_date,) * position, target=target,
                             places=2))

    higher, lower = call(HIGHER), call(LOWER)
    assert higher.outturn == lower.outturn
    if higher.outturn == target:
        assert higher.outcome is lower.outcome is Outcome.MEET
    else:
        assert higher.misses is not lower.misses
