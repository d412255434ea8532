"""Adding and changing delivery plan actions and their milestones on screen (issue 16):
who may (kpis.permissions.can_plan_action and can_add_milestones), the messages when the
input is wrong with nothing saved, who the history names, completed actions read only,
and the plan page's actions in a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.delivery import Action, Milestone, TimescaleChange
from governance.members_models import PlanOrStrategy
from kpis.models import OrgUnit
from tests.governance.action_helpers import action, milestone, pillar
from tests.views.entry_helpers import (
    HOUSING,
    SCHOOLS,
    approver,
    client_for,
    frozen,
    officer,
    performance_team,
    user_in,
)

pytestmark = pytest.mark.django_db
NEW = reverse("governance:action_new")


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def people():
    """Olive owns DP-01 in Housing, which Alan approves for; Sam approves for Schools;
    Otto is another officer; Petra is the performance team."""
    class People:
        owner = officer("olive", first_name="Olive", last_name="Owen")
        housing = approver("alan", HOUSING, first_name="Alan", last_name="Ash")
        schools = approver("sam", SCHOOLS, first_name="Sam", last_name="Shaw")
        other = officer("otto", first_name="Otto", last_name="Other")
        team = performance_team("petra", first_name="Petra", last_name="Page")
        councillor = user_in("cllr", "Councillors")
        auditor = user_in("aud", "Auditors")
    people = People()
    people.action = action("DP-01", owner=people.owner, title="Build council homes")
    people.step = milestone(people.action, date(2026, 12, 15), "Sites chosen")
    return people


def post_action(**changes) -> dict:
    """A valid new action in Housing due 31 March 2027, owned by Olive."""
    data = {
        "title": "Retrofit council homes", "description": "Insulation for 400 homes",
        "pillar": pillar().pk, "org_unit": OrgUnit.objects.get(path=HOUSING).pk,
        "portfolio": "", "plan": "", "year": "2026-27",
        "owner": changes.pop("owner_pk", None), "delegate": "",
        "starts_0": "1", "starts_1": "12", "starts_2": "2026",
        "due_0": "31", "due_1": "3", "due_2": "2027",
    }
    data.update(changes)
    return data


def editing(act: Action, **changes) -> dict:
    data = {
        "title": act.title, "description": act.description, "pillar": act.pillar_id,
        "org_unit": act.org_unit_id, "portfolio": "", "plan": act.plan_id or "",
        "year": act.year, "owner": act.owner_id, "delegate": act.delegate_id or "",
        "starts_0": act.starts.day, "starts_1": act.starts.month, "starts_2": act.starts.year,
    }
    data.update(changes)
    return data


def urls(people) -> dict[str, str]:
    return {
        "new": NEW,
        "edit": reverse("governance:action_edit", args=["DP-01"]),
        "milestone_new": reverse("governance:milestone_new", args=["DP-01"]),
        "milestone_edit": reverse("governance:milestone_edit", args=[people.step.pk]),
        "milestone_remove": reverse("governance:milestone_remove", args=[people.step.pk]),
    }


# --- who may ---------------------------------------------------------------------------------

ALLOWED = {
    "team": {"new", "edit", "milestone_new", "milestone_edit", "milestone_remove"},
    "housing": {"new", "edit", "milestone_new", "milestone_edit", "milestone_remove"},
    "schools": {"new"},  # adds actions in Schools; DP-01 is Housing's
    "owner": {"milestone_new", "milestone_edit"},
    "other": set(),
    "councillor": set(),
    "auditor": set(),
}


@pytest.mark.parametrize("who", list(ALLOWED))
def test_it_opens_each_screen_only_for_those_allowed(people, who):
    client = client_for(getattr(people, who))
    for name, url in urls(people).items():
        expected = 200 if name in ALLOWED[who] else 403
        assert client.get(url).status_code == expected, (who, name)


@pytest.mark.parametrize("who", ["owner", "other", "councillor", "auditor", "schools"])
def test_those_not_allowed_change_nothing_by_posting(people, who):
    client = client_for(getattr(people, who))
    before = (Action.objects.count(), people.action.history.count(),
              Milestone.history.count())
    if who != "schools":
        assert client.post(NEW, post_action(owner_pk=people.owner.pk)).status_code == 403
    edit = urls(people)["edit"]
    assert client.post(edit, editing(people.action, title="Hijacked")).status_code == 403
    assert client.post(urls(people)["milestone_remove"]).status_code == 403
    if who not in ("owner",):
        assert client.post(urls(people)["milestone_new"], {
            "title": "Extra", "due_0": "1", "due_1": "1", "due_2": "2027"}).status_code == 403
    people.action.refresh_from_db()
    assert people.action.title == "Build council homes"
    assert (Action.objects.count(), people.action.history.count(),
            Milestone.history.count()) == before


def test_the_add_button_shows_only_to_those_who_may_add(people):
    button = "Add an action"
    page = reverse("governance:actions")
    assert button in client_for(people.team).get(page).content.decode()
    assert button in client_for(people.schools).get(page).content.decode()
    for who in (people.owner, people.councillor, people.auditor):
        assert button not in client_for(who).get(page).content.decode()


def test_the_action_page_offers_edit_and_milestone_links_to_those_allowed(people):
    page = reverse("governance:action", args=["DP-01"])
    boss = client_for(people.housing).get(page).content.decode()
    assert "Edit the action" in boss and "Add a milestone" in boss and "Remove" in boss
    own = client_for(people.owner).get(page).content.decode()
    assert "Edit the action" not in own and "Add a milestone" in own
    assert "Rename" in own and "Remove<" not in own
    reader = client_for(people.councillor).get(page).content.decode()
    assert "Edit the action" not in reader and "Add a milestone" not in reader


def test_an_approver_may_add_actions_only_in_their_own_services(people):
    response = client_for(people.housing).post(NEW, post_action(
        owner_pk=people.owner.pk, org_unit=OrgUnit.objects.get(path=SCHOOLS).pk))
    assert response.status_code == 400
    assert "Choose a service whose actions you plan" in response.content.decode()
    assert Action.objects.count() == 1


def test_an_approver_may_not_move_an_action_out_of_their_services(people):
    schools = OrgUnit.objects.get(path=SCHOOLS).pk
    response = client_for(people.housing).post(
        urls(people)["edit"], editing(people.action, org_unit=schools))
    assert response.status_code == 400
    people.action.refresh_from_db()
    assert people.action.org_unit.path == HOUSING


# --- adding an action ------------------------------------------------------------------------


def test_the_performance_team_adds_an_action_with_the_next_reference(people):
    plan = PlanOrStrategy.objects.create(title="Housing Strategy")
    response = client_for(people.team).post(NEW, post_action(owner_pk=people.owner.pk,
                                                             plan=plan.pk))
    assert response.status_code == 302
    added = Action.objects.get(reference="DP-02")
    assert response["Location"] == reverse("governance:action", args=["DP-02"])
    assert (added.title, added.owner, added.plan, added.due, added.starts) == (
        "Retrofit council homes", people.owner, plan, date(2027, 3, 31), date(2026, 12, 1))
    record = added.history.get()
    assert (record.history_user, record.history_change_reason) == (
        people.team, "Added to the delivery plan")


def test_it_says_what_is_missing_and_saves_nothing(people):
    response = client_for(people.team).post(NEW, {"year": "2026-27"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in page
    for message in ("Enter the action", "Choose the pillar or priority it delivers",
                    "Choose the service that delivers it", "Choose who owns the action",
                    "Enter the due date"):
        assert message in page, message
    assert Action.objects.count() == 1


@pytest.mark.parametrize(("changes", "message"), [
    ({"due_0": "31", "due_1": "2", "due_2": "2027"}, "The due date must be a real date"),
    ({"due_0": "30", "due_1": "11", "due_2": "2026", "starts_1": "12"},
     "The due date must be on or after the start date, 1 December 2026"),
    ({"due_0": "1", "due_1": "11", "due_2": "2026", "starts_0": "", "starts_1": "",
      "starts_2": ""}, "The due date must be today (23 November 2026) or later"),
    ({"delegate": "same"}, "Choose a colleague other than the owner, or nobody"),
    ({"title": "x" * 301}, "The action must be 300 characters or fewer"),
])
def test_it_refuses_a_bad_action_with_a_clear_message(people, changes, message):
    if changes.get("delegate") == "same":
        changes["delegate"] = people.owner.pk
    response = client_for(people.team).post(NEW, post_action(owner_pk=people.owner.pk,
                                                             **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Action.objects.count() == 1


# --- changing an action -----------------------------------------------------------------------


def test_the_approver_changes_the_action_and_the_history_names_them(people):
    plan = PlanOrStrategy.objects.create(title="Housing Strategy")
    response = client_for(people.housing).post(urls(people)["edit"], editing(
        people.action, title="Build 200 council homes", plan=plan.pk,
        due_0="1", due_1="1", due_2="2030"))
    assert response.status_code == 302
    people.action.refresh_from_db()
    assert (people.action.title, people.action.plan) == ("Build 200 council homes", plan)
    assert people.action.due == date(2027, 3, 31), "the due date moves only by a timescale change"
    record = people.action.history.first()
    assert (record.history_user, record.history_change_reason) == (
        people.housing, "Changed: title, plan")


def test_the_start_date_cannot_pass_the_first_milestone(people):
    response = client_for(people.team).post(urls(people)["edit"], editing(
        people.action, starts_0="1", starts_1="1", starts_2="2027"))
    assert response.status_code == 400
    assert ("The start date must be on or before the first milestone, 15 December 2026"
            in response.content.decode())
    people.action.refresh_from_db()
    assert people.action.starts == date(2026, 4, 1)


def test_a_completed_action_is_read_only(people):
    Action.objects.filter(pk=people.action.pk).update(completed_on=date(2026, 11, 1))
    client = client_for(people.team)
    for name in ("edit", "milestone_new", "milestone_edit"):
        response = client.get(urls(people)[name], follow=True)
        assert "DP-01 is complete: it cannot be changed" in response.content.decode()
    client.post(urls(people)["edit"], editing(people.action, title="Changed"))
    client.post(urls(people)["milestone_remove"])
    people.action.refresh_from_db()
    assert people.action.title == "Build council homes"
    assert people.action.milestones.count() == 1
    page = client.get(reverse("governance:action", args=["DP-01"])).content.decode()
    assert "Edit the action" not in page and "Add a milestone" not in page


# --- milestones --------------------------------------------------------------------------------


def test_the_owner_adds_a_milestone_and_the_history_names_them(people):
    response = client_for(people.owner).post(urls(people)["milestone_new"], {
        "title": "Planning consent", "due_0": "31", "due_1": "1", "due_2": "2027"})
    assert response.status_code == 302
    added = people.action.milestones.get(title="Planning consent")
    assert added.due == date(2027, 1, 31)
    record = added.history.get()
    assert (record.history_user, record.history_change_reason) == (
        people.owner, "Milestone \u201cPlanning consent\u201d added")
    page = client_for(people.owner).get(reverse("governance:action", args=["DP-01"]))
    assert "Milestone \u201cPlanning consent\u201d added by Olive Owen" in page.content.decode()


@pytest.mark.parametrize(("data", "message"), [
    ({"title": "", "due_0": "", "due_1": "", "due_2": ""}, "Enter the milestone"),
    ({"title": "Keys", "due_0": "", "due_1": "", "due_2": ""},
     "Enter the date the milestone is due"),
    ({"title": "Keys", "due_0": "1", "due_1": "4", "due_2": "2027"},
     "The milestone must be due on or before the action&#x27;s due date, 31 March 2027"),
    ({"title": "Keys", "due_0": "1", "due_1": "3", "due_2": "2026"},
     "The milestone must be due on or after the action&#x27;s start date, 1 April 2026"),
    ({"title": "sites chosen", "due_0": "1", "due_1": "2", "due_2": "2027"},
     "This action already has a milestone called \u201csites chosen\u201d"),
])
def test_it_refuses_a_bad_milestone_with_a_clear_message(people, data, message):
    response = client_for(people.owner).post(urls(people)["milestone_new"], data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert people.action.milestones.count() == 1


def test_the_owner_renames_a_milestone_but_never_moves_its_date(people):
    response = client_for(people.owner).post(urls(people)["milestone_edit"], {
        "title": "Sites agreed", "due_0": "1", "due_1": "3", "due_2": "2027"})
    assert response.status_code == 302
    people.step.refresh_from_db()
    assert (people.step.title, people.step.due) == ("Sites agreed", date(2026, 12, 15))
    assert people.step.history.first().history_user == people.owner


def test_the_approver_removes_a_milestone_after_asking(people):
    client = client_for(people.housing)
    ask = client.get(urls(people)["milestone_remove"]).content.decode()
    assert "Remove the milestone" in ask
    assert client.post(urls(people)["milestone_remove"]).status_code == 302
    assert not Milestone.objects.filter(pk=people.step.pk).exists()
    gone = Milestone.history.filter(id=people.step.pk, history_type="-").get()
    assert (gone.history_user, gone.history_change_reason) == (
        people.housing, "Milestone \u201cSites chosen\u201d removed")


def test_a_completed_milestone_or_one_moved_by_agreement_stays(people):
    client = client_for(people.team)
    Milestone.objects.filter(pk=people.step.pk).update(completed_on=date(2026, 11, 20))
    response = client.post(urls(people)["milestone_remove"])
    assert response.status_code == 400
    assert "It has been completed: it stays on the record" in response.content.decode()
    moved = milestone(people.action, date(2027, 2, 1), "Contract let")
    TimescaleChange.objects.create(
        action=people.action, milestone=moved, old_date=date(2027, 1, 1),
        new_date=date(2027, 2, 1), reason="Storms", agreed_by="CLT",
        agreed_on=date(2026, 11, 1), recorded_by=people.team,
        recorded_at="2026-11-01T12:00:00Z")
    response = client.post(reverse("governance:milestone_remove", args=[moved.pk]))
    assert "moved by an agreed timescale change" in response.content.decode()
    assert people.action.milestones.count() == 2


# --- the plan page -------------------------------------------------------------------------------


def _plan_with(count: int, owner) -> PlanOrStrategy:
    plan = PlanOrStrategy.objects.get_or_create(title="Housing Strategy")[0]
    start = Action.objects.count() + 1
    for n in range(start, start + count):
        act = action(f"DP-{n:02d}", owner=owner, plan=plan, title=f"Action {n}")
        milestone(act, date(2026, 12, 1) + timedelta(days=n))
    return plan


def test_the_plan_page_lists_its_actions_with_their_status(people):
    plan = PlanOrStrategy.objects.create(title="Housing Strategy")
    Action.objects.filter(pk=people.action.pk).update(plan=plan)
    page = client_for(people.councillor).get(reverse("governance:plan", args=[plan.pk]))
    text = page.content.decode()
    assert "DP-01 Build council homes" in text and "1 action delivers it" in text
    action_page = client_for(people.councillor).get(reverse("governance:action",
                                                            args=["DP-01"]))
    assert "Housing Strategy" in action_page.content.decode()


def test_the_plan_page_takes_as_many_queries_for_50_actions_as_for_5(people):
    client = client_for(people.team)
    plan = _plan_with(5, people.owner)
    url = reverse("governance:plan", args=[plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as five:
        assert "5 actions deliver it" in client.get(url).content.decode()
    _plan_with(45, people.owner)
    with CaptureQueriesContext(connection) as fifty:
        assert "50 actions deliver it" in client.get(url).content.decode()
    assert len(fifty) == len(five)


def test_the_delivery_plan_filters_by_plan(people):
    plan = PlanOrStrategy.objects.create(title="Housing Strategy")
    action("DP-02", owner=people.owner, plan=plan, title="Retrofit homes")
    page = client_for(people.team).get(reverse("governance:actions"), {"plan": plan.pk})
    text = page.content.decode()
    assert ">DP-02 " in text and ">DP-01 " not in text


def test_the_next_reference_follows_the_highest_in_the_series(people):
    from governance.actions import next_reference

    action("DP-09", owner=people.owner)
    action("LEGACY-7", owner=people.owner)
    assert next_reference() == "DP-10"
