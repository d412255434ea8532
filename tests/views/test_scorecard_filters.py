"""The scorecard filtered and grouped by pillar, directorate, service, level and RAG; each
indicator linked to its page; unsigned figures and earlier figures said in words."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kpis.models import CorporatePlan, Indicator, OrgUnit, Pillar
from tests.factories import add_result, add_target, make_indicator, make_org_unit
from tests.views.entry_helpers import client_for, officer, performance_team, user_in

pytestmark = pytest.mark.django_db

SCORECARD = reverse("reporting:scorecard")
AS_AT = "2025-26-Q2"


@pytest.fixture
def register():
    """Five quarterly indicators with target 90 in two directorates and two pillars:
    red, amber, green, one whose latest figure is Q1's, and one awaiting sign-off."""
    plan = CorporatePlan.objects.create(title="Plan", starts="2024-25", ends="2027-28")
    homes = Pillar.objects.create(plan=plan, number=1, title="Homes")
    roads = Pillar.objects.create(plan=plan, number=2, title="Roads")
    rows = {}
    for code, unit, pillar, level, actual in [
        ("HOU1", "Place / Housing", homes, Indicator.Level.CORPORATE_KPI, "70"),
        ("HOU2", "Place / Housing / Lettings", homes, Indicator.Level.TEAM_PI, "85"),
        ("RDS1", "Place / Roads", roads, Indicator.Level.SERVICE_PI, "95"),
        ("SCH1", "People / Schools", homes, Indicator.Level.SERVICE_PI, None),
        ("PPL1", "People", roads, Indicator.Level.DIRECTORATE_PI, "96"),
    ]:
        ind = make_indicator(code, org_unit=make_org_unit(unit), level=level,
                             title=f"Title of {code}")
        ind.pillars.add(pillar)
        add_target(ind, "2025-26", 90)
        add_result(ind, "2025-26-Q1", 91)
        if actual is not None:
            add_result(ind, AS_AT, actual, status="submitted" if code == "PPL1" else "approved")
        rows[code] = ind
    return rows


@pytest.fixture
def petra():
    return client_for(performance_team("petra"))


def codes(body: str) -> list[str]:
    return re.findall(r'<a class="govuk-link" href="/indicators/([A-Z0-9]+)/">\1</a>', body)


def get(client, **data) -> str:
    response = client.get(SCORECARD, {"period": AS_AT, **data})
    assert response.status_code == 200
    return response.content.decode()


def test_each_indicator_links_to_its_page(petra, register):
    body = get(petra)
    assert codes(body) == ["HOU1", "HOU2", "PPL1", "RDS1", "SCH1"]


def test_it_filters_by_pillar(petra, register):
    pillar = Pillar.objects.get(title="Roads")
    assert codes(get(petra, pillar=pillar.pk)) == ["PPL1", "RDS1"]


def test_it_filters_by_directorate(petra, register):
    people = OrgUnit.objects.get(path="People")
    assert codes(get(petra, directorate=people.pk)) == ["PPL1", "SCH1"]


def test_it_filters_by_service_with_its_teams(petra, register):
    housing = OrgUnit.objects.get(path="Place / Housing")
    body = get(petra, service=housing.pk)
    assert codes(body) == ["HOU1", "HOU2"]
    assert "2 indicators" in body


def test_it_filters_by_level(petra, register):
    assert codes(get(petra, level="service_pi")) == ["RDS1", "SCH1"]


@pytest.mark.parametrize(("rag", "shown"), [
    ("RED", ["HOU1"]), ("AMBER", ["HOU2"]), ("GREEN", ["PPL1", "RDS1", "SCH1"]),
    ("BLUE", []),
])
def test_it_filters_by_rag(petra, register, rag, shown):
    body = get(petra, rag=rag)
    assert codes(body) == shown
    if not shown:
        assert "No indicators match these filters." in body


def test_filters_combine(petra, register):
    housing = OrgUnit.objects.get(path="Place / Housing")
    assert codes(get(petra, service=housing.pk, rag="AMBER")) == ["HOU2"]


@pytest.mark.parametrize(("group", "headings"), [
    ("pillar", ["1. Homes", "2. Roads"]),
    ("directorate", ["People", "Place"]),
    ("service", ["People / Schools", "People: held at directorate level", "Place / Housing",
                 "Place / Roads"]),
    ("level", ["Corporate KPI", "Directorate PI", "Service PI", "Team PI"]),
    ("rag", ["Red", "Amber", "Green"]),
])
def test_it_groups_the_rows_under_headings_in_a_sensible_order(petra, register, group,
                                                               headings):
    body = get(petra, group=group)
    assert re.findall(r'<th scope="colgroup" colspan="10" class="govuk-table__header">(.*?)'
                      r"</th>", body) == headings
    assert "aria-sort" not in body  # grouped rows keep their groups: no sorting by column


def test_grouping_by_pillar_puts_each_row_under_its_pillar(petra, register):
    body = get(petra, group="pillar")
    homes, roads = body.split("2. Roads</th>")
    assert codes(homes) == ["HOU1", "HOU2", "SCH1"] and codes(roads) == ["PPL1", "RDS1"]


def test_a_figure_from_an_earlier_period_says_so_in_words(petra, register):
    row = get(petra).split('href="/indicators/SCH1/"')[1].split("</tr>")[0]
    assert "Latest figure: Q1 2025/26" in row
    current = get(petra).split('href="/indicators/RDS1/"')[1].split("</tr>")[0]
    assert "Latest figure" not in current and "Q2 2025/26" in current


def test_an_unsigned_figure_is_marked_for_those_who_may_see_it(petra, register):
    row = get(petra).split('href="/indicators/PPL1/"')[1].split("</tr>")[0]
    assert "96%" in row and "Awaiting sign-off" in row
    signed = get(petra).split('href="/indicators/RDS1/"')[1].split("</tr>")[0]
    assert "Awaiting sign-off" not in signed


def test_a_councillor_sees_no_unsigned_figure_and_no_mark(register):
    body = get(client_for(user_in("cllr", "Councillors")))
    row = body.split('href="/indicators/PPL1/"')[1].split("</tr>")[0]
    assert "96%" not in row and "Awaiting sign-off" not in row
    assert "Latest figure: Q1 2025/26" in row  # the signed-off figure is Q1's


def test_numbers_are_right_aligned(petra, register):
    row = get(petra).split('href="/indicators/RDS1/"')[1].split("</tr>")[0]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">95%</td>' in row
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">90%</td>' in row


def test_a_choice_not_offered_is_told_not_a_crash(petra, register):
    body = get(petra, rag="PURPLE", group="colour")
    assert "Select a valid choice" in body


def test_an_officer_may_filter_the_scorecard_too(register):
    people = OrgUnit.objects.get(path="People")
    assert codes(get(client_for(officer("olive")), directorate=people.pk)) == ["PPL1", "SCH1"]
