"""export_scorecard: the balanced scorecard as at the end of a period, as CSV or XLSX."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from kpis.models import SeriesBreak
from tests.factories import add_result, add_target, add_tolerance, make_indicator, make_org_unit

HEADER = [
    "code", "title", "level", "org_unit", "frequency", "period", "polarity", "target",
    "stretch_target", "actual", "previous", "rag", "dot", "exception", "stretch_met",
    "commentary",
]


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_scorecard", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def records(text: str) -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in csv.DictReader(io.StringIO(text))}


def scorecard(period: str = "2025-26-Q2") -> dict[str, dict[str, str]]:
    return records(export("--period", period))


@pytest.fixture
def register(db):
    """A small register with results on both sides of the end of Q2 2025/26."""
    education = make_org_unit("Children and Families / Education")
    quarterly = make_indicator(
        "Q01", title="Pupils attending", org_unit=education, level="corporate_kpi"
    )
    add_target(quarterly, "2025-26", 80, 90)
    add_result(quarterly, "2025-26-Q1", 70, "Slow start")
    add_result(quarterly, "2025-26-Q2", "91.50", "Strong summer")
    add_result(quarterly, "2025-26-Q3", 10, "After the period: ignored")

    monthly = make_indicator("M01", frequency="monthly", polarity="lower", unit="days")
    for month, actual in (("2025-08", 12), ("2025-09", 14), ("2025-10", 1)):
        add_target(monthly, month, 10)
        add_result(monthly, month, actual, f"Month {month}")

    annual = make_indicator("A01", frequency="annual")
    add_target(annual, "2024-25", 50)
    add_result(annual, "2023-24", 40)
    add_result(annual, "2024-25", 45, "Last year's figure")
    add_result(annual, "2025-26", 99)

    retired = make_indicator("R01", status="retired")
    add_result(retired, "2025-26-Q2", 5)
    make_indicator("N01", title="Nothing yet")
    return {"Q01": quarterly, "M01": monthly, "A01": annual}


# --- shape --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_header_names_the_columns_in_order(register):
    text = export("--period", "2025-26-Q2")

    assert text.splitlines()[0] == ",".join(HEADER)


@pytest.mark.django_db
def test_there_is_one_row_per_live_indicator_and_retired_ones_are_left_out(register):
    rows = scorecard()

    assert list(rows) == ["A01", "M01", "N01", "Q01"]


@pytest.mark.django_db
def test_an_empty_register_gives_just_the_header(db):
    assert export("--period", "2025-26-Q2") == ",".join(HEADER) + "\n"


@pytest.mark.django_db
def test_a_row_carries_the_indicator_the_figures_and_the_verdict(register):
    row = scorecard()["Q01"]

    assert row == {
        "code": "Q01", "title": "Pupils attending", "level": "corporate_kpi",
        "org_unit": "Children and Families / Education", "frequency": "quarterly",
        "period": "2025-26-Q2", "polarity": "higher", "target": "80", "stretch_target": "90",
        "actual": "91.5", "previous": "70", "rag": "GREEN", "dot": "IMPROVING",
        "exception": "", "stretch_met": "yes", "commentary": "Strong summer",
    }


@pytest.mark.django_db
def test_an_indicator_with_no_results_has_no_period_and_no_data(register):
    row = scorecard()["N01"]

    assert (row["period"], row["actual"], row["rag"], row["stretch_met"]) == (
        "", "", "NO_DATA", "no"
    )


# --- which result -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_result_after_the_end_of_the_period_is_ignored(register):
    assert scorecard()["Q01"]["period"] == "2025-26-Q2"
    assert scorecard("2025-26-Q3")["Q01"]["actual"] == "10"


@pytest.mark.django_db
def test_a_monthly_indicator_as_at_a_quarter_uses_its_last_month(register):
    row = scorecard()["M01"]

    assert (row["period"], row["actual"], row["previous"]) == ("2025-09", "14", "12")
    assert (row["rag"], row["dot"], row["exception"]) == ("RED", "DETERIORATING", "RED_SUSTAINED")
    assert (row["commentary"], row["stretch_met"]) == ("Month 2025-09", "no")


@pytest.mark.django_db
def test_an_annual_indicator_as_at_a_quarter_uses_the_last_completed_year(register):
    row = scorecard()["A01"]

    assert (row["period"], row["actual"], row["previous"], row["target"]) == (
        "2024-25", "45", "40", "50"
    )
    assert (row["rag"], row["dot"], row["commentary"]) == (
        "AMBER", "IMPROVING", "Last year's figure"
    )


@pytest.mark.django_db
def test_an_earlier_period_gives_an_earlier_scorecard(register):
    rows = scorecard("2025-26-Q1")

    assert (rows["Q01"]["period"], rows["Q01"]["rag"]) == ("2025-26-Q1", "RED")
    assert (rows["M01"]["period"], rows["M01"]["rag"]) == ("", "NO_DATA")
    assert rows["A01"]["period"] == "2024-25"


@pytest.mark.django_db
def test_the_export_agrees_with_the_engine_on_tolerance_breaks_and_roll_up(db):
    add_tolerance("council", pct=20)
    parent = make_indicator("P01", aggregation="mean")
    add_target(parent, "2025-26-Q2", 50)
    for code, actuals in (("C01", (40, 40)), ("C02", (60, 50))):
        child = make_indicator(code, parent=parent)
        add_result(child, "2025-26-Q1", actuals[0])
        add_result(child, "2025-26-Q2", actuals[1])
    add_target(parent, "2025-26-Q1", 60)
    SeriesBreak.objects.create(indicator=parent, period="2025-26-Q2", reason="New measure")

    row = scorecard()["P01"]

    assert (row["period"], row["actual"], row["previous"]) == ("2025-26-Q2", "45", "")
    assert (row["rag"], row["dot"]) == ("AMBER", "NOT_COMPARABLE")
    assert scorecard("2025-26-Q1")["P01"]["rag"] == "AMBER"  # mean 50, band 12 under 60


# --- formats and files --------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_can_be_written_to_a_file(register, tmp_path):
    path = tmp_path / "scorecard.csv"

    stdout = export("--period", "2025-26-Q2", "--output", str(path))

    assert stdout == ""
    assert list(records(path.read_text(encoding="utf-8"))) == ["A01", "M01", "N01", "Q01"]
    assert path.read_text(encoding="utf-8") == export("--period", "2025-26-Q2")


@pytest.mark.django_db
@pytest.mark.parametrize("format_args", [["--format", "xlsx"], []])
def test_xlsx_output_is_readable_with_numbers_as_numbers(register, tmp_path, format_args):
    path = tmp_path / "scorecard.xlsx"

    export("--period", "2025-26-Q2", "--output", str(path), *format_args)

    sheet = load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    by_code = {row[0]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    assert list(by_code) == ["A01", "M01", "N01", "Q01"]
    q01 = by_code["Q01"]
    for column, value in (("target", 80), ("stretch_target", 90), ("actual", 91.5),
                          ("previous", 70)):
        assert isinstance(q01[column], int | float) and not isinstance(q01[column], bool)
        assert q01[column] == value
    assert (q01["rag"], q01["stretch_met"], q01["period"]) == ("GREEN", "yes", "2025-26-Q2")
    assert by_code["N01"]["actual"] is None


@pytest.mark.django_db
def test_xlsx_with_no_output_file_is_written_to_standard_output_as_bytes(register, capsysbinary):
    export("--period", "2025-26-Q2", "--format", "xlsx")

    data = capsysbinary.readouterr().out
    assert data[:4] == b"PK\x03\x04"
    rows = list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER and len(rows) == 5


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["2025-26-Q5", "2025-27", "Q2", "", "2025/26"])
def test_a_bad_period_is_a_command_error(register, period, tmp_path):
    path = tmp_path / "scorecard.csv"

    with pytest.raises(CommandError, match="period"):
        export("--period", period, "--output", str(path))

    assert not path.exists()


@pytest.mark.django_db
def test_the_period_is_required(db):
    with pytest.raises(CommandError):
        export()


@pytest.mark.django_db
def test_an_unknown_format_is_a_command_error(db):
    with pytest.raises(CommandError):
        export("--period", "2025-26-Q2", "--format", "pdf")
