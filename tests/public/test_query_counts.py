"""The public pages and files ask the database a fixed number of times, however many
indicators are published (5, then 50, each with its own owner, team, pillar, targets,
signed-off figures in every issued quarter, a correction, and unsigned work besides).
Nothing here is timed (``make bench`` measures speed)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from governance.models import ReportingPeriod
from kpis import entry
from kpis.models import CorporatePlan, Indicator, Pillar, Result, ResultStatus
from tests.factories import add_target, make_indicator, make_org_unit
from tests.views.entry_helpers import TODAY, frozen, officer, performance_team

pytestmark = pytest.mark.django_db

QUARTERS = ["2025-26-Q1", "2025-26-Q2", "2025-26-Q3", "2025-26-Q4", "2026-27-Q1"]
SMALL, LARGE = 5, 50


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def calendar():
    for n, key in enumerate(QUARTERS):
        ReportingPeriod.objects.create(period=key, entry_deadline=date(2025, 1, 1),
                                       signoff_deadline=date(2025, 1, 1),
                                       issued_on=date(2025, 8, 19 + n))
    plan = CorporatePlan.objects.create(title="Plan", starts="2024-25", ends="2027-28")
    return performance_team("petra"), plan


def grow_to(size: int, petra, plan) -> None:
    for n in range(Indicator.objects.count(), size):
        owner = officer(f"owner{n}", first_name=f"First{n}", last_name=f"Last{n}")
        pillar = Pillar.objects.create(plan=plan, number=n + 1, title=f"Pillar {n}")
        ind = make_indicator(f"P{n:03d}", owner=owner, accountable_officer=owner,
                             org_unit=make_org_unit(f"Place / Service {n} / Team {n}"),
                             published=True, title=f"Indicator {n}",
                             frequency="monthly" if n % 5 == 4 else "quarterly")
        ind.pillars.add(pillar)
        add_target(ind, "2025-26", 80)
        add_target(ind, "2026-27", 85)
        if ind.frequency == "monthly":
            continue  # published, with no figure for an issued period
        for period in QUARTERS:
            Result.objects.create(indicator=ind, period=period, actual=Decimal(75 + n % 20),
                                  status=ResultStatus.APPROVED, entered_by=owner,
                                  commentary=f"Steady {n}")
        Result.objects.create(indicator=ind, period="2026-27-Q2", actual=Decimal(1),
                              status=ResultStatus.SUBMITTED, entered_by=owner)
        if n % 3 == 0:
            result = Result.objects.get(indicator=ind, period="2026-27-Q1")
            entry.correct_after_issue(petra, result, result.actual + 1, "Corrected", "Typo",
                                      TODAY, now=datetime(2026, 11, 1, tzinfo=ZoneInfo("UTC")))


def queries(path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(path)
        content = b"".join(response) if response.streaming else response.content
    assert response.status_code == 200
    return len(captured), len(content)


@pytest.mark.parametrize("path", [
    "/public/", "/public/?period=2025-26-Q3", "/public/indicators/P000/", "/public/data/",
    "/public/data/indicators.csv", "/public/data/indicators.json",
])
def test_the_same_queries_however_many_indicators_are_published(calendar, path):
    grow_to(SMALL, *calendar)
    small, short = queries(path)
    grow_to(LARGE, *calendar)
    large, long = queries(path)
    if "indicators/" not in path:
        assert long > short  # the page shows the bigger register...
    assert large == small  # ...with the same queries
