"""Unit tests for reporting.charts: the accessible SVG trend chart used in packs and pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal as D
from itertools import pairwise

import pytest

from reporting.charts import Chart, Point, nice_ticks, trend_chart
from reporting.engine import Rag
from reporting.formatting import figure
from reporting.periods import Period

SVG = "{http://www.w3.org/2000/svg}"
Q1 = Period.quarter(2026, 1)
GREEN_FILL, AMBER_FILL, RED_FILL, BLUE_FILL = "#00703c", "#ffdd00", "#d4351c", "#1d70b8"


def quarters(*actuals, rags=None, **fields):
    """Points for consecutive quarters from Q1 2026/27; ``fields`` apply to every point."""
    rags = rags or [None] * len(actuals)
    return [
        Point(Q1.shift(i), None if a is None else D(str(a)), rag=rag, **fields)
        for i, (a, rag) in enumerate(zip(actuals, rags, strict=True))
    ]


def parse(chart: Chart) -> ET.Element:
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    return root


def group(root: ET.Element, name: str) -> ET.Element | None:
    for element in root.iter(f"{SVG}g"):
        if element.get("id", "").endswith(f"-{name}"):
            return element
    return None


def markers(root: ET.Element, tag: str, fill: str) -> int:
    found = group(root, "markers")
    if found is None:
        return 0
    return sum(1 for element in found.iter(f"{SVG}{tag}") if element.get("fill") == fill)


def legend_labels(root: ET.Element) -> list[str]:
    found = group(root, "legend")
    return [] if found is None else [text.text or "" for text in found.iter(f"{SVG}text")]


def polylines(root: ET.Element, name: str) -> int:
    found = group(root, name)
    return 0 if found is None else len(found.findall(f"{SVG}polyline"))


# --- the element ---------------------------------------------------------------------------


def test_the_svg_is_an_image_labelled_by_its_title_and_description():
    chart = trend_chart("Invoices paid within 30 days", quarters(90, 91), unit="percent")
    root = parse(chart)
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 640 240"
    assert (root.get("width"), root.get("height")) == ("640", "240")
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert title.text == "Invoices paid within 30 days"
    assert desc.text == chart.alt_text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_the_svg_is_self_contained_with_readable_text():
    root = parse(trend_chart("Self-contained", quarters(90, 91, 92), unit="percent"))
    assert root.get("font-family") == "Arial, sans-serif"
    for element in root.iter():
        assert element.tag != f"{SVG}script" and element.tag != f"{SVG}style"
        assert "class" not in element.attrib and "style" not in element.attrib
        assert not any("href" in name for name in element.attrib)
        if element.tag == f"{SVG}text":
            assert float(element.get("font-size", root.get("font-size", "0"))) >= 10
            assert element.get("fill") in ("#0b0c0c", "#505a5f")


def test_ids_differ_between_charts_on_the_same_page():
    first = parse(trend_chart("First", quarters(1, 2)))
    second = parse(trend_chart("Second", quarters(1, 2)))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


# --- RAG shapes ------------------------------------------------------------------------------


def test_each_rating_has_its_own_shape_so_colour_is_never_alone():
    rags = [Rag.RED, Rag.RED, Rag.RED, Rag.GREEN, Rag.AMBER, Rag.AMBER, Rag.BLUE, Rag.NO_TARGET]
    root = parse(trend_chart("Shapes", quarters(1, 2, 3, 4, 5, 6, 7, 8, rags=rags)))
    assert markers(root, "rect", RED_FILL) == 3
    assert markers(root, "circle", GREEN_FILL) == 1
    assert markers(root, "polygon", AMBER_FILL) == 2
    assert markers(root, "polygon", BLUE_FILL) == 1
    assert markers(root, "circle", "#ffffff") == 1


def test_amber_triangles_have_a_dark_outline():
    root = parse(trend_chart("Amber", quarters(1, rags=[Rag.AMBER])))
    found = group(root, "markers")
    assert found is not None
    (triangle,) = found.iter(f"{SVG}polygon")
    assert triangle.get("stroke") == "#0b0c0c"


def test_points_with_no_actual_have_no_marker():
    root = parse(trend_chart("Gap", quarters(1, None, 3, rags=[Rag.RED] * 3)))
    assert markers(root, "rect", RED_FILL) == 2


# --- lines -------------------------------------------------------------------------------------


def test_the_actual_is_one_line_when_the_series_is_unbroken():
    root = parse(trend_chart("Unbroken", quarters(1, 2, 3, 4)))
    assert polylines(root, "actual") == 1
    assert group(root, "breaks") is None


def test_the_actual_line_is_broken_at_a_gap():
    root = parse(trend_chart("Gap", quarters(1, 2, None, 4, 5)))
    assert polylines(root, "actual") == 2


def test_the_actual_line_is_broken_at_a_break_in_the_series_which_is_marked():
    points = quarters(1, 2, 3, 4)
    points[2] = Point(points[2].period, D(3), break_before=True)
    root = parse(trend_chart("Break", points))
    assert polylines(root, "actual") == 2
    breaks = group(root, "breaks")
    assert breaks is not None
    assert breaks.find(f"{SVG}line") is not None
    assert [text.text for text in breaks.iter(f"{SVG}text")] == ["Break in series"]


def test_a_lone_actual_between_gaps_is_a_marker_without_a_line():
    root = parse(trend_chart("Lone", quarters(None, 2, None, rags=[Rag.GREEN] * 3)))
    assert polylines(root, "actual") == 0
    assert markers(root, "circle", GREEN_FILL) == 1


def test_the_target_is_a_dashed_line_when_targets_are_given():
    root = parse(trend_chart("Targets", quarters(90, 91, 92, target=D(95))))
    target = group(root, "target")
    assert target is not None
    assert target.get("stroke-dasharray")
    assert target.get("stroke") == "#505a5f"
    assert polylines(root, "target") == 1


def test_there_is_no_target_line_without_targets():
    root = parse(trend_chart("No targets", quarters(90, 91, 92)))
    assert group(root, "target") is None
    assert "Target" not in legend_labels(root)


def test_the_tolerance_band_is_shaded_only_where_target_and_amber_edge_are_both_given():
    points = quarters(90, 91, 92, target=D(95))
    points[0] = Point(points[0].period, D(90), target=D(95), amber_from=D("85.5"))
    points[1] = Point(points[1].period, D(91), target=D(95), amber_from=D("85.5"))
    root = parse(trend_chart("Band", points))
    band = group(root, "band")
    assert band is not None
    assert len(band.findall(f"{SVG}polygon")) == 1
    assert group(parse(trend_chart("No band", quarters(90, target=D(95)))), "band") is None


def test_stretch_target_is_dotted_and_benchmark_is_purple_dash_dot():
    root = parse(trend_chart("All", quarters(1, 2, stretch_target=D(3), benchmark=D(2))))
    stretch, benchmark = group(root, "stretch"), group(root, "benchmark")
    assert stretch is not None and benchmark is not None
    assert stretch.get("stroke-dasharray") != benchmark.get("stroke-dasharray")
    assert benchmark.get("stroke") == "#4c2c92"
    assert len(benchmark.get("stroke-dasharray", "").split()) == 4


# --- legend ------------------------------------------------------------------------------------


def test_the_legend_lists_only_what_is_drawn():
    root = parse(trend_chart("Plain", quarters(1, 2, rags=[Rag.RED, Rag.RED])))
    assert legend_labels(root) == ["Actual", "Red"]


def test_the_legend_lists_every_series_when_all_are_present():
    rags = [Rag.BLUE, Rag.GREEN, Rag.AMBER, Rag.RED, None]
    points = quarters(1, 2, 3, 4, 5, rags=rags, target=D(3), amber_from=D(2),
                      stretch_target=D(4), benchmark=D(3))
    root = parse(trend_chart("Everything", points, benchmark_label="English average"))
    assert legend_labels(root) == [
        "Actual", "Blue (exceeding)", "Green", "Amber", "Red", "Not rated", "Target",
        "Tolerance band", "Stretch target", "English average",
    ]


# --- alt text and data table ----------------------------------------------------------------


def test_alt_text_names_the_latest_value_target_rating_and_change():
    points = [
        Point(Q1.shift(i), D(a), target=D(95), rag=Rag.RED)
        for i, a in enumerate(["90", "89.5", "90.1", "88", "88.4", "89", "89.9", "91.2"])
    ]
    chart = trend_chart("Invoices paid within 30 days", points, unit="percent")
    assert chart.alt_text == (
        "Trend of Invoices paid within 30 days over 8 quarters: 91.2% in Q4 2027/28 against "
        "a target of 95%, red; up from 89.9% in Q3 2027/28."
    )


def test_alt_text_says_down_or_unchanged_and_counts_months():
    april = Period.month(2026, 4)
    down = [Point(april, D(5)), Point(april.next(), D(4))]
    assert trend_chart("Complaints", down).alt_text == (
        "Trend of Complaints over 2 months: 4 in May 2026; down from 5 in April 2026."
    )
    same = [Point(april, D("5.0")), Point(april.next(), D(5))]
    assert "unchanged from 5 in April 2026" in trend_chart("Complaints", same).alt_text


def test_alt_text_does_not_compare_across_a_break_and_mentions_a_missing_latest_period():
    points = [Point(Q1, D(5)), Point(Q1.next(), D(6), break_before=True),
              Point(Q1.shift(2), None)]
    assert trend_chart("Visits", points).alt_text == (
        "Trend of Visits over 3 quarters: 6 in Q2 2026/27; earlier periods are not comparable "
        "because of a break in the series. No data for the latest period, Q3 2026/27."
    )


def test_with_no_data_the_chart_says_so_and_still_draws_axes():
    chart = trend_chart("Missed bins", quarters(None, None, None), unit="days")
    root = parse(chart)
    assert chart.alt_text == "Trend of Missed bins over 3 quarters: no data for these periods."
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "No data for these periods" in texts
    assert group(root, "axes") is not None
    assert group(root, "markers") is None and group(root, "actual") is None


def test_with_no_points_at_all_the_chart_is_still_well_formed():
    chart = trend_chart("Nothing", [])
    parse(chart)
    assert chart.data_table == []
    assert chart.alt_text == "Trend of Nothing: no periods to show."


def test_the_data_table_has_a_row_per_period():
    points = quarters(91.2, None, rags=[Rag.RED, None], target=D(95))
    assert trend_chart("Table", points, unit="percent").data_table == [
        ("Q1 2026/27", "91.2%", "95%", "Red"),
        ("Q2 2026/27", "No data", "95%", ""),
    ]


# --- hostile input and determinism ------------------------------------------------------


@pytest.mark.parametrize(
    "title", ['<script>alert(1)</script>', '"&"', "Tom & Jerry's <b>", "]]> \x00\x1f bad"]
)
def test_hostile_titles_and_labels_are_escaped(title):
    chart = trend_chart(title, quarters(1, 2, benchmark=D(1)), benchmark_label=title)
    root = parse(chart)
    assert not any(element.tag == f"{SVG}script" for element in root.iter())
    title_element = root.find(f"{SVG}title")
    assert title_element is not None
    assert title_element.text == title.replace("\x00", "").replace("\x1f", "")
    assert "<script>" not in chart.svg


def test_the_same_input_gives_byte_identical_svg():
    def build() -> str:
        points = quarters("91.23456789", "90.1", None, "93", rags=[Rag.AMBER] * 4,
                          target=D("95.5"), amber_from=D(90))
        return trend_chart("Same", points, unit="percent").svg

    assert build() == build()


def test_coordinates_are_written_to_one_decimal_place():
    svg = trend_chart("Decimals", quarters("91.23456789", "90.987654321")).svg
    root = ET.fromstring(svg)
    for element in root.iter():
        for name in ("x", "y", "x1", "y1", "cx", "cy", "points"):
            for number in element.get(name, "").replace(",", " ").split():
                assert re.fullmatch(r"-?[0-9]+(\.[0-9])?", number), (name, number)


# --- scales and labels ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        ("0", "100", ["0", "25", "50", "75", "100"]),
        ("88", "96", ["88", "90", "92", "94", "96"]),
        ("10", "90", ["0", "25", "50", "75", "100"]),
        ("-5", "3", ["-5", "-2.5", "0", "2.5", "5"]),
        ("-12", "-7", ["-12", "-11", "-10", "-9", "-8", "-7"]),
        ("50", "50", ["45", "47.5", "50", "52.5", "55"]),
        ("0", "0", ["0", "0.25", "0.5", "0.75", "1"]),
        ("0.123", "0.127", ["0.123", "0.124", "0.125", "0.126", "0.127"]),
        ("1200", "1607.123456", ["1,200", "1,300", "1,400", "1,500", "1,600", "1,700"]),
    ],
)
def test_nice_ticks_are_round_and_cover_the_values(low, high, expected):
    ticks = nice_ticks(D(low), D(high))
    assert [figure(tick) for tick in ticks] == expected


@pytest.mark.parametrize("low", ["-1000", "-3.7", "0", "0.0001", "7", "88.8", "12345.678"])
@pytest.mark.parametrize("span", ["0.001", "0.37", "1", "9.99", "42", "1000000"])
def test_nice_ticks_are_four_to_six_even_steps_around_the_values(low, span):
    ticks = nice_ticks(D(low), D(low) + D(span))
    assert 4 <= len(ticks) <= 6
    assert ticks[0] <= D(low) and ticks[-1] >= D(low) + D(span)
    assert len({b - a for a, b in pairwise(ticks)}) == 1


def test_tick_labels_carry_the_unit():
    for unit, example in [("percent", "%"), ("currency", "£"), ("days", " days")]:
        root = parse(trend_chart("Units", quarters(10, 90), unit=unit))
        axes = group(root, "axes")
        assert axes is not None
        labels = [text.text or "" for text in axes.iter(f"{SVG}text") if text.get(
            "text-anchor") == "end"]
        assert len(labels) == 5
        assert all(example in label for label in labels)


def test_twelve_months_label_every_other_period_ending_with_the_latest():
    april = Period.month(2026, 4)
    points = [Point(april.shift(i), D(i)) for i in range(12)]
    root = parse(trend_chart("Monthly", points))
    axes = group(root, "axes")
    assert axes is not None
    labels = [t.text for t in axes.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert labels == [point.period.label for point in points[1::2]]
    assert labels[-1] == "March 2027"


def test_a_single_point_and_negative_values_draw_inside_the_plot():
    for points in (quarters(42, rags=[Rag.GREEN]), quarters(-5, -12, 3)):
        root = parse(trend_chart("Edge", points))
        found = group(root, "markers")
        assert found is not None
        for element in found:
            y = float(element.get("cy") or element.get("y") or element.get(
                "points", "0,0").split()[0].split(",")[1])
            assert 0 < y < 240


@pytest.mark.parametrize("months", [6, 12, 24])
def test_the_latest_periods_label_fits_inside_the_chart(months):
    """The last label is always drawn, centred under the last point: the plot leaves room
    for it on the right ("September 2026" under 24 months once ran off the edge)."""
    latest = Period.parse("2026-09")
    points = [Point(latest.shift(n - months + 1), D(90 + n % 3)) for n in range(months)]
    root = parse(trend_chart("Months", points))
    labels = [t for t in root.iter(f"{SVG}text") if t.text == "September 2026"]
    assert labels, "the latest period is labelled"
    (label,) = labels
    half = len(label.text) * 11 * 0.55 / 2  # the chart's own estimate of its width
    assert float(label.get("x")) + half <= 640
