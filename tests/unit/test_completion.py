"""Completion by directorate and service: the percentages and the rows (plain Python)."""

import pytest

from kpis.completion import OWN_INDICATORS, Counts, Group, completion_rows, percent


@pytest.mark.parametrize(("part", "whole", "shown"), [
    (0, 0, None),  # nothing due: no percentage at all
    (0, 10, 0),
    (10, 10, 100),
    (1, 3, 33),
    (2, 3, 67),
    (1, 8, 13),  # 12.5 rounds half up
    (5, 8, 63),  # 62.5 rounds half up
    (199, 200, 99),  # 99.5 would round to 100: never 100 until every return is in
    (1999, 2000, 99),
    (1, 200, 1),  # 0.5 would round to 0... it rounds half up to 1 anyway
    (1, 2000, 1),  # 0.05 would round to 0: never 0 once one is in
    (12, 10, 100),  # more than due (cannot happen, but never over 100)
])
def test_a_percentage_of_the_returns_due(part, whole, shown):
    assert percent(part, whole) == shown


def test_counts_add_up_field_by_field():
    assert Counts(3, 2, 1, 1, 1) + Counts(4, 4, 3, 2, 0) == Counts(7, 6, 4, 3, 1)


def test_counts_give_their_percentages_of_the_returns_due():
    counts = Counts(due=8, entered=6, submitted=4, approved=1, overdue=2)
    assert (counts.entered_percent, counts.submitted_percent, counts.approved_percent,
            counts.overdue_percent) == (75, 50, 13, 25)


def test_each_directorate_comes_with_its_sum_then_its_services_then_the_total():
    rows = completion_rows([
        Group(2, "Place", 21, "Roads", Counts(4, 3, 2, 1, 1)),
        Group(1, "People", 11, "Schools", Counts(2, 2, 2, 2, 0)),
        Group(2, "Place", None, None, Counts(1, 0, 0, 0, 1)),
        Group(2, "Place", 20, "Housing", Counts(5, 5, 5, 0, 0)),
    ])
    assert [(r.kind, r.name, r.counts.due) for r in rows] == [
        ("directorate", "People", 2),
        ("service", "Schools", 2),
        ("directorate", "Place", 10),
        ("service", "Housing", 5),
        ("service", "Roads", 4),
        ("own", OWN_INDICATORS, 1),  # the directorate's own indicators, after its services
        ("total", "All directorates", 12),
    ]
    assert rows[-1].counts == Counts(12, 10, 9, 3, 2)
    assert rows[2].counts == Counts(10, 8, 7, 1, 2)
    assert (rows[4].directorate_id, rows[4].service_id) == (2, 21)
    assert [r.is_total for r in rows] == [True, False, True, False, False, False, True]


def test_a_council_with_nothing_due_has_a_total_of_nothing():
    rows = completion_rows([])
    assert [(r.kind, r.counts) for r in rows] == [("total", Counts())]
    assert rows[0].counts.entered_percent is None
