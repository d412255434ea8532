"""The council-wide annual review: filtered and paged, each indicator with its recent RAG
and its outturn for the latest financial year beside the decision; "Keep, with changes"
needs a note of what should change.

Today is 23 November 2026: the review is for 2027/28, the latest year ended is 2025/26.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kpis.models import CorporatePlan, OrgUnit, Pillar, ReviewDecision
from tests.factories import add_result, add_target, make_indicator, make_org_unit
from tests.views.entry_helpers import approver, client_for, frozen, performance_team

pytestmark = pytest.mark.django_db

REVIEW = reverse("governance:annual_review")
YEAR = "2027-28"


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def petra():
    return client_for(performance_team("petra"))


def codes(body: str) -> list[str]:
    return re.findall(r'<h2 class="govuk-heading-s" id="title-([A-Z0-9]+)">', body)


def section(body: str, code: str) -> str:
    return body.split(f'id="title-{code}"')[1].split("</section>")[0]


def get(client, **data) -> str:
    response = client.get(REVIEW, data)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def register():
    plan = CorporatePlan.objects.create(title="Plan", starts="2024-25", ends="2027-28")
    homes = Pillar.objects.create(plan=plan, number=1, title="Homes")
    roads = Pillar.objects.create(plan=plan, number=2, title="Roads")
    made = {}
    for code, unit, pillar, level, extra in [
        ("HOU1", "Place / Housing", homes, "corporate_kpi", {}),
        ("HOU2", "Place / Housing / Lettings", homes, "team_pi",
         {"collection": "cumulative", "unit": "number"}),
        ("RDS1", "Place / Roads", roads, "service_pi",
         {"frequency": "annual", "unit": "currency"}),
        ("SCH1", "People / Schools", homes, "service_pi", {}),
    ]:
        ind = make_indicator(code, org_unit=make_org_unit(unit), level=level, **extra)
        ind.pillars.add(pillar)
        made[code] = ind
    return made


def test_each_indicator_shows_its_recent_rag_and_outturn(petra, register):
    hou1 = register["HOU1"]  # quarterly, discrete, percentage, target 90
    add_target(hou1, "2025-26", 90)
    add_target(hou1, "2026-27", 90)
    for period, actual in [("2025-26-Q3", 95), ("2025-26-Q4", "85.5"), ("2026-27-Q1", 70)]:
        add_result(hou1, period, actual)
    body = section(get(petra), "HOU1")
    recent = re.findall(r"<li>(Q\d \d{4}/\d\d) <strong[^>]*>([^<]+)</strong></li>", body)
    assert recent == [("Q3 2025/26", "Green"), ("Q4 2025/26", "Amber"),
                      ("Q1 2026/27", "Red"), ("Q2 2026/27", "No data")]
    # A discrete quarterly figure: the outturn is the year's last quarter, and says so.
    assert re.search(r"Outturn Q4 2025/26</dt>\s*<dd[^>]*>86%</dd>", body)


def test_the_outturn_of_a_year_to_date_or_annual_indicator_is_the_whole_year(petra, register):
    add_result(register["HOU2"], "2025-26-Q4", 1234)  # cumulative: Q4 is the year
    add_result(register["RDS1"], "2025-26", 6692013)
    body = get(petra)
    assert re.search(r"Outturn 2025/26</dt>\s*<dd[^>]*>1,234</dd>", section(body, "HOU2"))
    assert re.search(r"Outturn 2025/26</dt>\s*<dd[^>]*>£6,692,013</dd>",
                     section(body, "RDS1"))
    assert re.search(r"Outturn Q4 2025/26</dt>\s*<dd[^>]*>No figure</dd>",
                     section(body, "SCH1"))


def test_an_approver_reads_signed_off_outturns_only(register):
    add_result(register["HOU2"], "2025-26-Q4", 999, status="submitted")
    alan = client_for(approver("alan", "Place"))
    body = get(alan)
    assert codes(body) == ["HOU1", "HOU2", "RDS1"]  # his area only
    assert "999" not in section(body, "HOU2")


def test_it_filters_by_pillar(petra, register):
    assert codes(get(petra, pillar=Pillar.objects.get(title="Roads").pk)) == ["RDS1"]


def test_it_filters_by_directorate(petra, register):
    assert codes(get(petra, directorate=OrgUnit.objects.get(path="People").pk)) == ["SCH1"]


def test_it_filters_by_service(petra, register):
    housing = OrgUnit.objects.get(path="Place / Housing")
    assert codes(get(petra, service=housing.pk)) == ["HOU1", "HOU2"]


def test_it_filters_by_level(petra, register):
    assert codes(get(petra, level="service_pi")) == ["SCH1", "RDS1"]  # by service, then code


@pytest.mark.parametrize(("decision", "shown"), [
    ("undecided", ["HOU2", "SCH1"]), ("keep", ["HOU1"]), ("retire", ["RDS1"]), ("change", []),
])
def test_it_filters_by_the_decision_for_the_year(petra, register, decision, shown):
    ReviewDecision.objects.create(indicator=register["HOU1"], year=YEAR, decision="keep")
    ReviewDecision.objects.create(indicator=register["RDS1"], year=YEAR, decision="retire")
    ReviewDecision.objects.create(indicator=register["SCH1"], year="2026-27", decision="keep")
    assert sorted(codes(get(petra, decision=decision))) == shown


def test_it_shows_25_a_page(petra):
    housing = make_org_unit("Place / Housing")
    for n in range(30):
        make_indicator(f"Q{n:03d}", org_unit=housing)
    first, second = get(petra), get(petra, page=2)
    assert codes(first) == [f"Q{n:03d}" for n in range(25)]
    assert codes(second) == [f"Q{n:03d}" for n in range(25, 30)]
    assert "Showing 26 to 30 of 30" in second
    assert "30 indicators to review" in first


def test_a_decision_takes_the_reviewer_back_to_the_same_filtered_page(petra, register):
    response = petra.post(reverse("governance:review_decide", args=["HOU1", YEAR]), {
        "HOU1-decision": "keep", "HOU1-note": "",
        "return_to": "level=corporate_kpi&page=1",
    })
    assert response["Location"] == f"{REVIEW}?year={YEAR}&level=corporate_kpi&page=1#HOU1"


def test_a_return_address_that_is_not_a_query_is_dropped(petra, register):
    response = petra.post(reverse("governance:review_decide", args=["HOU1", YEAR]), {
        "HOU1-decision": "keep", "return_to": "//evil.example/",
    })
    assert response["Location"] == f"{REVIEW}?year={YEAR}#HOU1"


# --- "Keep, with changes" needs a note --------------------------------------------------


def test_keep_with_changes_without_a_note_asks_what_should_change(petra, register):
    response = petra.post(reverse("governance:review_decide", args=["HOU1", YEAR]),
                          {"HOU1-decision": "change", "HOU1-note": "  "})
    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error: Annual review of HOU1 for 2027/28" in body
    assert "There is a problem" in body
    assert 'href="#id_HOU1-note">Enter what should change</a>' in body
    note = body.split('id="div_id_HOU1-note"')[1].split("</textarea>")[0]
    assert 'govuk-error-message"> <span class="govuk-visually-hidden">Error:</span> Enter what' in (
        note)
    assert not ReviewDecision.objects.exists()


def test_keep_with_changes_and_a_note_is_saved(petra, register):
    response = petra.post(reverse("governance:review_decide", args=["HOU1", YEAR]),
                          {"HOU1-decision": "change", "HOU1-note": "Measure it monthly"})
    assert response.status_code == 302
    decision = ReviewDecision.objects.get()
    assert (decision.decision, decision.note) == ("change", "Measure it monthly")


def test_no_decision_at_all_is_told_in_the_same_way(petra, register):
    response = petra.post(reverse("governance:review_decide", args=["HOU1", YEAR]), {})
    assert response.status_code == 400
    assert "Choose keep, change or retire" in response.content.decode()


def test_the_decision_page_shows_the_decision_made_so_far(petra, register):
    ReviewDecision.objects.create(indicator=register["HOU1"], year=YEAR, decision="retire",
                                  note="Superseded")
    body = petra.get(reverse("governance:review_decide", args=["HOU1", YEAR])).content.decode()
    assert re.search(r'value="retire"[^>]* checked', body) and "Superseded" in body
