"""Raising a risk, changing its description and linked indicators, closing it, and adding
and changing a register (governance/risk_edit_views.py, risk_changes.py): who may, the
rules they share with the admin, the history, the indicator picker and query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import EscalationDecision, Risk, RiskCategory, RiskRegister
from kpis.roles import APPROVERS, OFFICERS
from tests.factories import make_indicator, make_org_unit, make_user
from tests.governance.risk_helpers import make_registers, make_risk

pytestmark = pytest.mark.django_db

PEOPLE = ["owner", "colleague", "performance", "councillor", "auditor", "approver",
          "keeper", "other_approver"]


@pytest.fixture
def regs():
    regs = make_registers()
    from django.contrib.auth.models import Group

    regs.service.org_unit = make_org_unit("Place / Highways")
    regs.service.save()

    def person(username, role):
        user = make_user(username, first_name=username.capitalize(), last_name="Tester")
        user.groups.add(Group.objects.get(name=role))
        return user

    regs.approver = person("abbie", APPROVERS)  # approves for Place: above Highways
    make_org_unit("Place").approvers.add(regs.approver)
    regs.other_approver = person("otto", APPROVERS)
    make_org_unit("Resources").approvers.add(regs.other_approver)
    regs.keeper = person("kim", OFFICERS)  # owns the Highways register
    regs.service.owner = regs.keeper
    regs.service.save()
    return regs


@pytest.fixture
def risk(regs):
    return make_risk("HW01", regs.service, regs.owner, current=(3, 4), inherent=(4, 4),
                     target=(2, 3))


def raise_data(regs, **changes):
    due = date.today() + timedelta(days=90)
    data = {
        "register": str(regs.service.pk), "reference": "HW07", "title": "Potholes after frost",
        "category": str(RiskCategory.objects.get(name="Service delivery").pk),
        "owner": str(regs.owner.pk), "cause": "Because of a hard winter",
        "event": "There is a risk that roads break up",
        "consequence": "Which would lead to claims and injuries",
        "controls": "Winter inspections",
        "inherent_likelihood": "4", "inherent_impact": "4", "likelihood": "3",
        "impact": "4", "target_likelihood": "2", "target_impact": "3",
        "review_due_0": str(due.day), "review_due_1": str(due.month),
        "review_due_2": str(due.year),
    }
    data.update(changes)
    return data


def edit_data(risk, **changes):
    data = {"title": risk.title, "category": str(risk.category_id),
            "owner": str(risk.owner_id), "cause": risk.cause, "event": risk.event,
            "consequence": risk.consequence, "controls": risk.controls}
    data.update(changes)
    return data


# --- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [
    ("performance", 200), ("keeper", 200), ("approver", 200),
    ("owner", 403), ("colleague", 403), ("other_approver", 403), ("councillor", 403),
    ("auditor", 403),
])
def test_only_the_keepers_of_a_register_raise_risks_on_it(client, regs, who, status):
    client.force_login(getattr(regs, who))
    url = reverse("governance:risk_raise", args=["highways"])
    assert client.get(url).status_code == status
    response = client.post(url, raise_data(regs))
    assert response.status_code == (302 if status == 200 else 403)
    assert Risk.objects.filter(reference="HW07").exists() is (status == 200)


@pytest.mark.parametrize(("who", "status"), [
    ("owner", 200), ("performance", 200), ("keeper", 200), ("approver", 200),
    ("colleague", 403), ("other_approver", 403), ("councillor", 403), ("auditor", 403),
])
def test_the_owner_and_the_keepers_change_a_risk(client, regs, risk, who, status):
    client.force_login(getattr(regs, who))
    url = reverse("governance:risk_edit", args=["HW01"])
    assert client.get(url).status_code == status
    response = client.post(url, edit_data(risk, title="A clearer title"))
    assert response.status_code == (302 if status == 200 else 403)
    risk.refresh_from_db()
    assert (risk.title == "A clearer title") is (status == 200)


@pytest.mark.parametrize(("who", "status"), [
    ("performance", 200), ("keeper", 200), ("approver", 200), ("owner", 403),
    ("colleague", 403), ("councillor", 403), ("auditor", 403),
])
def test_only_the_keepers_close_a_risk(client, regs, risk, who, status):
    client.force_login(getattr(regs, who))
    url = reverse("governance:risk_close", args=["HW01"])
    assert client.get(url).status_code == status
    response = client.post(url, {"reason": "Resurfacing finished"})
    assert response.status_code == (302 if status == 200 else 403)
    risk.refresh_from_db()
    assert (risk.closed_on is not None) is (status == 200)


@pytest.mark.parametrize(("who", "status"), [
    ("performance", 200), ("keeper", 403), ("approver", 403), ("owner", 403),
    ("councillor", 403), ("auditor", 403),
])
def test_only_the_risk_managers_add_and_change_registers(client, regs, who, status):
    client.force_login(getattr(regs, who))
    add = reverse("governance:risk_register_add")
    edit = reverse("governance:risk_register_edit", args=["highways"])
    assert client.get(add).status_code == status
    assert client.get(edit).status_code == status
    response = client.post(add, {"name": "Waste Service Risk Register", "level": "service",
                                 "escalates_to": str(regs.directorate.pk)})
    assert response.status_code == (302 if status == 200 else 403)
    assert RiskRegister.objects.filter(name="Waste Service Risk Register").exists() is (
        status == 200)


def test_a_councillor_named_as_a_registers_owner_still_only_reads_it(client, regs, risk):
    regs.service.owner = regs.councillor
    regs.service.save()
    client.force_login(regs.councillor)
    assert client.get(reverse("governance:risk_raise", args=["highways"])).status_code == 403
    assert client.get(reverse("governance:risk_edit", args=["HW01"])).status_code == 403
    page = client.get(reverse("governance:risk_register", args=["highways"])).content.decode()
    assert "Raise a risk" not in page


def test_the_links_are_shown_only_to_those_allowed(client, regs, risk):
    register_url = reverse("governance:risk_register", args=["highways"])
    risk_url = reverse("governance:risk", args=["HW01"])
    client.force_login(regs.keeper)
    page = client.get(register_url).content.decode()
    assert reverse("governance:risk_raise", args=["highways"]) in page
    assert reverse("governance:risk_register_edit", args=["highways"]) not in page
    page = client.get(risk_url).content.decode()
    assert reverse("governance:risk_edit", args=["HW01"]) in page
    assert reverse("governance:risk_close", args=["HW01"]) in page
    client.force_login(regs.owner)
    assert reverse("governance:risk_raise", args=["highways"]) not in client.get(
        register_url).content.decode()
    page = client.get(risk_url).content.decode()
    assert reverse("governance:risk_edit", args=["HW01"]) in page
    assert reverse("governance:risk_close", args=["HW01"]) not in page
    client.force_login(regs.colleague)
    assert reverse("governance:risk_edit", args=["HW01"]) not in client.get(
        risk_url).content.decode()
    client.force_login(regs.performance)
    assert reverse("governance:risk_register_add") in client.get(
        reverse("governance:risk_registers")).content.decode()


def test_a_keeper_chooses_only_among_the_registers_they_keep(client, regs):
    client.force_login(regs.keeper)
    response = client.post(reverse("governance:risk_raise", args=["highways"]),
                           raise_data(regs, register=str(regs.corporate.pk)))
    assert response.status_code == 400
    assert "register" in response.context["form"].errors
    assert not Risk.objects.filter(reference="HW07").exists()


# --- raising a risk ---------------------------------------------------------------------------


def test_raising_a_risk_saves_it_with_its_indicators_and_says_who(client, regs):
    warns = [make_indicator("HW-1", title="Potholes repaired in 28 days"),
             make_indicator("HW-2", title="Highway insurance claims")]
    client.force_login(regs.keeper)
    data = raise_data(regs)
    data["indicators"] = [str(i.pk) for i in warns]
    response = client.post(reverse("governance:risk_raise", args=["highways"]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:risk", args=["HW07"])
    risk = Risk.objects.get(reference="HW07")
    assert (risk.register, risk.owner, risk.opened_on) == (regs.service, regs.owner,
                                                           date.today())
    assert (risk.inherent_score, risk.current_score, risk.target_score) == (16, 12, 6)
    assert set(risk.indicators.all()) == set(warns)
    first = risk.history.earliest()
    assert (first.history_type, first.history_user, first.history_change_reason) == (
        "+", regs.keeper, "Risk raised")
    assert all(h.history_user == regs.keeper for h in risk.history.all())
    page = client.get(response["Location"]).content.decode()
    assert "Risk HW07 raised on the Highways Service Risk Register" in page
    assert "Kim Tester" in page


def test_the_form_suggests_the_registers_next_reference(client, regs, risk):
    client.force_login(regs.keeper)
    response = client.get(reverse("governance:risk_raise", args=["highways"]))
    assert response.context["form"].initial["reference"] == "HW02"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"likelihood": "5", "impact": "5"}, "likelihood",
     "current score cannot be higher than the score before controls"),
    ({"target_likelihood": "4", "target_impact": "4"}, "target_likelihood",
     "target score cannot be higher than the current score"),
    ({"likelihood": "6"}, "likelihood", "Select a valid choice"),
    ({"inherent_impact": ""}, "inherent_impact", "Choose the impact: before controls"),
    ({"cause": ""}, "cause", "Enter the cause"),
    ({"owner": ""}, "owner", "Choose the risk owner"),
    ({"reference": "CR01"}, "reference", "That reference is taken"),
    ({"reference": "HW 7!"}, "reference", "Use letters, numbers and hyphens"),
    ({"review_due_0": "1", "review_due_1": "1", "review_due_2": "2020"}, "review_due",
     "must be after today"),
    ({"review_due_0": "31", "review_due_1": "2", "review_due_2": "2030"}, "review_due",
     "Next review must be a real date"),
    ({"indicators": ["999999"]}, "indicators", "Choose indicators from the search results"),
])
def test_a_risk_that_breaks_a_rule_is_not_raised(client, regs, changes, field, message):
    make_risk("CR01", regs.corporate, regs.owner)
    client.force_login(regs.performance)
    response = client.post(reverse("governance:risk_raise", args=["highways"]),
                           raise_data(regs, **changes))
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    page = response.content.decode()
    assert "<title>Error: " in page and "There is a problem" in page
    assert Risk.objects.count() == 1


def test_no_more_than_thirty_indicators_are_linked(client, regs):
    many = [make_indicator(f"M{n:02d}") for n in range(31)]
    client.force_login(regs.performance)
    data = raise_data(regs)
    data["indicators"] = [str(i.pk) for i in many]
    response = client.post(reverse("governance:risk_raise", args=["highways"]), data)
    assert "no more than 30" in str(response.context["form"].errors["indicators"])
    assert not Risk.objects.exists()


def test_the_admin_keeps_the_same_score_rules(admin_client, regs):
    """The admin's form asks the model, as the screens do: one rule, two ways in."""
    data = raise_data(regs, likelihood="5", impact="5", review_due=(
        date.today() + timedelta(days=30)).isoformat(), opened_on=date.today().isoformat())
    data.update({"actions-TOTAL_FORMS": "0", "actions-INITIAL_FORMS": "0"})
    response = admin_client.post(reverse("admin:governance_risk_add"), data)
    assert response.status_code == 200
    assert "current score cannot be higher" in response.content.decode()
    assert not Risk.objects.exists()


# --- changing a risk --------------------------------------------------------------------------


def test_the_owner_changes_the_description_and_indicators_but_not_the_owner(client, regs, risk):
    linked = make_indicator("HW-1")
    added = make_indicator("HW-2")
    risk.indicators.add(linked)
    client.force_login(regs.owner)
    response = client.post(reverse("governance:risk_edit", args=["HW01"]), edit_data(
        risk, controls="Winter inspections and a salt reserve", indicators=[str(added.pk)],
        owner=str(regs.colleague.pk), category=str(RiskCategory.objects.get(
            name="Financial").pk)))
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.controls == "Winter inspections and a salt reserve"
    assert list(risk.indicators.all()) == [added]
    assert risk.owner == regs.owner  # the owner's own fields are shown but not changed
    assert risk.category.name == "Service delivery"
    latest = risk.history.latest()
    assert latest.history_user == regs.owner
    page = client.get(reverse("governance:risk", args=["HW01"])).content.decode()
    assert "Winter inspections and a salt reserve" in page
    assert "Description changed" in page


def test_a_keeper_gives_the_risk_another_owner(client, regs, risk):
    client.force_login(regs.keeper)
    client.post(reverse("governance:risk_edit", args=["HW01"]),
                edit_data(risk, owner=str(regs.colleague.pk)))
    risk.refresh_from_db()
    assert risk.owner == regs.colleague
    assert risk.history.latest().history_user == regs.keeper


def test_the_edit_screen_never_changes_the_scores(client, regs, risk):
    client.force_login(regs.performance)
    client.post(reverse("governance:risk_edit", args=["HW01"]),
                edit_data(risk, likelihood="1", impact="1", review_due_2="2030"))
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact) == (3, 4)


def test_a_change_that_breaks_a_rule_saves_nothing(client, regs, risk):
    linked = make_indicator("HW-1")
    risk.indicators.add(linked)
    client.force_login(regs.owner)
    response = client.post(reverse("governance:risk_edit", args=["HW01"]),
                           edit_data(risk, title="", indicators=[]))
    assert response.status_code == 400
    assert "Enter a title for the risk" in str(response.context["form"].errors["title"])
    risk.refresh_from_db()
    assert risk.title == "Risk HW01" and list(risk.indicators.all()) == [linked]


def test_saving_without_a_change_writes_no_history(client, regs, risk):
    before = risk.history.count()
    client.force_login(regs.owner)
    response = client.post(reverse("governance:risk_edit", args=["HW01"]), edit_data(risk),
                           follow=True)
    assert "Nothing was changed on HW01" in response.content.decode()
    assert risk.history.count() == before


def test_a_closed_risk_is_not_changed(client, regs, risk):
    risk.closed_on = date.today()
    risk.save()
    client.force_login(regs.performance)
    assert client.get(reverse("governance:risk_edit", args=["HW01"])).status_code == 403
    assert client.get(reverse("governance:risk_close", args=["HW01"])).status_code == 403


# --- closing a risk ---------------------------------------------------------------------------


def test_closing_needs_a_reason(client, regs, risk):
    client.force_login(regs.keeper)
    response = client.post(reverse("governance:risk_close", args=["HW01"]), {"reason": ""})
    assert response.status_code == 400
    assert "Enter why the risk is being closed" in response.content.decode()
    risk.refresh_from_db()
    assert risk.closed_on is None


def test_a_closed_risk_stays_on_the_record_with_its_reason(client, regs, risk):
    client.force_login(regs.keeper)
    client.post(reverse("governance:risk_close", args=["HW01"]),
                {"reason": "Resurfacing programme finished"})
    risk.refresh_from_db()
    assert risk.closed_on == date.today()
    decision = risk.decisions.get()
    assert (decision.decision, decision.decided_by, decision.reason) == (
        EscalationDecision.Decision.CLOSE, regs.keeper, "Resurfacing programme finished")
    assert risk.history.latest().history_user == regs.keeper
    register = client.get(reverse("governance:risk_register", args=["highways"]))
    assert register.context["standings"] == []
    page = register.content.decode()
    assert "Closed risks" in page and "Resurfacing programme finished" in page
    page = client.get(reverse("governance:risk", args=["HW01"])).content.decode()
    assert "closed" in page and "Resurfacing programme finished" in page


# --- registers --------------------------------------------------------------------------------


def test_adding_a_register_gives_it_an_address_and_says_who(client, regs):
    client.force_login(regs.performance)
    response = client.post(reverse("governance:risk_register_add"), {
        "name": "Waste Service Risk Register", "level": "service",
        "escalates_to": str(regs.directorate.pk), "owner": str(regs.keeper.pk),
        "org_unit": str(regs.service.org_unit_id),
    })
    register = RiskRegister.objects.get(name="Waste Service Risk Register")
    assert response["Location"] == reverse("governance:risk_register",
                                           args=["waste-service-risk-register"])
    assert (register.escalates_to, register.owner) == (regs.directorate, regs.keeper)
    assert register.history.get().history_user == regs.performance


def test_a_register_with_a_taken_name_gets_a_clear_message(client, regs):
    client.force_login(regs.performance)
    response = client.post(reverse("governance:risk_register_add"), {
        "name": "Corporate Risk Register", "level": "corporate"})
    assert response.status_code == 400
    assert "A register with that name already exists" in response.content.decode()


@pytest.mark.parametrize("above", ["service", "directorate"])
def test_a_register_cannot_escalate_into_a_loop(client, regs, above):
    client.force_login(regs.performance)
    response = client.post(reverse("governance:risk_register_edit", args=["corporate"]), {
        "name": "Corporate Risk Register", "level": "corporate",
        "escalates_to": str(getattr(regs, above).pk)})
    assert response.status_code == 400
    assert "cannot escalate to itself or to a register beneath it" in str(
        response.context["form"].errors["escalates_to"])
    regs.corporate.refresh_from_db()
    assert regs.corporate.escalates_to is None


def test_a_register_cannot_escalate_to_itself(client, regs):
    client.force_login(regs.performance)
    response = client.post(reverse("governance:risk_register_edit", args=["highways"]), {
        "name": "Highways Service Risk Register", "level": "service",
        "escalates_to": str(regs.service.pk)})
    assert response.status_code == 400
    regs.service.refresh_from_db()
    assert regs.service.escalates_to == regs.directorate


def test_the_admin_refuses_a_loop_too(admin_client, regs):
    response = admin_client.post(
        reverse("admin:governance_riskregister_change", args=[regs.corporate.pk]),
        {"name": "Corporate Risk Register", "slug": "corporate", "level": "corporate",
         "escalates_to": str(regs.service.pk)})
    assert response.status_code == 200
    assert "cannot escalate to itself or to a register beneath it" in response.content.decode()
    regs.corporate.refresh_from_db()
    assert regs.corporate.escalates_to is None


def test_changing_a_register_keeps_its_address(client, regs):
    client.force_login(regs.performance)
    response = client.post(reverse("governance:risk_register_edit", args=["highways"]), {
        "name": "Highways and Transport Risk Register", "level": "service",
        "escalates_to": str(regs.directorate.pk)})
    assert response["Location"] == reverse("governance:risk_register", args=["highways"])
    regs.service.refresh_from_db()
    assert regs.service.name == "Highways and Transport Risk Register"
    assert regs.service.history.latest().history_user == regs.performance


def test_the_register_form_shows_the_thresholds_of_the_scheme(client, regs):
    client.force_login(regs.performance)
    page = client.get(reverse("governance:risk_register_add")).content.decode()
    assert "Flagged for escalation at a current score of" in page
    assert "12 or more" in page  # a service register, by the default scheme


# --- the indicator picker ---------------------------------------------------------------------


def _search(client, search, chosen=()):
    return client.get(reverse("governance:risk_indicator_search"),
                      {"indicator_search": search, "indicators": [str(c) for c in chosen]})


def test_the_picker_finds_indicators_by_every_word_of_code_or_title(client, regs):
    make_indicator("HW-1", title="Potholes repaired in 28 days")
    make_indicator("HW-2", title="Highway insurance claims")
    make_indicator("OLD", title="Potholes reported", status="retired")
    client.force_login(regs.owner)
    response = _search(client, "pothole 28")
    assert [i.code for i in response.context["picker"]["matches"]] == ["HW-1"]
    assert _search(client, "hw-").context["picker"]["found"] == 2
    page = _search(client, "nothing like it").content.decode()
    assert "No indicators match ‘nothing like it’" in page


def test_the_picker_keeps_the_chosen_and_does_not_offer_them_twice(client, regs):
    chosen = make_indicator("HW-1", title="Potholes repaired")
    make_indicator("HW-2", title="Potholes reported")
    client.force_login(regs.owner)
    response = _search(client, "potholes", chosen=[chosen.pk])
    picker = response.context["picker"]
    assert picker["chosen"] == [chosen]
    assert [i.code for i in picker["matches"]] == ["HW-2"]
    assert f'value="{chosen.pk}" checked' in response.content.decode()


def test_the_picker_shows_the_first_twenty_of_two_thousand_in_a_fixed_number_of_queries(
        client, regs):
    from kpis.models import Indicator

    unit = make_org_unit()
    template = make_indicator("X0000")
    first = template.pk
    rows = []
    for n in range(1, 2000):
        template.pk = None
        template.code = f"X{n:04d}"
        template.title = f"Indicator number {n}"
        template.org_unit = unit
        rows.append(Indicator(**{f.attname: getattr(template, f.attname)
                                 for f in Indicator._meta.concrete_fields}))
    Indicator.objects.bulk_create(rows)
    client.force_login(regs.owner)
    with CaptureQueriesContext(connection) as queries:
        response = _search(client, "indicator", chosen=[first])
    picker = response.context["picker"]
    assert picker["found"] == 1999 and len(picker["matches"]) == 20
    assert "the first 20 are shown" in response.content.decode()
    assert response.content.decode().count('name="indicators"') == 21
    assert len(queries) <= 12


def test_the_search_button_without_javascript_shows_matches_and_saves_nothing(client, regs):
    make_indicator("HW-1", title="Potholes repaired")
    client.force_login(regs.keeper)
    data = raise_data(regs, title="", indicator_search="pothole", find_indicators="1")
    response = client.post(reverse("governance:risk_raise", args=["highways"]), data)
    assert response.status_code == 200
    assert [i.code for i in response.context["picker"]["matches"]] == ["HW-1"]
    page = response.content.decode()
    assert "There is a problem" not in page
    assert "Because of a hard winter" in page  # what was typed is kept
    assert not Risk.objects.exists()


def test_councillors_and_auditors_cannot_use_the_picker(client, regs):
    for who in (regs.councillor, regs.auditor):
        client.force_login(who)
        assert _search(client, "x").status_code == 403


# --- query counts -----------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_register_page_queries_do_not_grow_with_risks_open_or_closed(client, regs):
    client.force_login(regs.keeper)
    url = reverse("governance:risk_register", args=["highways"])

    def add(first, last):
        for n in range(first, last):
            r = make_risk(f"A{n:02d}", regs.service, regs.owner)
            if n % 5 == 0:
                r.closed_on = date.today()
                r.save()
                EscalationDecision.objects.create(
                    risk=r, decision="close", from_register=regs.service, current_score=9,
                    reason="Gone", decided_by=regs.performance, decided_at=timezone.now())

    add(0, 5)
    few = _queries(client, url)
    add(5, 50)
    assert _queries(client, url) == few


@pytest.mark.parametrize("name", ["risk_raise", "risk_edit"])
def test_the_forms_do_not_list_every_indicator(client, regs, risk, name):
    for n in range(40):
        make_indicator(f"Z{n:02d}")
    client.force_login(regs.performance)
    url = reverse(f"governance:{name}", args=["highways" if name == "risk_raise" else "HW01"])
    page = client.get(url).content.decode()
    assert "Z05" not in page
