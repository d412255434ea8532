"""Entering and signing off results: the services the screens and the bulk upload call.

Each function checks permission on the object, applies the entry rules,
records the transition and keeps the audit trail (django-simple-history
records every save with its user and reason). A save names the version it
started from; if someone else saved in between, ``Conflict`` is raised and
nothing is written (optimistic locking, never a silent overwrite).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from governance.models import ReportingPeriod
from kpis import entry_rules, permissions
from kpis.models import Indicator, Result, ResultStatus, ResultTransition
from reporting.engine import Assessment
from reporting.periods import Period
from reporting.ratings import PeriodRating, RatingBook

EDITABLE = (ResultStatus.DRAFT, ResultStatus.RETURNED)


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


def rating(indicator: Indicator, period: Period, actual: Decimal | None = None,
           *, suppose: bool = False) -> PeriodRating:
    """The engine's verdict on this period, optionally as if ``actual`` were entered."""
    book = RatingBook.load(period.end, only=[indicator.pk])
    if suppose:
        book.suppose(indicator.pk, period, actual)
    return book.rate(indicator.pk, period)


def preview(indicator: Indicator, period: Period, actual: Decimal | None) -> Assessment:
    return rating(indicator, period, actual, suppose=True).assessment


def is_locked(result: Result | None, today: date) -> bool:
    """Approved results are locked once the committee report for the period is issued."""
    if result is None or result.status != ResultStatus.APPROVED:
        return False
    return ReportingPeriod.objects.filter(
        period=result.period, issued_on__isnull=False, issued_on__lte=today
    ).exists()


def _record(result: Result, before: str, user, reason: str = "") -> None:
    ResultTransition.objects.create(
        result=result, from_status=before, to_status=result.status, by=user,
        at=timezone.now(), reason=reason,
    )


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
        if result.status != before:
            _record(result, before, user)
    return result


def approve(user, result: Result) -> None:
    permissions.require(permissions.can_approve(user, result.indicator))
    _move(user, result, ResultStatus.SUBMITTED, ResultStatus.APPROVED, "Approved")


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
    _move(user, result, ResultStatus.APPROVED, ResultStatus.RETURNED, reason)


def _move(user, result: Result, expected: str, to: str, reason: str) -> None:
    with transaction.atomic():
        current = Result.objects.select_for_update().get(pk=result.pk)
        if current.status != expected:
            raise EntryError([entry_rules.Problem(
                "status", f"This result is {current.get_status_display().lower()} now, "
                "so that cannot be done"
            )])
        _claim(current, current.version)
        current.status = to
        current._change_reason = reason
        current.save()
        _record(current, expected, user, reason)
    result.refresh_from_db()
