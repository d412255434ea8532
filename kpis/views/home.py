"""Home: the worklist and the approver's list of results waiting for sign-off."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_tables2 import RequestConfig

from kpis import exports, worklist
from kpis.tables import SignoffTable


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
