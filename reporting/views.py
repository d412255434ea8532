from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from kpis import breakdowns, exports
from kpis.models import Indicator
from kpis.permissions import can_audit, sees_small_numbers_of, sees_unsigned
from perfmgmt.feed import feed_readable
from reporting import audit, explorer, thread
from reporting import scorecard as scorecards
from reporting.corrections import breakdown_corrections_for_report, corrections_for_report
from reporting.engine import Rag
from reporting.filters import ScorecardFilter
from reporting.periods import Frequency, Period
from reporting.periods_http import period_or_latest
from reporting.rag_audit import run_audit
from reporting.scorecard import (
    build_scorecard,
    expected_periods,
    grouped,
    write_csv,
)
from reporting.tables import FindingTable, ScorecardTable


def scorecard(request):
    """The balanced scorecard as at the end of a period, every indicator rated: filtered
    by pillar, directorate, service, level and RAG, and grouped if asked."""
    period = period_or_latest(request.GET.get("period"))
    approved_only = not sees_unsigned(request.user)
    filters = ScorecardFilter(request.GET, queryset=Indicator.objects.order_by("code"))
    rows = filters.rows(
        build_scorecard(period, filters.qs, approved_only=approved_only, commentary=False)
    )
    if filters.grouping:
        rows = grouped(rows, filters.grouping)
    table = ScorecardTable(rows, orderable=not filters.grouping)
    table.label = f"Scorecard as at the end of {period.label}"
    table.grouped, table.expected = bool(filters.grouping), expected_periods(period)
    table.mark_unsigned = not approved_only
    RequestConfig(request, paginate={"per_page": 100}).configure(table)
    counts = {rag: 0 for rag in Rag}
    for row in rows:
        counts[row.rag] += 1
    latest = Period.latest_ended(timezone.localdate(), Frequency.QUARTERLY)
    return render(
        request,
        "reporting/scorecard.html",
        {
            "period": period,
            "table": table,
            "filter": filters,
            "counts": [(rag, counts[rag]) for rag in Rag if counts[rag]],
            "total": len(rows),
            "periods": sorted({latest.shift(-n) for n in range(0, 12)} | {period},
                              key=lambda p: p.end, reverse=True),
            "approved_only": approved_only,
            "corrections": corrections_for_report(period, timezone.localdate()),
            "download_query": _download_query(request),
            **_breakdown_corrections(request.user, period),
        },
    )


def _download_query(request) -> str:
    """The page's filters as a query for its download links (without the period, which
    the download's address carries, and without paging, sorting or grouping)."""
    query = request.GET.copy()
    for name in ("period", "page", "sort", "group"):
        query.pop(name, None)
    return f"?{query.urlencode()}" if query else ""


def _breakdown_corrections(user, period: Period) -> dict:
    """The breakdown figures corrected since the last report, as this reader may see them
    (``permissions.sees_small_numbers``, for every corrected indicator at once)."""
    today = timezone.localdate()
    rows = breakdown_corrections_for_report(period, today)
    raw = sees_small_numbers_of(user, {row.result.indicator_id for row in rows}, today)
    corrected = breakdowns.corrected_figures(rows, lambda indicator: indicator.pk in raw)
    return {"breakdown_corrections": corrected,
            "corrections_explanation": breakdowns.explanation_for(corrected)}


def golden_thread(request):
    """The golden thread explorer: pillars down to team PIs, each rated for a period, with
    the red and amber beneath each branch; a search keeps the matches and their branches."""
    period = period_or_latest(request.GET.get("period"))
    approved_only = not sees_unsigned(request.user)
    found = explorer.golden_thread(period, approved_only=approved_only)
    text = request.GET.get("q", "").strip()[:100]
    tree = thread.search(found.tree, text)
    opened = request.GET.get("open", "")
    if opened not in (thread.Opened.ALL, thread.Opened.NONE):
        opened = thread.Opened.FOUND if text else thread.Opened.PILLARS
    latest = Period.latest_ended(timezone.localdate(), Frequency.QUARTERLY)
    link_before, link_after = reverse("kpis:indicator", args=["CODE"]).split("CODE")
    return render(request, "reporting/golden_thread.html", {
        "period": period,
        "periods": sorted({latest.shift(-n) for n in range(0, 12)} | {period},
                          key=lambda p: p.end, reverse=True),
        "approved_only": approved_only,
        "thread": found,
        "rows": thread.rows(tree, thread.Opened(opened)),
        "totals": thread.totals(found.tree),
        "shown": thread.totals(tree),
        "text": text,
        "link_before": link_before,
        "link_after": link_after,
    })


def _filtered(request, as_at: Period) -> list:
    """The scorecard's rows for a download: the same filters as the page it was downloaded
    from (the links carry the page's query), so a directorate's download is the
    directorate's. Grouping is for reading on screen; a file keeps the order of codes."""
    filters = ScorecardFilter(request.GET, queryset=Indicator.objects.order_by("code"))
    return filters.rows(
        build_scorecard(as_at, filters.qs, approved_only=not sees_unsigned(request.user))
    )


@feed_readable
def scorecard_csv(request, period: str):
    """The data: codes and exact values, as ``export_scorecard`` writes them."""
    as_at = period_or_latest(period)
    response = HttpResponse(content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="scorecard-{as_at.key}-data.csv"'
    write_csv(_filtered(request, as_at), response)
    return response


@feed_readable
def scorecard_download(request, period: str, fmt: str):
    """The scorecard for people: labels, units, and RAG in words (and colour in XLSX)."""
    as_at = period_or_latest(period)
    if fmt not in ("csv", "xlsx"):
        raise Http404("A scorecard downloads as CSV or XLSX")
    approved_only = not sees_unsigned(request.user)
    rows = _filtered(request, as_at)
    name = f"scorecard-{as_at.key}-for-people.{fmt}"
    if fmt == "csv":
        response = HttpResponse(content_type=exports.CSV_CONTENT_TYPE)
        scorecards.write_people_csv(rows, response)
    else:
        response = HttpResponse(content_type=exports.XLSX_CONTENT_TYPE)
        scorecards.write_people_xlsx(rows, response, as_at, approved_only)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@can_audit
def rag_audit(request):
    """Where the RAG the council reported differs from its own policy, and why."""
    period = period_or_latest(request.GET.get("period"))
    findings = run_audit(period)
    table = FindingTable(findings)
    table.label = f"RAG audit findings for {period.label}"
    RequestConfig(request, paginate={"per_page": 100}).configure(table)
    latest = Period.latest_ended(timezone.localdate(), Frequency.QUARTERLY)
    years = [latest.fy.shift(-n) for n in range(0, 6)]
    quarters = [latest.shift(-n) for n in range(0, 12)]
    return render(
        request,
        "reporting/rag_audit.html",
        {
            "period": period,
            "table": table,
            "counts": {kind: sum(f.kind is kind for f in findings) for kind in audit.FindingKind},
            "periods": sorted(set(years + quarters + [period]), key=lambda p: p.end, reverse=True),
        },
    )


@feed_readable
@can_audit
def rag_audit_csv(request, period: str):
    as_at = period_or_latest(period)
    response = HttpResponse(content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rag-audit-{as_at.key}.csv"'
    audit.write_csv(run_audit(as_at), response)
    return response
