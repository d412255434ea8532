"""Screens for the delivery plan's actions and for improvement plans: thin views over
governance/actions.py and governance/improvement.py, every one permission-checked there
or here through kpis.permissions."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance import actions, improvement
from governance.action_forms import (
    DUE_DATE,
    ActionFilterForm,
    ClosePlanForm,
    ImprovementActionForm,
    ImprovementPlanForm,
    ProgressNoteForm,
    ReasonForm,
    TimescaleChangeForm,
)
from governance.action_status import ActionStatus, rules_in_words
from governance.delivery import (
    Action,
    ImprovementAction,
    ImprovementPlan,
    ImprovementPlanRule,
    Milestone,
    ProgressNote,
)
from kpis import permissions
from kpis.models import Indicator, ResultStatus
from kpis.roles import AUDITORS, PERFORMANCE_TEAM
from reporting.periods import Frequency, Period
from reporting.periods_http import period_or_404


def _action(reference: str) -> Action:
    return get_object_or_404(
        Action.objects.select_related("pillar", "org_unit", "owner", "delegate", "plan",
                                      "portfolio"),
        reference=reference,
    )


def _sees_drafts(user, action: Action) -> bool:
    """Notes not yet signed off are seen by those who write and sign them off, the
    performance team and auditors (as results are: kpis.permissions.sees_unsigned)."""
    return (permissions.has_role(user, PERFORMANCE_TEAM, AUDITORS)
            or permissions.can_update_action(user, action)
            or permissions.can_sign_off_action(user, action))


def _add_problems(form, problems) -> None:
    for problem in problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)


# --- actions ------------------------------------------------------------------------------


def action_list(request):
    """The delivery plan: every action with its status, filtered by pillar, service,
    status and owner."""
    today = timezone.localdate()
    form = ActionFilterForm(request.GET or None)
    chosen = Action.objects.all()
    status = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["pillar"]:
            chosen = chosen.filter(pillar=data["pillar"])
        if data["service"]:
            chosen = chosen.filter(org_unit=data["service"])
        if data["portfolio"]:
            chosen = chosen.filter(portfolio=data["portfolio"])
        if data["owner"]:
            chosen = chosen.filter(owner=data["owner"])
        if data["plan"]:
            chosen = chosen.filter(plan=data["plan"])
        status = data["status"]
    found = actions.rows(actions.with_everything(chosen), today)
    counts = {s: sum(1 for r in found if r.status is s) for s in ActionStatus}
    if status:
        found = [r for r in found if r.status.value == status]
    awaiting = []
    if permissions.signs_off(request.user):
        awaiting = [n for n in actions.notes_awaiting(request.user)
                    if permissions.can_sign_off_action(request.user, n.action)]
    return render(request, "governance/actions/list.html", {
        "form": form, "rows": found, "today": today, "awaiting": awaiting,
        "counts": [(s, counts[s]) for s in ActionStatus],
        "may_add": permissions.can_plan_action(request.user),
    })


def action_detail(request, reference: str):
    action = _action(reference)
    today = timezone.localdate()
    row = actions.rows(actions.with_everything(
        Action.objects.filter(pk=action.pk).select_related("plan", "portfolio")), today)[0]
    sees_drafts = _sees_drafts(request.user, action)
    this_month = Period.latest_ended(today, Frequency.MONTHLY)
    notes = [n for n in row.action.notes.all()
             if sees_drafts or n.status == ResultStatus.APPROVED]
    for note in notes:
        note.why_not = actions.why_not_sign_off(request.user, note)
    return render(request, "governance/actions/detail.html", {
        "action": row.action, "row": row, "notes": notes, "today": today,
        "changes": action.changes.select_related("milestone", "recorded_by"),
        "may_update": permissions.can_update_action(request.user, action),
        "may_sign_off": permissions.can_sign_off_action(request.user, action),
        "may_plan": permissions.can_plan_action(request.user, action.org_unit),
        "may_milestones": permissions.can_add_milestones(request.user, action),
        "this_month": this_month,
        "this_month_due": not any(n.period == this_month.key and n.status not in
                                  ResultStatus.editable() for n in row.action.notes.all()),
        "rules": rules_in_words(),
        "history": _history(action),
    })


def _history(action: Action, most: int = 15) -> list:
    """The latest changes to the action and to its milestones (removed ones too), newest
    first, each with what it was in words."""
    own = list(action.history.select_related("history_user").order_by("-history_date")[:most])
    for h in own:
        h.what = h.history_change_reason or h.get_history_type_display()
    steps = list(Milestone.history.filter(action_id=action.pk).select_related("history_user")
                 .order_by("-history_date")[:most])
    for h in steps:
        reason = h.history_change_reason or h.get_history_type_display()
        h.what = reason if reason.startswith("Milestone") else \
            f"Milestone \u201c{h.title}\u201d: {reason[0].lower()}{reason[1:]}"
    return sorted(own + steps, key=lambda h: h.history_date, reverse=True)[:most]


def _note_period(period: str) -> Period:
    when = period_or_404(period)
    if when.frequency is not Frequency.MONTHLY:
        raise Http404("A progress note reports one month")
    return when


def note_edit(request, reference: str, period: str):
    """The month's progress note; posting it saves a draft."""
    return _save_note(request, reference, period, submit=False)


@require_POST
def note_submit(request, reference: str, period: str):
    """The same form, posted to submit the note for sign-off."""
    return _save_note(request, reference, period, submit=True)


def _save_note(request, reference: str, period: str, *, submit: bool):
    action = _action(reference)
    when = _note_period(period)
    today = timezone.localdate()
    permissions.require(permissions.can_update_action(request.user, action))
    note = ProgressNote.objects.filter(action=action, period=when.key).first()
    if request.method != "POST":
        initial = {"note": note.note, "owner_says": note.owner_says} if note else {}
        form = ProgressNoteForm(initial=initial)
    else:
        form = ProgressNoteForm(request.POST)
        if form.is_valid():
            try:
                actions.save_note(request.user, action, when, form.cleaned_data["note"],
                                  form.cleaned_data["owner_says"], today, submit=submit)
            except actions.ActionError as error:
                _add_problems(form, error.problems)
            else:
                messages.success(request, f"Progress on {action.reference} for {when.label} "
                                 + ("submitted for sign-off" if submit else "saved as a draft"))
                return redirect("governance:action", reference=action.reference)
    editable = note is None or note.status in ResultStatus.editable()
    return render(request, "governance/actions/note_form.html", {
        "action": action, "period": when, "form": form, "note": note, "editable": editable,
    }, status=400 if form.is_bound else 200)


@require_POST
def note_sign_off(request, pk: int):
    note = get_object_or_404(ProgressNote.objects.select_related("action__org_unit"), pk=pk)
    try:
        actions.sign_off(request.user, note)
    except actions.ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Progress on {note.action.reference} for "
                         f"{note.period_obj.label} signed off")
    return redirect("governance:action", reference=note.action.reference)


def note_return(request, pk: int):
    note = get_object_or_404(ProgressNote.objects.select_related("action__org_unit"), pk=pk)
    permissions.require(permissions.can_sign_off_action(request.user, note.action))
    form = ReasonForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            actions.return_note(request.user, note, form.cleaned_data["reason"])
        except actions.ActionError as error:
            _add_problems(form, error.problems)
        else:
            messages.success(request, f"Progress on {note.action.reference} returned")
            return redirect("governance:action", reference=note.action.reference)
    return render(request, "governance/actions/reason.html", {
        "form": form, "action": note.action, "note": note,
        "label": f"Return the progress note for {note.period_obj.label}",
    }, status=400 if form.is_bound else 200)


@require_POST
def milestone_complete(request, pk: int):
    milestone = get_object_or_404(Milestone.objects.select_related("action"), pk=pk)
    today = timezone.localdate()
    actions.complete_milestone(request.user, milestone, today, today)
    messages.success(request, f"Milestone \u201c{milestone.title}\u201d marked complete")
    return redirect("governance:action", reference=milestone.action.reference)


@require_POST
def action_complete(request, reference: str):
    action = _action(reference)
    today = timezone.localdate()
    actions.complete_action(request.user, action, today, today)
    messages.success(request, f"{action.reference} marked complete")
    return redirect("governance:action", reference=action.reference)


def timescale_change(request, reference: str):
    """Record a change to the action's due date or a milestone's, and who agreed it."""
    action = _action(reference)
    permissions.require(permissions.can_sign_off_action(request.user, action))
    form = TimescaleChangeForm(request.POST or None, action=action)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        milestone = (None if data["what"] == DUE_DATE
                     else get_object_or_404(Milestone, pk=data["what"], action=action))
        try:
            actions.change_timescale(request.user, action, milestone, data["new_date"],
                                     data["reason"], data["agreed_by"], data["agreed_on"])
        except actions.ActionError as error:
            _add_problems(form, error.problems)
        else:
            messages.success(request, f"Timescale for {action.reference} changed")
            return redirect("governance:action", reference=action.reference)
    return render(request, "governance/actions/timescale.html", {
        "form": form, "action": action,
    }, status=400 if form.is_bound else 200)


# --- improvement plans ---------------------------------------------------------------------


def plan_list(request):
    """Open improvement plans, the indicators that need one and have none, overdue plan
    actions, and the plans closed."""
    today = timezone.localdate()
    period = Period.latest_ended(today, Frequency.QUARTERLY)
    live = list(Indicator.objects.exclude(status="retired").values_list("pk", flat=True))
    missing = Indicator.objects.filter(
        pk__in=improvement.missing_plans(live, period)).select_related("owner").order_by("code")
    shown = request.GET.get("show") if request.GET.get("show") in PLAN_LISTS else "open"
    plans = improvement.visible_plans(
        ImprovementPlan.objects.select_related("indicator", "owner"), request.user, today)
    plans = (plans.filter(closed_on=None).order_by("indicator__code", "-created_at")
             if shown == "open" else
             plans.exclude(closed_on=None).order_by("-closed_on", "indicator__code"))
    page = Paginator(plans, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "governance/plans/list.html", {
        "period": period, "missing": missing, "today": today,
        "shown": shown, "lists": PLAN_LISTS.items(), "plans": page.object_list, "page": page,
        "pages": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
        if page.paginator.num_pages > 1 else [],
        "ellipsis": Paginator.ELLIPSIS,
        "overdue": improvement.overdue_actions(today, reader=request.user),
        "rule": ImprovementPlanRule.in_force(),
    })


PLANS_PER_PAGE = 25
PLAN_LISTS = {"open": "Open plans", "closed": "Closed plans, most recently closed first"}


def plan_create(request, code: str):
    indicator = get_object_or_404(Indicator.objects.select_related("org_unit"), code=code)
    today = timezone.localdate()
    permissions.require(permissions.can_work_on_plan(request.user, indicator, today))
    period = (period_or_404(request.GET["period"]) if request.GET.get("period")
              else Period.latest_ended(today, Frequency(indicator.frequency)))
    form = ImprovementPlanForm(request.POST or None,
                               initial={"owner": indicator.owner_id})
    if form.is_bound and form.is_valid():
        plan = form.save(commit=False)
        plan.indicator, plan.opened_for = indicator, period.key
        improvement.save_plan(request.user, plan, today)
        messages.success(request, f"Improvement plan for {indicator.code} saved")
        return redirect("governance:improvement_plan", pk=plan.pk)
    return render(request, "governance/plans/form.html", {
        "form": form, "indicator": indicator, "period": period, "plan": None,
    }, status=400 if form.is_bound else 200)


def _plan(pk: int) -> ImprovementPlan:
    return get_object_or_404(
        ImprovementPlan.objects.select_related("indicator", "indicator__org_unit", "owner",
                                               "closed_by", "created_by"), pk=pk)


def plan_detail(request, pk: int):
    plan = _plan(pk)
    today = timezone.localdate()
    if not improvement.visible_plans(ImprovementPlan.objects.filter(pk=plan.pk), request.user,
                                     today).exists():
        raise Http404("No such improvement plan")
    may_work = permissions.can_work_on_plan(request.user, plan.indicator, today)
    return render(request, "governance/plans/detail.html", {
        "plan": plan, "today": today, "may_work": may_work,
        "plan_actions": plan.actions.select_related("owner"),
        "action_form": ImprovementActionForm() if may_work and plan.is_open else None,
        "history": plan.history.select_related("history_user").order_by("-history_date")[:10],
    })


def plan_edit(request, pk: int):
    plan = _plan(pk)
    today = timezone.localdate()
    permissions.require(permissions.can_work_on_plan(request.user, plan.indicator, today))
    if not plan.is_open:
        messages.error(request, "This plan is closed: it cannot be changed")
        return redirect("governance:improvement_plan", pk=plan.pk)
    form = ImprovementPlanForm(request.POST or None, instance=plan)
    if form.is_bound and form.is_valid():
        improvement.save_plan(request.user, form.save(commit=False), today)
        messages.success(request, f"Improvement plan for {plan.indicator.code} saved")
        return redirect("governance:improvement_plan", pk=plan.pk)
    return render(request, "governance/plans/form.html", {
        "form": form, "indicator": plan.indicator, "plan": plan,
        "period": Period.parse(plan.opened_for),
    }, status=400 if form.is_bound else 200)


@require_POST
def plan_action_add(request, pk: int):
    plan = _plan(pk)
    today = timezone.localdate()
    permissions.require(permissions.can_work_on_plan(request.user, plan.indicator, today))
    form = ImprovementActionForm(request.POST)
    if form.is_valid():
        try:
            improvement.add_action(request.user, plan, form.save(commit=False), today)
        except improvement.PlanError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Action added to the plan")
            return redirect("governance:improvement_plan", pk=plan.pk)
    return render(request, "governance/plans/detail.html", {
        "plan": plan, "today": today, "may_work": True, "action_form": form,
        "plan_actions": plan.actions.select_related("owner"),
        "history": plan.history.select_related("history_user").order_by("-history_date")[:10],
    }, status=400)


@require_POST
def plan_action_complete(request, pk: int):
    action = get_object_or_404(ImprovementAction.objects.select_related(
        "plan__indicator__org_unit"), pk=pk)
    today = timezone.localdate()
    improvement.complete_plan_action(request.user, action, today, today)
    messages.success(request, f"\u201c{action.description}\u201d marked complete")
    return redirect("governance:improvement_plan", pk=action.plan_id)


def plan_close(request, pk: int):
    plan = _plan(pk)
    today = timezone.localdate()
    permissions.require(permissions.can_work_on_plan(request.user, plan.indicator, today))
    form = ClosePlanForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            improvement.close_plan(request.user, plan, form.cleaned_data["closing_note"],
                                   form.cleaned_data["success_met"], today)
        except improvement.PlanError as error:
            _add_problems(form, error.problems)
        else:
            messages.success(request, f"Improvement plan for {plan.indicator.code} closed")
            return redirect("governance:improvement_plan", pk=plan.pk)
    return render(request, "governance/plans/close.html", {"form": form, "plan": plan},
                  status=400 if form.is_bound else 200)
