"""The breakdown on the indicator page: the performance team sees every figure, everyone
else sees small numbers hidden; unsigned breakdowns only for those who see unsigned
results; a period can be chosen; the queries do not grow with the categories."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis.models import Council, ResultStatus
from kpis.roles import COUNCILLORS, OFFICERS
from tests.breakdowns.helpers import ages, dimension, figures, wards
from tests.views.entry_helpers import (
    PERIOD,
    client_for,
    frozen,
    indicator,
    officer,
    performance_team,
    result,
    user_in,
)

pytestmark = pytest.mark.django_db
from kpis import breakdowns as service  # noqa: E402
from kpis.breakdown_rules import BreakdownFigure  # noqa: E402


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def visits():
    return indicator("ASC1", owner=officer("olive"), unit="number", target=100)


def give(row, cells):
    service.write(row, cells, None, "test")


@pytest.fixture
def signed_off(visits):
    ward = wards(visits)
    row = result(visits, status=ResultStatus.APPROVED, actual="120")
    give(row, figures(ward, {"Abbey": 60, "Brook": 3, "Castle": 40, "Dale": 17}))
    return row


def page(user, ind, **params) -> str:
    response = client_for(user).get(reverse("kpis:indicator", args=[ind.code]), params)
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> str:
    """The breakdown section only."""
    return html.split('id="breakdown"', 1)[1]


def test_the_performance_team_sees_every_figure(visits, signed_off):
    html = rows(page(performance_team(), visits))
    assert ">3<" in html and ">17<" in html and "[c]" not in html
    assert "You see every figure" in html


def test_a_councillor_sees_small_numbers_hidden_and_the_next_smallest_too(visits, signed_off):
    html = rows(page(user_in("cora", COUNCILLORS), visits))
    assert ">3<" not in html and ">17<" not in html  # Brook, and Dale so Brook cannot be worked out
    assert ">60<" in html and ">40<" in html
    assert html.count("[c]") >= 4  # two cells in the table, two bars in the chart
    assert "fewer than 5 people are not shown" in html
    assert "You see every figure" not in html


def test_the_owner_who_entered_the_figures_sees_every_one(visits, signed_off):
    html = rows(page(visits.owner, visits))
    assert ">3<" in html and "[c]" not in html


def test_another_officer_sees_small_numbers_hidden(visits, signed_off):
    html = rows(page(user_in("otto", OFFICERS), visits))
    assert ">3<" not in html and "[c]" in html


def test_the_councils_threshold_is_used(visits, signed_off):
    Council.objects.create(name="Northshire", suppression_threshold=20)
    html = rows(page(user_in("cora", COUNCILLORS), visits))
    assert ">17<" not in html and ">60<" in html
    assert "fewer than 20 people" in html


def test_an_unsigned_breakdown_is_not_shown_to_a_councillor(visits):
    ward = wards(visits)
    give(result(visits, actual="120"), figures(ward, {"Abbey": 60}))
    assert "No breakdown has been recorded" in rows(page(user_in("cora", COUNCILLORS), visits))
    assert ">60<" in rows(page(performance_team(), visits))


def test_a_period_can_be_chosen(visits, signed_off):
    ward = visits.dimensions.get()
    older = result(visits, status=ResultStatus.APPROVED, actual="80", period="2026-27-Q1")
    give(older, figures(ward, {"Abbey": 44, "Brook": 36}))
    team = performance_team()
    assert ">60<" in rows(page(team, visits))  # the latest by default
    chosen = rows(page(team, visits, breakdown="2026-27-Q1"))
    assert ">44<" in chosen and ">60<" not in chosen
    assert 'value="2026-27-Q1" selected' in chosen
    assert ">60<" in rows(page(team, visits, breakdown="nonsense"))


def test_an_indicator_without_a_dimension_has_no_breakdown_section(visits):
    assert 'id="breakdown"' not in page(performance_team(), visits)


def test_a_percentage_shows_the_people_behind_each_figure(visits):
    rate = indicator("ASC2", owner=officer("ola"))
    dim = ages(rate)
    row = result(rate, status=ResultStatus.APPROVED, actual="85")
    give(row, figures(dim, {"Under 18": "80", "18 to 64": "86", "65 and over": "90"},
                      {"Under 18": 4, "18 to 64": 400, "65 and over": 1200}))
    html = rows(page(user_in("cora", COUNCILLORS), rate))
    assert "Number of people" in html
    assert "1,200" in html and "400" not in html and "80.0%" not in html


def query_count(user, ind) -> int:
    client = client_for(user)
    url = reverse("kpis:indicator", args=[ind.code])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_the_categories(visits):
    few = dimension("Few", ["A", "B"], visits)
    row = result(visits, status=ResultStatus.APPROVED, actual="10")
    give(row, figures(few, {"A": 4, "B": 6}))
    team = performance_team()
    before = query_count(team, visits)
    many = dimension("Many", [f"Ward {n}" for n in range(40)], visits)
    give(row, tuple(BreakdownFigure(c.pk, n, None) for n, c in enumerate(many.categories.all())))
    assert query_count(team, visits) == before


def test_the_result_page_shows_its_own_periods_breakdown(visits, signed_off):
    url = reverse("kpis:result", args=[visits.code, PERIOD])
    html = rows(client_for(user_in("cora", COUNCILLORS)).get(url).content.decode())
    assert ">60<" in html and ">3<" not in html and "[c]" in html
    assert "Period of the breakdown" not in html
    html = rows(client_for(performance_team()).get(url).content.decode())
    assert ">3<" in html


def test_an_approver_of_the_service_sees_every_figure_they_sign_off(visits, signed_off):
    from tests.views.entry_helpers import approver

    html = rows(page(approver("alan"), visits))
    assert ">3<" in html and ">17<" in html and "[c]" not in html
