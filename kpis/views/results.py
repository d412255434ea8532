"""One result: its page, the entry form, sign-off, reopening and corrections after issue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance import lifecycle
from kpis import breakdowns, entry, entry_rules, permissions
from kpis.forms import (
    CorrectionForm,
    ReasonForm,
    ResultForm,
)
from kpis.models import Result, ResultStatus, ResultTransition
from kpis.roles import performance_team_contacts
from kpis.views.common import get_indicator, get_period, get_result
from reporting.numbers import plain
from reporting.ratings import RatingBook


def result_detail(request, code: str, period: str):
    indicator = get_indicator(code)
    when = get_period(indicator, period)
    today = timezone.localdate()
    permissions.require(permissions.can_view_result(request.user, indicator, today))
    result = get_result(indicator, when)
    sees_unsigned = permissions.sees_unsigned(request.user, indicator, today)
    if result is not None and result.status != ResultStatus.APPROVED and not sees_unsigned:
        result = None  # not signed off yet: this reader sees no figure
    locked = entry.is_locked(result, today)
    awaiting = result is not None and result.status == ResultStatus.SUBMITTED
    raw = permissions.sees_small_numbers(request.user, indicator, today)
    corrected = breakdowns.corrected_figures(
        result.breakdown_corrections.select_related("result__indicator", "category", "by")
        if result else [], lambda _: raw)
    # The breakdown as its report showed it, once a figure of it has been corrected since.
    issued_on = entry.locked_on(result, today) if corrected else None
    as_issued = issued_on is not None and request.GET.get("breakdown") == "as-issued"
    return render(request, "kpis/result.html", {
        "indicator": indicator,
        "period": when,
        "definition": lifecycle.definitions_in([indicator], when)[indicator.pk],
        "result": result,
        "rating": entry.rating(indicator, when, approved_only=not sees_unsigned),
        "transitions": result.transitions.select_related("by") if result and sees_unsigned
        else [],
        "locked": locked,
        "corrections": result.corrections.select_related("by") if result else [],
        "can_change": permissions.can_enter(request.user, indicator, today)
        and (result is None or result.status in entry.EDITABLE),
        "can_approve": awaiting and entry.may_approve(request.user, result),
        "maker": awaiting and permissions.can_approve(request.user, indicator)
        and not entry.may_approve(request.user, result),
        "can_reopen": permissions.is_performance_team(request.user) and not locked
        and result is not None and result.status == ResultStatus.APPROVED,
        "can_correct": permissions.is_performance_team(request.user) and locked,
        "breakdown": breakdowns.panel_for(
            indicator, when, raw=raw, approved_only=not sees_unsigned,
            as_issued_on=issued_on if as_issued else None),
        "breakdown_corrections": corrected,
        "corrections_explanation": breakdowns.explanation_for(corrected),
        "issued_on": issued_on,
        "as_issued": as_issued,
    })


@dataclass(frozen=True)
class Standing:
    """Where a result stands, said at the top of the entry form before the officer types:
    returned (with the approver's reason), waiting for sign-off, approved, or locked by an
    issued report; and who to ask when it cannot be changed here."""

    status: str
    editable: bool
    last: ResultTransition | None  # the step that brought it here: who, when, why
    locked_on: date | None  # when the report that locked it was issued
    ask: list  # approvers for a submitted result; the performance team for an approved one


def standing(result: Result | None, today: date) -> Standing | None:
    if result is None or result.status == ResultStatus.DRAFT:
        return None
    last = (  # the step into this status (a correction after issue keeps it approved)
        result.transitions.filter(to_status=result.status).exclude(from_status=result.status)
        .select_related("by").order_by("-at", "-pk").first()
    )
    locked_on, ask = None, []
    if result.status == ResultStatus.SUBMITTED:
        ask = list(permissions.approvers_of(result.indicator)[:5])
    elif result.status == ResultStatus.APPROVED:
        locked_on = entry.locked_on(result, today)
        ask = performance_team_contacts()
    return Standing(result.status, result.status in entry.EDITABLE, last, locked_on, ask)


def _entry_page(request, indicator, period, form, result, conflict=None, status=200,
                actual=None):
    book = RatingBook.load(period.end, only=[indicator.pk])
    if actual is None:
        actual = form_actual(form, result)
    context = {
        "indicator": indicator,
        "period": period,
        "definition": lifecycle.definitions_in([indicator], period)[indicator.pk],
        "form": form,
        "result": result,
        "rules": book.rules(indicator.pk, period),
        "recent": [book.rate(indicator.pk, period.shift(-n)) for n in range(1, 5)],
        **_preview(indicator, period, actual, _story(form, result),
                   refused=form.errors.get("actual") if form.is_bound else None),
        "conflict": conflict,
        "standing": standing(result, timezone.localdate()),
    }
    from governance import improvement  # the improvement plan a red result needs

    context["plan_state"] = improvement.state_for_entry(indicator, context["preview"])
    context["may_write_plan"], context["plan_period"] = True, period
    return render(request, "kpis/result_form.html", context, status=status)


def _story(form, result) -> tuple[str, str]:
    """The commentary and improvement activity as the officer has written them so far."""
    if form.is_bound:
        return form.data.get("commentary", ""), form.data.get("improvement_activity", "")
    return (result.commentary, result.improvement_activity) if result else ("", "")


def _preview(indicator, period, actual, story: tuple[str, str], refused=None) -> dict:
    """What the live preview shows: the rating the server would give, or, for a value the
    server would refuse on save, the same refusal (never a rating of a value it would not
    keep); and what submission still needs, given the story written so far."""
    problems = list(refused or [])
    if not problems and actual is not None:
        problems = [p.message for p in entry_rules.value_problems(
            entry_rules.EntryFacts.of(indicator), period, timezone.localdate(), actual)]
    preview = entry.preview(indicator, period, None if problems else actual)
    return {
        "preview": preview,
        "refused": problems,
        "needed": None if problems else entry_rules.story_needed(preview.rag, *story),
    }


def form_actual(form, result):
    if form.is_bound:
        return form.cleaned_data.get("actual") if hasattr(form, "cleaned_data") else None
    return result.actual if result else None


def result_edit(request, code: str, period: str):
    """The entry form; posting it saves a draft."""
    return _save(request, code, period, submit=False)


@require_POST
def result_submit(request, code: str, period: str):
    """The same form, posted to submit for sign-off."""
    return _save(request, code, period, submit=True)


def _form_kinds(indicator) -> dict:
    """What shapes the entry form: the indicator's unit and code, and the dimensions its
    results are broken down by (a breakdown fieldset each)."""
    dimensions = tuple(breakdowns.dimensions_of(indicator))
    return {"unit": indicator.unit, "code": indicator.code, "dimensions": dimensions,
            "threshold": breakdowns.threshold() if dimensions else 5}


def _save(request, code: str, period: str, *, submit: bool):
    indicator = get_indicator(code)
    when = get_period(indicator, period)
    today = timezone.localdate()
    permissions.require(permissions.can_enter(request.user, indicator, today))
    result = get_result(indicator, when)
    kinds = _form_kinds(indicator)
    if request.method != "POST":
        initial = {"version": result.version if result else 0}
        if result:
            initial.update(
                actual=plain(result.actual),
                commentary=result.commentary,
                improvement_activity=result.improvement_activity,
                data_quality_note=result.data_quality_note,
                **breakdowns.form_initial(result),
            )
        return _entry_page(request, indicator, when, ResultForm(initial=initial, **kinds),
                           result)
    form = ResultForm(request.POST, **kinds)
    if not form.is_valid():
        return _entry_page(request, indicator, when, form, result, status=400)
    try:
        saved = entry.save(
            request.user, indicator, when, form.entry(), form.cleaned_data["version"], today,
            submit=submit,
        )
    except entry.EntryError as error:
        actual = form.cleaned_data.get("actual")  # add_error drops it from cleaned_data
        for problem in error.problems:
            form.add_error(problem.field if problem.field in form.fields else None,
                           problem.message)
        return _entry_page(request, indicator, when, form, result, status=400, actual=actual)
    except entry.Conflict as conflict:
        data = request.POST.copy()
        data["version"] = conflict.current.version if conflict.current else 0
        kept = ResultForm(data, **kinds)
        kept.is_valid()
        return _entry_page(request, indicator, when, kept, conflict.current,
                           conflict=conflict.current, status=409)
    messages.success(
        request,
        f"{indicator.code} {when.label} submitted for sign-off" if submit
        else f"Draft saved for {indicator.code} {when.label}",
    )
    return redirect("kpis:result", code=indicator.code, period=saved.period)


@require_POST
def result_preview(request, code: str, period: str):
    """The live RAG preview as the officer types (htmx swaps it in)."""
    indicator = get_indicator(code)
    when = get_period(indicator, period)
    permissions.require(
        permissions.can_enter(request.user, indicator, timezone.localdate())
    )
    form = ResultForm(request.POST, unit=indicator.unit, code=indicator.code)
    form.is_valid()
    actual = form.cleaned_data.get("actual") if "actual" not in form.errors else None
    return render(request, "kpis/_preview.html", {
        "indicator": indicator,
        **_preview(indicator, when, actual, _story(form, None),
                   refused=form.errors.get("actual")),
    })


@require_POST
def result_approve(request, code: str, period: str):
    indicator = get_indicator(code)
    when = get_period(indicator, period)
    result = get_object_or_404(Result, indicator=indicator, period=when.key)
    try:
        entry.approve(request.user, result)
    except entry.EntryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{indicator.code} {result.period_label} approved")
    return redirect("kpis:result", code=code, period=period)


def result_return(request, code: str, period: str):
    return _with_reason(request, code, period, entry.return_for_rework,
                        "Why are you returning it?", "returned for rework")


def result_reopen(request, code: str, period: str):
    return _with_reason(request, code, period, entry.reopen,
                        "Why are you reopening it?", "reopened")


def _with_reason(request, code, period, action, label, done):
    indicator = get_indicator(code)
    when = get_period(indicator, period)
    result = get_object_or_404(Result, indicator=indicator, period=when.key)
    permissions.require(
        permissions.can_approve(request.user, indicator)
        if action is entry.return_for_rework
        else permissions.is_performance_team(request.user)
    )
    form = ReasonForm(request.POST or None, label=label)
    if request.method == "POST" and form.is_valid():
        try:
            action(request.user, result, form.cleaned_data["reason"])
        except entry.EntryError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, f"{indicator.code} {when.label} {done}")
            return redirect("kpis:result", code=code, period=period)
    return render(request, "kpis/reason.html", {
        "indicator": indicator, "period": when, "form": form, "label": label,
        "action": request.path, "result": result,
    }, status=400 if form.errors else 200)



def result_correct(request, code: str, period: str):
    """The performance team corrects a locked figure, its commentary or its breakdown after
    its report was issued (one door: ``entry.correct_after_issue``)."""
    indicator = get_indicator(code)
    when = get_period(indicator, period)
    result = get_object_or_404(Result, indicator=indicator, period=when.key)
    permissions.require(permissions.is_performance_team(request.user))
    today = timezone.localdate()
    kinds = _form_kinds(indicator)
    if request.method == "POST":
        form = CorrectionForm(request.POST, **kinds)
    else:
        form = CorrectionForm(**kinds, initial={
            "actual": plain(result.actual), "commentary": result.commentary,
            **breakdowns.form_initial(result),
        })
    if request.method == "POST" and form.is_valid():
        try:
            entry.correct_after_issue(
                request.user, result, form.cleaned_data["actual"],
                form.cleaned_data["commentary"], form.cleaned_data["reason"], today,
                breakdown=form.cleaned_data.get("breakdown"),
            )
        except entry.EntryError as error:
            for problem in error.problems:
                form.add_error(problem.field if problem.field in form.fields else None,
                               problem.message)
        else:
            messages.success(request, f"Correction to {indicator.code} {when.label} recorded")
            return redirect("kpis:result", code=code, period=period)
    return render(request, "kpis/correct.html", {
        "indicator": indicator, "period": when, "form": form, "result": result,
    }, status=400 if form.errors else 200)
