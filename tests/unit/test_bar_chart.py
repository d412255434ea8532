"""Unit tests for reporting.charts.bar_chart: a breakdown as an accessible horizontal bar
chart, its figures in words beside the bars, a hidden figure saying so."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from reporting.charts import Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def rects(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}rect"))[1:]  # after the white background


def test_each_bar_has_its_label_and_its_figure_in_words():
    chart = bar_chart("Children missing education by ward", [
        Bar("Abbeygate", D(35)), Bar("Brackley Moor", None, "[c] hidden"), Bar("Castle", D(20)),
    ], unit="number", places=0)
    assert texts(chart.svg) == ["Abbeygate", "35", "Brackley Moor", "[c] hidden", "Castle", "20"]
    assert len(rects(chart.svg)) == 2  # no bar for the hidden figure
    assert chart.alt_text == ("Children missing education by ward: Abbeygate 35; "
                              "Brackley Moor [c] hidden; Castle 20.")
    assert chart.data_table[1] == ("Brackley Moor", "[c] hidden", "", "")


def test_one_colour_for_every_bar_so_colour_tells_nothing():
    chart = bar_chart("Rates", [Bar("A", D("80.5")), Bar("B", D("12.25"))], unit="percent",
                      places=1)
    assert {r.get("fill") for r in rects(chart.svg)} == {"#1d70b8"}
    assert "80.5%" in texts(chart.svg) and "12.3%" in texts(chart.svg)


def test_longer_bars_for_bigger_figures():
    chart = bar_chart("Counts", [Bar("A", D(10)), Bar("B", D(40))], unit="number")
    small, big = (float(r.get("width")) for r in rects(chart.svg))
    assert abs(big - 4 * small) < 0.5  # coordinates to one decimal place


def test_the_chart_names_itself_for_screen_readers_and_is_the_same_each_time():
    bars = [Bar("A", D(1))]
    chart = bar_chart("Title & more", bars)
    root = ET.fromstring(chart.svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Title & more"
    assert root.find(f"{SVG}desc").text == chart.alt_text
    assert bar_chart("Title & more", bars).svg == chart.svg


def test_nothing_to_show():
    chart = bar_chart("Empty", [])
    assert chart.alt_text == "Empty: nothing to show."
    ET.fromstring(chart.svg)


def test_a_long_label_is_shortened_in_the_chart_but_whole_in_the_table():
    name = "Mixed or multiple ethnic groups, and a great deal more besides this"
    chart = bar_chart("Long", [Bar(name, D(3))])
    assert texts(chart.svg)[0].endswith("…")
    assert chart.data_table[0][0] == name


@given(st.lists(st.tuples(st.text(max_size=30),
                          st.one_of(st.none(), st.decimals(min_value=-1000, max_value=1000,
                                                           allow_nan=False, places=2))),
                max_size=12))
def test_any_breakdown_makes_well_formed_svg(cells):
    chart = bar_chart("Any", [Bar(label, value, "No figure") for label, value in cells],
                      unit="number", places=2)
    ET.fromstring(chart.svg)
    assert len(chart.data_table) == len(cells)
