"""The approver's list: sortable, filterable by service and period, downloadable as CSV."""

import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.factories import add_result, make_indicator, make_org_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver():
    roads, bins = make_org_unit("Place / Roads"), make_org_unit("Place / Bins")
    user = make_user("boss")
    roads.parent.approvers.add(user)
    add_result(make_indicator("RD1", org_unit=roads), "2026-27-Q2", 10, status="submitted")
    add_result(make_indicator("BN1", org_unit=bins), "2026-27-Q2", 20, status="submitted")
    add_result(make_indicator("BN2", org_unit=bins), "2026-27-Q1", 30, status="submitted")
    client = Client()
    client.force_login(user)
    moment = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield client


def test_it_filters_by_service_and_period(approver):
    body = approver.get(reverse("kpis:approvals"),
                        {"service": "Place / Bins", "period": "2026-27-Q2"}).content.decode()
    assert "BN1" in body and "RD1" not in body and "BN2" not in body
    assert "1 of 3 results" in body


def test_it_sorts_by_a_column(approver):
    body = approver.get(reverse("kpis:approvals"), {"sort": "-indicator"}).content.decode()
    assert body.index("RD1") < body.index("BN2") < body.index("BN1")


def test_it_downloads_what_is_shown_as_csv(approver):
    response = approver.get(reverse("kpis:approvals"), {"service": "Place / Bins",
                                                        "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Indicator", "Service", "Period"]
    assert sorted(r[0].split()[0] for r in rows[1:]) == ["BN1", "BN2"]


def test_it_downloads_what_is_shown_as_xlsx(approver):
    from openpyxl import load_workbook

    response = approver.get(reverse("kpis:approvals"), {"period": "2026-27-Q2",
                                                        "format": "xlsx"})
    assert response["Content-Disposition"].endswith(
        'filename="awaiting-sign-off-for-people.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Sign-off for people"
    assert sheet["A1"].value.startswith("Results waiting for your sign-off on 23 November 2026")
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    codes = sorted(row[0].split()[0] for row in rows)
    assert codes == ["BN1", "RD1"]
    assert {row[2] for row in rows} == {"Q2 2026/27"}


def test_the_list_and_its_downloads_give_figures_with_units_and_dates_in_words(approver):
    page = approver.get(reverse("kpis:approvals")).content.decode()
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">10%</td>' in page
    response = approver.get(reverse("kpis:approvals"), {"format": "csv"})
    assert response["Content-Disposition"].endswith('awaiting-sign-off-for-people.csv"')
    rows = {r["Indicator"].split()[0]: r for r in csv.DictReader(io.StringIO(
        response.content.decode()))}
    assert rows["RD1"]["Actual"] == "10%" and rows["BN2"]["Actual"] == "30%"
    assert rows["RD1"]["Period"] == "Q2 2026/27"
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ 20\d\d", rows["RD1"]["Sign-off deadline"])


def test_a_rag_column_in_a_download_for_people_is_its_word_on_its_colour():
    """The approver's list, or any table, with a ``RagColumn``: the download colours it."""
    import django_tables2 as tables
    from openpyxl import load_workbook

    from kpis.tables import TableDownload
    from reporting.engine import Rag
    from reporting.tables import RagColumn

    class Rated(tables.Table):
        code = tables.Column()
        rag = RagColumn()

    table = Rated([{"code": "A1", "rag": Rag.RED}, {"code": "A2", "rag": Rag.GREEN}])
    content = TableDownload("xlsx", table, title="Rated, for people").export()
    sheet = load_workbook(io.BytesIO(content)).active
    assert [(row[1].value, row[1].fill.fgColor.rgb[-6:]) for row in sheet.iter_rows(min_row=3)] \
        == [("Red", "F4CDC6"), ("Green", "CCE2D8")]
    text = TableDownload("csv", table).export()
    assert text.splitlines()[1:] == ["A1,Red", "A2,Green"]


def test_the_navigation_offers_sign_off_to_approvers_only(approver):
    assert ">Sign-off</a>" in approver.get(reverse("kpis:home")).content.decode()
    officer = Client()
    officer.force_login(make_user("plain-officer"))
    assert ">Sign-off</a>" not in officer.get(reverse("kpis:home")).content.decode()


def test_the_download_neutralises_formula_like_text_through_the_one_writer():
    from kpis.tables import SignoffTable, TableDownload

    assert TableDownload.is_valid_format("csv") and not TableDownload.is_valid_format("json")
    table = SignoffTable([])
    text = TableDownload("csv", table).export()
    assert text.splitlines()[0].startswith("Indicator")
