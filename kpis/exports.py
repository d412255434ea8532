"""Writing every CSV and XLSX the product produces: the one writer.

Scorecard, RAG audit, bulk download, approvals table: each passes its rows here.
A cell is text, a number (``Decimal``, ``int``, ``float``) or ``None`` (blank).

A spreadsheet program runs a cell that begins with ``=``, ``+``, ``-`` or ``@``
(or a tab or carriage return before one) as a formula, so a commentary of
``=HYPERLINK(...)`` would be live in a workbook sent to councillors. Text like that
is neutralised here, and only here:

* in CSV it gets a leading apostrophe (``'=HYPERLINK(...)``), the usual defence;
* in XLSX it is written as a text cell marked "quote prefix", Excel's own marker for
  "this is text": shown and edited as typed, never run, and read back unchanged (so a
  bulk download filled in and uploaded again loses nothing).

Numbers stay numbers: -5 is a number cell, and the text ``-5`` is left alone too,
but the text ``-5+A1`` is neutralised.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from reporting.numbers import plain

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")

Value = str | Decimal | int | float | None


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet program read this text as a formula?"""
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def safe_text(text: str) -> str:
    """Text as a CSV cell: an apostrophe before anything a spreadsheet would run."""
    return "'" + text if is_formula_like(text) else text


def csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, int | float):
        return str(value)
    return safe_text(str(value))


def write_csv(rows: Iterable[Sequence[Value]], stream: IO[str]) -> None:
    """Rows (the header first) as CSV."""
    writer = csv.writer(stream, lineterminator="\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])


def csv_lines(rows: Iterable[Sequence[Value]]) -> Iterator[str]:
    """Rows (the header first) as CSV, a line at a time: for a download that is streamed
    as it is made (the public open data)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_text(rows: Iterable[Sequence[Value]]) -> str:
    buffer = io.StringIO()
    write_csv(rows, buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Worksheet, value: Value) -> Any:
    if not isinstance(value, str):
        return value
    # XLSX cannot hold control characters; a pasted one would stop the whole file.
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not is_formula_like(text):
        return text
    cell = Cell(sheet)
    cell.value = text
    cell.data_type = "s"  # text, never a formula
    cell.quotePrefix = True
    return cell


def new_workbook() -> Workbook:
    """An empty workbook: add its sheets with ``add_sheet``."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def add_sheet(
    workbook: Workbook,
    title: str,
    rows: Iterable[Sequence[Value]],
    *,
    header: bool = True,
    widths: Sequence[int] = (),
) -> Worksheet:
    """A sheet of rows; with ``header`` the first row is bold and stays in view."""
    sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    if header and sheet.max_row >= 1:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    return sheet


def save(workbook: Workbook, stream: IO[bytes], *, title: str | None = None) -> None:
    if title:
        workbook.properties.title = title
    workbook.save(stream)


def xlsx_bytes(workbook: Workbook, *, title: str | None = None) -> bytes:
    buffer = io.BytesIO()
    save(workbook, buffer, title=title)
    return buffer.getvalue()


def write_xlsx(
    rows: Iterable[Sequence[Value]], stream: IO[bytes], *, sheet: str = "Sheet1",
    title: str | None = None,
) -> None:
    """Rows (the header first) as a one-sheet XLSX workbook."""
    workbook = new_workbook()
    add_sheet(workbook, sheet, rows)
    save(workbook, stream, title=title)

