"""Improvement plans: which indicators need one and have none (governance/improvement.py),
overdue plan actions, closing a plan, who may write one, and where a missing plan shows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from governance import improvement
from governance.delivery import ImprovementAction, ImprovementPlan, ImprovementPlanRule
from governance.improvement_rules import PlanTrigger
from governance.models import Committee
from governance.packs import pack_data
from reporting.periods import Period
from tests.factories import add_result
from tests.views.entry_helpers import (
    PERIOD,
    TODAY,
    approver,
    client_for,
    frozen,
    indicator,
    officer,
    result,
    url,
    user_in,
)

pytestmark = pytest.mark.django_db
Q2 = Period.parse(PERIOD)


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def owner():
    return officer("olive")


@pytest.fixture
def red_twice(owner):
    """RED2 red in Q1 and Q2; RED1 red in Q2 only; GRN green (target 90, amber from 81)."""
    made = {}
    for code, values in [("RED2", [50, 50]), ("RED1", [95, 50]), ("GRN", [95, 95])]:
        ind = indicator(code, owner=owner)
        for period, value in zip(["2026-27-Q1", PERIOD], values, strict=True):
            add_result(ind, period, value)
        made[code] = ind
    return made


def plan(ind, owner, **fields) -> ImprovementPlan:
    defaults = {"opened_for": PERIOD, "issue": "Red", "action_to_take": "Fix it",
                "timescales": "Two quarters", "resources": "Two officers",
                "monitoring": "Monthly by the head of service",
                "measure_of_success": "Green again", "created_at": timezone.now()}
    defaults.update(fields)
    return ImprovementPlan.objects.create(indicator=ind, owner=owner, **defaults)


def codes(ids, made) -> set[str]:
    return {code for code, ind in made.items() if ind.pk in ids}


def test_every_red_indicator_needs_a_plan_by_default(red_twice):
    ids = [i.pk for i in red_twice.values()]
    assert codes(improvement.missing_plans(ids, Q2), red_twice) == {"RED2", "RED1"}


def test_a_council_may_ask_only_for_red_periods_running(red_twice):
    ImprovementPlanRule.objects.create(trigger=PlanTrigger.RED_RUNNING)
    ids = [i.pk for i in red_twice.values()]
    assert codes(improvement.missing_plans(ids, Q2), red_twice) == {"RED2"}


def test_an_open_plan_covers_it_and_a_closed_one_does_not(red_twice, owner):
    ids = [i.pk for i in red_twice.values()]
    plan(red_twice["RED2"], owner)
    plan(red_twice["RED1"], owner, closed_on=TODAY, closing_note="Done", success_met=True)
    assert codes(improvement.missing_plans(ids, Q2), red_twice) == {"RED1"}


def test_missing_plans_reads_signed_off_results_unless_told(owner):
    ind = indicator("DRF", owner=owner)
    result(ind, actual="40")  # a draft, red
    assert improvement.missing_plans([ind.pk], Q2) == set()
    assert improvement.missing_plans([ind.pk], Q2, approved_only=False) == {ind.pk}


def test_missing_plans_asks_a_fixed_number_of_queries(owner, django_assert_max_num_queries):
    ids = []
    for n in range(12):
        ind = indicator(f"R{n}", owner=owner)
        add_result(ind, PERIOD, 40)
        ids.append(ind.pk)
    with django_assert_max_num_queries(15):
        assert len(improvement.missing_plans(ids[:3], Q2)) == 3
    with django_assert_max_num_queries(15):
        assert len(improvement.missing_plans(ids, Q2)) == 12


def test_overdue_actions_are_those_of_open_plans_past_due(red_twice, owner):
    open_plan = plan(red_twice["RED2"], owner)
    closed = plan(red_twice["RED1"], owner, closed_on=TODAY, closing_note="x", success_met=False)
    late = ImprovementAction.objects.create(plan=open_plan, description="Late", owner=owner,
                                            due=TODAY - timedelta(days=1))
    ImprovementAction.objects.create(plan=open_plan, description="Done", owner=owner,
                                     due=TODAY - timedelta(days=9), completed_on=TODAY)
    ImprovementAction.objects.create(plan=open_plan, description="Due today", owner=owner,
                                     due=TODAY)
    ImprovementAction.objects.create(plan=closed, description="Closed", owner=owner,
                                     due=TODAY - timedelta(days=9))
    assert list(improvement.overdue_actions(TODAY)) == [late]


def test_closing_a_plan_needs_a_note_and_says_whether_success_was_met(red_twice, owner):
    p = plan(red_twice["RED2"], owner)
    with pytest.raises(improvement.PlanError) as refused:
        improvement.close_plan(owner, p, " ", None, TODAY)
    assert {x.field for x in refused.value.problems} == {"closing_note", "success_met"}
    improvement.close_plan(owner, p, "Back to green", True, TODAY)
    p.refresh_from_db()
    assert (p.closed_on, p.success_met, p.closed_by) == (TODAY, True, owner)
    with pytest.raises(improvement.PlanError):
        improvement.save_plan(owner, p, TODAY)


def test_only_those_who_work_on_the_indicator_write_its_plan(red_twice, owner):
    p = ImprovementPlan(indicator=red_twice["RED2"], owner=owner, opened_for=PERIOD)
    with pytest.raises(PermissionDenied):
        improvement.save_plan(officer("colin"), p, TODAY)
    with pytest.raises(PermissionDenied):
        improvement.save_plan(approver("otto", unit="People / Schools"), p, TODAY)
    improvement.save_plan(approver("alan"), p, TODAY)
    assert p.history.first().history_type == "+"


# --- where a missing plan shows ---------------------------------------------------------


def test_the_entry_form_flags_a_red_result_without_a_plan(owner):
    ind = indicator("HOU1", owner=owner)
    result(ind, actual="40")
    page = client_for(owner).get(url("result_edit", ind)).content.decode()
    assert "HOU1 needs an improvement plan and has none" in page
    assert reverse("governance:improvement_plan_new", args=["HOU1"]) in page


def test_the_entry_form_shows_the_open_plan_instead(owner):
    ind = indicator("HOU1", owner=owner)
    result(ind, actual="40")
    plan(ind, owner)
    page = client_for(owner).get(url("result_edit", ind)).content.decode()
    assert "needs an improvement plan" not in page
    assert "Improvement plan:" in page


def test_the_indicator_page_flags_it(red_twice, owner):
    page = client_for(user_in("cllr", "Councillors")).get(
        reverse("kpis:indicator", args=["RED1"])).content.decode()
    assert "RED1 needs an improvement plan and has none" in page
    assert "Write the improvement plan" not in page  # a councillor does not write it


def test_the_exception_report_flags_it_and_lists_overdue_plan_actions(red_twice, owner):
    p = plan(red_twice["RED2"], owner)
    ImprovementAction.objects.create(plan=p, description="Recruit two officers", owner=owner,
                                     due=date(2026, 11, 1))
    page = client_for(owner).get(reverse("governance:exceptions"),
                                 {"period": PERIOD}).content.decode()
    assert page.count("No improvement plan") == 1  # RED1, not RED2
    assert "Recruit two officers" in page


def test_the_pack_says_which_exceptions_have_no_plan(red_twice, owner):
    plan(red_twice["RED2"], owner, measure_of_success="Green by Q4")
    cog = Committee.objects.create(name="COG", slug="cog", kind="officer_board")
    data = pack_data(cog, Q2, TODAY)
    assert data["plans"]["RED1"] == {"missing": True}
    assert data["plans"]["RED2"]["measure_of_success"] == "Green by Q4"
    from governance import pack_render

    html = pack_render.render_html(data)
    assert "Missing: this indicator needs an improvement plan and has none." in html


# --- the screens --------------------------------------------------------------------------


def test_the_owner_writes_a_plan_through_the_form(red_twice, owner):
    client = client_for(owner)
    new = reverse("governance:improvement_plan_new", args=["RED1"])
    assert client.get(new, {"period": PERIOD}).status_code == 200
    refused = client.post(new, {"owner": owner.pk})
    assert refused.status_code == 400
    assert "Enter the issue" in refused.content.decode()
    done = client.post(new + f"?period={PERIOD}", {
        "owner": owner.pk, "issue": "Red", "action_to_take": "Fix", "timescales": "Q4",
        "resources": "None", "monitoring": "Monthly", "measure_of_success": "Green"})
    made = ImprovementPlan.objects.get()
    assert done.status_code == 302
    assert (made.indicator.code, made.opened_for, made.created_by) == ("RED1", PERIOD, owner)


def test_an_outsider_cannot_open_the_plan_form(red_twice):
    client = client_for(officer("colin"))
    new = reverse("governance:improvement_plan_new", args=["RED1"])
    assert client.get(new).status_code == 403


def test_the_plan_is_closed_through_its_form(red_twice, owner):
    p = plan(red_twice["RED2"], owner)
    client = client_for(owner)
    close = reverse("governance:improvement_plan_close", args=[p.pk])
    assert client.post(close, {"closing_note": ""}).status_code == 400
    client.post(close, {"closing_note": "Green again", "success_met": "no"})
    p.refresh_from_db()
    assert (p.closed_on, p.success_met, p.closing_note) == (TODAY, False, "Green again")
    assert client_for(officer("colin")).get(close).status_code == 403


def test_plan_actions_are_added_and_completed(red_twice, owner):
    p = plan(red_twice["RED2"], owner)
    client = client_for(owner)
    client.post(reverse("governance:improvement_plan_action", args=[p.pk]), {
        "description": "Weekly review", "owner": owner.pk,
        "due_0": "1", "due_1": "12", "due_2": "2026"})
    made = p.actions.get()
    assert (made.description, made.due) == ("Weekly review", date(2026, 12, 1))
    client.post(reverse("governance:improvement_action_complete", args=[made.pk]))
    made.refresh_from_db()
    assert made.completed_on == TODAY


def test_the_plans_list_shows_missing_open_and_closed(red_twice, owner):
    plan(red_twice["RED2"], owner)
    page = client_for(user_in("cllr", "Councillors")).get(
        reverse("governance:improvement_plans")).content.decode()
    assert "1 indicator needs an improvement plan and has none" in page
    assert "RED2 Indicator RED2" in page


def test_the_word_pack_says_so_too(red_twice, owner):
    import io

    from docx import Document

    from governance.pack_docx import render_docx

    cog = Committee.objects.create(name="COG", slug="cog", kind="officer_board")
    document = Document(io.BytesIO(render_docx(pack_data(cog, Q2, TODAY))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Improvement plan: Missing: this indicator needs an improvement plan" in text


def test_the_list_pages_open_and_closed_plans_in_the_same_queries(owner):
    """The plans list shows open plans (or closed ones, most recently closed first), 25 a
    page, and asks the same number of queries for 5 or 50 of them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(owner)

    def make(count: int, start: int) -> None:
        for n in range(start, start + count):
            plan(indicator(f"PL{n:03d}", owner=owner), owner)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("governance:improvement_plans")).status_code == 200
        return len(captured)

    make(5, 0)
    small = queries()
    make(45, 5)
    assert queries() == small
    page = client.get(reverse("governance:improvement_plans")).content.decode()
    assert "Open plans (50)" in page and "Showing 1 to 25 of 50" in page
    assert "PL024" in page and "PL025" not in page
    second = client.get(reverse("governance:improvement_plans"), {"page": "2"}).content.decode()
    assert "PL049" in second and "PL000" not in second
    closed = plan(indicator("SHUT", owner=owner), owner, closed_on=TODAY,
                  closing_note="Back to green", success_met=True)
    shown = client.get(reverse("governance:improvement_plans"), {"show": "closed"})
    body = shown.content.decode()
    assert "Closed plans (1)" in body and closed.indicator.title in body
    assert "measure met" in body and "PL000" not in body
    assert 'href="?show=open#plans"' in body


def test_a_councillor_sees_a_plan_only_once_the_red_it_answers_is_signed_off(owner):
    """A plan says its period's result was red: a councillor, who reads signed-off figures
    only, finds no plan opened for a result still awaiting sign-off (not on the list, its
    page, its overdue actions or the indicator's page) until the result is approved."""
    from kpis.models import Result, ResultStatus

    ind = indicator("WAIT", owner=owner)
    row = result(ind, status=ResultStatus.SUBMITTED, actual="40")
    waiting = plan(ind, owner, measure_of_success="Back above target by March")
    ImprovementAction.objects.create(plan=waiting, description="Recruit two officers",
                                     owner=owner, due=TODAY - timedelta(days=3))
    councillor = client_for(user_in("cllr", "Councillors"))
    listed = councillor.get(reverse("governance:improvement_plans")).content.decode()
    assert "WAIT" not in listed and "Recruit two officers" not in listed
    assert councillor.get(reverse("governance:improvement_plan",
                                  args=[waiting.pk])).status_code == 404
    plan_link = f'href="{reverse("governance:improvement_plan", args=[waiting.pk])}"'
    indicator_page = councillor.get(reverse("kpis:indicator", args=["WAIT"])).content.decode()
    assert plan_link not in indicator_page
    exceptions = councillor.get(reverse("governance:exceptions")).content.decode()
    assert "Recruit two officers" not in exceptions
    # those who work on it see it now
    mine = client_for(owner).get(reverse("governance:improvement_plans")).content.decode()
    assert "WAIT" in mine and "Recruit two officers" in mine
    Result.objects.filter(pk=row.pk).update(status=ResultStatus.APPROVED)
    listed = councillor.get(reverse("governance:improvement_plans")).content.decode()
    assert "WAIT" in listed and "Recruit two officers" in listed
    assert councillor.get(reverse("governance:improvement_plan",
                                  args=[waiting.pk])).status_code == 200
    assert plan_link in councillor.get(reverse("kpis:indicator", args=["WAIT"])).content.decode()
