"""The performance team's calendar of committee packs: due, and what is still missing."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.committees import packs_due
from governance.models import Committee, Meeting, RemitIndicator, ReportingPeriod
from kpis.models import Indicator
from tests.factories import add_result, make_indicator, make_org_unit
from tests.views.entry_helpers import (
    TODAY,
    client_for,
    frozen,
    officer,
    performance_team,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


def committee(slug: str, **fields) -> Committee:
    fields.setdefault("kind", Committee.Kind.OFFICER_BOARD)
    return Committee.objects.create(name=slug.upper(), slug=slug, **fields)


def test_a_pack_counts_the_results_its_remit_still_needs():
    cog = committee("cog", corporate_only=True)
    Meeting.objects.create(committee=cog, period="2026-27-Q2", date=date(2026, 12, 10))
    entered = make_indicator("K1", is_corporate=True)
    add_result(entered, "2026-27-Q2", 90)
    waiting = make_indicator("K2", is_corporate=True)
    add_result(waiting, "2026-27-Q2", 80, status="submitted")
    make_indicator("K3", is_corporate=True)  # nothing entered
    monthly = make_indicator("K4", is_corporate=True, frequency="monthly")
    add_result(monthly, "2026-09", 70)  # Q2's report shows September
    make_indicator("S1")  # not corporate: not COG's
    [pack] = packs_due(TODAY)
    assert (pack.indicators, pack.not_entered, pack.not_signed_off) == (4, 1, 1)
    assert pack.meeting.papers_due == date(2026, 12, 3)
    assert not pack.ready and pack.issued_on is None


def test_hand_picked_indicators_and_an_issued_report_are_shown():
    cabinet = committee("cabinet", kind=Committee.Kind.CABINET, frequency="six_monthly",
                        reporting_quarters="2, 4", remit_levels=["corporate_plan_measure"])
    Meeting.objects.create(committee=cabinet, period="2026-27-Q2", date=date(2026, 12, 10))
    measure = make_indicator("CP1", level=Indicator.Level.CORPORATE_PLAN_MEASURE)
    add_result(measure, "2026-27-Q2", 1)
    picked = make_indicator("S9")
    add_result(picked, "2026-27-Q2", 1)
    RemitIndicator.objects.create(committee=cabinet, indicator=picked, agreed_by="COG")
    ReportingPeriod.objects.create(period="2026-27-Q2", entry_deadline=date(2026, 10, 28),
                                   signoff_deadline=date(2026, 11, 11),
                                   issued_on=date(2026, 11, 20))
    [pack] = packs_due(TODAY)
    assert (pack.indicators, pack.not_entered, pack.not_signed_off) == (2, 0, 0)
    assert pack.ready and pack.issued_on == date(2026, 11, 20)


def test_an_exceptions_only_remit_takes_only_exceptions():
    audit = committee("audit", kind=Committee.Kind.AUDIT, exceptions_only=True)
    Meeting.objects.create(committee=audit, period="2026-27-Q2", date=date(2026, 12, 10))
    from tests.factories import add_target

    red = make_indicator("R1")
    add_target(red, "2026-27", 90)
    add_result(red, "2026-27-Q2", 10)
    green = make_indicator("G1")
    add_target(green, "2026-27", 90)
    add_result(green, "2026-27-Q2", 95)
    [pack] = packs_due(TODAY)
    assert pack.indicators == 1


def test_the_page_is_for_the_performance_team_only():
    assert client_for(officer()).get(reverse("governance:packs_due")).status_code == 403
    page = client_for(performance_team()).get(reverse("governance:packs_due"))
    assert page.status_code == 200
    assert "Committee packs due" in page.content.decode()


def queries_for_packs(indicators: int) -> int:
    unit = make_org_unit("Place / Highways")
    start = Indicator.objects.count()
    for n in range(start, start + indicators):
        ind = make_indicator(f"Q{n}", is_corporate=True, org_unit=unit)
        add_result(ind, "2026-27-Q2", n)
    client = client_for(performance_team(f"petra{indicators}"))
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("governance:packs_due"))
    assert response.status_code == 200
    return len(context)


def test_the_page_takes_the_same_number_of_queries_however_big_the_register():
    for slug in ("cog", "clt", "cbb"):
        c = committee(slug, corporate_only=True)
        Meeting.objects.create(committee=c, period="2026-27-Q2", date=date(2026, 12, 10))
    assert queries_for_packs(5) == queries_for_packs(50)
