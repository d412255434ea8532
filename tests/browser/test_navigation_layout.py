"""The header's navigation is short for everyone: one row at 1280 CSS pixels for each demo
role, and at 320 pixels a "Menu" button that opens it without the page scrolling sideways
(WCAG 2.2 reflow). The hubs it leads to have no axe-core violation at either width."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from perfmgmt.demo import DEMO_PASSWORD
from perfmgmt.navigation import HUBS
from tests.browser.pages import LoginPage, axe_violations, describe_violations
from tests.crawl import ROLES, load_demo

pytestmark = pytest.mark.browser

# The top of each of the header's entries, and of its list, in CSS pixels.
ENTRY_TOPS = """() => [...document.querySelectorAll('.govuk-service-navigation__item')]
  .filter(item => item.offsetParent !== null)
  .map(item => Math.round(item.getBoundingClientRect().top))"""
WIDTH = "() => document.documentElement.scrollWidth"


def test_the_header_is_one_row_wide_and_reflows_on_a_phone_for_every_demo_role(
    new_page, live_server, transactional_db, csp_violations
):
    """Given the demo council,
    When each demo user opens their home page at 1280 pixels, and then at 320,
    Then at 1280 every entry is on one row, and at 320 the entries sit behind a Menu
    button that opens them one beneath another, with nothing wider than the screen;
    and each hub they are offered has no axe-core violation at either width."""
    load_demo()
    rows: dict[str, list[int]] = {}
    too_wide: dict[str, int] = {}
    violations: dict[str, list[dict]] = {}
    for username in ROLES:
        page = new_page()
        page.set_viewport_size({"width": 1280, "height": 900})
        LoginPage(page).open().sign_in(username, DEMO_PASSWORD)
        page.wait_for_url(f"{live_server.url}/")
        tops = page.evaluate(ENTRY_TOPS)
        if len(set(tops)) != 1 or len(tops) < 5:
            rows[username] = tops

        page.set_viewport_size({"width": 320, "height": 900})
        menu = page.get_by_role("button", name="Menu")
        assert menu.is_visible(), f"{username}: no Menu button at 320 pixels"
        assert page.evaluate(ENTRY_TOPS) == []  # closed until asked
        menu.click()
        opened = page.evaluate(ENTRY_TOPS)
        assert len(opened) == len(tops) and opened == sorted(set(opened)), (
            f"{username}: the menu's entries are not one beneath another: {opened}")
        if page.evaluate(WIDTH) > 320:
            too_wide[f"{username}'s home"] = page.evaluate(WIDTH)

        user = get_user_model().objects.get(username=username)
        for hub in HUBS.values():
            if len(hub.allowed_entries(user)) < 2:
                continue  # not offered as a hub (the header links to its page itself)
            page.goto(reverse(hub.url_name))
            for width in (1280, 320):
                page.set_viewport_size({"width": width, "height": 900})
                where = f"{username}: {hub.label} at {width}"
                found = axe_violations(page)
                if found:
                    violations[where] = found
                if page.evaluate(WIDTH) > width:
                    too_wide[where] = page.evaluate(WIDTH)

    assert not rows, f"The header's entries are not on one row at 1280 pixels: {rows}"
    assert not too_wide, f"Wider than the screen: {too_wide}"
    assert not violations, "axe-core found accessibility violations:\n" + "\n".join(
        describe_violations(where, found) for where, found in violations.items())
    assert csp_violations == [], "\n".join(csp_violations)
