"""One indicator: its page, and delegating entry to a colleague."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kpis import permissions
from kpis.forms import (
    DelegationForm,
)
from kpis.history import indicator_history
from kpis.models import Delegation
from kpis.views.common import get_indicator
from reporting.periods import Period
from reporting.ratings import RatingBook

RECENT = 8


def indicator_detail(request, code: str):
    indicator = get_indicator(code)
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
        "history": indicator_history(indicator, signed_off_only=not sees_all),
        "can_enter": permissions.can_enter(request.user, indicator, today),
        # Each period links to its result page only for those who may open it.
        "can_view_results": permissions.can_view_result(request.user, indicator, today),
        "can_delegate": permissions.can_delegate(request.user, indicator),
        "delegations": indicator.delegations.filter(ends_on__gte=today).select_related(
            "delegate"
        ),
    })


def delegate(request, code: str):
    """The owner or an approver lets a colleague enter results until a date."""
    indicator = get_indicator(code)
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
    indicator = get_indicator(code)
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
