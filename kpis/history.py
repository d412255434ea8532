"""The readable history of an indicator: every change to it, its targets and its results.

Built from django-simple-history's records: who, when, what changed from what
to what, and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from kpis.models import Indicator, Result, Target
from reporting.numbers import plain

LIMIT = 100


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    what: str
    changes: list[tuple[str, str, str]]  # field label, old, new
    reason: str


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - a field removed since
        return name


def _text(value) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


def _changes(records, model, describe) -> list[Change]:
    found = []
    previous_by_object: dict[int, object] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous_by_object.get(record.id)
        previous_by_object[record.id] = record
        who = (
            record.history_user.get_full_name() or record.history_user.username
            if record.history_user else "System"
        )
        if before is None:
            changes = [("Created", "", "")]
        else:
            delta = record.diff_against(before)
            changes = [
                (_label(model, c.field), _text(c.old), _text(c.new)) for c in delta.changes
            ]
            if not changes:
                continue
        found.append(Change(record.history_date, who, describe(record), changes,
                            record.history_change_reason or ""))
    return found


def indicator_history(indicator: Indicator, include_results: bool = True) -> list[Change]:
    """Newest first; three queries (two without the results)."""
    changes = _changes(
        indicator.history.select_related("history_user"), Indicator, lambda r: "Indicator"
    )
    changes += _changes(
        Target.history.filter(indicator_id=indicator.pk).select_related("history_user"),
        Target, lambda r: f"Target for {r.period}",
    )
    if include_results:
        changes += _changes(
            Result.history.filter(indicator_id=indicator.pk).select_related("history_user"),
            Result, lambda r: f"Result for {r.period}",
        )
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:LIMIT]
