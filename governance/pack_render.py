"""Turning a pack's data into its documents: one template, laid out for the browser, as
one self-contained HTML file (styles and charts inline) and as a tagged PDF (PDF/UA)
through WeasyPrint from that same file."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from governance import pack_pdf

CSS = Path(settings.BASE_DIR) / "static" / "pack.css"

# The pack's glossary, in one place for the HTML, the PDF and the Word document.
GLOSSARY = [
    ("RAG", "Red, amber or green: how an indicator's actual compares with its target. Each "
     "rating is shown in words and by a shape (green circle, amber triangle, red square, "
     "blue diamond), never by colour alone."),
    ("Direction of travel", "Whether performance improved or deteriorated since the "
     "previous comparable period."),
    ("Tolerance", "How far short of the target an actual may be and still be amber."),
    ("Stretch target", "A more ambitious target than the one the service plan expects."),
    ("Exception", "An indicator that is red, red for consecutive periods (as many as the "
     "council's rules in force set), or amber and deteriorating."),
]


def render_html(
    data: dict[str, Any], *, inline_css: bool = True, issued: bool = False,
    version: int | None = None, issued_on: str = "",
) -> str:
    """The pack as HTML. ``inline_css`` makes one self-contained file (for the download and
    the PDF); the page in the browser links the stylesheet (the Content-Security-Policy
    allows no inline style)."""
    notes = data.get("board_notes", {})
    by_code = {row["code"]: row for row in data["indicators"]}
    plans = data.get("plans", {})  # packs issued before improvement plans have none
    exceptions = [dict(by_code[code], notes=notes.get(code, []), plan=plans.get(code))
                  for code in data["exceptions"]]
    return render_to_string("governance/pack.html", {
        "data": data,
        "exceptions": exceptions,
        "groups": [
            (data["summary"]["by_pillar"], "By Corporate Plan pillar"),
            (data["summary"]["by_directorate"], "By directorate"),
        ],
        "inline_css": inline_css,
        "css": CSS.read_text(encoding="utf-8") if inline_css else "",
        "issued": issued,
        "version": version,
        "issued_on": issued_on,
        "glossary": GLOSSARY,
    })


def render_pdf(html: str, *, progress: pack_pdf.Progress | None = None) -> bytes:
    """The self-contained HTML laid out as a tagged, accessible PDF (PDF/UA-1): title and
    language from the document, headings as bookmarks, table headers tagged, a running
    header and "Page X of Y". Laid out in chunks side by side (``governance/pack_pdf.py``);
    ``progress(done, steps)`` hears as each chunk is done."""
    return pack_pdf.render(
        html, workers=settings.PACK_PDF_WORKERS,
        chunk_cost=getattr(settings, "PACK_PDF_CHUNK_COST", None),
        progress=progress, base_url=str(settings.BASE_DIR),
    )


def checksum(html: str, pdf: bytes, docx: bytes = b"") -> str:
    digest = hashlib.sha256()
    digest.update(html.encode("utf-8"))
    digest.update(pdf)
    digest.update(docx)
    return digest.hexdigest()
