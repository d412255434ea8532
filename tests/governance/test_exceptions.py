"""The exception report: every exception, the most serious first, for any remit."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from governance.exceptions import exception_report
from governance.models import Committee
from reporting.periods import Period
from tests.factories import add_result, add_target, make_indicator
from tests.views.entry_helpers import client_for, frozen, user_in

pytestmark = pytest.mark.django_db
Q2 = Period.parse("2026-27-Q2")


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def register():
    for code, values, corporate in [
        ("AMB", [95, 88, 85], False), ("RED", [95, 95, 50], True), ("SUS", [95, 50, 40], True),
        ("GRN", [80, 90, 95], True),
    ]:
        ind = make_indicator(code, is_corporate=corporate)
        add_target(ind, "2026-27", 90)
        add_target(ind, "2025-26", 90)
        for period, value in zip(["2025-26-Q4", "2026-27-Q1", "2026-27-Q2"], values,
                                 strict=True):
            add_result(ind, period, value, commentary=f"{code} =HYPERLINK(\"x\")")
    add_result(make_indicator("DRF"), Q2.key, 1, status="draft")


def test_it_lists_exceptions_the_most_serious_first(register):
    rows = exception_report(Q2)
    assert [(r.indicator.code, r.exception.value) for r in rows] == [
        ("SUS", "RED_SUSTAINED"), ("RED", "RED"), ("AMB", "AMBER_DETERIORATING")]


def test_it_takes_a_committees_remit(register):
    cog = Committee.objects.create(name="COG", slug="cog", kind="officer_board",
                                   corporate_only=True)
    assert [r.indicator.code for r in exception_report(Q2, cog)] == ["SUS", "RED"]


def test_the_page_and_its_downloads_for_people(register):
    client = client_for(user_in("cllr", "Councillors"))
    page = client.get(reverse("governance:exceptions"), {"period": Q2.key})
    assert page.status_code == 200
    assert "Red for 2 periods running" in page.content.decode()
    csv_text = client.get(reverse("governance:exceptions"),
                          {"period": Q2.key, "format": "csv"}).content.decode()
    assert csv_text.splitlines()[0].startswith("Code,Indicator,Directorate")
    assert "'=HYPERLINK" not in csv_text  # commentary starts with the code, not "="
    xlsx = client.get(reverse("governance:exceptions"), {"period": Q2.key, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content))["Exceptions"]
    assert [c.value for c in sheet[2]][:2] == ["SUS", "Indicator SUS"]
    assert sheet.cell(row=2, column=5).value == "40%"


def test_the_report_follows_the_councils_number_of_periods(register):
    from kpis.models import ExceptionRule

    ExceptionRule.objects.create(applies_from="2026-27", red_periods=3)
    # SUS is red in two quarters only: now plain red.
    assert [(r.indicator.code, r.exception.value) for r in exception_report(Q2)] == [
        ("RED", "RED"), ("SUS", "RED"), ("AMB", "AMBER_DETERIORATING")]
    three = make_indicator("THR", is_corporate=True)
    add_target(three, "2025-26", 90)
    add_target(three, "2026-27", 90)
    for period in ["2025-26-Q4", "2026-27-Q1", "2026-27-Q2"]:
        add_result(three, period, 40)
    rows = exception_report(Q2)
    assert (rows[0].indicator.code, rows[0].label) == ("THR", "Red for 3 periods running")

    client = client_for(user_in("cllr", "Councillors"))
    page = client.get(reverse("governance:exceptions"), {"period": Q2.key}).content.decode()
    assert "red, red for 3 periods running, or amber and deteriorating" in page
    assert "Red for 3 periods running" in page and "2 periods running" not in page
    csv_text = client.get(reverse("governance:exceptions"),
                          {"period": Q2.key, "format": "csv"}).content.decode()
    assert "Red for 3 periods running" in csv_text.splitlines()[1]
    # The same quarter a year earlier is reported under that year's rule.
    earlier = exception_report(Period.parse("2025-26-Q4"))
    assert all(row.label != "Red for 3 periods running" for row in earlier)


def test_a_committees_page_says_what_an_exception_is_this_year(register):
    from kpis.models import ExceptionRule

    ExceptionRule.objects.create(applies_from="2026-27", red_periods=3)
    Committee.objects.create(name="Scrutiny", slug="scrutiny", kind="scrutiny",
                             exceptions_only=True)
    page = client_for(user_in("cllr", "Councillors")).get(
        reverse("governance:committee", args=["scrutiny"])).content.decode()
    assert "Exceptions only: red, red for 3 periods running, or amber and deteriorating" in page
