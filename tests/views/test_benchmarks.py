"""Benchmarks on screen: the performance team's page and its CSV, the indicator page's
"How we compare", and the comparators' median on a pack's chart."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Committee, Meeting
from governance.packs import pack_data
from kpis.benchmark_import import import_benchmarks
from kpis.models import BenchmarkMatch, Council
from kpis.roles import AUDITORS, COUNCILLORS
from kpis.spreadsheets import read_sheet
from reporting.periods import Period
from tests.factories import add_result, add_target, make_indicator
from tests.views.entry_helpers import (
    approver,
    client_for,
    frozen,
    officer,
    performance_team,
    user_in,
)

pytestmark = pytest.mark.django_db

US = "E09000099"
AREAS = [("E09000001", "Ashby", 61), ("E09000002", "Brampton", 70), ("E09000003", "Colby", 55),
         ("E09000004", "Dunmore", 80), ("E09000005", "Easton", 48)]


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture(autouse=True)
def council():
    return Council.objects.create(name="Northshire County Council", short_name="Northshire",
                                  area_code=US)


@pytest.fixture
def petra():
    return performance_team("petra")


def sheet(text: str, name: str):
    return read_sheet(io.BytesIO(text.encode()), name, comments=True)


def bring_in(codes: list[str], *, ours: dict[str, int] | None = None, years=("2025/26",)):
    """An LG Inform style dataset: one metric per indicator code (M-<code>), the five
    areas' figures (+ the code's number, so each metric differs), our own row when
    ``ours`` gives it, and a group of the five areas; each code matched to its metric."""
    lines = ["# source: made up for the tests",
             "area_code,area_name,metric,metric_name,period,value"]
    for code in codes:
        bump = sum(map(ord, code)) % 5
        for year in years:
            lines += [f"{area},{name},M-{code},Measure {code},{year},{value + bump}"
                      for area, name, value in AREAS]
            if ours and code in ours:
                lines.append(f"{US},Northshire,M-{code},Measure {code},{year},{ours[code]}")
    group = ["for_area_code,neighbour_set,area_code,area_name"]
    group += [f"{US},Statistical neighbours,{area},{name}" for area, name, _ in AREAS]
    metric_map = ["metric,indicator,comparator_group"]
    metric_map += [f"M-{code},{code},Statistical neighbours" for code in codes]
    import_benchmarks(
        sheet("\n".join(lines) + "\n", "lginform.csv"), file_name="lginform.csv", checksum="x",
        user=None, reason="tests", dataset="LG Inform: tests", publisher="LGA",
        licence="Open Government Licence v3.0",
        metric_map=("map.csv", sheet("\n".join(metric_map) + "\n", "map.csv")),
        groups=[("group.csv", sheet("\n".join(group) + "\n", "group.csv"))],
    )


# --- the performance team's page ----------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [
    (performance_team, 200), (lambda name: user_in(name, AUDITORS), 200),
    (officer, 403), (approver, 403), (lambda name: user_in(name, COUNCILLORS), 403),
])
def test_it_is_for_the_performance_team_and_auditors_only(who, status):
    client = client_for(who("someone"))
    assert client.get(reverse("kpis:benchmarks")).status_code == status
    assert client.get(reverse("kpis:benchmarks_csv")).status_code == status


def test_the_header_offers_it_to_those_who_may_open_it(petra):
    """Under Reports, the header's hub."""
    link = f'href="{reverse("kpis:benchmarks")}"'
    hub = reverse("hubs:reports")
    assert link in client_for(petra).get(hub).content.decode()
    assert link not in client_for(officer("olive")).get(hub).content.decode()


def test_it_asks_a_visitor_to_sign_in():
    response = Client().get(reverse("kpis:benchmarks"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_lists_datasets_matched_indicators_with_their_quartile_and_unmatched_metrics(petra):
    make_indicator("REC1", title="Recycling", frequency="annual")
    make_indicator("REC2", title="Residual waste", frequency="annual", polarity="lower")
    bring_in(["REC1", "REC2"], ours={"REC1": 75, "REC2": 75})
    BenchmarkMatch.objects.filter(indicator__code="REC2").delete()  # now unmatched

    page = client_for(petra).get(reverse("kpis:benchmarks")).content.decode()

    # REC1: the areas have 63, 72, 57, 82, 50 (bump 2); ours 75 is 2nd of 6; median 63.
    assert "LG Inform: tests" in page and "LGA" in page
    assert "Open Government Licence v3.0" in page
    row = page[page.index(">REC1</a>"):page.index("</tr>", page.index(">REC1</a>"))]
    assert "75%" in row and "63%" in row and "2nd of 6" in row
    assert "Second quartile" in row  # 2 > 6/4 but 2 <= 6/2: in words, not a colour
    unmatched = page[page.index("Metrics not matched"):page.index("Datasets</h2>")]
    assert "M-REC2" in unmatched and "M-REC1" not in unmatched
    assert "Statistical neighbours" in page


def test_the_csv_goes_through_the_one_writer(petra):
    make_indicator("REC1", title="=HYPERLINK(\"http://example.com\")", frequency="annual")
    bring_in(["REC1"], ours={"REC1": 75})

    response = client_for(petra).get(reverse("kpis:benchmarks_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="benchmarks.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["indicator"] == "REC1"
    assert rows[0]["title"].startswith("'=HYPERLINK")  # neutralised, as every CSV is
    assert (rows[0]["period"], rows[0]["council_value"], rows[0]["comparator_median"],
            rows[0]["rank"], rows[0]["quartile"]) == ("2025/26", "75", "63", "2nd of 6",
                                                      "Second quartile")
    assert rows[0]["licence"] == "Open Government Licence v3.0"


def test_the_pages_queries_do_not_grow_with_the_matched_indicators(petra):
    client = client_for(petra)

    def count(n: int) -> int:
        codes = [f"B{i:03d}" for i in range(n)]
        for code in codes:
            if not BenchmarkMatch.objects.filter(indicator__code=code).exists():
                ind = make_indicator(code, frequency="annual")
                add_result(ind, "2024-25", 60)
        bring_in(codes, ours={c: 70 for c in codes[::2]}, years=("2024/25", "2025/26"))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("kpis:benchmarks"))
        assert response.status_code == 200
        assert response.content.decode().count("<tr class=\"govuk-table__row\">") >= n
        return len(captured)

    small = count(3)
    assert count(30) == small


# --- the indicator page -------------------------------------------------------------------


def test_the_indicator_page_says_how_we_compare_in_words(petra):
    ind = make_indicator("REC1", title="Recycling", frequency="annual")
    bring_in(["REC1"], ours={"REC1": 45})

    page = client_for(petra).get(reverse("kpis:indicator", args=["REC1"])).content.decode()
    section = page[page.index("How we compare"):page.index("History of changes")]

    # Areas: 63, 72, 57, 82, 50; ours 45 is last of 6: 6 > 3 x 6/4, the bottom quartile.
    assert "Measure REC1" in section and "Statistical neighbours" in section
    assert "2025/26" in section
    assert "45%" in section and "63%" in section  # ours, and the median of the five
    assert "6th of 6" in section
    assert "Bottom quartile (worst)" in section
    assert "LG Inform: tests, published by LGA, under the Open Government Licence v3.0" in section
    assert "Northshire (us)" in section
    assert ind.code in page


def test_without_our_row_the_page_uses_our_signed_off_result_and_says_so(petra):
    ind = make_indicator("REC1", frequency="annual")
    add_result(ind, "2025-26", 90)
    bring_in(["REC1"])

    page = client_for(petra).get(reverse("kpis:indicator", args=["REC1"])).content.decode()

    assert "Our signed-off result: the dataset has no figure for us" in page
    assert "1st of 6" in page and "Top quartile (best)" in page


def test_a_draft_result_is_never_compared(petra):
    ind = make_indicator("REC1", frequency="annual")
    add_result(ind, "2025-26", 90, status="draft")
    bring_in(["REC1"])

    page = client_for(petra).get(reverse("kpis:indicator", args=["REC1"])).content.decode()

    compared = page.split('id="benchmarks-heading"', 1)[1].split("</section>", 1)[0]
    assert "No period yet has both our figure and a comparator" in compared
    # The results table shows the draft to the performance team; the comparison never.
    assert "90%" not in compared


def test_an_indicator_without_a_benchmark_shows_nothing_of_them(petra):
    make_indicator("PLAIN")
    page = client_for(petra).get(reverse("kpis:indicator", args=["PLAIN"])).content.decode()
    assert "How we compare" not in page


def test_a_councillor_sees_how_we_compare_too():
    make_indicator("REC1", frequency="annual")
    bring_in(["REC1"], ours={"REC1": 45})
    page = client_for(user_in("carys", COUNCILLORS)).get(
        reverse("kpis:indicator", args=["REC1"])).content.decode()
    assert "Bottom quartile (worst)" in page


# --- the packs' charts --------------------------------------------------------------------


def test_a_packs_chart_draws_the_comparators_median_and_says_it():
    q2 = Period.parse("2026-27-Q2")
    committee = Committee.objects.create(name="Chief Officer Group", slug="cog",
                                         kind=Committee.Kind.OFFICER_BOARD, corporate_only=True)
    Meeting.objects.create(committee=committee, period=q2.key, date=date(2026, 12, 10))
    ind = make_indicator("PLN1", is_corporate=True, title="Planning on time")
    add_target(ind, "2026-27", 90)
    for quarter in ("2025-26-Q3", "2025-26-Q4", "2026-27-Q1", "2026-27-Q2"):
        add_result(ind, quarter, 88)
    bring_in(["PLN1"], years=("2025/26 Q3", "2025/26 Q4"))

    row = pack_data(committee, q2)["indicators"][0]

    assert 'id="chart-' in row["chart_svg"] and '-benchmark"' in row["chart_svg"]
    assert "Median of Statistical neighbours" in row["chart_svg"]  # the legend, in words
    # PLN1's areas: 64, 73, 58, 83, 51 (bump 3): the median is 64.
    assert row["chart_alt"].endswith("Median of Statistical neighbours: 64% in Q4 2025/26.")
