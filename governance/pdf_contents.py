"""The real page numbers stamped into a pack's contents after the merge.

The front matter (cover, contents, summary) is laid out once, beside the other chunks,
before any page number is known: each contents entry ends with a placeholder as wide as
the widest page number it may need (``pack_pdf.CONTENTS_PLACEHOLDER``: a space and three
zeros, tagged text inside the entry's link like the number it stands for). When every
chunk is laid out and the pages are counted, each placeholder's marked content is
rewritten in place in the contents page's content stream: the same marked-content
sequence (the same ``/MCID``, so the same structure element: the entry's ``Link``, inside
its ``LBody``) now draws the real number, right-aligned where the placeholder ended, in
the furniture's embedded font (Arial, as WeasyPrint draws the entry; its subset has every
digit and a ToUnicode map, which WeasyPrint's subset of the entry's font need not). The
space a shorter number leaves is filled with the leader's dots, on the leader's own
pitch, marked as artefacts. Nothing is laid out again, nothing moves: the structure tree,
the links and their areas are the front matter's own.

``find`` runs on the front matter's PDF as soon as it is laid out and says where the
placeholders are (or that they are not as expected); ``stamp`` writes the numbers into the
merged PDF. A number wider than its placeholder, or a placeholder not found, and the pack
falls back to laying the front matter out again with the numbers in (``pack_pdf``).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import pikepdf
from pikepdf import Name, Operator

if TYPE_CHECKING:
    from governance.pdf_furniture import Font

logger = logging.getLogger(__name__)

# What the placeholder says (pack_pdf.CONTENTS_PLACEHOLDER draws it after the leader).
PLACEHOLDER = " 000"
DIGITS = PLACEHOLDER.count("0")


@dataclass(frozen=True)
class Slot:
    """A placeholder: on which page of the front matter (from 0), in which marked content,
    and where its entry's leader dots are (their marked content)."""

    name: str  # the anchor the entry links to
    page: int
    mcid: int
    leader: tuple[int, ...]


def fits(numbers: dict[str, int]) -> bool:
    """Whether every number fits in the placeholder's room."""
    return all(0 < n < 10 ** DIGITS for n in numbers.values())


def find(pdf: bytes, names: set[str]) -> list[Slot] | None:
    """The placeholders of the contents entries linking to ``names``, one at least for
    each name, or None when they are not all there as expected."""
    try:
        return _find(pdf, names)
    except (AttributeError, KeyError, ValueError, pikepdf.PdfError):
        # Not the tagged front matter this expects: laid out again with the numbers in.
        logger.warning("The pack's contents placeholders could not be read", exc_info=True)
        return None


def _find(pdf: bytes, names: set[str]) -> list[Slot] | None:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        parents = _parent_tree(doc.Root.StructTreeRoot.ParentTree)
        slots: list[Slot] = []
        for number, page in enumerate(doc.pages):
            candidates: dict[int, tuple[str, tuple[int, ...]]] = {}
            for annotation in page.obj.get(Name.Annots, ()):
                name = _destination(annotation)
                if name not in names or Name.StructParent not in annotation:
                    continue
                element = parents.get(int(annotation.StructParent))
                if element is None:
                    continue
                kids = _kids(element)
                leader = tuple(
                    mcid for kid in kids if isinstance(kid, pikepdf.Dictionary)
                    and kid.get(Name.Type) != Name.OBJR for mcid in _mcids(_kids(kid)))
                for mcid in _mcids(kids):
                    candidates[mcid] = (name, leader)
            if not candidates:
                continue
            texts = _Page(doc, page).texts(set(candidates))
            for mcid, (name, leader) in sorted(candidates.items()):
                if texts.get(mcid) == PLACEHOLDER:
                    slots.append(Slot(name, number, mcid, leader))
        if {slot.name for slot in slots} != names:
            logger.warning("The pack's contents placeholders were not all found")
            return None
        return slots


def stamp(pdf: pikepdf.Pdf, slots: list[Slot], numbers: dict[str, int], font: Font,
          font_key: str) -> None:
    """Write each slot's number into ``pdf``'s front pages (the front matter first), in
    ``font`` (the page's resources name it ``font_key``)."""
    by_page: dict[int, list[Slot]] = {}
    for slot in slots:
        by_page.setdefault(slot.page, []).append(slot)
    for number, mine in sorted(by_page.items()):
        page = pdf.pages[number]
        _Page(pdf, page).rewrite({slot.mcid: (slot, str(numbers[slot.name]))
                                  for slot in mine}, font, font_key)


@dataclass
class _Run:
    """A marked-content sequence with one text object: where its instructions are, its
    text matrix, font and size, and its glyph codes."""

    start: int  # the BDC
    end: int  # the EMC
    matrix: list  # Tm operands
    font: pikepdf.Name
    size: Decimal | float | int
    codes: bytes


class _Page:
    def __init__(self, pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        self.pdf, self.page = pdf, page
        self.instructions = pikepdf.parse_content_stream(page)
        self.fonts = page.obj.Resources.Font

    def runs(self, wanted: set[int], codes: set[int] | None = None) -> dict[int, _Run]:
        """The marked-content sequences numbered ``wanted``, each one text object, with
        their glyph codes if numbered in ``codes`` (all of them without it: a leader's
        hundreds of dots are not read when only where they are matters)."""
        codes = wanted if codes is None else codes
        found: dict[int, _Run] = {}
        stack: list[int | None] = []
        current: dict | None = None
        for index, (operands, operator) in enumerate(self.instructions):
            op = str(operator)
            if op in ("BDC", "BMC"):
                mcid = None
                if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                        and Name.MCID in operands[1]:
                    mcid = int(operands[1].MCID)
                stack.append(mcid)
                if mcid in wanted and len(stack) == 1:
                    current = {"start": index, "matrix": None, "font": None, "size": None,
                               "codes": b"", "texts": 0, "read": mcid in codes}
            elif op == "EMC" and stack:
                mcid = stack.pop()
                if current is not None and not stack:
                    if mcid is not None and current["texts"] == 1 \
                            and current["matrix"] is not None:
                        found[mcid] = _Run(current["start"], index, current["matrix"],
                                           current["font"], current["size"],
                                           current["codes"])
                    current = None
            elif current is not None:
                if op == "Tm":
                    current["matrix"] = list(operands)
                elif op == "Tf":
                    current["font"], current["size"] = operands[0], operands[1]
                elif op in ("TJ", "Tj"):
                    current["texts"] += 1
                    if current["read"]:
                        parts = operands[0] if op == "TJ" else [operands[0]]
                        current["codes"] += b"".join(
                            bytes(p) for p in parts if isinstance(p, pikepdf.String))
        return found

    def texts(self, wanted: set[int]) -> dict[int, str]:
        """What each of the ``wanted`` marked-content sequences says (ToUnicode)."""
        maps: dict[str, dict[int, str]] = {}
        texts = {}
        for mcid, run in self.runs(wanted).items():
            key = str(run.font)
            if key not in maps:
                maps[key] = _to_unicode(self.fonts.get(run.font))
            codes = run.codes
            texts[mcid] = "".join(maps[key].get(int.from_bytes(codes[i:i + 2], "big"), "\ufffd")
                                  for i in range(0, len(codes) - 1, 2))
        return texts

    def rewrite(self, numbers: dict[int, tuple[Slot, str]], font: Font, font_key: str) -> None:
        leaders = {mcid for slot, _ in numbers.values() for mcid in slot.leader}
        runs = self.runs(set(numbers) | leaders, codes=set(numbers))
        inserted: dict[int, list] = {}  # instruction index -> what goes before it
        replaced: dict[int, tuple[int, list]] = {}  # a BDC's index -> (its EMC's, instead)
        key = Name(font_key)
        for mcid, (slot, text) in numbers.items():
            run = runs[mcid]
            size = float(run.size)
            a, b, c, d, x, y = (float(v) for v in run.matrix)
            widths, default = _widths(self.fonts[run.font])
            right = x + sum(widths.get(int.from_bytes(run.codes[i:i + 2], "big"), default)
                            for i in range(0, len(run.codes) - 1, 2)) * size / 1000
            label = " " + text
            start = right - font.width(label, size)
            # The leader's dots carry on, on their own pitch, into the room left over.
            dots = sorted((float(runs[m].matrix[4]), runs[m].start)
                          for m in slot.leader if m in runs)
            dot = font.width(".", size)
            pitch = dot
            if len(dots) > 1:
                pitch = min(b2[0] - b1[0] for b1, b2 in zip(dots, dots[1:], strict=False))
            filler = []
            if dots:
                at = dots[-1][0] + pitch
                while at + dot <= start + 1e-6:
                    filler.append(at)
                    at += pitch
            if filler:
                # Drawn as WeasyPrint draws a leader, right to left, just before it (text
                # extraction then reads one run of dots), as an artefact: it says nothing.
                extra: list = [([Name.Artifact], Operator("BMC")), ([], Operator("BT")),
                               ([key, run.size], Operator("Tf"))]
                for at in reversed(filler):
                    extra.append(([a, b, c, d, _number(at), _number(y)], Operator("Tm")))
                    extra.append(([pikepdf.String(font.codes("."))], Operator("Tj")))
                extra += [([run.font, run.size], Operator("Tf")), ([], Operator("ET")),
                          ([], Operator("EMC"))]
                inserted[dots[-1][1]] = extra
            operands, operator = self.instructions[run.start]
            replaced[run.start] = (run.end, [
                (list(operands), operator),  # the placeholder's own marked content
                ([], Operator("BT")),
                ([a, b, c, d, _number(start), _number(y)], Operator("Tm")),
                ([key, run.size], Operator("Tf")),
                ([pikepdf.String(font.codes(label))], Operator("Tj")),
                ([run.font, run.size], Operator("Tf")),
                ([], Operator("ET")),
                ([], Operator("EMC")),
            ])
        out: list = []
        index = 0
        while index < len(self.instructions):
            if index in inserted:
                out.extend(pikepdf.ContentStreamInstruction(o, op) for o, op in inserted[index])
            if index in replaced:
                end, instead = replaced[index]
                out.extend(pikepdf.ContentStreamInstruction(o, op) for o, op in instead)
                index = end + 1
                continue
            out.append(self.instructions[index])
            index += 1
        self.page.obj.Contents = self.pdf.make_stream(pikepdf.unparse_content_stream(out))


def _number(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def _parent_tree(node: pikepdf.Object) -> dict[int, pikepdf.Object]:
    found: dict[int, pikepdf.Object] = {}
    nums = node.get(Name.Nums)
    if nums is not None:
        for i in range(0, len(nums) - 1, 2):
            found[int(nums[i])] = nums[i + 1]
    for kid in node.get(Name.Kids, ()):
        found.update(_parent_tree(kid))
    return found


def _destination(annotation: pikepdf.Object) -> str | None:
    if annotation.get(Name.Subtype) != Name.Link:
        return None
    dest = annotation.get(Name.Dest)
    if dest is None:
        action = annotation.get(Name.A)
        if action is not None and action.get(Name.S) == Name.GoTo:
            dest = action.get(Name.D)
    if isinstance(dest, pikepdf.String | pikepdf.Name):
        return str(dest).lstrip("/") if isinstance(dest, pikepdf.Name) else str(dest)
    return None


def _kids(element: pikepdf.Object) -> list:
    kids = element.get(Name.K)
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _mcids(kids: list) -> list[int]:
    found = []
    for kid in kids:
        if isinstance(kid, int):
            found.append(kid)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get(Name.Type) == Name.MCR \
                and Name.Pg not in kid:
            found.append(int(kid.MCID))
    return found


BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _to_unicode(font: pikepdf.Object | None) -> dict[int, str]:
    """A Type 0 font's ToUnicode map (its bfchar and simple bfrange entries)."""
    if font is None or Name.ToUnicode not in font:
        return {}
    data = font.ToUnicode.read_bytes()
    found: dict[int, str] = {}
    for block in BFCHAR.findall(data):
        values = HEX.findall(block)
        for code, text in zip(values[::2], values[1::2], strict=False):
            found[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in BFRANGE.findall(data):
        for line in block.splitlines():
            values = HEX.findall(line)
            if len(values) == 3 and b"[" not in line:
                low, high, first = (int(v, 16) for v in values)
                for offset in range(high - low + 1):
                    found[low + offset] = chr(first + offset)
    return found


def _widths(font: pikepdf.Object) -> tuple[dict[int, float], float]:
    """A Type 0 font's glyph widths by code (its descendant's /W), in 1/1000 em, and its
    default width."""
    descendant = font.DescendantFonts[0]
    widths: dict[int, float] = {}
    entries = list(descendant.get(Name.W, ()))
    i = 0
    while i < len(entries):
        first = int(entries[i])
        if isinstance(entries[i + 1], pikepdf.Array):
            for offset, width in enumerate(entries[i + 1]):
                widths[first + offset] = float(width)
            i += 2
        else:
            last, width = int(entries[i + 1]), float(entries[i + 2])
            for code in range(first, last + 1):
                widths[code] = width
            i += 3
    return widths, float(descendant.get(Name.DW, 1000))
