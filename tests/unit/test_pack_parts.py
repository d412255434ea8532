"""Cutting a pack's HTML into chunks that lay out on their own (governance/pack_parts.py):
no database, no WeasyPrint."""

from __future__ import annotations

import re

import pytest

from governance import pack_parts
from governance.pack_parts import ITEM, ITEMS_END, PART, SECTION


def article(code: str, chart: bool = False) -> str:
    svg = '<svg viewBox="0 0 10 10">' + "<line/>" * 200 + "</svg>" if chart else ""
    return f'\n<article id="ind-{code}"><h3>{code}</h3>{svg}<p>{"text " * 40}</p></article>\n'


def pack_html(exceptions: int = 3, indicators: int = 5) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><title>T</title><style>p{}</style></head>'
        '<body class="pack">\n'
        f'{PART}\n<header class="cover"><p class="cover__committee">Chief Officer &amp; '
        'Group</p><h1 class="cover__title">Performance report:\n Q2 2026/27</h1></header>'
        '<nav class="contents"><a href="#exceptions">Exceptions</a>'
        '<a href="#indicators">Indicators</a></nav><section id="summary">S</section>\n'
        f'{SECTION}\n<section id="exceptions" class="section"><h2>Exceptions</h2>\n'
        + "".join(ITEM + article(f"E{n}") for n in range(exceptions))
        + f"{ITEMS_END}\n</section>\n"
        f'{SECTION}\n<section id="indicators" class="section"><h2>Indicators</h2>\n'
        + "".join(ITEM + article(f"I{n}", chart=True) for n in range(indicators))
        + f"{ITEMS_END}\n</section>\n"
        f'{PART}\n<section id="corrections" class="section"><h2>Corrections</h2></section>\n'
        "<!-- pack:end -->\n</body></html>"
    )


def articles(html: str) -> list[str]:
    return re.findall(r'<article id="([^"]+)"', html)


def test_a_pack_splits_into_its_front_sections_and_back_matter():
    pack = pack_parts.split(pack_html())
    assert pack is not None
    assert pack.head.endswith('<body class="pack">\n')
    assert 'class="cover"' in pack.front and 'id="summary"' in pack.front
    kinds = [type(block).__name__ for block in pack.blocks]
    assert kinds == ["Section", "Section", "str"]
    exceptions, indicators, back = pack.blocks
    assert len(exceptions.items) == 3 and len(indicators.items) == 5
    assert "<h2>Indicators</h2>" in indicators.opening
    assert indicators.closing.strip() == "</section>"
    assert indicators.continued == '<section class="section">'
    assert 'id="corrections"' in back
    assert pack.tail.strip() == "</body></html>"


def test_the_running_header_is_the_covers_committee_and_title():
    pack = pack_parts.split(pack_html())
    assert pack.running_header() == ("Chief Officer & Group", "Performance report: Q2 2026/27")


@pytest.mark.parametrize("html", [
    "<html><body><p>No markers</p></body></html>",
    pack_html().replace("<!-- pack:end -->", ""),
    pack_html().replace(ITEMS_END, "", 1),
])
def test_html_without_the_packs_markers_is_not_cut(html):
    assert pack_parts.split(html) is None


@pytest.mark.parametrize("chunk_cost", [1, 3_000, 10_000, 40_000, None])
def test_every_item_is_in_exactly_one_chunk_in_order(chunk_cost):
    html = pack_html(exceptions=7, indicators=12)
    pack = pack_parts.split(html)
    chunks = pack_parts.plan(pack, workers=2, chunk_cost=chunk_cost)
    assert chunks[0].index == 0 and chunks[0].body == pack.front
    assert [c.index for c in chunks] == list(range(len(chunks)))
    laid = [name for chunk in chunks for name in articles(chunk.body)]
    assert laid == articles(html)
    bodies = "".join(chunk.body for chunk in chunks[1:])
    # Each section starts once, with its id and heading; a chunk carrying one on starts
    # with a plain section.
    assert bodies.count('id="exceptions"') == bodies.count("<h2>Exceptions</h2>") == 1
    assert bodies.count('id="indicators"') == bodies.count("<h2>Indicators</h2>") == 1
    assert bodies.count('id="corrections"') == 1
    for chunk in chunks[1:]:
        assert chunk.body.count("<section") == chunk.body.count("</section>")
        if articles(chunk.body) and "<h2>" not in chunk.body.split("<article")[0]:
            assert chunk.body.lstrip().startswith('<section class="section">')


def test_a_chunk_cost_of_one_lays_each_item_out_alone():
    pack = pack_parts.split(pack_html(exceptions=3, indicators=5))
    chunks = pack_parts.plan(pack, workers=2, chunk_cost=1)
    assert [c.items for c in chunks] == [0, 1, 1, 1, 1, 1, 1, 1, 1, 0]


def test_chunks_shrink_as_the_work_goes_on_so_the_workers_finish_together():
    html = pack_html(exceptions=0, indicators=200)
    pack = pack_parts.split(html)
    chunks = pack_parts.plan(pack, workers=2)
    sizes = [c.cost for c in chunks[1:-1]]
    total = sum(c.cost for c in chunks[1:])
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] <= total / 4 * 1.05
    assert min(sizes) >= total / 30 * 0.9
    assert 6 <= len(chunks) <= 25


def test_a_small_pack_is_not_cut_smaller_than_a_chunk_is_worth():
    pack = pack_parts.split(pack_html(exceptions=1, indicators=2))
    assert len(pack_parts.plan(pack, workers=2)) == 2  # the front matter and one chunk


def test_a_chart_costs_less_than_text_of_the_same_length():
    text = "<p>" + "x" * 1000 + "</p>"
    chart = "<svg>" + "x" * 1000 + "</svg>"
    assert pack_parts.cost(chart) == pytest.approx(pack_parts.SVG_WEIGHT * len(chart))
    assert pack_parts.cost(text) == len(text)


def test_a_document_keeps_the_packs_head_and_adds_a_style_after_it():
    pack = pack_parts.split(pack_html())
    doc = pack.document("<p>body</p>", style="p { color: red }")
    assert doc.index("<style>p{}</style>") < doc.index("<style>p { color: red }</style>")
    assert doc.index("</head>") < doc.index("<p>body</p>") < doc.index("</body>")
