"""The risk section of a committee pack in Word, from the same data as the HTML and PDF
(``governance.risks.pack_section``)."""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocumentType

from governance.pack_docx import add_table


def add_risk_section(document: DocumentType, risks: dict[str, Any] | None) -> None:
    if not risks:
        return
    document.add_heading("Risks", level=1)
    corporate = risks["corporate"]
    document.add_paragraph(
        f"The corporate risk register as at the date of this report: {len(corporate)} open "
        f"risks, {risks['above_appetite']} above the council's appetite for their category. "
        "Scores are likelihood × impact on the council's scheme; each cell of the heat map "
        "gives its band in words."
    )
    add_table(
        document, ["Likelihood \\ impact"] + [f"{n} {label}" for n, label in
                                              enumerate(risks["impact_labels"], start=1)],
        [[f"{row['likelihood']} {row['label']}"] + [
            f"{c['band']} {c['score']}" + (f": {', '.join(c['references'])}"
                                           if c["references"] else "")
            for c in row["cells"]] for row in risks["heat_map"]],
        "Heat map of the corporate risks' current scores",
    )
    add_table(document, ["Band", "Risks"],
              [[b["name"], str(b["count"])] for b in risks["bands"]],
              "Corporate risks by current band")
    add_table(
        document, ["Risk", "Owner", "Before controls", "Current", "Target", "Appetite",
                   "Next review"],
        [[f"{r['reference']} {r['title']}", r["owner"], f"{r['inherent']} {r['inherent_band']}",
          f"{r['current']} {r['band']}", f"{r['target']} {r['target_band']}",
          r["appetite"] + (": above appetite" if r["above_appetite"] else ""),
          r["review_due"]] for r in corporate],
        "Corporate risks, the highest current score first",
    )
    document.add_heading("Risks flagged for escalation", level=2)
    if risks["escalations"]:
        add_table(document, ["Risk", "Register", "Owner", "Current"],
                  [[f"{r['reference']} {r['title']}", r["register"], r["owner"],
                    f"{r['current']} {r['band']}"] for r in risks["escalations"]],
                  "Risks whose current score has reached their register's threshold, "
                  "awaiting a decision")
    else:
        document.add_paragraph("No risk is awaiting a decision on escalation.")
    document.add_heading("The scoring scheme", level=2)
    for line in risks["scheme"]:
        document.add_paragraph(line, style="List Bullet")
