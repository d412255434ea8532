"""Unit tests for reporting.periods: the UK financial year (1 April to 31 March)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.periods import Frequency, Period, PeriodError, parse_period

ANNUAL, QUARTERLY, MONTHLY = Frequency.ANNUAL, Frequency.QUARTERLY, Frequency.MONTHLY
P = Period.parse


# --- keys and labels -----------------------------------------------------------

NAMES = [
    (Period.financial_year(2025), "2025-26", "2025/26"),
    (Period.financial_year(1999), "1999-00", "1999/00"),
    (Period.financial_year(2099), "2099-00", "2099/00"),
    (Period.quarter(2025, 1), "2025-26-Q1", "Q1 2025/26"),
    (Period.quarter(2025, 2), "2025-26-Q2", "Q2 2025/26"),
    (Period.quarter(2025, 4), "2025-26-Q4", "Q4 2025/26"),
    (Period.quarter(2099, 3), "2099-00-Q3", "Q3 2099/00"),
    (Period.month(2025, 4), "2025-04", "April 2025"),
    (Period.month(2025, 10), "2025-10", "October 2025"),
    (Period.month(2025, 12), "2025-12", "December 2025"),
    (Period.month(2026, 1), "2026-01", "January 2026"),
    (Period.month(2026, 3), "2026-03", "March 2026"),
]


@pytest.mark.parametrize(("period", "key", "label"), NAMES)
def test_every_kind_of_period_has_its_canonical_key_and_label(period, key, label):
    assert period.key == key
    assert str(period) == key
    assert period.label == label


@pytest.mark.parametrize(("period", "key", "label"), NAMES)
def test_parsing_the_key_gives_back_the_period(period, key, label):
    assert Period.parse(key) == period
    assert parse_period(key) == period
    assert Period.parse(key).label == label


@pytest.mark.parametrize(
    ("key", "year", "frequency", "index"),
    [
        ("2025-26", 2025, ANNUAL, 1),
        ("2025-26-Q2", 2025, QUARTERLY, 2),
        ("2025-04", 2025, MONTHLY, 1),
        ("2025-10", 2025, MONTHLY, 7),
        ("2026-01", 2025, MONTHLY, 10),
        ("2026-03", 2025, MONTHLY, 12),
    ],
)
def test_parsed_periods_count_months_from_april_within_the_financial_year(
    key, year, frequency, index
):
    assert Period.parse(key) == Period(year, frequency, index)


def test_january_2026_belongs_to_financial_year_2025_26():
    january = P("2026-01")
    assert january.fy == P("2025-26")
    assert (january.calendar_year, january.calendar_month) == (2026, 1)


@pytest.mark.parametrize(
    "key",
    [
        "2025-27",
        "2025-26-Q5",
        "2025-26-Q0",
        "2025-25-Q1",
        "2025-26-Q",
        "2025-13",
        "2025-00",
        "2025",
        "25-26",
        "2025/26",
        "garbage",
        "",
    ],
)
def test_a_key_that_names_no_period_raises_period_error(key):
    with pytest.raises(PeriodError):
        Period.parse(key)


def test_period_error_is_a_value_error():
    assert issubclass(PeriodError, ValueError)


@pytest.mark.parametrize(
    ("year", "frequency", "index"),
    [(2025, ANNUAL, 2), (2025, QUARTERLY, 0), (2025, QUARTERLY, 5), (2025, MONTHLY, 13),
     (1899, ANNUAL, 1), (3000, ANNUAL, 1)],
)
def test_constructing_an_impossible_period_raises_period_error(year, frequency, index):
    with pytest.raises(PeriodError):
        Period(year, frequency, index)


@pytest.mark.parametrize("month", [0, 13])
def test_a_calendar_month_outside_1_to_12_raises_period_error(month):
    with pytest.raises(PeriodError):
        Period.month(2025, month)


# --- start and end ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2025-26", date(2025, 4, 1), date(2026, 3, 31)),
        ("2025-26-Q1", date(2025, 4, 1), date(2025, 6, 30)),
        ("2025-26-Q2", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025-26-Q3", date(2025, 10, 1), date(2025, 12, 31)),
        ("2025-26-Q4", date(2026, 1, 1), date(2026, 3, 31)),
        ("2025-04", date(2025, 4, 1), date(2025, 4, 30)),
        ("2025-10", date(2025, 10, 1), date(2025, 10, 31)),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31)),
        ("2026-01", date(2026, 1, 1), date(2026, 1, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-03", date(2026, 3, 1), date(2026, 3, 31)),
    ],
)
def test_each_period_starts_and_ends_on_the_right_day(key, start, end):
    assert (P(key).start, P(key).end) == (start, end)


@pytest.mark.parametrize(
    ("period", "end"),
    [
        (Period.financial_year(2999), date(3000, 3, 31)),
        (Period.quarter(2999, 4), date(3000, 3, 31)),
        (Period.month(3000, 3), date(3000, 3, 31)),
    ],
)
def test_the_last_supported_periods_still_have_an_end(period, end):
    assert period.end == end


# --- neighbours --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "previous", "following"),
    [
        ("2025-26", "2024-25", "2026-27"),
        ("2025-26-Q1", "2024-25-Q4", "2025-26-Q2"),
        ("2025-26-Q4", "2025-26-Q3", "2026-27-Q1"),
        ("2025-04", "2025-03", "2025-05"),
        ("2025-12", "2025-11", "2026-01"),
        ("2026-01", "2025-12", "2026-02"),
        ("2026-03", "2026-02", "2026-04"),
    ],
)
def test_previous_and_next_cross_year_boundaries(key, previous, following):
    assert P(key).previous() == P(previous)
    assert P(key).next() == P(following)


@pytest.mark.parametrize(
    ("key", "steps", "expected"),
    [
        ("2025-26-Q2", 4, "2026-27-Q2"),
        ("2025-26-Q2", -5, "2024-25-Q1"),
        ("2025-10", 12, "2026-10"),
        ("2025-10", -13, "2024-09"),
        ("2025-26", -26, "1999-00"),
        ("2025-26-Q3", 0, "2025-26-Q3"),
    ],
)
def test_shift_moves_whole_periods_of_the_same_frequency(key, steps, expected):
    assert P(key).shift(steps) == P(expected)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("2025-26", "2024-25"),
        ("2025-26-Q2", "2024-25-Q2"),
        ("2025-26-Q4", "2024-25-Q4"),
        ("2025-04", "2024-04"),
        ("2026-01", "2025-01"),
    ],
)
def test_same_period_last_year_keeps_the_position_in_the_year(key, expected):
    assert P(key).same_period_last_year() == P(expected)


def test_periods_of_the_same_frequency_sort_chronologically_across_new_year():
    assert P("2025-12") < P("2026-01") < P("2026-04")
    assert P("2024-25-Q4") < P("2025-26-Q1")


# --- which period a day falls in -----------------------------------------------------


@pytest.mark.parametrize(
    ("day", "frequency", "expected"),
    [
        (date(2026, 3, 31), ANNUAL, "2025-26"),
        (date(2026, 4, 1), ANNUAL, "2026-27"),
        (date(2025, 4, 1), ANNUAL, "2025-26"),
        (date(2026, 3, 31), QUARTERLY, "2025-26-Q4"),
        (date(2026, 4, 1), QUARTERLY, "2026-27-Q1"),
        (date(2025, 6, 30), QUARTERLY, "2025-26-Q1"),
        (date(2025, 7, 1), QUARTERLY, "2025-26-Q2"),
        (date(2025, 12, 31), QUARTERLY, "2025-26-Q3"),
        (date(2026, 1, 1), QUARTERLY, "2025-26-Q4"),
        (date(2026, 3, 31), MONTHLY, "2026-03"),
        (date(2026, 4, 1), MONTHLY, "2026-04"),
        (date(2024, 2, 29), MONTHLY, "2024-02"),
    ],
)
def test_containing_finds_the_period_a_day_falls_in(day, frequency, expected):
    assert Period.containing(day, frequency) == P(expected)


@pytest.mark.parametrize(
    ("today", "frequency", "expected"),
    [
        (date(2026, 4, 1), QUARTERLY, "2025-26-Q4"),
        (date(2026, 3, 31), QUARTERLY, "2025-26-Q3"),
        (date(2026, 4, 1), ANNUAL, "2025-26"),
        (date(2026, 3, 31), ANNUAL, "2024-25"),
        (date(2025, 5, 1), MONTHLY, "2025-04"),
        (date(2025, 4, 30), MONTHLY, "2025-03"),
        (date(2026, 1, 1), MONTHLY, "2025-12"),
    ],
)
def test_latest_ended_is_the_last_period_that_finished_before_today(today, frequency, expected):
    assert Period.latest_ended(today, frequency) == P(expected)


def test_has_ended_only_after_the_last_day():
    q2 = P("2025-26-Q2")
    assert not q2.has_ended(date(2025, 9, 30))
    assert q2.has_ended(date(2025, 10, 1))


# --- periods inside periods ------------------------------------------------------------


def test_a_year_has_four_quarters_in_order():
    assert P("2025-26").periods_of(QUARTERLY) == [P(f"2025-26-Q{q}") for q in (1, 2, 3, 4)]


def test_a_year_has_twelve_months_in_order_from_april_to_march():
    keys = [p.key for p in P("2025-26").periods_of(MONTHLY)]
    assert keys == [
        "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09",
        "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03",
    ]


def test_a_quarter_has_three_months_in_order():
    assert P("2025-26-Q4").periods_of(MONTHLY) == [P("2026-01"), P("2026-02"), P("2026-03")]


def test_a_year_is_the_only_annual_period_of_itself():
    assert P("2025-26").periods_of(ANNUAL) == [P("2025-26")]


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("2025-26", "2025-26", True),
        ("2025-26", "2025-26-Q4", True),
        ("2025-26", "2026-03", True),
        ("2025-26", "2025-04", True),
        ("2025-26", "2026-04", False),
        ("2025-26", "2025-03", False),
        ("2025-26", "2024-25-Q4", False),
        ("2025-26-Q2", "2025-08", True),
        ("2025-26-Q2", "2025-10", False),
        ("2025-26-Q1", "2025-03", False),
        ("2025-08", "2025-26-Q2", False),
        ("2025-26-Q2", "2025-26", False),
    ],
)
def test_contains_is_true_only_when_the_inner_period_lies_wholly_inside(outer, inner, expected):
    assert P(outer).contains(P(inner)) is expected


# --- properties ------------------------------------------------------------------------

_LIMIT = {ANNUAL: 1, QUARTERLY: 4, MONTHLY: 12}


def periods(first_year: int = 1950, last_year: int = 2950) -> st.SearchStrategy[Period]:
    return st.sampled_from(list(Frequency)).flatmap(
        lambda f: st.builds(
            Period,
            year=st.integers(first_year, last_year),
            frequency=st.just(f),
            index=st.integers(1, _LIMIT[f]),
        )
    )


days = st.dates(min_value=date(1900, 4, 1), max_value=date(2999, 3, 31))


@given(day=days, frequency=st.sampled_from(list(Frequency)))
def test_the_containing_period_starts_on_or_before_and_ends_on_or_after_the_day(day, frequency):
    period = Period.containing(day, frequency)
    assert period.frequency is frequency
    assert period.start <= day <= period.end


@given(period=periods(), data=st.data())
def test_shifting_forward_then_back_is_the_identity(period, data):
    reach = 40 * _LIMIT[period.frequency]  # up to 40 years either way, inside 1900..2999
    steps = data.draw(st.integers(-reach, reach), label="steps")
    assert period.shift(steps).shift(-steps) == period


@given(period=periods())
def test_consecutive_periods_leave_no_gap_and_no_overlap(period):
    assert period.end + timedelta(days=1) == period.next().start
    assert period.next().previous() == period


@given(period=periods())
def test_every_period_lies_inside_its_financial_year(period):
    assert period.fy.contains(period)
    assert period in period.fy.periods_of(period.frequency)


# In financial years 2012-13 to 2098-99 no month key can look like a year key (see below).
@given(period=periods(2012, 2098))
def test_parsing_a_periods_key_gives_back_the_period(period):
    assert Period.parse(period.key) == period


# The key scheme itself is ambiguous for one month a year from 2000 to 2011 (and
# 2100-2111): '2011-12' is both 2011/12 and December 2011. The year wins, as
# docs/periods.md says; councils' data in this product starts well after 2012.
@pytest.mark.parametrize(
    "period",
    [Period.month(2000, 1), Period.month(2003, 4), Period.month(2011, 12), Period.month(2100, 1)],
)
def test_a_key_that_reads_as_a_year_and_a_month_is_the_year(period):
    assert Period.parse(period.key) == Period.financial_year(period.calendar_year)


@pytest.mark.parametrize(("text", "key"), [
    ("Q2 2026/27", "2026-27-Q2"),
    ("q4  2025/26 ", "2025-26-Q4"),
    ("2025/26", "2025-26"),
    ("1999/00", "1999-00"),
    ("November 2026", "2026-11"),
    ("Nov 2026", "2026-11"),
    ("sept 2026", "2026-09"),
    ("March 2027", "2027-03"),
    ("2026-27-Q2", "2026-27-Q2"),  # a key is read too
    ("2026-11", "2026-11"),
])
def test_a_period_is_read_back_as_people_write_it(text, key):
    assert Period.from_label(text).key == key


@pytest.mark.parametrize("label", ["Q2 2026/27", "2025/26", "November 2026", "March 2027"])
def test_every_label_reads_back_as_its_period(label):
    assert Period.from_label(label).label == label


@pytest.mark.parametrize("text", [
    "Q5 2026/27", "2026/28", "Novxyz 2026", "Noember 2026", "Q2 2026", "", "2026", "Q2/2026/27",
])
def test_what_is_not_a_period_is_refused_with_how_to_write_one(text):
    with pytest.raises(PeriodError, match="not a"):
        Period.from_label(text)


@given(period=periods())
def test_any_periods_label_reads_back_as_that_period(period):
    assert Period.from_label(period.label) == period
    # A key is read as ``parse`` reads it (2008-09 is a year before it is a month).
    assert Period.from_label(period.key) == Period.parse(period.key)
