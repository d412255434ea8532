"""The rules of publication (public/rules.py): plain Python, no database."""

from __future__ import annotations

from datetime import date

import pytest

from reporting.periods import Period
from reporting.public.rules import (
    NAME_REMOVED,
    latest_by,
    name_remover,
    published_on,
    summary_periods,
)

P = Period.parse
ISSUED = {
    P("2025-26-Q4"): date(2026, 5, 20),
    P("2026-27-Q1"): date(2026, 8, 19),
    P("2026-06"): date(2026, 7, 20),
    P("2025-26"): date(2026, 6, 30),
}


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2026-27-Q1", date(2026, 8, 19)),  # its own report issued
        ("2026-06", date(2026, 7, 20)),
        ("2025-26", date(2026, 6, 30)),
        ("2026-27-Q2", None),  # not issued
        ("2026-05", None),  # within an issued quarter, but its own report is not issued
        ("2026-07", None),  # nor is a month after one
        ("2024-25", None),  # not in the calendar
    ],
)
def test_a_figure_is_published_when_its_own_periods_report_is_issued(period, expected):
    assert published_on(P(period), ISSUED) == expected


def test_the_summary_offers_the_issued_quarters_newest_first():
    assert summary_periods(ISSUED) == [P("2026-27-Q1"), P("2025-26-Q4")]
    assert summary_periods({}) == []


@pytest.mark.parametrize(
    ("periods", "as_at", "expected"),
    [
        (["2025-26-Q4", "2026-27-Q1"], "2026-27-Q1", "2026-27-Q1"),
        (["2025-26-Q4", "2026-27-Q1"], "2025-26-Q4", "2025-26-Q4"),
        (["2026-04", "2026-05", "2026-06", "2026-07"], "2026-27-Q1", "2026-06"),
        (["2024-25", "2025-26"], "2026-27-Q1", "2025-26"),  # last year's, for an annual one
        (["2025-26"], "2025-26-Q3", None),  # the year had not ended
        ([], "2026-27-Q1", None),
    ],
)
def test_the_summary_shows_the_latest_published_figure_by_the_end_of_the_quarter(
    periods, as_at, expected
):
    found = latest_by([P(p) for p in periods], P(as_at))
    assert found == (P(expected) if expected else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ask Zebedee Quillfeather.", f"Ask {NAME_REMOVED}."),
        ("ask zebedee   QUILLFEATHER", f"ask {NAME_REMOVED}"),  # any case, any spacing
        ("Zebedee\nQuillfeather said so", f"{NAME_REMOVED} said so"),
        ("Zebedee alone, or Quillfeather alone", "Zebedee alone, or Quillfeather alone"),
        ("Zebedee Quillfeathers", "Zebedee Quillfeathers"),  # whole words only
        ("Pat Morris and Patricia Morrison", f"{NAME_REMOVED} and Patricia Morrison"),
        ("", ""),
    ],
)
def test_full_names_of_people_are_removed_from_published_text(text, expected):
    remove = name_remover(["Zebedee Quillfeather", "Pat Morris", " ", "Cher", "a.b (c) d"])
    assert remove(text) == expected


def test_names_that_look_like_patterns_are_matched_literally():
    remove = name_remover(["a.b (c)"])
    assert remove("x a.b (c) y") == f"x {NAME_REMOVED} y"
    assert remove("x aXb (c) y") == "x aXb (c) y"


def test_nothing_is_removed_when_nobody_has_a_full_name():
    assert name_remover(["", "Cher"])("Cher sang") == "Cher sang"
