"""Screens that write the delivery plan: add an action, change it, and add, rename and
remove its milestones. Thin views over ``governance/actions.py``, which checks every
write with ``kpis.permissions`` (``can_plan_action``, ``can_add_milestones``) and the
rules in ``governance/action_rules.py``; the history keeps who did it (the request's
user, through django-simple-history's middleware)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from governance import actions
from governance.action_forms import ActionForm, MilestoneForm
from governance.delivery import Action, Milestone
from kpis import permissions


def _action(reference: str) -> Action:
    return get_object_or_404(Action.objects.select_related("org_unit"), reference=reference)


def _milestone(pk: int) -> Milestone:
    return get_object_or_404(Milestone.objects.select_related("action__org_unit"), pk=pk)


def _problems(form, error: actions.ActionError) -> None:
    for problem in error.problems:
        form.add_error(problem.field if problem.field in form.fields else None,
                       problem.message)


def _completed(request, action: Action):
    """Completed actions are read only: say so on the action's page."""
    messages.error(request, f"{action.reference} is complete: it cannot be changed")
    return redirect("governance:action", reference=action.reference)


def action_new(request):
    permissions.require(permissions.can_plan_action(request.user))
    today = timezone.localdate()
    form = ActionForm(request.POST or None, user=request.user, today=today)
    if form.is_bound and form.is_valid():
        try:
            action = actions.add_action(request.user, form.cleaned_data, today)
        except actions.ActionError as error:
            _problems(form, error)
        else:
            messages.success(request, f"{action.reference} added to the delivery plan: add "
                             "its milestones")
            return redirect("governance:action", reference=action.reference)
    return render(request, "governance/actions/form.html", {"form": form, "action": None},
                  status=400 if form.is_bound else 200)


def action_edit(request, reference: str):
    action = _action(reference)
    permissions.require(permissions.can_plan_action(request.user, action.org_unit))
    if action.completed_on is not None:
        return _completed(request, action)
    today = timezone.localdate()
    form = ActionForm(request.POST or None, instance=action, user=request.user, today=today)
    if form.is_bound and form.is_valid():
        try:
            changed = actions.change_action(request.user, action, form.cleaned_data, today)
        except actions.ActionError as error:
            _problems(form, error)
        else:
            messages.success(request, f"{action.reference} changed: {', '.join(changed)}"
                             if changed else f"Nothing changed on {action.reference}")
            return redirect("governance:action", reference=action.reference)
    if form.is_bound:
        action.refresh_from_db()  # the form wrote its values on it: show the stored ones
    return render(request, "governance/actions/form.html", {"form": form, "action": action},
                  status=400 if form.is_bound else 200)


def milestone_new(request, reference: str):
    action = _action(reference)
    permissions.require(permissions.can_add_milestones(request.user, action))
    if action.completed_on is not None:
        return _completed(request, action)
    form = MilestoneForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            milestone = actions.add_milestone(request.user, action, form.cleaned_data["title"],
                                              form.cleaned_data["due"])
        except actions.ActionError as error:
            _problems(form, error)
        else:
            messages.success(request, f"Milestone \u201c{milestone.title}\u201d added")
            return redirect("governance:action", reference=action.reference)
    return render(request, "governance/actions/milestone_form.html", {
        "form": form, "action": action, "milestone": None,
    }, status=400 if form.is_bound else 200)


def milestone_edit(request, pk: int):
    milestone = _milestone(pk)
    action = milestone.action
    permissions.require(permissions.can_add_milestones(request.user, action))
    if action.completed_on is not None:
        return _completed(request, action)
    form = MilestoneForm(request.POST or None, with_date=False,
                         initial={"title": milestone.title})
    if form.is_bound and form.is_valid():
        try:
            actions.rename_milestone(request.user, milestone, form.cleaned_data["title"])
        except actions.ActionError as error:
            _problems(form, error)
        else:
            messages.success(request, f"Milestone \u201c{milestone.title}\u201d saved")
            return redirect("governance:action", reference=action.reference)
    return render(request, "governance/actions/milestone_form.html", {
        "form": form, "action": action, "milestone": milestone,
        "may_change_dates": permissions.can_sign_off_action(request.user, action),
    }, status=400 if form.is_bound else 200)


def milestone_remove(request, pk: int):
    """Asks first; the milestone goes only when the form is posted."""
    milestone = _milestone(pk)
    action = milestone.action
    permissions.require(permissions.can_plan_action(request.user, action.org_unit))
    why_not = actions.why_not_remove(milestone)
    if request.method == "POST" and not why_not:
        try:
            actions.remove_milestone(request.user, milestone)
        except actions.ActionError as error:
            why_not = str(error)
        else:
            messages.success(request, f"Milestone \u201c{milestone.title}\u201d removed")
            return redirect("governance:action", reference=action.reference)
    return render(request, "governance/actions/milestone_remove.html", {
        "action": action, "milestone": milestone, "why_not": why_not,
    }, status=400 if request.method == "POST" else 200)
