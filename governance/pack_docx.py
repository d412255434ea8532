"""The committee pack as a Word document, from the same data as the HTML and the PDF.

Committee reports are often moved into Word, so the document is built to be edited and
still accessible: real heading styles (Word's navigation pane and contents), tables
whose first row repeats as a header, every chart as a picture with its alternative text,
and the title and language set on the document. The building blocks at the top (a new
document, a table with a repeating header row, RAG in words and shape) serve every Word
document the product makes: the pack here, the balanced scorecard
(``governance/balanced_docx.py``).
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from governance.pack_render import GLOSSARY
from reporting.charts import rag_glyph

# A rating's shape beside its words: the charts' shapes (reporting/charts.py).
RAG_MARKS = {code: rag_glyph(code) for code in ("RED", "AMBER", "GREEN", "BLUE")}

# --- building blocks for every Word document ----------------------------------------------


def new_document(title: str, author: str) -> DocumentType:
    """A document with its title, author and language (en-GB) set, in Arial 11, with
    near-black headings (Word's blue headings are too pale for small text)."""
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.language = "en-GB"
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(language)
    for heading in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        document.styles[heading].font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    return document


def landscape(document: DocumentType) -> None:
    """Turn the document's page to landscape (A4, margins of 1.5 cm), for wide tables."""
    section = document.sections[0]
    margin = Cm(1.5)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = margin


def to_bytes(document: DocumentType) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _header_row(table) -> None:
    """Mark the first row as the table's header (repeats on each page; read as headers)."""
    row = table.rows[0]
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    for cell in row.cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


def add_table(
    document: DocumentType, headings: list[str], rows: list[list[str]], caption: str, *,
    widths: list[Cm] | None = None, font_size: Pt | None = None,
):
    """A captioned table whose first row is its header, repeated on every page."""
    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    _header_row(table)
    if widths is not None:
        table.autofit = False
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
    if font_size is not None:
        for row in table.rows:
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    run.font.size = font_size
    return table


def rag_in_words(code: str, label: str) -> str:
    """A RAG rating as its shape and its words (■ Red), never by colour alone."""
    mark = RAG_MARKS.get(code, "")
    return f"{mark} {label}".strip()


# --- the committee pack ----------------------------------------------------------------------


def _chart(document, svg: str, alt: str) -> None:
    import cairosvg

    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=1280)
    document.add_picture(io.BytesIO(png), width=Cm(16))
    picture = document.inline_shapes[-1]
    picture._inline.docPr.set("descr", alt)
    picture._inline.docPr.set("title", alt[:120])


def plan_in_words(plan: dict[str, Any]) -> str:
    """An exception's improvement plan in a sentence, or that it is missing."""
    if plan["missing"]:
        return "Missing: this indicator needs an improvement plan and has none."
    words = (f"Open since {plan['opened_for']}, owned by {plan['owner']}. Measure of success: "
             f"{plan['measure_of_success']}")
    if plan["overdue"]:
        words += f" Overdue actions: {'; '.join(plan['overdue'])}."
    return words


def render_docx(data: dict[str, Any], *, issued: bool = False, version: int | None = None,
                issued_on: str = "") -> bytes:
    title = f"{data['committee']['name']}: performance report, {data['period']['label']}"
    document = new_document(title, data["council"])

    # Cover
    document.add_paragraph().add_run(data["council"]).bold = True
    document.add_heading(f"Performance report: {data['period']['label']}", level=0)
    document.add_paragraph(data["committee"]["name"])
    status = (f"Issued {issued_on}, version {version}" if issued
              else "Draft, not for publication")
    facts = [("Period", f"{data['period']['label']} (to {data['period']['end']})")]
    if data["meeting"]:
        facts.append(("Meeting", data["meeting"]["date"]))
    facts += [("Status", status),
              ("Indicators", f"{data['summary']['total']}, of which "
                             f"{data['summary']['exceptions']} exceptions")]
    for name, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{name}: ").bold = True
        paragraph.add_run(value)
    if data["committee"]["purpose"]:
        document.add_paragraph(data["committee"]["purpose"])
    document.add_page_break()

    # Summary
    summary = data["summary"]
    document.add_heading("Summary", level=1)
    document.add_paragraph(
        f"{summary['total']} indicators in the committee's remit "
        f"({data['committee']['schedule'].lower()}), rated by the council's RAG rules from "
        f"signed-off results as at {data['period']['end']}."
    )
    add_table(document, ["Rating", "Indicators", "Share"],
              [[rag_in_words(c["rag"], c["label"]), str(c["count"]), c["percent"]]
               for c in summary["rag"]], "RAG ratings")
    for key, caption, heading in (("by_pillar", "By Corporate Plan pillar", "Pillar"),
                                  ("by_directorate", "By directorate", "Directorate")):
        add_table(document, [heading, "Indicators", "Ratings"],
                  [[row["name"], str(row["total"]),
                    ", ".join(f"{rag_in_words(c['rag'], c['label'])} {c['count']}"
                              for c in row["counts"])]
                   for row in summary[key]], caption)
    add_table(document, ["Direction", "Indicators"],
              [[d["label"], str(d["count"])] for d in summary["direction"]],
              "Direction of travel")

    by_code = {row["code"]: row for row in data["indicators"]}
    notes = data.get("board_notes", {})

    # Exceptions
    document.add_page_break()
    document.add_heading("Exceptions", level=1)
    if not data["exceptions"]:
        document.add_paragraph(f"No indicator is {summary['exceptions_in_words']}.")
    for code in data["exceptions"]:
        row = by_code[code]
        document.add_heading(f"{row['code']} {row['title']}", level=2)
        verdict = document.add_paragraph()
        label = f"{rag_in_words(row['rag'], row['rag_label'])}, {row['exception_label']}: "
        verdict.add_run(label).bold = True
        verdict.add_run(f"{row['actual'] or 'no figure'} in {row['period']} against a target "
                        f"of {row['target'] or 'none'}; direction of travel: "
                        f"{row['direction'].lower()}.")
        for name, value in (("Owner", row["owner"] or "Not set"),
                            ("Commentary", row["commentary"] or "None given"),
                            ("Improvement activity", row["improvement_activity"]
                             or "None recorded")):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{name}: ").bold = True
            paragraph.add_run(value)
        plan = data.get("plans", {}).get(code)  # packs issued before plans have none
        if plan:
            paragraph = document.add_paragraph()
            paragraph.add_run("Improvement plan: ").bold = True
            paragraph.add_run(plan_in_words(plan))
        if len(row["improvement_history"]) > 1:
            document.add_heading("How the improvement activity has changed", level=3)
            for item in row["improvement_history"]:
                document.add_paragraph(f"{item['period']}: {item['text']}", style="List Bullet")
        if notes.get(code):
            document.add_heading("Additional commentary by the board", level=3)
            for note in notes[code]:
                document.add_paragraph(f"{note['note']} ({note['by']}, {note['at']})",
                                       style="List Bullet")

    # Indicators
    document.add_page_break()
    document.add_heading("Indicators", level=1)
    for row in data["indicators"]:
        document.add_heading(f"{row['code']} {row['title']}", level=2)
        verdict = document.add_paragraph()
        verdict.add_run(rag_in_words(row["rag"], row["rag_label"])).bold = True
        target = f", target {row['target']}" if row["target"] else ""
        verdict.add_run(f" {row['actual'] or 'No figure'} in {row['period']}{target}; "
                        f"{row['direction'].lower()}.")
        if row["definition"]:
            document.add_paragraph(row["definition"])
        if row["commentary"]:
            document.add_paragraph(row["commentary"])
        _chart(document, row["chart_svg"], row["chart_alt"])
        caption = document.add_paragraph(row["chart_alt"], style="Caption")
        caption.alignment = WD_ALIGN_PARAGRAPH.LEFT
        add_table(document, ["Period", "Actual", "Target", "RAG"],
                  [[t["period"], t["actual"] or "–", t["target"] or "–", t["rag"]]
                   for t in row["trend"]],
                  f"{row['code']}: the last {len(row['trend'])} periods")

    from governance.risk_docx import add_risk_section

    add_risk_section(document, data.get("risks"))
    # Delivery plan actions beside each pillar's indicators (governance/pack_actions.py)
    if data.get("delivery"):
        document.add_heading("Delivery plan actions by pillar", level=1)
        for pillar in data["delivery"]:
            document.add_heading(pillar["name"], level=2)
            counts = ", ".join(f"{c['label']} {c['count']}" for c in pillar["counts"])
            document.add_paragraph(f"{pillar['indicators']} indicators: {counts}.")
            add_table(document, ["Action", "Owner", "Due", "Milestones done", "Status",
                                 "Latest progress"],
                      [[f"{a['reference']} {a['title']}", a["owner"], a["due"], a["milestones"],
                        f"{a['status_label']}: {a['reason']}",
                        f"{a['progress_period']}: {a['progress']}" if a["progress"]
                        else "None signed off"] for a in pillar["actions"]],
                      f"{pillar['name']}: delivery plan actions")
    from governance import members_docx  # members' requests, escalations, finance

    members_docx.add_sections(document, data)

    # Corrections and appendix
    document.add_heading("Corrections to figures reported earlier", level=1)
    if data["corrections"]:
        add_table(document, ["Indicator", "Period", "Reported as", "Corrected to", "Why"],
                  [[f"{c['code']} {c['title']}", c["period"], c["old"], c["new"],
                    f"{c['reason']} ({c['at']})"] for c in data["corrections"]],
                  "Figures corrected after an earlier report was issued")
    elif not data.get("breakdown_corrections"):
        document.add_paragraph("No figure reported earlier has been corrected since the last "
                               "report.")
    if data.get("breakdown_corrections"):
        add_table(document, ["Indicator", "Period", "Breakdown figure", "Reported as",
                             "Corrected to", "Why"],
                  [[f"{c['code']} {c['title']}", c["period"], c["figure"], c["old"], c["new"],
                    f"{c['reason']} ({c['at']})"] for c in data["breakdown_corrections"]],
                  "Breakdown figures corrected after an earlier report was issued ([c]: "
                  "hidden so that no person can be identified)")
    if data.get("data_quality"):
        _data_quality(document, data["data_quality"])
    document.add_heading("Appendix: RAG rules and glossary", level=1)
    document.add_heading("The RAG rules in force", level=2)
    for rule in data["rules"]:
        document.add_paragraph(rule, style="List Bullet")
    document.add_heading("Glossary", level=2)
    for term, meaning in GLOSSARY:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{term}: ").bold = True
        paragraph.add_run(meaning)
    return to_bytes(document)


def _data_quality(document, dq: dict) -> None:
    """The audit committee's data-quality section (templates/governance/
    _pack_data_quality.html in the HTML and PDF)."""
    document.add_heading(f"Data-quality audit of {dq['period']}", level=1)
    state = (f"the audit was completed on {dq['completed_on']}" if dq["complete"]
             else "the audit is in progress")
    document.add_paragraph(
        f"{dq['sampled']} indicators drawn at random from {dq['committees']} committees' "
        f"remits (seed {dq['seed']}), {dq['audited']} audited: {state}.")
    add_table(document, ["Check", "Met", "Not met", "Not applicable"],
              [[c["question"], str(c["met"]), str(c["not_met"]), str(c["not_applicable"])]
               for c in dq["checks"]], "Indicators audited, by check")
    for f in dq["findings"]:
        unmet = f" (not met: {'; '.join(f['not_met'])})" if f["not_met"] else ""
        document.add_paragraph(f"{f['code']} {f['title']}{unmet}: {f['finding']}",
                               style="List Bullet")
    document.add_paragraph(f"Follow-up actions: {dq['follow_ups']['open']} open, "
                           f"{dq['follow_ups']['done']} done.")
