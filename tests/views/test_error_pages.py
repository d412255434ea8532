"""Error pages say what happened and where to go next, in the site's own layout (DEBUG off,
as in production: the suite runs with DEBUG off)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.template import loader
from django.test import Client
from django.urls import reverse

from kpis.models import Council
from kpis.notifications.models import Preferences
from tests.views.entry_helpers import client_for, officer, performance_team

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.views.error_urls")]


@pytest.fixture(autouse=True)
def _council():
    Council.objects.create(name="Northshire County Council")


def test_debug_is_off_for_these_tests():
    assert settings.DEBUG is False


def test_a_page_that_does_not_exist_is_a_gov_uk_page_not_found_with_the_way_home():
    response = client_for(officer("olive")).get("/indicators/NOPE/2026-27-Q2/nothing/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found – Northshire County Council</title>" in body
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in body
    assert "If you typed the web address, check it is correct." in body
    assert f'href="{reverse("kpis:home")}">Go to your results</a>' in body
    assert 'aria-label="Menu"' in body  # the site's navigation, as on every page


def test_a_page_someone_may_not_open_says_so_and_who_to_ask():
    performance_team("petra", first_name="Petra", last_name="Patel",
                     email="petra.patel@council.example")
    response = client_for(officer("olive")).get(reverse("reporting:rag_audit"))
    body = response.content.decode()
    assert response.status_code == 403
    assert "<title>You cannot open this page – Northshire County Council</title>" in body
    assert "ask the performance team: Petra Patel (" in body
    assert 'href="mailto:petra.patel@council.example"' in body
    assert f'href="{reverse("kpis:home")}">Go to your results</a>' in body


def test_a_bad_request_is_a_gov_uk_page_that_says_nothing_was_saved():
    response = client_for(officer("olive")).get("/test-errors/bad/")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Sorry, there is a problem with the request" in body
    assert "Nothing was saved." in body


def test_a_form_refused_for_its_security_token_says_what_to_do_and_saves_nothing():
    olive = officer("olive")
    client = Client(enforce_csrf_checks=True)
    client.force_login(olive)
    response = client.post(reverse("notifications:settings"), {"emails": ["reminders"]})
    body = response.content.decode()
    assert response.status_code == 403
    assert "<h1 class=\"govuk-heading-l\">Your form was not sent</h1>" in body
    assert "Go back, reload the page, and enter your changes again." in body
    assert not Preferences.objects.exists()


def test_a_broken_page_is_the_gov_uk_problem_page_without_the_person_s_navigation():
    client = client_for(officer("olive"), raise_request_exception=False)
    response = client.get("/test-errors/broken/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "<h1 class=\"govuk-heading-l\">Sorry, there is a problem with the service</h1>" in body
    assert "Try again later." in body
    assert f'href="{reverse("kpis:home")}">Go to your results</a>' in body
    assert "Sign out" not in body  # rendered without the request: nothing about the person


def test_the_problem_page_renders_with_no_request_and_no_database(django_assert_num_queries):
    """Django renders 500.html with a plain Context: no request, no context processors. It
    must not need the database, which may be what broke."""
    with django_assert_num_queries(0):
        body = loader.get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in body
    assert "Performance management" in body  # the header without the council's name
    assert 'href="/accessibility/"' in body  # the footer still links the statement
