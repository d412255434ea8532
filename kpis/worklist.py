"""What an officer or approver has to do: due, overdue, drafts, returned, awaiting sign-off.

A fixed number of queries however many indicators a person looks after.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from governance.calendar import deadlines_for
from kpis import completion as completion_rule
from kpis import entry, permissions
from kpis.models import Indicator, OrgUnit, Result, ResultStatus, ResultTransition
from reporting.engine import Aggregation, IndicatorStatus
from reporting.periods import Frequency, Period
from reporting.ratings import PeriodRating, RatingBook


@dataclass(frozen=True)
class Item:
    indicator: Indicator
    period: Period
    result: Result | None
    deadline: date
    returned: ResultTransition | None = None  # for a returned result: who, when and why

    def overdue(self, today: date) -> bool:
        return self.deadline < today


@dataclass
class Worklist:
    today: date
    due: list[Item] = field(default_factory=list)
    drafts: list[Item] = field(default_factory=list)
    returned: list[Item] = field(default_factory=list)
    submitted: list[Item] = field(default_factory=list)

    @property
    def overdue(self) -> list[Item]:
        return [item for item in self.due if item.overdue(self.today)]

    @property
    def due_soon(self) -> list[Item]:
        return [item for item in self.due if not item.overdue(self.today)]


def officer_worklist(user, today: date) -> Worklist:
    indicators = list(
        permissions.enterable(user, today)
        .exclude(status=IndicatorStatus.RETIRED.value)
        .filter(aggregation=Aggregation.NONE.value)
        .select_related("org_unit")
        .order_by("code")
    )
    current = {
        ind.pk: Period.latest_ended(today, Frequency(ind.frequency)) for ind in indicators
    }
    by_id = {ind.pk: ind for ind in indicators}
    results = Result.objects.filter(indicator__in=indicators).filter(
        period__in={p.key for p in current.values()}
    ) | Result.objects.filter(
        indicator__in=indicators, status__in=[ResultStatus.DRAFT, ResultStatus.RETURNED]
    )
    rows = list(results.order_by("period_end"))
    periods = set(current.values()) | {Period.parse(r.period) for r in rows}
    deadlines = deadlines_for(periods)
    worklist = Worklist(today=today)
    have = {(r.indicator_id, r.period): r for r in rows}
    for indicator_id, period in current.items():
        result = have.get((indicator_id, period.key))
        if result is None or result.status == ResultStatus.DRAFT:
            worklist.due.append(
                Item(by_id[indicator_id], period, result, deadlines[period].entry)
            )
    for result in rows:
        period = Period.parse(result.period)
        item = Item(by_id[result.indicator_id], period, result, deadlines[period].entry)
        if result.status == ResultStatus.DRAFT:
            if period != current[result.indicator_id]:  # this period's drafts are in "due"
                worklist.drafts.append(item)
        elif result.status == ResultStatus.RETURNED:
            worklist.returned.append(item)
        elif result.status == ResultStatus.SUBMITTED:
            worklist.submitted.append(
                Item(item.indicator, period, result, deadlines[period].signoff)
            )
    worklist.due.sort(key=lambda item: (item.deadline, item.indicator.code))
    return worklist


def awaiting_signoff_results(user) -> QuerySet[Result]:
    """Results submitted in the units this user approves for."""
    return Result.objects.filter(
        status=ResultStatus.SUBMITTED, indicator__in=permissions.approvable(user)
    )


def awaiting_signoff(user, today: date, results: QuerySet[Result] | None = None) -> list[Item]:
    """Results submitted in the units this user approves for (or those of ``results``, a
    filtered ``awaiting_signoff_results``), oldest deadline first."""
    source = awaiting_signoff_results(user) if results is None else results
    rows = list(
        source.select_related("indicator", "indicator__org_unit", "entered_by")
        .order_by("period_end", "indicator__code")
    )
    deadlines = deadlines_for({Period.parse(r.period) for r in rows})
    return [
        Item(r.indicator, Period.parse(r.period), r, deadlines[Period.parse(r.period)].signoff)
        for r in rows
    ]


@dataclass(frozen=True)
class SignoffItem(Item):
    """A result waiting for sign-off as the approver's list shows it: with its rating
    (target, RAG) and, when this approver may not approve it, why not."""

    book: RatingBook | None = None
    refusal: str | None = None

    @cached_property
    def rating(self) -> PeriodRating:
        assert self.book is not None
        return self.book.rate(self.indicator.pk, self.period)


def signoff_items(user, today: date, results: QuerySet[Result]) -> list[SignoffItem]:
    """``awaiting_signoff`` with each result's rating and whether this user may approve
    it: a fixed number of queries (the ratings are read together, and worked out only
    for the rows a page shows)."""
    items = awaiting_signoff(user, today, results=results)
    if not items:
        return []
    book = RatingBook.load(
        max(item.period.end for item in items),
        rating=[(item.indicator.pk, item.period) for item in items],
    )
    who = entry.submitters([item.result for item in items if item.result])
    return [
        SignoffItem(
            item.indicator, item.period, item.result, item.deadline, book=book,
            refusal=entry.why_not_approve(user, item.result, who[item.result.pk])
            if item.result else None,
        )
        for item in items
    ]


# --- the performance team's worklist: every return of the current period, in SQL ------

NOT_STARTED = "not_started"
# A return's state: no result yet, or its result's status.
RETURN_STATUSES = [(NOT_STARTED, "Not started"), *ResultStatus.choices]
DONE = (ResultStatus.SUBMITTED, ResultStatus.APPROVED)  # handed over for sign-off


def current_periods(today: date) -> dict[Frequency, Period]:
    """The period each frequency is being reported for: the latest that has ended."""
    return {frequency: Period.latest_ended(today, frequency) for frequency in Frequency}


def _by_frequency(values: dict[Frequency, object], output_field) -> Case:
    return Case(
        *[When(frequency=f.value, then=Value(v)) for f, v in values.items()],
        output_field=output_field,
    )


def returns(today: date) -> QuerySet[Indicator]:
    """One row for each return due now: every live indicator whose results are entered,
    for the latest period of its frequency that has ended, annotated in SQL with

    ``period`` (its key), ``return_status`` (``NOT_STARTED`` or the result's status),
    ``has_figure``, ``entry_deadline``, ``signoff_deadline``, ``deadline`` (the one that
    applies now), ``overdue`` (the deadline that applies has passed and it is not
    approved), ``directorate_id`` and ``service_id`` (None for a directorate's own
    indicators).

    A query that filters, counts and pages in the database, whatever the register's size.
    """
    periods = current_periods(today)
    deadlines = deadlines_for(set(periods.values()))
    result = Result.objects.filter(indicator=OuterRef("pk"), period=OuterRef("period"))
    entry_deadline = _by_frequency(
        {f: deadlines[p].entry for f, p in periods.items()}, DateField()
    )
    signoff_deadline = _by_frequency(
        {f: deadlines[p].signoff for f, p in periods.items()}, DateField()
    )
    kind = OrgUnit.Kind
    return (
        Indicator.objects.exclude(status=IndicatorStatus.RETIRED.value)
        .filter(aggregation=Aggregation.NONE.value)
        .annotate(period=_by_frequency({f: p.key for f, p in periods.items()}, CharField()))
        .annotate(
            return_status=Coalesce(Subquery(result.values("status")[:1]), Value(NOT_STARTED)),
            has_figure=Exists(result.filter(actual__isnull=False)),
            entry_deadline=entry_deadline,
            signoff_deadline=signoff_deadline,
            directorate_id=Case(
                When(org_unit__kind=kind.DIRECTORATE, then=F("org_unit_id")),
                When(org_unit__kind=kind.SERVICE, then=F("org_unit__parent_id")),
                default=F("org_unit__parent__parent_id"),
                output_field=IntegerField(),
            ),
            service_id=Case(
                When(org_unit__kind=kind.SERVICE, then=F("org_unit_id")),
                When(org_unit__kind=kind.TEAM, then=F("org_unit__parent_id")),
                default=Value(None),
                output_field=IntegerField(),
            ),
        )
        .annotate(
            deadline=Case(
                When(return_status=ResultStatus.SUBMITTED, then=F("signoff_deadline")),
                default=F("entry_deadline"),
                output_field=DateField(),
            ),
        )
        .annotate(
            overdue=Case(
                When(Q(return_status=ResultStatus.APPROVED), then=Value(False)),
                When(Q(deadline__lt=today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )


def summary(returns_due: QuerySet[Indicator]) -> dict[str, int]:
    """How many of these returns are overdue, waiting for sign-off and returned for
    rework (one query, grouped by status and lateness)."""
    counts = {"overdue": 0, "awaiting": 0, "returned": 0}
    for row in (
        returns_due.order_by().values("return_status", "overdue").annotate(n=Count("pk"))
    ):
        counts["overdue"] += row["n"] if row["overdue"] else 0
        counts["awaiting"] += row["n"] if row["return_status"] == ResultStatus.SUBMITTED else 0
        counts["returned"] += row["n"] if row["return_status"] == ResultStatus.RETURNED else 0
    return counts


def completion(today: date) -> list[completion_rule.CompletionRow]:
    """Completion of the current period's returns by directorate and service, with each
    directorate's sum and the council's total (two queries: the counts, grouped in SQL,
    and the units' names)."""
    handed_over = Q(return_status__in=DONE)
    groups = (
        returns(today).order_by().values("directorate_id", "service_id")
        .annotate(
            due=Count("pk"),
            entered=Count("pk", filter=handed_over | Q(has_figure=True)),
            submitted=Count("pk", filter=handed_over),
            approved=Count("pk", filter=Q(return_status=ResultStatus.APPROVED)),
            late=Count("pk", filter=Q(overdue=True)),
        )
    )
    rows = list(groups)
    ids = {row["directorate_id"] for row in rows} | {row["service_id"] for row in rows}
    names = dict(OrgUnit.objects.filter(pk__in=ids - {None}).values_list("pk", "name"))
    return completion_rule.completion_rows(
        completion_rule.Group(
            directorate_id=row["directorate_id"],
            directorate=names[row["directorate_id"]],
            service_id=row["service_id"],
            service=names.get(row["service_id"]),
            counts=completion_rule.Counts(
                due=row["due"], entered=row["entered"], submitted=row["submitted"],
                approved=row["approved"], overdue=row["late"],
            ),
        )
        for row in rows
    )


def with_return_reasons(items: list[Item]) -> list[Item]:
    """The items, each returned result with the step that returned it: who, when and the
    approver's reason (one query, for a page of items)."""
    ids = [item.result.pk for item in items
           if item.result is not None and item.result.status == ResultStatus.RETURNED]
    if not ids:
        return items
    latest: dict[int, ResultTransition] = {}
    for step in (ResultTransition.objects.filter(result_id__in=ids, to_status=ResultStatus.RETURNED)
                 .select_related("by").order_by("result_id", "-at", "-pk")):
        latest.setdefault(step.result_id, step)
    return [replace(item, returned=latest.get(item.result.pk)) if item.result else item
            for item in items]
