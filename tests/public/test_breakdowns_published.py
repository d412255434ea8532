"""Breakdowns on the public pages and in the open data: crawled as an anonymous visitor,
no figure about fewer people than the threshold appears, nor one from which it could be
worked out, nor any breakdown of an unpublished, unsigned or unissued figure."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client

from kpis import breakdowns
from kpis.breakdown_rules import BreakdownFigure
from kpis.models import Result
from tests.breakdowns.helpers import ages, cat, wards
from tests.public.crawl import crawl
from tests.public.world import build_world
from tests.views.entry_helpers import frozen

pytestmark = pytest.mark.django_db

# Figures the public must never see, and why.
HIDDEN = {
    "61.37": "about 4 people (below the threshold)",
    "77.91": "about 30 people, hidden so the 4 cannot be worked out from the total",
    "93.71": "in a period whose report is not issued",
    "94.83": "in a draft",
    "95.17": "of an unpublished indicator",
}
SHOWN = {"88.13": "about 900 people", "86.29": "about 1,200 people"}


def give(result, dim, cells):
    breakdowns.write(result, [BreakdownFigure(cat(dim, name).pk, Decimal(value), people)
                              for name, (value, people) in cells.items()], None, "test")


@pytest.fixture
def crawled():
    with frozen():
        world = build_world()
        age = ages(world.pub1, world.pub2, world.secret)
        q1 = Result.objects.get(indicator=world.pub1, period="2026-27-Q1")
        give(q1, age, {"Under 18": ("61.37", 4), "18 to 64": ("77.91", 30),
                       "65 and over": ("88.13", 900)})
        q4 = Result.objects.get(indicator=world.pub1, period="2025-26-Q4")
        give(q4, age, {"Under 18": ("80.01", 300), "65 and over": ("86.29", 1200)})
        give(Result.objects.get(indicator=world.pub1, period="2026-27-Q2"), age,
             {"65 and over": ("93.71", 500)})
        give(Result.objects.get(indicator=world.pub2, period="2026-27-Q1"), age,
             {"65 and over": ("94.83", 800)})
        give(Result.objects.get(indicator=world.secret, period="2026-27-Q1"), age,
             {"65 and over": ("95.17", 800)})
        ward = wards(world.pub6)
        q1 = Result.objects.get(indicator=world.pub6, period="2026-27-Q1")
        give(q1, ward, {"Abbey": ("71", None), "Brook": ("3", None), "Castle": ("40", None),
                        "Dale": ("6", None)})
        yield world, crawl(Client())


def rows(found) -> list[dict]:
    return list(csv.DictReader(io.StringIO(found.text("/public/data/breakdowns.csv"))))


def test_the_crawl_reaches_the_breakdowns_and_every_period_of_them(crawled):
    _, found = crawled
    assert "/public/data/breakdowns.csv" in found.pages
    assert "/public/indicators/PUB1/?breakdown=2025-26-Q4" in found.pages
    assert found.pages["/public/data/breakdowns.csv"].status_code == 200


def test_no_small_or_unpublished_breakdown_figure_appears_anywhere(crawled):
    _, found = crawled
    everything = found.everything
    for value, why in HIDDEN.items():
        assert value not in everything, why
    for value, why in SHOWN.items():
        assert value in everything, why
    assert "[c]" in found.text("/public/indicators/PUB1/")


def test_the_open_data_hides_the_small_count_and_the_next_smallest(crawled):
    _, found = crawled
    pub6 = {r["category"]: (r["value"], r["suppressed"]) for r in rows(found)
            if r["indicator_code"] == "PUB6"}
    assert pub6 == {"Abbey": ("71", ""), "Brook": ("", "[c]"), "Castle": ("40", ""),
                    "Dale": ("", "[c]")}
    for row in rows(found):
        if row["suppressed"]:
            assert row["value"] == row["people"] == ""


def test_the_count_page_hides_them_too(crawled):
    _, found = crawled
    page = found.text("/public/indicators/PUB6/").split('id="breakdown"', 1)[1]
    assert ">71<" in page and ">3<" not in page and ">6<" not in page


def test_the_open_data_page_documents_the_breakdown_file(crawled):
    _, found = crawled
    page = found.text("/public/data/")
    assert "breakdowns.csv" in page and "fewer than 5 people are not shown" in page


def test_a_breakdown_corrected_after_issue_is_published_corrected_suppressed_with_a_note():
    """Given a published breakdown whose small figure is corrected after issue, the public
    read neither the old nor the new small figure anywhere, only when and why."""
    from kpis import entry
    from tests.views.entry_helpers import TODAY

    with frozen():
        world = build_world()
        age = ages(world.pub1)
        q1 = Result.objects.get(indicator=world.pub1, period="2026-27-Q1")
        give(q1, age, {"Under 18": ("61.37", 4), "18 to 64": ("77.91", 30),
                       "65 and over": ("88.13", 900)})
        entry.correct_after_issue(
            world.people["performance"], q1, q1.actual, q1.commentary,
            "The under-18s' rate was recounted", TODAY,
            breakdown=(BreakdownFigure(cat(age, "Under 18").pk, Decimal("62.59"), 4),))
        found = crawl(Client())
    for value in ("61.37", "62.59", "77.91"):
        assert value not in found.everything
    page = found.text("/public/indicators/PUB1/")
    assert "was corrected on 23 November 2026, after it was published" in page
    assert "recounted" in page
