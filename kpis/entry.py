"""The one door for results: the only code that writes a ``Result``.

The entry form, the bulk upload, ``import_results`` and corrections after
issue all come through here (the admin shows results read-only). Each
function checks permission on the object, applies the entry rules, follows
the lock, moves ``version`` on, records the transition with who, when and why
and keeps the audit trail (django-simple-history records every save with its
user and reason). A save names the version it started from; if someone else
saved in between, ``Conflict`` is raised and nothing is written (optimistic
locking, never a silent overwrite).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from governance.calendar import in_calendar, issue_date, locked_periods
from kpis import breakdowns, entry_rules, permissions
from kpis.breakdown_rules import BreakdownFigure
from kpis.models import Correction, Indicator, Result, ResultStatus, ResultTransition
from kpis.notifications import notify
from reporting.engine import Assessment
from reporting.periods import Period
from reporting.ratings import PeriodRating, RatingBook

EDITABLE = ResultStatus.editable()
LOCKED_MESSAGE = (
    "The committee report for this period has been issued, so this result is locked: "
    "the performance team can record a correction after issue"
)


class EntryError(Exception):
    """The change was refused; ``problems`` say why, field by field."""

    def __init__(self, problems: list[entry_rules.Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


class Conflict(Exception):
    """Someone else saved the result after this editor opened it."""

    def __init__(self, current: Result | None) -> None:
        super().__init__("The result was changed by someone else")
        self.current = current


@dataclass(frozen=True)
class Entry:
    actual: Decimal | None
    commentary: str = ""
    improvement_activity: str = ""
    data_quality_note: str = ""
    # The figures behind the number, by category (None: leave the breakdown as it is).
    breakdown: tuple[BreakdownFigure, ...] | None = None


def rating(indicator: Indicator, period: Period, actual: Decimal | None = None,
           *, suppose: bool = False, approved_only: bool = False) -> PeriodRating:
    """The engine's verdict on this period, optionally as if ``actual`` were entered."""
    book = RatingBook.load(period.end, only=[indicator.pk], approved_only=approved_only)
    if suppose:
        book.suppose(indicator.pk, period, actual)
    return book.rate(indicator.pk, period)


def preview(indicator: Indicator, period: Period, actual: Decimal | None) -> Assessment:
    return rating(indicator, period, actual, suppose=True).assessment


def is_locked(result: Result | None, today: date) -> bool:
    """Approved results are locked once the committee report for the period is issued."""
    if result is None or result.status != ResultStatus.APPROVED:
        return False
    return bool(locked_periods(today, [result.period]))


def locked_on(result: Result | None, today: date) -> date | None:
    """When the committee report that locked this result was issued (None: not locked)."""
    if result is None or not is_locked(result, today):
        return None
    return issue_date(result.period_obj)


def submitted_by(result: Result) -> int | None:
    """Who submitted the result for its present sign-off, if anyone."""
    last = (
        result.transitions.filter(to_status=ResultStatus.SUBMITTED).order_by("-at", "-pk")
        .values_list("by_id", flat=True).first()
    )
    return last


def may_approve(user, result: Result) -> bool:
    """An approver of the unit who neither entered nor submitted the result."""
    if not permissions.can_approve(user, result.indicator):
        return False
    return entry_rules.maker_is_not_checker(
        user.pk, result.entered_by_id, submitted_by(result)
    ) is None


def submitters(results: list[Result]) -> dict[int, int | None]:
    """Who submitted each result for its present sign-off (one query for them all)."""
    found: dict[int, int | None] = {r.pk: None for r in results}
    for result_id, by_id in (
        ResultTransition.objects.filter(result__in=results, to_status=ResultStatus.SUBMITTED)
        .order_by("result_id", "at", "pk").values_list("result_id", "by_id")
    ):
        found[result_id] = by_id  # the latest wins
    return found


def why_not_approve(user, result: Result, submitter_id: int | None) -> str | None:
    """Why this user may not approve this submitted result, in the rules' own words; None
    when they may. ``submitter_id`` is from ``submitters``, so a list asks once."""
    if not permissions.can_approve(user, result.indicator):
        return f"You do not sign off results for {result.indicator.code}"
    if result.status != ResultStatus.SUBMITTED:
        return f"It is {result.get_status_display().lower()} now, not awaiting sign-off"
    return entry_rules.maker_is_not_checker(user.pk, result.entered_by_id, submitter_id)


def _record(result: Result, before: str, user, reason: str = "") -> None:
    """Record a person's step (who, when, why) and tell whoever it concerns: their notices
    are written now, their emails go once the transaction commits (notifications.notify)."""
    ResultTransition.objects.create(
        result=result, from_status=before, to_status=result.status, by=user,
        at=timezone.now(), reason=reason,
    )
    notify.result_moved(result, result.status, user, reason)


def parse_version(text: str) -> int | None:
    """The version a form or spreadsheet sent back, as this product wrote it (a whole number
    of at most 9 digits), or None when it was tampered with."""
    text = text.strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text, re.ASCII) else None


def _claim(result: Result, expected_version: int) -> None:
    """Compare-and-set on the version: one UPDATE, so two editors cannot both win."""
    claimed = Result.objects.filter(pk=result.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not claimed:
        raise Conflict(Result.objects.filter(pk=result.pk).first())
    result.version = expected_version + 1


def save(
    user,
    indicator: Indicator,
    period: Period,
    entry: Entry,
    expected_version: int,
    today: date,
    *,
    submit: bool = False,
) -> Result:
    """Save a draft (or submit it for sign-off). ``expected_version`` is 0 for a new one."""
    permissions.require(permissions.can_enter(user, indicator, today))
    facts = entry_rules.EntryFacts.of(indicator)
    problems = entry_rules.value_problems(facts, period, today, entry.actual)
    if not problems and entry.breakdown is not None:
        problems = breakdowns.problems(indicator, entry.actual, entry.breakdown)
    if not problems and submit:
        rag = preview(indicator, period, entry.actual).rag
        problems = entry_rules.submission_problems(
            rag, entry.actual, entry.commentary, entry.improvement_activity
        )
    if problems:
        raise EntryError(problems)
    with transaction.atomic():
        result = Result.objects.filter(indicator=indicator, period=period.key).first()
        if result is None:
            if expected_version != 0:
                raise Conflict(None)
            result = Result(indicator=indicator, period=period.key, version=1)
            before = ResultStatus.DRAFT
        else:
            if result.status not in EDITABLE:
                raise EntryError([entry_rules.Problem(
                    "actual", f"This result is {result.get_status_display().lower()}: "
                    "it cannot be changed now"
                )])
            before = result.status
            _claim(result, expected_version)
        result.actual = entry.actual
        result.commentary = entry.commentary
        result.improvement_activity = entry.improvement_activity
        result.data_quality_note = entry.data_quality_note
        result.entered_by, result.entered_at = user, timezone.now()
        result.status = ResultStatus.SUBMITTED if submit else before
        result._change_reason = "Submitted for sign-off" if submit else "Saved"
        try:
            with transaction.atomic():
                result.save()
        except IntegrityError as error:  # someone created it at the same moment
            raise Conflict(
                Result.objects.filter(indicator=indicator, period=period.key).first()
            ) from error
        if entry.breakdown is not None:
            breakdowns.write(result, entry.breakdown, user, result._change_reason)
        if result.status != before:
            _record(result, before, user)
    return result


def approve(user, result: Result, expected_version: int | None = None) -> None:
    """Sign a submitted result off. Given ``expected_version`` (the version the approver
    looked at), a result changed since is refused rather than approved unseen."""
    permissions.require(permissions.can_approve(user, result.indicator))
    message = entry_rules.maker_is_not_checker(
        user.pk, result.entered_by_id, submitted_by(result)
    )
    if message:
        raise EntryError([entry_rules.Problem("status", message)])
    _move(user, result, ResultStatus.SUBMITTED, ResultStatus.APPROVED, "Approved",
          expected_version=expected_version)


@dataclass(frozen=True)
class Refusal:
    """One result of several chosen for approval that cannot be approved, and why."""

    result_id: int
    name: str  # "HW-01 Q2 2026/27", or the id chosen when there is no such result
    message: str


class ApprovalsRefused(Exception):
    """Some of the results chosen cannot be approved: none of them was."""

    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__("; ".join(f"{r.name}: {r.message}" for r in refusals))
        self.refusals = refusals


CHANGED_SINCE = "It was changed after the list was shown: check it again"


def approve_all(user, chosen: dict[int, int]) -> list[Result]:
    """Approve every chosen result (result id to the version the approver saw), or none.

    Each is checked as ``approve`` checks one (permission, awaiting sign-off, maker and
    checker apart) and against the version shown; if any fails, nothing is approved and
    ``ApprovalsRefused`` says which and why. All or nothing, so an approver who ticked
    ten never finds seven signed off and has to work out which three were not.
    """
    with transaction.atomic():
        results = {
            r.pk: r for r in Result.objects.select_for_update()
            .select_related("indicator", "indicator__org_unit").filter(pk__in=list(chosen))
        }
        who = submitters(list(results.values()))
        refusals = []
        for pk, version in chosen.items():
            result = results.get(pk)
            if result is None:
                refusals.append(Refusal(pk, f"Result {pk}", "There is no such result"))
                continue
            name = f"{result.indicator.code} {Period.parse(result.period).label}"
            message = why_not_approve(user, result, who[pk])
            if message is None and result.version != version:
                message = CHANGED_SINCE
            if message:
                refusals.append(Refusal(pk, name, message))
        if refusals:
            raise ApprovalsRefused(refusals)
        approved = []
        for pk, version in chosen.items():
            approve(user, results[pk], expected_version=version)
            approved.append(results[pk])
    return approved


def return_for_rework(user, result: Result, reason: str) -> None:
    permissions.require(permissions.can_approve(user, result.indicator))
    if not reason.strip():
        raise EntryError([entry_rules.Problem("reason", "Enter the reason for returning it")])
    _move(user, result, ResultStatus.SUBMITTED, ResultStatus.RETURNED, reason)


def reopen(user, result: Result, reason: str) -> None:
    """Only the performance team reopens an approved result, giving a reason."""
    if not permissions.is_performance_team(user):
        raise PermissionDenied
    if not reason.strip():
        raise EntryError([entry_rules.Problem("reason", "Enter the reason for reopening it")])
    if is_locked(result, timezone.localdate()):
        raise EntryError([entry_rules.Problem("reason", LOCKED_MESSAGE)])
    _move(user, result, ResultStatus.APPROVED, ResultStatus.RETURNED, reason)


def _move(user, result: Result, expected: str, to: str, reason: str,
          expected_version: int | None = None) -> None:
    with transaction.atomic():
        current = Result.objects.select_for_update().get(pk=result.pk)
        if current.status != expected:
            raise EntryError([entry_rules.Problem(
                "status", f"This result is {current.get_status_display().lower()} now, "
                "so that cannot be done"
            )])
        if expected_version is not None and current.version != expected_version:
            raise EntryError([entry_rules.Problem("status", CHANGED_SINCE)])
        _claim(current, current.version)
        current.status = to
        current._change_reason = reason
        current.save()
        _record(current, expected, user, reason)
    result.refresh_from_db()


# --- imports: many results through the same door ----------------------------------------


@dataclass(frozen=True)
class Imported:
    """What one row of an import brings for one result. ``None`` keeps what is there."""

    row: int
    indicator: Indicator
    period: Period
    actual: Decimal | None
    commentary: str | None
    reported_rag: str | None


@dataclass
class ImportOutcome:
    """What happened to each row: 'created', 'updated' or 'unchanged'."""

    rows: dict[int, str] = field(default_factory=dict)

    def count(self, what: str) -> int:
        return sum(1 for done in self.rows.values() if done == what)


class ImportRefused(Exception):
    """Rows the door will not take; nothing was written."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__(f"{len(problems)} row(s) refused")
        self.problems = problems


FIGURES = ("actual", "commentary", "reported_rag")


def import_results(
    user, rows: list[Imported], reason: str, today: date
) -> ImportOutcome:
    """Create or change many results in one go, under the rules a person meets.

    * A result not yet in the register is created approved when its period is
      history (its report issued, or before the reporting calendar): the figure
      as published. In a period still being reported it arrives awaiting
      sign-off, so someone other than the importer approves it.
    * A draft or returned result takes the new figures and keeps its status.
    * A submitted or approved result is changed as a person would change it:
      returned (reopened, for an approved one: the performance team only) and
      submitted again by the importer, so an approver signs the new figure off.
    * An approved result whose period's report is issued is locked: a row error.

    Every changed result moves its ``version`` on (an officer's open form then
    gets a conflict, never a silent overwrite), gets one history row naming the
    importer and the reason, and its transitions. Call inside a transaction:
    nothing is written if any row is refused.
    """
    if not reason.strip():
        raise ValueError("An import needs a reason")
    keys = {(item.indicator.pk, item.period.key) for item in rows}
    existing = {
        (r.indicator_id, r.period): r
        for r in Result.objects.select_for_update().filter(
            indicator__in={k[0] for k in keys}, period__in={k[1] for k in keys}
        )
    }
    period_keys = {k[1] for k in keys}
    locked = locked_periods(today, period_keys)
    calendar = in_calendar(period_keys)
    enterable = set(
        permissions.enterable(user, today)
        .filter(pk__in={k[0] for k in keys}).values_list("pk", flat=True)
    )
    may_reopen = permissions.is_performance_team(user)
    problems: list[tuple[int, str]] = []
    now = timezone.now()
    outcome = ImportOutcome()
    created: list[Result] = []
    changed: list[Result] = []
    transitions: list[tuple[Result, str, str, str]] = []

    def step(result: Result, before: str, after: str, why: str) -> None:
        transitions.append((result, before, after, why))

    for item in rows:
        where = f"{item.indicator.code} {item.period.label}"
        if item.indicator.pk not in enterable:
            problems.append((item.row, f"{user.get_username()} cannot enter results for "
                             f"{item.indicator.code}"))
            continue
        result = existing.get((item.indicator.pk, item.period.key))
        if result is None:
            if item.actual is None and not item.commentary and not item.reported_rag:
                outcome.rows[item.row] = "unchanged"
                continue
            history = item.period.key in locked or item.period.key not in calendar
            result = Result(
                indicator=item.indicator, period=item.period.key,
                actual=item.actual, commentary=item.commentary or "",
                reported_rag=item.reported_rag or "",
                status=ResultStatus.APPROVED if history else ResultStatus.SUBMITTED,
                entered_by=user, entered_at=now, version=1,
            )
            result.set_period_dates()
            created.append(result)
            outcome.rows[item.row] = "created"
            continue
        new = {
            "actual": item.actual if item.actual is not None else result.actual,
            "commentary": item.commentary if item.commentary is not None else result.commentary,
            "reported_rag": item.reported_rag or result.reported_rag,
        }
        if all(getattr(result, name) == value for name, value in new.items()):
            outcome.rows[item.row] = "unchanged"
            continue
        if result.status == ResultStatus.APPROVED and item.period.key in locked:
            problems.append((item.row, f"{where} is locked: its committee report has been "
                             "issued. Record a correction after issue instead"))
            continue
        figures_change = (new["actual"], new["commentary"]) != (result.actual, result.commentary)
        if not figures_change:
            pass  # only the RAG the council reported (for the RAG audit): no sign-off needed
        elif result.status == ResultStatus.APPROVED:
            if not may_reopen:
                problems.append((item.row, f"{where} is approved: only the performance team "
                                 "can reopen it"))
                continue
            step(result, ResultStatus.APPROVED, ResultStatus.RETURNED,
                 f"Reopened by an import: {reason}")
            step(result, ResultStatus.RETURNED, ResultStatus.SUBMITTED,
                 f"Submitted by an import: {reason}")
            result.status = ResultStatus.SUBMITTED
        elif result.status == ResultStatus.SUBMITTED:
            step(result, ResultStatus.SUBMITTED, ResultStatus.RETURNED,
                 f"Returned by an import: {reason}")
            step(result, ResultStatus.RETURNED, ResultStatus.SUBMITTED,
                 f"Submitted by an import: {reason}")
        for name, value in new.items():
            setattr(result, name, value)
        if figures_change:
            result.entered_by, result.entered_at = user, now
        result.version += 1
        result.updated_at = now
        changed.append(result)
        outcome.rows[item.row] = "updated"
    if problems:
        raise ImportRefused(problems)

    Result.objects.bulk_create(created, batch_size=2000)
    if any(r.pk is None for r in created):  # a database that returns no keys
        ids = {
            (i, p): pk for i, p, pk in Result.objects.filter(
                indicator__in={r.indicator_id for r in created},
                period__in={r.period for r in created},
            ).values_list("indicator_id", "period", "pk")
        }
        for r in created:
            r.pk = ids[(r.indicator_id, r.period)]
    _history_in_bulk(created, "+", user, f"Imported: {reason}", now)
    for result in created:
        step(result, ResultStatus.DRAFT, result.status, f"Imported: {reason}")
    if changed:
        _update_in_bulk(changed, ["actual", "commentary", "reported_rag", "status",
                                  "entered_by", "entered_at", "version", "updated_at"])
        _history_in_bulk(changed, "~", user, f"Changed by an import: {reason}", now)
    _insert_in_bulk(
        ResultTransition, ["result", "from_status", "to_status", "by", "at", "reason"],
        [[result.pk, before, after, user.pk, now, why]
         for result, before, after, why in transitions],
    )
    return outcome


@dataclass(frozen=True)
class ImportedBreakdown:
    """What one row of a breakdown import brings: one category's figure in one result."""

    row: int
    indicator: Indicator
    period: Period
    figure: BreakdownFigure


def import_breakdowns(
    user, rows: list[ImportedBreakdown], reason: str, today: date
) -> ImportOutcome:
    """Change the breakdowns of results already in the register, under the rules of
    ``import_results``: the breakdown is part of the result, so it changes only where
    its result could. A draft or returned result keeps its status; a submitted one is
    returned and submitted again, an approved one reopened (the performance team only)
    and submitted again, so an approver signs the new breakdown off; a result whose
    committee report has been issued is locked, and so is its breakdown: a row error.
    Each changed result moves its ``version`` on and gets a history row naming the
    importer and the reason. Call inside a transaction: nothing is written if any row is
    refused.
    """
    if not reason.strip():
        raise ValueError("An import needs a reason")
    keys = {(item.indicator.pk, item.period.key) for item in rows}
    existing = {
        (r.indicator_id, r.period): r
        for r in Result.objects.select_for_update().select_related("indicator").filter(
            indicator__in={k[0] for k in keys}, period__in={k[1] for k in keys}
        )
    }
    locked = locked_periods(today, {k[1] for k in keys})
    enterable = set(
        permissions.enterable(user, today)
        .filter(pk__in={k[0] for k in keys}).values_list("pk", flat=True)
    )
    may_reopen = permissions.is_performance_team(user)
    problems: list[tuple[int, str]] = []
    by_result: dict[int, list[ImportedBreakdown]] = {}
    for item in rows:
        where = f"{item.indicator.code} {item.period.label}"
        result = existing.get((item.indicator.pk, item.period.key))
        if item.indicator.pk not in enterable:
            problems.append((item.row, f"{user.get_username()} cannot enter results for "
                             f"{item.indicator.code}"))
        elif result is None:
            problems.append((item.row, f"{where} has no result yet: import or enter the "
                             "result first"))
        else:
            by_result.setdefault(result.pk, []).append(item)
    outcome = ImportOutcome()
    changed = []
    for items in by_result.values():
        result = existing[(items[0].indicator.pk, items[0].period.key)]
        where = f"{result.indicator.code} {items[0].period.label}"
        cells = [item.figure for item in items]
        found = breakdowns.problems(result.indicator, result.actual, cells)
        if found:
            problems += [(items[0].row, f"{where}: {p.message}") for p in found]
            continue
        if not breakdowns.changes(result, cells):
            outcome.rows.update({item.row: "unchanged" for item in items})
            continue
        if result.status == ResultStatus.APPROVED and result.period in locked:
            problems += [(item.row, f"{where} is locked: its committee report has been "
                          "issued, so its breakdown cannot change. Record a correction after "
                          "issue instead") for item in items]
            continue
        if result.status == ResultStatus.APPROVED and not may_reopen:
            problems += [(item.row, f"{where} is approved: only the performance team can "
                          "reopen it") for item in items]
            continue
        changed.append((result, cells))
        outcome.rows.update({item.row: "updated" for item in items})
    if problems:
        raise ImportRefused(sorted(problems))
    for result, cells in changed:
        before = result.status
        _claim(result, result.version)
        steps = {
            ResultStatus.APPROVED: [(ResultStatus.APPROVED, ResultStatus.RETURNED, "Reopened"),
                                    (ResultStatus.RETURNED, ResultStatus.SUBMITTED, "Submitted")],
            ResultStatus.SUBMITTED: [(ResultStatus.SUBMITTED, ResultStatus.RETURNED, "Returned"),
                                     (ResultStatus.RETURNED, ResultStatus.SUBMITTED, "Submitted")],
        }.get(before, [])
        why = f"Breakdown changed by an import: {reason}"
        if steps:
            result.status = ResultStatus.SUBMITTED
        result.entered_by, result.entered_at = user, timezone.now()
        result._change_reason, result._history_user = why, user
        result.save()
        breakdowns.write(result, cells, user, why)
        for from_status, to_status, verb in steps:
            ResultTransition.objects.create(
                result=result, from_status=from_status, to_status=to_status, by=user,
                at=timezone.now(), reason=f"{verb} by an import: {reason}",
            )
    return outcome


# --- corrections after issue ------------------------------------------------------------


def correct_after_issue(
    user, result: Result, actual: Decimal | None, commentary: str, reason: str, today: date,
    *, breakdown: tuple[BreakdownFigure, ...] | None = None, now: datetime | None = None,
) -> Correction | None:
    """The performance team corrects a locked figure, or its breakdown, after its report
    went out.

    A reason is required; the old and new figures are kept: the figure and commentary in
    a ``Correction``, each breakdown figure that changes in a ``BreakdownCorrection``
    (``breakdown``: the figures as corrected, None to leave the breakdown alone). The
    breakdown meets the rules it met when it was entered (``kpis/breakdown_rules.py``),
    so where its parts make the whole they must still add up to the (corrected) figure.
    A correction that changes nothing is refused. The result stays approved, moves its
    version on and records the step. The issued report is reproducible from the rows kept
    (``RatingBook.load(as_issued_on=...)``, ``breakdowns.as_issued``) and the next report
    lists them among "corrections to figures reported earlier". Returns the figure's
    ``Correction``, or None when only the breakdown changed.
    """
    if not permissions.is_performance_team(user):
        raise PermissionDenied
    problems = []
    if not reason.strip():
        problems.append(entry_rules.Problem("reason", "Enter the reason for the correction"))
    if not is_locked(result, today):
        problems.append(entry_rules.Problem(
            "actual", "This result is not locked: change it through sign-off instead"
        ))
    facts = entry_rules.EntryFacts.of(result.indicator)
    problems += entry_rules.value_problems(facts, result.period_obj, today, actual)
    if not problems:
        # The whole breakdown as it would stand, so the parts are checked against the total.
        problems = breakdowns.problems(result.indicator, actual,
                                       breakdowns.merged(result, breakdown or ()))
    figure_changes = (actual, commentary) != (result.actual, result.commentary)
    breakdown_changes = breakdown is not None and breakdowns.changes(result, breakdown)
    if not problems and not (figure_changes or breakdown_changes):
        problems.append(entry_rules.Problem(
            "actual", "The figure, commentary and breakdown are as they were: there is "
            "nothing to correct"
        ))
    if problems:
        raise EntryError(problems)
    why = f"Correction after issue: {reason}"
    with transaction.atomic():
        current = Result.objects.select_for_update().get(pk=result.pk)
        _claim(current, current.version)
        now = now or timezone.now()
        correction = None
        if figure_changes:
            correction = Correction.objects.create(
                result=current, old_actual=current.actual, new_actual=actual,
                old_commentary=current.commentary, new_commentary=commentary,
                reason=reason, by=user, at=now,
            )
        if breakdown_changes:
            assert breakdown is not None
            breakdowns.record_corrections(current, breakdown, user, reason, now)
            breakdowns.write(current, breakdown, user, why)
        current.actual, current.commentary = actual, commentary
        current.entered_by, current.entered_at = user, now
        current._change_reason = why
        current._history_user = user
        current._history_date = now
        current.save()
        ResultTransition.objects.create(
            result=current, from_status=ResultStatus.APPROVED, to_status=current.status,
            by=user, at=now, reason=why,
        )
    result.refresh_from_db()
    return correction


def _update_in_bulk(rows: list[Result], names: list[str]) -> None:
    """One parameterised UPDATE per row, sent as a batch: Django's ``bulk_update`` builds
    a CASE expression per field and row, which takes a minute for 50,000 results."""
    fields = [Result._meta.get_field(name) for name in names]
    table = connection.ops.quote_name(Result._meta.db_table)
    columns = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    sql = f"UPDATE {table} SET {columns} WHERE {connection.ops.quote_name('id')} = %s"
    _execute_many(sql, [[getattr(row, f.attname) for f in fields] + [row.pk] for row in rows],
                  fields + [Result._meta.pk])


def _history_in_bulk(rows: list[Result], kind: str, user, reason: str, now) -> None:
    """One django-simple-history record per result, as its own ``save`` would write it
    (``kind``: '+' created, '~' changed), inserted as a batch."""
    history = Result.history.model
    names, fields = [], []
    for f in history._meta.concrete_fields:
        if f.name != "history_id":
            names.append(f.name)
            fields.append(f)
    own = {
        "history_date": now, "history_change_reason": reason, "history_type": kind,
        "history_user": user.pk,
    }
    values = [
        [own[n] if n in own else getattr(row, f.attname) for n, f in zip(names, fields,
                                                                         strict=True)]
        for row in rows
    ]
    _insert_in_bulk(history, names, values)


def _insert_in_bulk(model, names: list[str], rows: list[list]) -> None:
    """Plain rows inserted as a batch, for the many transitions of a large import."""
    fields = [model._meta.get_field(name) for name in names]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    _execute_many(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows, fields)


def _execute_many(sql: str, rows: list[list], fields: list) -> None:
    """Each value prepared for the database as Django would; values repeat a lot (the
    same importer, the same moment), so each distinct value is prepared once."""
    prepared: list[dict] = [{} for _ in fields]

    def prep(index: int, value):
        cache = prepared[index]
        try:
            return cache[value]
        except KeyError:
            cache[value] = fields[index].get_db_prep_save(value, connection)
            return cache[value]
        except TypeError:  # not hashable
            return fields[index].get_db_prep_save(value, connection)

    params = [[prep(i, value) for i, value in enumerate(row)] for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 5000):
            cursor.executemany(sql, params[start:start + 5000])
