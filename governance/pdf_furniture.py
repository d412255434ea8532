"""The running header and "Page X of Y" stamped on a merged pack's pages, where pack.css's
margin boxes put them in a single WeasyPrint pass: Arial (as fontconfig resolves it, as
WeasyPrint does) at 8pt, the header grey, the committee top left and the report's title
top right from the second page on, the page number bottom right on every page, each line
centred in its margin.

The text is marked as pagination artefacts (``/Artifact <</Type /Pagination ...>> BDC``),
as PDF/UA wants page furniture, and drawn with a subset of the font embedded once for the
whole document (Type 0, Identity-H, with a ToUnicode map, so it can be read and copied).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache

import pikepdf
from pikepdf import Array, Dictionary, Name

MM = 72 / 25.4
# As pack.css's @page: A4 with margins 22mm 16mm 20mm 16mm; margin boxes in 8pt Arial,
# the header #505a5f, the page number in the default black.
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 22 * MM, 16 * MM, 20 * MM, 16 * MM
FONT_FAMILY, FONT_SIZE = "Arial", 8.0
HEADER_COLOUR = (0x50 / 255, 0x5A / 255, 0x5F / 255)
FONT_KEY = "/PackFurniture"


@dataclass(frozen=True)
class Font:
    """An embedded subset: glyph ids and advance widths (in 1/1000 em) by character."""

    program: bytes
    postscript_name: str
    glyphs: dict[str, int]
    widths: dict[int, float]
    ascent: float  # in 1/1000 em
    descent: float
    cap_height: float
    bbox: tuple[int, int, int, int]

    def width(self, text: str, size: float) -> float:
        return sum(self.widths[self.glyphs.get(ch, 0)] for ch in text) * size / 1000

    def encode(self, text: str) -> bytes:
        return b"<" + self.codes(text).hex().upper().encode() + b">"

    def codes(self, text: str) -> bytes:
        """The text's glyph codes (Identity-H: two bytes a glyph)."""
        return b"".join(self.glyphs.get(ch, 0).to_bytes(2, "big") for ch in text)


def font_for(header: tuple[str, str]) -> Font:
    """The font with every character the furniture needs (remembered: the same header
    needs no new subset)."""
    # The digits, the space and the full stop serve the contents' page numbers too.
    text = "Page of 0123456789." + header[0] + header[1]
    return subset(font_file(FONT_FAMILY), "".join(sorted(set(text))))


def stamp(pdf: pikepdf.Pdf, header: tuple[str, str], font: Font | None = None,
          font_ref: pikepdf.Object | None = None) -> None:
    """Stamp every page of ``pdf`` with its header (not the cover) and page number, in
    ``font`` (embedded as ``font_ref`` when given: it may serve other stamps too)."""
    total = len(pdf.pages)
    font = font or font_for(header)
    if font_ref is None:
        font_ref = embed(pdf, font)
    line = (font.ascent - font.descent) * FONT_SIZE / 1000
    ascent = font.ascent * FONT_SIZE / 1000
    for number, page in enumerate(pdf.pages, start=1):
        left, bottom, right, top = (float(v) for v in page.mediabox)
        header_y = top - (MARGIN_TOP - line) / 2 - ascent
        footer_y = bottom + MARGIN_BOTTOM - (MARGIN_BOTTOM - line) / 2 - ascent
        parts = [b"q"]
        if number > 1 and any(header):
            parts.append(b"/Artifact <</Type /Pagination /Subtype /Header>> BDC")
            parts.append(b"%.4f %.4f %.4f rg" % HEADER_COLOUR)
            if header[0]:
                parts.append(_text(font, header[0], left + MARGIN_LEFT, header_y))
            if header[1]:
                x = right - MARGIN_RIGHT - font.width(header[1], FONT_SIZE)
                parts.append(_text(font, header[1], x, header_y))
            parts.append(b"EMC")
        footer = f"Page {number} of {total}"
        parts.append(b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC 0 g")
        parts.append(_text(font, footer, right - MARGIN_RIGHT - font.width(footer, FONT_SIZE),
                           footer_y))
        parts.append(b"EMC Q")
        resources = page.obj.get(Name.Resources)
        if resources is None:
            resources = page.obj.Resources = Dictionary()
        if Name.Font not in resources:
            resources.Font = Dictionary()
        resources.Font[FONT_KEY] = font_ref
        page.contents_add(pikepdf.Stream(pdf, b"\n".join(parts) + b"\n"), prepend=True)


def _text(font: Font, text: str, x: float, y: float) -> bytes:
    return b"BT %s %.2f Tf %.4f %.4f Td %s Tj ET" % (
        FONT_KEY.encode(), FONT_SIZE, x, y, font.encode(text))


@lru_cache(maxsize=4)
def font_file(family: str) -> str:
    """The file fontconfig gives for ``family`` (regular weight), as Pango asks it."""
    try:
        lib = ctypes.CDLL("libfontconfig.so.1")  # as Pango loads it (Linux)
    except OSError:  # elsewhere, ask the system (slower: it may run ldconfig)
        lib = ctypes.CDLL(ctypes.util.find_library("fontconfig") or "libfontconfig.dylib")
    lib.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    lib.FcNameParse.restype = ctypes.c_void_p
    lib.FcNameParse.argtypes = [ctypes.c_char_p]
    lib.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    lib.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
    lib.FcFontMatch.restype = ctypes.c_void_p
    lib.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    lib.FcPatternGetString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                       ctypes.POINTER(ctypes.c_char_p)]
    lib.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    lib.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    config = lib.FcInitLoadConfigAndFonts()
    pattern = lib.FcNameParse(family.encode())
    lib.FcConfigSubstitute(config, pattern, 0)  # FcMatchPattern
    lib.FcDefaultSubstitute(pattern)
    result = ctypes.c_int()
    match = lib.FcFontMatch(config, pattern, ctypes.byref(result))
    path = ctypes.c_char_p()
    try:
        if not match or lib.FcPatternGetString(match, b"file", 0, ctypes.byref(path)) != 0:
            raise RuntimeError(f"fontconfig has no font for {family}")
        return path.value.decode()
    finally:
        if match:
            lib.FcPatternDestroy(match)
        lib.FcPatternDestroy(pattern)
        lib.FcConfigDestroy(config)


@lru_cache(maxsize=16)
def subset(path: str, characters: str) -> Font:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    options = ft_subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's timestamp
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    program = io.BytesIO()
    font.save(program)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    glyphs = {ch: font.getGlyphID(cmap[ord(ch)]) for ch in characters if ord(ch) in cmap}
    metrics = font["hmtx"].metrics
    widths = {font.getGlyphID(name): metrics[name][0] * scale for name in font.getGlyphOrder()}
    head, hhea = font["head"], font["hhea"]
    os2 = font["OS/2"] if "OS/2" in font else None
    cap = getattr(os2, "sCapHeight", 0) or hhea.ascent
    return Font(
        program=program.getvalue(),
        postscript_name=font["name"].getDebugName(6) or "Font",
        glyphs=glyphs, widths=widths,
        ascent=hhea.ascent * scale, descent=hhea.descent * scale, cap_height=cap * scale,
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
    )


def embed(pdf: pikepdf.Pdf, font: Font) -> pikepdf.Object:
    """The font embedded in ``pdf``, a Type 0 font to add to the pages' resources."""
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(font.program).digest()[:6])
    name = Name("/" + f"{tag}+{font.postscript_name}")
    program = pikepdf.Stream(pdf, font.program)
    program.Length1 = len(font.program)
    descriptor = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=name, Flags=32,
        FontBBox=Array(font.bbox), ItalicAngle=0, Ascent=round(font.ascent),
        Descent=round(font.descent), CapHeight=round(font.cap_height), StemV=80,
        FontFile2=program,
    ))
    widths = Array()
    for gid in sorted(set(font.glyphs.values()) | {0}):
        widths.extend([gid, Array([round(font.widths[gid], 3)])])
    cid_font = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=name,
        CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=descriptor, W=widths, CIDToGIDMap=Name.Identity,
    ))
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=name, Encoding=Name("/Identity-H"),
        DescendantFonts=Array([cid_font]), ToUnicode=pikepdf.Stream(pdf, _to_unicode(font)),
    ))


def _to_unicode(font: Font) -> bytes:
    entries = sorted({gid: ch for ch, gid in font.glyphs.items()}.items())
    lines = [
        b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
        b"1 begincodespacerange", b"<0000> <FFFF>", b"endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        block = entries[start:start + 100]
        lines.append(b"%d beginbfchar" % len(block))
        for gid, ch in block:
            lines.append(b"<%04X> <%s>" % (gid, ch.encode("utf-16-be").hex().upper().encode()))
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines) + b"\n"
