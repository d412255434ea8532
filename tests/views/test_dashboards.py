"""The dashboards: one design for the council, a committee's remit, a directorate or
service and an owner's indicators; what each reader may see; filters kept in the URL."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Committee
from kpis.models import OrgUnit, ResultStatus
from kpis.roles import AUDITORS, COUNCILLORS
from reporting.periods import Period
from reporting.scorecard import build_scorecard
from tests.factories import add_target
from tests.views.entry_helpers import (
    HOUSING,
    PERIOD,
    SCHOOLS,
    approver,
    client_for,
    frozen,
    indicator,
    officer,
    performance_team,
    result,
    user_in,
)

pytestmark = pytest.mark.django_db

EARLIER = "2026-27-Q1"


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def register():
    """Housing: HOU1 red and signed off (with why and what is being done), HOU2 green
    signed off, HOU3 red only as a draft. Schools: SCH1 amber signed off."""
    owner = officer("olive")
    hou1 = indicator("HOU1", owner=owner, title="Homes let within 28 days")
    result(hou1, ResultStatus.APPROVED, actual="90", period=EARLIER)
    result(hou1, ResultStatus.APPROVED, actual="50", commentary="Contractor went bust",
           improvement_activity="New contractor from October")
    hou2 = indicator("HOU2", owner=owner)
    result(hou2, ResultStatus.APPROVED, actual="80", period=EARLIER)
    result(hou2, ResultStatus.APPROVED, actual="95")
    hou3 = indicator("HOU3", owner=owner)
    result(hou3, ResultStatus.DRAFT, actual="10", commentary="DRAFT WORDING")
    sch1 = indicator("SCH1", org=SCHOOLS)
    result(sch1, ResultStatus.APPROVED, actual="85")
    return owner


def councillor():
    return user_in("carys", COUNCILLORS)


def test_the_list_offers_every_dashboard(register):
    Committee.objects.create(name="Place Scrutiny", slug="place-scrutiny", kind="scrutiny")
    page = client_for(register).get(reverse("reporting:dashboards"))
    assert page.status_code == 200
    text = page.content.decode()
    for href in (reverse("reporting:dashboard_council"),
                 reverse("reporting:dashboard_committee", args=["place-scrutiny"]),
                 reverse("reporting:dashboard_unit",
                         args=[OrgUnit.objects.get(path=HOUSING).pk]),
                 reverse("reporting:dashboard_mine")):
        assert f'href="{href}"' in text


@pytest.mark.parametrize("who", [
    councillor, lambda: user_in("audrey", AUDITORS), lambda: officer("otto"), approver,
    performance_team,
])
def test_everyone_signed_in_may_open_the_council_dashboard(register, who):
    assert client_for(who()).get(reverse("reporting:dashboard_council")).status_code == 200


def test_signing_in_is_required(register, client):
    page = client.get(reverse("reporting:dashboard_council"))
    assert page.status_code == 302 and "/login/" in page["Location"]


def test_a_councillor_sees_exceptions_with_why_and_what_is_being_done(register):
    page = client_for(councillor()).get(reverse("reporting:dashboard_council"))
    exceptions = page.context["exceptions"].rows
    assert [line.code for line in exceptions] == ["HOU1"]
    text = page.content.decode()
    assert "Contractor went bust" in text and "New contractor from October" in text


def test_a_councillor_never_sees_a_draft(register):
    page = client_for(councillor()).get(reverse("reporting:dashboard_council"))
    assert "DRAFT WORDING" not in page.content.decode()
    hou3 = next(line for line in page.context["missing"].rows if line.code == "HOU3")
    assert hou3.actual is None  # no signed-off figure: no data, not the draft's red


def test_the_performance_team_sees_drafts(register):
    page = client_for(performance_team()).get(reverse("reporting:dashboard_council"))
    assert {line.code for line in page.context["exceptions"].rows} == {"HOU1", "HOU3"}


def test_a_service_dashboard_shows_only_its_service(register):
    housing = OrgUnit.objects.get(path=HOUSING)
    page = client_for(approver()).get(reverse("reporting:dashboard_unit", args=[housing.pk]))
    assert page.context["total"].total == 3
    assert "SCH1" not in page.content.decode()


def test_a_committee_dashboard_shows_its_remit(register):
    committee = Committee.objects.create(name="People Scrutiny", slug="people", kind="scrutiny")
    committee.remit_org_units.add(OrgUnit.objects.get(path=SCHOOLS))
    page = client_for(councillor()).get(reverse("reporting:dashboard_committee",
                                                args=["people"]))
    assert page.context["audience"].name == "People Scrutiny"
    assert page.context["total"].total == 1
    assert [group.name for group in page.context["by_directorate"]] == ["People"]
    assert "HOU1" not in page.content.decode()


def test_an_unknown_committee_or_unit_is_not_found(register):
    client = client_for(councillor())
    assert client.get(reverse("reporting:dashboard_committee", args=["nope"])).status_code == 404
    assert client.get(reverse("reporting:dashboard_unit", args=[99999])).status_code == 404


def test_my_indicators_are_the_ones_i_own(register):
    page = client_for(register).get(reverse("reporting:dashboard_mine"))
    assert page.context["total"].total == 3


def test_filters_and_the_period_are_kept_in_the_url(register):
    client = client_for(councillor())
    page = client.get(reverse("reporting:dashboard_council"),
                      {"rag": "RED", "period": PERIOD, "direction": "DETERIORATING"})
    assert [line.code for line in page.context["exceptions"].rows] == ["HOU1"]
    assert page.context["total"].total == 1
    text = page.content.decode()
    assert '<option value="RED" selected>' in text
    assert f'<option value="{PERIOD}" selected>' in text


def test_filtered_by_committee_on_the_council_dashboard(register):
    committee = Committee.objects.create(name="People Scrutiny", slug="people", kind="scrutiny")
    committee.remit_org_units.add(OrgUnit.objects.get(path=SCHOOLS))
    page = client_for(councillor()).get(reverse("reporting:dashboard_council"),
                                        {"committee": "people"})
    assert page.context["total"].total == 1


def test_any_past_month_may_be_shown(register):
    page = client_for(councillor()).get(reverse("reporting:dashboard_council"),
                                        {"period": "2025-10"})
    assert page.status_code == 200
    assert [share.period.key for share in page.context["shares"]][-1] == "2025-10"


@pytest.mark.parametrize("period", ["2026-27-Q3", "2026-27", "nonsense", "2026-12"])
def test_a_period_not_ended_or_not_a_quarter_or_month_is_not_found(register, period):
    page = client_for(councillor()).get(reverse("reporting:dashboard_council"),
                                        {"period": period})
    assert page.status_code == 404


def test_the_eight_quarter_trend_counts_each_quarter(register):
    page = client_for(councillor()).get(reverse("reporting:dashboard_council"))
    shares = page.context["shares"]
    assert len(shares) == 8 and shares[-1].period.key == PERIOD
    assert shares[-2].rated == 2  # Q1: HOU1 green, HOU2 amber (90 and 80 against 90)
    assert shares[-1].rated == 3  # Q2: HOU1 red, HOU2 green, SCH1 amber


def test_every_chart_has_its_spec_summary_and_table(register):
    text = client_for(councillor()).get(reverse("reporting:dashboard_council")).content.decode()
    for chart in ("chart-pillar", "chart-directorate", "chart-shares"):
        assert f'id="{chart}"' in text
        assert f'<script id="{chart}-spec" type="application/json">' in text
    assert text.count("<table") >= 3
    assert "static/charts.js" in text


def test_the_dashboards_are_in_everyones_navigation(register):
    text = client_for(councillor()).get(reverse("kpis:home")).content.decode()
    assert f'href="{reverse("reporting:dashboards")}"' in text


def test_long_lists_show_their_first_rows_and_offer_the_rest(register):
    from reporting import dashboard_views

    client = client_for(performance_team())
    for n in range(dashboard_views.LIST_LIMIT + 2):
        extra = indicator(f"X{n:02d}")
        result(extra, ResultStatus.APPROVED, actual="10")
    page = client.get(reverse("reporting:dashboard_council"), {"rag": "RED"})
    listing = page.context["exceptions"]
    assert len(listing.rows) == dashboard_views.LIST_LIMIT and listing.count == 29
    assert "Show all 29" in page.content.decode()
    assert "all=yes" in page.context["show_all"]
    page = client.get(reverse("reporting:dashboard_council"),
                      {"rag": "RED", "all": "yes"})
    assert len(page.context["exceptions"].rows) == 29


def test_the_dashboard_rates_as_the_scorecard_does_even_a_long_silent_indicator(register):
    """An indicator whose only figure is years old is beyond the page's window: it is
    rated on that figure all the same, as on the scorecard."""
    old = indicator("OLD1", target=None)
    add_target(old, "2019-20", 90)
    result(old, ResultStatus.APPROVED, actual="50", period="2019-20-Q4")
    page = client_for(councillor()).get(reverse("reporting:dashboard_council"))
    rags = {line.code: line.rag for line in page.context["exceptions"].rows}
    rags |= {line.code: line.rag for line in page.context["missing"].rows}
    scorecard = {row.indicator.code: row.rag
                 for row in build_scorecard(Period.parse(PERIOD), approved_only=True)}
    assert rags["OLD1"] == scorecard["OLD1"]
    assert page.context["total"].total == len(scorecard)
    for code, rag in rags.items():
        assert scorecard[code] == rag


def test_a_red_exception_without_an_improvement_plan_says_so(register):
    """Issue 16: the dashboards say when a red indicator needs a plan and has none."""
    from governance.delivery import ImprovementPlan
    from kpis.models import Indicator

    url = reverse("reporting:dashboard_council")
    reader = client_for(councillor())
    page = reader.get(url)
    hou1 = Indicator.objects.get(code="HOU1")
    assert page.context["missing_plans"] == {hou1.pk}
    assert "No improvement plan" in page.content.decode()
    ImprovementPlan.objects.create(
        indicator=hou1, owner=register, opened_for=PERIOD, issue="Red",
        action_to_take="New contractor", timescales="Two quarters", resources="Two officers",
        monitoring="Monthly", measure_of_success="Green again", created_at=timezone.now())
    page = reader.get(url)
    assert page.context["missing_plans"] == set()
    assert "No improvement plan" not in page.content.decode()


def test_delivery_plan_actions_sit_beside_their_pillars_indicators(register):
    from datetime import date

    from kpis.models import Indicator
    from tests.governance.action_helpers import action, milestone, pillar

    homes = pillar(1, "Homes for all")
    Indicator.objects.get(code="HOU1").pillars.add(homes)
    late = action("DP-01", owner=register, pillar=homes)
    milestone(late, date(2026, 9, 30))  # past its date and not complete: off track
    action("DP-02", owner=register, pillar=homes, completed_on=date(2026, 10, 1))
    action("DP-09", owner=register, pillar=pillar(2, "Elsewhere"))  # no indicator shown
    page = client_for(councillor()).get(reverse("reporting:dashboard_council"))
    [row] = page.context["actions_by_pillar"]
    assert row.name == "1. Homes for all" and row.total == 2
    counts = {status.value: n for status, n in row.counts}
    assert counts["off_track"] == 1 and counts["complete"] == 1
    assert f"?pillar={homes.pk}" in page.content.decode()
