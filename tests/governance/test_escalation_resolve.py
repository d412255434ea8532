"""Resolving an escalated performance issue, and carrying an open one further: who may
(one check, ``permissions.can_resolve_escalation``), what is refused and changes nothing,
who did it (the history), and the pages that show escalations in a fixed number of
queries however many there are."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import members
from governance.models import Committee, Escalation
from kpis.roles import COUNCILLORS
from reporting.periods import Period
from tests.governance.members_helpers import make_panel
from tests.views.entry_helpers import approver, client_for, frozen, indicator, user_in

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 10, tzinfo=UTC)
TODAY = date(2026, 11, 23)
Q2 = "2026-27-Q2"


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
    panel.director = approver("dora", "Place", first_name="Dora", last_name="Day")
    panel.other_director = approver("rhys", "Resources")
    # A councillor who is, by a slip in the admin, named an approver of the directorate.
    panel.member_approver = user_in("cerys", COUNCILLORS)
    panel.director.approves_for.first().approvers.add(panel.member_approver)
    return panel


def to_directorate(panel, reason="Red twice; the plan has not worked."):
    return members.escalate(indicator=panel.indicator, period=Q2, to_board=panel.dlt,
                            reason=reason, user=panel.approver, now=NOW)


def to_corporate(panel, first=None):
    first = first or to_directorate(panel)
    return members.escalate(indicator=panel.indicator, period=Q2, to_board=panel.cog,
                            reason="The directorate cannot fix it", user=panel.director,
                            now=NOW, further=first)


def resolve_url(escalation) -> str:
    return reverse("governance:escalation_resolve", args=[escalation.pk])


def further_url(escalation) -> str:
    return reverse("governance:escalation_further", args=[escalation.pk])


# --- who may resolve --------------------------------------------------------------------


@pytest.mark.parametrize(("who", "allowed"), [
    ("performance", True),
    ("director", True),  # approves for the indicator's directorate: the receiving level
    ("approver", False),  # approves for the service only: the level below
    ("other_director", False),
    ("owner", False),
    ("colleague", False),
    ("councillor", False),
    ("member_approver", False),  # a councillor never, whatever the admin says
])
def test_who_may_resolve_a_directorate_escalation(panel, who, allowed):
    escalation = to_directorate(panel)
    client = client_for(getattr(panel, who))
    assert (client.get(resolve_url(escalation)).status_code == 200) is allowed
    response = client.post(resolve_url(escalation), {"resolution": "Agreed a recovery plan"})
    assert response.status_code == (302 if allowed else 403)
    escalation.refresh_from_db()
    assert (escalation.resolved_on is not None) is allowed
    if not allowed:
        assert escalation.resolution == "" and escalation.history.count() == 1


@pytest.mark.parametrize(("who", "allowed"), [
    ("performance", True), ("director", False), ("approver", False), ("councillor", False),
])
def test_only_the_performance_team_resolves_a_corporate_escalation(panel, who, allowed):
    corporate = to_corporate(panel)
    response = client_for(getattr(panel, who)).post(resolve_url(corporate),
                                                    {"resolution": "COG agreed funding"})
    assert response.status_code == (302 if allowed else 403)


def test_signed_out_people_are_sent_to_sign_in(panel):
    from django.test import Client

    escalation = to_directorate(panel)
    response = Client().post(resolve_url(escalation), {"resolution": "x"})
    assert response.status_code == 302 and "login" in response["Location"]
    escalation.refresh_from_db()
    assert escalation.resolved_on is None


# --- what resolving records ---------------------------------------------------------------


def test_resolving_records_the_note_who_and_when_and_keeps_it_in_the_history(panel):
    escalation = to_directorate(panel)
    response = client_for(panel.director).post(
        resolve_url(escalation), {"resolution": "  The DLT agreed agency cover.  "})
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:escalations") + "?board=dlt&status=resolved"
    escalation.refresh_from_db()
    assert (escalation.resolved_on, escalation.resolution, escalation.resolved_by) == (
        TODAY, "The DLT agreed agency cover.", panel.director)
    history = list(escalation.history.order_by("history_date"))
    assert [(h.history_type, h.history_user) for h in history] == [
        ("+", panel.approver), ("~", panel.director)]
    assert history[0].resolved_on is None and history[1].resolved_by == panel.director


def test_an_empty_note_is_refused_and_nothing_is_saved(panel):
    escalation = to_directorate(panel)
    response = client_for(panel.performance).post(resolve_url(escalation),
                                                  {"resolution": "   "})
    assert response.status_code == 400
    assert "Say how the issue was resolved" in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.resolved_on is None and escalation.resolved_by is None
    assert escalation.history.count() == 1


def test_an_escalation_already_resolved_is_refused_and_keeps_its_resolution(panel):
    escalation = to_directorate(panel)
    members.resolve(escalation, "First answer", panel.director, date(2026, 11, 21))
    response = client_for(panel.performance).post(resolve_url(escalation),
                                                  {"resolution": "Second answer"})
    assert response.status_code == 400
    assert "This escalation is already resolved" in response.content.decode()
    escalation.refresh_from_db()
    assert (escalation.resolution, escalation.resolved_by, escalation.resolved_on) == (
        "First answer", panel.director, date(2026, 11, 21))
    assert escalation.history.count() == 2


def test_an_issue_carried_further_is_resolved_at_the_level_above_and_not_below(panel):
    corporate = to_corporate(panel)
    below = corporate.previous
    response = client_for(panel.performance).post(resolve_url(below), {"resolution": "x"})
    assert response.status_code == 400
    assert "escalated further, to the corporate level (Chief Officer Group)" in \
        response.content.decode()
    below.refresh_from_db()
    assert below.resolved_on is None


def test_resolving_at_the_corporate_level_resolves_the_directorate_escalation_too(panel):
    corporate = to_corporate(panel)
    client_for(panel.performance).post(resolve_url(corporate),
                                       {"resolution": "COG agreed funding"})
    below = Escalation.objects.get(pk=corporate.previous_id)
    assert (below.resolved_on, below.resolved_by) == (TODAY, panel.performance)
    assert below.resolution == ("Resolved at the corporate level (Chief Officer Group): "
                                "COG agreed funding")
    assert below.history.latest().history_user == panel.performance


# --- escalating further ----------------------------------------------------------------------


def test_a_director_carries_an_open_escalation_on_to_the_corporate_level(panel):
    first = to_directorate(panel)
    client = client_for(panel.director)
    assert client.get(further_url(first)).status_code == 200
    response = client.post(further_url(first), {"to_board": panel.cog.pk,
                                                "reason": "Beyond the directorate"})
    assert response.status_code == 302
    second = Escalation.objects.exclude(pk=first.pk).get()
    assert (second.previous, second.from_level, second.to_level, second.to_board,
            second.escalated_by) == (first, "directorate", "corporate", panel.cog,
                                     panel.director)
    assert second.history.get().history_user == panel.director


def test_escalating_further_twice_or_from_a_resolved_one_is_refused(panel):
    corporate = to_corporate(panel)
    client = client_for(panel.performance)
    response = client.post(further_url(corporate.previous),
                           {"to_board": panel.committee.pk, "reason": "Again"})
    assert response.status_code == 400
    assert "already escalated to the corporate level" in response.content.decode()
    response = client.post(further_url(corporate), {"to_board": panel.dlt.pk, "reason": "Up"})
    assert response.status_code == 400
    other = members.escalate(indicator=panel.other, period=Q2, to_board=panel.dlt,
                             reason="x", user=panel.performance, now=NOW)
    members.resolve(other, "Done", panel.performance, TODAY)
    response = client.post(further_url(other), {"to_board": panel.cog.pk, "reason": "Up"})
    assert response.status_code == 400 and "already resolved" in response.content.decode()
    assert Escalation.objects.count() == 3


@pytest.mark.parametrize("who", ["owner", "colleague", "councillor"])
def test_only_those_who_sign_it_off_escalate_further(panel, who):
    first = to_directorate(panel)
    client = client_for(getattr(panel, who))
    assert client.get(further_url(first)).status_code == 403
    assert client.post(further_url(first), {"to_board": panel.cog.pk,
                                            "reason": "x"}).status_code == 403
    assert Escalation.objects.count() == 1


# --- where escalations are shown ----------------------------------------------------------------


def test_the_list_filters_open_and_resolved_and_by_board(panel):
    first = to_directorate(panel, reason="Contractor failing")
    members.escalate(indicator=panel.other, period=Q2, to_board=panel.cog,
                     reason="Rent arrears rising", user=panel.performance, now=NOW)
    members.resolve(first, "Contractor replaced", panel.director, TODAY)
    client = client_for(panel.owner)
    page = client.get(reverse("governance:escalations")).content.decode()
    assert "Rent arrears rising" in page and "Contractor failing" not in page
    page = client.get(reverse("governance:escalations"), {"status": "resolved"}).content.decode()
    assert "Contractor replaced" in page and "Rent arrears rising" not in page
    assert "Dora Day" in page
    page = client.get(reverse("governance:escalations"),
                      {"status": "all", "board": "dlt"}).content.decode()
    assert "Contractor failing" in page and "Rent arrears rising" not in page


def test_the_list_offers_resolving_only_to_those_who_may(panel):
    escalation = to_directorate(panel)
    listed = reverse("governance:escalations")
    assert resolve_url(escalation) in client_for(panel.director).get(listed).content.decode()
    assert resolve_url(escalation) not in client_for(panel.councillor).get(
        listed).content.decode()
    board = client_for(panel.director).get(reverse("governance:committee", args=["dlt"]))
    assert resolve_url(escalation) in board.content.decode()
    assert further_url(escalation) in board.content.decode()


def test_the_list_is_paged(panel):
    for n in range(27):
        members.escalate(indicator=indicator(f"P{n:02d}"), period=Q2, to_board=panel.dlt,
                         reason=f"Issue {n}", user=panel.performance, now=NOW)
    client = client_for(panel.owner)
    first = client.get(reverse("governance:escalations")).content.decode()
    assert "Showing 1 to 25 of 27" in first
    second = client.get(reverse("governance:escalations"), {"page": 2}).content.decode()
    assert "Showing 26 to 27 of 27" in second


def test_the_indicator_page_shows_its_escalation_history(panel):
    corporate = to_corporate(panel)
    members.resolve(corporate, "COG agreed funding", panel.performance, TODAY)
    page = client_for(panel.councillor).get(
        reverse("kpis:indicator", args=[panel.indicator.code])).content.decode()
    assert "COG agreed funding" in page and "Red twice; the plan has not worked." in page
    assert "Directorate to corporate" in page and "Service to directorate" in page


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _escalations(panel, n: int, start: int = 0) -> None:
    """n escalations to the directorate board on HOU1 (one period each, every other one
    carried on to the corporate level) and others resolved."""
    period = Period.parse("2020-21-Q1")
    for k in range(start, start + n):
        at = period.shift(k).key
        first = members.escalate(indicator=panel.indicator, period=at, to_board=panel.dlt,
                                 reason=f"Issue {k}", user=panel.approver, now=NOW)
        if k % 3 == 1:
            members.escalate(indicator=panel.indicator, period=at, to_board=panel.cog,
                             reason="On", user=panel.director, now=NOW, further=first)
        elif k % 3 == 2:
            members.resolve(first, "Done", panel.director, TODAY)


@pytest.mark.parametrize("where", ["list", "all", "board", "indicator"])
def test_escalation_pages_ask_the_same_queries_for_5_or_50(panel, where):
    client = client_for(panel.director)
    path = {
        "list": reverse("governance:escalations"),
        "all": reverse("governance:escalations") + "?status=all&board=dlt",
        "board": reverse("governance:committee", args=["dlt"]),
        "indicator": reverse("kpis:indicator", args=[panel.indicator.code]),
    }[where]
    _escalations(panel, 5)
    five = _queries(client, path)
    _escalations(panel, 45, start=5)
    assert Escalation.objects.filter(to_board=panel.dlt).count() == 50
    assert _queries(client, path) == five


def test_an_issue_is_not_escalated_to_the_board_that_has_it(panel):
    first = to_directorate(panel)
    with pytest.raises(members.RequestRefused, match="Place Directorate Leadership Team has it "
                       "already"):
        members.escalate(indicator=panel.indicator, period=Q2, to_board=panel.dlt,
                         reason="Again", user=panel.performance, now=NOW, further=first)
    assert Escalation.objects.count() == 1
