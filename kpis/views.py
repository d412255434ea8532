"""Screens for officers and approvers: thin views over kpis.entry and kpis.worklist."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from kpis import bulk, entry, entry_rules, exports, permissions, targets, worklist
from kpis.forms import (
    CorrectionForm,
    DelegationForm,
    ReasonForm,
    ResultForm,
    ReviewForm,
    TargetForm,
    UploadForm,
)
from kpis.history import indicator_history
from kpis.models import BulkUpload, Delegation, Indicator, Result, ResultStatus
from kpis.roles import PERFORMANCE_TEAM
from kpis.spreadsheets import SpreadsheetError, read_sheet
from kpis.tables import SignoffTable
from reporting.numbers import plain
from reporting.periods import Frequency, Period
from reporting.periods_http import period_or_404, year_or_404
from reporting.ratings import RatingBook

RECENT = 8


def _indicator(code: str) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("org_unit", "owner", "accountable_officer", "parent"),
        code=code,
    )


def _period(indicator: Indicator, key: str) -> Period:
    return period_or_404(key, indicator.period_frequency)


def _result(indicator: Indicator, period: Period) -> Result | None:
    return Result.objects.filter(indicator=indicator, period=period.key).first()


# --- home ---------------------------------------------------------------------


def home(request):
    today = timezone.localdate()
    context = {
        "today": today,
        "work": worklist.officer_worklist(request.user, today),
        "signoff": worklist.awaiting_signoff(request.user, today),
    }
    return render(request, "kpis/home.html", context)


def approvals(request):
    """Results waiting for this approver, filterable by service and period, as CSV too."""
    today = timezone.localdate()
    items = worklist.awaiting_signoff(request.user, today)
    services = sorted({item.indicator.org_unit.path for item in items})
    periods = sorted({item.period for item in items}, key=lambda p: p.end, reverse=True)
    service, period = request.GET.get("service", ""), request.GET.get("period", "")
    shown = [
        item for item in items
        if (not service or item.indicator.org_unit.path == service)
        and (not period or item.period.key == period)
    ]
    table = SignoffTable(shown)
    table.today, table.caption = today, "Waiting for your sign-off"
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    if request.GET.get("format") in ("csv", "xlsx"):
        return _download(table, "awaiting-sign-off", request.GET["format"])
    return render(request, "kpis/approvals.html", {
        "table": table, "count": len(shown), "total": len(items), "services": services,
        "periods": periods, "service": service, "period": period,
    })


def _download(table, name: str, fmt: str) -> HttpResponse:
    """A table as the reader sees it (filtered and sorted), as CSV or XLSX."""
    rows = list(table.as_values())
    if fmt == "csv":
        response = HttpResponse(content_type=exports.CSV_CONTENT_TYPE)
        exports.write_csv(rows, response)
    else:
        response = HttpResponse(content_type=exports.XLSX_CONTENT_TYPE)
        exports.write_xlsx(rows, response)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- indicator -------------------------------------------------------------------


def indicator_detail(request, code: str):
    indicator = _indicator(code)
    today = timezone.localdate()
    latest = Period.latest_ended(today, indicator.period_frequency)
    sees_all = permissions.sees_unsigned(request.user, indicator, today)
    book = RatingBook.load(latest.end, only=[indicator.pk], approved_only=not sees_all)
    periods = [latest.shift(-n) for n in range(RECENT)]
    ratings = [book.rate(indicator.pk, p) for p in periods]
    return render(request, "kpis/indicator.html", {
        "indicator": indicator,
        "ratings": ratings,
        "children": indicator.children.order_by("code"),
        "history": indicator_history(indicator, include_results=sees_all),
        "can_enter": permissions.can_enter(request.user, indicator, today),
        "can_delegate": permissions.can_delegate(request.user, indicator),
        "delegations": indicator.delegations.filter(ends_on__gte=today).select_related(
            "delegate"
        ),
    })


def delegate(request, code: str):
    """The owner or an approver lets a colleague enter results until a date."""
    indicator = _indicator(code)
    permissions.require(permissions.can_delegate(request.user, indicator))
    today = timezone.localdate()
    users = permissions.delegates(exclude=[indicator.owner_id, request.user.pk])
    form = DelegationForm(request.POST or None, users=users.order_by("first_name", "last_name"),
                          today=today)
    if request.method == "POST" and form.is_valid():
        Delegation.objects.create(
            indicator=indicator, delegate=form.cleaned_data["delegate"],
            ends_on=form.cleaned_data["ends_on"], granted_by=request.user,
        )
        messages.success(request, f"{form.cleaned_data['delegate'].get_full_name()} can enter "
                         f"{indicator.code} results until {form.cleaned_data['ends_on']:%-d %B %Y}")
        return redirect("kpis:indicator", code=code)
    return render(request, "kpis/delegate.html", {"indicator": indicator, "form": form},
                  status=400 if form.errors else 200)


@require_POST
def delegation_end(request, code: str, pk: int):
    indicator = _indicator(code)
    permissions.require(permissions.can_delegate(request.user, indicator))
    delegation = get_object_or_404(Delegation, pk=pk, indicator=indicator)
    # The history's deletion record keeps who ended it and when (docs/decisions.md).
    delegation._history_user = request.user
    delegation._change_reason = (
        f"Ended early: it was to run until {delegation.ends_on:%-d %B %Y}"
    )
    delegation.delete()
    messages.success(request, f"Delegation to {delegation.delegate.get_full_name()} ended")
    return redirect("kpis:indicator", code=code)


# --- one result --------------------------------------------------------------------


def result_detail(request, code: str, period: str):
    indicator = _indicator(code)
    when = _period(indicator, period)
    today = timezone.localdate()
    permissions.require(permissions.can_view_result(request.user, indicator, today))
    result = _result(indicator, when)
    sees_unsigned = permissions.sees_unsigned(request.user, indicator, today)
    if result is not None and result.status != ResultStatus.APPROVED and not sees_unsigned:
        result = None  # not signed off yet: this reader sees no figure
    locked = entry.is_locked(result, today)
    awaiting = result is not None and result.status == ResultStatus.SUBMITTED
    return render(request, "kpis/result.html", {
        "indicator": indicator,
        "period": when,
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
    })


def _entry_page(request, indicator, period, form, result, conflict=None, status=200,
                actual=None):
    book = RatingBook.load(period.end, only=[indicator.pk])
    context = {
        "indicator": indicator,
        "period": period,
        "form": form,
        "result": result,
        "rules": book.rules(indicator.pk, period),
        "recent": [book.rate(indicator.pk, period.shift(-n)) for n in range(1, 5)],
        "preview": (preview := entry.preview(
            indicator, period, actual if actual is not None else form_actual(form, result)
        )),
        "needed": entry_rules.story_needed(preview.rag),
        "conflict": conflict,
    }
    return render(request, "kpis/result_form.html", context, status=status)


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


def _save(request, code: str, period: str, *, submit: bool):
    indicator = _indicator(code)
    when = _period(indicator, period)
    today = timezone.localdate()
    permissions.require(permissions.can_enter(request.user, indicator, today))
    result = _result(indicator, when)
    if request.method != "POST":
        initial = {"version": result.version if result else 0}
        if result:
            initial.update(
                actual=plain(result.actual),
                commentary=result.commentary,
                improvement_activity=result.improvement_activity,
                data_quality_note=result.data_quality_note,
            )
        return _entry_page(request, indicator, when, ResultForm(initial=initial,
                           unit=indicator.unit, code=indicator.code), result)
    form = ResultForm(request.POST, unit=indicator.unit, code=indicator.code)
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
        kept = ResultForm(data, unit=indicator.unit, code=indicator.code)
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
    indicator = _indicator(code)
    when = _period(indicator, period)
    permissions.require(
        permissions.can_enter(request.user, indicator, timezone.localdate())
    )
    form = ResultForm(request.POST, unit=indicator.unit, code=indicator.code)
    form.is_valid()
    actual = form.cleaned_data.get("actual") if "actual" not in form.errors else None
    preview = entry.preview(indicator, when, actual)
    return render(request, "kpis/_preview.html", {
        "preview": preview,
        "needed": entry_rules.story_needed(preview.rag),
        "invalid": "actual" in form.errors,
    })


@require_POST
def result_approve(request, code: str, period: str):
    indicator = _indicator(code)
    result = get_object_or_404(Result, indicator=indicator, period=_period(indicator, period).key)
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
    indicator = _indicator(code)
    when = _period(indicator, period)
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
    """The performance team corrects a locked figure after its report was issued."""
    indicator = _indicator(code)
    when = _period(indicator, period)
    result = get_object_or_404(Result, indicator=indicator, period=when.key)
    permissions.require(permissions.is_performance_team(request.user))
    today = timezone.localdate()
    if request.method == "POST":
        form = CorrectionForm(request.POST, unit=indicator.unit, code=indicator.code)
    else:
        form = CorrectionForm(unit=indicator.unit, code=indicator.code, initial={
            "actual": plain(result.actual), "commentary": result.commentary,
        })
    if request.method == "POST" and form.is_valid():
        try:
            entry.correct_after_issue(
                request.user, result, form.cleaned_data["actual"],
                form.cleaned_data["commentary"], form.cleaned_data["reason"], today,
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


# --- bulk entry ---------------------------------------------------------------------


def bulk_download(request):
    today = timezone.localdate()
    response = HttpResponse(
        bulk.workbook_for(request.user, today), content_type=exports.XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="results-due-{today:%Y-%m-%d}.xlsx"'
    return response


def bulk_upload(request):
    """Upload a filled-in spreadsheet: every row is checked and rated, nothing saved yet."""
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = read_sheet(upload, name=upload.name, limits=bulk.LIMITS)
            rows = bulk.check(request.user, sheet, timezone.localdate(),
                              submit=form.cleaned_data["submit"])
        except (SpreadsheetError, bulk.UploadRefused) as error:
            form.add_error("file", str(error))
        else:
            context["rows"] = rows
            context["problems"] = [row for row in rows if row.problems]
            if not rows:
                form.add_error("file", "The spreadsheet has no rows of results")
            elif not context["problems"]:
                context["upload"] = bulk.stage(
                    request.user, upload.name, rows, form.cleaned_data["submit"]
                )
    status = 400 if form.errors or context.get("problems") else 200
    return render(request, "kpis/bulk_upload.html", context, status=status)


@require_POST
def bulk_confirm(request, pk: int):
    upload = get_object_or_404(BulkUpload, pk=pk, user=request.user, applied_at=None)
    try:
        saved = bulk.apply(request.user, upload, timezone.localdate())
    except bulk.UploadRefused as error:
        messages.error(request, str(error))
        return redirect("kpis:bulk_upload")
    done = "submitted for sign-off" if upload.submit else "saved as drafts"
    messages.success(request, f"{saved} results {done}")
    return redirect("kpis:home")


# --- targets and the annual review ------------------------------------------------------


def _coming_year(request) -> Period:
    key = request.GET.get("year")
    if key:
        return year_or_404(key)
    return Period.containing(timezone.localdate(), Frequency.ANNUAL).next()


def target_edit(request, code: str, year: str):
    indicator = _indicator(code)
    permissions.require(permissions.can_approve(request.user, indicator))
    when = year_or_404(year)
    profile = targets.profile_periods(indicator, when)
    existing = {t.period: t for t in indicator.targets.filter(
        period__in=[when.key] + [p.key for p in profile])}
    annual = existing.get(when.key)
    initial = {}
    if annual:
        initial = {"annual": plain(annual.target), "stretch": plain(annual.stretch_target),
                   "target_type": annual.target_type, "rationale": annual.rationale}
    for period in profile:
        if period.key in existing:
            initial[f"profile_{period.key}"] = plain(existing[period.key].target)
    form = TargetForm(request.POST or None, initial=initial, profile=profile,
                      unit=indicator.unit, code=indicator.code)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        targets.set_targets(request.user, indicator, when, targets.TargetChoice(
            annual=data["annual_value"], stretch=data["stretch_value"],
            target_type=data["target_type"], rationale=data["rationale"],
            profile=data["profile_values"],
        ))
        messages.success(request, f"Targets for {indicator.code} {when.label} saved")
        return redirect("kpis:indicator", code=code)
    return render(request, "kpis/target_form.html",
                  {"indicator": indicator, "year": when, "form": form},
                  status=400 if form.errors else 200)


@permissions.role_required(PERFORMANCE_TEAM)
def targets_missing(request):
    year = _coming_year(request)
    return render(request, "kpis/targets_missing.html", {
        "year": year, "indicators": targets.needing_targets(year),
    })


def annual_review(request):
    year = _coming_year(request)
    rows = [
        (indicator, decision, ReviewForm(prefix=indicator.code, initial={
            "decision": decision.decision if decision else None,
            "note": decision.note if decision else "",
        }))
        for indicator, decision in targets.review_list(request.user, year)
    ]
    return render(request, "kpis/annual_review.html", {"year": year, "rows": rows})


@require_POST
def review_decide(request, code: str, year: str):
    indicator = _indicator(code)
    permissions.require(permissions.can_approve(request.user, indicator))
    when = year_or_404(year)
    form = ReviewForm(request.POST, prefix=indicator.code)
    if not form.is_valid():
        messages.error(request, f"Choose keep, change or retire for {indicator.code}")
    else:
        decision = targets.decide(request.user, indicator, when, form.cleaned_data["decision"],
                                  form.cleaned_data["note"])
        messages.success(request, f"{indicator.code}: {decision.get_decision_display()}")
    return redirect(f"{reverse('kpis:annual_review')}?year={year}#{indicator.code}")
