"""Benchmarks for the performance team and auditors: the datasets held, which indicators
are compared on which metric and where the council stands, and the metrics not matched."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from kpis import benchmarks as standings
from kpis import exports
from kpis.permissions import can_audit


@can_audit
def benchmarks(request):
    found = standings.comparisons()
    return render(request, "kpis/benchmarks.html", {
        "comparisons": found,
        "unmatched": standings.unmatched_metrics(found),
        "datasets": standings.datasets(),
        "groups": standings.comparator_groups(),
        "council_area_code": standings.council_area_code(),
    })


@can_audit
def benchmarks_csv(request):
    response = HttpResponse(content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="benchmarks.csv"'
    exports.write_csv(standings.csv_rows(standings.comparisons()), response)
    return response
