"""The pack's members' requests, escalations and financial position in the Word document,
from the same data as the HTML and the PDF (``governance/members.py``)."""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocumentType

from governance.pack_docx import add_table


def add_sections(document: DocumentType, data: dict[str, Any]) -> None:
    requests, escalations = data.get("member_requests"), data.get("escalations")
    if requests or escalations:
        document.add_heading("Committee requests and answers", level=1)
        if not requests:
            document.add_paragraph("No request from the committee is open, and none has been "
                                   "answered since the last report.")
        for r in requests or []:
            document.add_heading(f"{r['reference']}: {r['kind']}", level=2)
            status = r["status"] + (", overdue" if r["overdue"] else "")
            where = f"at the meeting on {r['meeting']}" if r["meeting"] else f"on {r['raised_on']}"
            by = f" by {r['raised_by']}" if r["raised_by"] else ""
            document.add_paragraph().add_run(
                f"{status}. Raised {where}{by}; {r['assigned_to'] or 'no officer'} to answer "
                f"by {r['due_on']}.").bold = True
            rows = [("Request", r["raised"])]
            if r["indicators"]:
                rows.append(("Indicators", "; ".join(r["indicators"])))
            rows.append(("Answer", f"{r['answer']} ({r['answered']})" if r["answer"]
                         else "Not answered yet"))
            if r["note"]:
                rows.append(("Note", r["note"]))
            for name, value in rows:
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{name}: ").bold = True
                paragraph.add_run(value)
        if escalations:
            document.add_heading("Performance issues escalated to the board", level=2)
            add_table(document, ["Indicator", "Period", "Escalated", "Why", "By"],
                      [[f"{e['code']} {e['title']}", e["period"],
                        f"{e['from']} to {e['to'].lower()}", e["reason"],
                        f"{e['by']}, {e['at']}"] for e in escalations],
                      "Escalated performance issues not yet resolved")
    finance = data.get("finance")
    if finance:
        document.add_heading("Financial position", level=1)
        if not finance["rows"]:
            document.add_paragraph("No budget position has been imported for this period.")
            return
        document.add_paragraph(
            f"The revenue budget position for {finance['period']}, from the finance system "
            f"(imported {finance['imported']}). Variance is the forecast outturn less the "
            "budget: a positive variance is an overspend.")
        total = finance["total"]
        add_table(document, ["Directorate or service", "Budget", "Forecast outturn",
                             "Variance", "Position"],
                  [[f["name"], f["budget"], f["forecast"], f["variance"], f["direction"]]
                   for f in finance["rows"]]
                  + [[total["name"], total["budget"], total["forecast"], total["variance"],
                      total["direction"]]],
                  f"Revenue budget position, {finance['period']}")
