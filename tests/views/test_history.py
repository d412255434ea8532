"""The indicator's history: delegations, tolerances, RAG policies, review decisions and
results, with names and dates as people read them, never ids or timestamps."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from kpis.models import Delegation, PolicyAssignment, RagPolicy, ToleranceRule
from kpis.roles import PERFORMANCE_TEAM, ensure_role_groups
from tests.views.entry_helpers import (
    approver,
    client_for,
    form,
    frozen,
    indicator,
    officer,
    url,
)

pytestmark = pytest.mark.django_db

RAW_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")


@pytest.fixture
def clock():
    with frozen() as traveller:  # 23 November 2026, 12:00 in London
        yield traveller


@pytest.fixture
def olive():
    return officer("olive", first_name="Olive", last_name="Owens")


@pytest.fixture
def dev():
    return officer("dev", first_name="Dev", last_name="Delegate")


@pytest.fixture
def alan():
    return approver("alan", first_name="Alan", last_name="Approver")


@pytest.fixture
def mine(olive):
    return indicator("HOU1", owner=olive)


@pytest.fixture
def petra():
    user = officer("petra", first_name="Petra", last_name="Performance", is_staff=True)
    user.groups.add(ensure_role_groups()[PERFORMANCE_TEAM])
    return user


def history(client, ind) -> str:
    """The page's history table, as text."""
    page = client.get(reverse("kpis:indicator", args=[ind.code])).content.decode()
    table = page.split("History of changes", 1)[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table))


def rows(client, ind) -> list[str]:
    page = client.get(reverse("kpis:indicator", args=[ind.code])).content.decode()
    table = page.split("History of changes", 1)[1].split("<tbody", 1)[1]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)]


def test_ending_a_delegation_keeps_who_ended_it_when_and_why(clock, olive, dev, alan, mine):
    """Given Olive lets Dev enter results until 31 March 2027,
    When Alan, her approver, ends the delegation a week later,
    Then Dev can no longer enter results, and the history says Alan ended it, when and why."""
    clock.shift(timedelta(hours=1))
    response = client_for(olive).post(
        reverse("kpis:delegate", args=[mine.code]),
        {"delegate": dev.pk, "ends_on_0": "31", "ends_on_1": "3", "ends_on_2": "2027"},
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    clock.shift(timedelta(days=7, hours=9, minutes=36))

    response = client_for(alan).post(
        reverse("kpis:delegation_end", args=[mine.code, delegation.pk])
    )

    assert response.status_code == 302
    assert not Delegation.objects.exists()
    ended = Delegation.history.latest()
    assert (ended.history_type, ended.history_user) == ("-", alan)
    assert ended.history_change_reason == "Ended early: it was to run until 31 March 2027"
    assert rows(client_for(olive), mine) == [
        "30 November 2026, 22:36 Alan Approver Delegation to Dev Delegate Ended "
        "Ended early: it was to run until 31 March 2027",
        "23 November 2026, 13:00 Olive Owens Delegation to Dev Delegate "
        "Granted until: 31 March 2027",
        "23 November 2026, 12:00 System Target for 2026/27 Created",
        "23 November 2026, 12:00 System Indicator Created",
    ]


def test_a_change_of_person_shows_names_and_moments_not_ids_and_timestamps(
    clock, olive, dev, mine
):
    """Given Olive saved a draft at noon and her delegate Dev changed it that evening,
    Then the history names both and gives both times as people read them."""
    Delegation.objects.create(indicator=mine, delegate=dev, granted_by=olive,
                              ends_on="2026-12-31")
    client_for(olive).post(url("result_edit", mine), form("80"))
    clock.shift(timedelta(hours=10, minutes=36))
    client_for(dev).post(url("result_edit", mine), form("95", version=1))

    text = history(client_for(olive), mine)
    assert "Entered by: Olive Owens → Dev Delegate" in text
    assert "Entered at: 23 November 2026, 12:00 → 23 November 2026, 22:36" in text
    assert f"Entered by: {olive.pk}" not in text
    assert not RAW_TIMESTAMP.search(text), text


def test_status_changes_show_their_labels(clock, olive, alan, mine):
    client_for(olive).post(url("result_submit", mine), form("95"))
    clock.shift(timedelta(hours=1))
    client_for(alan).post(url("result_approve", mine))

    text = history(client_for(olive), mine)
    assert "Status: Awaiting sign-off → Approved" in text
    assert "submitted" not in text and "approved →" not in text


def test_tolerance_and_policy_changes_in_the_admin_are_in_the_indicators_history(
    clock, olive, petra, mine
):
    """Given the performance team sets a 5% tolerance and a RAG policy for HOU1 in the
    admin, and later widens the tolerance,
    Then HOU1's history shows each change, by whom, in words."""
    admin = client_for(petra)
    response = admin.post(reverse("admin:kpis_tolerancerule_add"), {
        "scope": "indicator", "indicator": mine.pk, "applies_from": "2026-27",
        "tolerance_pct": "5", "tolerance_abs": "", "note": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = RagPolicy.objects.create(name="Ten per cent band", kind="target_band",
                                      amber_band=10)
    response = admin.post(reverse("admin:kpis_policyassignment_add"), {
        "scope": "indicator", "indicator": mine.pk, "applies_from": "2026-27",
        "policy": policy.pk,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    clock.shift(timedelta(days=1))
    rule = ToleranceRule.objects.get(indicator=mine)
    response = admin.post(reverse("admin:kpis_tolerancerule_change", args=[rule.pk]), {
        "scope": "indicator", "indicator": mine.pk, "applies_from": "2026-27",
        "tolerance_pct": "7.5", "tolerance_abs": "", "note": "Seasonal data",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PolicyAssignment.history.get().history_user == petra

    assert rows(client_for(olive), mine) == [
        "24 November 2026, 12:00 Petra Performance Tolerance from 2026/27 "
        "Tolerance (% of target): 5% → 7.5% Note: (blank) → Seasonal data",
        "23 November 2026, 12:00 Petra Performance RAG policy from 2026/27 "
        "Assigned: Ten per cent band",
        "23 November 2026, 12:00 Petra Performance Tolerance from 2026/27 "
        "Set: amber within 5% of the target",
        "23 November 2026, 12:00 System Target for 2026/27 Created",
        "23 November 2026, 12:00 System Indicator Created",
    ]


def test_a_review_decision_is_recorded_with_who_decided(clock, olive, alan, mine):
    decide = reverse("governance:review_decide", args=[mine.code, "2027-28"])
    client_for(alan).post(decide, {"HOU1-decision": "keep", "HOU1-note": ""})
    clock.shift(timedelta(hours=2))
    client_for(alan).post(decide, {"HOU1-decision": "retire", "HOU1-note": "Superseded"})

    text = history(client_for(olive), mine)
    assert "Annual review for 2027/28" in text
    assert "Decision: Keep as it is" in text
    assert "Decision: Keep as it is → Retire" in text
    assert "Note: (blank) → Superseded" in text
    assert "Alan Approver" in text
    assert not RAW_TIMESTAMP.search(text)


def test_the_admin_shows_the_history_of_each_new_model(clock, olive, petra, mine):
    delegation = Delegation.objects.create(indicator=mine, delegate=petra, granted_by=olive,
                                           ends_on="2027-01-31")
    response = client_for(petra).get(
        reverse("admin:kpis_delegation_history", args=[delegation.pk])
    )
    assert response.status_code == 200


def test_figures_periods_and_statuses_read_as_people_say_them_and_versions_are_hidden(
    clock, olive, alan
):
    """Given a money indicator whose result was entered, changed and approved,
    Then its history gives pounds with commas, the period as Q2 2026/27 and status labels,
    and says nothing of version numbers."""
    money = indicator("FIN1", owner=olive, unit="currency", target=6_000_000)
    client_for(olive).post(url("result_edit", money), form("6692013"))
    clock.shift(timedelta(hours=1))
    client_for(olive).post(url("result_submit", money), form("6700000", version=1))
    clock.shift(timedelta(hours=1))
    client_for(alan).post(url("result_approve", money))

    text = history(client_for(olive), money)
    assert "Result for Q2 2026/27" in text
    assert "Actual: £6,692,013 → £6,700,000" in text
    assert "Status: Draft → Awaiting sign-off" in text
    assert "Status: Awaiting sign-off → Approved" in text
    assert "Version" not in text
    assert "Target for 2026/27" in text
    assert "2026-27" not in text and "6692013" not in text
    assert not RAW_TIMESTAMP.search(text)


def test_the_admins_history_page_is_in_the_same_words(clock, olive, alan, petra):
    """The register's own history page (django-simple-history's) names people, gives
    labels and figures with units and UK times, and hides the version."""
    money = indicator("FIN1", owner=olive, unit="currency", target=6_000_000)
    client_for(olive).post(url("result_edit", money), form("6692013"))
    clock.shift(timedelta(hours=10, minutes=36))
    client_for(olive).post(url("result_submit", money), form("6700000", version=1))
    result = money.results.get()

    page = client_for(petra).get(reverse("admin:kpis_result_history", args=[result.pk]))
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())))
    assert page.status_code == 200
    assert "Actual: £6,692,013 → £6,700,000" in text
    assert "Status: Draft → Awaiting sign-off" in text
    assert "23 November 2026, 22:36" in text and "Olive Owens" in text
    assert "FIN1 Q2 2026/27: £6,700,000" in text
    assert "Version:" not in text and "submitted" not in text
    assert f"Entered by: {olive.pk}" not in text
    assert not RAW_TIMESTAMP.search(text), text
    assert not re.search(r"\d\.\d*0{3,}\b", text)
