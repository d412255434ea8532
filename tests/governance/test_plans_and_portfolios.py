"""The plans register, the reporting matrix derived from the committees' remits (on screen
and as XLSX, formulas neutralised), and Cabinet portfolios: the scorecard filter, a
committee remit by portfolio and the holder's own link."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from governance.committees import candidates, remit_of
from governance.matrix import Board, MatrixRow, PlanLinks, build_matrix, reporting_matrix
from governance.models import Committee, PlanOrStrategy
from governance.remits import Candidate, Remit
from kpis.models import Portfolio
from tests.factories import make_org_unit
from tests.governance.members_helpers import make_panel
from tests.views.entry_helpers import client_for, frozen, indicator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def panel():
    panel = make_panel()
    panel.committee.remit_org_units.set([make_org_unit("Place")])
    panel.roads = indicator("RD1", org="Environment / Highways", title="Potholes repaired")
    return panel


# --- the matrix, as plain Python ------------------------------------------------------------


def test_the_matrix_has_a_row_per_directorate_plan_and_finance_for_each_board():
    boards = [Board("Cabinet", "Cabinet", "Six-monthly, at Q2 and Q4", frozenset({1, 2, 3}),
                    takes_finance=True),
              Board("Audit", "Audit committee", "Quarterly", frozenset({3}),
                    exceptions_only=True)]
    plans = [PlanLinks("Local Transport Plan", "Plan", "Place", frozenset({2, 9})),
             PlanLinks("Digital Strategy", "Strategy", "", frozenset())]
    rows = build_matrix(boards, {1: "People", 2: "Place", 3: "Place"}, plans)
    assert rows == [
        MatrixRow("Performance indicators", "Indicators", "Cabinet", "Cabinet",
                  "Six-monthly, at Q2 and Q4", "People", 1),
        MatrixRow("Performance indicators", "Indicators", "Cabinet", "Cabinet",
                  "Six-monthly, at Q2 and Q4", "Place", 2),
        MatrixRow("Local Transport Plan", "Plan", "Cabinet", "Cabinet",
                  "Six-monthly, at Q2 and Q4", "Place", 1),
        MatrixRow("Revenue budget position", "Finance", "Cabinet", "Cabinet",
                  "Six-monthly, at Q2 and Q4", "Council-wide", 0),
        MatrixRow("Performance indicators", "Indicators", "Audit", "Audit committee",
                  "Quarterly (exceptions only)", "Place", 1),
    ]


def test_the_matrix_follows_the_remits_and_the_register(panel):
    PlanOrStrategy.objects.create(title="Housing Strategy", directorate=make_org_unit("Place")
                                  ).indicators.set([panel.indicator])
    rows = reporting_matrix()
    assert [(r.what, r.board, r.directorate, r.indicators) for r in rows] == [
        ("Performance indicators", "Place Overview and Scrutiny Panel", "Place", 2),
        ("Housing Strategy", "Place Overview and Scrutiny Panel", "Place", 1),
    ]
    panel.committee.remit_org_units.set([make_org_unit("Environment")])
    assert [(r.what, r.directorate) for r in reporting_matrix()] == [
        ("Performance indicators", "Environment")]


def test_the_matrix_page_and_its_xlsx_neutralise_formulas(panel):
    PlanOrStrategy.objects.create(title="=HYPERLINK(\"http://x\")").indicators.set(
        [panel.indicator])
    client = client_for(panel.councillor)
    body = client.get(reverse("governance:reporting_matrix")).content.decode()
    assert "Place Overview and Scrutiny Panel" in body
    response = client.get(reverse("governance:reporting_matrix_xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="reporting-matrix.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value}
    formula = cells['=HYPERLINK("http://x")']
    assert formula.data_type == "s" and formula.quotePrefix
    assert sheet["A2"].value == "What is reported"


def test_the_matrix_costs_the_same_queries_for_few_or_many_committees(panel):
    client = client_for(panel.councillor)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("governance:reporting_matrix"))
    for n in range(10):
        Committee.objects.create(name=f"Panel {n}", slug=f"panel-{n}", kind="scrutiny")
        PlanOrStrategy.objects.create(title=f"Plan {n}").indicators.set([panel.indicator])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("governance:reporting_matrix"))
    assert len(many) == len(few)


# --- the plans register ---------------------------------------------------------------------


def test_the_register_lists_plans_with_owners_reviews_and_measures(panel):
    PlanOrStrategy.objects.create(title="Housing Strategy", owner=panel.approver,
                                  review_on=date(2026, 11, 1)).indicators.set(
        [panel.indicator, panel.other])
    PlanOrStrategy.objects.create(title="Digital Strategy", review_on=date(2027, 6, 1))
    body = client_for(panel.owner).get(reverse("governance:plans")).content.decode()
    assert "Housing Strategy" in body and "Digital Strategy" in body
    assert body.count("Review overdue") == 1
    plan = PlanOrStrategy.objects.get(title="Housing Strategy")
    page = client_for(panel.owner).get(reverse("governance:plan", args=[plan.pk]))
    assert "HOU1" in page.content.decode() and "HOU2" in page.content.decode()


def test_the_register_costs_the_same_queries_for_few_or_many_plans(panel):
    client = client_for(panel.owner)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("governance:plans"))
    for n in range(20):
        PlanOrStrategy.objects.create(title=f"Plan {n}", owner=panel.approver,
                                      directorate=make_org_unit("Place"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("governance:plans"))
    assert len(many) == len(few)


# --- portfolios -----------------------------------------------------------------------------


@pytest.fixture
def portfolios(panel):
    housing = Portfolio.objects.create(name="Housing and Communities", slug="housing",
                                       holder=panel.councillor)
    roads = Portfolio.objects.create(name="Highways", slug="highways")
    panel.indicator.portfolio = housing
    panel.indicator.save()
    panel.roads.portfolio = roads
    panel.roads.save()
    return housing, roads


def codes_on_scorecard(client, **query) -> set[str]:
    body = client.get(reverse("reporting:scorecard"), query).content.decode()
    return {code for code in ("HOU1", "HOU2", "RD1") if f">{code}<" in body}


def test_the_scorecard_filters_by_portfolio(panel, portfolios):
    client = client_for(panel.councillor)
    assert codes_on_scorecard(client, portfolio="housing") == {"HOU1"}
    assert codes_on_scorecard(client, portfolio="highways") == {"RD1"}
    assert codes_on_scorecard(client) == {"HOU1", "HOU2", "RD1"}


def test_a_portfolio_holder_finds_their_portfolios_scorecard(panel, portfolios):
    body = client_for(panel.councillor).get(reverse("governance:portfolios")).content.decode()
    assert "Your portfolio" in body and "?portfolio=housing" in body
    body = client_for(panel.owner).get(reverse("governance:portfolios")).content.decode()
    assert "Your portfolio" not in body and "Vacant" in body


def test_a_remit_by_portfolio_selects_its_indicators(panel, portfolios):
    housing, _ = portfolios
    cabinet = Committee.objects.create(name="Cabinet", slug="cabinet", kind="cabinet")
    cabinet.remit_portfolios.set([housing])
    chosen = remit_of(cabinet).select(candidates())
    assert chosen == [panel.indicator.pk]
    body = client_for(panel.owner).get(reverse("governance:committee", args=["cabinet"])
                                       ).content.decode()
    assert "Cabinet portfolios: Housing and Communities" in body


def test_the_portfolio_rule_in_plain_python():
    remit = Remit(portfolio_ids=frozenset({7}))
    base = Candidate(1, "service_pi", False, frozenset(), "Place")
    assert remit.includes(Candidate(1, "service_pi", False, frozenset(), "Place",
                                    portfolio_id=7))
    assert not remit.includes(base)
    assert not remit.is_hand_picked_only
    assert Remit().includes(base)


def test_the_council_dashboard_filters_by_portfolio_too(panel, portfolios):
    client = client_for(panel.councillor)
    body = client.get(reverse("reporting:dashboard_council"), {"portfolio": "highways",
                                                                 "all": "yes"}).content.decode()
    assert "RD1" in body and "HOU1" not in body
    body = client.get(reverse("reporting:dashboard_council"), {"all": "yes"}).content.decode()
    assert "RD1" in body and "HOU1" in body
