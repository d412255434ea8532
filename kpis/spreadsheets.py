"""Reading rows from the CSV and XLSX files councils keep their registers in.

Row numbers are the ones a spreadsheet shows: the header is row 1, so the
first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from reporting.numbers import plain


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
    header_row: int = 1
    comments: tuple[str, ...] = ()  # the '#' lines, when the reader was asked to skip them


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        # repr gives the shortest text that reads back as the same float: 0.1 -> '0.1';
        # written out in full, so 1e+20 is read (and refused) as the number it is.
        return plain(Decimal(repr(value)))
    if isinstance(value, datetime | date):
        # Excel turns '2025-10' into a date; a month period is what was meant.
        return f"{value.year}-{value.month:02d}"
    return str(value)


@dataclass(frozen=True)
class Limits:
    """How much of a file is read before it is refused: a hostile file (a 1 MB XLSX that
    unpacks to millions of rows) stops at the limit, never after."""

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 60_000  # data rows, not counting the header
    max_columns: int = 100
    max_cell: int = 20_000  # characters: the entry form's longest text
    max_unpacked: int = 200 * 1024 * 1024  # an XLSX's contents, uncompressed
    max_ratio: int = 100  # uncompressed to compressed, above 10 MB unpacked


COMMANDS = Limits()
MB = 1024 * 1024


def _size(size: int) -> str:
    return f"{size // MB} MB" if size >= MB else f"{size:,} bytes"


def read_sheet(
    source: str | Path | BinaryIO, name: str | None = None, *, limits: Limits | None = None,
    comments: bool = False,
) -> Sheet:
    """Read a CSV or XLSX file into rows keyed by lower-case header, within the limits (the
    commands' unless given).

    With ``comments``, rows whose first cell starts with '#' (a published file's notes on
    its source) are set aside in ``Sheet.comments`` and the header is the first other row;
    row numbers stay the file's own."""
    limits = limits or COMMANDS
    if isinstance(source, str | Path):
        path = Path(source)
        name = name or path.name
        try:
            with path.open("rb") as stream:
                data = stream.read(limits.max_bytes + 1)
        except OSError as error:
            raise SpreadsheetError(f"{path} cannot be read: {error.strerror}") from error
    else:
        data = source.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(f"The file is larger than {_size(limits.max_bytes)}.")
    name = (name or "").lower()
    _refuse_other_kinds(data)
    notes: list[str] = []
    if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
        raw_rows = _read_xlsx(data, limits)
    else:
        raw_rows = _read_csv(data, limits, notes if comments else None)
    if comments:
        for index, raw in enumerate(raw_rows):
            if raw and isinstance(raw[0], str) and raw[0].lstrip().startswith("#"):
                notes.append(",".join(_cell_text(cell) for cell in raw).rstrip(","))
                raw_rows[index] = []
    header_at = 0
    while comments and header_at < len(raw_rows) and not raw_rows[header_at]:
        header_at += 1
    if header_at >= len(raw_rows):
        raise SpreadsheetError("The file is empty: the first row must name the columns.")
    header = [_cell_text(cell).strip().lower() for cell in raw_rows[header_at]]
    while header and header[-1] == "":
        header.pop()
    if not any(header):
        raise SpreadsheetError("The first row must name the columns.")
    if len(header) == 1 and ";" in header[0]:
        raise SpreadsheetError(
            "This file uses semicolons to separate columns; save it as CSV with commas "
            "(or as XLSX)."
        )
    duplicates = sorted({c for c in header if c and header.count(c) > 1})
    if duplicates:
        raise SpreadsheetError(f"Column(s) named twice in the header: {', '.join(duplicates)}")
    rows = []
    for index, raw in enumerate(raw_rows[header_at + 1:], start=header_at + 2):
        texts = [_cell_text(cell) for cell in raw]
        if not any(text.strip() for text in texts):
            continue  # blank lines are not rows
        cells = {column: (texts[i] if i < len(texts) else "") for i, column in enumerate(header)}
        rows.append(Row(number=index, cells=cells))
    return Sheet(columns=[c for c in header if c], rows=rows, header_row=header_at + 1,
                 comments=tuple(notes))


_SIGNATURES = {
    b"%PDF": "This is a PDF, not a spreadsheet: upload the CSV or XLSX file.",
    b"\xd0\xcf\x11\xe0": "This is an old-style Excel (.xls) file: save it as XLSX or CSV.",
}


def _refuse_other_kinds(data: bytes) -> None:
    for signature, message in _SIGNATURES.items():
        if data.startswith(signature):
            raise SpreadsheetError(message)


def _check_row(raw: list[object], number: int, limits: Limits) -> list[object]:
    """A row within the limits, or SpreadsheetError naming the limit and where."""
    while raw and raw[-1] in (None, ""):
        raw.pop()
    if number - 1 > limits.max_rows:
        raise _too_many_rows(limits)
    if len(raw) > limits.max_columns:
        raise SpreadsheetError(
            f"Row {number} has more than {limits.max_columns} columns: remove the extra ones."
        )
    for cell in raw:
        if isinstance(cell, str) and len(cell) > limits.max_cell:
            raise SpreadsheetError(
                f"Row {number} has a cell longer than {limits.max_cell:,} characters."
            )
    return raw


def _read_csv(data: bytes, limits: Limits, notes: list[str] | None = None) -> list[list[object]]:
    """The rows of a CSV file; given ``notes``, lines starting with '#' are kept there
    whole and read as blank lines (a quote in a note cannot start a cell)."""
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
    if notes is not None:
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.lstrip().startswith("#"):
                notes.append(line.strip())
                lines[i] = "\n"
        text = "".join(lines)
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text))
    try:
        for number, row in enumerate(reader, start=1):
            rows.append(_check_row(list(row), number, limits))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise SpreadsheetError(
                f"Row {reader.line_num} has a cell longer than {limits.max_cell:,} characters."
            ) from error
        raise SpreadsheetError(f"The CSV file cannot be read: {error}") from error
    return rows


def _too_many_rows(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(
        f"The file has more than {limits.max_rows:,} rows: split it into files of at most "
        f"{limits.max_rows:,} rows."
    )


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


def _check_unpacked(data: bytes, limits: Limits) -> None:
    """Refuse a zip bomb before openpyxl sees it: the sizes are in the zip's directory, and
    each sheet's rows are counted as it is unpacked, stopping at the limit. (openpyxl reads
    a whole sheet to find its size when the file does not say, before the first row.)"""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise SpreadsheetError(
            "This is not a readable XLSX workbook: save it from Excel as .xlsx (or as CSV)."
        ) from error
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > limits.max_unpacked:
        raise SpreadsheetError(
            f"The workbook unpacks to {_size(unpacked)}; the limit is "
            f"{_size(limits.max_unpacked)}. Save just the rows needed, or save it as CSV."
        )
    if unpacked > 10 * MB and unpacked / packed > limits.max_ratio:
        raise SpreadsheetError(
            f"The workbook unpacks to {_size(unpacked)}, more than {limits.max_ratio} times "
            "its size, which a spreadsheet of results never does: save it again from Excel, "
            "or as CSV."
        )
    for member in members:
        if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
            try:
                rows = _count_rows(archive, member, limits.max_rows + 1)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
                raise SpreadsheetError(
                    "The workbook is damaged and cannot be read: save it again from Excel."
                ) from error
            if rows > limits.max_rows + 1:
                raise _too_many_rows(limits)


def _count_rows(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> int:
    """Row tags in a sheet, unpacked a megabyte at a time; stops once past ``limit``."""
    count, carry = 0, b""
    with archive.open(member) as stream:
        while chunk := stream.read(MB):
            block = carry + chunk
            cut = block.rfind(b"<")  # a tag cut in two is counted with the next chunk
            cut = cut if cut >= 0 and len(block) - cut < 64 else len(block)
            count += len(_ROW_TAG.findall(block, 0, cut))
            carry = block[cut:]
            if count > limit:
                break
    return count + len(_ROW_TAG.findall(carry))


def _read_xlsx(data: bytes, limits: Limits) -> list[list[object]]:
    from openpyxl import load_workbook

    _check_unpacked(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # whatever a damaged or forged file makes openpyxl raise
        raise SpreadsheetError(
            "This is not a readable XLSX workbook: save it from Excel as .xlsx (or as CSV)."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[object]] = []
        # Streamed row by row, stopping at the limit; never more columns than allowed, so a
        # forged sheet size cannot make every row a million cells wide.
        cells = sheet.iter_rows(values_only=True, max_col=limits.max_columns + 1)
        for number, row in enumerate(cells, start=1):
            rows.append(_check_row(list(row), number, limits))
        return rows
    except SpreadsheetError:
        raise
    except Exception as error:
        raise SpreadsheetError(
            "The workbook is damaged and cannot be read: save it again from Excel."
        ) from error
    finally:
        workbook.close()


def parse_yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in ("yes", "y", "true", "1"):
        return True
    if value in ("no", "n", "false", "0", ""):
        return False
    raise ValueError(f"'{text}' is not yes or no")
