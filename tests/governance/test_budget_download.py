"""The budget position downloaded for people: the council-wide page and a directorate's,
as CSV and XLSX through the one writer (kpis/exports.py), in pounds under a title row,
with anything a spreadsheet would run made safe."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kpis.models import OrgUnit
from tests.factories import make_org_unit
from tests.governance.members_helpers import make_panel
from tests.governance.test_finance_import import GOOD, run
from tests.views.entry_helpers import client_for, frozen

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http:evil.example","Click")'


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def panel():
    panel = make_panel()
    make_org_unit("Resources / Finance")
    return panel


def position_with(name: str, commentary: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Place", name, "1200", "1500", "", commentary])
    return GOOD + buffer.getvalue()


def get(client, name: str, *args, period="2026-27-Q2"):
    return client.get(reverse(f"governance:{name}", args=args), {"period": period})


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_council_wide_csv_has_each_directorate_in_pounds_and_the_total(panel):
    run(GOOD)
    response = get(client_for(panel.councillor), "budget_download", "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="budget-2026-27-Q2-for-people.csv"')
    rows = rows_of(response)
    assert rows[0] == ["Directorate", "Budget (£)", "Forecast outturn (£)", "Variance (£)",
                       "Variance (% of budget)", "Position", "Indicators red",
                       "Indicators amber", "Indicators green"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Place"][1:6] == ["£3,500,000", "£3,450,000", "-£50,000", "-1.4%",
                                     "Underspend"]
    assert by_name["Resources"][1:6] == ["£900,000", "£900,000", "£0", "", "On budget"]
    assert rows[-1][:6] == ["The council", "£4,400,000", "£4,350,000", "-£50,000", "-1.1%",
                            "Underspend"]


def test_the_council_wide_xlsx_has_a_title_row_and_the_same_figures(panel):
    run(GOOD)
    response = get(client_for(panel.councillor), "budget_download", "xlsx")
    assert response["Content-Disposition"] == (
        'attachment; filename="budget-2026-27-Q2-for-people.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Budget for people"
    assert sheet["A1"].value == (
        "Budget and performance, Q2 2026/27: budget position for Q2 2026/27, performance "
        "from signed-off results. For people to read: figures with their units")
    assert sheet["A2"].value == "Directorate" and sheet["B2"].value == "Budget (£)"
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert ["Place", "£3,500,000", "£3,450,000", "-£50,000", "-1.4%", "Underspend"] in [
        v[:6] for v in values]


def test_the_directorate_download_has_its_services_commentary_and_total(panel):
    run(GOOD)
    place = OrgUnit.objects.get(path="Place")
    response = get(client_for(panel.councillor), "budget_directorate_download", place.pk,
                   "csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="budget-place-2026-27-Q2-for-people.csv"')
    assert rows_of(response) == [
        ["Service", "Budget (£)", "Forecast outturn (£)", "Variance (£)",
         "Variance (% of budget)", "Position", "Commentary"],
        ["Place (directorate)", "£1,000,000", "£1,050,000", "£50,000", "5.0%", "Overspend",
         "Directorate costs"],
        ["Housing", "£2,500,000", "£2,400,000", "-£100,000", "-4.0%", "Underspend",
         "Vacancies"],
        ["Place total", "£3,500,000", "£3,450,000", "-£50,000", "-1.4%", "Underspend", ""],
    ]


def test_a_formula_looking_service_name_and_commentary_are_made_safe(panel):
    make_org_unit(f"Place / {EVIL}")
    run(position_with(EVIL, "@SUM(A1:A9)"))
    place = OrgUnit.objects.get(path="Place")
    client = client_for(panel.performance)
    rows = rows_of(get(client, "budget_directorate_download", place.pk, "csv"))
    evil = next(row for row in rows if "HYPERLINK" in row[0])
    assert evil[0] == "'" + EVIL and evil[-1] == "'@SUM(A1:A9)"
    assert evil[3] == "£300" and "-£100,000" in [row[3] for row in rows]  # numbers untouched
    response = get(client, "budget_directorate_download", place.pk, "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = next(c for c in sheet["A"] if c.value and "HYPERLINK" in str(c.value))
    assert cell.value == EVIL and cell.data_type == "s" and cell.quotePrefix
    commentary = sheet.cell(row=cell.row, column=7)
    assert commentary.value == "@SUM(A1:A9)" and commentary.quotePrefix


def test_before_any_import_the_downloads_say_so(panel):
    client = client_for(panel.councillor)
    rows = rows_of(get(client, "budget_download", "csv"))
    assert {row[1] for row in rows[1:]} == {"No budget position"}
    place = OrgUnit.objects.get(path="Place")
    sheet = load_workbook(io.BytesIO(get(client, "budget_directorate_download", place.pk,
                                         "xlsx").content)).active
    assert sheet["A1"].value.startswith("Place: budget position (none imported by the end "
                                        "of Q2 2026/27)")


def test_other_formats_and_services_are_not_found(panel):
    client = client_for(panel.councillor)
    assert client.get("/budget/for-people.pdf").status_code == 404
    housing = OrgUnit.objects.get(path="Place / Housing")
    assert get(client, "budget_directorate_download", housing.pk, "csv").status_code == 404


def test_the_pages_link_to_their_downloads(panel):
    run(GOOD)
    client = client_for(panel.councillor)
    place = OrgUnit.objects.get(path="Place")
    assert reverse("governance:budget_download", args=["xlsx"]) in get(
        client, "budget").content.decode()
    assert reverse("governance:budget_directorate_download", args=[place.pk, "csv"]) in get(
        client, "budget_directorate", place.pk).content.decode()


def test_the_downloads_cost_the_same_queries_for_few_or_many_lines(panel):
    client = client_for(panel.councillor)
    run(GOOD)
    place = OrgUnit.objects.get(path="Place")
    names = [("budget_download", "csv"), ("budget_directorate_download", place.pk, "xlsx")]

    def counts() -> list[int]:
        found = []
        for name, *args in names:
            with CaptureQueriesContext(connection) as captured:
                assert get(client, name, *args).status_code == 200
            found.append(len(captured))
        return found

    few = counts()
    lines = ["directorate,service,budget,forecast"]
    for n in range(40):
        make_org_unit(f"Place / Service {n}")
        lines.append(f"Place,Service {n},{n * 1000},{n * 1100}")
    run("\n".join(lines) + "\n")
    assert counts() == few


@pytest.mark.parametrize(("budget", "forecast", "words"), [
    ("195000000", "195032500", "Overspend of less than 0.1% of budget"),
    ("2500000", "2400000", "Underspend of 4.0% of budget"),
    ("100", "100", "On budget"),
    ("0", "50", "Overspend"),
])
def test_the_position_in_words_never_reads_zero_or_a_double_negative(budget, forecast, words):
    from decimal import Decimal

    from governance.finance import Position

    assert Position("X", Decimal(budget), Decimal(forecast)).summary == words
