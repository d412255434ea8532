"""Next year's targets and the targets still to set."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from kpis import permissions, targets
from kpis.forms import (
    TargetForm,
)
from kpis.views.common import get_indicator
from reporting.numbers import plain
from reporting.periods import Frequency, Period
from reporting.periods_http import year_or_404


def _coming_year(request) -> Period:
    key = request.GET.get("year")
    if key:
        return year_or_404(key)
    return Period.containing(timezone.localdate(), Frequency.ANNUAL).next()


def target_edit(request, code: str, year: str):
    indicator = get_indicator(code)
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


def targets_missing(request):
    """Targeted indicators with no target for the coming year: the performance team sees
    the council's, an approver those in the area they sign off (as in the annual review)."""
    permissions.require(permissions.signs_off(request.user))
    year = _coming_year(request)
    return render(request, "kpis/targets_missing.html", {
        "year": year, "indicators": targets.needing_targets(year).filter(
            pk__in=permissions.approvable(request.user).values("pk")
        ),
    })
