"""Bringing in the quarter's revenue budget position, all or nothing, and reading it back
for the directorate's page and the packs. The rules are in ``governance/finance.py``."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F

from governance import finance
from governance.finance import Position
from governance.models import FinanceImport, FinanceLine
from kpis.importing import ImportFailed
from kpis.models import OrgUnit
from kpis.spreadsheets import Limits, Sheet
from reporting.formatting import date_text, figure, number_text
from reporting.periods import Frequency, Period, PeriodError

# A finance export is a few hundred rows at most; an upload is refused well before the
# commands' limits.
UPLOAD_LIMITS = Limits(max_bytes=5 * 1024 * 1024, max_rows=5_000, max_columns=30)


def quarter(key: str) -> Period:
    """The quarter the position is for, or ImportFailed saying what to give."""
    try:
        period = Period.parse(key.strip())
    except PeriodError:
        period = None
    if period is None or period.frequency is not Frequency.QUARTERLY:
        raise ImportFailed([f"'{key}' is not a quarter: give one like 2025-26-Q2"])
    return period


def _units() -> list[finance.Unit]:
    units = OrgUnit.objects.filter(
        kind__in=[OrgUnit.Kind.DIRECTORATE, OrgUnit.Kind.SERVICE]
    ).values_list("pk", "name", "kind", "path")
    return [
        finance.Unit(id=pk, name=name, directorate=path.split(OrgUnit.SEPARATOR)[0],
                     is_directorate=kind == OrgUnit.Kind.DIRECTORATE)
        for pk, name, kind, path in units
    ]


def import_finance(
    sheet: Sheet, *, period: Period, file_name: str, content: bytes, user, now: datetime,
) -> FinanceImport:
    """Check every row, then keep them all in one transaction, replacing the quarter's
    earlier import; or keep nothing and raise ImportFailed with every problem."""
    rows, problems = finance.read_rows(
        sheet.columns, ((row.number, row.cells) for row in sheet.rows), _units()
    )
    if problems:
        raise ImportFailed(problems)
    with transaction.atomic():
        FinanceImport.objects.filter(period=period.key).delete()
        record = FinanceImport.objects.create(
            period=period.key, file_name=file_name[:300],
            checksum=hashlib.sha256(content).hexdigest(), imported_by=user, imported_at=now,
            rows=len(rows),
        )
        FinanceLine.objects.bulk_create([
            FinanceLine(period=period.key, source=record, directorate_id=row.directorate_id,
                        service_id=row.service_id, budget=row.budget, forecast=row.forecast,
                        commentary=row.commentary)
            for row in rows
        ])
    return record


def latest_quarter_with_position(as_at: Period) -> str | None:
    """The latest quarter, up to ``as_at``, that has a budget position."""
    keys = FinanceImport.objects.values_list("period", flat=True).distinct()
    ended = [Period.parse(k) for k in keys]
    ended = [p for p in ended if p.end <= as_at.end]
    return max(ended, key=lambda p: p.end).key if ended else None


def positions(period_key: str, directorate_ids: list[int] | None = None
              ) -> list[tuple[Position, list[Position]]]:
    """Each directorate's total and its lines (the directorate's own, then its services)
    for the quarter: one query."""
    lines = FinanceLine.objects.filter(period=period_key).select_related(
        "directorate", "service"
    ).order_by("directorate__path", F("service__path").asc(nulls_first=True))
    if directorate_ids is not None:
        lines = lines.filter(directorate_id__in=directorate_ids)
    grouped: dict[str, list[Position]] = defaultdict(list)
    for line in lines:
        name = line.service.name if line.service else f"{line.directorate.name} (directorate)"
        grouped[line.directorate.name].append(
            Position(name=name, budget=line.budget, forecast=line.forecast,
                     commentary=line.commentary)
        )
    return [(finance.total(name, items), items) for name, items in grouped.items()]


def money(value: Decimal) -> str:
    """Whole pounds with commas: £1,234,567, -£12,000."""
    return figure(value, "currency", 0)


def position_row(position: Position) -> dict[str, str]:
    percent = position.variance_percent
    return {
        "name": position.name,
        "budget": money(position.budget),
        "forecast": money(position.forecast),
        "variance": money(position.variance),
        "variance_percent": f"{number_text(percent, 1)}%" if percent is not None else "",
        "direction": position.direction,
        "commentary": position.commentary,
    }


def pack_section(committee, period: Period) -> dict[str, Any] | None:
    """The pack's "Financial position": the latest quarter's position up to the pack's
    period, by directorate (with the services of the directorates in the committee's
    remit, if it names any), and the council's total. None if the committee does not take
    finance."""
    if not committee.takes_finance:
        return None
    key = latest_quarter_with_position(period)
    if key is None:
        return {"period": "", "rows": [], "total": None, "imported": ""}
    remit = {u.path.split(OrgUnit.SEPARATOR)[0] for u in committee.remit_org_units.all()}
    found = positions(key)
    rows = []
    for directorate, lines in found:
        rows.append({**position_row(directorate), "is_total": True})
        if remit and directorate.name in remit:
            rows.extend({**position_row(line), "is_total": False} for line in lines)
    source = FinanceImport.objects.filter(period=key).first()
    return {
        "period": Period.parse(key).label,
        "rows": rows,
        "total": position_row(finance.total("The council", [d for d, _ in found])),
        "imported": date_text(source.imported_at) if source else "",
    }


