"""The demo council publishes a believable selection, so /public/ has something to show from
`make run` on, and nothing private reaches it."""

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from kpis.models import Indicator
from tests.public.crawl import crawl

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), time_machine.travel(NOW, tick=False):
        call_command("load_demo", "--today", NOW.date().isoformat(), stdout=io.StringIO())
        yield crawl(Client())
        transaction.set_rollback(True)


def test_the_demo_publishes_its_plan_measures_and_the_kpis_of_its_public_report(demo):
    published = Indicator.objects.filter(published=True)
    assert 40 <= published.count() <= 60
    assert set(published.values_list("level", flat=True)) == {
        "corporate_plan_measure", "corporate_kpi"}
    assert not published.filter(status="in_development").exists()
    assert set(published.values_list("frequency", flat=True)) == {
        "monthly", "quarterly", "annual"}


def test_the_public_summary_shows_the_latest_issued_quarter_with_every_rating(demo):
    response = demo.pages["/public/"]
    assert response.context["period"].key == "2026-27-Q1"  # Q2 is still being signed off
    counts = {rag.value for pillar in response.context["pillars"] for rag in pillar.counts}
    assert {"GREEN", "AMBER", "RED"} <= counts
    assert len(response.context["pillars"]) == 4
    # four years and a quarter of issued quarters to choose from
    assert len(response.context["periods"]) == 17


def test_the_correction_after_issue_is_shown_with_its_note(demo):
    page = demo.text("/public/indicators/EI03/")
    assert "The figure for Q1 2026/27 was corrected on 17 November 2026" in page


def test_every_public_page_opens_and_shows_no_ones_name(demo):
    assert {a: r.status_code for a, r in demo.pages.items() if r.status_code != 200} == {}
    assert len({a.split("?")[0] for a in demo.pages if a.startswith("/public/indicators/")}) == (
        Indicator.objects.filter(published=True).count())
    everything = demo.everything
    names = {user.get_full_name() for user in get_user_model().objects.all()} - {""}
    assert {n for n in names if re.search(re.escape(n), everything, re.IGNORECASE)} == set()
