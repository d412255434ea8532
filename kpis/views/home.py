"""Home: the worklist and the approver's list of results waiting for sign-off."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django_tables2 import RequestConfig

from kpis import worklist
from kpis.filters import SignoffFilter
from kpis.tables import SignoffTable, TableDownload


def home(request):
    today = timezone.localdate()
    context = {
        "today": today,
        "work": worklist.officer_worklist(request.user, today),
        "signoff": worklist.awaiting_signoff(request.user, today),
    }
    return render(request, "kpis/home.html", context)


def approvals(request):
    """Results waiting for this approver, filterable by service and period, as CSV or XLSX
    too (django-filter, django-tables2 and its export through kpis.exports)."""
    today = timezone.localdate()
    waiting = worklist.awaiting_signoff_results(request.user)
    filters = SignoffFilter(request.GET or None, queryset=waiting)
    shown = worklist.awaiting_signoff(request.user, today, results=filters.qs)
    table = SignoffTable(shown)
    table.today, table.caption = today, "Waiting for your sign-off"
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    export = request.GET.get("format")
    if TableDownload.is_valid_format(export):
        return TableDownload(export, table).response(f"awaiting-sign-off.{export}")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "kpis/approvals.html", {
        "table": table, "filter": filters, "count": len(shown), "total": waiting.count(),
        "query": query.urlencode(),
    })
