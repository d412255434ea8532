"""The performance team's pages: the worklist of every return due, and completion by
directorate and service, the pages used to chase returns before a deadline."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django_tables2 import RequestConfig

from governance.calendar import deadlines_for
from kpis import worklist
from kpis.filters import EarlierFilter, WorklistFilter
from kpis.models import Result, ResultStatus
from kpis.permissions import role_required
from kpis.roles import PERFORMANCE_TEAM
from kpis.tables import CompletionTable, EarlierTable, TableDownload, WorklistTable
from reporting.engine import IndicatorStatus
from reporting.periods import Frequency, Period

PER_PAGE = 50
OPEN = [ResultStatus.DRAFT, ResultStatus.RETURNED, ResultStatus.SUBMITTED]


def _periods_in_words(periods: dict[Frequency, Period]) -> str:
    """'Q2 2026/27 (quarterly), November 2026 (monthly) and 2025/26 (annual)'."""
    order = (Frequency.QUARTERLY, Frequency.MONTHLY, Frequency.ANNUAL)
    parts = [f"{periods[f].label} ({f.value})" for f in order]
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _earlier(request, today, current: dict[Frequency, Period]) -> EarlierTable | None:
    """Results still open from earlier periods, under the same filters (a short list)."""
    results = Result.objects.filter(status__in=OPEN).exclude(
        period__in=[p.key for p in current.values()]
    ).exclude(indicator__status=IndicatorStatus.RETIRED.value)
    filters = EarlierFilter(request.GET, queryset=results)
    rows = list(
        filters.qs.select_related("indicator", "indicator__org_unit", "indicator__owner")
        .order_by("period_end", "indicator__code")
    )
    if not rows:
        return None
    periods = {Period.parse(r.period) for r in rows}
    deadlines = deadlines_for(periods)
    items = []
    for result in rows:
        period = Period.parse(result.period)
        due = deadlines[period]
        deadline = due.signoff if result.status == ResultStatus.SUBMITTED else due.entry
        items.append(worklist.Item(result.indicator, period, result, deadline))
    if filters.form.is_valid() and filters.form.cleaned_data.get("overdue"):
        items = [item for item in items if item.overdue(today)]
    if not items:
        return None
    table = EarlierTable(items, prefix="earlier-")
    table.today, table.label = today, "Still open from earlier periods"
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return table


@role_required(PERFORMANCE_TEAM)
def team_worklist(request):
    """Every return due for the current period, filtered, sorted and paged in SQL."""
    today = timezone.localdate()
    current = worklist.current_periods(today)
    returns = worklist.returns(today)
    filters = WorklistFilter(request.GET, queryset=returns)
    table = WorklistTable(filters.qs.select_related("owner", "org_unit"))
    table.label = "Returns for the current period"
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    export = request.GET.get("format")
    if TableDownload.is_valid_format(export):
        return TableDownload(export, table).response(f"returns-{today:%Y-%m-%d}.{export}")
    summary = worklist.summary(returns)
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    return render(request, "kpis/team_home.html", {
        "table": table,
        "filter": filters,
        "summary": summary,
        "periods": _periods_in_words(current),
        "earlier": _earlier(request, today, current),
        "query": query.urlencode(),
    })


@role_required(PERFORMANCE_TEAM)
def completion(request):
    """Completion of the current period's returns by directorate and service."""
    today = timezone.localdate()
    rows = worklist.completion(today)
    table = CompletionTable(rows)
    table.label = "Completion by directorate and service"
    export = request.GET.get("format")
    if TableDownload.is_valid_format(export):
        return TableDownload(export, table).response(f"completion-{today:%Y-%m-%d}.{export}")
    return render(request, "kpis/completion.html", {
        "table": table,
        "total": rows[-1].counts,
        "periods": _periods_in_words(worklist.current_periods(today)),
        "today": today,
    })
