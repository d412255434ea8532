"""The risk rules (governance/risk_rules.py): scores, bands, appetite, escalation and
step-down flags, reviews and the heat map, with the default 5 × 5 scheme and with schemes
passed in as data. No database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance import risk_rules as rules
from governance.risk_rules import (
    DEFAULT_SCHEME,
    Appetite,
    Band,
    Decided,
    Level,
    Move,
    Placed,
    Review,
    Scheme,
    ScoreError,
    Thresholds,
)

scales = st.integers(min_value=1, max_value=5)


# --- scores -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("likelihood", "impact", "expected"), [
    (1, 1, 1), (1, 5, 5), (5, 1, 5), (2, 3, 6), (3, 3, 9), (4, 3, 12), (4, 4, 16),
    (4, 5, 20), (5, 5, 25),
])
def test_the_score_is_likelihood_times_impact(likelihood, impact, expected):
    assert rules.score(DEFAULT_SCHEME, likelihood, impact) == expected


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 3), (3, 0), (3, 6), (-1, 1)])
def test_a_score_off_the_scale_is_refused(likelihood, impact):
    with pytest.raises(ScoreError):
        rules.score(DEFAULT_SCHEME, likelihood, impact)


@given(scales, scales)
def test_every_score_on_the_grid_is_in_exactly_one_default_band(likelihood, impact):
    value = rules.score(DEFAULT_SCHEME, likelihood, impact)
    assert sum(b.holds(value) for b in DEFAULT_SCHEME.bands) == 1


# --- bands ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    (1, "Low"), (4, "Low"), (5, "Medium"), (9, "Medium"), (10, "High"), (12, "High"),
    (16, "High"), (20, "Very high"), (25, "Very high"),
])
def test_the_default_bands(value, expected):
    assert rules.band(DEFAULT_SCHEME, value).name == expected


def test_a_score_in_a_gap_between_the_councils_bands_falls_in_the_band_below():
    scheme = replace(DEFAULT_SCHEME, bands=(Band("Low", 1, 4), Band("High", 10, 25)))
    assert rules.band(scheme, 6).name == "Low"


def test_a_score_below_every_band_falls_in_the_lowest():
    scheme = replace(DEFAULT_SCHEME, bands=(Band("Medium", 5, 9), Band("High", 10, 25)))
    assert rules.band(scheme, 2).name == "Medium"


@given(scales, scales, scales, scales)
def test_a_higher_score_is_never_in_a_lower_band(l1, i1, l2, i2):
    low, high = sorted([l1 * i1, l2 * i2])
    assert rules.band(DEFAULT_SCHEME, low).lowest <= rules.band(DEFAULT_SCHEME, high).lowest


def test_band_counts_list_every_band_highest_first():
    assert rules.band_counts(DEFAULT_SCHEME, [25, 20, 12, 3]) == [
        ("Very high", 2), ("High", 1), ("Medium", 0), ("Low", 1),
    ]


# --- appetite ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("category", "current", "above"), [
    ("Safeguarding", 4, False),  # averse: up to 4
    ("Safeguarding", 5, True),
    ("Information and cyber security", 6, False),  # minimal: up to 6
    ("Information and cyber security", 8, True),
    ("Financial", 9, False),  # cautious: up to 9
    ("Financial", 10, True),
    ("Environmental", 12, False),  # open: up to 12
    ("Environmental", 15, True),
    ("No such category", 25, False),  # no appetite set: never above it
])
def test_above_appetite_when_the_current_score_exceeds_the_categorys_appetite(
    category, current, above
):
    assert rules.above_appetite(DEFAULT_SCHEME, category, current) is above


def test_the_appetite_is_the_councils_own_data():
    scheme = replace(DEFAULT_SCHEME, appetites={"Financial": Appetite("Eager", 16)})
    assert not rules.above_appetite(scheme, "Financial", 16)
    assert rules.above_appetite(scheme, "Financial", 20)


# --- escalation and step-down -----------------------------------------------------------------


@pytest.mark.parametrize(("level", "current", "expected"), [
    (Level.SERVICE, 11, Move.NONE),
    (Level.SERVICE, 12, Move.ESCALATE),  # at the threshold
    (Level.SERVICE, 25, Move.ESCALATE),
    (Level.SERVICE, 4, Move.NONE),
    (Level.SERVICE, 3, Move.STEP_DOWN),
    (Level.DIRECTORATE, 12, Move.NONE),
    (Level.DIRECTORATE, 15, Move.ESCALATE),
    (Level.DIRECTORATE, 8, Move.NONE),
    (Level.DIRECTORATE, 6, Move.STEP_DOWN),
    (Level.CORPORATE, 25, Move.NONE),  # nowhere above the corporate register
    (Level.CORPORATE, 10, Move.NONE),
    (Level.CORPORATE, 9, Move.STEP_DOWN),
    (Level.PROGRAMME, 15, Move.ESCALATE),
    (Level.PROGRAMME, 6, Move.STEP_DOWN),
    (Level.PROJECT, 12, Move.ESCALATE),
    (Level.PROJECT, 3, Move.STEP_DOWN),
])
def test_the_default_flags(level, current, expected):
    assert rules.flag(DEFAULT_SCHEME, level, current) is expected


def test_a_risk_on_a_register_with_none_above_is_not_flagged_for_escalation():
    assert rules.flag(DEFAULT_SCHEME, Level.SERVICE, 20, has_register_above=False) is Move.NONE


def test_a_falling_risk_with_no_register_beneath_is_flagged_for_closure():
    assert rules.flag(DEFAULT_SCHEME, Level.SERVICE, 2, has_register_below=False) is Move.CLOSE


def test_a_level_with_no_thresholds_is_never_flagged():
    scheme = replace(DEFAULT_SCHEME, thresholds={})
    assert rules.flag(scheme, Level.SERVICE, 25) is Move.NONE


def test_the_thresholds_are_the_councils_own_data():
    scheme = replace(DEFAULT_SCHEME, thresholds={Level.SERVICE: Thresholds(20, None)})
    assert rules.flag(scheme, Level.SERVICE, 16) is Move.NONE
    assert rules.flag(scheme, Level.SERVICE, 20) is Move.ESCALATE
    assert rules.flag(scheme, Level.SERVICE, 1) is Move.NONE


@given(st.sampled_from(list(Level)), scales, scales)
def test_a_risk_is_never_flagged_both_ways(level, likelihood, impact):
    current = likelihood * impact
    move = rules.flag(DEFAULT_SCHEME, level, current)
    thresholds = DEFAULT_SCHEME.thresholds[level]
    if move is Move.ESCALATE:
        assert thresholds.step_down_below is None or current >= thresholds.step_down_below
    if move in (Move.STEP_DOWN, Move.CLOSE):
        assert thresholds.escalate_at is None or current < thresholds.escalate_at


@pytest.mark.parametrize(("move", "last", "awaiting"), [
    (Move.NONE, None, False),
    (Move.ESCALATE, None, True),
    (Move.ESCALATE, Decided(register_id=1, current=16), False),  # kept here at this score
    (Move.ESCALATE, Decided(register_id=1, current=12), True),  # the score has changed
    (Move.ESCALATE, Decided(register_id=2, current=16), True),  # decided on another register
    (Move.STEP_DOWN, None, True),
    (Move.CLOSE, Decided(register_id=1, current=16), False),
])
def test_a_flag_awaits_a_decision_until_one_is_recorded_at_this_score(move, last, awaiting):
    assert rules.awaiting_decision(move, 1, 16, last) is awaiting


# --- reviews ----------------------------------------------------------------------------------

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("due", "expected"), [
    (TODAY - timedelta(days=1), Review.OVERDUE),
    (TODAY, Review.DUE_SOON),
    (TODAY + timedelta(days=14), Review.DUE_SOON),
    (TODAY + timedelta(days=15), Review.IN_DATE),
])
def test_review_status(due, expected):
    assert rules.review_status(due, TODAY) is expected


def test_review_status_labels_are_words():
    assert Review.OVERDUE.label == "Review overdue"


# --- the heat map -----------------------------------------------------------------------------


def test_the_heat_map_puts_each_risk_in_its_cell_most_likely_row_first():
    grid = rules.heat_map(DEFAULT_SCHEME, [
        Placed("CR02", 5, 4), Placed("CR01", 5, 4), Placed("SR01", 1, 1),
    ])
    assert [row.likelihood for row in grid] == [5, 4, 3, 2, 1]
    assert grid[0].label == "Almost certain"
    cell = grid[0].cells[3]
    assert (cell.likelihood, cell.impact, cell.score, cell.band) == (5, 4, 20, "Very high")
    assert cell.references == ("CR01", "CR02") and cell.count == 2
    assert grid[4].cells[0].references == ("SR01",)
    assert sum(c.count for row in grid for c in row.cells) == 3


def test_an_empty_heat_map_still_has_every_cell_with_its_band():
    grid = rules.heat_map(DEFAULT_SCHEME, [])
    assert len(grid) == 5 and all(len(row.cells) == 5 for row in grid)
    assert grid[4].cells[0].band == "Low" and grid[0].cells[4].band == "Very high"


def test_a_risk_off_the_grid_is_refused():
    with pytest.raises(ScoreError):
        rules.heat_map(DEFAULT_SCHEME, [Placed("X", 6, 1)])


@given(st.lists(st.tuples(scales, scales), max_size=30))
def test_the_heat_map_holds_every_risk_once(placed):
    grid = rules.heat_map(DEFAULT_SCHEME, [Placed(f"R{n}", lk, im)
                                           for n, (lk, im) in enumerate(placed)])
    assert sum(c.count for row in grid for c in row.cells) == len(placed)


def test_a_scheme_of_another_size_makes_its_own_grid():
    scheme = Scheme(likelihood=("Low", "Medium", "High"), impact=("Low", "Medium", "High"),
                    bands=(Band("Low", 1, 3), Band("High", 4, 9)))
    grid = rules.heat_map(scheme, [Placed("A", 3, 3)])
    assert len(grid) == 3 and grid[0].cells[2].band == "High"
    with pytest.raises(ScoreError):
        rules.score(scheme, 4, 1)


def test_levels_have_labels():
    assert [lv.label for lv in Level] == ["Corporate", "Directorate", "Service", "Programme",
                                          "Project"]
    assert Move.ESCALATE.label == "Flagged for escalation"
