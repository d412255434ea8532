"""One indicator: its page, and delegating entry to a colleague."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Min, Q, QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance import lifecycle, members
from governance import risks as risk_registers
from kpis import breakdowns, permissions
from kpis.forms import (
    DelegationForm,
)
from kpis.history import indicator_history
from kpis.models import BreakdownCorrection, Correction, Delegation, Indicator, Result
from kpis.views.common import get_indicator
from reporting import indicator_chart
from reporting.formatting import date_text
from reporting.periods import Period
from reporting.ratings import RatingBook, history_window, load_red_periods
from reporting.trends import TREND_PERIODS

PERIODS_PER_PAGE = 12  # three years of quarters, a year of months
RECENT = 4  # periods shown when there are no results yet


def periods_reported(indicator: Indicator, latest: Period) -> list[Period]:
    """Every period from the first with a result (its own, or its children's for a
    roll-up) to ``latest``, newest first (one query)."""
    first = Result.objects.filter(
        Q(indicator=indicator) | Q(indicator__parent=indicator)
    ).aggregate(first=Min("period_end"))["first"]
    if first is None or first > latest.end:
        return [latest.shift(-n) for n in range(RECENT)]
    oldest = Period.containing(first, indicator.period_frequency)
    periods, period = [], latest
    while period.end >= oldest.end:
        periods.append(period)
        period = period.previous()
    return periods


def indicator_detail(request, code: str):
    """An indicator: what it is and why it matters, every period's result (a page of
    periods at a time) with its sign-off status, the benchmarks held, delegates, the
    indicators that feed it and the history of every change."""
    indicator = get_indicator(code)
    today = timezone.localdate()
    latest = Period.latest_ended(today, indicator.period_frequency)
    sees_all = permissions.sees_unsigned(request.user, indicator, today)
    page = Paginator(periods_reported(indicator, latest), PERIODS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    periods = list(page.object_list)
    # Rating the page's oldest period reads the history before it, as far back as a run
    # of red periods can reach.
    reach = history_window(max(load_red_periods().values()))
    # ... and the trend of its oldest period reads the periods before it (trends.py).
    since = min(periods[-1].end - reach, periods[-1].shift(-TREND_PERIODS).end)
    book = RatingBook.load(periods[0].end, since=since, only=[indicator.pk],
                           approved_only=not sees_all)
    statuses = dict(
        Result.objects.filter(indicator=indicator, period__in=[p.key for p in periods])
        .values_list("period", "status")
    )
    rated = [(book.rate(indicator.pk, p), p) for p in periods]
    ratings = [(rating, statuses.get(p.key),
                book.trend(indicator.pk, p, rating.indicator.polarity))
               for rating, p in rated]
    # The definition in force in each year of the periods shown, where it is not today's.
    definitions = lifecycle.definitions_for([indicator])
    then = [definitions.then(indicator.pk, year)
            for year in dict.fromkeys(p.fy for p in periods)]
    raw = permissions.sees_small_numbers(request.user, indicator, today)
    corrected = breakdowns.corrected_figures(
        BreakdownCorrection.objects.filter(result__indicator=indicator)
        .select_related("result__indicator", "category", "by").order_by("-at", "-pk"),
        lambda _: raw)
    from governance import improvement  # whether it needs an improvement plan and has one

    return render(request, "kpis/indicator.html", {
        "indicator": indicator,
        "plan_state": improvement.state_for(indicator, latest, approved_only=not sees_all),
        "may_write_plan": permissions.can_work_on_plan(request.user, indicator, today),
        "ratings": ratings,
        "past_definitions": lifecycle.years_alike(
            d for d in then if d.definition != indicator.definition),
        "trend_chart": indicator_chart.trend_for(indicator, book, periods),
        "sees_unsigned": sees_all,
        "page": page,
        "pages": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
        if page.paginator.num_pages > 1 else [],
        "ellipsis": Paginator.ELLIPSIS,
        "benchmarks": indicator.benchmarks.order_by("comparator", "-period"),
        "children": indicator.children.order_by("code"),
        "history": indicator_history(indicator, signed_off_only=not sees_all),
        "breakdown": breakdowns.panel(
            indicator, request.GET.get("breakdown"), raw=raw, approved_only=not sees_all),
        # Corrections after issue: locked results only, so every reader of the page may
        # read them; breakdown figures as this reader may see them.
        "corrections": Correction.objects.filter(result__indicator=indicator)
        .select_related("result", "by").order_by("-at", "-pk"),
        "breakdown_corrections": corrected,
        "corrections_explanation": breakdowns.explanation_for(corrected),
        "risks": risk_registers.for_indicator(indicator, today),
        "escalations": members.mark_permissions(members.for_indicator(indicator), request.user),
        "can_enter": permissions.can_enter(request.user, indicator, today),
        # Each period links to its result page only for those who may open it.
        "can_view_results": permissions.can_view_result(request.user, indicator, today),
        "can_delegate": permissions.can_delegate(request.user, indicator),
        "delegations": indicator.delegations.filter(ends_on__gte=today).select_related(
            "delegate"
        ),
    })


MAX_SEARCH = 100  # characters of a search kept


def matching(users: QuerySet, search: str) -> QuerySet:
    """The users every word of ``search`` finds in their first name, last name or
    username: 'ali kha' finds Alice Khan."""
    for word in search.split()[:5]:
        users = users.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word)
            | Q(username__icontains=word)
        )
    return users


def delegate(request, code: str):
    """The owner or an approver lets a colleague enter results until a date. The list
    offers only people who may enter results, and a search (``?q=``) narrows it without
    JavaScript; the choice is checked against everyone who may be chosen."""
    indicator = get_indicator(code)
    permissions.require(permissions.can_delegate(request.user, indicator))
    today = timezone.localdate()
    everyone = permissions.delegates(exclude=[indicator.owner_id, request.user.pk]).order_by(
        "first_name", "last_name", "username"
    )
    search = request.GET.get("q", "")[:MAX_SEARCH].strip()
    shown = matching(everyone, search) if search and request.method != "POST" else everyone
    form = DelegationForm(request.POST or None, users=shown, today=today)
    if request.method == "POST" and form.is_valid():
        Delegation.objects.create(
            indicator=indicator, delegate=form.cleaned_data["delegate"],
            ends_on=form.cleaned_data["ends_on"], granted_by=request.user,
        )
        until = date_text(form.cleaned_data["ends_on"])
        messages.success(request, f"{form.cleaned_data['delegate'].get_full_name()} can enter "
                         f"{indicator.code} results until {until}")
        return redirect("kpis:indicator", code=code)
    return render(request, "kpis/delegate.html", {
        "indicator": indicator, "form": form, "search": search,
        "found": shown.count() if search else None,
    }, status=400 if form.errors else 200)


@require_POST
def delegation_end(request, code: str, pk: int):
    indicator = get_indicator(code)
    permissions.require(permissions.can_delegate(request.user, indicator))
    delegation = get_object_or_404(Delegation, pk=pk, indicator=indicator)
    # The history's deletion record keeps who ended it and when (docs/decisions.md).
    delegation._history_user = request.user
    delegation._change_reason = (
        f"Ended early: it was to run until {date_text(delegation.ends_on)}"
    )
    delegation.delete()
    messages.success(request, f"Delegation to {delegation.delegate.get_full_name()} ended")
    return redirect("kpis:indicator", code=code)
