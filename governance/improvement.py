"""Improvement plans: which indicators need one and have none, which plan actions are
overdue, and the one door for writing, changing and closing a plan.

For the dashboards and any other screen:

* ``missing_plans(indicator_ids, period)`` gives the ids of the indicators, among those
  given, that need an improvement plan as at the end of ``period`` (under the council's
  ``ImprovementPlanRule``) and have no open one. Signed-off results only unless
  ``approved_only=False``. A fixed number of queries however many indicators.
* ``missing_in_book(book, indicator_ids, as_at)`` does the same from a ``RatingBook``
  already loaded (the pack uses it).
* ``overdue_actions(today, indicator_ids=None)`` lists the open plans' actions past their
  due date, for the exception report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from governance.delivery import ImprovementAction, ImprovementPlan, ImprovementPlanRule
from governance.improvement_rules import PlanTrigger, plan_is_missing, plan_needed
from kpis import permissions
from kpis.entry_rules import Problem
from kpis.models import Indicator
from reporting.engine import Assessment, ExceptionFlag, Rag
from reporting.periods import Period
from reporting.ratings import PeriodRating, RatingBook


def history_of(book: RatingBook, rating: PeriodRating) -> list[Rag]:
    """The RAG of the rated period and the ones before it that the exception rule reads,
    the latest last."""
    if rating.period is None:
        return [rating.assessment.rag]
    earlier = list(book.earlier_rags(rating.indicator.id, rating.period,
                                     rating.rules.red_periods - 1))
    return [*reversed(earlier), rating.assessment.rag]


def needs_plan(book: RatingBook, rating: PeriodRating, trigger: PlanTrigger) -> bool:
    """Whether this rating calls for an improvement plan under the council's setting."""
    if trigger is PlanTrigger.RED:  # the latest period alone: read no history
        return plan_needed([rating.assessment.rag], trigger, rating.rules.red_periods)
    return plan_needed(history_of(book, rating), trigger, rating.rules.red_periods)


def open_plan_ids(indicator_ids: Iterable[int]) -> set[int]:
    """The indicators, among those given, that have an open improvement plan."""
    return set(
        ImprovementPlan.objects.filter(indicator_id__in=list(indicator_ids), closed_on=None)
        .values_list("indicator_id", flat=True)
    )


def missing_in_book(book: RatingBook, indicator_ids: Iterable[int], as_at: date) -> set[int]:
    ids = list(indicator_ids)
    trigger = ImprovementPlanRule.in_force()
    needed = {i for i in ids if needs_plan(book, book.rate_latest(i, as_at), trigger)}
    covered = open_plan_ids(needed) if needed else set()
    return {i for i in needed if plan_is_missing(True, i in covered)}


def missing_plans(indicator_ids: Iterable[int], period: Period, *,
                  approved_only: bool = True) -> set[int]:
    """The indicators, among those given, that need an improvement plan as at the end of
    ``period`` and have no open one."""
    ids = list(indicator_ids)
    if not ids:
        return set()
    book = RatingBook.load(period.end, only=ids, approved_only=approved_only)
    return missing_in_book(book, ids, period.end)


@dataclass(frozen=True)
class PlanState:
    """What a screen says about an indicator's improvement plan."""

    needed: bool
    plan: ImprovementPlan | None  # the open one, if any

    @property
    def missing(self) -> bool:
        return plan_is_missing(self.needed, self.plan is not None)


def state_for(indicator: Indicator, period: Period, *, approved_only: bool) -> PlanState:
    """The improvement plan state of one indicator as at the end of ``period``."""
    book = RatingBook.load(period.end, only=[indicator.pk], approved_only=approved_only)
    rating = book.rate_latest(indicator.pk, period.end)
    plans = ImprovementPlan.objects.filter(indicator=indicator, closed_on=None)
    if approved_only:  # a plan opened for a result not yet signed off says it was red
        plans = plans.filter(_opened_for_signed_off())
    plan = plans.select_related("owner").order_by("-created_at").first()
    return PlanState(needs_plan(book, rating, ImprovementPlanRule.in_force()), plan)


def _opened_for_signed_off():
    """Plans whose period's result, the one they were opened for, is signed off."""
    from django.db.models import Exists, OuterRef

    from kpis.models import Result, ResultStatus

    return Exists(Result.objects.filter(indicator=OuterRef("indicator"),
                                        period=OuterRef("opened_for"),
                                        status=ResultStatus.APPROVED))


def overdue_actions(today: date, indicator_ids: Iterable[int] | None = None, *,
                    reader=None) -> QuerySet[ImprovementAction]:
    """Actions of open improvement plans past their due date and not complete (of the
    plans ``reader`` may see, if given: ``visible_plans``)."""
    actions = ImprovementAction.objects.filter(
        plan__closed_on=None, completed_on=None, due__lt=today
    ).select_related("plan", "plan__indicator", "owner").order_by("due", "pk")
    if indicator_ids is not None:
        actions = actions.filter(plan__indicator_id__in=list(indicator_ids))
    if reader is not None:
        actions = actions.filter(plan__in=visible_plans(ImprovementPlan.objects.all(), reader,
                                                        today))
    return actions


def visible_plans(plans: QuerySet[ImprovementPlan], reader, today: date
                  ) -> QuerySet[ImprovementPlan]:
    """The plans ``reader`` may see. A plan is opened for a period's result, and a plan
    says that result was red: so whoever sees signed-off figures only (councillors above
    all: ``permissions.sees_unsigned``) sees a plan once the result it was opened for is
    signed off, or if they enter or sign off the indicator's results themselves."""
    from django.db.models import Q

    from kpis import permissions

    if permissions.sees_unsigned(reader):
        return plans
    return plans.filter(
        _opened_for_signed_off()
        | Q(indicator__in=permissions.enterable(reader, today))
        | Q(indicator__in=permissions.approvable(reader))
    )


# --- writing ------------------------------------------------------------------------------


class PlanError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


SIX_POINTS = ("issue", "action_to_take", "timescales", "resources", "monitoring",
              "measure_of_success")


def save_plan(user, plan: ImprovementPlan, today: date) -> ImprovementPlan:
    """Write a new plan or change one, by whoever works on the indicator."""
    permissions.require(permissions.can_work_on_plan(user, plan.indicator, today))
    if plan.pk and not plan.is_open:
        raise PlanError([Problem("issue", "This plan is closed: it cannot be changed")])
    if plan.pk is None:
        plan.created_by, plan.created_at = user, timezone.now()
    plan._change_reason = "Changed" if plan.pk else "Written"
    plan.save()
    return plan


def add_action(user, plan: ImprovementPlan, action: ImprovementAction, today: date) -> None:
    permissions.require(permissions.can_work_on_plan(user, plan.indicator, today))
    if not plan.is_open:
        raise PlanError([Problem("description", "This plan is closed: add no more actions")])
    action.plan = plan
    action.save()


def complete_plan_action(user, action: ImprovementAction, on: date, today: date) -> None:
    permissions.require(
        action.owner_id == user.pk
        or permissions.can_work_on_plan(user, action.plan.indicator, today)
    )
    if on > today:
        raise PlanError([Problem("completed_on", "The date must be today or earlier")])
    action.completed_on = on
    action._change_reason = "Marked complete"
    action.save()


def close_plan(user, plan: ImprovementPlan, closing_note: str, success_met: bool | None,
               today: date) -> None:
    """Close a plan with a closing note that says whether the measure of success was met."""
    permissions.require(permissions.can_work_on_plan(user, plan.indicator, today))
    problems = []
    if not plan.is_open:
        problems.append(Problem("closing_note", "This plan is already closed"))
    if not closing_note.strip():
        problems.append(Problem("closing_note", "Enter the closing note: what was achieved"))
    if success_met is None:
        problems.append(Problem("success_met", "Say whether the measure of success was met"))
    if problems:
        raise PlanError(problems)
    with transaction.atomic():
        plan.closed_on, plan.closing_note, plan.success_met = today, closing_note, success_met
        plan.closed_by = user
        plan._change_reason = "Closed"
        plan.save()


def state_for_entry(indicator: Indicator, assessment: Assessment) -> PlanState:
    """The improvement plan state the entry form shows beside the figure being entered,
    from the live preview's assessment: red for consecutive periods is the engine's own
    "red for N periods running" exception, which reads the same run of periods."""
    trigger = ImprovementPlanRule.in_force()
    if trigger is PlanTrigger.RED_RUNNING:
        needed = assessment.exception is ExceptionFlag.RED_SUSTAINED
    else:
        needed = assessment.rag is Rag.RED
    plan = (ImprovementPlan.objects.filter(indicator=indicator, closed_on=None)
            .select_related("owner").order_by("-created_at").first()) if needed else None
    return PlanState(needed, plan)
