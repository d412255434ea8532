"""The indicator proposals list: 25 a page, newest first, filtered by status, the filter
kept from page to page, and the same queries for 5 proposals or 50."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from governance import lifecycle
from governance.lifecycle_models import IndicatorProposal
from governance.lifecycle_views import PROPOSALS_PER_PAGE
from tests.governance.test_lifecycle import boards, new_indicator, smart  # noqa: F401
from tests.views.entry_helpers import client_for, frozen, officer, performance_team

pytestmark = pytest.mark.django_db
URL = reverse("governance:proposals")


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


def propose(n: int) -> None:
    proposer = officer()
    for i in range(n):
        lifecycle.propose_new(proposer, new_indicator(code=f"NEW{i:03}"), smart())


def codes(content: str) -> list[str]:
    return re.findall(r">(NEW\d{3}) ", content)


def test_it_shows_25_proposals_a_page_newest_first(boards):  # noqa: F811
    propose(PROPOSALS_PER_PAGE + 5)
    client = client_for(performance_team())
    first = client.get(URL).content.decode()
    assert codes(first) == [f"NEW{i:03}" for i in range(29, 4, -1)]
    assert "Showing 1 to 25 of 30" in first
    assert 'aria-label="Pages of proposals"' in first
    second = client.get(URL + "?page=2").content.decode()
    assert codes(second) == [f"NEW{i:03}" for i in range(4, -1, -1)]


def test_it_keeps_the_status_filter_in_the_page_links(boards):  # noqa: F811
    propose(PROPOSALS_PER_PAGE + 1)
    content = client_for(performance_team()).get(URL + "?status=pending").content.decode()
    assert "26 proposals awaiting decision" in content
    assert re.findall(r"href=\"(\?[^\"]*page=2)\"", content)[0] == "?status=pending&amp;page=2"


def test_it_says_when_no_proposal_has_the_status_chosen(boards):  # noqa: F811
    propose(1)
    content = client_for(performance_team()).get(URL + "?status=approved").content.decode()
    assert "No proposal is approved." in content
    assert 'href="?">See every proposal</a>' in content
    assert "Pages of proposals" not in content


def test_it_says_when_nothing_has_been_proposed(boards):  # noqa: F811
    content = client_for(performance_team()).get(URL).content.decode()
    assert "No indicator has been proposed yet." in content


def test_an_unknown_status_shows_every_proposal(boards):  # noqa: F811
    propose(2)
    content = client_for(performance_team()).get(URL + "?status=nonsense").content.decode()
    assert len(codes(content)) == 2


@pytest.mark.parametrize("rows", [5, 50])
def test_the_proposals_page_takes_the_same_queries_for_5_or_50(
    boards, rows, django_assert_max_num_queries  # noqa: F811
):
    propose(rows)
    assert IndicatorProposal.objects.count() == rows
    client = client_for(performance_team())
    client.get(URL)  # the session and the permission caches warmed
    with django_assert_max_num_queries(9):
        assert client.get(URL).status_code == 200
