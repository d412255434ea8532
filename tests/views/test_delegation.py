"""Delegation: an owner or approver lets a colleague enter results until a date."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kpis.models import Delegation
from kpis.permissions import can_enter
from tests.factories import make_indicator, make_org_unit, make_user
from tests.views.entry_helpers import officer, user_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    moment = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_owner_delegates_until_a_date_and_the_colleague_can_enter():
    owner, colleague = make_user("owner"), officer("cover", first_name="Cara")
    indicator = make_indicator("DG1", owner=owner)
    response = client_for(owner).post(
        reverse("kpis:delegate", args=["DG1"]),
        {"delegate": colleague.pk, "ends_on_0": "31", "ends_on_1": "3", "ends_on_2": "2027"},
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.delegate, delegation.ends_on, delegation.granted_by) == (
        colleague, date(2027, 3, 31), owner
    )
    assert can_enter(colleague, indicator, date(2027, 3, 31))
    assert not can_enter(colleague, indicator, date(2027, 4, 1))
    edit = reverse("kpis:result_edit", args=["DG1", "2026-27-Q2"])
    assert client_for(colleague).get(edit).status_code == 200


def test_an_approver_of_the_unit_may_delegate_but_a_colleague_may_not():
    unit = make_org_unit("People / Adults")
    approver, outsider = make_user("boss"), make_user("outsider")
    unit.approvers.add(approver)
    make_indicator("DG2", owner=make_user("owner"), org_unit=unit)
    url = reverse("kpis:delegate", args=["DG2"])
    assert client_for(approver).get(url).status_code == 200
    assert client_for(outsider).get(url).status_code == 403
    response = client_for(outsider).post(
        url, {"delegate": outsider.pk, "ends_on_0": "1", "ends_on_1": "1", "ends_on_2": "2027"}
    )
    assert response.status_code == 403
    assert not Delegation.objects.exists()


def test_a_date_in_the_past_is_refused():
    owner, colleague = make_user("owner"), officer("cover")
    make_indicator("DG3", owner=owner)
    response = client_for(owner).post(
        reverse("kpis:delegate", args=["DG3"]),
        {"delegate": colleague.pk, "ends_on_0": "1", "ends_on_1": "1", "ends_on_2": "2020"},
    )
    assert response.status_code == 400
    assert "The last day must be today or in the future" in response.content.decode()
    assert not Delegation.objects.exists()


def test_ending_a_delegation_removes_the_colleagues_access():
    owner, colleague = make_user("owner"), officer("cover")
    indicator = make_indicator("DG4", owner=owner)
    delegation = Delegation.objects.create(
        indicator=indicator, delegate=colleague, ends_on=date(2027, 1, 1)
    )
    client_for(owner).post(reverse("kpis:delegation_end", args=["DG4", delegation.pk]))
    assert not Delegation.objects.exists()
    assert not can_enter(colleague, indicator, date(2026, 11, 23))


@pytest.mark.parametrize("role", ["Councillors", "Auditors"])
def test_entry_is_never_delegated_to_a_councillor_or_an_auditor(role):
    owner, reader = make_user("owner"), user_in("reader", role)
    indicator = make_indicator("DG9", owner=owner)
    page = client_for(owner).get(reverse("kpis:delegate", args=["DG9"])).content.decode()
    assert f'value="{reader.pk}"' not in page
    response = client_for(owner).post(
        reverse("kpis:delegate", args=["DG9"]),
        {"delegate": reader.pk, "ends_on_0": "31", "ends_on_1": "3", "ends_on_2": "2027"},
    )
    assert response.status_code == 400
    assert not Delegation.objects.exists()
    # A delegation made some other way (the admin, before this rule) still lets them in nowhere.
    Delegation.objects.create(indicator=indicator, delegate=reader, ends_on=date(2027, 3, 31))
    assert not can_enter(reader, indicator, date(2026, 11, 23))
    edit = reverse("kpis:result_edit", args=["DG9", "2026-27-Q2"])
    assert client_for(reader).get(edit).status_code == 403


def test_the_admin_refuses_a_delegation_to_a_councillor():
    from django.core.exceptions import ValidationError

    delegation = Delegation(indicator=make_indicator("DG8"),
                            delegate=user_in("cllr", "Councillors"), ends_on=date(2027, 3, 31))
    with pytest.raises(ValidationError, match="never to a councillor"):
        delegation.full_clean()


def test_nobody_is_offered_themselves_as_a_delegate():
    boss = user_in("boss", "Approvers")
    make_org_unit("Resources / Finance").approvers.add(boss)
    make_indicator("DG7", owner=make_user("owner"))
    page = client_for(boss).get(reverse("kpis:delegate", args=["DG7"])).content.decode()
    assert f'value="{boss.pk}"' not in page


# --- the searchable picker ---------------------------------------------------------------


@pytest.fixture
def picker():
    owner = make_user("owner")
    make_indicator("DG5", owner=owner)
    people = {
        "alice": officer("akhan", first_name="Alice", last_name="Khan"),
        "alan": officer("ajones", first_name="Alan", last_name="Jones"),
        "bea": user_in("bkhan", "Approvers", first_name="Bea", last_name="Khan"),
        "petra": user_in("petra", "Performance team", first_name="Petra", last_name="Long"),
        "nobody": make_user("norole", first_name="Nora", last_name="Khan"),
        "gone": officer("gone", first_name="Gary", last_name="Khan", is_active=False),
        "cllr": user_in("cllr", "Councillors", first_name="Colin", last_name="Khan"),
    }
    return client_for(owner), people


def offered(body: str) -> set[str]:
    import re

    select = body.split('name="delegate"')[1].split("</select>")[0]
    return set(re.findall(r'<option value="\d+"[^>]*>([^<(]+) \(', select))


def test_only_people_who_may_enter_results_are_offered(picker):
    client, _ = picker
    body = client.get(reverse("kpis:delegate", args=["DG5"])).content.decode()
    assert offered(body) == {"Alice Khan", "Alan Jones", "Bea Khan", "Petra Long"}


def test_a_search_narrows_the_list_without_javascript(picker):
    client, _ = picker
    body = client.get(reverse("kpis:delegate", args=["DG5"]), {"q": "khan"}).content.decode()
    assert offered(body) == {"Alice Khan", "Bea Khan"}  # not Nora, Gary or Colin Khan
    assert "2 colleagues match ‘khan’" in body
    both = client.get(reverse("kpis:delegate", args=["DG5"]), {"q": "al kha"})
    assert offered(both.content.decode()) == {"Alice Khan"}
    by_username = client.get(reverse("kpis:delegate", args=["DG5"]), {"q": "AJONES"})
    assert offered(by_username.content.decode()) == {"Alan Jones"}


def test_a_search_that_finds_nobody_says_so(picker):
    client, _ = picker
    body = client.get(reverse("kpis:delegate", args=["DG5"]),
                      {"q": "<b>zed</b>"}).content.decode()
    assert "Nobody who may enter results matches ‘&lt;b&gt;zed&lt;/b&gt;’" in body
    assert "<b>zed</b>" not in body
    assert offered(body) == set()


def test_the_choice_is_checked_against_everyone_who_may_be_chosen(picker):
    client, people = picker
    url = reverse("kpis:delegate", args=["DG5"]) + "?q=jones"
    response = client.post(url, {"delegate": people["bea"].pk, "ends_on_0": "31",
                                 "ends_on_1": "3", "ends_on_2": "2027"})
    assert response.status_code == 302
    assert Delegation.objects.get().delegate == people["bea"]
    for name in ("nobody", "gone", "cllr"):
        refused = client.post(url, {"delegate": people[name].pk, "ends_on_0": "31",
                                    "ends_on_1": "3", "ends_on_2": "2027"})
        assert refused.status_code == 400, name
    assert Delegation.objects.count() == 1
