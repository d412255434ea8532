"""The navigation offers each role its pages, and only pages they may open; the header
names the council; the footer links the accessibility statement and the privacy notice."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis.models import Council
from kpis.roles import AUDITORS, COUNCILLORS
from perfmgmt.navigation import ENTRIES
from tests.views.entry_helpers import (
    approver,
    client_for,
    frozen,
    indicator,
    officer,
    performance_team,
    user_in,
)

pytestmark = pytest.mark.django_db

EVERYONE = ["Your results", "Scorecard", "Dashboards", "Golden thread", "Balanced scorecard",
            "Exceptions", "Committees", "Risks", "Delivery plan", "Improvement plans",
            "Committee requests", "Budget and performance", "Plans register"]
EXPECTED = {
    "officer": EVERYONE + ["Indicator proposals"],
    "councillor": EVERYONE + ["Indicator proposals"],
    "auditor": EVERYONE + ["Indicator proposals", "RAG audit", "Data-quality audits",
                           "Benchmarks"],
    "approver": ["Your results", "Sign-off", "Scorecard", "Dashboards", "Golden thread",
                 "Balanced scorecard", "Exceptions",
                 "Committees", "Risks", "Delivery plan", "Improvement plans",
                 "Committee requests", "Budget and performance", "Plans register",
                 "Annual review", "Targets to set", "Indicator proposals"],
    "performance": [entry.label for entry in ENTRIES],
}


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


def person(role: str):
    return {
        "officer": lambda: officer("olive"),
        "councillor": lambda: user_in("carys", COUNCILLORS),
        "auditor": lambda: user_in("arun", AUDITORS),
        "approver": lambda: approver("alan"),
        "performance": lambda: performance_team("petra", is_staff=True),
    }[role]()


def navigation(body: str) -> list[tuple[str, str]]:
    """The service navigation's links: (label, href)."""
    menu = re.search(r'<ul class="govuk-service-navigation__list" id="navigation">(.*?)</ul>',
                     body, re.S).group(1)
    return [(re.sub(r"<[^>]+>", "", label).strip(), href) for href, label in
            re.findall(r'<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>(.*?)</a>',
                       menu, re.S)]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_the_navigation_offers_each_role_its_pages_and_each_opens(role):
    client = client_for(person(role))
    links = navigation(client.get(reverse("kpis:home")).content.decode())
    assert [label for label, _ in links] == EXPECTED[role]
    for label, href in links:
        assert client.get(href).status_code == 200, label


@pytest.mark.parametrize("role", ["officer", "councillor", "auditor"])
def test_the_pages_the_navigation_keeps_from_someone_refuse_them(role):
    """The pages with a check of their own (the others only show the person's own work)."""
    client = client_for(person(role))
    for name in ["governance:annual_review", "kpis:targets_missing", "governance:packs_due"]:
        assert client.get(reverse(name)).status_code == 403, name
    if role != "auditor":
        assert client.get(reverse("reporting:rag_audit")).status_code == 403


def test_the_current_page_and_its_section_are_marked_for_screen_readers():
    olive = officer("olive")
    client = client_for(olive)
    body = client.get(reverse("reporting:scorecard")).content.decode()
    assert ('<a class="govuk-service-navigation__link" href="/scorecard/" aria-current="page">'
            '<strong class="govuk-service-navigation__active-fallback">Scorecard</strong></a>'
            in body)
    assert body.count("aria-current") == 1
    indicator("HOU1", owner=olive)
    body = client.get(reverse("kpis:indicator", args=["HOU1"])).content.decode()
    assert '<a class="govuk-service-navigation__link" href="/scorecard/" aria-current="true">' \
        in body


def test_the_header_names_the_council_with_one_query_however_often_it_is_shown():
    Council.objects.create(name="Northshire County Council", short_name="Northshire")
    client = client_for(officer("olive"))
    with CaptureQueriesContext(connection) as captured:
        body = client.get(reverse("kpis:home")).content.decode()
    assert "<title>Your results – Northshire County Council</title>" in body
    assert '<span class="app-header__council">Northshire County Council</span>' in body
    council_queries = [q for q in captured if "kpis_council" in q["sql"]]
    assert len(council_queries) == 1


def test_anyone_signed_out_sees_the_footer_links_and_no_navigation():
    body = Client().get(reverse("login")).content.decode()
    assert f'<a class="govuk-footer__link" href="{reverse("sitepages:accessibility")}">' \
           "Accessibility statement</a>" in body
    assert f'<a class="govuk-footer__link" href="{reverse("sitepages:privacy")}">' \
           "Privacy notice</a>" in body
    assert "govuk-service-navigation" not in body
    assert "Sign out" not in body


def test_the_account_links_are_in_the_header():
    body = client_for(officer("olive")).get(reverse("kpis:home")).content.decode()
    assert f'href="{reverse("notifications:settings")}">Email settings</a>' in body
    assert re.search(r'<form method="post" action="/accounts/logout/"[^>]*>.*?Sign out', body,
                     re.S)
