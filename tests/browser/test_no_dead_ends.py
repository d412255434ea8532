"""No link leads anyone to a page they may not open, in a real browser.

Each demo login signs in through the login page, then the crawl (tests/crawl.py) opens
the hubs the header offers them and the home page, and every same-site link Chromium
shows on them, and on the pages those lead to: one page of each kind, up to a limit. A
link that answers 403 or 404 fails the test.
Downloads are left to tests/views/test_dead_ends.py, which does the same with the Django
test client, more widely.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from perfmgmt.demo import DEMO_PASSWORD
from perfmgmt.navigation import HUBS
from tests.browser.pages import LoginPage
from tests.crawl import ROLES, Crawl, Page, load_demo

pytestmark = pytest.mark.browser

# Every link Chromium would follow, as the absolute address it resolved.
LINKS = "() => Array.from(document.querySelectorAll('a[href]'), a => a.href)"


def browser_opener(page):
    def open_page(path: str) -> Page:
        response = page.goto(path)
        status = response.status if response else 0
        return Page(status, page.evaluate(LINKS) if status == 200 else [])
    return open_page


def test_no_link_a_demo_user_sees_in_the_browser_leads_to_a_page_they_may_not_open(
    new_page, live_server, transactional_db, csp_violations
):
    """Given the demo council,
    When each demo user signs in and follows the links on each page they reach,
    Then none answers 403 or 404."""
    load_demo()
    found = {}
    for username in ROLES:
        page = new_page()
        LoginPage(page).open().sign_in(username, DEMO_PASSWORD)
        page.wait_for_url(f"{live_server.url}/")
        user = get_user_model().objects.get(username=username)
        hubs = [reverse(hub.url_name) for hub in HUBS.values()
                if len(hub.allowed_entries(user)) > 1]
        crawl = Crawl(browser_opener(page), per_kind=1, limit=30, origin=live_server.url,
                      downloads=False).run([*hubs, "/"])
        assert len(crawl.visited) > 10, f"{username}'s crawl stopped early: {crawl.visited}"
        # Every page a hub offers was opened (the hubs' links come first in the queue).
        offered = {reverse(entry.url_name) for hub in HUBS.values()
                   for entry in hub.allowed_entries(user)}
        assert offered <= set(crawl.visited), offered - set(crawl.visited)
        if crawl.dead_ends:
            found[username] = crawl.report()
    assert not found, "Links to pages their readers cannot open:\n" + "\n".join(
        f"{username}:\n{report}" for username, report in found.items()
    )
