"""Unit tests for reporting.suppression: small numbers hidden so no person is identified."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.suppression import (
    DEFAULT_THRESHOLD,
    SYMBOL,
    Cell,
    Hidden,
    explanation,
    hidden_cells,
    is_small,
    suppress,
    unsuppressed,
)

S, P = Hidden.SMALL, Hidden.SECONDARY


def counts(*numbers):
    return [None if n is None else D(n) for n in numbers]


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        # nothing small: nothing hidden
        ((), {}),
        ((10, 20, 30), {}),
        ((5, 5, 5), {}),
        # a zero is about nobody: shown
        ((0, 12, 30), {}),
        # one small cell: the next smallest goes too, so the total does not give it away
        ((3, 12, 30), {0: S, 1: P}),
        ((30, 12, 3), {2: S, 1: P}),
        # the next smallest is taken past zeros
        ((3, 0, 12, 30), {0: S, 2: P}),
        # two small cells adding up to the threshold or more: enough on their own
        ((2, 3, 40), {0: S, 1: S}),
        ((4, 4, 40), {0: S, 1: S}),
        # two small cells adding up to less than the threshold: a third goes
        ((1, 2, 40, 50), {0: S, 1: S, 2: P}),
        # ties: the earlier category goes first
        ((1, 20, 20), {0: S, 1: P}),
        # every cell small and together fewer than the threshold: all hidden
        ((1, 2), {0: S, 1: S}),
        ((1, 1, 0), {0: S, 1: S, 2: P}),
        ((3,), {0: S}),
        ((3, 0), {0: S, 1: P}),
        # a cell with no figure takes no part
        ((3, None, 12), {0: S, 2: P}),
        ((None, None), {}),
        ((3, None), {0: S}),
    ],
)
def test_which_cells_are_hidden(people, expected):
    assert hidden_cells(counts(*people), DEFAULT_THRESHOLD) == expected


def test_the_threshold_is_the_councils():
    assert hidden_cells(counts(7, 40, 50), 10) == {0: S, 1: P}
    assert hidden_cells(counts(7, 40, 50), 5) == {}
    assert hidden_cells(counts(1, 40, 50), 1) == {}


@pytest.mark.parametrize(("people", "small"), [(0, False), (1, True), (4, True), (5, False),
                                               (D("4.5"), True), (200, False)])
def test_small_is_one_person_or_more_but_fewer_than_the_threshold(people, small):
    assert is_small(D(people), 5) is small


def test_a_hidden_cell_loses_its_figure_and_its_people():
    shown = suppress([Cell("North ward", D("12.5"), D(3)), Cell("South ward", D("40"), D(80)),
                      Cell("East ward", D("50"), D(90))])
    assert [(c.category, c.value, c.people, c.hidden) for c in shown] == [
        ("North ward", None, None, S),
        ("South ward", None, None, P),
        ("East ward", D(50), D(90), None),
    ]
    assert [c.suppressed for c in shown] == [True, True, False]


def test_the_performance_team_sees_every_figure():
    cells = [Cell("North ward", D(3), D(3)), Cell("South ward", D(40), D(40))]
    assert [(c.value, c.suppressed) for c in unsuppressed(cells)] == [(D(3), False),
                                                                      (D(40), False)]


def test_a_threshold_below_one_is_refused():
    with pytest.raises(ValueError, match="1 or more"):
        suppress([Cell("A", D(1), D(1))], 0)


def test_the_explanation_names_the_symbol_and_the_threshold():
    assert explanation(5).startswith(f"{SYMBOL}: hidden")
    assert "fewer than 5 people" in explanation(5)
    assert "fewer than 10 people" in explanation(10)


# --- properties: whatever the cells, no small number can be read or worked out -----------

people_lists = st.lists(
    st.one_of(st.none(), st.integers(min_value=0, max_value=60).map(D)), max_size=12
)
thresholds = st.integers(min_value=1, max_value=15)


@given(people_lists, thresholds)
def test_no_small_number_is_ever_shown(people, threshold):
    cells = [Cell(f"C{i}", n, n) for i, n in enumerate(people)]
    for cell in suppress(cells, threshold):
        if cell.people is not None:
            assert not is_small(cell.people, threshold)


@given(people_lists, thresholds)
def test_what_is_hidden_cannot_be_worked_out_from_the_total(people, threshold):
    hidden = hidden_cells(people, threshold)
    if not hidden:
        return
    together = sum((people[i] for i in hidden), D(0))
    everything = [i for i, n in enumerate(people) if n is not None]
    # Either the hidden cells together are about enough people, and there are at least two
    # of them, or every cell with a figure is hidden.
    assert (len(hidden) >= 2 and together >= threshold) or sorted(hidden) == everything


@given(people_lists, thresholds)
def test_nothing_is_hidden_without_a_small_number(people, threshold):
    if not any(n is not None and is_small(n, threshold) for n in people):
        assert hidden_cells(people, threshold) == {}


@given(people_lists, thresholds)
def test_what_is_shown_is_shown_exactly(people, threshold):
    cells = [Cell(f"C{i}", n, n) for i, n in enumerate(people)]
    for cell, shown in zip(cells, suppress(cells, threshold), strict=True):
        assert shown.category == cell.category
        if not shown.suppressed:
            assert (shown.value, shown.people) == (cell.value, cell.people)


@given(people_lists, thresholds)
def test_cells_with_no_figure_are_never_hidden(people, threshold):
    hidden = hidden_cells(people, threshold)
    assert all(people[i] is not None for i in hidden)


@given(people_lists, thresholds)
def test_secondary_cells_are_the_smallest_left(people, threshold):
    hidden = hidden_cells(people, threshold)
    secondary = [people[i] for i, why in hidden.items() if why is P]
    shown = [n for i, n in enumerate(people) if n is not None and n > 0 and i not in hidden]
    if secondary and shown:
        assert max(secondary) <= min(shown)
