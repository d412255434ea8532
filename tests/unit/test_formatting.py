"""Unit tests for reporting.formatting: figures, tolerances, periods and moments as people
read them. Rounding is half up (87.65 to one place is 87.7), as councils and spreadsheets
round."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from reporting.formatting import (
    band_text,
    date_text,
    default_places,
    figure,
    moment_text,
    number_text,
    period_label,
    tolerance_text,
    when_text,
)
from reporting.numbers import parse_decimal
from reporting.periods import Period

D = Decimal

# --- figures: every unit ----------------------------------------------------------------

FIGURES = [
    # unit, places, value, shown
    ("currency", 0, "6692013", "£6,692,013"),
    ("currency", 0, "6692013.000000", "£6,692,013"),
    ("currency", 0, "6692012.5", "£6,692,013"),
    ("currency", 0, "-1200", "-£1,200"),
    ("currency", 0, "0", "£0"),
    ("currency", 2, "75.5", "£75.50"),
    ("currency", 2, "75.00", "£75"),  # GOV.UK: no pence when there are none
    ("currency", 2, "-0.004", "£0"),
    ("currency", 2, "-1234.567", "-£1,234.57"),
    ("currency", 0, "99999999999999.999999", "£100,000,000,000,000"),
    ("percent", 1, "87.6", "87.6%"),
    ("percent", 1, "88.300000", "88.3%"),
    ("percent", 1, "87", "87.0%"),
    ("percent", 1, "87.65", "87.7%"),
    ("percent", 1, "87.75", "87.8%"),
    ("percent", 1, "87.64999", "87.6%"),
    ("percent", 0, "99.5", "100%"),
    ("percent", 1, "-3.25", "-3.3%"),
    ("percent", 1, "-0.04", "0.0%"),
    ("percent", 1, "0", "0.0%"),
    ("percent", 2, "1234.5", "1,234.50%"),
    ("days", 2, "2.21", "2.21 days"),
    ("days", 2, "2.205", "2.21 days"),
    ("days", 0, "1", "1 day"),
    ("days", 1, "1", "1.0 days"),
    ("days", 0, "0", "0 days"),
    ("days", 0, "-1", "-1 day"),
    ("days", 1, "1234.56", "1,234.6 days"),
    ("number", 0, "1234", "1,234"),
    ("number", 0, "1234.5", "1,235"),
    ("number", 0, "-1234.5", "-1,235"),
    ("number", 0, "0", "0"),
    ("number", 3, "0.1", "0.100"),
    ("number", 0, "12345678901234", "12,345,678,901,234"),
    ("ratio", 2, "3.14159", "3.14"),
    ("ratio", 2, "0.005", "0.01"),
    ("ratio", 6, "0.123456", "0.123456"),
    ("", None, "88.300000", "88.3"),
    ("", None, "1E+2", "100"),
    ("", None, "-0.000", "0"),
    ("", None, "1250000.5", "1,250,000.5"),
    ("currency", None, "1250.50", "£1,250.5"),
    ("percent", None, "91.20", "91.2%"),
    ("days", None, "12", "12 days"),
]


@pytest.mark.parametrize(("unit", "places", "value", "shown"), FIGURES)
def test_a_figure_is_written_with_its_unit_separators_and_places(unit, places, value, shown):
    assert figure(D(value), unit, places) == shown


def test_every_unit_of_the_register_is_covered():
    from kpis.models import Indicator

    assert {unit for unit, *_ in FIGURES if unit} == set(Indicator.Unit.values)


def test_no_figure_is_empty_unless_the_caller_names_it():
    assert figure(None, "percent", 1) == ""
    assert figure(None, "percent", 1, missing="No figure") == "No figure"


def test_numbers_that_are_not_decimals_are_taken_exactly():
    assert figure(12, "currency", 0) == "£12"
    assert figure(D("0.1") + D("0.2"), "ratio", 2) == "0.30"


def test_places_out_of_range_are_held_to_zero_to_six():
    assert number_text(D("1.23456789"), 9) == "1.234568"
    assert number_text(D("1.5"), -1) == "2"


@given(st.decimals(min_value=D("-99999999999999"), max_value=D("99999999999999"), places=6,
                   allow_nan=False, allow_infinity=False),
       st.sampled_from(["percent", "currency", "days", "number", "ratio"]),
       st.integers(min_value=0, max_value=6))
def test_a_figure_reads_back_as_the_value_rounded_half_up(value, unit, places):
    shown = figure(value, unit, places)
    assert "E" not in shown
    if places < 6:  # never more places than the indicator's own (six may be its own)
        assert ".000000" not in shown
    typed = shown.removesuffix(" days").removesuffix(" day")
    back = parse_decimal(typed, unit=unit)
    assert back == value.quantize(D(1).scaleb(-places), rounding="ROUND_HALF_UP")


@pytest.mark.parametrize(("unit", "places"), [
    ("percent", 1), ("currency", 0), ("days", 1), ("number", 0), ("ratio", 2), ("unknown", 0),
])
def test_each_unit_has_a_sensible_default_number_of_places(unit, places):
    assert default_places(unit) == places


# --- tolerances -------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "unit", "places", "shown"), [
    ("8.8", "percent", 1, "8.8 percentage points"),
    ("8.76", "percent", 1, "8.8 percentage points"),
    ("1", "percent", 0, "1 percentage point"),
    ("0.04", "percent", 1, "0.04 percentage points"),  # never rounded away to nothing
    ("5000", "currency", 0, "£5,000"),
    ("-5000", "currency", 0, "£5,000"),
    ("2", "days", 0, "2 days"),
    ("1", "days", 0, "1 day"),
    ("5", "number", 0, "5"),
    ("0", "number", 0, "0"),
])
def test_a_band_is_written_in_the_indicators_own_units(width, unit, places, shown):
    assert band_text(D(width), unit, places) == shown


def test_an_absolute_tolerance_says_its_unit():
    assert tolerance_text(absolute=D("8.8"), unit="percent", places=1) == (
        "within 8.8 percentage points of the target")
    assert tolerance_text(absolute=D("5000"), unit="currency", places=0) == (
        "within £5,000 of the target")
    assert tolerance_text(absolute=D("2"), unit="days", places=0) == "within 2 days of the target"


def test_a_relative_tolerance_is_a_percentage_of_the_target():
    assert tolerance_text(percent=D("5"), unit="currency", places=0) == "within 5% of the target"
    assert tolerance_text(percent=D("12.50"), unit="percent") == "within 12.5% of the target"


def test_an_absolute_tolerance_wins_over_a_relative_one():
    assert tolerance_text(absolute=D("3"), percent=D("10"), unit="number", places=0) == (
        "within 3 of the target")


def test_no_tolerance_is_nothing():
    assert tolerance_text() == ""


# --- periods and moments ----------------------------------------------------------------


@pytest.mark.parametrize(("period", "label"), [
    ("2026-27-Q2", "Q2 2026/27"),
    ("2026-09", "September 2026"),
    ("2026-27", "2026/27"),
    ("2027-03", "March 2027"),
    (Period.quarter(2026, 2), "Q2 2026/27"),
    ("not a period", "not a period"),
    (None, ""),
])
def test_periods_read_as_people_say_them(period, label):
    assert period_label(period) == label


def test_a_date_reads_in_full():
    assert date_text(date(2026, 11, 30)) == "30 November 2026"
    assert date_text(date(2026, 4, 1)) == "1 April 2026"


def test_a_moment_is_on_uk_time_in_winter_and_summer():
    assert moment_text(datetime(2026, 11, 30, 22, 36, 59, 123456, tzinfo=UTC)) == (
        "30 November 2026, 22:36")  # GMT
    assert moment_text(datetime(2026, 6, 30, 23, 15, tzinfo=UTC)) == "1 July 2026, 00:15"  # BST


def test_a_naive_moment_is_taken_as_uk_time():
    assert moment_text(datetime(2026, 6, 30, 9, 5)) == "30 June 2026, 09:05"


def test_a_datetimes_date_is_its_uk_date():
    assert date_text(datetime(2026, 6, 30, 23, 15, tzinfo=UTC)) == "1 July 2026"


def test_when_writes_dates_and_moments_and_says_what_is_missing():
    assert when_text(date(2026, 11, 30)) == "30 November 2026"
    assert when_text(datetime(2026, 11, 30, 22, 36, tzinfo=UTC)) == "30 November 2026, 22:36"
    assert when_text(None) == ""
    assert when_text(None, missing="Never") == "Never"


# --- the template filters ---------------------------------------------------------------


class Measure:
    def __init__(self, unit: str, decimal_places: int | None) -> None:
        self.unit, self.decimal_places = unit, decimal_places


def render(text: str, **context) -> str:
    return Template("{% load figures %}" + text).render(Context(context))


@pytest.mark.parametrize(("measure", "value", "shown"), [
    (Measure("currency", 0), "6692013.000000", "£6,692,013"),
    (Measure("percent", 1), "88.300000", "88.3%"),
    (Measure("days", 2), "2.21", "2.21 days"),
    (Measure("number", 0), "1234", "1,234"),
    (Measure("percent", None), "87.63", "87.6%"),  # no places: the unit's default
    ("percent", "87.63", "87.6%"),
    (None, "88.300000", "88.3"),
])
def test_the_figure_filter_uses_the_indicators_unit_and_places(measure, value, shown):
    assert render("{{ v|figure:m }}", v=D(value), m=measure) == shown


def test_the_figure_filter_leaves_a_missing_value_to_default():
    assert render('{{ v|figure:m|default:"Not entered" }}', v=None,
                  m=Measure("percent", 1)) == "Not entered"


def test_the_band_period_and_when_filters():
    m = Measure("percent", 1)
    assert render("{{ b|band:m }}", b=D("8.76"), m=m) == "8.8 percentage points"
    assert render("{{ p|period_label }}", p="2026-27-Q2") == "Q2 2026/27"
    assert render("{{ t|when }}", t=datetime(2026, 11, 30, 22, 36, tzinfo=UTC)) == (
        "30 November 2026, 22:36")
    assert render("{{ t|when }}", t=date(2026, 11, 30)) == "30 November 2026"
