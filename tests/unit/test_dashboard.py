"""What a dashboard shows, from lines already rated (reporting.dashboard): no database."""

from __future__ import annotations

from decimal import Decimal

from reporting import dashboard
from reporting.dashboard import Choice, Line
from reporting.engine import Direction, ExceptionFlag, Polarity, Rag
from reporting.periods import Period

Q2 = Period.parse("2026-27-Q2")


def line(code: str, rag: Rag = Rag.GREEN, direction: Direction = Direction.NO_CHANGE,
         **fields) -> Line:
    defaults = {"id": hash(code) % 10**6, "title": f"Indicator {code}", "directorate": "Place",
                "pillar": "1. Place", "polarity": Polarity.HIGHER, "period": Q2}
    defaults.update(fields)
    return Line(code=code, rag=rag, direction=direction, **defaults)


def test_counts_by_group_in_the_order_asked_with_the_unrated_apart():
    lines = [line("A", Rag.RED, pillar="2. People"), line("B", Rag.GREEN, pillar="10. Money"),
             line("C", Rag.NO_DATA, pillar="2. People"), line("D", Rag.AMBER, pillar="2. People")]
    counts = dashboard.counts_by(lines, lambda x: x.pillar, dashboard.pillar_order)
    assert [c.name for c in counts] == ["2. People", "10. Money"]
    assert counts[0].of(Rag.RED) == 1 and counts[0].of(Rag.AMBER) == 1
    assert counts[0].not_rated == 1 and counts[0].total == 3


def test_the_sentence_says_every_count():
    lines = [line("A", Rag.RED), line("B", Rag.GREEN), line("C", Rag.GREEN),
             line("D", Rag.NO_TARGET)]
    assert dashboard.in_words(dashboard.total(lines)) == (
        "4 indicators: 1 red, 2 green, 1 not rated."
    )


def test_shares_are_of_the_rated_indicators_in_each_trend_period():
    periods = [Q2.shift(-1), Q2]
    lines = [line("A", history=(Rag.RED, Rag.GREEN)), line("B", history=(Rag.GREEN, Rag.GREEN)),
             line("C", history=(None, Rag.NO_DATA)), line("D", history=(Rag.GREEN, Rag.AMBER))]
    first, last = dashboard.shares(lines, periods)
    assert first.rated == 3 and first.percent(Rag.RED) == 33 and first.percent(Rag.GREEN) == 67
    assert last.percent(Rag.GREEN) == 67 and last.percent(Rag.AMBER) == 33
    assert last.cells[dashboard.SHARED.index(Rag.GREEN)] == "67% (2)"
    words = dashboard.shares_in_words([first, last])
    assert "Red fell from 33% to 0%" in words and "Green stayed at 67%" in words


def test_a_period_with_nothing_rated_has_no_shares():
    share = dashboard.shares([line("A", history=(Rag.NO_DATA,))], [Q2])[0]
    assert share.percents == (None, None, None, None)
    assert share.cells == ["–"] * 4


def test_exceptions_come_most_serious_first():
    lines = [line("A", Rag.AMBER, exception=ExceptionFlag.AMBER_DETERIORATING),
             line("B", Rag.RED, exception=ExceptionFlag.RED),
             line("C", Rag.RED, exception=ExceptionFlag.RED_SUSTAINED), line("D")]
    assert [x.code for x in dashboard.exceptions(lines)] == ["C", "B", "A"]


def test_change_is_better_or_worse_for_the_polarity():
    up = line("A", actual=Decimal(110), previous=Decimal(100))
    down_is_good = line("B", actual=Decimal(90), previous=Decimal(100), polarity=Polarity.LOWER)
    assert up.change == Decimal(10)
    assert down_is_good.change == Decimal(10)
    assert line("C", actual=Decimal(90), previous=Decimal(100)).change == Decimal(-10)


def test_no_change_without_a_comparable_figure_or_polarity():
    assert line("A", actual=Decimal(1), previous=None).change is None  # a break, or none
    assert line("B", actual=Decimal(1), previous=Decimal(0)).change is None
    assert line("C", actual=Decimal(2), previous=Decimal(1),
                polarity=Polarity.NONE).change is None


def test_improvers_and_deteriorators_by_the_size_of_the_change():
    lines = [line(code, actual=Decimal(actual), previous=Decimal(100))
             for code, actual in [("A", 150), ("B", 120), ("C", 80), ("D", 60), ("E", 100)]]
    assert [x.code for x in dashboard.improvers(lines)] == ["A", "B"]
    assert [x.code for x in dashboard.deteriorators(lines)] == ["D", "C"]
    assert len(dashboard.improvers(lines, how_many=1)) == 1


def test_green_but_deteriorating_is_a_dip_whatever_the_rag():
    lines = [line("A", Rag.GREEN, Direction.DETERIORATING), line("B", Rag.GREEN),
             line("C", Rag.BLUE, Direction.DETERIORATING),
             line("D", Rag.AMBER, Direction.DETERIORATING)]
    assert [x.code for x in dashboard.green_but_deteriorating(lines)] == ["A", "C"]


def test_over_performance_is_blue_the_stretch_met_or_beyond_the_target_by_the_band():
    lines = [
        line("A", Rag.BLUE),
        line("B", stretch_met=True),
        line("C", actual=Decimal(96), target=Decimal(90), band=Decimal(5)),
        line("D", actual=Decimal(94), target=Decimal(90), band=Decimal(5)),
        line("E", actual=Decimal(80), target=Decimal(90), band=Decimal(5),
             polarity=Polarity.LOWER),
        line("F", Rag.AMBER, stretch_met=True),
    ]
    assert [x.code for x in dashboard.over_performing(lines)] == ["A", "B", "C", "E"]


def test_without_data_first_then_without_targets():
    lines = [line("B", Rag.NO_TARGET), line("A", Rag.NO_DATA), line("C")]
    assert [x.code for x in dashboard.without_data_or_targets(lines)] == ["A", "B"]


def test_a_choice_keeps_the_rag_and_direction_asked_for():
    lines = [line("A", Rag.RED, Direction.DETERIORATING), line("B", Rag.RED),
             line("C", Rag.GREEN, Direction.DETERIORATING)]
    assert [x.code for x in Choice(rag="RED").apply(lines)] == ["A", "B"]
    assert [x.code for x in Choice("RED", "DETERIORATING").apply(lines)] == ["A"]
    assert Choice().apply(lines) == lines


def test_groups_in_words_name_where_the_red_and_green_are():
    counts = dashboard.counts_by(
        [line("A", Rag.RED, directorate="Place"), line("B", directorate="People")],
        lambda x: x.directorate,
    )
    assert dashboard.groups_in_words(counts, "directorate") == (
        "2 directorates. Most red: Place, 1 of its 1. Most green: People, 1 of its 1."
    )
