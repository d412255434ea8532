"""Bulk entry: download what is due as a spreadsheet, fill it in offline, upload it back.

The upload is checked row by row with the same rules and permissions as the
entry form, shown with each row's RAG, and saved only when the officer
confirms: all rows or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kpis import entry, entry_rules, exports, permissions, worklist
from kpis.models import BulkUpload, Indicator
from kpis.spreadsheets import MB, Limits, Row, Sheet
from reporting.engine import Rag
from reporting.numbers import NumberError, parse_decimal
from reporting.periods import Period, PeriodError
from reporting.ratings import RatingBook

COLUMNS = [
    "code", "title", "period", "target", "previous", "actual", "commentary",
    "improvement_activity", "data_quality_note", "version",
]
# The downloaded workbook's headers, as people read them; an upload may use these or the
# column names above (an older download, a CSV written by hand).
HEADERS = {
    "code": "Code", "title": "Indicator", "period": "Period", "target": "Target",
    "previous": "Previous", "actual": "Actual", "commentary": "Commentary",
    "improvement_activity": "Improvement activity", "data_quality_note": "Data quality note",
    "version": "Version",
}
COLUMN_OF = {header.lower(): column for column, header in HEADERS.items()}
EDITABLE_COLUMNS = ["actual", "commentary", "improvement_activity", "data_quality_note"]
VERSION_COLUMN = get_column_letter(COLUMNS.index("version") + 1)
MAX_ROWS = 5000
MAX_UPLOAD_BYTES = 5 * MB
# The reader stops at these: a filled-in download is far inside them.
LIMITS = Limits(max_bytes=MAX_UPLOAD_BYTES, max_rows=MAX_ROWS, max_columns=50,
                max_unpacked=50 * MB)


def _number(value: Decimal | None) -> Decimal | None:
    # A number cell for Excel; quantize(1) keeps 50 as 50, not 5E+1.
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def workbook_for(user, today: date) -> bytes:
    """Everything due, drafted or returned for this user, pre-filled."""
    work = worklist.officer_worklist(user, today)
    items = work.returned + work.due + work.drafts
    book = RatingBook.load(today, only=[item.indicator.pk for item in items])
    rows: list[list[exports.Value]] = [[HEADERS[column] for column in COLUMNS]]
    for item in items:
        rating = book.rate(item.indicator.pk, item.period)
        result = item.result
        rows.append([
            item.indicator.code, item.indicator.title, item.period.label,
            _number(rating.rules.target), _number(rating.previous),
            _number(result.actual) if result else None,
            result.commentary if result else "",
            result.improvement_activity if result else "",
            result.data_quality_note if result else "",
            result.version if result else 0,
        ])
    workbook = exports.new_workbook()
    sheet = exports.add_sheet(workbook, "Results", rows,
                              widths=(10, 50, 12, 10, 10, 10, 60, 60, 40, 8))
    sheet.freeze_panes = "F2"
    numbers = DataValidation(type="decimal", allow_blank=True, showErrorMessage=True,
                             error="Enter a number, like 85.5")
    numbers.add(f"F2:F{max(2, len(items) + 1)}")
    sheet.add_data_validation(numbers)
    protect_version_column(sheet)
    exports.add_sheet(workbook, "How to fill this in", [
        ["Fill in the actual, commentary and improvement activity columns only."],
        ["Commentary is needed when a result is amber or red; improvement activity when red."],
        ["Leave the code, period and version columns as they are: the version column is "
         "locked, so that an upload can tell whether someone has changed a result since."],
        ["Rows you leave blank are skipped: fill in only the results you have."],
        ["Then upload the file on the Upload results page: you will see every row rated "
         "before anything is saved."],
    ], header=False)
    return exports.xlsx_bytes(workbook)


def protect_version_column(sheet: Worksheet) -> None:
    """Lock the version column and nothing else: every other cell, and the empty ones
    below, stays open to type in. There is no password: the lock stops a slip, and an
    upload whose version was changed anyway is told so (``entry.parse_version``)."""
    unlocked, locked = Protection(locked=False), Protection(locked=True)
    for index in range(1, len(COLUMNS) + 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].protection = (
            locked if letter == VERSION_COLUMN else unlocked
        )
    for row in sheet.iter_rows():
        for cell in row:
            cell.protection = locked if cell.column_letter == VERSION_COLUMN else unlocked
    protection = sheet.protection
    protection.sheet = True
    # People may still widen columns, wrap text and select anything.
    protection.formatCells = protection.formatColumns = protection.formatRows = False


@dataclass
class CheckedRow:
    number: int
    code: str
    period_key: str  # as the file gave it (a label or a key); the canonical key once read
    actual: Decimal | None = None
    commentary: str = ""
    improvement_activity: str = ""
    data_quality_note: str = ""
    version: int = 0
    rag: Rag | None = None
    problems: list[str] = field(default_factory=list)
    indicator: Indicator | None = None  # for the preview: figures with its unit
    skipped: bool = False  # left blank: nothing to save
    period_label: str = ""
    unit: str = ""  # the indicator's, to show the actual as people read it
    decimal_places: int | None = None

    def as_json(self) -> dict:
        return {
            "number": self.number, "code": self.code, "period": self.period_key,
            "actual": None if self.actual is None else str(self.actual),
            "commentary": self.commentary, "improvement_activity": self.improvement_activity,
            "data_quality_note": self.data_quality_note, "version": self.version,
        }


class UploadRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)


def with_column_names(sheet: Sheet) -> Sheet:
    """The sheet with its headers read as column names: 'Improvement activity' (as the
    download writes it) or 'improvement_activity'."""
    def name(header: str) -> str:
        return COLUMN_OF.get(header, header)

    return Sheet(
        columns=[name(c) for c in sheet.columns],
        rows=[Row(row.number, {name(k): v for k, v in row.cells.items()}) for row in sheet.rows],
    )


def is_blank(row: Row) -> bool:
    """Nothing typed in the columns an officer fills in: the row is skipped, not refused."""
    return not any(row.get(column) for column in EDITABLE_COLUMNS)


def check(user, sheet: Sheet, today: date, *, submit: bool) -> list[CheckedRow]:
    """Every row with its RAG and its problems; a fixed number of queries. Rows left blank
    are kept, marked ``skipped``, and checked no further."""
    sheet = with_column_names(sheet)
    missing = [c for c in ("code", "period", "actual", "version") if c not in sheet.columns]
    if missing:
        raise UploadRefused(
            f"The first row must name the columns; missing: {', '.join(missing)}. "
            "Download the spreadsheet again and fill that in."
        )
    if len(sheet.rows) > MAX_ROWS:
        raise UploadRefused(f"The file has {len(sheet.rows)} rows; upload at most {MAX_ROWS}.")
    codes = {row.get("code") for row in sheet.rows}
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in=codes).select_related("org_unit")
    }
    allowed = set(
        permissions.enterable(user, today).filter(code__in=codes).values_list("code", flat=True)
    )
    checked: list[CheckedRow] = []
    seen: dict[tuple[str, str], int] = {}
    for row in sheet.rows:
        item = CheckedRow(number=row.number, code=row.get("code"), period_key=row.get("period"))
        item.period_label = item.period_key
        item.commentary = row.get("commentary")
        item.improvement_activity = row.get("improvement_activity")
        item.data_quality_note = row.get("data_quality_note")
        checked.append(item)
        if is_blank(row):
            item.skipped = True
            continue
        indicator = indicators.get(item.code)
        if indicator is None:
            item.problems.append(f"'{item.code or '(blank)'}' is not an indicator's code")
            continue
        item.indicator = indicator
        item.unit, item.decimal_places = indicator.unit, indicator.decimal_places
        if item.code not in allowed:
            item.problems.append(f"You cannot enter results for {item.code}")
            continue
        try:
            period = Period.from_label(item.period_key)
        except PeriodError as error:
            item.problems.append(str(error))
            continue
        item.period_key, item.period_label = period.key, period.label
        if period.frequency.value != indicator.frequency:
            item.problems.append(f"{item.code} is not reported for {period.label}")
            continue
        key = (item.code, period.key)
        if key in seen:
            item.problems.append(f"{item.code} {period.label} is also on row {seen[key]}")
        seen[key] = row.number
        version = entry.parse_version(row.get("version") or "0")
        if version is None:
            item.problems.append("Leave the version column as it was downloaded")
        else:
            item.version = version
        text = row.get("actual")
        if text:
            try:
                item.actual = parse_decimal(text, unit=indicator.unit, code=indicator.code)
            except NumberError as error:
                item.problems.append(f"actual: {error}")
                continue
        item.problems += [
            p.message
            for p in entry_rules.value_problems(
                entry_rules.EntryFacts.of(indicator), period, today, item.actual
            )
        ]
    _rate(checked, indicators, submit)
    return checked


def _rate(checked: list[CheckedRow], indicators: dict[str, Indicator], submit: bool) -> None:
    ready = [c for c in checked if not c.problems and not c.skipped]
    if not ready:
        return
    periods = [Period.parse(c.period_key) for c in ready]
    book = RatingBook.load(max(p.end for p in periods),
                           only=[indicators[c.code].pk for c in ready])
    for item, period in zip(ready, periods, strict=True):
        indicator_id = indicators[item.code].pk
        book.suppose(indicator_id, period, item.actual)
        item.rag = book.rate(indicator_id, period).assessment.rag
        if submit:
            item.problems += [
                p.message for p in entry_rules.submission_problems(
                    item.rag, item.actual, item.commentary, item.improvement_activity
                )
            ]


def stage(user, file_name: str, rows: list[CheckedRow], submit: bool) -> BulkUpload:
    """Keep the rows to save (not those left blank) until the officer confirms."""
    return BulkUpload.objects.create(
        user=user, file_name=file_name[:255], submit=submit,
        rows=[r.as_json() for r in rows if not r.skipped],
    )


def apply(user, upload: BulkUpload, today: date) -> int:
    """Save every row or none; the rules and permissions are checked again."""
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in={r["code"] for r in upload.rows})
    }
    with transaction.atomic():
        for row in upload.rows:
            indicator = indicators[row["code"]]
            period = Period.parse(row["period"])
            where = f"Row {row['number']} ({indicator.code} {period.label})"
            try:
                entry.save(
                    user, indicator, period,
                    entry.Entry(
                        actual=None if row["actual"] is None else Decimal(row["actual"]),
                        commentary=row["commentary"],
                        improvement_activity=row["improvement_activity"],
                        data_quality_note=row["data_quality_note"],
                    ),
                    row["version"], today, submit=upload.submit,
                )
            except entry.Conflict as conflict:
                raise UploadRefused(
                    f"{where}: someone saved this result after the spreadsheet was downloaded. "
                    "Nothing was saved: download the spreadsheet again."
                ) from conflict
            except entry.EntryError as error:
                raise UploadRefused(f"{where}: {error}. Nothing was saved.") from error
        upload.applied_at = timezone.now()
        upload.save(update_fields=["applied_at"])
    return len(upload.rows)
