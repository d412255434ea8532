"""No link leads anyone to a page they may not open.

The demo council is loaded once; then, as each demo login (README.md), the Django test
client opens the home page and follows every same-site link it shows, and every link on
the pages those lead to (tests/crawl.py: a few pages of each kind, up to a limit). Any
link that answers 403 or 404 fails the test, naming the page it was on; a page that
breaks (500) fails it too. tests/browser/test_no_dead_ends.py does the same in Chromium.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from perfmgmt.navigation import ENTRIES, HUBS
from tests.crawl import ROLES, Crawl, Page, links_in, load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Loaded once for the module inside a transaction that is rolled back after it. Today
    # is the real today: the pages read the clock too.
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def client_opener(client: Client):
    def open_page(path: str) -> Page:
        response = client.get(path, follow=True)
        html = response.get("Content-Type", "").startswith("text/html")
        return Page(response.status_code,
                    links_in(response.content.decode()) if html and response.status_code == 200
                    else [])
    return open_page


@pytest.mark.parametrize("username", ROLES)
def test_no_link_a_demo_user_is_shown_leads_to_a_page_they_may_not_open(demo, username):
    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    crawl = Crawl(client_opener(client)).run()
    assert not crawl.dead_ends, (
        f"{username} is shown links to pages they cannot open:\n{crawl.report()}"
    )
    # The crawl went somewhere: every page of the navigation this user is offered, in the
    # header and on its hubs, and pages beyond them.
    from django.urls import reverse

    offered = {reverse(entry.url_name) for entry in ENTRIES if entry.allowed(user)}
    hubs = {reverse(hub.url_name) for hub in HUBS.values()
            if len(hub.allowed_entries(user)) > 1}
    assert len(crawl.visited) > len(offered) + 5
    assert offered | hubs <= set(crawl.visited), offered | hubs - set(crawl.visited)


def test_the_crawl_reports_a_link_that_answers_403_with_the_page_it_was_on():
    pages = {
        "/": Page(200, ['<a href="/scorecard/">', "/scorecard/", "/rag-audit/",
                        "https://elsewhere.example/", "#main-content"]),
        "/scorecard/": Page(200, ["/indicators/X1/", "/indicators/X2/", "/indicators/X3/"]),
        "/rag-audit/": Page(403, []),
        "/indicators/X1/": Page(200, []),
        "/indicators/X2/": Page(404, []),
    }
    crawl = Crawl(lambda path: pages.get(path, Page(200, []))).run()
    assert crawl.dead_ends == [(403, "/rag-audit/", "/"), (404, "/indicators/X2/", "/scorecard/")]
    assert "/indicators/X3/" not in crawl.visited  # two pages of a kind stand for all
