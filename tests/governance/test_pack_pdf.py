"""A pack's PDF laid out in chunks side by side and merged (governance/pack_pdf.py,
pdf_merge.py, pdf_furniture.py): still one tagged PDF/UA-1 document, with the right
"Page X of Y" on every page, the right pages in its contents, bookmarks and links that go
where they say, and one consistent structure tree."""

from __future__ import annotations

import io
import re
from functools import lru_cache

import pikepdf
import pytest
from django.test import override_settings
from pypdf import PdfReader

from governance import pack_parts, pack_pdf, pack_render
from governance.packs import pack_data
from tests.governance.test_packs import Q2, _today, cog  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

# Small enough that the fixture's 3 exceptions and 5 indicators make several chunks.
CHUNK_COST = 6_000


@pytest.fixture
def html(cog):  # noqa: F811
    return pack_render.render_html(pack_data(cog, Q2))


@lru_cache(maxsize=4)
def chunked(html: str) -> bytes:
    with override_settings(PACK_PDF_CHUNK_COST=CHUNK_COST, PACK_PDF_WORKERS=2):
        return pack_render.render_pdf(html)


@pytest.fixture
def pdf(html) -> bytes:
    return chunked(html)


def texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def page_of(pages: list[str], heading: str, after: int = 2) -> int:
    """The page (from 1) where ``heading`` first appears as a line, after the contents."""
    for number, text in enumerate(pages, start=1):
        if number > after and heading in text.splitlines():
            return number
    raise AssertionError(f"{heading!r} is on no page")


def test_the_fixture_pack_is_laid_out_in_several_chunks(html):
    chunks = pack_parts.plan(pack_parts.split(html), workers=2, chunk_cost=CHUNK_COST)
    assert len(chunks) >= 4  # the front matter and at least three more


def test_every_page_says_page_x_of_y_for_the_whole_pack(pdf):
    pages = texts(pdf)
    assert len(pages) > 8
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert text.count(" of ") >= 1
    # The running header: the committee and the report, on every page but the cover.
    assert "Chief Officer Group\n" not in pages[0].split("Page 1 of")[0]
    for text in pages[1:]:
        assert text.startswith("Chief Officer Group")
        assert "Performance report: Q2 2026/27" in text.splitlines()[0]


def test_the_contents_gives_the_page_where_each_section_starts(pdf):
    pages = texts(pdf)
    contents = pages[1]
    assert "Contents" in contents.splitlines()
    found = dict(re.findall(r"^(?:\d+\. )?(.+?)\s*\.{3,}\s*(\d+)$", contents, re.M))
    expected = {
        "Summary": "Summary",
        "Exceptions": "Exceptions",
        "Indicators": "Indicators",
        "Corrections to figures reported earlier": "Corrections to figures reported earlier",
        "Appendix: RAG rules and glossary": "Appendix: RAG rules and glossary",
    }
    assert set(found) == set(expected)
    for entry, heading in expected.items():
        assert int(found[entry]) == page_of(pages, heading), entry
    # The sections really are in different chunks: the numbers are not the chunks' own.
    assert int(found["Appendix: RAG rules and glossary"]) == len(pages)


def outline(pdf: pikepdf.Pdf) -> list[tuple[int, str, int]]:
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    flat: list[tuple[int, str, int]] = []
    with pdf.open_outline() as tree:
        def walk(items, depth):
            for item in items:
                flat.append((depth, item.title, pages[item.destination[0].objgen]))
                walk(item.children, depth + 1)
        walk(tree.root, 0)
    return flat


def test_bookmarks_nest_by_heading_and_open_the_page_of_their_heading(pdf):
    pages = texts(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        items = outline(doc)
    assert items[0] == (0, "Performance report: Q2 2026/27", 1)
    top = [title for depth, title, _ in items if depth == 1]
    assert top == ["Contents", "Summary", "Exceptions", "Indicators",
                   "Corrections to figures reported earlier",
                   "Appendix: RAG rules and glossary"]
    indicators = [(title, page) for depth, title, page in items if depth == 2
                  and title.startswith(("AMB1", "DRF1", "GRN1", "RED1", "RED2"))]
    assert len(indicators) == 3 + 5  # each exception, then each indicator
    for title, page in items_after(items, "Indicators"):
        assert title in pages[page - 1].splitlines(), title


def items_after(items, heading):
    start = next(i for i, (d, t, _) in enumerate(items) if d == 1 and t == heading)
    for depth, title, page in items[start + 1:]:
        if depth == 1:
            return
        if depth == 2:
            yield title, page


def test_links_in_the_contents_go_to_their_section_in_another_chunk(pdf):
    pages = texts(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        numbers = {page.objgen: n for n, page in enumerate(doc.pages, start=1)}
        names = doc.Root.Names.Dests.Names
        dests = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
        assert list(dests) == sorted(dests)
        links = [str(a.Dest) for a in doc.pages[1].obj.Annots if a.Subtype == "/Link"]
        for page in doc.pages:
            for annotation in page.obj.get("/Annots", []):
                assert str(annotation.Dest) in dests
    assert set(links) == {"summary", "exceptions", "indicators", "corrections", "appendix"}
    headings = {"summary": "Summary", "exceptions": "Exceptions", "indicators": "Indicators",
                "corrections": "Corrections to figures reported earlier",
                "appendix": "Appendix: RAG rules and glossary"}
    for name, heading in headings.items():
        assert numbers[dests[name][0].objgen] == page_of(pages, heading)


def walk_structure(root) -> list[pikepdf.Dictionary]:
    """Every structure element under the StructTreeRoot, checking each one's /P."""
    elements = []
    stack = [(kid, root) for kid in root.K]
    while stack:
        element, parent = stack.pop()
        assert element.P.objgen == parent.objgen
        elements.append(element)
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
                stack.append((kid, element))
    return elements


def test_one_structure_tree_whose_marked_content_and_parent_tree_agree(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        root = doc.Root.StructTreeRoot
        assert len(root.K) == 1 and root.K[0].S == "/Document"
        elements = walk_structure(root)
        pages = {page.objgen for page in doc.pages}
        assert all(e.Pg.objgen in pages for e in elements if "/Pg" in e)
        nums = root.ParentTree.Nums
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        assert int(root.ParentTreeNextKey) > max(tree)
        element_ids = {e.objgen for e in elements}
        keys = []
        for page in doc.pages:
            key = int(page.obj.StructParents)
            keys.append(key)
            content = b"".join(s.read_bytes() for s in page.obj.Contents) \
                if isinstance(page.obj.Contents, pikepdf.Array) \
                else page.obj.Contents.read_bytes()
            mcids = [int(m) for m in re.findall(rb"/MCID (\d+)", content)]
            marked = tree[key]
            assert len(marked) == len(mcids) == len(set(mcids))
            for mcid in mcids:
                element = marked[mcid]
                assert element.objgen in element_ids
                assert element.Pg.objgen == page.objgen
                kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
                assert mcid in [int(k) for k in kids if isinstance(k, int)]
            for annotation in page.obj.get("/Annots", []):
                key = int(annotation.StructParent)
                keys.append(key)
                link = tree[key]
                assert link.S == "/Link" and link.objgen in element_ids
                assert any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                           and k.Obj.objgen == annotation.objgen for k in link.K)
        assert len(keys) == len(set(keys)) == len(tree)


def test_table_headers_are_tagged_and_named_once_across_the_pack(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        root = doc.Root.StructTreeRoot
        elements = walk_structure(root)
        ids = {}
        for kid in root.IDTree.Kids:
            names = kid.Names
            pairs = [(str(names[i]), names[i + 1]) for i in range(0, len(names), 2)]
            assert [n for n, _ in pairs] == sorted(n for n, _ in pairs)
            assert [str(v) for v in kid.Limits] == [pairs[0][0], pairs[-1][0]]
            for name, element in pairs:
                assert name not in ids
                ids[name] = element
        headers = [e for e in elements if e.S == "/TH"]
        cells = [e for e in elements if e.S == "/TD"]
        assert len(headers) > 40 and cells
        for header in headers:
            assert ids[str(header.ID)].objgen == header.objgen
        for cell in cells:
            assert cell.A.Headers and all(str(h) in ids for h in cell.A.Headers)


def test_the_pdf_says_its_language_title_and_pdf_ua_and_charts_have_alt_text(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.Root.Lang) == "en-GB"
        assert doc.Root.MarkInfo.Marked is True
        assert doc.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(doc.docinfo.Title) == \
            "Chief Officer Group: performance report, Q2 2026/27"
        with doc.open_metadata() as meta:
            assert meta["pdfuaid:part"] == "1"
            assert meta["dc:title"] == "Chief Officer Group: performance report, Q2 2026/27"
        figures = [e for e in walk_structure(doc.Root.StructTreeRoot) if e.S == "/Figure"]
        assert len(figures) == 5
        assert all(str(f.Alt).startswith("AMB1 ") or str(f.Alt)[:4] in
                   {"DRF1", "GRN1", "RED1", "RED2"} for f in figures)


def test_page_furniture_is_an_artefact_placed_as_the_margin_boxes_place_it(html, pdf):
    """The stamped header and page number sit where WeasyPrint's margin boxes put them in
    one pass over the same HTML, and are marked as pagination artefacts."""
    from weasyprint import HTML

    single = HTML(string=html).write_pdf(**pack_pdf.OPTIONS)

    def placed(document: bytes) -> dict[str, tuple[float, float, float]]:
        found = {}

        def visit(text, cm, tm, font, size):
            for start in ("Chief Officer Group", "Performance report", "Page 2 of"):
                if text.strip().startswith(start):
                    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                    found[start] = (x, y, size * abs(cm[0]))
        PdfReader(io.BytesIO(document)).pages[1].extract_text(visitor_text=visit)
        return found

    ours, weasyprints = placed(pdf), placed(single)
    assert set(ours) == set(weasyprints) == {"Chief Officer Group", "Performance report",
                                             "Page 2 of"}
    for key, (x, y, size) in weasyprints.items():
        # The page number is right-aligned: its digits differ, so compare the right edge.
        if key != "Page 2 of":
            assert ours[key][0] == pytest.approx(x, abs=0.1)
        assert ours[key][1:] == pytest.approx((y, size), abs=0.1)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        first = doc.pages[1].obj.Contents[0].read_bytes()
    assert first.startswith(b"q\n/Artifact <</Type /Pagination /Subtype /Header>> BDC")
    assert b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC" in first
    assert first.count(b"BDC") == first.count(b"EMC") == 2


def test_the_same_html_makes_the_same_pdf_byte_for_byte(html, pdf):
    pack_pdf.forget()  # laid out afresh, not from the chunks remembered
    with override_settings(PACK_PDF_CHUNK_COST=CHUNK_COST, PACK_PDF_WORKERS=2):
        again = pack_render.render_pdf(html)
    assert again == pdf


def test_issuing_after_a_draft_lays_out_only_the_front_matter_again(cog, monkeypatch):  # noqa: F811
    """The issued pack differs from the draft on its cover only: its other chunks are the
    draft's, and the PDF is the one a cold build makes."""
    data = pack_data(cog, Q2)
    draft = pack_render.render_html(data)
    issued = pack_render.render_html(data, issued=True, version=1, issued_on="1 Dec 2026")
    fresh = []
    remember = pack_pdf._remember
    monkeypatch.setattr(pack_pdf, "_remember",
                        lambda key, result: (fresh.append(result.index), remember(key, result)))
    pack_pdf.forget()
    with override_settings(PACK_PDF_CHUNK_COST=CHUNK_COST, PACK_PDF_WORKERS=2):
        pack_render.render_pdf(draft)
        chunks = len(fresh)  # the front matter is laid out once, its numbers stamped
        assert chunks >= 4 and fresh.count(0) == 1  # the front matter and three more
        fresh.clear()
        warm = pack_render.render_pdf(issued)
        assert fresh == [0]
        pack_pdf.forget()
        cold = pack_render.render_pdf(issued)
    assert warm == cold
    assert "Issued 1 Dec 2026, version 1" in texts(warm)[0]


def test_progress_is_reported_as_each_chunk_is_laid_out(html):
    heard = []
    with override_settings(PACK_PDF_CHUNK_COST=CHUNK_COST, PACK_PDF_WORKERS=2):
        pack_render.render_pdf(html, progress=lambda done, steps: heard.append((done, steps)))
    steps = heard[0][1]
    chunks = len(pack_parts.plan(pack_parts.split(html), workers=2, chunk_cost=CHUNK_COST))
    assert steps == chunks + 1  # each chunk, the front matter counted first, then merging
    assert [done for done, _ in heard] == list(range(1, steps + 1))


def test_html_without_the_packs_markers_is_laid_out_in_one_tagged_pass():
    html = ('<!DOCTYPE html><html lang="en-GB"><head><title>A note</title></head>'
            "<body><h1>A note</h1><p>Nothing to cut.</p></body></html>")
    pdf = pack_render.render_pdf(html)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert "/StructTreeRoot" in doc.Root and str(doc.docinfo.Title) == "A note"


def test_a_chunk_that_fails_to_lay_out_fails_the_build_and_says_why(html, monkeypatch):
    def broken(job, base_url=None):
        if job.index == 2:
            raise ValueError("an SVG WeasyPrint cannot read")
        return lay_out(job, base_url)

    lay_out = pack_pdf._lay_out
    monkeypatch.setattr(pack_pdf, "_lay_out", broken)  # the forked processes see it too
    pack_pdf.forget()
    with override_settings(PACK_PDF_CHUNK_COST=CHUNK_COST, PACK_PDF_WORKERS=2), \
            pytest.raises(RuntimeError, match="part 2 of the pack failed.*an SVG WeasyPrint"):
        pack_render.render_pdf(html)


def test_a_layout_process_that_dies_fails_the_build_instead_of_hanging(html, monkeypatch):
    import os

    def killed(job, base_url=None):
        if job.index == 1:
            os._exit(9)
        return lay_out(job, base_url)

    lay_out = pack_pdf._lay_out
    monkeypatch.setattr(pack_pdf, "_lay_out", killed)
    pack_pdf.forget()
    with override_settings(PACK_PDF_CHUNK_COST=CHUNK_COST, PACK_PDF_WORKERS=2), \
            pytest.raises(RuntimeError, match="part 1 of the pack failed: its process stopped"):
        pack_render.render_pdf(html)


# The contents' page numbers, stamped after the merge into the placeholders the front
# matter was laid out with (governance/pdf_contents.py).

BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def marked_content(doc: pikepdf.Pdf, page: pikepdf.Page) -> dict[int, tuple[str, str]]:
    """What each marked-content sequence (by MCID) on ``page`` says, and in which font
    resource, decoded with the font's ToUnicode map."""
    maps: dict[str, dict[bytes, str]] = {}

    def decode(font: str, codes: bytes) -> str:
        if font not in maps:
            cmap = page.obj.Resources.Font[font].ToUnicode.read_bytes()
            maps[font] = {bytes.fromhex(code.decode()): bytes.fromhex(text.decode())
                          .decode("utf-16-be") for code, text in BFCHAR.findall(cmap)
                          if len(code) == 4}
        return "".join(maps[font].get(codes[i:i + 2], "?") for i in range(0, len(codes), 2))

    found: dict[int, tuple[str, str]] = {}
    stack: list[int | None] = []
    font = ""
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BDC":
            props = operands[1]
            stack.append(int(props.MCID) if isinstance(props, pikepdf.Dictionary)
                         and "/MCID" in props else None)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC":
            stack.pop()
        elif op == "Tf":
            font = str(operands[0])
        elif op in ("Tj", "TJ") and stack and stack[-1] is not None:
            parts = operands[0] if op == "TJ" else [operands[0]]
            text = "".join(decode(font, bytes(p)) for p in parts
                           if isinstance(p, pikepdf.String))
            before = found.get(stack[-1], ("", ""))[1]
            found[stack[-1]] = (font, before + text)
    return found


def contents_entries(doc: pikepdf.Pdf) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each contents entry (a list item on page 2): its text in the order of its structure
    elements, and every marked content it holds as (font, text)."""
    page = doc.pages[1]
    said = marked_content(doc, page)
    entries = []
    for element in walk_structure(doc.Root.StructTreeRoot):
        if element.S != "/LI" or element.K[0].Pg.objgen != page.objgen:
            continue
        parts = _marked_under(element, said)
        entries.append(("".join(text for _, text in parts), parts))
    return entries


def _marked_under(node, said: dict[int, tuple[str, str]]) -> list[tuple[str, str]]:
    """The marked content under a structure element, depth first in its kids' order."""
    parts = []
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            parts.append(said[kid])
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
            parts += _marked_under(kid, said)
    return parts


def test_the_contents_numbers_are_tagged_text_in_each_entry_and_match_the_bookmarks(pdf):
    """Each number is real text in its entry's structure (the LI's link), drawn in the
    stamp's font where the placeholder was, and is the page its bookmark opens."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pages = {title: page for depth, title, page in outline(doc) if depth == 1}
        entries = contents_entries(doc)
    assert len(entries) == 5
    for text, parts in entries:
        stamped = [said for font, said in parts if font == "/PackFurniture"]
        assert len(stamped) == 1, text  # the number, and no placeholder left
        assert "000" not in text
        # The entry without its leader: "1. Summary 3", whatever order its parts are in.
        words = "".join(said for _, said in parts if said.strip("."))
        label, number = re.fullmatch(r"\d+\.\s*(.+?) (\d+)", words, re.S).groups()
        assert stamped[0] == f" {number}"
        assert int(number) == pages[label], label


def test_the_contents_page_reads_each_title_with_its_page_number(pdf, tmp_path):
    """Text extraction, by pypdf and by poppler's pdftotext, reads each entry as its
    title, a leader and its number, on one line."""
    import shutil
    import subprocess

    pages = texts(pdf)
    expected = {"Summary": page_of(pages, "Summary"),
                "Exceptions": page_of(pages, "Exceptions"),
                "Indicators": page_of(pages, "Indicators"),
                "Corrections to figures reported earlier":
                    page_of(pages, "Corrections to figures reported earlier"),
                "Appendix: RAG rules and glossary":
                    page_of(pages, "Appendix: RAG rules and glossary")}
    by_pypdf = dict(re.findall(r"^(.+?) \.{3,}\s+(\d+)$", pages[1], re.M))
    assert {k: int(v) for k, v in by_pypdf.items()} == expected
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    layout = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-layout", str(path), "-"],
                            capture_output=True, text=True, check=True).stdout
    by_poppler = dict(re.findall(r"^\s*\d+\. (.+?) \.{3,} (\d+)$", layout, re.M))
    assert {k: int(v) for k, v in by_poppler.items()} == expected


def test_the_room_a_shorter_number_leaves_is_filled_with_leader_dots_as_artefacts(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        content = doc.pages[1].obj.Contents
        streams = content if isinstance(content, pikepdf.Array) else [content]
        data = b"".join(s.read_bytes() for s in streams)
    fillers = re.findall(rb"/Artifact BMC\s+BT(.*?)ET\s+EMC", data, re.S)
    # Summary, Exceptions and Indicators have one digit of three, the others two.
    assert len(fillers) == 5
    dots = [filler.count(b" Tj") for filler in fillers]
    assert dots[:3] == [dots[0]] * 3 and dots[0] > dots[3] > 0
    assert all(b"/PackFurniture" in filler for filler in fillers)


def _count_front_layouts(monkeypatch) -> list[int]:
    fronts: list[int] = []
    remember = pack_pdf._remember
    monkeypatch.setattr(pack_pdf, "_remember", lambda key, result: (
        fronts.append(result.pages) if result.index == 0 else None, remember(key, result)))
    return fronts


def test_a_number_wider_than_its_placeholder_lays_the_front_matter_out_again(
        html, pdf, monkeypatch):
    """With room for one digit only, the appendix's page 11 does not fit: the front
    matter is laid out a second time with the numbers in, and the pack is the same to
    read (and pixel for pixel the same contents: the numbers sit where they would)."""
    from governance import pdf_contents

    monkeypatch.setattr(pdf_contents, "DIGITS", 1)
    fronts = _count_front_layouts(monkeypatch)
    pack_pdf.forget()
    with override_settings(PACK_PDF_CHUNK_COST=CHUNK_COST, PACK_PDF_WORKERS=2):
        again = pack_render.render_pdf(html)
    assert len(fronts) == 2
    assert texts(again) == texts(pdf)
    with pikepdf.open(io.BytesIO(again)) as doc:
        for _, parts in contents_entries(doc):
            assert all(font != "/PackFurniture" for font, _ in parts)  # laid out, not stamped


def test_when_the_real_numbers_move_the_front_matter_a_page_it_is_numbered_again(
        html, monkeypatch):
    """The fallback, when the placeholders are not found, lays the front matter out with
    the numbers; should that move its pages (here the contents' heading is made to stand
    on a page of its own),
    the numbers are worked out again for the new count, and are right."""
    from governance import pdf_contents

    monkeypatch.setattr(pdf_contents, "find", lambda pdf, names: None)
    style = pack_pdf._contents_style
    monkeypatch.setattr(pack_pdf, "_contents_style", lambda numbers: style(numbers)
                        + "\n.pack .contents h2 { break-after: page }")
    fronts = _count_front_layouts(monkeypatch)
    pack_pdf.forget()
    with override_settings(PACK_PDF_CHUNK_COST=CHUNK_COST, PACK_PDF_WORKERS=2):
        moved = pack_render.render_pdf(html)
    assert len(fronts) == 3 and fronts[1] == fronts[2] == fronts[0] + 1
    pages = texts(moved)
    found = dict(re.findall(r"^(.+?) \.{3,}\s+(\d+)$", pages[2], re.M))
    assert len(found) == 5, pages[2]
    for title, number in found.items():
        assert int(number) == page_of(pages, title, after=3), title


def test_placeholders_that_are_not_there_are_reported_not_stamped():
    """find says None (the fallback lays the front matter out again) for a PDF it cannot
    read, and for tagged contents laid out without the placeholder; a number fits only
    in three digits."""
    from weasyprint import HTML

    from governance import pdf_contents

    assert pdf_contents.find(b"%PDF-1.7 not really a PDF", {"summary"}) is None
    html = ('<!DOCTYPE html><html lang="en-GB"><head><title>A pack</title></head><body>'
            '<nav class="contents"><ol><li><a href="#summary">Summary</a></li></ol></nav>'
            '<h2 id="summary">Summary</h2></body></html>')
    plain = HTML(string=html).write_pdf(**pack_pdf.OPTIONS)
    assert pdf_contents.find(plain, {"summary"}) is None
    style = "<style>.contents a::after { content: leader('.') ' 000' }</style></head>"
    marked = HTML(string=html.replace("</head>", style)).write_pdf(**pack_pdf.OPTIONS)
    slots = pdf_contents.find(marked, {"summary"})
    assert slots is not None and [(s.name, s.page) for s in slots] == [("summary", 0)]
    assert pdf_contents.find(marked, {"summary", "appendix"}) is None
    assert pdf_contents.fits({"summary": 3, "appendix": 999})
    assert not pdf_contents.fits({"summary": 3, "appendix": 1000})
    assert pack_parts.contents_links(html + '<a href="#elsewhere">x</a>') == {"summary"}
