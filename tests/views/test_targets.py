"""Approvers set next year's targets; the annual review records keep, change or retire."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kpis.models import ReviewDecision, Target
from kpis.roles import PERFORMANCE_TEAM, ensure_role_groups
from tests.factories import add_target, make_indicator, make_org_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    moment = datetime(2027, 2, 10, 12, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def area():
    unit = make_org_unit("Place / Waste")
    approver = make_user("boss")
    unit.approvers.add(approver)
    client = Client()
    client.force_login(approver)
    return unit, client


def test_an_approver_sets_the_annual_target_profile_and_rationale(area):
    unit, client = area
    indicator = make_indicator("TG1", org_unit=unit, collection="cumulative")
    response = client.post(reverse("kpis:target_edit", args=["TG1", "2027-28"]), {
        "annual": "400", "stretch": "450", "target_type": "improve",
        "rationale": "Last year 380; the new contract adds capacity",
        "profile_2027-28-Q1": "100", "profile_2027-28-Q2": "200",
    })
    assert response.status_code == 302
    annual = Target.objects.get(indicator=indicator, period="2027-28")
    assert (annual.target, annual.stretch_target, annual.target_type) == (
        Decimal(400), Decimal(450), "improve"
    )
    assert annual.rationale.startswith("Last year 380")
    profiled = dict(Target.objects.filter(indicator=indicator).exclude(period="2027-28")
                    .values_list("period", "target"))
    assert profiled == {"2027-28-Q1": Decimal(100), "2027-28-Q2": Decimal(200)}
    assert annual.history.first().history_user.username == "boss"


def test_a_target_needs_a_number_a_type_and_a_rationale(area):
    unit, client = area
    make_indicator("TG2", org_unit=unit)
    response = client.post(reverse("kpis:target_edit", args=["TG2", "2027-28"]),
                           {"annual": "lots"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "You typed &#x27;lots&#x27;, which is not a number: enter a number like 85.5" in body
    assert "Choose the type of target" in body
    assert "Enter the rationale for the target" in body
    assert not Target.objects.exists()


def test_someone_outside_the_area_cannot_set_targets():
    make_indicator("TG3", org_unit=make_org_unit("People / Adults"))
    client = Client()
    client.force_login(make_user("outsider"))
    url = reverse("kpis:target_edit", args=["TG3", "2027-28"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"annual": "1", "target_type": "improve",
                             "rationale": "x"}).status_code == 403
    assert not Target.objects.exists()


def test_the_performance_team_sees_which_indicators_lack_next_years_target():
    with_target = make_indicator("HAS")
    add_target(with_target, "2027-28", 10)
    make_indicator("LACKS")
    make_indicator("CTX", status="contextual")
    make_indicator("NOPOL", polarity="none")
    user = make_user("perf")
    user.groups.add(ensure_role_groups()[PERFORMANCE_TEAM])
    client = Client()
    client.force_login(user)
    body = client.get(reverse("kpis:targets_missing")).content.decode()
    assert "Targets still to set for 2027/28" in body
    assert "LACKS" in body
    assert "HAS" not in body and "CTX" not in body and "NOPOL" not in body
    officer = Client()
    officer.force_login(make_user("officer"))
    assert officer.get(reverse("kpis:targets_missing")).status_code == 403


def test_the_annual_review_lists_the_area_and_records_each_decision(area):
    unit, client = area
    make_indicator("RV1", org_unit=unit)
    make_indicator("RV2", org_unit=unit)
    make_indicator("ELSEWHERE", org_unit=make_org_unit("People / Adults"))
    body = client.get(reverse("governance:annual_review")).content.decode()
    assert "RV1" in body and "RV2" in body and "ELSEWHERE" not in body
    response = client.post(reverse("governance:review_decide", args=["RV2", "2027-28"]),
                           {"RV2-decision": "retire", "RV2-note": "Replaced by RV1"})
    assert response.status_code == 302
    decision = ReviewDecision.objects.get()
    assert (decision.indicator.code, decision.year, decision.decision, decision.note) == (
        "RV2", "2027-28", "retire", "Replaced by RV1"
    )
    forbidden = client.post(reverse("governance:review_decide", args=["ELSEWHERE", "2027-28"]),
                            {"ELSEWHERE-decision": "keep"})
    assert forbidden.status_code == 403


def test_an_approver_sees_the_targets_still_to_set_in_their_area_only(area):
    unit, client = area
    make_indicator("MINE", org_unit=unit)
    make_indicator("THEIRS", org_unit=make_org_unit("People / Adults"))
    response = client.get(reverse("kpis:targets_missing"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "MINE" in body and "THEIRS" not in body
    assert client.get(reverse("kpis:target_edit", args=["MINE", "2027-28"])).status_code == 200


def test_the_annual_review_is_for_those_who_sign_off():
    officer = Client()
    officer.force_login(make_user("plain-officer"))
    assert officer.get(reverse("governance:annual_review")).status_code == 403
