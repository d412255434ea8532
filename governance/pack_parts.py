"""A pack's HTML cut into parts that can be laid out one by one, and those parts grouped
into chunks of similar cost for laying out side by side (``governance/pack_pdf.py``).

The template (``templates/governance/pack.html``) marks its body with comments, which no
figure or commentary can contain (Django escapes ``<`` in everything it fills in):

* ``<!-- pack:part -->`` starts a block laid out whole: the front matter (cover, contents
  and summary) first, then the back matter (corrections and appendix);
* ``<!-- pack:section -->`` starts a section of items (the exceptions, the indicators),
  each item after ``<!-- pack:item -->``, the last followed by ``<!-- pack:items-end -->``;
* ``<!-- pack:end -->`` ends the body.

A chunk is a complete HTML document: the pack's own ``<head>`` (so the same styles), a run
of items, and around them their section's opening (its heading) where the section starts
and a plain ``<section class="section">`` where the chunk continues one. Plain Python: no
Django, no WeasyPrint.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

PART, SECTION, ITEM, ITEMS_END, END = (
    f"<!-- pack:{name} -->" for name in ("part", "section", "item", "items-end", "end")
)
MARKER = re.compile(r"<!-- pack:(part|section|item|items-end|end) -->")

# What an item costs to lay out, by the characters of its HTML: an SVG chart's markup
# lays out about three times faster than text and tables (measured on the bench's pack).
SVG = re.compile(r"<svg\b.*?</svg>", re.S)
SVG_WEIGHT = 0.3


# A chunk's own overhead (a document to set up, fonts to embed, a PDF to merge) costs
# about as much as laying out one indicator: no chunk is smaller than about four.
MIN_CHUNK_COST = 15_000


def cost(markup: str) -> float:
    charts = sum(len(m) for m in SVG.findall(markup))
    return len(markup) - charts * (1 - SVG_WEIGHT)


@dataclass
class Section:
    opening: str  # from <section ...> to the first item: its heading
    items: list[str]
    closing: str  # after the last item: </section>

    @property
    def continued(self) -> str:
        """The section's opening tag without its id, for a chunk that carries on with it."""
        tag = re.match(r"\s*(<section\b[^>]*>)", self.opening)
        if tag is None:
            raise ValueError("A pack section must start with its <section> tag")
        return re.sub(r'\s+id="[^"]*"', "", tag.group(1))


@dataclass
class Pack:
    head: str  # <!DOCTYPE html> ... <body class="pack">
    front: str  # cover, contents and summary
    blocks: list[str | Section]  # everything after the front matter, in order
    tail: str  # </body></html>

    def document(self, body: str, style: str = "") -> str:
        """A complete HTML document with the pack's head around ``body``; ``style`` is
        added after the pack's own styles, so it wins at equal specificity."""
        head = self.head
        if style:
            head = head.replace("</head>", f"<style>{style}</style>\n</head>", 1)
        return head + body + self.tail

    def running_header(self) -> tuple[str, str]:
        """The committee and the report's title from the cover, as pack.css's string-set
        puts them in the running header."""
        return _text_of(self.front, "cover__committee"), _text_of(self.front, "cover__title")


def split(html: str) -> Pack | None:
    """The pack's parts, or None when the HTML has no markers to cut it by."""
    pieces = MARKER.split(html)
    # [head, kind, text, kind, text, ...]
    if len(pieces) < 5 or pieces[1] != "part" or pieces[-2] != "end":
        return None
    head, tail = pieces[0], pieces[-1]
    pairs = list(zip(pieces[1:-2:2], pieces[2:-2:2], strict=True))
    front = pairs[0][1]
    blocks: list[str | Section] = []
    section: Section | None = None
    for kind, text in pairs[1:]:
        if kind == "part":
            section = None
            blocks.append(text)
        elif kind == "section":
            section = Section(opening=text, items=[], closing="")
            blocks.append(section)
        elif kind == "item" and section is not None:
            section.items.append(text)
        elif kind == "items-end" and section is not None:
            section.closing = text
            section = None
        else:
            return None
    if any(isinstance(b, Section) and not b.closing for b in blocks):
        return None
    return Pack(head=head, front=front, blocks=blocks, tail=tail)


@dataclass
class Chunk:
    """A run of the pack's body laid out as one document; ``index`` is its place in the
    pack (chunk 0 is the front matter)."""

    index: int
    body: str
    cost: float
    items: int = 0  # how many exceptions and indicators it carries


@dataclass
class _Unit:
    block: int
    item: int | None  # None: the whole block, or a section's opening without items
    text: str
    cost: float


def _units(pack: Pack) -> list[_Unit]:
    """The body after the front matter as units that a chunk boundary may fall between:
    whole parts, and each item of a section (its first item carries its heading)."""
    units = []
    for b, block in enumerate(pack.blocks):
        if isinstance(block, str):
            units.append(_Unit(b, None, block, cost(block)))
        elif not block.items:
            whole = block.opening + block.closing
            units.append(_Unit(b, None, whole, cost(whole)))
        else:
            for i, item in enumerate(block.items):
                extra = block.opening if i == 0 else ""
                units.append(_Unit(b, i, item, cost(extra + item)))
    return units


def plan(pack: Pack, *, workers: int, chunk_cost: float | None = None) -> list[Chunk]:
    """Cut the body into chunks: the front matter alone, then runs of units. Without a
    ``chunk_cost``, chunks shrink as the work goes on (each half of what is
    left for each worker, but no smaller than a thirtieth of the whole or than
    ``MIN_CHUNK_COST``), so that the workers, taking the biggest first, finish together."""
    units = _units(pack)
    total = sum(u.cost for u in units)
    chunks = [Chunk(0, pack.front, cost(pack.front))]
    start = 0
    while start < len(units):
        remaining = sum(u.cost for u in units[start:])
        if chunk_cost is not None:
            target = chunk_cost
        else:
            target = max(remaining / (2 * max(workers, 1)), total / 30, MIN_CHUNK_COST)
        end, size = start, 0.0
        while end < len(units) and (end == start or size + units[end].cost / 2 <= target):
            size += units[end].cost
            end += 1
        chunks.append(_chunk(pack, len(chunks), units[start:end]))
        start = end
    return chunks


def _chunk(pack: Pack, index: int, units: list[_Unit]) -> Chunk:
    parts: list[str] = []
    items = 0
    for b in sorted({u.block for u in units}):
        mine = [u for u in units if u.block == b]
        block = pack.blocks[b]
        if isinstance(block, str) or mine[0].item is None:
            parts.append(mine[0].text)
            continue
        items += len(mine)
        opening = block.opening if mine[0].item == 0 else block.continued
        parts.append(opening + "".join(u.text for u in mine) + block.closing)
    body = "".join(parts)
    return Chunk(index, body, sum(u.cost for u in units), items)


LINK = re.compile(r'href="#([^"]+)"')


def internal_links(markup: str) -> set[str]:
    """The anchors ``markup`` links to (``href="#..."``)."""
    return {html_lib.unescape(m) for m in LINK.findall(markup)}


CONTENTS = re.compile(r'<nav\b[^>]*\bclass="(?:[^"]*\s)?contents(?:\s[^"]*)?"[^>]*>(.*?)</nav>',
                      re.S)


def contents_links(markup: str) -> set[str]:
    """The anchors the contents (``<nav class="contents">``) links to."""
    return {name for block in CONTENTS.findall(markup) for name in internal_links(block)}


def _text_of(markup: str, css_class: str) -> str:
    found = re.search(rf'<(\w+)[^>]*\bclass="{css_class}"[^>]*>(.*?)</\1>', markup, re.S)
    if found is None:
        return ""
    text = re.sub(r"<[^>]+>", "", found.group(2))
    return " ".join(html_lib.unescape(text).split())
