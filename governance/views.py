"""Governance screens: thin views over governance.review (and later packs, plans, risks)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance import committees, review
from governance.forms import ReviewForm
from kpis import permissions
from kpis.models import Indicator
from kpis.roles import PERFORMANCE_TEAM
from reporting.periods import Frequency, Period
from reporting.periods_http import year_or_404


@permissions.role_required(PERFORMANCE_TEAM)
def packs_due(request):
    """The performance team's calendar of packs: which are due, and what is still missing."""
    today = timezone.localdate()
    return render(request, "governance/packs_due.html", {
        "today": today, "packs": committees.packs_due(today),
    })


def _indicator(code: str) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("org_unit"), code=code)


def _coming_year(request) -> Period:
    key = request.GET.get("year")
    if key:
        return year_or_404(key)
    return Period.containing(timezone.localdate(), Frequency.ANNUAL).next()


def annual_review(request):
    year = _coming_year(request)
    rows = [
        (indicator, decision, ReviewForm(prefix=indicator.code, initial={
            "decision": decision.decision if decision else None,
            "note": decision.note if decision else "",
        }))
        for indicator, decision in review.review_list(request.user, year)
    ]
    return render(request, "governance/annual_review.html", {"year": year, "rows": rows})


@require_POST
def review_decide(request, code: str, year: str):
    indicator = _indicator(code)
    permissions.require(permissions.can_approve(request.user, indicator))
    when = year_or_404(year)
    form = ReviewForm(request.POST, prefix=indicator.code)
    if not form.is_valid():
        messages.error(request, f"Choose keep, change or retire for {indicator.code}")
    else:
        decision = review.decide(request.user, indicator, when, form.cleaned_data["decision"],
                                  form.cleaned_data["note"])
        messages.success(request, f"{indicator.code}: {decision.get_decision_display()}")
    return redirect(f"{reverse('governance:annual_review')}?year={year}#{indicator.code}")
