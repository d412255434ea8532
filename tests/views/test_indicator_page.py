"""An indicator's page: why it matters, where its figures come from, every period's result
a page at a time with its sign-off status, and the benchmarks held for it.

Today is 23 November 2026: the latest quarter that has ended is Q2 2026/27.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from kpis.models import Benchmark
from tests.factories import add_result, add_target, make_indicator, make_org_unit
from tests.views.entry_helpers import client_for, frozen, officer, performance_team, user_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def indicator():
    """Quarterly from Q1 2022/23: 18 quarters, the latest (Q2 2026/27) awaiting sign-off."""
    ind = make_indicator(
        "HOU1", title="Homes let within 28 days", unit="percent", decimal_places=1,
        org_unit=make_org_unit("Place / Housing"),
        why_it_matters="Empty homes cost rent and leave families waiting.",
        data_source="Lettings system, monthly extract",
    )
    for year in ("2022-23", "2023-24", "2024-25", "2025-26", "2026-27"):
        add_target(ind, year, 90)
    for n in range(18):
        period = f"{2022 + n // 4}-{(23 + n // 4) % 100:02d}-Q{n % 4 + 1}"
        add_result(ind, period, 80 + n, commentary=f"Quarter {n}",
                   status="submitted" if n == 17 else "approved")
    return ind


def page(client, code: str = "HOU1", **data) -> str:
    response = client.get(reverse("kpis:indicator", args=[code]), data)
    assert response.status_code == 200
    return response.content.decode()


def periods(body: str) -> list[str]:
    table = body.split('id="results"')[1].split("</table>")[0]
    return re.findall(r'<a class="govuk-link" href="/indicators/HOU1/[^/]+/">([^<]+)</a>', table)


def test_it_says_why_the_indicator_matters_and_where_its_figures_come_from(indicator):
    body = page(client_for(performance_team()))
    assert re.search(r"Why it matters</dt><dd[^>]*>Empty homes cost rent and leave families "
                     r"waiting.</dd>", body)
    assert re.search(r"Data source</dt><dd[^>]*>Lettings system, monthly extract", body)


def test_it_says_when_neither_is_recorded():
    make_indicator("BARE")
    body = page(client_for(performance_team()), "BARE")
    assert re.search(r"Why it matters</dt><dd[^>]*>Not recorded yet</dd>", body)


def test_it_shows_every_period_twelve_at_a_time_newest_first(indicator):
    client = client_for(performance_team())
    first, second = page(client), page(client, page=2)
    assert periods(first)[:2] == ["Q2 2026/27", "Q1 2026/27"] and len(periods(first)) == 12
    assert periods(second) == ["Q2 2023/24", "Q1 2023/24", "Q4 2022/23", "Q3 2022/23",
                               "Q2 2022/23", "Q1 2022/23"]
    assert "Showing 13 to 18 of 18" in second
    # The oldest quarters are rated against their own year's target, as the scorecard would.
    oldest = second.split(">Q1 2022/23</a>")[1].split("</tr>")[0]
    assert "90.0%" in oldest and "80.0%" in oldest and ">Red<" in oldest


def test_each_result_shows_its_sign_off_status_to_those_who_may_see_unsigned(indicator):
    body = page(client_for(performance_team()))
    latest = body.split(">Q2 2026/27</a>")[1].split("</tr>")[0]
    assert "97.0%" in latest and ">Awaiting sign-off<" in latest
    earlier = body.split(">Q1 2026/27</a>")[1].split("</tr>")[0]
    assert ">Approved<" in earlier


def test_a_councillor_sees_signed_off_figures_and_that_the_latest_is_not_yet(indicator):
    body = page(client_for(user_in("cllr", "Councillors")))
    latest = body.split(">Q2 2026/27</a>")[1].split("</tr>")[0]
    assert "97.0%" not in latest and "Not yet signed off" in latest
    assert "Quarter 17" not in body
    assert "Signed off" in body.split(">Q1 2026/27</a>")[1].split("</tr>")[0]


def test_it_lists_the_benchmarks_held_for_it(indicator):
    Benchmark.objects.create(indicator=indicator, comparator="CIPFA nearest neighbours",
                             period="2025-26", value=Decimal("88.25"), source="LG Inform")
    Benchmark.objects.create(indicator=indicator, comparator="England average",
                             period="2025-26", value=Decimal("86"))
    body = page(client_for(officer("olive")))
    table = body.split('id="benchmarks"')[1].split("</table>")[0]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in table.split("</tr>")[1:-1]]
    assert rows == [
        ["CIPFA nearest neighbours", "2025/26", "88.3%", "LG Inform"],
        ["England average", "2025/26", "86.0%", "Not recorded"],
    ]


def test_without_benchmarks_recorded_there_is_no_table_of_them(indicator):
    assert 'id="benchmarks"' not in page(client_for(officer()))


def test_a_long_commentary_is_cut_with_a_link_to_the_rest(indicator):
    add_result(make_indicator("LONG"), "2026-27-Q2", 50, commentary="word " * 40)
    body = page(client_for(performance_team()), "LONG")
    assert "Read all<span class=\"govuk-visually-hidden\"> of the commentary for Q2 2026/27" in body


def test_an_indicator_with_no_results_shows_its_latest_periods():
    make_indicator("NEW1")
    body = page(client_for(performance_team()), "NEW1")
    assert "No result" in body and "govuk-pagination" not in body


def test_each_period_shows_its_improvement_activity_beside_the_commentary(indicator):
    row = add_result(make_indicator("RED1"), "2026-27-Q2", 50, commentary="Contractor went bust")
    type(row).objects.filter(pk=row.pk).update(improvement_activity="New contractor from October")
    body = page(client_for(performance_team()), "RED1")
    assert "Commentary and improvement activity" in body
    assert "<strong>Improvement activity:</strong> New contractor from October" in body


def test_each_period_shows_its_trend_over_the_six_periods_to_it():
    """reporting/trends.py's method, as the balanced scorecard states it: rising figures
    of a higher-is-better indicator are improving; too few periods say so."""
    ind = make_indicator("UP1")
    for n, value in enumerate([10, 20, 30, 40]):
        add_result(ind, f"2025-26-Q{n + 1}", value)
    body = page(client_for(performance_team()), "UP1")
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body, re.S)
    q4 = next(r for r in rows if "Q4 2025/26" in r)
    q2 = next(r for r in rows if "Q2 2025/26" in r)
    assert ">Improving<" in q4 and ">Not enough data<" in q2
