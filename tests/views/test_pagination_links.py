"""The shared page links (templates/_pagination.html) name the `page` parameter itself:
before 1 December 2026 they put the Page object's text in the address
("?%3CPage+1+of+2%3E=2"), so "Next" on the annual review and the indicator page stayed on
page 1."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import make_indicator, make_org_unit
from tests.views.entry_helpers import client_for, frozen, performance_team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


def test_the_annual_reviews_next_link_opens_page_2_and_keeps_the_filter():
    housing = make_org_unit("Place / Housing")
    for n in range(30):
        make_indicator(f"Q{n:03d}", org_unit=housing)
    client = client_for(performance_team("petra"))
    body = client.get(reverse("governance:annual_review"),
                      {"year": "2027-28", "level": "service_pi"}).content.decode()
    next_link = re.search(r'href="([^"]*)" rel="next"', body)
    assert next_link is not None
    assert next_link.group(1) == "?year=2027-28&amp;level=service_pi&amp;page=2"
    assert "%3CPage" not in body
    second = client.get(reverse("governance:annual_review") + next_link.group(1).replace(
        "&amp;", "&")).content.decode()
    assert "Showing 26 to 30 of 30" in second
