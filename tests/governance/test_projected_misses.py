"""The early warning on the exception report: green and amber indicators projected to miss
their year-end target, from the figures each reader may see (reporting/early_warning.py)."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from governance.exceptions import exception_report_with_warnings
from kpis.models import SeriesBreak
from kpis.roles import COUNCILLORS
from reporting.periods import Period
from tests.factories import add_result, add_target, make_indicator
from tests.views.entry_helpers import client_for, frozen, performance_team, user_in

pytestmark = pytest.mark.django_db
Q2 = Period.parse("2026-27-Q2")  # the latest quarter that has ended on 23 November 2026
LAST_YEAR = ["2025-26-Q1", "2025-26-Q2", "2025-26-Q3", "2025-26-Q4"]


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


def year_to_date(code, q1, q2, status="approved", **fields):
    """A cumulative count with a target of 1,000 for the year, profiled 240, 490, 750."""
    ind = make_indicator(code, collection="cumulative", unit="number", title=f"YTD {code}",
                         **fields)
    add_target(ind, "2026-27", 1000)
    for quarter, profile in (("Q1", 240), ("Q2", 490), ("Q3", 750)):
        add_target(ind, f"2026-27-{quarter}", profile)
    add_result(ind, "2026-27-Q1", q1)
    if q2 is not None:
        add_result(ind, "2026-27-Q2", q2, status=status)
    return ind


def quarterly(code, values, target, breaks_at=None):
    """A quarterly percentage with the same target both years, from 2025/26 Q1 to Q2 now."""
    ind = make_indicator(code, title=f"Quarterly {code}")
    add_target(ind, "2025-26", target)
    add_target(ind, "2026-27", target)
    for period, value in zip([*LAST_YEAR, "2026-27-Q1", "2026-27-Q2"], values, strict=True):
        add_result(ind, period, value)
    if breaks_at:
        SeriesBreak.objects.create(indicator=ind, period=breaks_at, reason="New definition")
    return ind


@pytest.fixture
def register():
    year_to_date("AMBER", 240, 460)  # amber against 490; 460 × 2 = 920 misses 1,000
    year_to_date("ONCOURSE", 260, 520)  # green; 1,040 meets it
    year_to_date("RED", 100, 200)  # red: an exception, not an early warning
    # Signed off: 230 by Q1 (amber: 920 for the year). Not yet signed off: 600 by Q2.
    year_to_date("DRAFT", 230, 600, status="draft")
    quarterly("FALLING", [95, 93, 91, 89, 87, 85], 84)  # green now, 81 by Q4
    quarterly("SCATTER", [95, 86, 94, 85, 93, 86], 84)  # no steady trend
    quarterly("BROKEN", [95, 93, 91, 89, 87, 85], 84, breaks_at="2026-27-Q1")


def codes(report):
    return [row.indicator.code for row in report.projected_misses]


def test_green_and_amber_indicators_projected_to_miss_are_listed(register):
    report = exception_report_with_warnings(Q2, approved_only=False)
    assert codes(report) == ["AMBER", "FALLING"]
    amber, falling = report.projected_misses
    assert amber.as_row() == [
        "AMBER", "YTD AMBER", "Resources", "Q2 2026/27", "460", "Amber", "2026/27", "920",
        "1,000", "Straight line from the year to date",
        "The year to date after 2 of 4 quarters, continued at the same pace",
    ]
    assert falling.as_row()[4:9] == ["85%", "Green", "2026/27", "81%", "84%"]
    assert falling.as_row()[9] == "Trend line through the last six figures"
    assert "RED" in [row.indicator.code for row in report.exceptions]


def test_a_reader_of_signed_off_figures_is_warned_from_signed_off_figures(register):
    everything = exception_report_with_warnings(Q2, approved_only=False)
    signed_off = exception_report_with_warnings(Q2, approved_only=True)
    assert "DRAFT" not in codes(everything)  # 600 by Q2 projects 1,200
    assert codes(signed_off) == ["AMBER", "DRAFT", "FALLING"]
    draft = signed_off.projected_misses[1].as_row()
    assert draft[3:8] == ["Q1 2026/27", "230", "Amber", "2026/27", "920"]


def test_the_page_shows_the_section_and_its_downloads_carry_it(register):
    client = client_for(user_in("cllr", COUNCILLORS))
    page = client.get(reverse("governance:exceptions"), {"period": Q2.key}).content.decode()
    section = page[page.index("Projected to miss the year-end target"):]
    assert "3 indicators projected to miss their year-end target" in section
    assert 'href="/indicators/DRAFT/"' in section
    assert "Projected from signed-off results only." in section
    assert "240 after one quarter projects 960" in section  # how it works, in words
    csv_text = client.get(reverse("governance:exceptions"),
                          {"period": Q2.key, "format": "csv"}).content.decode()
    lines = csv_text.splitlines()
    assert lines[0].startswith("Code,Indicator,Directorate")
    heading = lines.index("Projected to miss the year-end target")
    assert lines[heading - 1] == ""
    assert lines[heading + 1].startswith("Code,Indicator,Directorate,Period,Actual,RAG,Year,"
                                         "Projected outturn,Annual target,Method")
    assert [line.split(",")[0] for line in lines[heading + 2:]] == ["AMBER", "DRAFT", "FALLING"]
    xlsx = client.get(reverse("governance:exceptions"), {"period": Q2.key, "format": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Exceptions for people", "Projected to miss for people"]
    sheet = book["Projected to miss for people"]
    assert sheet["A1"].value.startswith("Projected to miss the year-end target. For people")
    assert [c.value for c in sheet[2]][:3] == ["Code", "Indicator", "Directorate"]
    assert [row[0].value for row in sheet.iter_rows(min_row=3)] == ["AMBER", "DRAFT", "FALLING"]


def test_the_page_says_when_nothing_is_projected_to_miss():
    year_to_date("ONCOURSE", 260, 520)
    page = client_for(performance_team()).get(reverse("governance:exceptions"),
                                              {"period": Q2.key})
    assert ("No indicator that is green or amber now is projected to miss its year-end target"
            in page.content.decode())


def test_the_warnings_ask_the_database_the_same_number_of_times_however_many():
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            exception_report_with_warnings(Q2, approved_only=True)
        return len(captured)

    year_to_date("A0", 240, 460)
    quarterly("F0", [95, 93, 91, 89, 87, 85], 84)
    small = count()
    for n in range(1, 15):
        year_to_date(f"A{n}", 240, 460)
        quarterly(f"F{n}", [95, 93, 91, 89, 87, 85], 84)
    assert len(exception_report_with_warnings(Q2).projected_misses) == 30
    assert count() == small
