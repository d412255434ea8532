"""The approver's list: sortable, filterable by service and period, downloadable as CSV."""

import csv
import io
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
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = sorted(row[0].split()[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert codes == ["BN1", "RD1"]


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
