"""What a committee was shown stays reproducible, in a real browser: a breakdown corrected
after issue (its listing, the breakdown as issued, the correction form and its refusal)
and a past year's definition on the indicator page; axe-core on each, and no
Content-Security-Policy violation (the ``new_page`` fixture)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from governance.lifecycle_models import DefinitionVersion
from kpis.models import BreakdownCorrection
from tests.browser.pages import LoginPage, axe_violations, describe_violations

pytestmark = pytest.mark.browser
PASSWORD = "demo-password-2025"


@pytest.fixture
def demo(transactional_db, live_server):
    call_command("load_demo", stdout=io.StringIO())


def test_a_corrected_breakdown_and_a_past_definition_read_as_each_reader_may_see_them(
        new_page, demo):
    """Given the demo council, where two children missing education were moved to the
    right ward after the report was issued, and a definition changes from next year,
    When the performance team and a councillor read the corrected result, the team opens
    the breakdown as issued and the correction form and records a correction that does not
    add up, and anyone opens the indicator whose definition changes,
    Then the councillor sees [c] for the small ward, the team every figure, the refusal
    is in the error summary, the old definition is named with its year, and axe finds no
    WCAG 2.2 AA violation."""
    corrected = BreakdownCorrection.objects.select_related("result__indicator").first()
    address = f"/indicators/{corrected.result.indicator.code}/{corrected.result.period}/"
    found: dict[str, list[dict]] = {}

    def check(where: str, page) -> None:
        violations = axe_violations(page)
        if violations:
            found[where] = violations

    councillor = new_page()
    LoginPage(councillor).open().sign_in("councillor", PASSWORD)
    councillor.goto(address)
    listing = councillor.locator("#breakdown-corrections ~ .app-table-wrapper").first
    assert "Ward: Brackley Moor" in listing.inner_text() and "[c]" in listing.inner_text()
    check("a corrected result (councillor)", councillor)

    team = new_page()
    LoginPage(team).open().sign_in("performance", PASSWORD)
    team.goto(address)
    assert "[c]" not in team.locator("#breakdown-corrections ~ .app-table-wrapper").first \
        .inner_text()
    check("a corrected result (performance team)", team)
    team.get_by_role("link", name="Show the breakdown as issued").click()
    assert team.get_by_role("heading", name="as issued on").first.is_visible()
    check("the breakdown as issued", team)
    team.goto(address + "correct/")
    assert team.get_by_role("group", name="Breakdown by ward").is_visible()
    box = team.get_by_label("Abbeygate")
    box.fill(str(int(float(box.input_value())) + 7))
    team.get_by_label("Why is the figure being corrected?").fill("Recounted")
    team.get_by_role("button", name="Record the correction").click()
    assert team.title().startswith("Error: ")
    assert "must add up to it" in team.locator(".govuk-error-summary").inner_text()
    check("the correction form refusing a breakdown that does not add up", team)

    version = DefinitionVersion.objects.exclude(applies_from=None).select_related(
        "indicator").first()
    team.goto(f"/indicators/{version.indicator.code}/")
    assert team.locator("#past-definitions").get_by_text("Definition in").first.is_visible()
    check("an indicator page with a past year's definition", team)
    assert not found, "\n".join(describe_violations(w, v) for w, v in found.items())
