"""Bringing breakdowns in from a spreadsheet: one category's figure in one result a row
(docs/breakdowns.md). All or nothing, every problem with its row number, through the
one door for results (``kpis.entry.import_breakdowns``)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from kpis import entry
from kpis.breakdown_rules import BreakdownFigure
from kpis.importing import (
    ImportFailed,
    Summary,
    _check_columns,
    _resolve_codes,
    _value,
    code_and_period,
)
from kpis.models import Category
from kpis.spreadsheets import Sheet

BREAKDOWN_COLUMNS = ["code", "period", "dimension", "category", "value", "people"]
BREAKDOWN_REQUIRED = ["code", "period", "dimension", "category", "value"]


def import_breakdowns(
    sheet: Sheet, *, user, reason: str, today: date | None = None
) -> Summary:
    today = today or timezone.localdate()
    problems = _check_columns(sheet, BREAKDOWN_COLUMNS, BREAKDOWN_REQUIRED)
    if problems:
        raise ImportFailed(problems)
    if not sheet.rows:
        raise ImportFailed(["The file has a header but no rows."])
    indicators = _resolve_codes({row.get("code") for row in sheet.rows})
    categories = {
        (c.dimension.name.casefold(), c.name.casefold()): c
        for c in Category.objects.select_related("dimension").prefetch_related(
            "dimension__indicators")
    }
    parsed: list[entry.ImportedBreakdown] = []
    seen: dict[tuple[int, str, int], int] = {}
    for row in sheet.rows:
        indicator, period, found = code_and_period(row, indicators)
        dimension, name = row.get("dimension"), row.get("category")
        category = categories.get((dimension.casefold(), name.casefold()))
        if category is None:
            found.append(f"'{name}' is not a category of the dimension '{dimension}'")
        elif indicator and indicator not in category.dimension.indicators.all():
            found.append(f"{indicator.code} is not broken down by {category.dimension.name}")
        value = people = None
        try:
            value = _value(row, "value", indicator=indicator)
        except ValueError as error:
            found.append(str(error))
        try:
            counted = _value(row, "people", minimum=0) if "people" in sheet.columns else None
            if counted is not None and counted != counted.to_integral_value():
                raise ValueError(f"people '{row.get('people')}' is not a whole number")
            people = int(counted) if counted is not None else None
        except ValueError as error:
            found.append(str(error))
        if indicator and period and category:
            key = (indicator.pk, period.key, category.pk)
            if key in seen:
                found.append(f"{indicator.code} {period.label} {category.name} is also on row "
                             f"{seen[key]}")
            seen[key] = row.number
        if found:
            problems += [f"Row {row.number}: {p}" for p in found]
            continue
        assert indicator is not None and period is not None and category is not None
        parsed.append(entry.ImportedBreakdown(
            row=row.number, indicator=indicator, period=period,
            figure=BreakdownFigure(category.pk, value, people),
        ))
    if problems:
        raise ImportFailed(problems)
    summary = Summary()
    with transaction.atomic():
        try:
            outcome = entry.import_breakdowns(user, parsed, reason, today)
        except entry.ImportRefused as refused:
            raise ImportFailed(
                [f"Row {number}: {message}" for number, message in refused.problems]
            ) from refused
    summary.updated = outcome.count("updated")
    summary.unchanged = outcome.count("unchanged")
    return summary
