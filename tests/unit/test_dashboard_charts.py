"""The interactive charts' specs (reporting.dashboard_charts): the SVG module's colours and
shapes, RAG never by colour alone, and plotly.js served and styled under our CSP."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from perfmgmt.staticfiles import PLOTLY_DIR
from reporting import charts, dashboard, dashboard_charts
from reporting.charts import Point
from reporting.engine import Rag
from reporting.periods import Period

Q2 = Period.parse("2026-27-Q2")
STATIC = Path(__file__).resolve().parents[2] / "static"


def points() -> list[Point]:
    return [
        Point(Q2.shift(-3), Decimal(80), Decimal(90), Rag.RED, amber_from=Decimal(85)),
        Point(Q2.shift(-2), Decimal(88), Decimal(90), Rag.AMBER, amber_from=Decimal(85)),
        Point(Q2.shift(-1), Decimal(91), Decimal(90), Rag.GREEN, amber_from=Decimal(85),
              break_before=True, benchmark=Decimal(87)),
        Point(Q2, None, Decimal(90), None, stretch_target=Decimal(95)),
    ]


def test_the_trend_is_json_and_never_joins_across_a_break():
    spec = dashboard_charts.trend("X", points(), unit="percent", places=1)
    json.dumps(spec)  # what the page writes
    actuals = [t for t in spec["data"] if t.get("legendgroup") == "actual"]
    assert [t["x"] for t in actuals] == [["Q3 2025/26", "Q4 2025/26"], ["Q1 2026/27"]]
    assert [t["showlegend"] for t in actuals] == [True, False]
    assert spec["layout"]["shapes"][0]["x0"] == 1.5  # between Q4 and Q1
    assert spec["layout"]["annotations"][0]["text"] == "Break in series"


def test_the_trend_uses_the_svg_charts_colours_and_shapes():
    spec = dashboard_charts.trend("X", points(), unit="percent", places=1)
    first = next(t for t in spec["data"] if t.get("legendgroup") == "actual")
    assert first["marker"]["symbol"] == ["square", "triangle-up"]
    assert first["marker"]["color"] == [charts.MARKERS[Rag.RED][1], charts.MARKERS[Rag.AMBER][1]]
    assert first["text"] == ["80.0%, red", "88.0%, amber"]
    names = {t.get("name"): t for t in spec["data"]}
    assert names["Target"]["line"]["dash"] == "dash"
    assert names["Target"]["line"]["color"] == charts.LINE_STYLES["target"][0]
    assert names["Stretch target"]["line"]["dash"] == "dot"
    assert names["Benchmark"]["line"]["color"] == charts.LINE_STYLES["benchmark"][0]
    assert names["Tolerance band"]["fillcolor"] == charts.BAND_FILL
    assert spec["layout"]["yaxis"]["ticksuffix"] == "%"


def test_rag_bars_name_and_pattern_every_rag():
    counts = dashboard.counts_by(
        [dashboard.Line(1, "A", "a", "Place", "1. P", dashboard.Polarity.HIGHER, Q2, Rag.RED,
                        dashboard.Direction.NO_CHANGE)],
        lambda x: x.directorate,
    )
    spec = dashboard_charts.rag_bars("By directorate", counts)
    (red,) = spec["data"]  # series with nothing in them are left out
    assert red["name"] == "Red" and red["marker"]["pattern"]["shape"] == "x"
    assert red["marker"]["color"] == charts.MARKERS[Rag.RED][1]


def test_the_plotly_stylesheet_and_maplibre_guard_match_the_installed_plotly():
    """static/plotly/plotly.css stands in for the <style> plotly.js would inject, and
    static/charts.js pre-empts MapLibre's by id: both must match the bundle served."""
    bundle = (PLOTLY_DIR / "plotly.min.js").read_text(encoding="utf-8")
    version = re.search(r"plotly\.js v([\d.]+)", bundle[:500]).group(1)
    css = (STATIC / "plotly" / "plotly.css").read_text(encoding="utf-8")
    assert f"plotly.js v{version}" in css, "regenerate static/plotly/plotly.css"
    assert "no-inline-styles" in bundle
    guard = re.search(r"MAPLIBRE_STYLE_ID = '([0-9a-f]+)'",
                      (STATIC / "charts.js").read_text()).group(1)
    assert f'getElementById("{guard}")' in bundle
    assert "outline: none;" not in css  # keyboard focus stays visible
