"""Where the council stands among its comparators (reporting/benchmarks.py): plain Python."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.benchmarks import (
    NO_COMPARATOR_FIGURES,
    NO_COUNCIL_FIGURE,
    NO_POLARITY,
    TOO_FEW,
    AreaFigure,
    Quartile,
    financial_period,
    median,
    ordinal,
    quartile_of,
    standing,
)
from reporting.engine import Polarity
from reporting.periods import Period, PeriodError

US = "E08000009"


def group(*values, start=1):
    """Comparators C1, C2... with these figures (None: no figure)."""
    return [AreaFigure(f"C{n}", f"Area {n}", None if v is None else Decimal(str(v)))
            for n, v in enumerate(values, start=start)]


def d(value):
    return Decimal(str(value))


# --- the rule, row by row -----------------------------------------------------------------


@pytest.mark.parametrize(("ours", "theirs", "polarity", "rank", "out_of", "tied", "quartile"), [
    # 16 areas: ranks 1-4 are the top quartile, 5-8 the second, 9-12 the third, 13-16 the bottom.
    (100, range(1, 16), Polarity.HIGHER, 1, 16, False, Quartile.TOP),
    (12.5, range(1, 16), Polarity.HIGHER, 4, 16, False, Quartile.TOP),
    (11.5, range(1, 16), Polarity.HIGHER, 5, 16, False, Quartile.SECOND),
    (7.5, range(1, 16), Polarity.HIGHER, 9, 16, False, Quartile.THIRD),
    (3.5, range(1, 16), Polarity.HIGHER, 13, 16, False, Quartile.BOTTOM),
    (0, range(1, 16), Polarity.HIGHER, 16, 16, False, Quartile.BOTTOM),
    # Lower is better: the smallest figure is 1st.
    (0, range(1, 16), Polarity.LOWER, 1, 16, False, Quartile.TOP),
    (100, range(1, 16), Polarity.LOWER, 16, 16, False, Quartile.BOTTOM),
    # Level with others: the better place is shared, and said.
    (12, range(1, 16), Polarity.HIGHER, 4, 16, True, Quartile.TOP),
    (5, [5, 5, 5, 5, 1], Polarity.HIGHER, 1, 6, True, Quartile.TOP),
    # Four comparators is enough: five areas, 2nd is within the first half.
    (3.5, [1, 2, 3, 4], Polarity.HIGHER, 2, 5, False, Quartile.SECOND),
])
def test_the_rank_and_quartile_follow_the_polarity(ours, theirs, polarity, rank, out_of, tied,
                                                   quartile):
    found = standing(US, d(ours), group(*theirs), polarity)
    assert (found.rank, found.out_of, found.tied, found.quartile) == (rank, out_of, tied,
                                                                       quartile)
    assert found.why_not == ""


def test_the_rank_in_words():
    assert standing(US, d(3), group(1, 2, 4, 5), Polarity.HIGHER).rank_words == "3rd of 5"
    assert standing(US, d(4), group(1, 4, 4, 5), Polarity.HIGHER).rank_words == "joint 2nd of 5"
    assert standing(US, None, group(1, 2, 4, 5), Polarity.HIGHER).rank_words == ""


def test_the_median_is_the_comparators_not_the_councils():
    found = standing(US, d(1000), group(1, 2, 3, 4), Polarity.HIGHER)
    assert found.median == Decimal("2.5")
    assert standing(US, d(1000), group(1, 2, 9), Polarity.HIGHER).median == Decimal(2)


def test_the_council_is_never_its_own_comparator():
    """Oflog's groups list the council among its neighbours; CIPFA's do not: same answer."""
    without = standing(US, d(50), group(10, 20, 30, 40, 60), Polarity.HIGHER)
    listed = standing(US, d(50), [AreaFigure(US, "Us", d(50)), *group(10, 20, 30, 40, 60)],
                      Polarity.HIGHER)
    assert listed == without
    assert (without.rank, without.out_of, without.compared, without.tied) == (2, 6, 5, False)


def test_comparators_without_a_figure_are_left_out_and_named():
    found = standing(US, d(50), group(10, None, 30, 40, None, 60), Polarity.HIGHER)
    assert found.compared == 4
    assert found.without_figure == ("Area 2", "Area 5")
    assert (found.rank, found.out_of, found.median) == (2, 5, Decimal(35))


def test_fewer_than_four_comparators_give_a_rank_but_no_quartile():
    found = standing(US, d(50), group(10, 60, 30, None), Polarity.HIGHER)
    assert found.rank_words == "2nd of 4"
    assert found.quartile is None
    assert found.why_not == TOO_FEW
    assert found.quartile_words == "Too few comparators for quartiles"


@pytest.mark.parametrize(("ours", "theirs", "polarity", "why"), [
    (None, [1, 2, 3, 4], Polarity.HIGHER, NO_COUNCIL_FIGURE),
    (5, [None, None], Polarity.HIGHER, NO_COMPARATOR_FIGURES),
    (5, [1, 2, 3, 4], Polarity.NONE, NO_POLARITY),
])
def test_nothing_to_place_says_why(ours, theirs, polarity, why):
    found = standing(US, None if ours is None else d(ours), group(*theirs), polarity)
    assert (found.rank, found.quartile, found.why_not) == (None, None, why)


def test_no_polarity_still_gives_the_median():
    assert standing(US, d(5), group(1, 2, 3, 4), Polarity.NONE).median == Decimal("2.5")


def test_the_quartile_words_say_which_end_is_best():
    assert Quartile.TOP.label == "Top quartile (best)"
    assert Quartile.BOTTOM.label == "Bottom quartile (worst)"


@pytest.mark.parametrize(("rank", "out_of", "expected"), [
    (1, 15, Quartile.TOP), (3, 15, Quartile.TOP), (4, 15, Quartile.SECOND),
    (7, 15, Quartile.SECOND), (8, 15, Quartile.THIRD), (11, 15, Quartile.THIRD),
    (12, 15, Quartile.BOTTOM), (1, 5, Quartile.TOP), (2, 5, Quartile.SECOND),
    (3, 5, Quartile.THIRD), (4, 5, Quartile.BOTTOM),
])
def test_the_quartile_of_a_rank(rank, out_of, expected):
    assert quartile_of(rank, out_of) is expected


def test_a_rank_outside_the_group_is_refused():
    with pytest.raises(ValueError, match="rank 6 is not between 1 and 5"):
        quartile_of(6, 5)


@pytest.mark.parametrize(("n", "text"), [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
    (21, "21st"), (22, "22nd"), (101, "101st"), (111, "111th"), (112, "112th"),
])
def test_ordinals(n, text):
    assert ordinal(n) == text


def test_median_of_nothing_is_none():
    assert median([]) is None
    assert median([d(3), d(1), d(2)]) == d(2)


# --- periods as the sources write them ----------------------------------------------------


@pytest.mark.parametrize(("text", "key"), [
    ("2019/20", "2019-20"), ("2019-20", "2019-20"), ("2019/2020", "2019-20"),
    ("2023/24 Q1", "2023-24-Q1"), ("Q3 2025/26", "2025-26-Q3"), ("2023-24 Q4", "2023-24-Q4"),
    (" 2099/00 ", "2099-00"),
])
def test_a_sources_period_is_a_financial_year_or_quarter(text, key):
    assert financial_period(text) is Period.parse(key)


@pytest.mark.parametrize("text", ["2021", "2019/21", "2019/2021", "Q5 2019/20", "2019/20 Q0",
                                  "Jan-Mar 2023", "", "0999/00"])
def test_a_period_that_is_not_a_financial_one_is_refused(text):
    with pytest.raises(PeriodError):
        financial_period(text)


# --- properties ---------------------------------------------------------------------------

figures = st.lists(st.one_of(st.none(), st.integers(0, 200).map(Decimal)), max_size=20)
polarities = st.sampled_from([Polarity.HIGHER, Polarity.LOWER])


@given(figures, st.integers(0, 200).map(Decimal), polarities)
def test_the_rank_is_one_more_than_the_areas_strictly_better(values, ours, polarity):
    found = standing(US, ours, group(*values), polarity)
    present = [v for v in values if v is not None]
    if not present:
        assert found.rank is None
        return
    better = [v for v in present if (v > ours if polarity is Polarity.HIGHER else v < ours)]
    assert found.rank == len(better) + 1
    assert 1 <= found.rank <= found.out_of == len(present) + 1
    assert (found.quartile is None) == (len(present) < 4)


@given(figures, st.integers(0, 200).map(Decimal))
def test_turning_the_polarity_round_turns_the_ranking_round(values, ours):
    present = [v for v in values if v is not None]
    up = standing(US, ours, group(*values), Polarity.HIGHER)
    down = standing(US, ours, group(*values), Polarity.LOWER)
    if present:
        level = sum(1 for v in present if v == ours)
        assert up.rank + down.rank + level == up.out_of + 1


@given(figures, st.integers(0, 200).map(Decimal), polarities)
def test_a_better_figure_never_moves_the_council_down(values, ours, polarity):
    step = Decimal(1) if polarity is Polarity.HIGHER else Decimal(-1)
    before = standing(US, ours, group(*values), polarity)
    after = standing(US, ours + step, group(*values), polarity)
    if before.quartile is not None:
        assert after.rank <= before.rank
        assert after.quartile <= before.quartile


@given(st.lists(st.integers(-1000, 1000).map(Decimal), min_size=1, max_size=30))
def test_the_median_lies_within_the_figures(values):
    middle = median(values)
    assert min(values) <= middle <= max(values)
    assert sum(1 for v in values if v < middle) <= len(values) / 2
    assert sum(1 for v in values if v > middle) <= len(values) / 2
