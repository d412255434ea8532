"""Screens for the quarterly data-quality audits: draw the sample, audit an indicator
against the five checks, record findings and follow-ups. Thin views over
governance/dq_audits.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance import dq_audits
from governance.data_quality import CHECKS, Answer
from governance.lifecycle_forms import ChecksForm, DrawForm, FollowUpForm
from governance.lifecycle_models import AuditedIndicator, DataQualityAudit, FollowUp
from kpis import permissions
from reporting.periods import Frequency, Period
from reporting.periods_http import period_or_404

QUARTERS_OFFERED = 4


def _quarters() -> list[Period]:
    latest = Period.latest_ended(timezone.localdate(), Frequency.QUARTERLY)
    return [latest.shift(-n) for n in range(QUARTERS_OFFERED)]


def audit_list(request):
    permissions.require(permissions.audits_data_quality(request.user))
    form = DrawForm(request.POST or None, quarters=_quarters())
    if request.method == "POST" and form.is_valid():
        period = Period.parse(form.cleaned_data["period"])
        try:
            dq_audits.draw(request.user, period, form.cleaned_data["seed"],
                           form.cleaned_data["per_committee"])
        except dq_audits.AuditError as error:
            form.add_error("seed", str(error))
        else:
            messages.success(request, f"Sample drawn for {period.label}")
            return redirect("governance:dq_audit", period=period.key)
    audits = DataQualityAudit.objects.annotate(
        drawn=Count("sampled"),
        audited=Count("sampled", filter=Q(sampled__audited_at__isnull=False)),
    ).order_by("-period")
    return render(request, "governance/dq_audits.html", {
        "audits": [(a, a.drawn, a.audited) for a in audits],
        "form": form, "example_period": _quarters()[0],
    }, status=400 if form.errors else 200)


def _audit(period: str) -> DataQualityAudit:
    return get_object_or_404(DataQualityAudit, period=period_or_404(period).key)


def audit_detail(request, period: str):
    permissions.require(permissions.audits_data_quality(request.user))
    audit = _audit(period)
    sampled = list(audit.sampled.select_related("indicator", "audited_by")
                   .prefetch_related("follow_ups").order_by("stratum", "indicator__code"))
    return render(request, "governance/dq_audit.html", {
        "audit": audit, "sampled": [(s, dq_audits.not_met(s)) for s in sampled],
        "summary": dq_audits.summary(audit.period_obj),
    })


def _sampled(period: str, code: str) -> AuditedIndicator:
    return get_object_or_404(
        AuditedIndicator.objects.select_related("audit", "indicator__org_unit"),
        audit__period=period_or_404(period).key, indicator__code=code,
    )


def _owners():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "username")


def audit_indicator(request, period: str, code: str):
    """The five checks as radios with evidence notes, and the finding."""
    permissions.require(permissions.audits_data_quality(request.user))
    sampled = _sampled(period, code)
    initial = {"finding": sampled.finding}
    for check in CHECKS:
        given = sampled.checks.get(check.key, {})
        initial[check.key] = given.get("answer") or None
        initial[f"{check.key}_evidence"] = given.get("evidence", "")
    form = ChecksForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        dq_audits.record(request.user, sampled, form.checks(), form.cleaned_data["finding"])
        messages.success(request, f"{code} audited")
        return redirect("governance:dq_indicator", period=period, code=code)
    return render(request, "governance/dq_indicator.html", {
        "sampled": sampled, "form": form, "follow_up_form": FollowUpForm(users=_owners()),
        "prefilled": sampled.audited_at is None and bool(
            sampled.checks.get("calculated", {}).get("answer")),
        "answers": {a.value: a.label for a in Answer},
    }, status=400 if form.errors else 200)


@require_POST
def follow_up_add(request, period: str, code: str):
    permissions.require(permissions.audits_data_quality(request.user))
    sampled = _sampled(period, code)
    form = FollowUpForm(request.POST, users=_owners())
    if form.is_valid():
        dq_audits.add_follow_up(request.user, sampled, form.cleaned_data["action"],
                                form.cleaned_data["owner"], form.cleaned_data["due"])
        messages.success(request, f"Follow-up action added for {code}")
        return redirect("governance:dq_indicator", period=period, code=code)
    return render(request, "governance/dq_follow_up.html", {
        "sampled": sampled, "follow_up_form": form,
    }, status=400)


@require_POST
def follow_up_done(request, pk: int):
    permissions.require(permissions.audits_data_quality(request.user))
    follow_up = get_object_or_404(FollowUp.objects.select_related(
        "audited__audit", "audited__indicator"), pk=pk)
    dq_audits.mark_done(request.user, follow_up)
    messages.success(request, "Follow-up action marked done")
    return redirect("governance:dq_indicator", period=follow_up.audited.audit.period,
                    code=follow_up.audited.indicator.code)
