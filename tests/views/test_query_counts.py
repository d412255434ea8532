"""Every list page asks the database a fixed number of times, however big the register.

Each test counts the queries of a page over a register of 5 indicators, grows it to 50
(each new indicator with its own owner, team, targets, results in every status and the
people who entered them), and asks for the same count. Nothing here is timed: speed is
measured by ``make bench`` (docs/performance.md), never asserted in the suite.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kpis.models import Delegation, Indicator, Result, ResultStatus, ResultTransition
from reporting.periods import Period
from tests.factories import add_target, make_indicator, make_org_unit
from tests.views.entry_helpers import (
    HOUSING,
    PERIOD,
    approver,
    client_for,
    frozen,
    officer,
    performance_team,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 50
LATEST = Period.parse(PERIOD)  # Q2 2026/27: the latest quarter that has ended
EARLIER = [LATEST.shift(-n) for n in range(1, 4)]  # reported and approved
STATUSES = [ResultStatus.SUBMITTED, ResultStatus.DRAFT, ResultStatus.RETURNED,
            ResultStatus.APPROVED, None]  # None: not started (overdue)
GROWS = "grows with rows: being fixed in the speed work"


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def alan():
    return approver("alan", HOUSING)


@pytest.fixture
def petra():
    return performance_team("petra")


def grow_to(size: int) -> None:
    """Add indicators until the register has ``size``: each in a team of its own under
    Housing, owned and entered by its own officer, with a target, three approved quarters
    (one reported with the wrong RAG) and the latest quarter in one of every status."""
    for n in range(Indicator.objects.count(), size):
        owner = officer(f"owner{n}")
        team = make_org_unit(f"Place / Housing / Team {n}")
        ind = make_indicator(f"Q{n:03d}", owner=owner, accountable_officer=owner,
                             org_unit=team, title=f"Indicator {n}")
        add_target(ind, LATEST.fy.key, 90)
        add_target(ind, EARLIER[-1].fy.key, 85)
        for i, period in enumerate(EARLIER):
            Result.objects.create(
                indicator=ind, period=period.key, actual=Decimal(80 + i + n % 7),
                status=ResultStatus.APPROVED, entered_by=owner, commentary="Steady",
                reported_rag="GREEN" if n % 3 == 0 else "",
            )
        status = STATUSES[n % len(STATUSES)]
        if status is None:
            continue
        latest = Result.objects.create(
            indicator=ind, period=LATEST.key, actual=Decimal(70 + n % 30), status=status,
            entered_by=owner, commentary="Latest",
        )
        if status == ResultStatus.RETURNED:
            ResultTransition.objects.create(
                result=latest, from_status=ResultStatus.SUBMITTED, to_status=status,
                by=owner, at=timezone.now(), reason="Please check the figure",
            )


def queries(client, path: str, data: dict | None = None) -> tuple[int, int]:
    """How many queries the page made, and how long it was."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, data or {})
    assert response.status_code == 200
    return len(captured), len(response.content)


def same_count_at_both_sizes(client, path: str, data: dict | None = None) -> None:
    grow_to(SMALL)
    small, short = queries(client, path, data)
    grow_to(LARGE)
    large, long = queries(client, path, data)
    assert long > short  # the page shows the bigger register...
    assert large == small  # ...with the same queries


def test_the_scorecard_page(petra):
    same_count_at_both_sizes(client_for(petra), reverse("reporting:scorecard"))


def test_the_scorecard_page_filtered_and_grouped(petra):
    housing = make_org_unit(HOUSING)
    same_count_at_both_sizes(client_for(petra), reverse("reporting:scorecard"),
                             {"service": housing.pk, "level": "service_pi", "group": "pillar"})


def test_the_scorecard_page_filtered_by_rag_and_grouped_by_service(petra):
    same_count_at_both_sizes(client_for(petra), reverse("reporting:scorecard"),
                             {"rag": "AMBER", "group": "service", "period": EARLIER[0].key})


def test_the_scorecard_page_for_a_reader_of_signed_off_figures():
    reader = officer("reader")
    same_count_at_both_sizes(client_for(reader), reverse("reporting:scorecard"),
                             {"period": EARLIER[0].key})


def test_the_scorecard_csv(petra):
    same_count_at_both_sizes(client_for(petra), reverse("reporting:scorecard_csv",
                                                        args=[LATEST.key]))


def test_the_rag_audit_page(petra):
    same_count_at_both_sizes(client_for(petra), reverse("reporting:rag_audit"),
                             {"period": EARLIER[0].key})


def test_the_rag_audit_csv(petra):
    same_count_at_both_sizes(client_for(petra), reverse("reporting:rag_audit_csv",
                                                        args=[EARLIER[0].key]))


def test_the_home_page_for_the_performance_team(petra):
    same_count_at_both_sizes(client_for(petra), reverse("kpis:home"))


def test_the_performance_teams_worklist_filtered_and_paged(petra):
    housing = make_org_unit(HOUSING)
    same_count_at_both_sizes(client_for(petra), reverse("kpis:home"),
                             {"service": housing.pk, "overdue": "on", "page": 1})


def test_the_performance_teams_worklist_as_csv(petra):
    same_count_at_both_sizes(client_for(petra), reverse("kpis:home"), {"format": "csv"})


def test_completion_by_directorate_and_service(petra):
    """Every new indicator has a return due, so the counts grow; the queries do not."""
    same_count_at_both_sizes(client_for(petra), reverse("kpis:completion"))


def test_the_annual_review_for_the_performance_team(petra):
    same_count_at_both_sizes(client_for(petra), reverse("governance:annual_review"))


def test_the_annual_review_for_an_approver_filtered(alan):
    housing = make_org_unit(HOUSING)
    same_count_at_both_sizes(client_for(alan), reverse("governance:annual_review"),
                             {"service": housing.pk, "decision": "undecided"})


def test_the_home_page_for_an_approver(alan):
    same_count_at_both_sizes(client_for(alan), reverse("kpis:home"))


def test_the_home_page_for_an_officer_with_delegations():
    olive = officer("olive")
    client = client_for(olive)
    grow_to(SMALL)

    def delegate_all() -> None:
        for ind in Indicator.objects.exclude(delegations__delegate=olive):
            Delegation.objects.create(indicator=ind, delegate=olive,
                                      ends_on=date(2027, 3, 31), granted_by=ind.owner)

    delegate_all()
    small, short = queries(client, reverse("kpis:home"))
    grow_to(LARGE)
    delegate_all()
    large, long = queries(client, reverse("kpis:home"))
    assert (large, long > short) == (small, True)


def test_the_approvals_list(alan):
    same_count_at_both_sizes(client_for(alan), reverse("kpis:approvals"))


def test_the_approvals_list_as_csv(alan):
    same_count_at_both_sizes(client_for(alan), reverse("kpis:approvals"), {"format": "csv"})


def test_the_indicator_page_as_its_results_history_and_delegates_grow(petra):
    """One indicator's page lists its recent results, its delegates, its children and
    the history of every change: 4 of each, then 20."""
    owner = officer("owner")
    parent = make_indicator("PARENT", owner=owner, org_unit=make_org_unit(HOUSING),
                            aggregation="sum", polarity="lower", unit="number")
    add_target(parent, LATEST.fy.key, 90)
    client = client_for(petra)
    path = reverse("kpis:indicator", args=[parent.code])

    def grow(size: int) -> None:
        for n in range(parent.children.count(), size):
            person = officer(f"person{n}")
            make_indicator(f"CHILD{n:02d}", owner=person, parent=parent,
                           org_unit=make_org_unit(f"Place / Housing / Team {n}"))
            Delegation.objects.create(indicator=parent, delegate=person,
                                      ends_on=date(2027, 3, 31) + timedelta(days=n),
                                      granted_by=owner)
            period = LATEST.shift(-n)
            result = Result(indicator=parent, period=period.key, actual=Decimal(n),
                            status=ResultStatus.APPROVED, entered_by=person)
            result._history_user = person
            result.save()
            add_target(parent, period.key, 50 + n)

    grow(4)
    small, short = queries(client, path)
    grow(20)
    large, long = queries(client, path)
    assert (large, long > short) == (small, True)
