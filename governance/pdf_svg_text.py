"""SVG text drawn a string at a time in the pack's layout processes.

WeasyPrint (70) lays out and draws every letter of an SVG ``<text>`` on its own, so that
each letter can take its own ``x``, ``y``, ``dx``, ``dy`` or ``rotate``, ``letter-spacing``
or ``textLength``. The pack's charts (``reporting/charts.py``) give none of those: each
label is one string at one position, and the 150-indicator pack has about 2,700 of them,
so a tenth of every chunk's layout went on laying out single letters.

``install()`` (called by each layout process, ``governance/pack_pdf.py``, never in a web
or task process) swaps WeasyPrint's SVG text function for one that lays out a label
with one position and no per-letter adjustments as one string, and draws it once: the
same glyphs, from the same font, at the same place (with the font's kerning between
letters, which WeasyPrint's letter-by-letter drawing leaves out), and hands anything
else to WeasyPrint's own function. The text stays real text: it is extracted and read
as before (``tests/test_pdf_svg_text.py``).

The function below is WeasyPrint's ``weasyprint.svg.text.text`` (BSD licence, © Kozea),
with the letter loop run once for the whole string where the label allows it. It is
installed only on the WeasyPrint version it was copied from; on any other the layout
processes use WeasyPrint's own.
"""

from __future__ import annotations

from math import inf
from typing import Any

# The WeasyPrint release whose ``svg.text.text`` this follows.
SUPPORTED = "70."

_installed: tuple[Any, Any] | None = None  # (WeasyPrint's function, ours)


def install() -> bool:
    """Use string-at-a-time SVG text in this process; whether it is in use."""
    global _installed
    if _installed is not None:
        return True
    import importlib

    import weasyprint
    from weasyprint import svg

    # The module, not the function of the same name that weasyprint.svg imports.
    original = importlib.import_module("weasyprint.svg.text").text
    if not weasyprint.__version__.startswith(SUPPORTED) or svg.text is not original:
        return False

    def text(svg_: Any, node: Any, font_size: float) -> None:
        if not _one_string(node):
            return original(svg_, node, font_size)
        return _text(svg_, node, font_size)

    # draw_node compares TAGS' entry with the module's ``text`` to spot text nodes:
    # both are replaced together.
    _swap(original, text)
    _installed = (original, text)
    return True


def uninstall() -> None:
    """WeasyPrint's own SVG text function again (for tests)."""
    global _installed
    if _installed is not None:
        original, ours = _installed
        _swap(ours, original)
        _installed = None


def _swap(old: Any, new: Any) -> None:
    from weasyprint import svg

    svg.text = new
    for tag, function in list(svg.TAGS.items()):
        if function is old:
            svg.TAGS[tag] = new


def _one_string(node: Any) -> bool:
    """A label drawn as one string: at one position, with no per-letter adjustment."""
    if node.tag != "text" or not node.text or "\n" in node.text \
            or next(iter(node), None) is not None:
        return False
    attributes = node.attrib
    if any(name in attributes for name in ("rotate", "textLength", "letter-spacing")):
        return False
    return all(len(attributes.get(name, "").replace(",", " ").split()) <= 1
               for name in ("x", "y", "dx", "dy"))


def _text(svg: Any, node: Any, font_size: float) -> None:
    """WeasyPrint's SVG text function for a label that is one string (see above)."""
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import Style, TextBox
    from weasyprint.svg.utils import normalize, size
    from weasyprint.text.line_break import split_first_line

    style = Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [
        font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    style["font_weight"] = node.get("font-weight", 400)
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    if style["font_weight"] == "normal":
        style["font_weight"] = 400
    elif style["font_weight"] == "bold":
        style["font_weight"] = 700
    else:
        try:
            style["font_weight"] = int(style["font_weight"])
        except ValueError:
            style["font_weight"] = 400

    # The whole string, laid out once: WeasyPrint lays it out here too (for its width),
    # and then again letter by letter.
    layout, _, _, width, height, baseline = split_first_line(
        node.text, style, svg.context, inf, 0)

    def first(name: str, reference: float) -> float | None:
        if name not in node.attrib:
            return None
        values = normalize(node.attrib[name]).strip().split(" ")
        return size(values[0], font_size, reference) if values and values[0] else None

    x = first("x", svg.inner_width)
    y = first("y", svg.inner_height)
    dx = first("dx", svg.inner_width)
    dy = first("dy", svg.inner_height)

    ascent, descent = font_size * .8, font_size * .2
    y_align: float = 0
    display_anchor = node.get("display-anchor")
    alignment_baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if display_anchor == "middle":
        y_align = -height / 2
    elif display_anchor == "top":
        pass
    elif display_anchor == "bottom":
        y_align = -height
    elif alignment_baseline in ("central", "middle"):
        y_align = (ascent + descent) / 2 - descent
    elif alignment_baseline in (
            "text-before-edge", "before_edge", "top", "hanging", "text-top"):
        y_align = ascent
    elif alignment_baseline in (
            "text-after-edge", "after_edge", "bottom", "text-bottom"):
        y_align = -descent

    # WeasyPrint's letter loop, run once for the whole string.
    if x:
        svg.cursor_d_position[0] = 0
    if y:
        svg.cursor_d_position[1] = 0
    svg.cursor_d_position[0] += dx or 0
    svg.cursor_d_position[1] += dy or 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    x_position = x + svg.cursor_d_position[0]
    y_position = y + svg.cursor_d_position[1] + y_align
    points = ((x_position, y_position - baseline),
              (x_position + width, y_position - baseline + height))
    node.text_bounding_box = extend_bounding_box(node.text_bounding_box, points)

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    matrix = Matrix(a=1, d=-1, e=x_position, f=y_position)  # no rotate (_one_string)
    text_box = TextBox(layout, style)
    text_box.baseline = baseline
    emojis = draw_first_line(svg.stream, text_box, "none", "none", matrix)
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)
