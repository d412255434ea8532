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

Two kinds of file (docs/file-formats.md), each saying which it is in its file name
(``scorecard-2025-26-Q2-for-people.xlsx``, ``scorecard-2025-26-Q2-data.csv``) and, in a
workbook, its sheet name and a title row:

* **for people**: labels and units as the screens show them (``£6,692,013``, ``Q2 2025/26``,
  ``Awaiting sign-off``); a RAG (a ``Rag`` cell) is its word, and in XLSX also its colour,
  never colour alone;
* **data**: codes and exact numbers, for another system to read (``export_scorecard``).
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
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from reporting.engine import Rag
from reporting.numbers import plain

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A negative number, exact or as people read it (-5, -12.5, -£1,200, -3.5%, -1 day): no
# function, reference or operator, so nothing a spreadsheet could run.
_PLAIN_NUMBER = re.compile(r"-?(\d+|£?\d{1,3}(,\d{3})*)(\.\d+)?(%| days?)?")

Value = str | Decimal | int | float | Rag | None

# A RAG cell in a workbook for people: GOV.UK's tag colours (a light fill with dark text in
# the same hue, contrast 5.7:1 or more against the 4.5:1 WCAG asks) and the RAG's word.
# Other statuses (No data, Baseline...) stay unfilled.
RAG_COLOURS = {
    Rag.BLUE: ("BBD4EA", "0C2D4A"),
    Rag.GREEN: ("CCE2D8", "005A30"),
    Rag.AMBER: ("FFF7BF", "594D00"),
    Rag.RED: ("F4CDC6", "942514"),
}


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet program read this text as a formula?"""
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def safe_text(text: str) -> str:
    """Text as a CSV cell: an apostrophe before anything a spreadsheet would run."""
    return "'" + text if is_formula_like(text) else text


def csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, Rag):
        return value.label
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
    if isinstance(value, Rag):
        return _rag_cell(sheet, value)
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


def _rag_cell(sheet: Worksheet, rag: Rag) -> Cell:
    cell = Cell(sheet)
    cell.value = rag.label
    if rag in RAG_COLOURS:
        fill, ink = RAG_COLOURS[rag]
        cell.fill = PatternFill(fill_type="solid", start_color=fill, end_color=fill)
        cell.font = Font(bold=True, color=ink)
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
    title_row: str | None = None,
) -> Worksheet:
    """A sheet of rows; with ``header`` the first row is bold and stays in view. A
    ``title_row`` goes above it, saying what the sheet is."""
    sheet = workbook.create_sheet(title)
    if title_row:
        sheet.append([_xlsx_cell(sheet, title_row)])
        sheet["A1"].font = Font(bold=True, size=14)
    first = 2 if title_row else 1
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    if header and sheet.max_row >= first:
        for cell in sheet[first]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = f"A{first + 1}"
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
    title: str | None = None, title_row: str | None = None, widths: Sequence[int] = (),
) -> None:
    """Rows (the header first) as a one-sheet XLSX workbook, under ``title_row`` if given."""
    workbook = new_workbook()
    add_sheet(workbook, sheet, rows, title_row=title_row, widths=widths)
    save(workbook, stream, title=title)

