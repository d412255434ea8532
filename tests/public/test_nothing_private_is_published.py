"""Crawl every public page and open data file as an anonymous visitor, and find nothing the
public must not see: no unpublished indicator, no unsigned figure, no figure of a period
whose report is not issued, no internal note and no person's name; and no page that needs
a sign-in. (Breakdowns: test_breakdowns_published.py crawls for small numbers.)"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.public.crawl import crawl
from tests.public.world import SECRET_TEXT, SECRET_VALUES, build_world
from tests.views.entry_helpers import frozen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def crawled():
    world = build_world()
    return world, crawl(Client())


def _digits_of(value: str) -> list[str]:
    """The ways a figure could be written: exactly, with thousands separators, and its
    whole part alone (any rounding of it)."""
    whole = value.split(".")[0]
    return [value, f"{int(whole):,}", whole]


def test_the_crawl_reaches_every_published_indicator_and_both_data_files(crawled):
    """Given published indicators, when an anonymous visitor follows every link from
    /public/, they reach each published indicator's page, every issued quarter's summary,
    the open data page and both files (so what follows checks everything)."""
    _, found = crawled
    for code in ("PUB1", "PUB2", "PUB3", "PUB4", "PUB5", "PUB6", "PUB7"):
        assert f"/public/indicators/{code}/" in found.pages
    assert {"/public/?period=2026-27-Q1", "/public/?period=2025-26-Q4"} <= set(found.pages)
    assert {"/public/data/", "/public/data/indicators.csv",
            "/public/data/indicators.json"} <= set(found.pages)


def test_no_public_page_needs_a_sign_in_or_fails(crawled):
    _, found = crawled
    failed = {address: response.status_code for address, response in found.pages.items()
              if response.status_code != 200}
    assert failed == {}
    assert not any("/accounts/login/" in address for address in found.pages)
    assert not any("login" in link for link in found.external)


def test_no_unpublished_unsigned_or_unissued_figure_appears(crawled):
    """Draft, submitted and returned figures; figures of periods with no issue date, an
    issue date after today or no calendar entry; figures of unpublished indicators (one
    rolled up into a published total): none appears, in any form."""
    _, found = crawled
    everything = found.everything
    leaks = {
        value: why for value, why in SECRET_VALUES.items()
        if any(form in everything for form in _digits_of(value))
    }
    assert leaks == {}


def test_no_internal_note_or_unpublished_indicator_appears(crawled):
    _, found = crawled
    everything = found.everything
    assert {text: why for text, why in SECRET_TEXT.items() if text in everything} == {}


def test_no_persons_name_appears(crawled):
    """Owners, accountable officers, who entered, approved, returned and corrected
    figures, the director who wrote a board note: no first name, last name or username of
    anyone with a login, even where an officer wrote a name into the commentary or the
    performance team into a correction's reason (those are removed)."""
    _, found = crawled
    everything = found.everything
    words = set()
    for user in get_user_model().objects.all():
        words |= {user.first_name, user.last_name, user.username} - {""}
    assert {w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", everything,
                                          re.IGNORECASE)} == set()
    assert "[name removed]" in found.text("/public/indicators/PUB6/")


def test_what_is_published_does_appear(crawled):
    """The other side: signed-off figures of issued periods are there, the correction with
    its note, the rolled-up total of unpublished children, a month and a year."""
    _, found = crawled
    pub1 = found.text("/public/indicators/PUB1/")
    assert "82.25" in pub1 and "78.5" in pub1
    pub6 = found.text("/public/indicators/PUB6/")
    assert "116" in pub6 and "corrected on 2 November 2026" in pub6
    assert "120" in pub6  # the figure first published, in the note
    assert "24,690" in found.text("/public/indicators/PUB7/")  # to its 0 decimal places
    assert "91.5" in found.text("/public/indicators/PUB4/")
    assert "64.5" in found.text("/public/indicators/PUB5/")
    csv_text = found.text("/public/data/indicators.csv")
    assert "PUB1,Residents satisfied with street cleaning" in csv_text
