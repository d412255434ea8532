"""Reading rows from the CSV and XLSX files councils keep their registers in.

Row numbers are the ones a spreadsheet shows: the header is row 1, so the
first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO


class SpreadsheetError(Exception):
    """The file cannot be read at all (not a row-level problem)."""


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()


@dataclass(frozen=True)
class Sheet:
    columns: list[str]
    rows: list[Row]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # repr gives the shortest text that reads back as the same float: 0.1 -> '0.1'
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, datetime | date):
        # Excel turns '2025-10' into a date; a month period is what was meant.
        return f"{value.year}-{value.month:02d}"
    return str(value)


def read_sheet(source: str | Path | BinaryIO, name: str | None = None) -> Sheet:
    """Read a CSV or XLSX file into rows keyed by lower-case header."""
    if isinstance(source, str | Path):
        path = Path(source)
        name = name or path.name
        try:
            data = path.read_bytes()
        except OSError as error:
            raise SpreadsheetError(f"{path} cannot be read: {error.strerror}") from error
    else:
        data = source.read()
    name = (name or "").lower()
    if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
        raw_rows = _read_xlsx(data)
    else:
        raw_rows = _read_csv(data)
    if not raw_rows:
        raise SpreadsheetError("The file is empty: the first row must name the columns.")
    header = [_cell_text(cell).strip().lower() for cell in raw_rows[0]]
    while header and header[-1] == "":
        header.pop()
    if not any(header):
        raise SpreadsheetError("The first row must name the columns.")
    duplicates = sorted({c for c in header if c and header.count(c) > 1})
    if duplicates:
        raise SpreadsheetError(f"Column(s) named twice in the header: {', '.join(duplicates)}")
    rows = []
    for index, raw in enumerate(raw_rows[1:], start=2):
        texts = [_cell_text(cell) for cell in raw]
        if not any(text.strip() for text in texts):
            continue  # blank lines are not rows
        cells = {column: (texts[i] if i < len(texts) else "") for i, column in enumerate(header)}
        rows.append(Row(number=index, cells=cells))
    return Sheet(columns=[c for c in header if c], rows=rows)


def _read_csv(data: bytes) -> list[list[object]]:
    if b"\x00" in data[:4096]:
        raise SpreadsheetError("This is not a CSV or XLSX file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(
                "The file is not text: save it as CSV (UTF-8) or XLSX."
            ) from error
    try:
        return [list(row) for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise SpreadsheetError(f"The CSV file cannot be read: {error}") from error


def _read_xlsx(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SpreadsheetError("This is not a readable XLSX workbook.") from error
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_decimal(text: str) -> Decimal:
    """A number as people type it: '1,234.5', '£1,234', '85%'. Raises ValueError."""
    cleaned = text.strip()
    if "," in cleaned:
        # Commas only as thousands separators: 1,234.5 yes; 12,5 or 12,3,4 no.
        if not _THOUSANDS.match(cleaned.lstrip("-£").rstrip("%")):
            raise ValueError(f"'{text}' is not a number")
        cleaned = cleaned.replace(",", "")
    if cleaned.startswith("£"):
        cleaned = cleaned[1:]
    if cleaned.startswith("-£"):
        cleaned = "-" + cleaned[2:]
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    try:
        value = Decimal(cleaned.strip())
    except InvalidOperation as error:
        raise ValueError(f"'{text}' is not a number") from error
    if not value.is_finite():
        raise ValueError(f"'{text}' is not a number")
    return value


def parse_yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in ("yes", "y", "true", "1"):
        return True
    if value in ("no", "n", "false", "0", ""):
        return False
    raise ValueError(f"'{text}' is not yes or no")
