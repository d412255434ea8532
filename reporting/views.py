from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from kpis import exports
from kpis.permissions import can_audit, sees_unsigned
from reporting import audit, explorer, thread
from reporting.corrections import corrections_for_report
from reporting.engine import Rag
from reporting.periods import Frequency, Period
from reporting.periods_http import period_or_404
from reporting.rag_audit import run_audit
from reporting.scorecard import build_scorecard, write_csv
from reporting.tables import FindingTable, ScorecardTable


def _period_from(text: str | None) -> Period:
    if not text:
        return Period.latest_ended(timezone.localdate(), Frequency.QUARTERLY)
    return period_or_404(text)


def scorecard(request):
    """The balanced scorecard as at the end of a period, every indicator rated."""
    period = _period_from(request.GET.get("period"))
    approved_only = not sees_unsigned(request.user)
    rows = build_scorecard(period, approved_only=approved_only)
    table = ScorecardTable(rows)
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
            "counts": [(rag, counts[rag]) for rag in Rag if counts[rag]],
            "total": len(rows),
            "periods": [latest.shift(-n) for n in range(0, 12)],
            "approved_only": approved_only,
            "corrections": corrections_for_report(period, timezone.localdate()),
        },
    )


def golden_thread(request):
    """The golden thread explorer: pillars down to team PIs, each rated for a period, with
    the red and amber beneath each branch; a search keeps the matches and their branches."""
    period = _period_from(request.GET.get("period"))
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


def scorecard_csv(request, period: str):
    as_at = _period_from(period)
    response = HttpResponse(content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="scorecard-{as_at.key}.csv"'
    write_csv(
        build_scorecard(as_at, approved_only=not sees_unsigned(request.user)), response
    )
    return response


@can_audit
def rag_audit(request):
    """Where the RAG the council reported differs from its own policy, and why."""
    period = _period_from(request.GET.get("period"))
    findings = run_audit(period)
    table = FindingTable(findings)
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


@can_audit
def rag_audit_csv(request, period: str):
    as_at = _period_from(period)
    response = HttpResponse(content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rag-audit-{as_at.key}.csv"'
    audit.write_csv(run_audit(as_at), response)
    return response
