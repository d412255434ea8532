"""The risk section of committee packs: in the audit committee's pack and in the pack of a
committee receiving the performance and risk report, in HTML, PDF's source and Word."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from governance import pack_parts, pack_render
from governance.models import Committee
from governance.pack_docx import render_docx
from governance.packs import pack_data
from governance.risks import committee_sees_risks
from kpis.models import Council
from reporting.periods import Period
from tests.governance.risk_helpers import make_registers, make_risk

pytestmark = pytest.mark.django_db
Q2 = Period.parse("2026-27-Q2")


@pytest.fixture
def registers():
    Council.objects.create(name="Northshire County Council", short_name="Northshire")
    regs = make_registers()
    make_risk("CR01", regs.corporate, regs.owner, current=(5, 4), inherent=(5, 5),
              target=(3, 4), category="Financial")
    make_risk("CR02", regs.corporate, regs.owner, current=(2, 2), inherent=(3, 3),
              target=(1, 2), category="Financial")
    make_risk("HW01", regs.service, regs.owner, current=(3, 4), inherent=(4, 4),
              target=(2, 3))  # flagged for escalation to the directorate
    return regs


def committee(kind: str, reports_risks: bool = False) -> Committee:
    return Committee.objects.create(name=f"A {kind}", slug=kind, kind=kind,
                                    reports_risks=reports_risks)


@pytest.mark.parametrize(("kind", "reports_risks", "sees"), [
    (Committee.Kind.AUDIT, False, True),
    (Committee.Kind.CABINET, True, True),
    (Committee.Kind.CABINET, False, False),
    (Committee.Kind.SCRUTINY, False, False),
])
def test_who_receives_the_risk_section(kind, reports_risks, sees):
    assert committee_sees_risks(Committee(kind=kind, reports_risks=reports_risks)) is sees


def test_the_audit_committees_pack_has_the_corporate_register_and_escalations(registers):
    data = pack_data(committee("audit"), Q2, date(2026, 12, 1))
    risks = data["risks"]
    assert [r["reference"] for r in risks["corporate"]] == ["CR01", "CR02"]
    assert risks["corporate"][0]["band"] == "Very high"
    assert risks["corporate"][0]["above_appetite"] is True
    assert risks["above_appetite"] == 1
    assert [r["reference"] for r in risks["escalations"]] == ["HW01"]
    cell = risks["heat_map"][0]["cells"][3]  # almost certain, major
    assert (cell["score"], cell["band"], cell["references"]) == (20, "Very high", ["CR01"])
    assert dict((b["name"], b["count"]) for b in risks["bands"]) == {
        "Very high": 1, "High": 0, "Medium": 0, "Low": 1}

    html = pack_render.render_html(data)
    assert '<a href="#risks">Risks</a>' in html
    assert "Heat map of the corporate risks" in html and "Very high 20" in html
    parts = pack_parts.split(html)
    assert parts is not None and any(
        isinstance(b, str) and 'id="risks"' in b for b in parts.blocks)


def test_a_committee_without_the_risk_report_has_no_risk_section(registers):
    data = pack_data(committee("scrutiny"), Q2, date(2026, 12, 1))
    assert data["risks"] is None
    assert 'id="risks"' not in pack_render.render_html(data)


def test_the_word_pack_has_the_risk_section_with_the_heat_map_as_a_table(registers):
    data = pack_data(committee("audit"), Q2, date(2026, 12, 1))
    document = docx.Document(io.BytesIO(render_docx(data)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Risks" in headings and "Risks flagged for escalation" in headings
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Very high 20: CR01" in cells


def test_an_older_issued_pack_without_risks_still_renders(registers):
    data = pack_data(committee("audit"), Q2, date(2026, 12, 1))
    del data["risks"]
    assert 'id="risks"' not in pack_render.render_html(data)
    render_docx(data)
