"""An indicator page's trend chart: the SVG chart (``reporting.charts``) that every
reader gets, and its interactive twin (``reporting.dashboard_charts.trend``) that
replaces it when JavaScript runs: the same points, so both say the same thing.

Target, tolerance band and stretch target are each period's own; the benchmark is the
comparator group's median where the indicator is matched to a benchmark dataset (as in
committee packs, ``kpis.benchmarks``); the line is never joined across a break.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kpis.benchmarks import comparator_medians
from reporting import charts, dashboard_charts
from reporting.periods import Period
from reporting.ratings import RatingBook


@dataclass(frozen=True)
class IndicatorChart:
    chart: charts.Chart  # the SVG, its alt text and data table
    spec: dict[str, Any]  # the plotly figure


def trend_for(indicator: Any, book: RatingBook, periods: Sequence[Period]) -> IndicatorChart:
    """The chart of ``periods`` (any order; drawn oldest first), rated from ``book``."""
    ordered = sorted(periods, key=lambda p: p.end)
    breaks = set(book.breaks.get(indicator.pk, []))
    medians = comparator_medians([indicator.pk]).get(indicator.pk)
    points = []
    for period in ordered:
        rating = book.rate(indicator.pk, period)
        points.append(charts.Point(
            period=period, actual=rating.actual, target=rating.rules.target,
            rag=rating.assessment.rag if rating.actual is not None else None,
            stretch_target=rating.rules.stretch_target, amber_from=rating.amber_from,
            benchmark=medians[1].get(period) if medians else None,
            break_before=period in breaks,
        ))
    title = f"{indicator.code} {indicator.title}"
    label = f"Median of {medians[0]}" if medians else "Benchmark"
    options = {"unit": indicator.unit, "places": indicator.decimal_places,
               "benchmark_label": label}
    return IndicatorChart(
        chart=charts.trend_chart(title, points, **options),
        spec=dashboard_charts.trend(title, points, **options),
    )
