"""Bringing a council's register and results in from a spreadsheet.

All or nothing: every row is checked first, every problem is reported with
its spreadsheet row number, and nothing is written unless there are none.
The formats are documented in docs/file-formats.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from governance.calendar import locked_periods
from kpis import entry, entry_rules
from kpis.models import (
    FormerCode,
    Indicator,
    OrgUnit,
    PolicyAssignment,
    RagPolicy,
    SeriesBreak,
    Target,
    ToleranceRule,
)
from kpis.models.fields import indicator_code_problem
from kpis.spreadsheets import Row, Sheet, parse_yes_no
from reporting.engine import Aggregation, Collection, IndicatorStatus, Polarity
from reporting.formatting import MAX_PLACES, default_places
from reporting.in_force import Scope, ScopedRule, latest_in_force
from reporting.numbers import NumberError, parse_decimal
from reporting.periods import Frequency, Period, PeriodError
from reporting.thresholds import periods_rated_by

# What an indicator is, in words: a blank cell leaves what the register holds.
DESCRIPTIONS = ["definition", "why_it_matters", "data_source"]
INDICATOR_COLUMNS = [
    "code", "title", "parent", "level", "org_unit", "polarity", "unit", "frequency",
    "status", "financial", "tolerance_pct", "tolerance_abs", "collection", "aggregation",
    "policy", "series_break", "decimal_places", "published", *DESCRIPTIONS,
]
INDICATOR_REQUIRED = ["code", "title", "level", "org_unit", "polarity", "unit", "frequency"]
RESULT_COLUMNS = [
    "code", "period", "actual", "target", "stretch_target", "commentary", "floor",
    "low_target", "high_target", "reported_rag",
]
THRESHOLDS = ["target", "stretch_target", "floor", "low_target", "high_target"]

# What councils write for a RAG they published: the colour, or Hart-style words.
REPORTED_RAG = {
    "blue": "BLUE", "b": "BLUE", "exceeding": "BLUE", "exceeded": "BLUE",
    "green": "GREEN", "g": "GREEN", "above target": "GREEN", "on target": "GREEN",
    "met": "GREEN", "target met": "GREEN",
    "amber": "AMBER", "a": "AMBER", "close to target": "AMBER",
    "red": "RED", "r": "RED", "below target": "RED", "not met": "RED",
}
RESULT_REQUIRED = ["code", "period"]


class ImportFailed(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) found; nothing was changed.")
        self.problems = problems


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _in_row_order(problems: list[str]) -> list[str]:
    """Problems found in several passes, sorted by their row (stable within a row)."""

    def row_of(problem: str) -> int:
        words = problem.split(" ", 2)
        if words[0] == "Row" and words[1].rstrip(":").isdigit():
            return int(words[1].rstrip(":"))
        return 0

    return sorted(problems, key=row_of)


def _check_columns(sheet: Sheet, known: list[str], required: list[str]) -> list[str]:
    missing = [c for c in required if c not in sheet.columns]
    if missing:
        return [
            f"Row 1: the header is missing the column(s) {', '.join(missing)} "
            f"(expected: {','.join(known)})"
        ]
    return []


def _choice(row: Row, column: str, allowed: list[str], default: str | None) -> str:
    value = row.get(column).lower().replace(" ", "_").replace("-", "_")
    if value == "" and default is not None:
        return default
    if value not in allowed:
        shown = row.get(column) or "blank"
        raise ValueError(f"{column} '{shown}' is not one of {', '.join(allowed)}")
    return value


def _value(
    row: Row, column: str, *, minimum: Decimal | None = None, indicator: Indicator | None = None
) -> Decimal | None:
    """A number column; given the indicator, a % or £ must fit its unit."""
    text = row.get(column)
    if text == "":
        return None
    try:
        value = parse_decimal(
            text,
            unit=indicator.unit if indicator else None,
            code=indicator.code if indicator else "",
        )
    except NumberError as error:
        raise ValueError(f"{column}: {error}") from error
    if minimum is not None and value < minimum:
        raise ValueError(f"{column} '{text}' cannot be negative")
    return value


# --- indicators -------------------------------------------------------------------


@dataclass
class _IndicatorRow:
    row: Row
    values: dict
    parent_code: str
    org_unit_path: list[str]
    tolerance_pct: Decimal | None
    tolerance_abs: Decimal | None
    policy: RagPolicy | None = None


def _parse_indicator_row(row: Row) -> tuple[_IndicatorRow | None, list[str]]:
    problems: list[str] = []
    values: dict = {}

    def attempt(column: str, parse) -> None:
        try:
            values[column] = parse()
        except ValueError as error:
            problems.append(str(error))

    code = row.get("code")
    code_problem = indicator_code_problem(code)
    if code_problem:
        problems.append(code_problem)
    title = row.get("title")
    if not title:
        problems.append("title is blank")
    elif len(title) > 300:
        problems.append("title is longer than 300 characters")
    values.update(code=code, title=title)
    values.update({column: row.get(column) for column in DESCRIPTIONS if row.get(column)})
    attempt("level", lambda: _choice(row, "level", Indicator.Level.values, None))
    attempt("polarity", lambda: _choice(row, "polarity", [p.value for p in Polarity], None))
    attempt("unit", lambda: _choice(row, "unit", Indicator.Unit.values, None))
    attempt("frequency", lambda: _choice(row, "frequency", [f.value for f in Frequency], None))
    attempt(
        "status",
        lambda: _choice(row, "status", [s.value for s in IndicatorStatus], "targeted"),
    )
    attempt(
        "collection",
        lambda: _choice(row, "collection", [c.value for c in Collection], "discrete"),
    )
    attempt(
        "aggregation",
        lambda: _choice(row, "aggregation", [a.value for a in Aggregation], "none"),
    )
    places = row.get("decimal_places")
    if places:
        if places.isascii() and places.isdigit() and int(places) <= MAX_PLACES:
            values["decimal_places"] = int(places)
        else:
            problems.append(f"decimal_places '{places}' must be a whole number from 0 to "
                            f"{MAX_PLACES}")
    try:
        values["financial"] = parse_yes_no(row.get("financial"))
    except ValueError as error:
        problems.append(f"financial {error}")
    if row.get("published"):  # blank: as it is (a new indicator is not published)
        try:
            values["published"] = parse_yes_no(row.get("published"))
        except ValueError as error:
            problems.append(f"published {error}")
    tolerances: dict = {}
    for column in ("tolerance_pct", "tolerance_abs"):
        try:
            tolerances[column] = _value(row, column, minimum=Decimal(0))
        except ValueError as error:
            problems.append(str(error))
    if tolerances.get("tolerance_pct") is not None and tolerances["tolerance_pct"] > 1000:
        problems.append("tolerance_pct must be a percentage of target up to 1000")
    path = [part.strip() for part in row.get("org_unit").split("/")]
    if not row.get("org_unit"):
        problems.append("org_unit is blank")
    elif any(part == "" for part in path) or len(path) > 3:
        problems.append(
            f"org_unit '{row.get('org_unit')}' must be 'Directorate', 'Directorate / Service' "
            "or 'Directorate / Service / Team'"
        )
    if problems:
        return None, problems
    return (
        _IndicatorRow(
            row=row,
            values=values,
            parent_code=row.get("parent"),
            org_unit_path=path,
            tolerance_pct=tolerances["tolerance_pct"],
            tolerance_abs=tolerances["tolerance_abs"],
        ),
        [],
    )


def _org_unit(path: list[str], cache: dict[tuple[str, ...], OrgUnit]) -> OrgUnit:
    kinds = [OrgUnit.Kind.DIRECTORATE, OrgUnit.Kind.SERVICE, OrgUnit.Kind.TEAM]
    parent = None
    for depth in range(1, len(path) + 1):
        key = tuple(path[:depth])
        if key not in cache:
            unit, _ = OrgUnit.objects.get_or_create(
                parent=parent, name=path[depth - 1], defaults={"kind": kinds[depth - 1]}
            )
            cache[key] = unit
        parent = cache[key]
    assert parent is not None
    return parent


# Changing these on an indicator that has results changes what its series means.
MEANING = ["frequency", "unit", "polarity", "collection"]


def _repurposing(item: _IndicatorRow, indicator: Indicator) -> list[str]:
    """An import never silently repurposes an indicator that has results."""
    changed = [name for name in MEANING if getattr(indicator, name) != item.values[name]]
    if not changed or item.row.get("series_break"):
        return []
    described = ", ".join(
        f"{name} from {getattr(indicator, name)} to {item.values[name]}" for name in changed
    )
    return [
        f"{indicator.code} has results, so its {described} cannot change: that would "
        "change what its past results mean. Give it a new code, or say it is a break in "
        "the series with a reason in the series_break column"
    ]


def _break_from(indicator: Indicator, frequency: str) -> Period:
    """The first period of the new series: the first that starts after the latest result."""
    latest = indicator.results.order_by("-period_end").values_list("period_end", flat=True)[0]
    period = Period.containing(latest + timedelta(days=1), Frequency(frequency))
    return period if period.start > latest else period.next()


def import_indicators(
    sheet: Sheet, *, user=None, reason: str = "", today: date | None = None
) -> Summary:
    """Create or update indicators by code. Raises ImportFailed with every problem.

    Every change is attributed to ``user`` with ``reason`` in the history."""
    today = today or timezone.localdate()
    this_year = Period.containing(today, Frequency.ANNUAL)
    problems = _check_columns(sheet, INDICATOR_COLUMNS, INDICATOR_REQUIRED)
    if problems:
        raise ImportFailed(problems)
    parsed: list[_IndicatorRow] = []
    seen: dict[str, int] = {}
    for row in sheet.rows:
        item, row_problems = _parse_indicator_row(row)
        code = row.get("code")
        if code and code in seen:
            row_problems.append(f"code '{code}' is also on row {seen[code]}")
        elif code:
            seen[code] = row.number
        problems += [f"Row {row.number}: {p}" for p in row_problems]
        if item:
            parsed.append(item)
    policies = {policy.name.lower(): policy for policy in RagPolicy.objects.all()}
    for row in sheet.rows:
        name = row.get("policy")
        if name and name.lower() not in policies:
            known = "; ".join(sorted(p.name for p in policies.values())) or "none yet"
            problems.append(
                f"Row {row.number}: policy '{name}' is not a RAG policy (known: {known})"
            )
    for item in parsed:
        name = item.row.get("policy")
        item.policy = policies.get(name.lower()) if name else None
    existing_codes = set(Indicator.objects.values_list("code", flat=True))
    for item in parsed:
        parent = item.parent_code
        if parent and parent == item.values["code"]:
            problems.append(f"Row {item.row.number}: an indicator cannot be its own parent")
        elif parent and parent not in seen and parent not in existing_codes:
            problems.append(
                f"Row {item.row.number}: parent '{parent}' is not in this file or the register"
            )
    with_results = {
        i.code: i
        for i in Indicator.objects.filter(code__in=list(seen), results__isnull=False).distinct()
    }
    for item in parsed:
        indicator = with_results.get(item.values["code"])
        if indicator is not None:
            problems += [f"Row {item.row.number}: {p}" for p in _repurposing(item, indicator)]
    if not sheet.rows:
        problems.append("The file has a header but no rows.")
    if problems:
        raise ImportFailed(_in_row_order(problems))

    summary = Summary()
    why = f"Imported: {reason}" if reason else "Imported"
    with transaction.atomic():
        units: dict[tuple[str, ...], OrgUnit] = {}
        created: set[str] = set()
        updated: set[str] = set()
        by_code = {i.code: i for i in Indicator.objects.filter(code__in=list(seen))}
        for item in parsed:
            fields = dict(item.values)
            fields["org_unit"] = _org_unit(item.org_unit_path, units)
            indicator = by_code.get(fields["code"])
            if indicator is None:
                fields.setdefault("decimal_places", default_places(fields["unit"]))
                indicator = Indicator(**fields)
                indicator._history_user, indicator._change_reason = user, why
                indicator.save()
                by_code[indicator.code] = indicator
                created.add(indicator.code)
                summary.created += 1
                if item.tolerance_pct is not None or item.tolerance_abs is not None:
                    _attributed(ToleranceRule(
                        scope=ToleranceRule.Scope.INDICATOR,
                        indicator=indicator,
                        applies_from=None,
                        tolerance_pct=item.tolerance_pct,
                        tolerance_abs=item.tolerance_abs,
                        note="Imported",
                    ), user, why)
                if item.policy is not None:
                    _attributed(PolicyAssignment(
                        scope=PolicyAssignment.Scope.INDICATOR, indicator=indicator,
                        policy=item.policy, applies_from=None,
                    ), user, why)
                continue
            changed = [k for k, v in fields.items() if getattr(indicator, k) != v]
            breaking = item.row.get("series_break")
            if breaking and indicator.code in with_results and set(changed) & set(MEANING):
                start = _break_from(indicator, fields["frequency"])
                SeriesBreak.objects.update_or_create(
                    indicator=indicator, period=start.key, defaults={"reason": breaking}
                )
            for key in changed:
                setattr(indicator, key, fields[key])
            if changed:
                indicator._history_user = user
                indicator._change_reason = f"{why}; break in the series: {breaking}" if (
                    breaking and set(changed) & set(MEANING)) else why
                indicator.save()
            new_rules = _update_tolerance(indicator, item, this_year, user, why)
            new_rules |= _update_policy(indicator, item, this_year, user, why)
            if new_rules or changed:
                updated.add(indicator.code)
        # Parents last, so a child may come before its parent in the file.
        for item in parsed:
            indicator = by_code[item.values["code"]]
            parent = by_code.get(item.parent_code) if item.parent_code else None
            if item.parent_code and parent is None:
                parent = Indicator.objects.get(code=item.parent_code)
            if indicator.parent_id != (parent.pk if parent else None):
                indicator.parent = parent
                indicator._history_user, indicator._change_reason = user, why
                indicator.save(update_fields=["parent", "updated_at"])
                updated.add(indicator.code)
        _check_no_loops(list(by_code.values()))
        existed = len(parsed) - summary.created
        summary.updated = len(updated - created)
        summary.unchanged = existed - summary.updated
    return summary


def _own_in_force(
    rows: Iterable[ToleranceRule | PolicyAssignment], value: Callable[[Any], object],
    this_year: Period,
) -> object:
    """The value of the indicator's own rule in force this year, or None: found by the
    same rule as every rating (``reporting.in_force``)."""
    found = latest_in_force(
        (
            ScopedRule(
                scope=Scope.INDICATOR,
                applies_from=Period.parse(row.applies_from) if row.applies_from else None,
                value=value(row),
                indicator_id=row.indicator_id,
            )
            for row in rows
        ),
        this_year,
    )
    return found.value if found is not None else None


def _attributed(obj, user, why: str):
    """Save with the importer and the reason in the history (django-simple-history)."""
    obj._history_user, obj._change_reason = user, why
    obj.save()
    return obj


def _update_tolerance(
    indicator: Indicator, item: _IndicatorRow, this_year: Period, user, why: str
) -> bool:
    """A changed tolerance applies from this financial year; earlier years keep theirs."""
    if item.tolerance_pct is None and item.tolerance_abs is None:
        return False
    in_force = _own_in_force(
        indicator.tolerance_rules.all(),
        lambda rule: (rule.tolerance_pct, rule.tolerance_abs),
        this_year,
    )
    if in_force == (item.tolerance_pct, item.tolerance_abs):
        return False
    # The indicator already existed, so its earlier years were rated under whatever
    # was in force then: the new tolerance can only apply from this year.
    where = {"scope": ToleranceRule.Scope.INDICATOR, "indicator": indicator,
             "applies_from": this_year.key}
    rule = ToleranceRule.objects.filter(**where).first() or ToleranceRule(**where)
    rule.tolerance_pct, rule.tolerance_abs, rule.note = (
        item.tolerance_pct, item.tolerance_abs, "Imported")
    _attributed(rule, user, why)
    return True


def _update_policy(
    indicator: Indicator, item: _IndicatorRow, this_year: Period, user, why: str
) -> bool:
    """A changed policy applies from this financial year; earlier years keep theirs."""
    if item.policy is None:
        return False
    in_force = _own_in_force(
        indicator.policy_assignments.all(), lambda assignment: assignment.policy_id, this_year
    )
    if in_force == item.policy.pk:
        return False
    where = {"scope": PolicyAssignment.Scope.INDICATOR, "indicator": indicator,
             "applies_from": this_year.key}
    assignment = PolicyAssignment.objects.filter(**where).first() or PolicyAssignment(**where)
    assignment.policy = item.policy
    _attributed(assignment, user, why)
    return True


def _check_no_loops(indicators: list[Indicator]) -> None:
    parents = dict(Indicator.objects.values_list("id", "parent_id"))
    for indicator in indicators:
        seen = set()
        node = indicator.id
        while node is not None:
            if node in seen:
                raise ImportFailed(
                    [f"The parents given make a loop in the golden thread at {indicator.code}"]
                )
            seen.add(node)
            node = parents.get(node)


# --- results -----------------------------------------------------------------------


@dataclass
class _ResultRow:
    row: Row
    indicator: Indicator
    period: Period
    actual: Decimal | None
    thresholds: dict[str, Decimal | None]
    commentary: str
    reported_rag: str | None

    @property
    def sets_thresholds(self) -> bool:
        return any(value is not None for value in self.thresholds.values())


def code_and_period(row, indicators: dict) -> tuple[Indicator | None, Period | None, list[str]]:
    """A results-like row's indicator (by code, as resolved by ``_resolve_codes``) and
    period, and what is wrong with either, in the words every import uses."""
    problems: list[str] = []
    code = row.get("code")
    indicator = indicators.get(code)
    if not code:
        problems.append("code is blank")
    elif indicator is None:
        problems.append(f"code '{code}' is not in the register")
    period = None
    try:
        period = Period.parse(row.get("period"))
    except PeriodError as error:
        problems.append(str(error) if row.get("period") else "period is blank")
    return indicator, period, problems


def _resolve_codes(codes: set[str]) -> dict[str, Indicator]:
    found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    for former in FormerCode.objects.filter(code__in=codes - set(found)).select_related(
        "indicator"
    ):
        found.setdefault(former.code, former.indicator)
    return found


def import_results(
    sheet: Sheet, *, user, reason: str, today: date | None = None
) -> Summary:
    """Create or update results (and targets) by code and period, through the one door
    for results (``kpis.entry.import_results``): attributed to ``user`` with ``reason``."""
    today = today or timezone.localdate()
    problems = _check_columns(sheet, RESULT_COLUMNS, RESULT_REQUIRED)
    if problems:
        raise ImportFailed(problems)
    if not sheet.rows:
        raise ImportFailed(["The file has a header but no rows."])
    indicators = _resolve_codes({row.get("code") for row in sheet.rows})
    parsed: list[_ResultRow] = []
    seen: dict[tuple[int, str], int] = {}
    for row in sheet.rows:
        indicator, period, row_problems = code_and_period(row, indicators)
        numbers: dict[str, Decimal | None] = {}
        for column in ("actual", *THRESHOLDS):
            try:
                numbers[column] = _value(row, column, indicator=indicator)
            except ValueError as error:
                row_problems.append(str(error))
        commentary = row.get("commentary")
        reported = row.get("reported_rag")
        reported_rag = REPORTED_RAG.get(reported.lower()) if reported else None
        if reported and reported_rag is None:
            row_problems.append(
                f"reported_rag '{reported}' is not one of Blue, Green, Amber, Red "
                "(or above / close to / below target)"
            )
        if indicator and period:
            row_problems += _result_rules(indicator, period, numbers.get("actual"), today)
            key = (indicator.pk, period.key)
            if key in seen:
                row_problems.append(f"{indicator.code} {period.label} is also on row {seen[key]}")
            seen[key] = row.number
        if row_problems:
            problems += [f"Row {row.number}: {p}" for p in row_problems]
            continue
        assert indicator is not None and period is not None
        parsed.append(
            _ResultRow(
                row=row,
                indicator=indicator,
                period=period,
                actual=numbers["actual"],
                thresholds={column: numbers[column] for column in THRESHOLDS},
                commentary=commentary,
                reported_rag=reported_rag,
            )
        )
    if problems:
        raise ImportFailed(problems)

    summary = Summary()
    with transaction.atomic():
        imported = [
            entry.Imported(
                row=item.row.number, indicator=item.indicator, period=item.period,
                actual=item.actual, commentary=item.commentary or None,
                reported_rag=item.reported_rag,
            )
            for item in parsed
            if item.period.frequency.value == item.indicator.frequency
            # A row with only targets leaves any result for the period alone.
            and not (item.actual is None and not item.commentary and not item.reported_rag
                     and item.sets_thresholds)
        ]
        try:
            outcome = entry.import_results(user, imported, reason, today)
        except entry.ImportRefused as refused:
            raise ImportFailed(
                [f"Row {number}: {message}" for number, message in refused.problems]
            ) from refused
        targets = {
            (t.indicator_id, t.period): t
            for t in Target.objects.filter(
                indicator__in={p.indicator.pk for p in parsed},
                period__in={p.period.key for p in parsed},
            )
        }
        reported = [Period.parse(key) for key in locked_periods(today)]
        locked = [
            f"Row {item.row.number}: {message}" for item in parsed
            if item.sets_thresholds and _target_changes(item, targets)
            and (message := _target_locked(item, reported))
        ]
        if locked:
            raise ImportFailed(locked)
        for item in parsed:
            done = outcome.rows.get(item.row.number, "unchanged")
            if item.sets_thresholds and _set_target(item, targets, user) and done != "created":
                done = "updated"
            setattr(summary, done, getattr(summary, done) + 1)
    return summary


def _result_rules(indicator: Indicator, period: Period, actual: Decimal | None, today: date):
    problems = []
    if period.frequency.value != indicator.frequency:
        if period.frequency is Frequency.ANNUAL and actual is None:
            return problems  # a row that only sets the annual target
        problems.append(
            f"{indicator.code} is reported {indicator.frequency}; {period.label} is not a "
            f"{indicator.frequency} period"
        )
    if actual is not None:
        # The same rules as the entry form, except the unit checks: imports bring in
        # history exactly as the council published it.
        facts = entry_rules.EntryFacts.of(indicator)
        for message in (
            entry_rules.period_has_ended(period, today),
            entry_rules.indicator_is_live(facts),
            entry_rules.not_a_roll_up(facts),
        ):
            if message:
                problems.append(message)
    return problems


def _target_changes(item: _ResultRow, targets: dict) -> bool:
    target = targets.get((item.indicator.pk, item.period.key))
    if target is None:
        return True
    return any(value is not None and value != getattr(target, column)
               for column, value in item.thresholds.items())


def _target_locked(item: _ResultRow, reported: list[Period]) -> str | None:
    """A target that rated a period already reported to committee stays as it was."""
    rated = periods_rated_by(item.period, reported)
    if not rated:
        return None
    named = ", ".join(p.label for p in rated[:3]) + ("…" if len(rated) > 3 else "")
    return (
        f"{item.indicator.code}'s {item.period.label} target rated {named}, whose report has "
        "been issued: it cannot change now. Set targets for the periods still to report"
    )


def _set_target(item: _ResultRow, targets: dict, user) -> bool:
    key = (item.indicator.pk, item.period.key)
    target = targets.get(key)
    if target is None:
        target = Target(indicator=item.indicator, period=item.period.key, set_by=user)
        targets[key] = target
    old = {column: getattr(target, column) for column in THRESHOLDS}
    new = {
        column: value if value is not None else old[column]
        for column, value in item.thresholds.items()
    }
    if target.pk and old == new:
        return False
    for column, value in new.items():
        setattr(target, column, value)
    target.set_by = user
    target.save()
    return True
