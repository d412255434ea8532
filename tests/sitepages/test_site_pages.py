"""The accessibility statement and the privacy notice: anyone can read them without
signing in; the performance team changes them, and every version is kept."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kpis.models import Council
from perfmgmt.sitepages.models import SitePage
from tests.views.entry_helpers import client_for, officer, performance_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def petra():
    """The performance team's member, who may use the admin (the Register)."""
    return performance_team("petra", first_name="Petra", last_name="Patel",
                            email="petra.patel@council.example", is_staff=True)


def test_both_pages_are_there_from_the_start():
    assert set(SitePage.objects.values_list("slug", flat=True)) == {"accessibility", "privacy"}


def test_the_accessibility_statement_is_readable_without_signing_in_and_follows_the_model(petra):
    Council.objects.create(name="Northshire County Council",
                           contact_email="performance.team@council.example")
    response = Client().get(reverse("sitepages:accessibility"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1 class=\"govuk-heading-l\">Accessibility statement for Performance</h1>" in body
    for heading in ["How accessible this service is", "Feedback and contact information",
                    "Reporting accessibility problems with this service",
                    "Enforcement procedure", "Compliance status", "Non-accessible content",
                    "Preparation of this accessibility statement"]:
        assert f">{heading}</h" in body, heading
    assert "This service is partially compliant with the" in body
    assert "Equality and Human Rights Commission (EHRC)" in body
    assert 'href="https://www.equalityadvisoryservice.com/"' in body
    assert "This statement was prepared on 1 December 2026." in body
    assert "This service is run by Northshire County Council." in body
    # The public read the team's shared mailbox, never a member's name (as on /public/).
    assert ('contact the performance team (<a class="govuk-link" '
            'href="mailto:performance.team@council.example">') in body
    assert "Petra" not in body and "petra.patel" not in body
    assert "{council}" not in body and "{performance team}" not in body


def test_staff_read_who_is_in_the_performance_team(petra):
    Council.objects.create(name="Northshire County Council",
                           contact_email="performance.team@council.example")
    body = client_for(officer("olive")).get(reverse("sitepages:accessibility")).content.decode()
    assert ('contact the performance team: Petra Patel (<a class="govuk-link" '
            'href="mailto:petra.patel@council.example">') in body


def test_without_a_shared_mailbox_the_public_are_told_where_to_find_the_team():
    body = Client().get(reverse("sitepages:accessibility")).content.decode()
    assert "contact the performance team, through the council's website or switchboard" \
        in body


def test_the_privacy_notice_is_readable_without_signing_in():
    response = Client().get(reverse("sitepages:privacy"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1 class=\"govuk-heading-l\">Privacy notice</h1>" in body
    assert "UK GDPR Article 6(1)(e)" in body
    assert 'href="https://ico.org.uk/make-a-complaint/"' in body


def test_the_performance_team_changes_a_page_in_the_register_and_each_version_is_kept(petra):
    page = SitePage.objects.get(slug="privacy")
    client = client_for(petra)
    change = reverse("admin:sitepages_sitepage_change", args=[page.pk])
    assert f'href="{change}">Change this page' in client.get(
        reverse("sitepages:privacy")).content.decode()
    response = client.post(change, {
        "title": "Privacy notice",
        "body": "## Who we are\n\nWe are the council. <script>alert('x')</script>",
    })
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body.startswith("## Who we are")
    versions = list(page.history.order_by("history_date"))
    assert [v.history_user for v in versions] == [petra]
    body = Client().get(reverse("sitepages:privacy")).content.decode()
    assert '<h2 class="govuk-heading-m">Who we are</h2>' in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert "<script>alert" not in body


def test_nobody_else_can_change_them():
    page = SitePage.objects.get(slug="privacy")
    olive = officer("olive", is_staff=True)
    client = client_for(olive)
    assert "Change this page" not in client.get(reverse("sitepages:privacy")).content.decode()
    change = reverse("admin:sitepages_sitepage_change", args=[page.pk])
    response = client.post(change, {"title": "Hacked", "body": "Hacked"})
    assert response.status_code == 403
    page.refresh_from_db()
    assert page.title == "Privacy notice"


def test_a_page_s_address_stays_as_the_footer_links_it(petra):
    page = SitePage.objects.get(slug="accessibility")
    client_for(petra).post(reverse("admin:sitepages_sitepage_change", args=[page.pk]), {
        "title": page.title, "slug": "moved", "body": page.body,
    })
    page.refresh_from_db()
    assert page.slug == "accessibility"


def test_a_page_whose_row_has_gone_shows_the_text_the_council_started_with():
    """The footer links both pages from every page: never a 404."""
    SitePage.objects.all().delete()
    body = Client().get(reverse("sitepages:accessibility")).content.decode()
    assert "<h1 class=\"govuk-heading-l\">Accessibility statement for Performance</h1>" in body
    assert "Enforcement procedure" in body
