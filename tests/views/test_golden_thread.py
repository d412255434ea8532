"""The golden thread explorer (/golden-thread/): the tree rated for a period, what each
reader may see, search without JavaScript, expanding and collapsing, and its queries."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis.models import CorporatePlan, Indicator, Pillar, Result, Target
from kpis.roles import AUDITORS, COUNCILLORS
from reporting.periods import Period
from tests.factories import add_result, add_target, make_indicator, make_org_unit
from tests.views.entry_helpers import (
    PERIOD,
    client_for,
    frozen,
    officer,
    performance_team,
    user_in,
)

pytestmark = pytest.mark.django_db
URL = reverse("reporting:golden_thread")
Q2 = Period.parse(PERIOD)
Q1 = Q2.previous()


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def pillar():
    plan = CorporatePlan.objects.create(title="Our Plan", starts="2024-25", ends="2027-28",
                                        pillar_term="ambition")
    return Pillar.objects.create(plan=plan, number=1, title="Thriving places")


def rated(code, *values, parent=None, pillar=None, status="approved", **fields):
    """An indicator with a target of 90 and results for Q1 and Q2 2026/27."""
    ind = make_indicator(code, parent=parent, title=f"Title {code}", **fields)
    if pillar is not None:
        ind.pillars.add(pillar)
    add_target(ind, "2026-27", 90)
    for period, value in zip([Q1.key, Q2.key], values, strict=False):
        add_result(ind, period, value, status=status if period == Q2.key else "approved")
    return ind


@pytest.fixture
def thread(pillar):
    measure = rated("CP01", 95, 92, pillar=pillar, level="corporate_plan_measure")
    kpi = rated("KPI01", 95, 70, parent=measure, level="corporate_kpi")  # red
    rated("SVC01", 90, 85, parent=kpi)  # amber
    rated("SVC02", 95, 60, parent=kpi, status="draft")  # red in a draft; green signed off
    rated("OLD01", 50, parent=kpi, status="approved", level="service_pi")
    Indicator.objects.filter(code="OLD01").update(status="retired")
    rated("LONE01", 95, 96, pillar=pillar)  # a service PI not linked to a measure
    return measure


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def node(html: str, code: str) -> str:
    """The line of the page that shows one indicator."""
    start = html.index(f">{code}</a>")
    return html[start:html.index("</div>", start)]


def test_it_draws_the_thread_with_each_rating_in_words_and_shape(thread):
    html = page(client_for(performance_team()))
    assert "Ambition 1: Thriving places" in html
    assert "(5 indicators: 2 red, 1 amber)" in html  # the ambition's branch
    assert "3 indicators beneath<span class=\"govuk-visually-hidden\"> CP01</span>: " \
           "2 red, 1 amber" in html
    assert "Service PIs not linked to a Corporate Plan measure" in html
    kpi = node(html, "KPI01")
    assert '<span class="app-rag-shape" aria-hidden="true">■</span> Red' in kpi
    assert "Deteriorating" in kpi
    assert '<a class="govuk-link" href="/indicators/KPI01/">KPI01</a>' in html
    assert "OLD01" not in html  # retired
    assert "5 indicators: 2 red and 1 amber." in html


def test_the_nesting_follows_the_parent_links(thread):
    html = page(client_for(performance_team()), open="all")
    positions = [html.index(f">{code}</a>") for code in ("CP01", "KPI01", "SVC01", "LONE01")]
    assert positions == sorted(positions)
    between = html[positions[1]:positions[2]]
    assert "<ul class=\"app-thread__list\">" in between  # SVC01 is in KPI01's list
    assert html.count("<ul") == html.count("</ul>")
    assert html.count("<details") == html.count("</details>")


def test_readers_of_signed_off_figures_see_signed_off_ratings(thread):
    everything = page(client_for(user_in("aud", AUDITORS)))
    assert "Red" in node(everything, "SVC02")
    assert "Results are shown whatever their sign-off status" in everything
    for reader in (user_in("cllr", COUNCILLORS), officer("olive")):
        signed_off = page(client_for(reader))
        svc02 = node(signed_off, "SVC02")
        assert "Red" not in svc02 and "Green" in svc02  # its Q1, signed off
        assert "Q1 2026/27" in svc02  # the period it is rated on, when not the chosen one
        assert "Only results that have been signed off are shown." in signed_off


def test_a_period_can_be_chosen(thread):
    client = client_for(performance_team())
    html = page(client, period=Q1.key)
    assert "as at the end of Q1 2026/27" in html
    assert '<option value="2026-27-Q1" selected>' in html
    assert "Green" in node(html, "KPI01")  # 95 in Q1
    assert client.get(URL, {"period": "2026-27-Q9"}).status_code == 404


def test_branches_start_with_the_pillars_open_and_open_or_close_together(thread):
    client = client_for(performance_team())
    default = re.findall(r"<details class=\"app-thread__branch\"( open)?>", page(client))
    assert default[0] == " open" and set(default[1:]) == {""}
    opened = re.findall(r"<details class=\"app-thread__branch\"( open)?>",
                        page(client, open="all"))
    assert set(opened) == {" open"}
    closed = re.findall(r"<details class=\"app-thread__branch\"( open)?>",
                        page(client, open="none"))
    assert set(closed) == {""}


def test_a_search_works_without_javascript(thread):
    client = client_for(performance_team())
    html = page(client, q="svc01")
    assert 'value="svc01"' in html
    assert "<mark>Title SVC01</mark>" in html
    assert "SVC02" not in html and "LONE01" not in html
    assert ">CP01</a>" in html and ">KPI01</a>" in html  # the branches that lead to it
    # open down to the match
    assert len(re.findall(r"<details class=\"app-thread__branch\" open>", html)) == 3
    assert "3 indicators shown for “svc01”" in html
    nothing = page(client, q="zzz")
    assert "No indicator matches “zzz”." in nothing
    assert "app-thread__item" not in nothing


def test_a_search_is_escaped(thread):
    html = page(client_for(performance_team()), q='<script>"')
    assert "<script>&quot;" not in html and "&lt;script&gt;" in html


# --- queries do not grow with the register ----------------------------------------------------

def grow_to(size: int, pillar) -> None:
    """Indicators down a thread: measures, KPIs under them, service PIs under those, a
    team PI under each of those, each with a target and two quarters' results."""
    team = make_org_unit("Place / Housing / Team")
    existing = Indicator.objects.count()
    new = []
    for n in range(existing, size):
        level = ["corporate_plan_measure", "corporate_kpi", "service_pi", "team_pi"][n % 4]
        new.append(Indicator(code=f"G{n:04d}", title=f"Indicator {n}", level=level,
                             org_unit=team, polarity="higher", unit="percent",
                             frequency="quarterly", collection="discrete", status="targeted"))
    Indicator.objects.bulk_create(new)
    made = list(Indicator.objects.filter(code__startswith="G").order_by("code"))
    for n, ind in enumerate(made):
        if n % 4:
            ind.parent = made[n - 1]
    Indicator.objects.bulk_update(made, ["parent"])
    fresh = [ind for ind in made if int(ind.code[1:]) >= existing]
    Indicator.pillars.through.objects.bulk_create([
        Indicator.pillars.through(indicator=ind, pillar=pillar) for ind in fresh
    ])
    rows = [Target(indicator=ind, period="2026-27", target=Decimal(90)) for ind in fresh]
    results = [
        Result(indicator=ind, period=period.key, actual=Decimal(70 + n % 30),
               status="approved" if n % 3 else "submitted")
        for n, ind in enumerate(fresh) for period in (Q1, Q2)
    ]
    for row in rows + results:
        row.set_period_dates()
    Target.objects.bulk_create(rows)
    Result.objects.bulk_create(results)


@pytest.mark.parametrize("who", ["performance", "councillor"])
def test_its_queries_do_not_grow_with_the_register(pillar, who):
    reader = performance_team() if who == "performance" else user_in("cllr", COUNCILLORS)
    client = client_for(reader)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            html = page(client, open="all")
        return len(captured), html.count("app-thread__item")

    grow_to(50, pillar)
    small, small_rows = count()
    grow_to(500, pillar)
    large, large_rows = count()
    assert (small_rows, large_rows) == (51, 501)  # the pillar and each indicator
    assert large == small
