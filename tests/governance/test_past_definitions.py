"""A past period shows the definition in force then: committee packs, the indicator page,
a result's page and its entry form, all read through one bulk lookup whose queries do not
grow with the indicators."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import lifecycle, pack_render
from governance.lifecycle import DefinitionThen, Version, definition_then
from governance.models import Committee
from governance.packs import pack_data
from kpis.models import Council
from kpis.roles import COUNCILLORS
from reporting.periods import Period
from tests.factories import add_result, add_target, make_indicator
from tests.views.entry_helpers import client_for, frozen, performance_team, user_in

pytestmark = pytest.mark.django_db
LAST_YEAR, THIS_YEAR, NEXT_YEAR = (Period.parse(k) for k in ("2025-26", "2026-27", "2027-28"))
OLD, NEW = "Counted from referral.", "Counted from first contact."


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def cog():
    Council.objects.create(name="Northshire County Council", short_name="Northshire")
    return Committee.objects.create(name="Chief Officer Group", slug="cog",
                                    kind=Committee.Kind.OFFICER_BOARD, corporate_only=True)


def measured(code="ASC2", definition=OLD):
    """A corporate quarterly indicator with results over two years."""
    ind = make_indicator(code, is_corporate=True, title=f"Measure {code}", definition=definition)
    for year in ("2025-26", "2026-27"):
        add_target(ind, year, 90)
    for period in ("2025-26-Q3", "2025-26-Q4", "2026-27-Q1", "2026-27-Q2"):
        add_result(ind, period, 92)
    return ind


def change(ind, year: Period, definition: str = NEW):
    lifecycle.change_definition(ind, year, definition, None, "Match the national return")
    ind.refresh_from_db()


def pack_definition(committee, period: str, code="ASC2") -> str:
    data = pack_data(committee, Period.parse(period))
    return next(row["definition"] for row in data["indicators"] if row["code"] == code)


# --- the rule, in plain Python ----------------------------------------------------------


def test_the_definition_in_force_is_the_latest_to_apply_by_the_year_and_the_next_is_named():
    versions = [Version(None, "T", OLD), Version(THIS_YEAR, "T", NEW)]
    then = definition_then(versions, LAST_YEAR, "T", NEW, {THIS_YEAR: date(2026, 3, 14)})
    assert then == DefinitionThen(LAST_YEAR, "T", OLD, THIS_YEAR, date(2026, 3, 14))
    assert then.replaced_on == date(2026, 4, 1)
    now = definition_then(versions, NEXT_YEAR, "T", NEW)
    assert (now.definition, now.replaced_from) == (NEW, None)


def test_an_indicator_never_changed_has_its_own_definition_in_every_year():
    assert definition_then([], LAST_YEAR, "T", OLD) == DefinitionThen(LAST_YEAR, "T", OLD)


# --- the bulk lookup ------------------------------------------------------------------------


def test_the_bulk_lookup_agrees_with_definition_in_for_every_year():
    changed, kept = measured("ASC2"), measured("ASC3", definition="Never changed.")
    change(changed, NEXT_YEAR)
    for year in (LAST_YEAR, THIS_YEAR, NEXT_YEAR):
        found = lifecycle.definitions_in([changed, kept], year)
        assert found[changed.pk].definition == lifecycle.definition_in(changed, year).definition
        assert found[kept.pk].definition == "Never changed."
    assert lifecycle.definitions_in([changed], THIS_YEAR)[changed.pk].definition == OLD
    assert lifecycle.definitions_in([changed], NEXT_YEAR)[changed.pk].definition == NEW
    # Any period of a year will do.
    assert lifecycle.definitions_in([changed], Period.parse("2026-27-Q2"))[
        changed.pk].replaced_from == NEXT_YEAR


def test_the_bulk_lookup_reads_one_query_for_5_or_50_indicators():
    def queries(count: int) -> int:
        indicators = []
        for n in range(count):
            ind = make_indicator(f"Q{count}-{n}", definition=OLD)
            change(ind, THIS_YEAR)
            indicators.append(ind)
        with CaptureQueriesContext(connection) as context:
            found = lifecycle.definitions_in(indicators, LAST_YEAR)
        assert {d.definition for d in found.values()} == {OLD}
        return len(context)

    assert queries(5) == queries(50) == 1


# --- packs ------------------------------------------------------------------------------------


def test_a_change_from_next_year_leaves_this_years_packs_with_the_old_wording(cog):
    ind = measured()
    change(ind, NEXT_YEAR)
    assert ind.definition == NEW  # the register holds the agreed wording at once ...
    assert pack_definition(cog, "2026-27-Q2") == OLD  # ... but this year's packs keep theirs
    add_target(ind, "2027-28", 90)
    add_result(ind, "2027-28-Q1", 93)
    assert pack_definition(cog, "2027-28-Q1") == NEW  # the new year's pack has the new one


def test_a_past_pack_shows_the_old_wording_and_the_current_one_the_new(cog):
    ind = measured()
    change(ind, THIS_YEAR)
    past = pack_data(cog, Period.parse("2025-26-Q4"))
    html = pack_render.render_html(past)
    assert OLD in html and NEW not in html
    current = pack_render.render_html(pack_data(cog, Period.parse("2026-27-Q2")))
    assert NEW in current and OLD not in current


def test_a_packs_definitions_do_not_add_queries_with_its_indicators(cog):
    def queries(count: int) -> int:
        start = Committee.objects.count()
        for n in range(count):
            ind = make_indicator(f"P{start}-{n}", is_corporate=True, definition=OLD)
            add_target(ind, "2026-27", 90)
            add_result(ind, "2026-27-Q2", 70)
            change(ind, THIS_YEAR)
        Committee.objects.create(name=f"Board {start}", slug=f"board-{start}",
                                 kind=Committee.Kind.OFFICER_BOARD, corporate_only=True)
        with CaptureQueriesContext(connection) as context:
            data = pack_data(cog, Period.parse("2025-26-Q4"))
        assert all(row["definition"] == OLD for row in data["indicators"])
        return len(context)

    assert queries(5) == queries(50)


# --- the indicator page, a result's page and the entry form ----------------------------------


def test_the_indicator_page_says_what_the_definition_was_in_a_past_year_and_when_it_changed():
    ind = measured()
    change(ind, THIS_YEAR)
    page = client_for(user_in("cora", COUNCILLORS)).get(
        reverse("kpis:indicator", args=[ind.code])).content.decode()
    top, results = page.split('id="results"', 1)
    assert NEW in top and OLD not in top
    assert f"Definition in 2025/26:</strong> {OLD}" in results
    assert "It has since changed: a new definition applies from 1 April 2026 (2026/27)" in results
    assert "Definition in 2026/27" not in results  # this year's is the one above


def test_a_page_of_periods_all_under_todays_definition_says_nothing_more():
    ind = measured()
    page = client_for(performance_team()).get(
        reverse("kpis:indicator", args=[ind.code])).content.decode()
    assert "Definition in" not in page and 'id="past-definitions"' not in page


def test_a_results_page_and_entry_form_show_the_definition_of_their_year():
    ind = measured()
    change(ind, THIS_YEAR)
    petra = client_for(performance_team())
    past = petra.get(reverse("kpis:result", args=[ind.code, "2025-26-Q4"])).content.decode()
    assert "Definition in 2025/26" in past and OLD in past and "1 April 2026" in past
    now = petra.get(reverse("kpis:result", args=[ind.code, "2026-27-Q2"])).content.decode()
    assert NEW in now and OLD not in now
    form = petra.get(reverse("kpis:result_edit", args=[ind.code, "2025-26-Q4"]))
    assert form.status_code == 200
    assert f"Definition in 2025/26:</strong> {OLD}" in form.content.decode()


def test_years_with_the_same_old_wording_are_said_once():
    old = DefinitionThen(LAST_YEAR, "T", OLD, NEXT_YEAR)
    also = DefinitionThen(THIS_YEAR, "T", OLD, NEXT_YEAR)
    assert lifecycle.years_alike([also, old]) == [("2025/26 to 2026/27", also)]
    other = DefinitionThen(LAST_YEAR, "T", "Older.", THIS_YEAR)
    assert [label for label, _ in lifecycle.years_alike([also, other])] == [
        "2026/27", "2025/26"]
