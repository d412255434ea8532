"""Escalating a performance issue: service to directorate to corporate, by whoever signs the
indicator off, visible on the receiving board's page and in its pack."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from governance import members
from governance.models import Committee, Escalation
from governance.packs import pack_data
from reporting.periods import Period
from tests.governance.members_helpers import make_panel
from tests.views.entry_helpers import client_for, frozen

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 10, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def panel():
    panel = make_panel()
    panel.dlt = Committee.objects.create(name="Place Directorate Leadership Team", slug="dlt",
                                         kind=Committee.Kind.OFFICER_BOARD)
    panel.cog = Committee.objects.create(name="Chief Officer Group", slug="cog",
                                         kind=Committee.Kind.OFFICER_BOARD)
    return panel


def url(panel) -> str:
    return reverse("governance:escalation_new", args=[panel.indicator.code, "2026-27-Q2"])


def test_it_escalates_an_issue_from_the_service_to_the_directorate(panel):
    response = client_for(panel.approver).post(url(panel), {
        "to_board": panel.dlt.pk, "reason": "Red twice; the plan has not worked."})
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:committee", args=["dlt"])
    found = Escalation.objects.get()
    assert (found.from_level, found.to_level, found.to_board, found.escalated_by) == (
        "service", "directorate", panel.dlt, panel.approver)
    assert found.period == "2026-27-Q2" and found.reason == "Red twice; the plan has not worked."


def test_it_carries_the_issue_on_to_the_corporate_level_then_no_further(panel):
    first = members.escalate(indicator=panel.indicator, period="2026-27-Q2", to_board=panel.dlt,
                             reason="Red twice", user=panel.approver, now=NOW)
    second = members.escalate(indicator=panel.indicator, period="2026-27-Q2",
                              to_board=panel.cog, reason="Still failing", user=panel.approver,
                              now=NOW)
    assert (second.from_level, second.to_level, second.previous) == (
        "directorate", "corporate", first)
    with pytest.raises(members.RequestRefused, match="already escalated to the corporate"):
        members.escalate(indicator=panel.indicator, period="2026-27-Q2", to_board=panel.cog,
                         reason="Again", user=panel.approver, now=NOW)


def test_a_resolved_escalation_lets_a_new_issue_start_at_the_service_again(panel):
    first = members.escalate(indicator=panel.indicator, period="2026-27-Q2", to_board=panel.dlt,
                             reason="Red twice", user=panel.approver, now=NOW)
    members.resolve(first, "Recovered in October", panel.performance, date(2026, 11, 21))
    again = members.escalate(indicator=panel.indicator, period="2026-27-Q2", to_board=panel.dlt,
                             reason="Red again", user=panel.approver, now=NOW)
    assert again.from_level == "service"
    with pytest.raises(members.RequestRefused, match="already resolved"):
        members.resolve(first, "Twice", panel.performance, date(2026, 11, 22))


@pytest.mark.parametrize("who", ["owner", "colleague", "councillor"])
def test_it_lets_only_those_who_sign_it_off_escalate(panel, who):
    client = client_for(getattr(panel, who))
    assert client.get(url(panel)).status_code == 403
    assert client.post(url(panel), {"to_board": panel.dlt.pk, "reason": "x"}).status_code == 403
    assert not Escalation.objects.exists()


def test_it_refuses_an_escalation_without_a_reason(panel):
    response = client_for(panel.performance).post(url(panel), {"to_board": panel.dlt.pk,
                                                               "reason": ""})
    assert response.status_code == 400
    assert "Say why the issue is escalated" in response.content.decode()
    assert not Escalation.objects.exists()


def test_the_receiving_board_sees_it_on_its_page_and_in_its_pack(panel):
    members.escalate(indicator=panel.indicator, period="2026-27-Q2", to_board=panel.dlt,
                     reason="Contractor failing", user=panel.approver, now=NOW)
    body = client_for(panel.councillor).get(
        reverse("governance:committee", args=["dlt"])).content.decode()
    assert "Contractor failing" in body and "HOU1" in body
    other = client_for(panel.councillor).get(
        reverse("governance:committee", args=["cog"])).content.decode()
    assert "Contractor failing" not in other
    data = pack_data(panel.dlt, Period.parse("2026-27-Q2"), date(2026, 11, 23))
    assert data["escalations"] == [{
        "code": "HOU1", "title": "Homes let within 28 days", "service": "Place / Housing",
        "period": "Q2 2026/27", "from": "Service", "to": "Directorate",
        "reason": "Contractor failing", "by": "alan", "at": "20 November 2026",
    }]


def test_the_escalations_page_lists_every_issue_for_everyone(panel):
    members.escalate(indicator=panel.indicator, period="2026-27-Q2", to_board=panel.dlt,
                     reason="Contractor failing", user=panel.approver, now=NOW)
    body = client_for(panel.owner).get(reverse("governance:escalations")).content.decode()
    assert "Contractor failing" in body and "Place Directorate Leadership Team" in body


def test_the_board_notes_page_offers_escalation_to_those_who_may(panel):
    from decimal import Decimal

    from kpis.models import Result

    Result.objects.create(indicator=panel.indicator, period="2026-27-Q2",
                          actual=Decimal(50), status="approved")
    page = reverse("governance:board_notes", args=["place-scrutiny", "2026-27-Q2"])
    assert url(panel) in client_for(panel.approver).get(page).content.decode()
    assert url(panel) not in client_for(panel.councillor).get(page).content.decode()
