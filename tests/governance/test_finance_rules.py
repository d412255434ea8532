"""Reading the finance system's export (governance/finance.py): every row checked, every
problem named by its row; plain Python."""

from __future__ import annotations

from decimal import Decimal

import pytest

from governance.finance import Position, Unit, read_rows, total, variance, variance_percent

UNITS = [
    Unit(1, "Resources", "Resources", True),
    Unit(2, "Finance", "Resources", False),
    Unit(3, "Digital and IT", "Resources", False),
    Unit(4, "Place", "Place", True),
    Unit(5, "Highways", "Place", False),
]
COLUMNS = ["directorate", "service", "budget", "forecast", "variance", "commentary"]


def rows(*cells: dict[str, str]):
    return [(n, c) for n, c in enumerate(cells, start=2)]


def read(*cells, columns=COLUMNS):
    return read_rows(columns, rows(*cells), UNITS)


def test_a_clean_export_is_read_row_by_row():
    kept, problems = read(
        {"directorate": "Resources", "service": "", "budget": "1,000", "forecast": "1100"},
        {"directorate": "resources", "service": "FINANCE", "budget": "£2,500,000",
         "forecast": "2,400,000", "variance": "-100,000", "commentary": "Vacancies"},
    )
    assert problems == []
    assert [(r.row, r.directorate_id, r.service_id) for r in kept] == [(2, 1, None), (3, 1, 2)]
    assert kept[1].budget == Decimal(2_500_000) and kept[1].variance == Decimal(-100_000)
    assert kept[1].commentary == "Vacancies"


def test_a_negative_in_brackets_is_read_as_finance_systems_write_it():
    kept, problems = read({"directorate": "Place", "service": "Highways", "budget": "500",
                           "forecast": "450", "variance": "(50)"})
    assert problems == [] and kept[0].variance == Decimal(-50)


def test_other_names_for_the_columns_are_understood():
    kept, problems = read_rows(
        ["Directorate", "Service", "Revenue budget", "Forecast outturn"],
        [(2, {"Directorate": "Place", "Service": "", "Revenue budget": "10",
              "Forecast outturn": "12"})], UNITS,
    )
    assert problems == [] and kept[0].forecast == Decimal(12)


def test_a_file_without_the_columns_is_refused_whole():
    kept, problems = read({"directorate": "Place"}, columns=["directorate", "budget"])
    assert kept == []
    assert problems == ["The file has no forecast column: the first row must name the columns "
                        "directorate, budget, forecast, service, variance, commentary"]


def test_an_empty_file_is_refused():
    assert read()[1] == ["The file has no rows of figures"]


@pytest.mark.parametrize(("cells", "problem"), [
    ({"directorate": "", "budget": "1", "forecast": "1"}, "Row 2: enter the directorate"),
    ({"directorate": "Nowhere", "budget": "1", "forecast": "1"},
     "Row 2: there is no directorate called 'Nowhere'"),
    ({"directorate": "Place", "service": "Finance", "budget": "1", "forecast": "1"},
     "Row 2: Place has no service called 'Finance'"),
    ({"directorate": "Place", "budget": "", "forecast": "1"}, "Row 2: enter the budget"),
    ({"directorate": "Place", "budget": "1", "forecast": ""},
     "Row 2: enter the forecast outturn"),
    ({"directorate": "Place", "budget": "lots", "forecast": "1"},
     "Row 2, budget: You typed 'lots', which is not a number"),
    ({"directorate": "Place", "budget": "1", "forecast": "5%"},
     "Row 2, forecast outturn: You typed '5%', but this figure is in pounds"),
    ({"directorate": "Place", "budget": "1e6", "forecast": "1"},
     "Row 2, budget: You typed '1e6', which is in exponent notation"),
    ({"directorate": "Place", "budget": "100", "forecast": "120", "variance": "10"},
     "Row 2: the variance £10 is not the forecast outturn less the budget (£20)"),
    ({"directorate": "Place", "budget": "1", "forecast": "1", "commentary": "x" * 2001},
     "Row 2: the commentary is longer than 2,000 characters"),
])
def test_each_bad_row_is_named_with_its_problem(cells, problem):
    kept, problems = read(cells)
    assert kept == []
    assert problems[0].startswith(problem)


def test_the_same_directorate_and_service_twice_is_refused():
    line = {"directorate": "Place", "service": "Highways", "budget": "1", "forecast": "1"}
    kept, problems = read(line, dict(line))
    assert problems == ["Row 3: the same directorate and service as row 2"]


def test_every_problem_in_the_file_is_reported_not_just_the_first():
    _, problems = read(
        {"directorate": "Nowhere", "budget": "1", "forecast": "1"},
        {"directorate": "Place", "budget": "x", "forecast": "y"},
    )
    assert [p.split(":")[0] for p in problems] == [
        "Row 2", "Row 3, budget", "Row 3, forecast outturn"]


def test_variance_is_forecast_outturn_less_budget_so_an_overspend_is_positive():
    assert variance(Decimal(100), Decimal(110)) == Decimal(10)
    assert variance_percent(Decimal(200), Decimal(190)) == Decimal("-5.0")
    assert variance_percent(Decimal(0), Decimal(10)) is None


def test_a_position_says_over_under_or_on_budget_and_totals_add_up():
    over = Position("A", Decimal(100), Decimal(130))
    under = Position("B", Decimal(50), Decimal(40))
    assert (over.direction, under.direction) == ("Overspend", "Underspend")
    assert Position("C", Decimal(1), Decimal(1)).direction == "On budget"
    both = total("Council", [over, under])
    assert (both.budget, both.forecast, both.variance) == (Decimal(150), Decimal(170), Decimal(20))
