"""Members' requests: recorded from a meeting against indicators, assigned, answered,
closed or reopened, each step by whoever may take it, with the history kept; the list,
the committee's page and the next pack show them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from governance import members
from governance.models import IssuedPack, MemberRequest
from governance.packs import pack_data
from reporting.periods import Period
from tests.governance.members_helpers import MEETING_DAY, make_panel
from tests.views.entry_helpers import client_for, frozen

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def panel():
    return make_panel()


def new_url(panel) -> str:
    return reverse("governance:member_request_new", args=[panel.committee.slug])


def form(panel, **overrides) -> dict:
    data = {
        "meeting": panel.meeting.pk, "kind": "information", "indicators": "hou1, HOU2",
        "raised": "The panel asked why lettings slowed in the north.",
        "raised_by": "Cllr Jo Evans", "assigned_to": panel.owner.pk,
        "due_on_0": "10", "due_on_1": "12", "due_on_2": "2026",
    }
    data.update(overrides)
    return data


def recorded(panel, **fields) -> MemberRequest:
    values = {
        "committee": panel.committee, "meeting": panel.meeting, "kind": "call_in",
        "indicators": [panel.indicator], "raised": "Called in", "raised_by": "",
        "raised_on": MEETING_DAY, "assigned_to": panel.owner,
        "due_on": date(2026, 12, 10), "user": panel.performance,
    }
    values.update(fields)
    return members.record_request(**values)


# --- recording ------------------------------------------------------------------------------


def test_it_records_a_request_from_a_meeting_against_its_indicators(panel):
    response = client_for(panel.performance).post(new_url(panel), form(panel))
    item = MemberRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:member_request", args=[item.pk])
    assert (item.committee, item.meeting, item.kind, item.status) == (
        panel.committee, panel.meeting, "information", "open")
    assert sorted(i.code for i in item.indicators.all()) == ["HOU1", "HOU2"]
    assert (item.raised_on, item.due_on, item.assigned_to) == (
        MEETING_DAY, date(2026, 12, 10), panel.owner)
    assert item.recorded_by == panel.performance
    assert item.history.get().history_user == panel.performance


@pytest.mark.parametrize("who", ["owner", "councillor", "approver"])
def test_it_lets_only_the_performance_team_record_requests(panel, who):
    client = client_for(getattr(panel, who))
    assert client.get(new_url(panel)).status_code == 403
    assert client.post(new_url(panel), form(panel)).status_code == 403
    assert not MemberRequest.objects.exists()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"indicators": "HOU1, NOPE"}, "There is no indicator with the code NOPE"),
    ({"due_on_0": "1", "due_on_1": "11"}, "on or after the date it was raised"),
    ({"raised": ""}, "Enter what the committee asked"),
    ({"kind": ""}, "Choose what the committee asked for"),
    ({"assigned_to": ""}, "Choose the officer who will answer it"),
])
def test_it_refuses_a_request_with_a_problem_and_says_what(panel, overrides, message):
    response = client_for(panel.performance).post(new_url(panel), form(panel, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Error: " in response.content.decode()
    assert not MemberRequest.objects.exists()


def test_it_refuses_a_meeting_of_another_committee(panel):
    from governance.models import Committee, Meeting

    other = Committee.objects.create(name="Cabinet", slug="cabinet", kind="cabinet")
    meeting = Meeting.objects.create(committee=other, period="2026-27-Q1", date=MEETING_DAY)
    with pytest.raises(members.RequestRefused, match="not one of this committee's"):
        recorded(panel, meeting=meeting)


# --- answering ------------------------------------------------------------------------------


def answer_url(item) -> str:
    return reverse("governance:member_request_answer", args=[item.pk])


def test_it_lets_the_assigned_officer_answer(panel):
    item = recorded(panel)
    response = client_for(panel.owner).post(answer_url(item), {"answer": "Two vacancies."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.answer, item.answered_by) == ("answered", "Two vacancies.",
                                                            panel.owner)
    assert item.answered_at is not None
    assert item.history.latest().history_user == panel.owner


@pytest.mark.parametrize("who", ["colleague", "councillor", "approver"])
def test_it_lets_no_one_else_answer(panel, who):
    item = recorded(panel)
    client = client_for(getattr(panel, who))
    assert client.post(answer_url(item), {"answer": "Mine"}).status_code == 403
    item.refresh_from_db()
    assert item.status == "open" and item.answer == ""


def test_it_lets_the_performance_team_answer_on_an_officers_behalf(panel):
    item = recorded(panel)
    client_for(panel.performance).post(answer_url(item), {"answer": "From the service."})
    item.refresh_from_db()
    assert item.status == "answered"


def test_it_refuses_an_empty_answer(panel):
    item = recorded(panel)
    response = client_for(panel.owner).post(answer_url(item), {"answer": "  "})
    assert response.status_code == 400
    assert "Enter the answer" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "open"


def test_it_offers_the_answer_form_only_to_those_who_may_answer(panel):
    item = recorded(panel)
    page = reverse("governance:member_request", args=[item.pk])
    assert "Save the answer" in client_for(panel.owner).get(page).content.decode()
    body = client_for(panel.councillor).get(page).content.decode()
    assert "Save the answer" not in body and "Called in" in body


# --- closing and reopening ------------------------------------------------------------------


def test_it_closes_an_answered_request_for_the_performance_team(panel):
    item = recorded(panel)
    members.answer(item, "Done", panel.owner, datetime(2026, 11, 20, tzinfo=UTC))
    url = reverse("governance:member_request_close", args=[item.pk])
    response = client_for(panel.performance).post(url, {"note": "Accepted by the panel"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.closed_by, item.note) == ("closed", panel.performance,
                                                        "Accepted by the panel")


def test_it_refuses_to_close_an_unanswered_request(panel):
    item = recorded(panel)
    url = reverse("governance:member_request_close", args=[item.pk])
    response = client_for(panel.performance).post(url, {"note": ""})
    assert response.status_code == 400
    assert "Answer the request before closing it" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "open"


def test_it_lets_only_the_performance_team_close_or_reopen(panel):
    item = recorded(panel)
    members.answer(item, "Done", panel.owner, datetime(2026, 11, 20, tzinfo=UTC))
    client = client_for(panel.owner)
    assert client.post(reverse("governance:member_request_close", args=[item.pk])).status_code \
        == 403
    assert client.post(reverse("governance:member_request_reopen", args=[item.pk]), {
        "reason": "Mine", "due_on_0": "1", "due_on_1": "1", "due_on_2": "2027"},
    ).status_code == 403
    item.refresh_from_db()
    assert item.status == "answered"


def test_it_reopens_an_answered_request_with_the_reason_and_a_new_due_date(panel):
    item = recorded(panel)
    members.answer(item, "Done", panel.owner, datetime(2026, 11, 20, tzinfo=UTC))
    url = reverse("governance:member_request_reopen", args=[item.pk])
    response = client_for(panel.performance).post(url, {
        "reason": "The panel wants it by ward", "due_on_0": "15", "due_on_1": "1",
        "due_on_2": "2027"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.note, item.due_on) == ("open", "The panel wants it by ward",
                                                     date(2027, 1, 15))


def test_the_history_names_who_did_each_step(panel):
    item = recorded(panel)
    members.answer(item, "Done", panel.owner, datetime(2026, 11, 20, tzinfo=UTC))
    members.close(item, "", panel.performance, datetime(2026, 11, 21, tzinfo=UTC))
    steps = [(h.status, h.history_user.username) for h in item.history.order_by("history_date")]
    assert steps == [("open", "petra"), ("answered", "olive"), ("closed", "petra")]
    body = client_for(panel.councillor).get(
        reverse("governance:member_request", args=[item.pk])).content.decode()
    assert "closed by Petra Morris" in body and "answered by Olive Owen" in body


# --- the list, the committee's page and the pack ---------------------------------------------


def test_it_lists_requests_marking_the_overdue(panel):
    late = recorded(panel, due_on=date(2026, 11, 20))
    recorded(panel, due_on=date(2026, 12, 20), raised="Not late")
    body = client_for(panel.councillor).get(reverse("governance:member_requests")).content.decode()
    assert body.count("Overdue</strong>") == 1
    assert late.reference in body
    overdue = client_for(panel.councillor).get(
        reverse("governance:member_requests"), {"status": "overdue"}).content.decode()
    assert late.reference in overdue and "MR0002" not in overdue


def test_it_lists_the_requests_assigned_to_me(panel):
    mine = recorded(panel)
    theirs = recorded(panel, assigned_to=panel.colleague)
    body = client_for(panel.owner).get(reverse("governance:member_requests"),
                                       {"mine": "1"}).content.decode()
    assert mine.reference in body and theirs.reference not in body


def test_the_list_costs_the_same_queries_for_5_or_50_requests(panel):
    client = client_for(panel.councillor)
    for n in range(5):
        recorded(panel, raised=f"Request {n}")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("governance:member_requests"))
    for n in range(45):
        recorded(panel, raised=f"More {n}", indicators=[panel.indicator, panel.other])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("governance:member_requests"))
    assert len(many) == len(few)


def test_the_list_is_paged_and_keeps_its_filters_from_page_to_page(panel):
    for n in range(30):
        recorded(panel, raised=f"Request {n}")
    client = client_for(panel.councillor)
    url = reverse("governance:member_requests")
    links = [f'href="{reverse("governance:member_request", args=[pk])}"'
             for pk in MemberRequest.objects.order_by("due_on", "pk").values_list("pk", flat=True)]
    first = client.get(url, {"committee": panel.committee.slug}).content.decode()
    assert "30 requests" in first and "Showing 1 to 25 of 30" in first
    assert all(link in first for link in links[:25])
    assert not any(link in first for link in links[25:])
    assert f"committee={panel.committee.slug}&amp;page=2" in first
    second = client.get(url, {"committee": panel.committee.slug, "page": "2"}).content.decode()
    assert all(link in second for link in links[25:])
    assert not any(link in second for link in links[:25])


def test_the_committee_page_shows_its_requests_not_yet_closed(panel):
    item = recorded(panel)
    body = client_for(panel.councillor).get(
        reverse("governance:committee", args=[panel.committee.slug])).content.decode()
    assert item.reference in body
    assert "Record a request" not in body
    body = client_for(panel.performance).get(
        reverse("governance:committee", args=[panel.committee.slug])).content.decode()
    assert "Record a request or recommendation" in body


def test_the_next_pack_shows_open_ones_and_answers_since_the_last_pack(panel):
    q2 = Period.parse("2026-27-Q2")
    old = recorded(panel, raised="Closed before the last pack")
    members.answer(old, "Old answer", panel.owner, datetime(2026, 8, 1, tzinfo=UTC))
    members.close(old, "", panel.performance, datetime(2026, 8, 2, tzinfo=UTC))
    IssuedPack.objects.create(
        committee=panel.committee, period="2026-27-Q1", version=1,
        issued_at=datetime(2026, 9, 1, tzinfo=UTC), data={}, html="", pdf=b"", docx=b"",
        checksum="x",
    )
    recorded(panel, raised="Still open", due_on=date(2026, 11, 20))
    answered = recorded(panel, raised="Answered since")
    members.answer(answered, "The answer members see", panel.owner,
                   datetime(2026, 11, 20, tzinfo=UTC))
    closed_since = recorded(panel, raised="Closed since")
    members.answer(closed_since, "Closing answer", panel.owner, datetime(2026, 11, 20, tzinfo=UTC))
    members.close(closed_since, "", panel.performance, datetime(2026, 11, 21, tzinfo=UTC))
    data = pack_data(panel.committee, q2, TODAY)
    shown = {r["raised"]: r for r in data["member_requests"]}
    assert set(shown) == {"Still open", "Answered since", "Closed since"}
    assert shown["Still open"]["overdue"] is True
    assert shown["Answered since"]["answer"] == "The answer members see"
    assert shown["Still open"]["indicators"] == ["HOU1 Homes let within 28 days"]
    from governance.pack_render import render_html

    html = render_html(data)
    assert "Committee requests and answers" in html or "Committee requests and answers" in html
    assert "The answer members see" in html and "Still open" in html
    assert "Closed before the last pack" not in html


def test_a_pack_without_requests_escalations_or_finance_has_no_such_section(panel):
    from governance.pack_render import render_html

    html = render_html(pack_data(panel.committee, Period.parse("2026-27-Q2"), TODAY))
    assert 'id="member-requests"' not in html and 'id="finance"' not in html


def test_without_an_issued_pack_the_last_meeting_marks_what_is_new(panel):
    from governance.models import Meeting

    Meeting.objects.create(committee=panel.committee, period="2026-27-Q2",
                           date=TODAY + timedelta(days=20))
    before = recorded(panel, raised="Closed before the last meeting")
    members.answer(before, "a", panel.owner, datetime(2026, 11, 1, tzinfo=UTC))
    members.close(before, "", panel.performance, datetime(2026, 11, 2, tzinfo=UTC))
    after = recorded(panel, raised="Closed at the last meeting")
    members.answer(after, "b", panel.owner, datetime(2026, 11, 1, tzinfo=UTC))
    members.close(after, "", panel.performance, datetime(2026, 11, 12, 19, tzinfo=UTC))
    data = pack_data(panel.committee, Period.parse("2026-27-Q2"), TODAY)
    assert [r["raised"] for r in data["member_requests"]] == ["Closed at the last meeting"]


def test_it_offers_only_meetings_that_have_been_held(panel):
    from governance.models import Meeting

    coming = Meeting.objects.create(committee=panel.committee, period="2026-27-Q2",
                                    date=date(2026, 12, 15))
    body = client_for(panel.performance).get(new_url(panel)).content.decode()
    assert "12 November 2026 (Q1 2026/27 report)" in body
    assert "15 December 2026" not in body
    response = client_for(panel.performance).post(new_url(panel),
                                                  form(panel, meeting=coming.pk))
    assert response.status_code == 400 and not MemberRequest.objects.exists()


def assign_url(item) -> str:
    return reverse("governance:member_request_assign", args=[item.pk])


def test_it_reassigns_a_request_with_a_new_due_date(panel):
    item = recorded(panel)
    response = client_for(panel.performance).post(assign_url(item), {
        "assigned_to": panel.colleague.pk, "due_on_0": "8", "due_on_1": "1",
        "due_on_2": "2027"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.assigned_to, item.due_on) == (panel.colleague, date(2027, 1, 8))
    assert item.history.latest().history_user == panel.performance
    body = client_for(panel.colleague).get(
        reverse("governance:member_request", args=[item.pk])).content.decode()
    assert "Save the answer" in body


def test_it_lets_only_the_performance_team_reassign(panel):
    item = recorded(panel)
    response = client_for(panel.owner).post(assign_url(item), {
        "assigned_to": panel.colleague.pk, "due_on_0": "8", "due_on_1": "1",
        "due_on_2": "2027"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.assigned_to == panel.owner


def test_it_refuses_to_reassign_a_closed_request(panel):
    item = recorded(panel)
    members.answer(item, "Done", panel.owner, datetime(2026, 11, 20, tzinfo=UTC))
    members.close(item, "", panel.performance, datetime(2026, 11, 21, tzinfo=UTC))
    response = client_for(panel.performance).post(assign_url(item), {
        "assigned_to": panel.colleague.pk, "due_on_0": "8", "due_on_1": "1",
        "due_on_2": "2027"})
    assert response.status_code == 400
    assert "This request is closed" in response.content.decode()
    item.refresh_from_db()
    assert item.assigned_to == panel.owner
