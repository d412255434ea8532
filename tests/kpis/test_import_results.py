"""import_results: results and targets by code and period from CSV or XLSX, all or nothing."""

from __future__ import annotations

import csv
import io
import zoneinfo
from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from kpis.models import FormerCode, Result, Target
from reporting.periods import Period
from reporting.ratings import RatingBook
from tests.factories import add_result, add_target, importer, make_indicator

LONDON = zoneinfo.ZoneInfo("Europe/London")
COLUMNS = ["code", "period", "actual", "target", "stretch_target", "commentary"]


@pytest.fixture(autouse=True)
def _today():
    moment = datetime(2026, 11, 23, 12, tzinfo=LONDON)
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def quarterly(db):
    return make_indicator("Q01", frequency="quarterly")


@pytest.fixture
def monthly(db):
    return make_indicator("M01", frequency="monthly")


def write_csv(tmp_path, rows, columns=COLUMNS, name="results.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run(path) -> str:
    out = io.StringIO()
    call_command(
        "import_results", str(path), "--user", importer(), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_failing(path) -> tuple[str, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command(
        "import_results", str(path), "--user", importer(), stdout=io.StringIO(), stderr=err)
    return err.getvalue(), str(info.value)


def counts() -> tuple[int, int]:
    return Result.objects.count(), Target.objects.count()


def snapshot():
    return (
        sorted(Result.objects.values_list("indicator__code", "period", "actual", "commentary")),
        sorted(Target.objects.values_list("indicator__code", "period", "target", "stretch_target")),
    )


# --- creating and updating ----------------------------------------------------------------


@pytest.mark.django_db
def test_it_creates_results_and_the_targets_given_with_them(tmp_path, quarterly):
    out = run(write_csv(tmp_path, [
        ["Q01", "2025-26-Q1", "81.5", "80", "90", "Better than expected"],
        ["Q01", "2025-26-Q2", "79", "", "", ""],
    ]))

    q1 = Result.objects.get(indicator=quarterly, period="2025-26-Q1")
    assert q1.actual == Decimal("81.5")
    assert q1.commentary == "Better than expected"
    assert q1.entered_at is not None
    assert (q1.period_start.isoformat(), q1.period_end.isoformat()) == (
        "2025-04-01", "2025-06-30"
    )
    target = Target.objects.get(indicator=quarterly)
    assert (target.period, target.target, target.stretch_target) == (
        "2025-26-Q1", Decimal("80"), Decimal("90")
    )
    assert Result.objects.get(period="2025-26-Q2").actual == Decimal("79")
    assert "2 created" in out


@pytest.mark.django_db
def test_it_updates_a_result_by_code_and_period(tmp_path, quarterly):
    add_result(quarterly, "2025-26-Q1", 70, "First go")
    add_target(quarterly, "2025-26-Q1", 80, 90)

    run(write_csv(tmp_path, [["Q01", "2025-26-Q1", "72", "85", "", "Corrected"]]))

    assert counts() == (1, 1)
    result = Result.objects.get()
    assert (result.actual, result.commentary) == (Decimal("72"), "Corrected")
    target = Target.objects.get()
    assert (target.target, target.stretch_target) == (Decimal("85"), Decimal("90"))


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(tmp_path, quarterly):
    path = write_csv(tmp_path, [
        ["Q01", "2025-26-Q1", "81.50", "80", "90", "Note"],
        ["Q01", "2025-26", "", "82", "", ""],
    ])
    run(path)
    before = snapshot()
    stamps = sorted(Result.objects.values_list("updated_at", flat=True))

    out = run(path)

    assert snapshot() == before
    assert sorted(Result.objects.values_list("updated_at", flat=True)) == stamps
    assert "0 created, 0 updated, 2 unchanged" in out


@pytest.mark.django_db
def test_a_blank_actual_means_no_data_yet(tmp_path, quarterly):
    run(write_csv(tmp_path, [["Q01", "2025-26-Q2", "", "80", "", "Awaiting return"]]))

    assert Result.objects.get().actual is None
    book = RatingBook.load(Period.parse("2025-26-Q2").end)
    assert book.rate(quarterly.id, Period.parse("2025-26-Q2")).assessment.rag == "NO_DATA"


@pytest.mark.django_db
def test_a_year_row_with_blank_actual_sets_the_annual_target_of_a_quarterly_indicator(
    tmp_path, quarterly
):
    run(write_csv(tmp_path, [
        ["Q01", "2025-26", "", "80", "95", ""],
        ["Q01", "2025-26-Q2", "96", "", "", ""],
    ]))

    target = Target.objects.get()
    assert (target.period, target.target, target.stretch_target) == (
        "2025-26", Decimal("80"), Decimal("95")
    )
    assert list(Result.objects.values_list("period", flat=True)) == ["2025-26-Q2"]
    book = RatingBook.load(Period.parse("2025-26-Q2").end)
    rating = book.rate(quarterly.id, Period.parse("2025-26-Q2"))
    assert rating.rules.target == Decimal("80")
    assert rating.assessment.rag == "GREEN" and rating.assessment.stretch_met


@pytest.mark.django_db
def test_a_former_code_resolves_to_the_indicator(tmp_path, quarterly):
    FormerCode.objects.create(indicator=quarterly, code="OLD-7", until="2024-25")

    run(write_csv(tmp_path, [["OLD-7", "2025-26-Q1", "50", "", "", ""]]))

    assert Result.objects.get().indicator == quarterly


# --- numbers ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "value"),
    [("1,234.5", "1234.5"), ("+1,234", "1234"), ("85%", "85"), (" -3 ", "-3"),
     ("1000.000", "1000")],
)
def test_numbers_as_people_type_them_are_accepted(tmp_path, quarterly, text, value):
    run(write_csv(tmp_path, [["Q01", "2025-26-Q1", text, text, "", ""]]))

    assert Result.objects.get().actual == Decimal(value)
    assert Target.objects.get().target == Decimal(value)


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["abc", "NaN", "1e999", "1e3", "Infinity", "12..5", "0.1234567"])
def test_an_actual_that_is_not_a_storable_number_is_rejected(tmp_path, quarterly, text):
    problems, _ = run_failing(write_csv(tmp_path, [["Q01", "2025-26-Q1", text, "", "", ""]]))

    assert problems.startswith("Row 2: actual") or problems.startswith(f"Row 2: '{text}'")
    assert counts() == (0, 0)


@pytest.mark.django_db
def test_a_non_numeric_target_is_rejected(tmp_path, quarterly):
    problems, _ = run_failing(write_csv(tmp_path, [["Q01", "2025-26", "", "lots", "", ""]]))

    assert "Row 2:" in problems and "lots" in problems
    assert counts() == (0, 0)


# --- periods ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "period"),
    [("Q01", "2025-09"), ("Q01", "2025-26-Q5"), ("M01", "2025-26-Q2"), ("M01", "2025-26"),
     ("Q01", "2025-27"), ("Q01", "Q2"), ("Q01", "")],
)
def test_a_period_that_is_not_one_of_the_indicators_periods_is_rejected(
    tmp_path, quarterly, monthly, code, period
):
    problems, _ = run_failing(write_csv(tmp_path, [[code, period, "50", "", "", ""]]))

    assert problems.startswith("Row 2:")
    assert "period" in problems
    assert counts() == (0, 0)


@pytest.mark.django_db
def test_a_target_only_row_for_a_period_of_the_wrong_frequency_is_rejected(tmp_path, quarterly):
    problems, _ = run_failing(write_csv(tmp_path, [["Q01", "2025-10", "", "80", "", ""]]))

    assert "Row 2: Q01 is reported quarterly" in problems
    assert counts() == (0, 0)


@pytest.mark.django_db
def test_an_actual_for_a_quarter_that_has_not_ended_is_rejected(tmp_path, quarterly):
    problems, _ = run_failing(write_csv(tmp_path, [
        ["Q01", "2026-27-Q2", "50", "", "", ""],
        ["Q01", "2026-27-Q3", "50", "", "", ""],
    ]))

    assert problems.startswith("Row 3:")
    assert "has not ended yet" in problems and "31 December 2026" in problems
    assert "Row 2" not in problems
    assert counts() == (0, 0)


@pytest.mark.django_db
def test_an_actual_for_this_month_is_rejected_but_last_month_is_accepted(tmp_path, monthly):
    problems, _ = run_failing(write_csv(tmp_path, [["M01", "2026-11", "5", "", "", ""]]))
    assert "Row 2:" in problems and "has not ended yet" in problems

    run(write_csv(tmp_path, [["M01", "2026-10", "5", "", "", ""]]))
    assert Result.objects.get().period == "2026-10"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "accepted"),
    [(datetime(2026, 10, 1, 0, 30, tzinfo=LONDON), True),
     (datetime(2026, 9, 30, 23, 30, tzinfo=LONDON), False)],
)
def test_whether_a_period_has_ended_is_judged_by_the_date_in_london(
    tmp_path, quarterly, moment, accepted
):
    path = write_csv(tmp_path, [["Q01", "2026-27-Q2", "50", "", "", ""]])

    with time_machine.travel(moment, tick=False):
        if accepted:
            run(path)
        else:
            run_failing(path)

    assert Result.objects.exists() is accepted


@pytest.mark.django_db
def test_a_target_for_a_future_period_is_accepted(tmp_path, quarterly):
    run(write_csv(tmp_path, [["Q01", "2026-27-Q4", "", "75", "", ""]]))

    assert Target.objects.get().period == "2026-27-Q4"


# --- indicators that cannot take actuals --------------------------------------------------


@pytest.mark.django_db
def test_an_actual_for_a_retired_indicator_is_rejected(tmp_path):
    make_indicator("OLD", status="retired")

    problems, _ = run_failing(write_csv(tmp_path, [["OLD", "2025-26-Q1", "50", "", "", ""]]))

    assert "Row 2: OLD is retired" in problems
    assert counts() == (0, 0)


@pytest.mark.django_db
def test_an_actual_for_a_rolled_up_parent_is_rejected(tmp_path):
    make_indicator("SUM", aggregation="sum")

    problems, _ = run_failing(write_csv(tmp_path, [["SUM", "2025-26-Q1", "50", "", "", ""]]))

    assert "Row 2:" in problems and "rolled up" in problems
    assert counts() == (0, 0)


@pytest.mark.django_db
def test_an_unknown_code_is_rejected(tmp_path, quarterly):
    problems, _ = run_failing(write_csv(tmp_path, [["ZZ9", "2025-26-Q1", "50", "", "", ""]]))

    assert "Row 2: code 'ZZ9' is not in the register" in problems


@pytest.mark.django_db
def test_the_same_code_and_period_twice_is_rejected_even_via_a_former_code(tmp_path, quarterly):
    FormerCode.objects.create(indicator=quarterly, code="OLD-7")

    problems, _ = run_failing(write_csv(tmp_path, [
        ["Q01", "2025-26-Q1", "50", "", "", ""],
        ["OLD-7", "2025-26-Q1", "51", "", "", ""],
    ]))

    assert "Row 3: Q01 Q1 2025/26 is also on row 2" in problems
    assert counts() == (0, 0)


@pytest.mark.django_db
def test_missing_required_columns_are_reported_on_row_1(tmp_path, quarterly):
    problems, _ = run_failing(write_csv(tmp_path, [["Q01", "50"]], columns=["code", "actual"]))

    assert problems.startswith("Row 1:") and "period" in problems
    assert counts() == (0, 0)


@pytest.mark.django_db
def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_written(
    tmp_path, quarterly, monthly
):
    add_result(quarterly, "2025-26-Q1", 70, "Original")
    add_target(quarterly, "2025-26-Q1", 80)
    before = snapshot()
    rows = [
        ["Q01", "2025-26-Q1", "99", "99", "", "Would overwrite"],   # row 2: good update
        ["Q01", "2025-26-Q2", "abc", "", "", ""],                  # row 3
        ["M01", "2025-09", "12", "", "", ""],                      # row 4: good
        [],                                                        # row 5: blank line
        ["NOPE", "2025-26-Q9", "", "", "", ""],                    # row 6: two problems
        ["Q01", "2025-26", "", "85", "", ""],                      # row 7: good target
        ["M01", "2026-12", "3", "", "", ""],                       # row 8: not ended
    ]

    problems, message = run_failing(write_csv(tmp_path, rows))

    assert [line.split(":")[0] for line in problems.splitlines()] == [
        "Row 3", "Row 6", "Row 6", "Row 8",
    ]
    assert "4 problem(s)" in message and "nothing was changed" in message
    assert snapshot() == before
    assert not Result.objects.filter(indicator=monthly).exists()
    assert not Target.objects.filter(period="2025-26").exists()


# --- file formats -------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_reads_an_xlsx_workbook_with_numbers_and_an_excel_date_for_a_month(tmp_path, monthly):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append(["M01", datetime(2025, 9, 1), 81.25, 80, None, "From Excel"])
    sheet.append(["M01", "2025-10", 1234, None, None, None])
    sheet["B2"].number_format = "mmm-yy"
    path = tmp_path / "results.xlsx"
    workbook.save(path)

    run(path)

    september = Result.objects.get(period="2025-09")
    assert september.indicator == monthly
    assert september.actual == Decimal("81.25")
    assert september.commentary == "From Excel"
    assert Target.objects.get(period="2025-09").target == Decimal("80")
    assert Result.objects.get(period="2025-10").actual == Decimal("1234")


@pytest.mark.django_db
def test_xlsx_problems_carry_the_row_numbers_excel_shows(tmp_path, quarterly):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append(["Q01", "2025-26-Q1", 50, None, None, None])
    for column, value in zip("ABC", ["Q01", "2025-26-Q2", "n/a"], strict=True):
        sheet[f"{column}5"] = value  # rows 3 and 4 left empty
    path = tmp_path / "results.xlsx"
    workbook.save(path)

    problems, _ = run_failing(path)

    assert problems.startswith("Row 5:") and "Row 2" not in problems
    assert counts() == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("results.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"),
        ("results.xlsx", b"\xff\xfe\x00garbage"),
        ("results.csv", b""),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_gives_a_clear_error(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)

    _, message = run_failing(path)

    assert str(path) in message and "Nothing was changed" in message
    assert "not" in message or "empty" in message


def test_a_row_with_only_a_target_keeps_the_result_already_entered(tmp_path, quarterly):
    add_result(quarterly, "2025-26-Q2", "61.5", commentary="Two posts vacant.")
    run(write_csv(tmp_path, [["Q01", "2025-26-Q2", "", "70", "", ""]]))
    result = Result.objects.get(indicator=quarterly, period="2025-26-Q2")
    assert (result.actual, result.commentary) == (Decimal("61.5"), "Two posts vacant.")
    assert Target.objects.get(indicator=quarterly, period="2025-26-Q2").target == 70


def test_a_bad_number_names_its_column(tmp_path, quarterly):
    errors, _ = run_failing(write_csv(tmp_path, [["Q01", "2025-26-Q2", "", "ten", "", ""]]))
    assert "Row 2: target: You typed 'ten', which is not a number: enter a number like 85.5" in (
        errors
    )


def test_a_row_with_only_a_reported_rag_keeps_the_result_already_entered(tmp_path, quarterly):
    add_result(quarterly, "2025-26-Q2", "61.5", commentary="Two posts vacant.")
    columns = ["code", "period", "reported_rag"]
    run(write_csv(tmp_path, [["Q01", "2025-26-Q2", "Amber"]], columns=columns))
    result = Result.objects.get(indicator=quarterly, period="2025-26-Q2")
    assert (result.actual, result.commentary, result.reported_rag) == (
        Decimal("61.5"), "Two posts vacant.", "AMBER"
    )
