"""Cambridgeshire's 13-column balanced scorecard."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from governance.balanced import COLUMNS, balanced_scorecard
from kpis import entry
from kpis.models import Indicator, Result
from reporting.periods import Period
from tests.factories import add_result, add_target, make_indicator, make_org_unit
from tests.views.entry_helpers import approver, client_for, frozen, officer, user_in

pytestmark = pytest.mark.django_db
Q2 = Period.parse("2026-27-Q2")
QUARTERS = ["2025-26-Q1", "2025-26-Q2", "2025-26-Q3", "2025-26-Q4", "2026-27-Q1", "2026-27-Q2"]


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


def kpi(code, values, **fields):
    fields.setdefault("level", Indicator.Level.CORPORATE_KPI)
    ind = make_indicator(code, **fields)
    add_target(ind, "2025-26", 90)
    add_target(ind, "2026-27", 90)
    for period, value in zip(QUARTERS[-len(values):], values, strict=True):
        add_result(ind, period, value, commentary=f"{code} story")
    return ind


def test_it_has_cambridgeshires_thirteen_columns():
    assert len(COLUMNS) == 13
    assert COLUMNS[-2:] == ["Trend Analysis", "Comments"]


def test_a_row_carries_every_column_from_the_engine():
    red = kpi("R1", [60, 65, 70, 75, 80, 78], perspective="corporate", source="statutory")
    Result.objects.filter(indicator=red, period=Q2.key).update(improvement_activity="A plan")
    [row] = balanced_scorecard(Q2)
    cells = dict(zip(COLUMNS, row.cells, strict=True))
    assert cells["Perspective"] == "Corporate and staff"
    assert cells["KPI"] == "R1 Indicator R1"
    assert cells["Metric Category"] == "Statutory return"
    assert cells["Reporting Frequency"] == "Quarterly"
    assert cells["Target"] == "90%"
    assert cells["Direction for Improvement"] == "Higher is better"
    assert (cells["Performance (current)"], cells["Performance (previous)"]) == ("78%", "80%")
    assert cells["Change in Performance"] == "−2%"
    assert cells["RAG Rating"] == "Red"
    assert cells["Trend Analysis"] == "Improving"  # rising for a year; the last change is down
    assert cells["Comments"] == "R1 story Improvement activity: A plan"


def test_last_updated_is_when_the_figure_was_signed_off():
    ind = make_indicator("S1", level=Indicator.Level.CORPORATE_KPI, owner=officer("olive"))
    add_target(ind, "2026-27", 90)
    alan = approver("alan", unit="Resources")
    saved = entry.save(ind.owner, ind, Q2, entry.Entry(Decimal("95")), 0, Q2.end.replace(
        month=11, day=1), submit=True)
    entry.approve(alan, saved)
    [row] = balanced_scorecard(Q2)
    assert row.cells[4] == "23 November 2026"


def test_organisational_or_one_directorate():
    kpi("C1", [95], level=Indicator.Level.SERVICE_PI, is_corporate=True)
    kpi("S1", [95], level=Indicator.Level.SERVICE_PI,
        org_unit=make_org_unit("Place / Highways"))
    kpi("D1", [95], level=Indicator.Level.DIRECTORATE_PI,
        org_unit=make_org_unit("Place"))
    assert sorted(r.code for r in balanced_scorecard(Q2)) == ["C1", "D1"]
    assert [r.code for r in balanced_scorecard(Q2, "Place")] == ["D1", "S1"]


def queries(n):
    start = Indicator.objects.count()
    for i in range(start, start + n):
        kpi(f"Q{i}", [80, 85, 90])
    with CaptureQueriesContext(connection) as context:
        balanced_scorecard(Q2)
    return len(context)


def test_its_queries_do_not_grow_with_the_register():
    assert queries(5) == queries(40)


def test_the_page_and_its_downloads():
    kpi("R1", [60, 65, 70, 75, 80, 78])
    client = client_for(user_in("cllr", "Councillors"))
    page = client.get(reverse("governance:balanced"), {"period": Q2.key})
    assert page.status_code == 200 and "Trend Analysis" in page.content.decode()
    xlsx = client.get(reverse("governance:balanced"), {"period": Q2.key, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content))["Balanced scorecard"]
    assert [c.value for c in sheet[1]] == COLUMNS
    csv_text = client.get(reverse("governance:balanced"),
                          {"period": Q2.key, "format": "csv"}).content.decode()
    assert csv_text.splitlines()[0].startswith("Perspective,KPI,Metric Category")
    assert client.get(reverse("governance:balanced"),
                      {"directorate": "<b>x</b>"}).status_code == 404


@pytest.mark.parametrize("directorate", ["", "Place"])
def test_the_word_document_has_the_screens_thirteen_columns_and_rows(directorate):
    import docx
    from docx.enum.section import WD_ORIENT

    kpi("R1", [60, 65, 70, 75, 80, 78], perspective="corporate", source="statutory",
        org_unit=make_org_unit("Place"))
    Result.objects.filter(indicator__code="R1", period=Q2.key).update(
        improvement_activity="A plan")
    kpi("G1", [95, 96], level=Indicator.Level.DIRECTORATE_PI, org_unit=make_org_unit("Place"))
    kpi("A1", [88], level=Indicator.Level.SERVICE_PI, org_unit=make_org_unit("Place / Roads"))
    kpi("P1", [95], org_unit=make_org_unit("People"))
    client = client_for(user_in("cllr", "Councillors"))
    url = reverse("governance:balanced")
    query = {"period": Q2.key, "directorate": directorate}
    page = client.get(url, query)
    screen = page.context["rows"]
    assert "format=docx" in page.content.decode()

    response = client.get(url, {**query, "format": "docx"})
    assert response.status_code == 200
    name = "balanced-scorecard-2026-27-Q2" + ("-place" if directorate else "")
    assert response["Content-Disposition"] == f'attachment; filename="{name}.docx"'
    document = docx.Document(io.BytesIO(response.content))
    [table] = document.tables
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0] == COLUMNS
    rag = COLUMNS.index("RAG Rating")
    marks = {"RED": "■ ", "AMBER": "▲ ", "GREEN": "● ", "BLUE": "◆ "}
    assert cells[1:] == [
        [marks.get(row.rag.value, "") + cell if n == rag else cell
         for n, cell in enumerate(row.cells)]
        for row in screen
    ]
    expected_codes = ["G1", "P1", "R1"] if not directorate else ["G1", "A1", "R1"]
    assert sorted(row.code for row in screen) == sorted(expected_codes)
    r1 = next(row for row in cells if row[1] == "R1 Indicator R1")
    assert (r1[rag], r1[-1]) == ("■ Red", "R1 story Improvement activity: A plan")
    # The header row repeats on every page; the page is landscape; title and language set.
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    scope = directorate or "Organisational"
    assert document.core_properties.title == f"Balanced scorecard: {scope}, Q2 2026/27"
    assert document.core_properties.language == "en-GB"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [f"Balanced scorecard: {scope}, as at the end of Q2 2026/27"]
    assert not document.inline_shapes  # no pictures, so no alternative text to miss


def test_the_word_document_shows_signed_off_figures_only():
    import docx

    kpi("R1", [60, 65])
    draft = make_indicator("D1", level=Indicator.Level.CORPORATE_KPI)
    add_result(draft, Q2.key, 12345, status="draft")
    client = client_for(user_in("cllr", "Councillors"))
    response = client.get(reverse("governance:balanced"), {"period": Q2.key, "format": "docx"})
    text = "\n".join(cell.text for row in docx.Document(io.BytesIO(response.content)).tables[0]
                     .rows for cell in row.cells)
    assert "D1 Indicator D1" in text and "12,345" not in text and "12345" not in text
