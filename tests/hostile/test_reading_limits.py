"""Hostile files: refused with a message naming the limit, quickly, without much memory."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from kpis.spreadsheets import Limits, SpreadsheetError, read_sheet
from tests.factories import importer, make_user

ROWS = 2_000_000

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Results" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _bomb(rows: int = ROWS) -> bytes:
    """An XLSX of ``rows`` data rows, written as sheet XML straight into the zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                b'<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c>'
                b'<c r="B1" t="inlineStr"><is><t>period</t></is></c>'
                b'<c r="C1" t="inlineStr"><is><t>actual</t></is></c>'
                b'<c r="D1" t="inlineStr"><is><t>version</t></is></c></row>'
            )
            chunk = []
            for _ in range(rows):
                chunk.append("<row><c><v>1</v></c></row>")
                if len(chunk) == 50_000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write("".join(chunk).encode() + b"</sheetData></worksheet>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb()


def _measured(action) -> tuple[str, float, int]:
    """The refusal message, seconds taken and peak traced memory in bytes."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        action()
    except (SpreadsheetError, CommandError) as error:
        message = str(error)
    else:
        message = ""
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return message, seconds, peak


def test_the_bomb_is_small_packed(bomb):
    assert len(bomb) < 2 * 1024 * 1024


def test_a_2_000_000_row_workbook_is_refused_before_it_is_unpacked(bomb):
    message, seconds, peak = _measured(lambda: read_sheet(io.BytesIO(bomb), "bomb.xlsx"))
    assert "unpacks to" in message
    # Generous guards, not timings: the refusal used to take 346 s and 1.4 GB.
    assert seconds < 5 and peak < 200 * 1024 * 1024, (seconds, peak)


def test_streaming_stops_at_the_row_limit_even_when_the_sizes_pass(bomb):
    lenient = Limits(max_unpacked=10**12, max_ratio=10**9)
    message, seconds, peak = _measured(
        lambda: read_sheet(io.BytesIO(bomb), "bomb.xlsx", limits=lenient)
    )
    assert message == (
        "The file has more than 60,000 rows: split it into files of at most 60,000 rows."
    )
    assert seconds < 5 and peak < 200 * 1024 * 1024, (seconds, peak)


@pytest.mark.django_db
def test_the_import_command_refuses_the_bomb(bomb, tmp_path):
    path = tmp_path / "results.xlsx"
    path.write_bytes(bomb)
    message, seconds, peak = _measured(
        lambda: call_command("import_results", str(path), "--user", importer(),
                             stdout=io.StringIO())
    )
    assert "unpacks to" in message and "Nothing was changed" in message
    assert seconds < 5 and peak < 200 * 1024 * 1024


@pytest.mark.django_db
def test_the_bulk_upload_refuses_the_bomb_with_a_message(bomb):
    client = Client()
    client.force_login(make_user("olive"))
    upload = io.BytesIO(bomb)
    upload.name = "results.xlsx"
    started = time.perf_counter()
    response = client.post(reverse("kpis:bulk_upload"), {"file": upload})
    assert time.perf_counter() - started < 5
    assert response.status_code == 400
    assert "unpacks to" in response.content.decode()


def test_the_upload_stops_at_its_own_row_limit():
    small = Limits(max_rows=5000, max_unpacked=10**12, max_ratio=10**9)
    with pytest.raises(SpreadsheetError, match="more than 5,000 rows"):
        read_sheet(io.BytesIO(_bomb(6000)), "results.xlsx", limits=small)


def test_a_csv_stops_at_the_row_limit():
    text = "code,period,actual\n" + "Q1,2025-26-Q1,1\n" * 11
    with pytest.raises(SpreadsheetError, match="more than 10 rows"):
        read_sheet(io.BytesIO(text.encode()), "r.csv", limits=Limits(max_rows=10))
    read_sheet(io.BytesIO(text.encode()), "r.csv", limits=Limits(max_rows=11))


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"code\n" + b"x\n" * 600)
    with pytest.raises(SpreadsheetError, match="larger than 1,000 bytes"):
        read_sheet(path, limits=Limits(max_bytes=1000))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_cell_longer_than_the_limit_is_refused(kind):
    from openpyxl import Workbook

    long = "x" * 20_001
    if kind == "csv":
        data = f"code,commentary\nQ1,{long}\n".encode()
    else:
        workbook = Workbook()
        workbook.active.append(["code", "commentary"])
        workbook.active.append(["Q1", long])
        buffer = io.BytesIO()
        workbook.save(buffer)
        data = buffer.getvalue()
    with pytest.raises(SpreadsheetError, match="Row 2 has a cell longer than 20,000 characters"):
        read_sheet(io.BytesIO(data), f"r.{kind}")


def test_a_20_000_character_commentary_is_read_in_full():
    data = f"code,commentary\nQ1,{'x' * 20_000}\n".encode()
    assert len(read_sheet(io.BytesIO(data), "r.csv").rows[0].get("commentary")) == 20_000


def test_too_many_columns_is_refused():
    data = (",".join(f"c{i}" for i in range(101)) + "\n").encode()
    with pytest.raises(SpreadsheetError, match="Row 1 has more than 100 columns"):
        read_sheet(io.BytesIO(data), "r.csv")


def test_a_forged_sheet_size_does_not_widen_every_row():
    data = _bomb(3).replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
    sheet = read_sheet(io.BytesIO(data), "r.xlsx")
    assert sheet.columns == ["code", "period", "actual", "version"] and len(sheet.rows) == 3


def test_a_pdf_renamed_xlsx_is_refused_with_a_message():
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    with pytest.raises(SpreadsheetError, match="This is a PDF, not a spreadsheet"):
        read_sheet(io.BytesIO(pdf), "results.xlsx")


@pytest.mark.django_db
def test_a_pdf_renamed_xlsx_gets_a_message_in_the_upload_form():
    client = Client()
    client.force_login(make_user("olive"))
    upload = io.BytesIO(b"%PDF-1.4\n" + bytes(range(256)) * 10)
    upload.name = "results.xlsx"
    response = client.post(reverse("kpis:bulk_upload"), {"file": upload})
    assert response.status_code == 400
    assert "This is a PDF, not a spreadsheet" in response.content.decode()


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(SpreadsheetError, match="not a readable XLSX workbook"):
        read_sheet(io.BytesIO(buffer.getvalue()), "results.xlsx")


def test_random_bytes_named_xlsx_are_refused():
    with pytest.raises(SpreadsheetError, match="not a readable XLSX workbook"):
        read_sheet(io.BytesIO(b"PK\x03\x04" + b"\x00" * 100), "results.xlsx")


@pytest.mark.django_db
def test_the_import_commands_read_with_the_same_limits(tmp_path, monkeypatch):
    from kpis import spreadsheets

    monkeypatch.setattr(spreadsheets, "COMMANDS", Limits(max_rows=2))
    path = Path(tmp_path / "r.csv")
    path.write_text("code,period,actual\nA,2025-26-Q1,1\nA,2025-26-Q2,1\nA,2025-26-Q3,1\n")
    with pytest.raises(CommandError, match="more than 2 rows"):
        call_command("import_results", str(path), "--user", importer(), stdout=io.StringIO())


SEMICOLONS = (
    "This file uses semicolons to separate columns; save it as CSV with commas (or as XLSX)."
)


def test_a_semicolon_separated_csv_is_told_so():
    data = b"code;period;actual;version\nQ1;2025-26-Q1;5;0\n"
    with pytest.raises(SpreadsheetError) as error:
        read_sheet(io.BytesIO(data), "results.csv")
    assert str(error.value) == SEMICOLONS


@pytest.mark.django_db
def test_the_upload_form_and_the_commands_say_the_file_uses_semicolons(tmp_path):
    client = Client()
    client.force_login(make_user("olive"))
    upload = io.BytesIO(b"code;period;actual;version\r\nQ1;2026-27-Q2;5;0\r\n")
    upload.name = "results.csv"
    response = client.post(reverse("kpis:bulk_upload"), {"file": upload})
    assert response.status_code == 400
    assert "This file uses semicolons to separate columns" in response.content.decode()
    path = tmp_path / "indicators.csv"
    path.write_text("code;title\nQ1;Pupils\n")
    with pytest.raises(CommandError, match="This file uses semicolons"):
        call_command("import_indicators", str(path), "--user", importer(), stdout=io.StringIO())
