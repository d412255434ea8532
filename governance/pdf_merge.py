"""Tagged PDFs of a pack's chunks joined into one tagged PDF (pikepdf, that is QPDF).

Each chunk comes from WeasyPrint as a PDF/UA-1 document of its own: a StructTreeRoot
whose one Document element holds the chunk's elements, page by page; a ParentTree
numbering each page's marked content (``/StructParents``, from 0) and then each link
annotation (``/StructParent``); named destinations for its anchors. The merged file has

* the pages in order, each with the chunk's resources (fonts are embedded per chunk);
* one StructTreeRoot with one Document element whose kids are every chunk's kids, in
  order, each with ``/P`` pointing at it; one ParentTree whose keys are renumbered chunk
  after chunk, so each page's ``/StructParents`` and each annotation's ``/StructParent``
  stays paired with its elements; one IDTree (the chunks' identifiers, made unique when
  they were written);
* one outline (bookmarks) built from every chunk's headings by level, as WeasyPrint
  builds it for one document, and one name tree of destinations, so a link in one chunk
  (the contents) reaches an anchor in another;
* the first chunk's language, title, XMP metadata (``pdfuaid:part 1``), MarkInfo and
  ViewerPreferences (DisplayDocTitle);
* the contents' page numbers stamped into the front matter's placeholders
  (``governance/pdf_contents.py``), and the running header and "Page X of Y" stamped as
  pagination artefacts (``governance/pdf_furniture.py``), in one embedded font.
"""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING

import pikepdf
from pikepdf import Array, Dictionary, Name

from governance import pdf_contents, pdf_furniture

if TYPE_CHECKING:
    from governance.pack_pdf import LaidOut


class Merger:
    """Chunks are added as they are laid out, in the pack's order, while the rest are
    still being laid out; the front matter comes last (it waits for the page numbers)
    and goes first."""

    def __init__(self) -> None:
        self.out = pikepdf.new()
        self.tree = self.out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = self.out.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, P=self.tree, K=Array()))
        self.tree.K = Array([self.document])
        self.nums = Array()
        self.next_key = 0
        self.id_trees: list[pikepdf.Object] = []
        self.role_map = Dictionary()
        self.destinations: dict[str, Array] = {}
        self.bookmarks: list[tuple] = []
        # Kept open until the merged file is written: QPDF copies stream data then.
        self.sources: list[pikepdf.Pdf] = []
        self.front: pikepdf.Pdf | None = None

    def add(self, chunk: LaidOut, *, first: bool = False) -> None:
        out = self.out
        source = pikepdf.open(io.BytesIO(chunk.pdf))
        self.sources.append(source)
        if first:
            self.front = source
        at = 0 if first else len(out.pages)
        with warnings.catch_warnings():
            # pikepdf warns that named destinations are not copied: they are, below.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            for offset, page in enumerate(source.pages):
                out.pages.insert(at + offset, page)
        pages = out.pages[at:at + len(source.pages)]
        chunk_tree = out.copy_foreign(source.Root.StructTreeRoot)
        kids = list(chunk_tree.K[0].K)
        for kid in kids:
            kid.P = self.document
        self.document.K = Array(kids + list(self.document.K)) if first \
            else Array(list(self.document.K) + kids)
        # The chunk's keys follow those already used (a number tree need not follow the
        # page order): its pages' and its links' keys move up together.
        keys = chunk_tree.ParentTree.Nums
        highest = -1
        base = self.next_key
        for i in range(0, len(keys), 2):
            key = int(keys[i])
            self.nums.extend([key + base, keys[i + 1]])
            highest = max(highest, key)
        for page in pages:
            page.obj.StructParents = int(page.obj.StructParents) + base
            for annotation in page.obj.get(Name.Annots, ()):
                if Name.StructParent in annotation:
                    annotation.StructParent = int(annotation.StructParent) + base
        self.next_key = base + highest + 1
        if Name.IDTree in chunk_tree:
            if first:
                self.id_trees.insert(0, chunk_tree.IDTree)
            else:
                self.id_trees.append(chunk_tree.IDTree)
        for role, standard in chunk_tree.get(Name.RoleMap, Dictionary()).items():
            self.role_map[role] = standard
        for name, (page, x, y) in chunk.anchors.items():
            if name not in self.destinations:
                self.destinations[name] = Array([pages[page].obj, Name.XYZ, x, y, 0])
        marks = [(level, label, pages[page].obj, x, y, is_open)
                 for level, label, page, x, y, is_open in chunk.bookmarks]
        self.bookmarks = marks + self.bookmarks if first else self.bookmarks + marks

    def finish(self, *, running_header: tuple[str, str],
               font: pdf_furniture.Font | None = None,
               contents: tuple[list[pdf_contents.Slot], dict[str, int]] | None = None,
               ) -> bytes:
        """The merged PDF, with the first chunk added (``first=True``) as its front;
        ``contents``: the front matter's placeholders and the page numbers to stamp into
        them (``governance/pdf_contents.py``)."""
        out, tree, front = self.out, self.tree, self.front
        assert front is not None, "the front matter comes first"
        tree.ParentTree = out.make_indirect(Dictionary(Nums=self.nums))
        tree.ParentTreeNextKey = self.next_key
        if self.id_trees:
            tree.IDTree = _name_tree(self.id_trees)
        if self.role_map:
            tree.RoleMap = self.role_map
        out.Root.StructTreeRoot = tree
        out.Root.MarkInfo = Dictionary(Marked=True)
        out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        if Name.Lang in front.Root:
            out.Root.Lang = front.Root.Lang
        if Name.Metadata in front.Root:
            out.Root.Metadata = out.copy_foreign(front.Root.Metadata)
        for key, value in front.docinfo.items():
            out.docinfo[key] = value
        if self.destinations:
            names = Array()
            for name in sorted(self.destinations):
                names.extend([pikepdf.String(name), self.destinations[name]])
            out.Root.Names = Dictionary(Dests=out.make_indirect(Dictionary(Names=names)))
        if self.bookmarks:
            out.Root.Outlines = _outlines(out, self.bookmarks)
        font = font or pdf_furniture.font_for(running_header)
        font_ref = pdf_furniture.embed(out, font)
        if contents is not None:
            slots, numbers = contents
            pdf_contents.stamp(out, slots, numbers, font, pdf_furniture.FONT_KEY)
        pdf_furniture.stamp(out, running_header, font, font_ref)
        result = io.BytesIO()
        out.save(
            result, min_version=front.pdf_version, deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
        )
        return result.getvalue()


def merge(chunks: list[LaidOut], *, running_header: tuple[str, str]) -> bytes:
    """Chunks laid out, the front matter first, as one PDF."""
    merger = Merger()
    for chunk in chunks[1:]:
        merger.add(chunk)
    merger.add(chunks[0], first=True)
    return merger.finish(running_header=running_header)


def _name_tree(kids: list[pikepdf.Object]) -> pikepdf.Object:
    """One name tree of the chunks' own trees, each a leaf with its limits. The chunks'
    names carry the chunk's number first, so the leaves are already in order."""
    for kid in kids:
        names = kid.Names
        kid.Limits = Array([names[0], names[len(names) - 2]])
    return Dictionary(Kids=Array(kids))


def _outlines(out: pikepdf.Pdf, bookmarks: list) -> pikepdf.Object:
    """The outline from headings in document order with their levels (h1 = 1 ...), nested
    as WeasyPrint nests them: a heading goes under the nearest heading above it of a
    lower level; a level skipped (h2 then h4) nests one deeper, not two."""
    root = out.make_indirect(Dictionary(Type=Name.Outlines))
    # Stack of (level, item, children) from the root down.
    stack: list[tuple[int, pikepdf.Object, list]] = [(0, root, [])]
    items = []
    for level, label, page, x, y, is_open in bookmarks:
        while len(stack) > 1 and stack[-1][0] >= level:
            stack.pop()
        item = out.make_indirect(Dictionary(
            Title=pikepdf.String(label), Parent=stack[-1][1],
            Dest=Array([page, Name.XYZ, x, y, 0]),
        ))
        children: list = []
        stack[-1][2].append(item)
        stack.append((level, item, children))
        items.append((item, children, is_open))
    _link(root, stack[0][2])
    for item, children, _ in items:
        _link(item, children)
    # Count: an open item counts its visible descendants; a closed one, minus its kids.
    for item, children, is_open in reversed(items):
        visible = sum(1 + max(int(c.get(Name.Count, 0)), 0) for c in children)
        if children:
            item.Count = visible if is_open else -visible
    root.Count = sum(1 + max(int(c.get(Name.Count, 0)), 0) for c in stack[0][2])
    return root


def _link(parent: pikepdf.Object, children: list) -> None:
    if not children:
        return
    parent.First, parent.Last = children[0], children[-1]
    for before, after in zip(children, children[1:], strict=False):
        before.Next, after.Prev = after, before
