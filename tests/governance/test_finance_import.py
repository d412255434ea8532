"""The budget position: imported all or nothing from CSV or XLSX (command and upload page),
shown beside performance for each directorate and in the packs of committees that take it."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from governance.finance_import import import_finance, quarter
from governance.models import FinanceImport, FinanceLine
from governance.packs import pack_data
from kpis.importing import ImportFailed
from kpis.models import OrgUnit
from kpis.spreadsheets import read_sheet
from reporting.periods import Period
from tests.factories import importer, make_org_unit
from tests.governance.members_helpers import make_panel
from tests.views.entry_helpers import client_for, frozen

pytestmark = pytest.mark.django_db
Q2 = Period.parse("2026-27-Q2")
NOW = datetime(2026, 10, 24, 10, tzinfo=UTC)

GOOD = (
    "directorate,service,budget,forecast,variance,commentary\n"
    "Place,,\"1,000,000\",\"1,050,000\",\"50,000\",Directorate costs\n"
    "Place,Housing,\"2,500,000\",\"2,400,000\",\"(100,000)\",Vacancies\n"
    "Resources,Finance,900000,900000,,\n"
)


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def panel():
    panel = make_panel()
    make_org_unit("Resources / Finance")
    return panel


def sheet(text: str):
    return read_sheet(io.BytesIO(text.encode()), name="position.csv")


def run(text: str, period=Q2, user=None):
    return import_finance(sheet(text), period=period, file_name="position.csv",
                          content=text.encode(), user=user, now=NOW)


def test_it_keeps_every_line_with_its_figures_and_who_imported_it(panel):
    record = run(GOOD, user=panel.performance)
    assert (record.period, record.rows, record.imported_by) == ("2026-27-Q2", 3,
                                                                panel.performance)
    housing = FinanceLine.objects.get(service__name="Housing")
    assert (housing.budget, housing.forecast, housing.variance) == (
        Decimal(2_500_000), Decimal(2_400_000), Decimal(-100_000))
    assert housing.directorate.name == "Place" and housing.commentary == "Vacancies"
    assert FinanceLine.objects.get(service=None, directorate__name="Place").commentary == \
        "Directorate costs"


def test_one_bad_row_and_nothing_is_imported_every_problem_named(panel):
    run(GOOD)
    bad = GOOD.replace("Resources,Finance", "Resources,Payroll").replace("2,400,000", "lots")
    with pytest.raises(ImportFailed) as failed:
        run(bad)
    assert failed.value.problems == [
        "Row 3, forecast outturn: You typed 'lots', which is not a number: enter a number "
        "like 85.5",
        "Row 4: Resources has no service called 'Payroll'",
    ]
    assert FinanceImport.objects.count() == 1 and FinanceLine.objects.count() == 3


def test_importing_a_quarter_again_replaces_it_whole(panel):
    run(GOOD)
    run("directorate,budget,forecast\nPlace,10,12\n")
    assert FinanceImport.objects.count() == 1
    assert list(FinanceLine.objects.values_list("budget", flat=True)) == [Decimal(10)]


def test_it_reads_an_xlsx_export_the_same(panel):
    workbook = Workbook()
    sheet_ = workbook.active
    sheet_.append(["Directorate", "Service", "Budget", "Forecast outturn"])
    sheet_.append(["Place", "Housing", 2500000, 2550000.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = read_sheet(io.BytesIO(buffer.getvalue()), name="position.xlsx")
    import_finance(read, period=Q2, file_name="position.xlsx", content=buffer.getvalue(),
                   user=None, now=NOW)
    assert FinanceLine.objects.get().forecast == Decimal("2550000.5")


@pytest.mark.parametrize("key", ["2026-27", "2026-09", "Q2", ""])
def test_the_position_is_for_a_quarter(key):
    with pytest.raises(ImportFailed) as failed:
        quarter(key)
    assert failed.value.problems == [f"'{key}' is not a quarter: give one like 2025-26-Q2"]


# --- the command ----------------------------------------------------------------------------


def test_the_command_imports_a_file_for_a_quarter(panel, tmp_path):
    path = tmp_path / "q2.csv"
    path.write_text(GOOD)
    out = io.StringIO()
    call_command("import_finance", str(path), "--period", "2026-27-Q2", "--user", importer(),
                 stdout=out)
    assert "Read 3 lines of the budget position for Q2 2026/27" in out.getvalue()
    assert FinanceLine.objects.count() == 3


def test_the_command_changes_nothing_on_a_problem(panel, tmp_path):
    path = tmp_path / "q2.csv"
    path.write_text("directorate,budget,forecast\nNowhere,1,1\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_finance", str(path), "--period", "2026-27-Q2", "--user",
                     importer(), stderr=err)
    assert "Row 2: there is no directorate called 'Nowhere'" in err.getvalue()
    with pytest.raises(CommandError, match="is not a quarter"):
        call_command("import_finance", str(path), "--period", "2026-27", "--user", importer())
    assert not FinanceImport.objects.exists()


# --- the upload page ------------------------------------------------------------------------


def upload(client, text: str, period: str = "2026-27-Q2", name: str = "position.csv"):
    return client.post(reverse("governance:finance_upload"), {
        "period": period, "file": SimpleUploadedFile(name, text.encode(), "text/csv")})


def test_the_performance_team_uploads_the_position(panel):
    response = upload(client_for(panel.performance), GOOD)
    assert response.status_code == 302 and response["Location"] == reverse("governance:budget")
    assert FinanceImport.objects.get().file_name == "position.csv"


def test_an_upload_with_problems_lists_them_and_imports_nothing(panel):
    response = upload(client_for(panel.performance), "directorate,budget,forecast\nX,1,1\n")
    body = response.content.decode()
    assert response.status_code == 400
    assert "nothing has been imported" in body and "Row 2: there is no directorate" in body
    assert not FinanceImport.objects.exists()


@pytest.mark.parametrize("who", ["owner", "approver", "councillor"])
def test_only_the_performance_team_imports_the_position(panel, who):
    client = client_for(getattr(panel, who))
    assert client.get(reverse("governance:finance_upload")).status_code == 403
    assert upload(client, GOOD).status_code == 403
    assert not FinanceImport.objects.exists()


# --- beside performance ---------------------------------------------------------------------


def test_the_budget_page_shows_each_directorate_in_pounds(panel):
    run(GOOD)
    body = client_for(panel.councillor).get(reverse("governance:budget"),
                                            {"period": "2026-27-Q2"}).content.decode()
    assert "£3,500,000" in body and "£3,450,000" in body and "-£50,000" in body
    assert "Underspend of 1.4% of budget" in body
    assert "£900,000" in body and "The council" in body


def test_the_directorate_page_puts_its_lines_beside_its_scorecard(panel):
    run(GOOD)
    place = OrgUnit.objects.get(path="Place")
    body = client_for(panel.councillor).get(
        reverse("governance:budget_directorate", args=[place.pk]),
        {"period": "2026-27-Q2"}).content.decode()
    assert "Housing" in body and "-£100,000" in body and "Vacancies" in body
    assert "HOU1" in body and "Homes let within 28 days" in body
    assert "Finance" not in body.split("Revenue budget position by service")[1].split(
        "Performance:")[0]


def test_a_later_quarter_without_a_position_shows_the_latest_before_it(panel):
    run(GOOD, period=Period.parse("2026-27-Q1"))
    place = OrgUnit.objects.get(path="Place")
    body = client_for(panel.councillor).get(
        reverse("governance:budget_directorate", args=[place.pk]),
        {"period": "2026-27-Q2"}).content.decode()
    assert "The latest position imported by the end of Q2 2026/27 is for Q1 2026/27" in body


def test_the_directorate_page_is_only_for_a_directorate(panel):
    housing = OrgUnit.objects.get(path="Place / Housing")
    response = client_for(panel.councillor).get(
        reverse("governance:budget_directorate", args=[housing.pk]))
    assert response.status_code == 404


def test_the_budget_pages_cost_the_same_queries_for_few_or_many_lines(panel):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(panel.councillor)
    run(GOOD)
    place = OrgUnit.objects.get(path="Place")
    pages = [reverse("governance:budget"), reverse("governance:budget_directorate",
                                                   args=[place.pk])]
    counts = []
    for page in pages:
        with CaptureQueriesContext(connection) as few:
            client.get(page, {"period": "2026-27-Q2"})
        counts.append(len(few))
    lines = ["directorate,service,budget,forecast"]
    for n in range(30):
        make_org_unit(f"Place / Service {n}")
        lines.append(f"Place,Service {n},{n * 1000},{n * 1100}")
    run("\n".join(lines) + "\n")
    for page, before in zip(pages, counts, strict=True):
        with CaptureQueriesContext(connection) as many:
            client.get(page, {"period": "2026-27-Q2"})
        assert len(many) == before


def test_the_pack_of_a_committee_that_takes_finance_has_its_position(panel):
    run(GOOD)
    committee = panel.committee
    assert pack_data(committee, Q2, date(2026, 11, 23))["finance"] is None
    committee.takes_finance = True
    committee.save()
    committee.remit_org_units.set([OrgUnit.objects.get(path="Place")])
    finance = pack_data(committee, Q2, date(2026, 11, 23))["finance"]
    assert finance["period"] == "Q2 2026/27" and finance["imported"] == "24 October 2026"
    assert [(r["name"], r["variance"], r["is_total"]) for r in finance["rows"]] == [
        ("Place", "-£50,000", True),
        ("Place (directorate)", "£50,000", False),
        ("Housing", "-£100,000", False),
        ("Resources", "£0", True),  # outside the remit: its total only
    ]
    assert finance["total"]["budget"] == "£4,400,000"
    from governance.pack_render import render_html

    html = render_html(pack_data(committee, Q2, date(2026, 11, 23)))
    assert 'id="finance"' in html and "£4,400,000" in html and 'href="#finance"' in html


def test_a_committee_that_takes_finance_before_any_import_says_so(panel):
    panel.committee.takes_finance = True
    panel.committee.save()
    from governance.pack_render import render_html

    html = render_html(pack_data(panel.committee, Q2, date(2026, 11, 23)))
    assert "No budget position has been imported for this period." in html


def test_the_word_document_carries_the_requests_escalations_and_finance(panel):
    from datetime import UTC as utc

    from docx import Document

    from governance import members
    from governance.pack_docx import render_docx

    run(GOOD)
    panel.committee.takes_finance = True
    panel.committee.save()
    members.record_request(
        committee=panel.committee, meeting=panel.meeting, kind="information",
        indicators=[panel.indicator], raised="Why the delay?", raised_by="Cllr Jo Evans",
        raised_on=panel.meeting.date, assigned_to=panel.owner, due_on=date(2026, 12, 1),
        user=panel.performance,
    )
    members.escalate(indicator=panel.indicator, period="2026-27-Q2", to_board=panel.committee,
                     reason="Red twice", user=panel.approver,
                     now=datetime(2026, 11, 20, tzinfo=utc))
    document = Document(io.BytesIO(render_docx(pack_data(panel.committee, Q2,
                                                         date(2026, 11, 23)))))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "Committee requests and answers" in text and "Why the delay?" in text
    assert "Financial position" in text and "£4,400,000" in cells and "Red twice" in cells


def test_the_directorate_dashboard_shows_its_budget_beside_its_performance(panel):
    """Issue 16: "show it beside performance on the directorate dashboard"; a service's
    dashboard has no budget section, and a directorate with no position says so."""
    run(GOOD)
    place = OrgUnit.objects.get(name="Place", parent=None)
    from kpis.roles import COUNCILLORS
    from tests.views.entry_helpers import user_in

    reader = client_for(user_in("cora", COUNCILLORS))
    page = reader.get(reverse("reporting:dashboard_unit", args=[place.pk]))
    html = page.content.decode()
    assert page.context["finance"] and 'id="finance"' in html
    assert "Vacancies" in html and "£2,400,000" in html
    housing = OrgUnit.objects.get(name="Housing")
    page = reader.get(reverse("reporting:dashboard_unit", args=[housing.pk]))
    assert not page.context["finance"] and 'id="finance"' not in page.content.decode()
    resources = OrgUnit.objects.get(name="Resources", parent=None)
    FinanceLine.objects.filter(directorate=resources).delete()
    page = reader.get(reverse("reporting:dashboard_unit", args=[resources.pk]))
    assert "No budget position has been imported" in page.content.decode()
