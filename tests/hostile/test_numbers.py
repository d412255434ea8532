"""One number parser for the form, the bulk upload and the imports: hostile numbers get a
message that says what was typed and what is expected, never a 500 or a silent 0."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from kpis.models import Result, Target
from reporting.numbers import NumberError, parse_decimal
from tests.factories import add_target, importer, make_indicator, make_user

ACCEPTED = [
    ("1,234.5", "1234.5"), ("£1,234", "1234"), ("85%", "85"), ("-3", "-3"), (".5", "0.5"),
    (" 42 ", "42"), ("-£5", "-5"), ("1,234,567.000001", "1234567.000001"),
    ("99999999999999.999999", "99999999999999.999999"), ("0.50000000", "0.5"), ("-0", "0"),
]

REFUSED = [
    ("1e999999999", "You typed '1e999999999', which is in exponent notation: enter the "
                    "number in full, like 1250000"),
    ("1e-999999999", "You typed '1e-999999999', which is in exponent notation"),
    ("1E5", "which is in exponent notation"),
    ("0.0000000001", "You typed '0.0000000001': enter the number to no more than 6 decimal "
                     "places"),
    ("1_000", "You typed '1_000': enter the number without underscores, like 1000"),
    ("１２", "You typed '１２': enter the number with the digits 0 to 9, like 12"),
    ("٣٤", "enter the number with the digits 0 to 9, like 34"),
    ("NaN", "You typed 'NaN', which is not a number: enter a number like 85.5"),
    ("Infinity", "which is not a number"),
    ("sNaN", "which is not a number"),
    ("12,5", "You typed '12,5': commas can only separate thousands, like 1,250; for a decimal "
             "use a point, like 12.5"),
    ("123456789012345", "You typed '123456789012345': enter a number smaller than "
                        "100,000,000,000,000"),
    ("--3", "which is not a number"),
    ("£5%", "which is not a number"),
]


@pytest.mark.parametrize(("text", "value"), ACCEPTED)
def test_numbers_as_people_type_them(text, value):
    parsed = parse_decimal(text)
    assert parsed == Decimal(value) and str(parsed) == value


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_hostile_numbers_are_refused_saying_what_was_typed(text, message):
    with pytest.raises(NumberError) as error:
        parse_decimal(text)
    assert message in str(error.value)


@pytest.mark.parametrize(("text", "unit", "message"), [
    ("50%", "number", "You typed '50%', but CNT1 is a count: enter a number like 50"),
    ("£12", "days", "You typed '£12', but CNT1 is counted in days: enter a number like 12"),
    ("£1,250", "percent", "You typed '£1,250', but CNT1 is a percentage: enter a number "
                          "like 1250"),
    ("5%", "ratio", "but CNT1 is a rate: enter a number like 5"),
    ("12%", "currency", "but CNT1 is in pounds: enter a number like 12"),
])
def test_a_symbol_that_does_not_match_the_unit_is_refused(text, unit, message):
    with pytest.raises(NumberError) as error:
        parse_decimal(text, unit=unit, code="CNT1")
    assert str(error.value) == message if message.startswith("You") else message in str(
        error.value
    )


@pytest.mark.parametrize(("text", "unit"), [("85%", "percent"), ("£1,250", "currency"),
                                            ("12", "days")])
def test_a_symbol_that_matches_the_unit_is_taken(text, unit):
    assert parse_decimal(text, unit=unit, code="X") > 0


# --- the entry form ------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _today():
    moment = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def olive(db):
    user = make_user("olive")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    client.user = user
    return client


def _entry(client, code: str, actual: str):
    return client.post(reverse("kpis:result_edit", args=[code, "2026-27-Q2"]), {
        "actual": actual, "commentary": "", "improvement_activity": "",
        "data_quality_note": "", "version": 0,
    })


@pytest.mark.parametrize("text", ["1e999999999", "1e-999999999", "0.0000000001", "１２",
                                  "1_000", "NaN"])
def test_the_form_refuses_with_a_message_not_a_500(olive, text):
    indicator = make_indicator("NUM1", owner=olive.user, unit="number")
    add_target(indicator, "2026-27", 100)
    response = _entry(olive, "NUM1", text)
    assert response.status_code == 400
    assert f"You typed &#x27;{text}&#x27;" in response.content.decode()
    assert not Result.objects.exists(), "never stored, not even as 0"
    preview = olive.post(reverse("kpis:result_preview", args=["NUM1", "2026-27-Q2"]),
                         {"actual": text, "version": 0})
    assert preview.status_code == 200


def test_the_form_refuses_a_percentage_on_a_count(olive):
    make_indicator("CNT1", owner=olive.user, unit="number")
    response = _entry(olive, "CNT1", "50%")
    assert response.status_code == 400
    assert ("You typed &#x27;50%&#x27;, but CNT1 is a count: enter a number like 50"
            in response.content.decode())
    assert not Result.objects.exists()


def test_the_target_form_uses_the_same_parser(db):
    from kpis.roles import APPROVERS, ensure_role_groups
    from tests.factories import make_org_unit

    unit = make_org_unit("Place / Roads")
    boss = make_user("boss")
    boss.groups.add(ensure_role_groups()[APPROVERS])
    unit.approvers.add(boss)
    make_indicator("DAY1", org_unit=unit, unit="days")
    client = Client()
    client.force_login(boss)
    response = client.post(reverse("kpis:target_edit", args=["DAY1", "2027-28"]), {
        "annual": "£12", "target_type": "improvement", "rationale": "Because",
    })
    assert response.status_code == 400
    assert "but DAY1 is counted in days: enter a number like 12" in response.content.decode()


# --- the bulk upload ---------------------------------------------------------------


def _upload(client, actuals: list[object]):
    workbook = Workbook()
    workbook.active.append(["code", "period", "actual", "version"])
    for index, actual in enumerate(actuals):
        workbook.active.append([f"B{index}", "2026-27-Q2", actual, 0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "results.xlsx"
    return client.post(reverse("kpis:bulk_upload"), {"file": buffer})


def test_the_bulk_upload_refuses_hostile_numbers_row_by_row(olive):
    actuals = ["1e999999999", "1e-999999999", 1e308, 1e-10, "£12", "１２"]
    for index in range(len(actuals)):
        make_indicator(f"B{index}", owner=olive.user, unit="days", decimal_places=2)
    response = _upload(olive, actuals)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Row 2: actual: You typed &#x27;1e999999999&#x27;, which is in exponent" in body
    assert "Row 3: actual: You typed &#x27;1e-999999999&#x27;" in body
    assert "Row 4: actual: You typed &#x27;1000000000" in body  # the float, in full
    assert "smaller than 100,000,000,000,000" in body
    assert "Row 5: actual: You typed &#x27;0.0000000001&#x27;: enter the number to no more" in body
    assert "Row 6: actual: You typed &#x27;£12&#x27;, but B4 is counted in days" in body
    assert "Row 7: actual: You typed &#x27;１２&#x27;" in body
    assert not Result.objects.exists()


# --- the imports -----------------------------------------------------------------


def _import(tmp_path, rows, *, xlsx=False):
    header = ["code", "period", "actual", "target"]
    if xlsx:
        workbook = Workbook()
        workbook.active.append(header)
        for row in rows:
            workbook.active.append(row)
        path = tmp_path / "results.xlsx"
        workbook.save(path)
    else:
        path = tmp_path / "results.csv"
        path.write_text("\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_results", str(path), "--user", importer(),
                     stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.mark.django_db
def test_the_import_lists_hostile_numbers_without_a_traceback(tmp_path):
    make_indicator("IMP1", unit="number")
    problems = _import(tmp_path, [
        ["IMP1", "2025-26-Q1", "1e999999999", ""],
        ["IMP1", "2025-26-Q2", "1e-999999999", ""],
        ["IMP1", "2025-26-Q3", "", "50%"],
        ["IMP1", "2025-26-Q4", "1_000", ""],
    ])
    assert "Row 2: actual: You typed '1e999999999', which is in exponent notation" in problems
    assert "Row 3: actual: You typed '1e-999999999'" in problems
    assert "Row 4: target: You typed '50%', but IMP1 is a count: enter a number like 50" in (
        problems
    )
    assert "Row 5: actual: You typed '1_000': enter the number without underscores" in problems
    assert not Result.objects.exists() and not Target.objects.exists()


@pytest.mark.django_db
def test_the_import_refuses_excel_number_cells_out_of_range(tmp_path):
    make_indicator("IMP1", unit="number")
    problems = _import(tmp_path, [
        ["IMP1", "2025-26-Q1", 1e308, ""],
        ["IMP1", "2025-26-Q2", 1e-10, ""],
    ], xlsx=True)
    assert "Row 2: actual: You typed '1000000000" in problems
    assert "Row 3: actual: You typed '0.0000000001': enter the number to no more than 6" in (
        problems
    )
    assert not Result.objects.exists()
