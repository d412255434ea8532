"""The balanced scorecard as a Word document: the screen's 13 columns on a landscape page,
built from the same rows (``governance/balanced.py``) with the pack's building blocks
(``governance/pack_docx.py``): title and language set, a heading, one table whose header
row repeats on every page, and each RAG rating in words and shape, with a tint behind it
that is never the only sign."""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from governance.balanced import COLUMNS, TREND_METHOD, BalancedRow
from governance.pack_docx import add_table, landscape, new_document, rag_in_words, to_bytes
from reporting.periods import Period

RAG_COLUMN = COLUMNS.index("RAG Rating")
# Light tints, so black text on them keeps its contrast.
RAG_TINTS = {"RED": "F4CDC6", "AMBER": "FCE8B2", "GREEN": "CCE8D6", "BLUE": "CFE0F2"}
# Column widths (cm) on an A4 landscape page with 1.5 cm margins: 26.7 cm in all, the KPI
# and Comments columns the widest.
WIDTHS = [1.8, 4.2, 1.9, 1.6, 1.9, 1.5, 1.8, 1.6, 1.6, 1.5, 1.6, 1.7, 4.0]


def _tint(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def render_docx(
    rows: Sequence[BalancedRow], period: Period, directorate: str | None, council: str
) -> bytes:
    scope = directorate or "Organisational"
    title = f"Balanced scorecard: {scope}, {period.label}"
    document = new_document(title, council)
    landscape(document)
    if council:
        document.add_paragraph().add_run(council).bold = True
    document.add_heading(f"Balanced scorecard: {scope}, as at the end of {period.label}", 1)
    selection = (
        f"Every live indicator of {directorate}" if directorate
        else "The corporate KPIs, the Corporate Plan measures and each directorate's "
        "strategic KPIs"
    )
    document.add_paragraph(
        f"{selection}: {len(rows)} indicators, from signed-off results as at "
        f"{period.end:%-d %B %Y}. {TREND_METHOD}"
    )
    table = add_table(
        document, list(COLUMNS),
        [
            [rag_in_words(row.rag.value, cell) if n == RAG_COLUMN else cell
             for n, cell in enumerate(row.cells)]
            for row in rows
        ],
        f"Balanced scorecard, {scope}, {period.label}",
        widths=[Cm(width) for width in WIDTHS], font_size=Pt(8),
    )
    for row, cells in zip(rows, table.rows[1:], strict=True):
        fill = RAG_TINTS.get(row.rag.value)
        if fill:
            _tint(cells.cells[RAG_COLUMN], fill)
    return to_bytes(document)
