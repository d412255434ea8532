"""The budget, plans, matrix, portfolios, escalation and import pages in a real browser:
axe-core and the Content-Security-Policy on each, as the performance team and a
councillor see them."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from governance import members
from governance.finance_import import import_finance
from governance.models import Committee, PlanOrStrategy
from kpis.models import OrgUnit, Portfolio
from kpis.roles import COUNCILLORS, ensure_role_groups
from kpis.spreadsheets import read_sheet
from tests.browser.pages import axe_violations, describe_violations, sign_in
from tests.factories import make_user

pytestmark = pytest.mark.browser

POSITION = (
    "directorate,service,budget,forecast,commentary\n"
    "Resources,Finance,\"2,500,000\",\"2,650,000\",Agency cover for two vacancies\n"
    "Place,Highways,\"4,000,000\",\"3,900,000\",\n"
)


def test_the_members_and_finance_pages_have_no_accessibility_violations(
    new_page, council, csp_violations
):
    """Given a budget position, a plan, a portfolio held by a councillor and an escalated
    issue,
    When the performance team and the councillor open the pages that show them,
    Then axe finds no WCAG 2.2 A/AA violation and the browser no CSP violation."""
    carys = make_user("carys", first_name="Carys", last_name="Lloyd")
    carys.groups.add(ensure_role_groups()[COUNCILLORS])
    import_finance(read_sheet(io.BytesIO(POSITION.encode()), name="q.csv"),
                   period=council.period, file_name="q.csv", content=POSITION.encode(),
                   user=council.performance, now=timezone.now())
    portfolio = Portfolio.objects.create(name="Finance and Corporate Services",
                                         slug="finance", holder=carys)
    council.indicator.portfolio = portfolio
    council.indicator.save()
    PlanOrStrategy.objects.create(
        title="Medium Term Financial Strategy", owner=council.approver,
        review_on=timezone.localdate() - timedelta(days=3),
    ).indicators.set([council.indicator])
    cog = Committee.objects.create(name="Chief Officer Group", slug="cog",
                                   kind=Committee.Kind.OFFICER_BOARD, takes_finance=True)
    members.escalate(indicator=council.indicator, period=council.period.key, to_board=cog,
                     reason="Red twice running", user=council.approver, now=timezone.now())
    resources = OrgUnit.objects.get(path="Resources")
    found: dict[str, list[dict]] = {}

    def check(where: str, page) -> None:
        violations = axe_violations(page)
        if violations:
            found[where] = violations

    team = new_page()
    sign_in(team, "petra")
    for where, path in [
        ("budget and performance", "/budget/"),
        ("a directorate's budget and performance", f"/budget/{resources.pk}/"),
        ("import the budget position", "/budget/import/"),
        ("plans register", "/plans/"),
        ("reporting matrix", "/reporting-matrix/"),
        ("escalations", "/escalations/"),
        ("escalate", f"/escalations/{council.indicator.code}/{council.period.key}/new/"),
        ("committee with an escalation", "/committees/cog/"),
        ("pack preview with finance", f"/committees/cog/{council.period.key}/preview/"),
    ]:
        team.goto(path)
        check(where, team)
    team.goto("/budget/import/")
    team.get_by_label("The finance system's export").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv",
                "buffer": b"directorate,budget,forecast\nNowhere,1,1\n"}])
    team.get_by_role("button", name="Import").click()
    team.wait_for_load_state()
    assert team.get_by_text("Row 2: there is no directorate called 'Nowhere'").is_visible()
    check("import with problems", team)

    councillor = new_page()
    sign_in(councillor, "carys")
    councillor.goto("/portfolios/")
    check("portfolios", councillor)
    councillor.get_by_role("link", name="the Finance and Corporate Services scorecard").click()
    councillor.wait_for_load_state()
    assert council.indicator.code in councillor.content()
    assert council.other_indicator.code not in councillor.locator("table").inner_text()
    check("portfolio scorecard", councillor)

    assert not found, "\n".join(describe_violations(where, violations)
                                 for where, violations in found.items())
