"""The delivery plan screens: the actions list and its filters, the action page, the
progress note form, sign-off and return, and timescale changes, each with its access
checks."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from governance.delivery import ProgressNote, TimescaleChange
from kpis.models import ResultStatus
from tests.governance.action_helpers import OCTOBER, action, milestone, pillar
from tests.views.entry_helpers import (
    SCHOOLS,
    approver,
    client_for,
    frozen,
    officer,
    user_in,
)

pytestmark = pytest.mark.django_db
LIST = reverse("governance:actions")


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def owner():
    return officer("olive", first_name="Olive", last_name="Owen")


@pytest.fixture
def plan_of_actions(owner):
    """DP-01 on track (Housing, pillar 1), DP-02 off track (Schools, pillar 2, owned by
    someone else: a milestone missed)."""
    action("DP-01", owner=owner, title="Build council homes")
    other = officer("sam", first_name="Sam", last_name="Smith")
    late = action("DP-02", owner=other, unit=SCHOOLS, title="Open a new school",
                  pillar=pillar(2, "Learning"))
    milestone(late, date(2026, 10, 1))
    return owner


def listed(response) -> list[str]:
    page = response.content.decode()
    return [ref for ref in ("DP-01", "DP-02") if f">{ref} " in page]


def test_it_lists_every_action_with_its_status(plan_of_actions):
    page = client_for(user_in("cllr", "Councillors")).get(LIST)
    assert listed(page) == ["DP-01", "DP-02"]
    assert "Milestone “Consultation” was due 1 October 2026" in page.content.decode()


def test_it_filters_by_pillar(plan_of_actions):
    page = client_for(plan_of_actions).get(LIST, {"pillar": pillar(2).pk})
    assert listed(page) == ["DP-02"]


def test_it_filters_by_service(plan_of_actions):
    from kpis.models import OrgUnit

    unit = OrgUnit.objects.get(path=SCHOOLS)
    assert listed(client_for(plan_of_actions).get(LIST, {"service": unit.pk})) == ["DP-02"]


def test_it_filters_by_status(plan_of_actions):
    page = client_for(plan_of_actions).get(LIST, {"status": "off_track"})
    assert listed(page) == ["DP-02"]


def test_it_filters_by_owner(plan_of_actions):
    page = client_for(plan_of_actions).get(LIST, {"owner": plan_of_actions.pk})
    assert listed(page) == ["DP-01"]


def test_it_filters_by_cabinet_portfolio(plan_of_actions):
    from governance.delivery import Action
    from kpis.models import Portfolio

    climate = Portfolio.objects.create(name="Environment and Climate", slug="climate")
    Action.objects.filter(reference="DP-02").update(portfolio=climate)
    page = client_for(plan_of_actions).get(LIST, {"portfolio": "climate"})
    assert listed(page) == ["DP-02"]


def test_the_list_asks_the_same_queries_for_5_or_25_actions(owner, django_assert_num_queries):
    client = client_for(owner)

    def count(n: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for k in range(n):
            a = action(f"Q{n}-{k}", owner=owner)
            milestone(a, date(2026, 12, 1))
            ProgressNote.objects.create(action=a, period=OCTOBER, note="x",
                                        status=ResultStatus.APPROVED)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    assert count(5) == count(20)


def test_the_action_page_hides_notes_not_signed_off_from_others(owner):
    dp = action(owner=owner)
    ProgressNote.objects.create(action=dp, period=OCTOBER, note="Draft words",
                                status=ResultStatus.DRAFT, entered_by=owner)
    ProgressNote.objects.create(action=dp, period="2026-09", note="Signed words",
                                status=ResultStatus.APPROVED, entered_by=owner)
    page = reverse("governance:action", args=["DP-01"])
    mine = client_for(owner).get(page).content.decode()
    assert "Draft words" in mine and "Signed words" in mine
    theirs = client_for(user_in("cllr", "Councillors")).get(page).content.decode()
    assert "Draft words" not in theirs and "Signed words" in theirs


def test_the_owner_writes_and_submits_the_note_through_the_form(owner):
    action(owner=owner)
    client = client_for(owner)
    form = reverse("governance:action_note", args=["DP-01", OCTOBER])
    assert client.get(form).status_code == 200
    refused = client.post(reverse("governance:action_note_submit", args=["DP-01", OCTOBER]),
                          {"note": "", "owner_says": "on_track"})
    assert refused.status_code == 400
    assert "Error: " in refused.content.decode()
    client.post(reverse("governance:action_note_submit", args=["DP-01", OCTOBER]),
                {"note": "Tenants consulted", "owner_says": "at_risk"})
    note = ProgressNote.objects.get()
    assert (note.status, note.note, note.owner_says) == (ResultStatus.SUBMITTED,
                                                         "Tenants consulted", "at_risk")


def test_a_quarter_is_not_a_month_for_a_note(owner):
    action(owner=owner)
    page = client_for(owner).get(reverse("governance:action_note", args=["DP-01",
                                                                         "2026-27-Q2"]))
    assert page.status_code == 404


def test_someone_else_cannot_open_the_note_form(owner):
    action(owner=owner)
    form = reverse("governance:action_note", args=["DP-01", OCTOBER])
    assert client_for(officer("colin")).get(form).status_code == 403


def test_the_approver_signs_off_and_returns_from_the_action_page(owner):
    dp = action(owner=owner)
    note = ProgressNote.objects.create(action=dp, period=OCTOBER, note="Done",
                                       status=ResultStatus.SUBMITTED, entered_by=owner,
                                       submitted_by=owner)
    boss = approver("alan")
    page = client_for(boss).get(reverse("governance:action", args=["DP-01"])).content.decode()
    assert "Sign off" in page
    client_for(boss).post(reverse("governance:action_note_return", args=[note.pk]),
                          {"reason": "Say what slipped"})
    note.refresh_from_db()
    assert note.status == ResultStatus.RETURNED
    note.status = ResultStatus.SUBMITTED
    note.save()
    client_for(boss).post(reverse("governance:action_note_sign_off", args=[note.pk]))
    note.refresh_from_db()
    assert (note.status, note.decided_by) == (ResultStatus.APPROVED, boss)


def test_the_owner_cannot_sign_off_or_return(owner):
    dp = action(owner=owner)
    note = ProgressNote.objects.create(action=dp, period=OCTOBER, note="Done",
                                       status=ResultStatus.SUBMITTED, entered_by=owner)
    client = client_for(owner)
    assert client.post(reverse("governance:action_note_sign_off", args=[note.pk])
                       ).status_code == 403
    assert client.get(reverse("governance:action_note_return", args=[note.pk])
                      ).status_code == 403


def test_an_approver_records_a_timescale_change_agreed_by_clt(owner):
    dp = action(owner=owner)
    form = reverse("governance:action_timescale", args=["DP-01"])
    assert client_for(owner).get(form).status_code == 403
    boss = client_for(approver("alan"))
    assert boss.get(form).status_code == 200
    boss.post(form, {"what": "due", "new_date_0": "30", "new_date_1": "6", "new_date_2": "2027",
                     "reason": "Contractor delay", "agreed_by": "CLT",
                     "agreed_on_0": "10", "agreed_on_1": "11", "agreed_on_2": "2026"})
    change = TimescaleChange.objects.get()
    dp.refresh_from_db()
    assert (change.agreed_by, change.old_date, dp.due) == ("CLT", date(2027, 3, 31),
                                                           date(2027, 6, 30))
    page = client_for(owner).get(reverse("governance:action", args=["DP-01"])).content.decode()
    assert "Contractor delay" in page and "CLT, 10 November 2026" in page


def test_the_owner_marks_a_milestone_and_the_action_complete(owner):
    dp = action(owner=owner)
    m = milestone(dp, date(2026, 12, 1))
    client = client_for(owner)
    client.post(reverse("governance:milestone_complete", args=[m.pk]))
    client.post(reverse("governance:action_complete", args=["DP-01"]))
    m.refresh_from_db()
    dp.refresh_from_db()
    assert m.completed_on == dp.completed_on == date(2026, 11, 23)
    assert client_for(officer("colin")).post(
        reverse("governance:action_complete", args=["DP-01"])).status_code == 403


def test_the_pack_shows_actions_beside_their_pillars_indicators(owner):
    from governance.models import Committee
    from governance.packs import pack_data
    from reporting.periods import Period
    from tests.factories import add_result
    from tests.views.entry_helpers import indicator

    ind = indicator("HOU1", owner=owner)
    ind.pillars.add(pillar())
    add_result(ind, "2026-27-Q2", 95)
    action(owner=owner, title="Build council homes")
    cog = Committee.objects.create(name="COG", slug="cog", kind="officer_board")
    data = pack_data(cog, Period.parse("2026-27-Q2"), date(2026, 11, 23))
    [section] = data["delivery"]
    assert section["name"] == "Homes for all"
    assert [a["reference"] for a in section["actions"]] == ["DP-01"]
    from governance import pack_render

    assert "Delivery plan actions by pillar" in pack_render.render_html(data)


def test_the_approver_finds_the_notes_awaiting_their_sign_off(owner):
    dp = action(owner=owner, title="Build council homes")
    action("DP-09", owner=owner, unit=SCHOOLS, title="Open a new school")
    for a in (dp, action("DP-05", owner=approver("alan"), title="Own action")):
        ProgressNote.objects.create(action=a, period=OCTOBER, note="Done",
                                    status=ResultStatus.SUBMITTED, entered_by=a.owner,
                                    submitted_by=a.owner)
    from django.contrib.auth import get_user_model

    boss = get_user_model().objects.get(username="alan")
    page = client_for(boss).get(LIST).content.decode()
    assert "Progress notes awaiting your sign-off" in page
    assert "DP-01 Build council homes</a>: October 2026" in page
    assert "DP-05 Own action</a>: October" not in page  # their own: someone else signs it
    assert "awaiting your sign-off" not in client_for(owner).get(LIST).content.decode()
