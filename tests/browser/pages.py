"""Page objects for the officer and approver screens, and the axe-core check.

Each object wraps one screen: tests say what a person does ("submit for sign-off"),
the object knows which button that is.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, Response

AXE = Path(__file__).parent / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def password_for(username: str) -> str:
    """tests.factories.make_user gives every user this password."""
    return f"pw-{username}"


class Screen:
    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def banner(self) -> Locator:
        """The notification banner a view's success or error message is shown in."""
        return self.page.locator(".govuk-notification-banner")

    @property
    def heading(self) -> Locator:
        return self.page.locator("h1")


class LoginPage(Screen):
    def open(self, path: str = "/") -> LoginPage:
        """Go to a page that needs signing in: the app sends us to the login form."""
        self.page.goto(path)
        return self

    def sign_in(self, username: str, password: str | None = None) -> HomePage:
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password or password_for(username))
        self.page.get_by_role("button", name="Sign in", exact=True).click()
        return HomePage(self.page)

    @property
    def error_summary(self) -> Locator:
        return self.page.locator(".govuk-error-summary")


def sign_in(page: Page, username: str) -> HomePage:
    """Sign in through the login form and land on "Your results"."""
    home = LoginPage(page).open().sign_in(username)
    home.page.wait_for_url(re.compile(r"/$"))
    return home


class HomePage(Screen):
    def open(self) -> HomePage:
        self.page.goto("/")
        return self

    def table(self, caption: str) -> Locator:
        """One of the worklist tables: "Due", "Overdue", "Returned for rework", ..."""
        return self.page.locator(
            "table", has=self.page.locator("caption", has_text=re.compile(rf"^\s*{caption}\b"))
        )

    def link(self, caption: str, code: str) -> Locator:
        return self.table(caption).get_by_role("link", name=re.compile(rf"^{re.escape(code)}\b"))

    def due_link(self, code: str) -> Locator:
        """This period's result, listed under "Due" or, past its deadline, "Overdue"."""
        return self.link("Due", code).or_(self.link("Overdue", code))

    def open_due(self, code: str) -> EntryFormPage:
        with self.page.expect_navigation():
            self.due_link(code).click()
        return EntryFormPage(self.page)

    def open_returned(self, code: str) -> EntryFormPage:
        with self.page.expect_navigation():
            self.link("Returned for rework", code).click()
        return EntryFormPage(self.page)


class EntryFormPage(Screen):
    def open(self, code: str, period: str) -> Response | None:
        return self.page.goto(f"/indicators/{code}/{period}/edit/")

    @property
    def actual(self) -> Locator:
        return self.page.get_by_label("Actual value", exact=True)

    @property
    def commentary(self) -> Locator:
        return self.page.get_by_label("Commentary", exact=True)

    @property
    def improvement_activity(self) -> Locator:
        return self.page.get_by_label("Improvement activity", exact=True)

    @property
    def preview(self) -> Locator:
        return self.page.locator("#preview")

    @property
    def error_summary(self) -> Locator:
        return self.page.locator(".govuk-error-summary")

    @property
    def conflict_warning(self) -> Locator:
        # Not the warning that a red result's improvement plan is missing.
        return self.page.locator(".govuk-warning-text:not(.app-plan-missing)")

    def fill(self, actual: str | None = None, commentary: str | None = None,
             improvement_activity: str | None = None) -> EntryFormPage:
        for field, value in ((self.actual, actual), (self.commentary, commentary),
                             (self.improvement_activity, improvement_activity)):
            if value is not None:
                field.fill(value)
        return self

    def type_actual(self, text: str) -> None:
        """Type key by key, as an officer does (fires the htmx preview)."""
        self.actual.clear()
        self.actual.press_sequentially(text, delay=50)

    def submit(self) -> ResultPage:
        """Submit for sign-off: the result page, or this form again with its errors."""
        # Wait for the navigation the click starts: wait_for_load_state alone returns at
        # once on the page already loaded, and the next step would race the server.
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Submit for sign-off", exact=True).click()
        return ResultPage(self.page)

    def save_draft(self) -> Response | None:
        with self.page.expect_navigation() as navigation:
            self.page.get_by_role("button", name="Save draft", exact=True).click()
        return navigation.value


class ResultPage(Screen):
    def open(self, code: str, period: str) -> ResultPage:
        self.page.goto(f"/indicators/{code}/{period}/")
        return self

    def value_of(self, key: str) -> Locator:
        """The value in the summary list row with this key ("Status", "Actual", ...)."""
        row = self.page.locator(".govuk-summary-list__row", has=self.page.locator(
            ".govuk-summary-list__key", has_text=re.compile(rf"^{key}$")))
        return row.locator(".govuk-summary-list__value")

    @property
    def status(self) -> Locator:
        return self.value_of("Status")

    def approve(self) -> ResultPage:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Approve", exact=True).click()
        return self

    def return_for_rework(self) -> ReasonPage:
        with self.page.expect_navigation():
            self.page.get_by_role("link", name="Return for rework").click()
        return ReasonPage(self.page)


class ReasonPage(Screen):
    @property
    def reason(self) -> Locator:
        return self.page.get_by_role("textbox")

    @property
    def error_summary(self) -> Locator:
        return self.page.locator(".govuk-error-summary")

    def confirm(self, reason: str) -> ResultPage:
        self.reason.fill(reason)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Confirm", exact=True).click()
        return ResultPage(self.page)


class ApprovalsPage(Screen):
    def open(self) -> ApprovalsPage:
        self.page.goto("/approvals/")
        return self

    def open_result(self, code: str) -> ResultPage:
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=re.compile(rf"^{re.escape(code)}\b")).click()
        return ResultPage(self.page)


# --- accessibility ------------------------------------------------------------------


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core on the page as it is now, against WCAG 2.2 AA; its violations."""
    page.wait_for_load_state("load")
    # Evaluated through the DevTools protocol, not added as a <script>: the page's
    # Content-Security-Policy rightly refuses inline scripts.
    page.evaluate(AXE.read_text())
    results = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})""", AXE_TAGS
    )
    return results["violations"]


def describe_violations(where: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}"
                     f" {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
    return "\n".join(lines)
