"""What an officer or approver has to do: due, overdue, drafts, returned, awaiting sign-off.

A fixed number of queries however many indicators a person looks after.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import QuerySet

from governance.calendar import deadlines_for
from kpis import permissions
from kpis.models import Indicator, Result, ResultStatus, ResultTransition
from reporting.engine import Aggregation, IndicatorStatus
from reporting.periods import Frequency, Period


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
