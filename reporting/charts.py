"""Trend charts as accessible vector SVG: the one place that defines how a series looks.

Committee packs (WeasyPrint, into PDF) and HTML pages inline the same ``<svg>``
string, and the interactive charts are to follow the same visual language:

Lines
    actual            solid dark line (#0b0c0c, 2.5px), joining consecutive periods
                      that both have an actual; not joined across a gap or a break
    target            dashed grey line (#505a5f, dashes 6 4)
    stretch target    dotted grey line (#505a5f, dots 2 3)
    benchmark         purple dash-dot line (#4c2c92, 8 3 2 3)
    tolerance band    light amber shading (#fff7bf) between the target and the
                      edge of the amber band
    break in series   dashed vertical grey line labelled "Break in series"

Each actual is marked with a shape for its RAG rating, so colour is never the
only cue (GOV.UK tag colours, thin dark outline):
    blue (exceeding)  diamond   #1d70b8
    green             circle    #00703c
    amber             triangle  #ffdd00
    red               square    #d4351c
    anything else     hollow circle (white fill)

The chart carries ``role="img"`` with a ``<title>`` and a ``<desc>`` (the alt
text), uses inline presentation attributes only (no scripts, classes or
external references), Arial at 10px or more, and text in #0b0c0c or #505a5f.
Output is deterministic: coordinates are written to one decimal place.
Standard library only (plus the project's pure period, engine and number modules).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from xml.sax.saxutils import escape, quoteattr

from reporting.engine import Rag
from reporting.formatting import figure
from reporting.periods import Frequency, Period

__all__ = ["Chart", "Point", "nice_ticks", "runs", "trend_chart"]

INK, GREY, GRID, WHITE = "#0b0c0c", "#505a5f", "#dcdcdc", "#ffffff"
BAND_FILL = "#fff7bf"
FONT_SIZE, SMALL_FONT = 11, 10
# stroke, width, dash pattern
LINE_STYLES: dict[str, tuple[str, str, str]] = {
    "actual": (INK, "2.5", ""),
    "target": (GREY, "1.5", "6 4"),
    "stretch": (GREY, "1.5", "2 3"),
    "benchmark": ("#4c2c92", "1.5", "8 3 2 3"),
}
# RAG -> (shape, fill); anything not here is a hollow circle.
MARKERS: dict[Rag, tuple[str, str]] = {
    Rag.BLUE: ("diamond", "#1d70b8"),
    Rag.GREEN: ("circle", "#00703c"),
    Rag.AMBER: ("triangle", "#ffdd00"),
    Rag.RED: ("square", "#d4351c"),
}
NOT_RATED = ("hollow", WHITE)
# The same shapes as characters, for words beside a rating (tags, Word, the golden thread):
# one scheme everywhere, so a red square on a chart is a red square in the table beside it.
GLYPHS = {"diamond": "◆", "circle": "●", "triangle": "▲", "square": "■", "hollow": "○"}


def rag_glyph(rag: Rag | str | None) -> str:
    """The character for a rating's shape; a hollow circle when it is not rated."""
    try:
        shape = MARKERS[Rag(rag)][0] if rag else NOT_RATED[0]
    except (KeyError, ValueError):
        shape = NOT_RATED[0]
    return GLYPHS[shape]
_NOUNS = {Frequency.QUARTERLY: "quarter", Frequency.MONTHLY: "month", Frequency.ANNUAL: "year"}
# Characters XML 1.0 cannot hold even when escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Point:
    period: Period
    actual: Decimal | None  # None: no data (a gap in the line)
    target: Decimal | None = None
    rag: Rag | None = None
    stretch_target: Decimal | None = None
    amber_from: Decimal | None = None  # the edge of the tolerance band
    benchmark: Decimal | None = None
    break_before: bool = False  # a break in the series starts here: do not join across it


@dataclass(frozen=True)
class Chart:
    svg: str
    alt_text: str
    data_table: list[tuple[str, str, str, str]]  # (period, actual, target, RAG label)


# --- numbers and words --------------------------------------------------------------


def nice_ticks(low: Decimal, high: Decimal) -> list[Decimal]:
    """Four to six evenly spaced round values that cover ``low`` to ``high``.

    Steps are 1, 2, 2.5 or 5 times a power of ten; five ticks are best (0, 25,
    50, 75, 100), and 2.5 is taken only when it gives fewer ticks. A flat range
    is padded. The axis starts at zero only when the values come close to it
    (10 to 90 gives 0 to 100; 88 to 96 gives 88 to 96).
    """
    low, high = min(low, high), max(low, high)
    if low == high:
        pad = abs(low) / 10 if low else Decimal(1)
        low, high = (low - pad, high + pad) if low else (Decimal(0), pad)
    span = high - low
    if 0 < low <= span / 4:
        low = Decimal(0)
    elif -span / 4 <= high < 0:
        high = Decimal(0)
    best: tuple[float, list[Decimal]] | None = None
    with localcontext() as context:
        context.prec = 60
        exponent = (high - low).adjusted() - 1  # a step this small gives 11 ticks or more
        while True:
            for mantissa in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)):
                step = mantissa.scaleb(exponent)
                first = int((low / step).to_integral_value(ROUND_FLOOR))
                last = int((high / step).to_integral_value(ROUND_CEILING))
                if last - first < 3 and best is not None:  # too few from here on
                    return best[1]
                score = abs(last - first - 4) + (0.5 if mantissa == Decimal("2.5") else 0)
                if last - first <= 5 and (best is None or score < best[0]):
                    best = (score, [step * k for k in range(first, last + 1)])
            exponent += 1


def _alt_text(title: str, points: Sequence[Point], unit: str, places: int | None,
              benchmark_label: str = "Benchmark") -> str:
    if not points:
        return f"Trend of {title}: no periods to show."
    frequencies = {point.period.frequency for point in points}
    noun = _NOUNS[frequencies.pop()] if len(frequencies) == 1 else "period"
    lead = f"Trend of {title} over {len(points)} {noun}{'' if len(points) == 1 else 's'}"
    with_data = [i for i, point in enumerate(points) if point.actual is not None]
    if not with_data:
        return f"{lead}: no data for these periods."
    i = with_data[-1]
    latest = points[i]
    assert latest.actual is not None
    text = f"{lead}: {figure(latest.actual, unit, places)} in {latest.period.label}"
    if latest.target is not None:
        text += f" against a target of {figure(latest.target, unit, places)}"
    if latest.rag is not None and latest.rag is not Rag.NO_DATA:
        text += f", {latest.rag.label.lower()}"
    if len(with_data) > 1:
        j = with_data[-2]
        previous = points[j]
        assert previous.actual is not None
        if any(point.break_before for point in points[j + 1 : i + 1]):
            text += "; earlier periods are not comparable because of a break in the series"
        else:
            word = ("up from" if latest.actual > previous.actual
                    else "down from" if latest.actual < previous.actual else "unchanged from")
            text += f"; {word} {figure(previous.actual, unit, places)} in {previous.period.label}"
    text += "."
    if i != len(points) - 1:
        text += f" No data for the latest period, {points[-1].period.label}."
    marked = [(point.period, point.benchmark) for point in points if point.benchmark is not None]
    if marked:
        period, value = marked[-1]
        text += f" {benchmark_label}: {figure(value, unit, places)} in {period.label}."
    return text


# --- drawing --------------------------------------------------------------------------


def _n(x: float) -> str:
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _text_width(text: str, size: int = FONT_SIZE) -> float:
    return len(text) * size * 0.55


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK,
          size: int = FONT_SIZE) -> str:
    return (f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="{fill}" '
            f'font-size="{size}">{escape(text)}</text>')


def _marker(shape: str, fill: str, x: float, y: float, r: float = 4.5) -> str:
    paint = f'fill="{fill}" stroke="{INK}" stroke-width="{"1.5" if shape == "hollow" else "1"}"'
    if shape in ("circle", "hollow"):
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" {paint}/>'
    if shape == "square":
        s = r * 0.9
        return (f'<rect x="{_n(x - s)}" y="{_n(y - s)}" width="{_n(2 * s)}" '
                f'height="{_n(2 * s)}" {paint}/>')
    corners = (
        [(x, y - r * 1.2), (x + r * 1.2, y + r * 0.9), (x - r * 1.2, y + r * 0.9)]
        if shape == "triangle"
        else [(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)]
    )
    return f'<polygon points="{_points(corners)}" {paint}/>'


def _points(xys: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in xys)


def _stroke(name: str) -> str:
    stroke, width, dash = LINE_STYLES[name]
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return f'stroke="{stroke}" stroke-width="{width}"{dashes}'


def _group(prefix: str, name: str, items: Sequence[str], attributes: str = "") -> list[str]:
    """A named group, or nothing when there is nothing in it."""
    if not items:
        return []
    return [f'<g id="{prefix}-{name}"{attributes}>' + "".join(items) + "</g>"]


def _runs(points: Sequence[Point], get: Callable[[Point], object]) -> list[list[int]]:
    """Indexes of consecutive points that have a value, split at gaps and breaks."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, point in enumerate(points):
        if (point.break_before or get(point) is None) and current:
            runs.append(current)
            current = []
        if get(point) is not None:
            current.append(i)
    return runs + [current] if current else runs


runs = _runs  # the interactive twin (reporting.dashboard_charts) splits lines the same way


def _marker_for(rag: Rag | None) -> tuple[str, str]:
    return MARKERS.get(rag, NOT_RATED) if rag is not None else NOT_RATED


def _legend(points: Sequence[Point], benchmark_label: str) -> list[tuple[str, str, str]]:
    """(kind, style, label) for each thing drawn, in a fixed order."""
    shapes = {_marker_for(point.rag) for point in points if point.actual is not None}
    joined = any(len(run) > 1 for run in _runs(points, lambda p: p.actual))
    items = [("line", "actual", "Actual")] if joined else []
    items += [("marker", rag.value, rag.label) for rag, shape in MARKERS.items() if shape in shapes]
    items += [("marker", "", "Not rated")] if NOT_RATED in shapes else []
    shown = [
        (any(p.target is not None for p in points), ("line", "target", "Target")),
        (any(p.target is not None and p.amber_from is not None for p in points),
         ("band", "", "Tolerance band")),
        (any(p.stretch_target is not None for p in points), ("line", "stretch", "Stretch target")),
        (any(p.benchmark is not None for p in points), ("line", "benchmark", benchmark_label)),
    ]
    return items + [item for present, item in shown if present]


def _legend_sample(kind: str, style: str, x: float, y: float) -> str:
    if kind == "line":
        return f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 24)}" y2="{_n(y)}" {_stroke(style)}/>'
    if kind == "band":
        return (f'<rect x="{_n(x)}" y="{_n(y - 5)}" width="24.0" height="10.0" '
                f'fill="{BAND_FILL}" stroke="{GREY}" stroke-width="0.5"/>')
    shape, fill = MARKERS[Rag(style)] if style else NOT_RATED
    return _marker(shape, fill, x + 12, y)


@dataclass(frozen=True)
class _Frame:
    """Where the plot sits: periods across in equal slots, values up the y axis."""

    left: float
    top: float
    width: float
    height: float
    slot: float
    low: float
    high: float

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def x(self, i: int) -> float:
        return self.left + self.slot * (i + 0.5)

    def y(self, value: Decimal) -> float:
        return self.bottom - (float(value) - self.low) / (self.high - self.low) * self.height

    def line(self, points: Sequence[Point], run: list[int],
             get: Callable[[Point], Decimal | None]) -> list[tuple[float, float]]:
        """The run's coordinates; a lone value is a short level stroke across its slot."""
        xys = [(self.x(i), self.y(value)) for i in run if (value := get(points[i])) is not None]
        if len(xys) != 1:
            return xys
        half = min(self.slot * 0.25, 12.0)
        (x, y), = xys
        return [(x - half, y), (x + half, y)]


def _axes(frame: _Frame, ticks: list[Decimal], labels: list[str],
          points: Sequence[Point]) -> list[str]:
    items = []
    right = frame.left + frame.width
    for tick, label in zip(ticks, labels, strict=True):
        y = frame.y(tick)
        colour = GREY if tick == 0 and ticks[0] < 0 else GRID  # zero stands out among negatives
        items.append(f'<line x1="{_n(frame.left)}" y1="{_n(y)}" x2="{_n(right)}" y2="{_n(y)}" '
                     f'stroke="{colour}" stroke-width="1"/>')
        items.append(_text(frame.left - 6, y + 4, label, anchor="end"))
    corner = _points([(frame.left, frame.top), (frame.left, frame.bottom), (right, frame.bottom)])
    items.append(f'<polyline points="{corner}" fill="none" stroke="{INK}" stroke-width="1"/>')
    if points:  # label every period, or every other (third...) when they would collide
        widest = max(_text_width(point.period.label) for point in points)
        every = max(1, math.ceil((widest + 8) / frame.slot))
        items += [_text(frame.x(i), frame.bottom + 16, point.period.label, anchor="middle")
                  for i, point in enumerate(points) if (len(points) - 1 - i) % every == 0]
    return items


def _breaks(frame: _Frame, points: Sequence[Point]) -> list[str]:
    items = []
    for i, point in enumerate(points):
        if point.break_before and i:
            x = frame.left + frame.slot * i
            anchor, offset = ("end", -3) if x > frame.left + frame.width * 0.7 else ("start", 3)
            items.append(f'<line x1="{_n(x)}" y1="{_n(frame.top)}" x2="{_n(x)}" '
                         f'y2="{_n(frame.bottom)}" stroke="{GREY}" stroke-width="1" '
                         'stroke-dasharray="4 3"/>')
            items.append(_text(x + offset, frame.top - 4, "Break in series", anchor=anchor,
                               fill=GREY, size=SMALL_FONT))
    return items


def _band(frame: _Frame, points: Sequence[Point]) -> list[str]:
    """The tolerance band: between target and amber edge wherever both are given."""
    items = []
    for run in _runs(points, lambda p: None if p.amber_from is None else p.target):
        upper = frame.line(points, run, lambda p: p.target)
        lower = frame.line(points, run, lambda p: p.amber_from)
        items.append(f'<polygon points="{_points(upper + lower[::-1])}"/>')
    return items


def _series(frame: _Frame, points: Sequence[Point], prefix: str) -> list[str]:
    """Reference lines, then the actual line, then the RAG markers on top."""
    parts: list[str] = []
    getters: list[tuple[str, Callable[[Point], Decimal | None]]] = [
        ("target", lambda p: p.target),
        ("stretch", lambda p: p.stretch_target),
        ("benchmark", lambda p: p.benchmark),
        ("actual", lambda p: p.actual),
    ]
    for name, get in getters:
        runs = [run for run in _runs(points, get) if name != "actual" or len(run) > 1]
        lines = [f'<polyline points="{_points(frame.line(points, run, get))}"/>' for run in runs]
        parts += _group(prefix, name, lines,
                        f' fill="none" {_stroke(name)} stroke-linejoin="round"')
    markers = [_marker(*_marker_for(p.rag), frame.x(i), frame.y(p.actual))
               for i, p in enumerate(points) if p.actual is not None]
    return parts + _group(prefix, "markers", markers)


def trend_chart(title: str, points: Sequence[Point], *, unit: str = "",
                places: int | None = None, width: int = 640, height: int = 240,
                benchmark_label: str = "Benchmark") -> Chart:
    """An accessible SVG line chart of a series, with its alt text and data table.

    ``unit`` and ``places`` are the indicator's: values in the alt text and the data table
    are written as people read them (91.2%, £1,200, 12 days; ``reporting.formatting``),
    the axis ticks exactly as they fall (2.5, not 3).
    """
    title, benchmark_label = _NOT_XML.sub("", title), _NOT_XML.sub("", benchmark_label)
    points = list(points)
    width, height = int(width), int(height)
    alt = _alt_text(title, points, unit, places, benchmark_label)
    table = [
        (point.period.label,
         figure(point.actual, unit, places, missing="No data"),
         figure(point.target, unit, places),
         point.rag.label if point.rag is not None else "")
        for point in points
    ]
    key = repr((title, points, unit, places, width, height, benchmark_label)).encode()
    prefix = "chart-" + hashlib.sha256(key).hexdigest()[:10]  # unique ids on a page of charts

    values = [value for p in points
              for value in (p.actual, p.target, p.stretch_target, p.amber_from, p.benchmark)
              if value is not None]
    ticks = nice_ticks(min(values, default=Decimal(0)), max(values, default=Decimal(100)))
    tick_labels = [figure(tick, unit) for tick in ticks]

    # Tick labels on the left; period labels, then the legend in rows, below the plot.
    left = max(36.0, max(_text_width(label) for label in tick_labels) + 12)
    right, top = 12.0, 18.0
    if points:  # room for the latest period's label, centred under the last point
        half = _text_width(points[-1].period.label) / 2 + 2
        n = len(points)
        right = max(right, (half - (width - left) / (2 * n)) / (1 - 1 / (2 * n)))
    rows: list[list[tuple[float, tuple[str, str, str]]]] = [[]]
    x = left
    for item in _legend(points, benchmark_label):
        item_width = 30 + _text_width(item[2]) + 18
        if rows[-1] and x + item_width > width - right:
            rows.append([])
            x = left
        rows[-1].append((x, item))
        x += item_width
    plot_width = max(width - left - right, 1.0)
    frame = _Frame(left=left, top=top, width=plot_width,
                   height=max(height - top - 30 - 18 * len(rows), 20.0),
                   slot=plot_width / max(len(points), 1),
                   low=float(ticks[0]), high=float(ticks[-1]))
    legend = []
    for number, row in enumerate(rows):
        y = frame.bottom + 34 + 18 * number
        for x, (kind, style, label) in row:
            legend += [_legend_sample(kind, style, x, y - 4), _text(x + 30, y, label)]

    parts = _series(frame, points, prefix)
    if not any(point.actual is not None for point in points):
        parts.append(_text(left + plot_width / 2, top + frame.height / 2,
                           "No data for these periods", anchor="middle", fill=GREY, size=12))
    labelled_by = quoteattr(f"{prefix}-title {prefix}-desc")
    svg = "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby={labelled_by} '
        f'font-family="Arial, sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(alt)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="{WHITE}"/>',
        *_group(prefix, "band", _band(frame, points), f' fill="{BAND_FILL}" stroke="none"'),
        *_group(prefix, "axes", _axes(frame, ticks, tick_labels, points)),
        *_group(prefix, "breaks", _breaks(frame, points)),
        *parts,
        *_group(prefix, "legend", legend),
        "</svg>",
    ])
    return Chart(svg=svg, alt_text=alt, data_table=table)
