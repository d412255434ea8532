"""Interactive charts (plotly.js) as figure specs: the one place that says how a dashboard
chart and the indicator page's interactive trend look.

A spec is a plain dict (``data``, ``layout``, ``config``) that a page writes into a
``<script type="application/json">`` block; ``static/charts.js`` hands it to plotly.js,
served from our own static files (no CDN, no inline script: the CSP stays strict;
docs/decisions.md). Built as plain dicts rather than through plotly's Python figure
classes: the page needs JSON, and a dict costs microseconds where a validated figure
costs milliseconds on a page of several charts.

Colours, line styles and RAG shapes are ``reporting.charts``'s (the SVG module), so the
interactive chart means what the printed one means: actual solid dark with a shape for
each RAG (blue diamond, green circle, amber triangle, red square, hollow circle when not
rated), target dashed grey, stretch target dotted grey, benchmark purple dash-dot, the
tolerance band light amber, breaks in the series a dashed vertical line, and the actual
never joined across a gap or a break. RAG is never colour alone: each RAG has its shape
(lines) or pattern (bars), its name in the legend and in every hover label, and every
chart has a text summary and a data table beside it on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from reporting import charts
from reporting.charts import BAND_FILL, GREY, INK, LINE_STYLES, MARKERS, WHITE, Point
from reporting.dashboard import COUNTED, NOT_RATED, SHARED, Counts, Share
from reporting.engine import Rag
from reporting.formatting import figure

Spec = dict[str, Any]

FONT = {"family": "Arial, sans-serif", "size": 14, "color": INK}
# charts.py's shapes, in plotly's names.
SYMBOLS = {"diamond": "diamond", "circle": "circle", "triangle": "triangle-up",
           "square": "square"}
# A fill pattern for each RAG on a bar, so a bar's RAG reads without its colour.
PATTERNS = {Rag.RED: "x", Rag.AMBER: "/", Rag.GREEN: "", Rag.BLUE: "."}
NOT_RATED_FILL = "#b1b4b6"  # GOV.UK mid-grey
DASHES = {"target": "dash", "stretch": "dot", "benchmark": "dashdot"}
CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": False,  # the page scrolls; zoom is by dragging, double-click resets
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"],
}


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _layout(title: str, **more: Any) -> dict[str, Any]:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "y": 0.98, "yanchor": "top",
                  "yref": "container", "font": {**FONT, "size": 16}},
        "font": FONT,
        "paper_bgcolor": WHITE,
        "plot_bgcolor": WHITE,
        # The legend sits under the title, clear of the period labels below the plot.
        "margin": {"l": 70, "r": 20, "t": 90, "b": 50},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0,
                   "traceorder": "normal"},
        "hoverlabel": {"font": {**FONT, "color": INK}, "bgcolor": WHITE},
        **more,
    }


def _whole_step(most: int) -> int:
    """A tick step for counts: the SVG charts' round steps, never less than one."""
    ticks = charts.nice_ticks(Decimal(0), Decimal(max(most, 1)))
    return max(1, int(ticks[1] - ticks[0]))


def _rag_symbol(rag: Rag | None) -> tuple[str, str]:
    """(plotly symbol, fill) for a RAG: ``charts.MARKERS``, a hollow circle otherwise."""
    if rag in MARKERS:
        shape, fill = MARKERS[rag]
        return SYMBOLS[shape], fill
    return "circle", WHITE


# --- dashboards -------------------------------------------------------------------------


def rag_bars(title: str, groups: Sequence[Counts]) -> Spec:
    """RAG counts by group (pillar, directorate) as stacked horizontal bars: one series
    per RAG (clicking its legend entry hides it), each with its colour, its pattern and
    its name; the groups top to bottom in the order given."""
    names = [group.name for group in groups]
    data = []
    for rag in COUNTED:
        _, fill = MARKERS[rag]
        values = [group.of(rag) for group in groups]
        if not any(values):
            continue
        data.append({
            "type": "bar", "orientation": "h", "name": rag.label, "y": names, "x": values,
            "marker": {"color": fill, "line": {"color": INK, "width": 1},
                       "pattern": {"shape": PATTERNS[rag], "fillmode": "overlay",
                                   "fgcolor": INK, "fgopacity": 0.45, "size": 8}},
            "text": [str(v) if v else "" for v in values], "textposition": "inside",
            "insidetextanchor": "middle",
            "textfont": {"color": WHITE if rag in (Rag.RED, Rag.GREEN, Rag.BLUE) else INK},
            "hovertemplate": f"%{{y}}: %{{x}} {rag.label.lower()}<extra></extra>",
        })
    values = [group.not_rated for group in groups]
    data += [] if not any(values) else [{
        "type": "bar", "orientation": "h", "name": NOT_RATED, "y": names, "x": values,
        "marker": {"color": NOT_RATED_FILL, "line": {"color": INK, "width": 1}},
        "text": [str(v) if v else "" for v in values], "textposition": "inside",
        "hovertemplate": "%{y}: %{x} not rated<extra></extra>",
    }]
    return {
        "data": data,
        "layout": _layout(
            title, barmode="stack", height=max(300, 150 + 44 * len(groups)),
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={"title": {"text": "Indicators"}, "rangemode": "tozero", "gridcolor": "#dcdcdc",
                   "dtick": _whole_step(max((group.total for group in groups), default=0))},
        ),
        "config": CONFIG,
    }


def rag_shares(title: str, found: Sequence[Share]) -> Spec:
    """The share of each RAG at the end of each trend period, as lines with the RAG's
    shape at every point."""
    periods = [share.period.label for share in found]
    data = []
    for rag in SHARED:
        symbol, fill = _rag_symbol(rag)
        counts = [share.counts[SHARED.index(rag)] for share in found]
        if not any(counts):
            continue
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": rag.label, "x": periods,
            "y": [_float(share.percent(rag)) for share in found],
            "customdata": counts,
            "line": {"color": fill if rag is not Rag.AMBER else "#b58800", "width": 2},
            "marker": {"symbol": symbol, "size": 11, "color": fill,
                       "line": {"color": INK, "width": 1}},
            "hovertemplate": f"%{{x}}: %{{y}}% {rag.label.lower()} (%{{customdata}})"
                             "<extra></extra>",
        })
    return {
        "data": data,
        "layout": _layout(
            title, height=340,
            yaxis={"title": {"text": "Share of rated indicators"}, "ticksuffix": "%",
                   "range": [0, 100], "gridcolor": "#dcdcdc"},
            xaxis={"type": "category"},
        ),
        "config": CONFIG,
    }


# --- one indicator's trend ----------------------------------------------------------------


def _axis_affixes(unit: str) -> dict[str, str]:
    if unit == "percent":
        return {"ticksuffix": "%"}
    if unit == "currency":
        return {"tickprefix": "£"}
    return {}


def trend(title: str, points: Sequence[Point], *, unit: str = "", places: int | None = None,
          benchmark_label: str = "Benchmark") -> Spec:
    """The interactive twin of ``charts.trend_chart``: the same points, drawn the same
    way, with hover labels written as people read the figures."""
    labels = [point.period.label for point in points]

    def text(value: Decimal | None) -> str:
        return figure(value, unit, places, missing="No data")

    def line(name: str, style: str, values: list[Decimal | None], **more: Any) -> Spec:
        colour, width, _ = LINE_STYLES[style]
        return {
            "type": "scatter", "mode": "lines", "name": name, "x": labels,
            "y": [_float(v) for v in values], "connectgaps": False,
            "line": {"color": colour, "width": float(width), "dash": DASHES[style]},
            "text": [text(v) for v in values],
            "hovertemplate": f"%{{x}}: {name.lower()} %{{text}}<extra></extra>", **more,
        }

    data: list[Spec] = []
    targets = [p.target for p in points]
    edges = [p.amber_from if p.target is not None else None for p in points]
    if any(e is not None for e in edges):
        data.append({
            "type": "scatter", "mode": "lines", "x": labels, "y": [_float(e) for e in edges],
            "line": {"width": 0, "color": BAND_FILL}, "hoverinfo": "skip",
            "showlegend": False, "legendgroup": "band", "connectgaps": False,
        })
        data.append({
            "type": "scatter", "mode": "lines", "name": "Tolerance band", "x": labels,
            "y": [_float(t) if e is not None else None
                  for t, e in zip(targets, edges, strict=True)],
            "fill": "tonexty", "fillcolor": BAND_FILL, "line": {"width": 0, "color": BAND_FILL},
            "hoverinfo": "skip", "legendgroup": "band", "connectgaps": False,
        })
    if any(t is not None for t in targets):
        data.append(line("Target", "target", targets))
    stretch = [p.stretch_target for p in points]
    if any(s is not None for s in stretch):
        data.append(line("Stretch target", "stretch", stretch))
    bench = [p.benchmark for p in points]
    if any(b is not None for b in bench):
        data.append(line(benchmark_label, "benchmark", bench, connectgaps=True))
    data += _actuals(points, labels, text)
    shapes, notes = [], []
    for i, point in enumerate(points):
        if point.break_before and i:
            shapes.append({
                "type": "line", "xref": "x", "yref": "paper", "x0": i - 0.5, "x1": i - 0.5,
                "y0": 0, "y1": 1, "line": {"color": GREY, "width": 1.5, "dash": "dash"},
            })
            notes.append({
                "xref": "x", "yref": "paper", "x": i - 0.5, "y": 1, "yanchor": "bottom",
                "text": "Break in series", "showarrow": False, "font": {**FONT, "size": 12},
            })
    return {
        "data": data,
        "layout": _layout(
            title, height=400, shapes=shapes, annotations=notes,
            xaxis={"type": "category", "range": [-0.5, max(len(points) - 0.5, 0.5)],
                   "automargin": True},
            yaxis={"gridcolor": "#dcdcdc", "zeroline": False, "automargin": True,
                   **_axis_affixes(unit)},
        ),
        "config": CONFIG,
    }


def _rag_words(rag: Rag | None) -> str:
    return rag.label.lower() if rag is not None else "not rated"


def _actuals(points: Sequence[Point], labels: list[str], text: Any) -> list[Spec]:
    """The actual: one line for each run of points not broken by a gap or a break in
    the series (one legend entry for them all), each point shaped by its RAG."""
    traces: list[Spec] = []
    for n, run in enumerate(charts.runs(points, lambda p: p.actual)):
        symbols, fills = zip(*(_rag_symbol(points[i].rag) for i in run), strict=True)
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": "Actual",
            "legendgroup": "actual", "showlegend": n == 0,
            "x": [labels[i] for i in run], "y": [_float(points[i].actual) for i in run],
            "line": {"color": INK, "width": float(LINE_STYLES["actual"][1])},
            "marker": {"symbol": list(symbols), "color": list(fills), "size": 11,
                       "line": {"color": INK, "width": 1}},
            "text": [f"{text(points[i].actual)}, {_rag_words(points[i].rag)}" for i in run],
            "hovertemplate": "%{x}: actual %{text}<extra></extra>",
        })
    return traces
