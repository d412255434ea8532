"""Every key page of the demo council, as each demo user sees it, shows figures as people
read them: units, commas and each indicator's decimal places, never ``88.300000``; periods
as ``Q2 2026/27`` and moments as ``30 November 2026, 22:36``, never keys or timestamps."""

from __future__ import annotations

import html
import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from kpis.models import Indicator, Result
from reporting.periods import Frequency, Period
from reporting.scorecard import build_scorecard

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/London"))
LATEST = Period.latest_ended(TODAY, Frequency.QUARTERLY)  # Q2 2026/27

TRAILING_ZEROS = re.compile(r"\d\.\d*0{3,}\b")
RAW_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
PERIOD_KEY = re.compile(r"\b20\d\d-\d\d(-Q[1-4])?\b")
POUNDS_WITHOUT_COMMAS = re.compile(r"£\d{4,}")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Loaded once for the module inside a transaction rolled back after it.
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--today", TODAY.isoformat(), stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def as_user(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def visible(page) -> str:
    """What a reader sees: the text, without markup, scripts or attributes."""
    assert page.status_code == 200, page.status_code
    text = page.content.decode()
    text = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<option\b[^>]*>.*?</option>", " ", text, flags=re.S)  # pickers
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))


def assert_read_as_people_read_them(text: str, where: str) -> None:
    for name, pattern in [("trailing zeros", TRAILING_ZEROS), ("a timestamp", RAW_TIMESTAMP),
                          ("a period key", PERIOD_KEY), ("£ without commas",
                                                         POUNDS_WITHOUT_COMMAS)]:
        found = pattern.search(text)
        assert found is None, f"{where} shows {name}: …{text[found.start() - 80:found.end() + 40]}…"


def money_row():
    """The scorecard's first money indicator with a figure over £1,000."""
    rows = build_scorecard(LATEST, approved_only=True)  # what every reader sees
    return next(r for r in rows if r.indicator.unit == "currency" and r.actual
                and r.actual >= 1000)


KEY_PAGES = [
    ("performance", "kpis:home", {}),
    ("officer", "kpis:home", {}),
    ("approver", "kpis:home", {}),
    ("councillor", "kpis:home", {}),
    ("auditor", "kpis:home", {}),
    ("approver", "kpis:approvals", {}),
    ("performance", "reporting:scorecard", {"period": LATEST.key}),
    ("councillor", "reporting:scorecard", {"period": LATEST.key}),
    ("auditor", "reporting:rag_audit", {"period": LATEST.key}),
    ("performance", "governance:exceptions", {"period": LATEST.key}),
    ("councillor", "governance:balanced", {"period": LATEST.key}),
    ("performance", "governance:packs_due", {}),
]


@pytest.mark.parametrize(("username", "name", "query"), KEY_PAGES)
def test_key_pages_show_figures_periods_and_moments_as_people_read_them(
    demo, username, name, query
):
    text = visible(as_user(username).get(reverse(name), query))
    assert_read_as_people_read_them(text, f"{name} for {username}")


def test_the_scorecard_shows_money_with_pounds_and_commas(demo):
    row = money_row()
    shown = row.indicator.figure(row.actual)
    assert re.fullmatch(r"-?£\d{1,3}(,\d{3})+", shown)
    text = visible(as_user("performance").get(reverse("reporting:scorecard"),
                                              {"period": LATEST.key, "per_page": 1000}))
    assert shown in text


@pytest.mark.parametrize("username", ["performance", "auditor", "councillor"])
def test_an_indicators_page_its_history_and_its_results(demo, username):
    row = money_row()
    code = row.indicator.code
    client = as_user(username)
    text = visible(client.get(reverse("kpis:indicator", args=[code])))
    assert_read_as_people_read_them(text, f"{code}'s page")
    assert row.indicator.figure(row.actual) in text
    assert "Version" not in text
    result_page = visible(client.get(reverse("kpis:result", args=[code, row.period.key])))
    assert_read_as_people_read_them(result_page, f"{code}'s result")


def test_the_entry_form_and_a_result_with_a_story_for_its_officer(demo):
    result = (Result.objects.filter(indicator__owner__username="officer", period=LATEST.key)
              .select_related("indicator").first())
    client = as_user("officer")
    for name in ("kpis:result_edit", "kpis:result"):
        text = visible(client.get(reverse(name, args=[result.indicator.code, LATEST.key])))
        assert_read_as_people_read_them(text, f"{name} {result.indicator.code}")


def test_the_admins_history_of_a_result(demo):
    from django.db.models import Count

    changed = (Result.history.values("id").annotate(n=Count("history_id")).filter(n__gt=1)
               .values_list("id", flat=True))
    result = Result.objects.filter(pk__in=list(changed)).order_by("pk").first()
    page = as_user("performance").get(reverse("admin:kpis_result_history", args=[result.pk]))
    text = visible(page)
    assert_read_as_people_read_them(text, "the admin's history")


def test_a_committee_pack_preview(demo):
    from governance.models import Committee

    committee = Committee.objects.order_by("name").first()
    page = as_user("performance").get(
        reverse("governance:pack_preview", args=[committee.slug, LATEST.key]))
    assert_read_as_people_read_them(visible(page), "the pack preview")


def test_no_indicator_of_the_demo_shows_more_places_than_it_records(demo):
    """The demo's figures are recorded to their indicator's places, so rounding for people
    never hides a digit that was entered."""
    for indicator in Indicator.objects.all():
        for actual in indicator.results.exclude(actual=None).values_list("actual", flat=True):
            exponent = actual.normalize().as_tuple().exponent
            assert -min(exponent, 0) <= indicator.decimal_places, (indicator.code, actual)
