"""The dashboards ask the database a fixed number of times, however many indicators:
5 and then 50, each with targets and results in every status (tests/views/test_query_counts)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from governance.models import Committee
from kpis.models import Indicator, OrgUnit
from tests.factories import make_org_unit
from tests.views.entry_helpers import HOUSING, client_for, frozen, officer, performance_team
from tests.views.test_query_counts import EARLIER, grow_to, queries, same_count_at_both_sizes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


def test_the_council_dashboard():
    same_count_at_both_sizes(client_for(performance_team()), reverse("reporting:dashboard_council"))


def test_the_council_dashboard_for_a_reader_of_signed_off_figures_a_month_back():
    same_count_at_both_sizes(client_for(officer("reader")),
                             reverse("reporting:dashboard_council"), {"period": "2026-08"})


def test_the_council_dashboard_filtered():
    housing = make_org_unit(HOUSING)
    same_count_at_both_sizes(
        client_for(performance_team()), reverse("reporting:dashboard_council"),
        {"directorate": housing.parent_id, "service": housing.pk, "period": EARLIER[0].key},
    )


def test_a_committee_dashboard():
    committee = Committee.objects.create(name="Place Scrutiny", slug="place", kind="scrutiny")
    committee.remit_org_units.add(make_org_unit(HOUSING))
    same_count_at_both_sizes(client_for(performance_team()),
                             reverse("reporting:dashboard_committee", args=["place"]))


def test_a_service_dashboard():
    housing = make_org_unit(HOUSING)
    same_count_at_both_sizes(client_for(performance_team()),
                             reverse("reporting:dashboard_unit", args=[housing.pk]))


def test_my_indicators():
    me = performance_team()
    client = client_for(me)
    path = reverse("reporting:dashboard_mine")
    grow_to(5)
    Indicator.objects.update(owner=me)
    small, _ = queries(client, path)
    grow_to(50)
    Indicator.objects.update(owner=me)
    large, _ = queries(client, path)
    assert large == small


def test_the_list_of_dashboards():
    client, path = client_for(performance_team()), reverse("reporting:dashboards")
    grow_to(5)
    small, _ = queries(client, path)
    for n in range(10):
        make_org_unit(f"Directorate {n} / Service {n}")
    large, _ = queries(client, path)
    assert large == small and OrgUnit.objects.count() > 20
