"""The public pages: the summary, an indicator's page, and how they may be cached."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from governance.models import ReportingPeriod
from kpis.models import Pillar
from tests.public.world import build_world
from tests.views.entry_helpers import client_for, frozen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def world():
    return build_world()


def test_it_shows_the_latest_issued_quarter_by_default(world):
    response = Client().get("/public/")
    assert response.status_code == 200
    assert response.context["period"].key == "2026-27-Q1"
    assert [p.key for p in response.context["periods"]] == ["2026-27-Q1", "2025-26-Q4"]
    assert "Reported on 19 August 2026" in response.content.decode()


def test_it_counts_ratings_by_pillar(world):
    """Q1 2026/27: PUB1 green (82.25 against 80), PUB6 green (116 against 125, lower is
    better), PUB4 its June figure, PUB2 none signed off, PUB7 rolled up (no target) under
    "A clean and green county"; PUB3 its Q4 figure under "Caring for people", with PUB7."""
    response = Client().get("/public/")
    pillars = {p.name: p for p in response.context["pillars"]}
    assert list(pillars) == ["1. A clean and green county", "2. Caring for people",
                             "Other indicators"]
    clean = pillars["1. A clean and green county"]
    rows = {ind.code: figure for ind, figure in clean.rows}
    assert set(rows) == {"PUB1", "PUB2", "PUB4", "PUB6"}
    assert rows["PUB1"].period.key == "2026-27-Q1" and rows["PUB1"].rag.value == "GREEN"
    assert rows["PUB4"].period.key == "2026-06"
    assert rows["PUB2"] is None
    assert clean.counts == {rag: n for rag, n in clean.counts.items() if n}
    assert sum(clean.counts.values()) == clean.total == 4
    care = {ind.code: figure for ind, figure in pillars["2. Caring for people"].rows}
    assert care["PUB3"].period.key == "2025-26-Q4"
    assert care["PUB7"].actual == Decimal("24690.1357")
    other = {ind.code: figure for ind, figure in pillars["Other indicators"].rows}
    assert other["PUB5"].period.key == "2025-26"  # last year's, for an annual measure


def test_an_earlier_issued_quarter_shows_the_figures_then(world):
    response = Client().get("/public/", {"period": "2025-26-Q4"})
    assert response.status_code == 200
    rows = {ind.code: f for p in response.context["pillars"] for ind, f in p.rows}
    assert rows["PUB1"].actual == Decimal("78.5")
    assert rows["PUB4"] is None  # no month up to March 2026 was published
    # The year ended with the quarter; its figure, published since, is the latest by then
    # (2024/25 was never issued).
    assert rows["PUB5"].period.key == "2025-26"


@pytest.mark.parametrize("period", ["2026-27-Q2", "2025-26-Q3", "2024-25-Q1", "2026-06",
                                    "2026-27", "nonsense", "2026-27-q1"])
def test_a_quarter_whose_report_is_not_issued_is_not_found(world, period):
    assert Client().get("/public/", {"period": period}).status_code == 404


def test_with_nothing_issued_it_says_so(world):
    ReportingPeriod.objects.update(issued_on=None)
    response = Client().get("/public/")
    assert response.status_code == 200
    assert "No performance report has been published yet" in response.content.decode()


def test_an_indicator_page_shows_every_published_figure_newest_first(world):
    response = Client().get("/public/indicators/PUB1/")
    assert response.status_code == 200
    assert [f.period.key for f in response.context["figures"]] == ["2026-27-Q1", "2025-26-Q4"]
    page = response.content.decode()
    assert "Better weather helped." in page
    assert 'role="img"' in page  # the chart, from reporting/charts.py
    assert "Direction of travel" in page


def test_a_corrected_figure_says_when_what_and_why(world):
    page = Client().get("/public/indicators/PUB6/").content.decode()
    assert "The figure for Q1 2026/27 was corrected on 2 November 2026" in page
    assert "it was 120 and is now 116" in page
    assert "Duplicate reports removed by [name removed]." in page


def test_an_unpublished_indicator_is_not_found(world):
    assert Client().get("/public/indicators/SECRET1/").status_code == 404
    assert Client().get("/public/indicators/CHILD1/").status_code == 404
    assert Client().get("/public/indicators/NOPE/").status_code == 404


def test_a_published_indicator_with_nothing_signed_off_says_so(world):
    page = Client().get("/public/indicators/PUB2/").content.decode()
    assert "No figures for this measure have been published yet" in page


@pytest.mark.parametrize("path", ["/public/", "/public/indicators/PUB1/", "/public/data/",
                                  "/public/data/indicators.csv",
                                  "/public/data/indicators.json"])
def test_public_pages_may_be_cached_for_anonymous_visitors_only(world, path):
    """Anonymous: public, five minutes, no cookie set; signed in: no-store, as every page
    they see. The Content-Security-Policy is the site's, unchanged."""
    anonymous = Client().get(path)
    assert anonymous["Cache-Control"] == "public, max-age=300"
    assert not anonymous.cookies
    assert "'unsafe-inline'" not in anonymous["Content-Security-Policy"]
    assert "script-src 'self'" in anonymous["Content-Security-Policy"]
    signed_in = client_for(world.people["owner"]).get(path)
    assert signed_in.status_code == 200
    assert signed_in["Cache-Control"] == "no-store, private"


def test_a_missing_page_is_not_cached_as_public(world):
    assert "public" not in Client().get("/public/indicators/NOPE/").get("Cache-Control", "")


def test_public_pages_show_no_staff_menu_even_to_staff(world):
    for client in (Client(), client_for(world.people["performance"])):
        page = client.get("/public/").content.decode()
        assert "Sign out" not in page and "/admin/" not in page and "Scorecard" not in page
        assert 'href="/"' not in page


def test_only_get_and_head(world):
    assert Client().post("/public/").status_code == 405
    assert Client().head("/public/").status_code == 200


def test_issuing_a_periods_pack_publishes_its_signed_off_figures(world):
    """Q2 2026/27's report is due out on 1 December; when the performance team issues a
    committee's pack for it today, its signed-off figures appear and the summary moves on
    to it."""
    from governance.models import Committee
    from governance.packs import issue_pack
    from reporting.periods import Period

    assert "444222.5" not in Client().get("/public/indicators/PUB1/").content.decode()
    issue_pack(Committee.objects.get(slug="cabinet"), Period.parse("2026-27-Q2"),
               world.people["performance"])
    page = Client().get("/public/indicators/PUB1/").content.decode()
    assert "444222.5" in page or "444,222.5" in page
    assert Client().get("/public/").context["period"].key == "2026-27-Q2"


def test_the_totals_count_each_measure_once(world):
    """PUB8 measures both pillars: it is in each pillar's count, and once in the total."""
    from tests.factories import add_result, make_indicator

    both = make_indicator("PUB8", published=True)
    both.pillars.set(Pillar.objects.all())
    add_result(both, "2026-27-Q1", "50")
    context = Client().get("/public/").context
    assert sum(p.total for p in context["pillars"]) == 9
    assert context["total"] == sum(context["totals"]) == 8
