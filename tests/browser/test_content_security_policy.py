"""The Content-Security-Policy holds in a real browser.

Every browser test fails on a CSP violation (tests/browser/conftest.py); these check
that the watch works and that the pages with the most script on them pass it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser


def test_an_inline_script_is_refused_and_reported(new_page, council, csp_violations):
    """The check is not vacuous: a script added inline is refused, and reported."""
    page = new_page()
    response = page.goto("/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.body.appendChild(script);
    }""")
    expect(page.locator("body")).to_be_visible()
    page.wait_for_function("() => true")
    assert page.evaluate("() => window.inlineRan === undefined")
    assert any("script-src" in violation for violation in csp_violations)
    csp_violations.clear()  # expected here; the fixture fails the test on any other


def test_the_pages_with_scripts_run_them_under_the_policy(new_page, council,
                                                         csp_violations):
    """GOV.UK Frontend's JavaScript and htmx's live preview still work, with no
    violation: js-enabled is set from a file, and htmx injects no style."""
    page = sign_in(new_page(), "olivia").page
    assert "js-enabled" in page.evaluate("() => document.body.className")
    assert "govuk-frontend-supported" in page.evaluate("() => document.body.className")
    form = page.goto(f"/indicators/{council.indicator.code}/{council.period.key}/edit/")
    assert form.ok
    page.get_by_label("Actual value", exact=True).press_sequentially("50", delay=50)
    expect(page.locator("#preview")).to_contain_text("Red")
    assert page.evaluate("() => document.querySelectorAll('style').length") == 0
    assert csp_violations == []


def test_the_admin_runs_under_the_policy(new_page, council, csp_violations):
    """The performance team's register: list, change form (with its inlines and
    autocompletes) and history, with no violation."""
    petra = council.performance
    petra.is_staff = petra.is_superuser = True
    petra.save()
    page = sign_in(new_page(), "petra").page
    indicator = council.indicator
    for path in ["/admin/", "/admin/kpis/indicator/",
                 f"/admin/kpis/indicator/{indicator.pk}/change/",
                 f"/admin/kpis/indicator/{indicator.pk}/history/",
                 "/admin/kpis/delegation/add/"]:
        assert page.goto(path).ok, path
        page.wait_for_load_state("load")
    assert csp_violations == [], "\n".join(csp_violations)
