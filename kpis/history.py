"""The readable history of an indicator: every change to it, its targets, results,
tolerances, RAG policies, delegations and annual review decisions.

Built from django-simple-history's records: who, when, what changed from what to what,
and why, all as people read them: names rather than user ids, labels rather than codes,
"30 November 2026, 22:36" (UK time) rather than timestamps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models

from kpis.models import (
    Delegation,
    Indicator,
    PolicyAssignment,
    Result,
    ReviewDecision,
    Target,
    ToleranceRule,
)
from kpis.models.fields import FinancialYearField, PeriodField
from reporting import formatting
from reporting.periods import Period, PeriodError

LIMIT = 100
# Fields holding one of the indicator's figures: written with its unit and places.
FIGURES = {"actual", "target", "stretch_target", "floor", "low_target", "high_target", "value",
           "old_actual", "new_actual"}
# Bookkeeping nobody reads: the version that stops a second editor overwriting the first
# moves on at every save, so "Version: 3 → 4" would only repeat that the result changed.
HIDDEN = {"version"}


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    what: str
    changes: list[tuple[str, str, str]]  # field label, old, new
    reason: str


def person(user) -> str:
    """A person as colleagues know them: full name, else username."""
    return user.get_full_name() or user.get_username()


def when(value: datetime) -> str:
    """A moment as people read it, in UK time: 30 November 2026, 22:36."""
    return formatting.moment_text(value)


class Values:
    """Turns a field's stored value into words, remembering the people and objects it
    has looked up so each is fetched once. Given the indicator (``measure``), its figures
    are written with its unit and decimal places (£6,692,013, 87.6%)."""

    def __init__(self, *known: models.Model, measure: Indicator | None = None) -> None:
        self._names: dict[tuple[type[models.Model], object], str] = {
            (type(obj), obj.pk): self._name(obj) for obj in known
        }
        self.measure = measure

    @staticmethod
    def _name(found: models.Model | None) -> str:
        if found is None:
            return "(deleted)"
        if isinstance(found, get_user_model()):
            return person(found)
        return str(found)

    def prime(self, sources: Iterable[tuple[type[models.Model], list]]) -> None:
        """Fetch every person and object these history records name, one query for each
        kind (people, indicators, teams...), however many records name them."""
        wanted: dict[type[models.Model], set] = defaultdict(set)
        for model, records in sources:
            keys = [
                (f.related_model, f.attname) for f in model._meta.fields
                if isinstance(f, models.ForeignKey)
            ]
            for record in records:
                for related, attname in keys:
                    pk = getattr(record, attname, None)
                    if pk is not None and (related, pk) not in self._names:
                        wanted[related].add(pk)
        for related, pks in wanted.items():
            found = related._default_manager.in_bulk(pks)
            for pk in pks:
                self._names[(related, pk)] = self._name(found.get(pk))

    def name_of(self, model: type[models.Model], pk) -> str:
        key = (model, pk)
        if key not in self._names:
            self._names[key] = self._name(model._default_manager.filter(pk=pk).first())
        return self._names[key]

    def text(self, model: type[models.Model], name: str, value) -> str:
        if value is None or value == "":
            return "(blank)"
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - a field removed since
            field = None
        if isinstance(field, models.ForeignKey):
            return self.name_of(field.related_model, value)
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, PeriodField | FinancialYearField):
            try:
                return Period.parse(value).label
            except PeriodError:
                return str(value)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, datetime):
            return when(value)
        if isinstance(value, date):
            return formatting.date_text(value)
        if isinstance(value, Decimal):
            return self.number(name, value)
        return str(value)

    def number(self, name: str, value: Decimal) -> str:
        unit, places = self.unit_and_places()
        if name in FIGURES:
            return formatting.figure(value, unit, places)
        if name == "tolerance_abs":
            return formatting.band_text(value, unit, places)
        if name == "tolerance_pct":
            return f"{formatting.number_text(value)}%"
        return formatting.number_text(value)

    def unit_and_places(self) -> tuple[str, int | None]:
        if self.measure is None:
            return "", None
        return self.measure.unit, self.measure.decimal_places


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - a field removed since
        return name


def _position(model, name: str) -> int:
    """Changes are listed in the order the fields are declared (the admin's order)."""
    names = [field.name for field in model._meta.fields]
    return names.index(name) if name in names else len(names)


def _changes(
    records,
    model,
    describe: Callable[[object], str],
    values: Values,
    created: Callable[[object], list[tuple[str, str, str]]] | None = None,
    deleted: str = "Removed",
) -> list[Change]:
    found = []
    previous_by_object: dict[int, object] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous_by_object.get(record.id)
        previous_by_object[record.id] = record
        who = person(record.history_user) if record.history_user else "System"
        if record.history_type == "-":
            changes = [(deleted, "", "")]
        elif before is None:
            changes = created(record) if created else [("Created", "", "")]
        else:
            delta = record.diff_against(before)
            changes = [
                (_label(model, c.field), values.text(model, c.field, c.old),
                 values.text(model, c.field, c.new))
                for c in sorted(delta.changes, key=lambda c: _position(model, c.field))
                if c.field not in HIDDEN
            ]
            if not changes:
                continue
        found.append(Change(record.history_date, who, describe(record), changes,
                            record.history_change_reason or ""))
    return found


def indicator_history(
    indicator: Indicator, include_results: bool = True, signed_off_only: bool = False
) -> list[Change]:
    """Newest first; seven queries (six without the results), and one for each kind of
    person or object the changes name (people, teams...), however many they name.
    ``signed_off_only`` (for readers who see signed-off figures only,
    ``permissions.sees_unsigned``) keeps the results' approved states: how a signed-off
    figure changed, never a draft."""
    values = Values(indicator, measure=indicator)

    def year(record, name: str = "applies_from") -> str:
        key = getattr(record, name)
        return Period.parse(key).label if key else "the start"

    def by_user(queryset):
        return queryset.filter(indicator_id=indicator.pk).select_related("history_user")

    records = {
        Indicator: list(indicator.history.select_related("history_user")),
        Target: list(by_user(Target.history)),
        ToleranceRule: list(by_user(ToleranceRule.history)),
        PolicyAssignment: list(by_user(PolicyAssignment.history)),
        Delegation: list(by_user(Delegation.history)),
        ReviewDecision: list(by_user(ReviewDecision.history)),
    }
    if include_results:
        results = by_user(Result.history)
        if signed_off_only:
            results = results.filter(status="approved")
        records[Result] = list(results)
    values.prime(records.items())

    changes = _changes(records[Indicator], Indicator, lambda r: "Indicator", values)
    changes += _changes(
        records[Target], Target, lambda r: f"Target for {formatting.period_label(r.period)}",
        values,
    )
    changes += _changes(
        records[ToleranceRule], ToleranceRule,
        lambda r: f"Tolerance from {year(r)}", values,
        created=lambda r: [("Set", "", "amber " + formatting.tolerance_text(
            absolute=r.tolerance_abs, percent=r.tolerance_pct, unit=indicator.unit,
            places=indicator.decimal_places))],
    )
    changes += _changes(
        records[PolicyAssignment], PolicyAssignment,
        lambda r: f"RAG policy from {year(r)}", values,
        created=lambda r: [("Assigned", "", values.text(PolicyAssignment, "policy",
                                                        r.policy_id))],
    )
    changes += _changes(
        records[Delegation], Delegation,
        lambda r: f"Delegation to {values.text(Delegation, 'delegate', r.delegate_id)}",
        values,
        created=lambda r: [("Granted until", "", values.text(Delegation, "ends_on",
                                                             r.ends_on))],
        deleted="Ended",
    )
    changes += _changes(
        records[ReviewDecision], ReviewDecision,
        lambda r: f"Annual review for {year(r, 'year')}", values,
        created=lambda r: [("Decision", "", values.text(ReviewDecision, "decision",
                                                        r.decision))],
    )
    if include_results:
        changes += _changes(
            records[Result], Result, lambda r: f"Result for {formatting.period_label(r.period)}",
            values,
        )
    # Newest first; at the same moment, the later record (an indicator's target after the
    # indicator) first too: reversing before the stable sort keeps each model's order.
    changes.reverse()
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:LIMIT]


def admin_changes(model: type[models.Model], records: list) -> None:
    """The admin's history page (``kpis.admin.ReadableHistoryAdmin``) in the same words as
    the indicator page: each record but the oldest gets ``history_delta_changes`` as
    field label, old and new, with names for ids, labels for codes, figures with their
    unit, UK times, and no version numbers. One query for each kind of person or object
    the records name, and one for their indicators."""
    values = Values()
    values.prime([(model, records)])
    if model is Indicator:
        measures = {r.id: r for r in records}  # a historical indicator has unit and places
    elif any(f.name == "indicator" for f in model._meta.fields):
        measures = Indicator.objects.only("unit", "decimal_places").in_bulk(
            {r.indicator_id for r in records}
        )
    else:
        measures = {}
    for newer, older in zip(records, records[1:], strict=False):
        values.measure = measures.get(
            newer.id if model is Indicator else getattr(newer, "indicator_id", None)
        )
        delta = newer.diff_against(older, foreign_keys_are_objs=False)
        newer.history_delta_changes = [
            {"field": _label(model, c.field), "old": values.text(model, c.field, c.old),
             "new": values.text(model, c.field, c.new)}
            for c in sorted(delta.changes, key=lambda c: _position(model, c.field))
            if c.field not in HIDDEN
        ]

