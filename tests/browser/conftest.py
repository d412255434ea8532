"""Real-browser fixtures: Debian's Chromium driven by Playwright's sync API.

Chromium is found at $CHROMIUM or /usr/bin/chromium and never downloaded. Without it
the browser tests are skipped with a reason (pytest's ``-rs`` summary shows it),
unless REQUIRE_BROWSER=1, as in CI, where a missing browser is a failure.

Every page a test opens is watched for Content-Security-Policy violations (the
browser's console messages and its ``securitypolicyviolation`` events): a test that
passes but made the browser refuse a script, style or image fails at teardown.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from kpis.models import Delegation, Indicator
from kpis.roles import APPROVERS, OFFICERS, PERFORMANCE_TEAM, ensure_role_groups
from reporting.periods import Frequency, Period
from tests.factories import add_target, make_indicator, make_org_unit, make_user

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
MISSING = "Chromium not installed: browser tests skipped (apt-get install chromium)"
TIMEOUT_MS = 10_000

# Runs in every page before its own scripts (init scripts are not subject to the CSP).
REPORT_CSP_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', event => {
  console.error('CSP violation: ' + event.violatedDirective + ' refused '
                + (event.blockedURI || 'an inline script or style') + ' on '
                + location.pathname);
});
"""


def is_csp_violation(text: str) -> bool:
    return text.startswith("CSP violation:") or "Content Security Policy" in text

_reports = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so fixtures can tell whether it failed."""
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    reports = request.node.stash.get(_reports, {})
    return any(r.failed for r in reports.values())


@pytest.fixture(scope="package", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test thread, so Django's ORM
    refuses to be called from the tests unless DJANGO_ALLOW_ASYNC_UNSAFE is set.

    Set for this package only and restored afterwards: left set, it would leak into
    the rest of the suite (``manage.py check --deploy`` in tests/test_settings.py
    rightly warns about it).
    """
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="package")
def browser(_allow_orm_beside_playwright):
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}: "
                        "apt-get install chromium", pytrace=False)
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def csp_violations() -> list[str]:
    """Every Content-Security-Policy violation the browser reported during the test."""
    return []


@pytest.fixture
def new_page(browser, live_server, request, csp_violations) -> Iterator[Callable]:
    """Open a page in a fresh browser context (its own cookies: its own session).

    If the test fails, every page it opened is saved as a screenshot in artifacts/.
    If any page reported a CSP violation, the test fails.
    """
    contexts, pages = [], []

    def open_page():
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        page = context.new_page()

        def on_console(message) -> None:
            if message.type == "error" and is_csp_violation(message.text):
                csp_violations.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        contexts.append(context)
        pages.append(page)
        return page

    yield open_page

    if _failed(request):
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        for number, page in enumerate(pages, start=1):
            path = ARTIFACTS / f"{name}-{number}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
            except Exception as error:  # the page may be gone; say so and carry on
                print(f"Could not save {path}: {error}")
            else:
                print(f"Screenshot of page {number} ({page.url}): {path}")
    for context in contexts:
        context.close()
    if csp_violations and not _failed(request):
        pytest.fail("The browser reported Content-Security-Policy violations:\n"
                    + "\n".join(csp_violations), pytrace=False)


@pytest.fixture
def page(new_page):
    return new_page()


# --- data -------------------------------------------------------------------------
# No frozen time: the live server runs in another thread on the real clock, so the
# results are for the latest quarter that has already ended, and the targets are for
# its financial year.


@dataclass
class Council:
    period: Period
    officer: object
    delegate: object
    approver: object
    other_officer: object
    performance: object
    indicator: Indicator
    other_indicator: Indicator


@pytest.fixture
def council(transactional_db, live_server) -> Council:
    """Finance's officer (and a delegate) and approver; Highways' officer; the
    performance team. One quarterly percentage indicator each, target 90."""
    groups = ensure_role_groups()
    today = timezone.localdate()
    period = Period.latest_ended(today, Frequency.QUARTERLY)

    def person(username: str, first: str, last: str, role: str):
        user = make_user(username, first_name=first, last_name=last)
        user.groups.add(groups[role])
        return user

    officer = person("olivia", "Olivia", "Officer", OFFICERS)
    delegate = person("dev", "Dev", "Delegate", OFFICERS)
    approver = person("amara", "Amara", "Approver", APPROVERS)
    other_officer = person("hugo", "Hugo", "Highways", OFFICERS)
    performance = person("petra", "Petra", "Performance", PERFORMANCE_TEAM)

    finance = make_org_unit("Resources / Finance")
    finance.approvers.add(approver)
    indicator = make_indicator(
        "FIN01", title="Invoices paid within 30 days", org_unit=finance, owner=officer,
        definition="Undisputed invoices paid within 30 days of receipt.",
    )
    add_target(indicator, period.fy.key, 90)
    Delegation.objects.create(indicator=indicator, delegate=delegate, granted_by=officer,
                              ends_on=today + timedelta(days=30))

    highways = make_org_unit("Place / Highways")
    other_indicator = make_indicator(
        "HWY01", title="Potholes repaired on time", org_unit=highways, owner=other_officer,
    )
    add_target(other_indicator, period.fy.key, 90)
    return Council(period, officer, delegate, approver, other_officer, performance,
                   indicator, other_indicator)
