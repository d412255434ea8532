"""Correcting a breakdown after issue: the same door and rules as a result's correction
(performance team only, a reason, old and new kept, attributable, listed in the next
report), small numbers hidden on every path that reads it, and what was issued still
reproducible."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Committee
from governance.packs import pack_data
from kpis import breakdowns, entry
from kpis.models import (
    BreakdownCorrection,
    BreakdownValue,
    Correction,
    Council,
    Result,
    ResultStatus,
    ResultTransition,
)
from kpis.roles import COUNCILLORS
from reporting.corrections import breakdown_corrections_for_report
from reporting.periods import Period
from reporting.ratings import RatingBook
from tests.breakdowns.helpers import breakdown_form, figures, wards
from tests.kpis.test_one_door import calendar
from tests.views.entry_helpers import (
    PERIOD,
    TODAY,
    client_for,
    frozen,
    indicator,
    officer,
    performance_team,
    result,
    url,
    user_in,
)

pytestmark = pytest.mark.django_db
Q2 = Period.parse(PERIOD)
Q3 = Period.parse("2026-27-Q3")
ISSUED = date(2026, 11, 20)
AS_ISSUED = {"Abbey": 60, "Brook": 3, "Castle": 40, "Dale": 17}


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def visits():
    """A corporate count of home visits by ward (the parts make the whole), signed off at
    120 and locked by Q2's report, issued on 20 November 2026."""
    Council.objects.create(name="Northshire County Council", short_name="Northshire")
    ind = indicator("ASC1", owner=officer("olive"), unit="number", target=100,
                    is_corporate=True)
    ward = wards(ind)
    row = result(ind, status=ResultStatus.APPROVED, actual="120", commentary="120 visits")
    breakdowns.write(row, figures(ward, AS_ISSUED), None, "Entered")
    calendar(issued_on=ISSUED)
    calendar("2026-27-Q3", issued_on=date(2027, 2, 20))
    return ind


@pytest.fixture
def ward(visits):
    return visits.dimensions.get()


@pytest.fixture
def row(visits):
    return Result.objects.get(indicator=visits, period=PERIOD)


@pytest.fixture
def petra():
    return performance_team(first_name="Petra", last_name="Price")


def held(row) -> dict[str, tuple]:
    return {v.category.name: (v.value, v.people)
            for v in BreakdownValue.objects.filter(result=row).select_related("category")}


def numbers(cells: dict[str, tuple]) -> dict[str, Decimal | None]:
    return {name: value for name, (value, _) in cells.items()}


def correct(user, row, values, reason="Two visits were put in the wrong ward", actual=None,
            **kwargs):
    return entry.correct_after_issue(
        user, row, row.actual if actual is None else Decimal(actual), row.commentary, reason,
        TODAY, breakdown=figures(row.indicator.dimensions.get(), values), **kwargs)


# --- the door ------------------------------------------------------------------------------


def test_a_breakdown_correction_keeps_old_and_new_and_names_who_and_why(row, petra):
    assert correct(petra, row, {"Brook": 5, "Dale": 15}) is None  # the figure is unchanged
    assert numbers(held(row)) == {"Abbey": 60, "Brook": 5, "Castle": 40, "Dale": 15}
    kept = {c.category.name: (c.old_value, c.new_value, c.by, c.reason)
            for c in BreakdownCorrection.objects.select_related("category")}
    why = "Two visits were put in the wrong ward"
    assert kept == {"Brook": (3, 5, petra, why), "Dale": (17, 15, petra, why)}
    assert not Correction.objects.exists()  # the figure and commentary did not change
    row.refresh_from_db()
    assert (row.status, row.version) == (ResultStatus.APPROVED, 2)
    record = BreakdownValue.objects.get(result=row, category__name="Brook").history.latest()
    assert (record.history_user, record.history_change_reason) == (
        petra, f"Correction after issue: {why}")
    step = ResultTransition.objects.get(result=row)
    assert (step.by, step.reason) == (petra, f"Correction after issue: {why}")


def test_the_figure_and_its_breakdown_are_corrected_together(row, petra):
    correction = correct(petra, row, {"Abbey": 65}, actual="125", reason="Five were missed")
    assert correction is not None
    assert (correction.old_actual, correction.new_actual) == (120, 125)
    assert BreakdownCorrection.objects.get().new_value == 65
    row.refresh_from_db()
    assert row.actual == 125


def test_only_the_performance_team_corrects_a_breakdown(row):
    with pytest.raises(PermissionDenied):
        correct(officer("owen"), row, {"Brook": 5, "Dale": 15})
    assert numbers(held(row)) == AS_ISSUED and not BreakdownCorrection.objects.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_breakdown_correction_needs_a_reason(row, petra, reason):
    with pytest.raises(entry.EntryError, match="Enter the reason for the correction"):
        correct(petra, row, {"Brook": 5, "Dale": 15}, reason=reason)
    assert numbers(held(row)) == AS_ISSUED


def test_a_breakdown_correction_that_changes_nothing_is_refused(row, petra):
    with pytest.raises(entry.EntryError, match="nothing to correct"):
        correct(petra, row, {"Brook": 3, "Dale": 17})
    assert not BreakdownCorrection.objects.exists() and not Correction.objects.exists()
    assert Result.objects.get(pk=row.pk).version == 1


def test_a_breakdown_correction_whose_parts_no_longer_add_up_is_refused(row, petra):
    with pytest.raises(entry.EntryError, match="add up to 122, but the result is 120"):
        correct(petra, row, {"Brook": 5})
    assert numbers(held(row)) == AS_ISSUED and not BreakdownCorrection.objects.exists()


def test_a_corrected_figure_must_still_be_the_sum_of_its_parts(row, petra):
    """Correcting the actual alone would leave the wards adding up to the old figure."""
    with pytest.raises(entry.EntryError, match="add up to 120, but the result is 125"):
        entry.correct_after_issue(petra, row, Decimal("125"), row.commentary, "Missed",
                                  TODAY)
    assert not Correction.objects.exists()


def test_a_breakdown_figure_meets_the_entry_rules_when_corrected(row, petra):
    with pytest.raises(entry.EntryError, match="0 or more"):
        correct(petra, row, {"Brook": -1, "Dale": 21})


def test_a_breakdown_that_is_not_locked_is_changed_through_sign_off(visits, row, petra):
    calendar(issued_on=None)
    with pytest.raises(entry.EntryError, match="not locked"):
        correct(petra, row, {"Brook": 5, "Dale": 15})


# --- as issued --------------------------------------------------------------------------


def test_the_breakdown_as_issued_is_reproduced_after_a_correction(visits, row, petra):
    correct(petra, row, {"Brook": 5, "Dale": 15})
    correct(petra, row, {"Brook": 6, "Dale": 14}, reason="And one more")
    issued = {v.category_id: v.value for v in breakdowns.as_issued(row, ISSUED)}
    ward = visits.dimensions.get()
    assert {ward.categories.get(pk=k).name: v for k, v in issued.items()} == AS_ISSUED
    tables = breakdowns.tables(visits, Q2, raw=True, approved_only=True, as_issued_on=ISSUED)
    assert [(c.category, c.value) for c in tables[0].cells] == list(AS_ISSUED.items())
    today = breakdowns.tables(visits, Q2, raw=True, approved_only=True)
    assert [c.value for c in today[0].cells] == [60, 6, 40, 14]


def test_the_scorecard_as_issued_is_unchanged_by_a_breakdown_correction(visits, row, petra,
                                                                       tmp_path):
    def exported() -> bytes:
        out = tmp_path / "issued.csv"
        call_command("export_scorecard", "--period", PERIOD, "--as-issued", "--output",
                     str(out), stdout=io.StringIO())
        return out.read_bytes()

    before = exported()
    book = RatingBook.load(Q2.end, approved_only=True, as_issued_on=ISSUED)
    correct(petra, row, {"Abbey": 65}, actual="125", reason="Five were missed")
    assert exported() == before
    again = RatingBook.load(Q2.end, approved_only=True, as_issued_on=ISSUED)
    assert again.actual(visits.pk, Q2) == book.actual(visits.pk, Q2) == 120


def test_the_result_page_shows_the_breakdown_as_issued_on_request(visits, row, petra):
    correct(petra, row, {"Brook": 5, "Dale": 15})
    page = client_for(petra).get(url("result", visits)).content.decode()
    assert "Show the breakdown as issued" in page
    table = page.split('id="breakdown"', 1)[1].split("</table>", 1)[0]
    assert ">5<" in table and ">15<" in table
    issued = client_for(petra).get(url("result", visits), {"breakdown": "as-issued"})
    table = issued.content.decode().split('id="breakdown"', 1)[1].split("</table>", 1)[0]
    assert ">3<" in table and ">17<" in table and "as issued on 20 November 2026" in table


# --- listed, with small numbers hidden ---------------------------------------------------


def test_the_next_report_lists_a_breakdown_correction_and_the_corrected_one_does_not(
        row, petra):
    correct(petra, row, {"Brook": 5, "Dale": 15})
    listed = breakdown_corrections_for_report(Q3, TODAY)
    assert [c.category.name for c in listed] == ["Brook", "Dale"]
    assert breakdown_corrections_for_report(Q2, TODAY) == []


def test_the_next_pack_lists_it_with_small_numbers_hidden(visits, row, petra):
    correct(petra, row, {"Abbey": 61, "Brook": 2}, reason="One visit was in the wrong ward")
    committee = Committee.objects.create(name="Cabinet", slug="cabinet", kind="cabinet",
                                         corporate_only=True)
    listed = pack_data(committee, Q3, TODAY)["breakdown_corrections"]
    assert [(c["figure"], c["old"], c["new"]) for c in listed] == [
        ("Ward: Abbey", "60", "61"), ("Ward: Brook", "[c]", "[c]")]
    assert listed[0]["reason"] == "One visit was in the wrong ward"
    from governance import pack_render

    html = pack_render.render_html(pack_data(committee, Q3, TODAY))
    assert "Breakdown figures corrected after an earlier report was issued" in html
    assert ">2<" not in html.split('id="corrections"', 1)[1]


def test_a_pack_with_no_corrections_says_so(visits):
    committee = Committee.objects.create(name="Cabinet", slug="cabinet", kind="cabinet",
                                         corporate_only=True)
    from governance import pack_render

    html = pack_render.render_html(pack_data(committee, Q3, TODAY))
    assert "No figure reported earlier has been corrected" in html
    assert "Breakdown figures corrected" not in html


@pytest.mark.parametrize("where", ["result", "indicator", "scorecard"])
def test_small_numbers_in_a_correction_are_hidden_outside_those_who_hold_them(
        visits, row, petra, where):
    correct(petra, row, {"Abbey": 61, "Brook": 2}, reason="One visit was in the wrong ward")
    address = {
        "result": url("result", visits),
        "indicator": reverse("kpis:indicator", args=[visits.code]),
        "scorecard": reverse("reporting:scorecard") + f"?period={Q3.key}",
    }[where]

    def listing(user) -> str:
        response = client_for(user).get(address)
        assert response.status_code == 200
        return response.content.decode().split('id="breakdown-corrections"', 1)[1]

    raw = listing(petra)
    assert "Ward: Brook" in raw and ">3<" in raw and ">2<" in raw
    assert where == "scorecard" or "Petra Price" in raw  # who, beside the result
    hidden = listing(user_in("cora", COUNCILLORS))
    assert "Ward: Brook" in hidden and "[c]" in hidden and "fewer than 5 people" in hidden
    assert ">3<" not in hidden and ">2<" not in hidden
    assert ">60<" in hidden and ">61<" in hidden  # Abbey is not small


def test_listing_corrections_reads_a_fixed_number_of_queries(petra):
    Council.objects.create(name="Northshire County Council", short_name="Northshire")
    calendar(issued_on=ISSUED)
    ward = wards()

    def queries(count: int) -> int:
        start = Result.objects.count()
        for n in range(start, start + count):
            ind = indicator(f"V{n}", unit="number", target=100)
            ward.indicators.add(ind)
            done = result(ind, status=ResultStatus.APPROVED, actual="120")
            breakdowns.write(done, figures(ward, AS_ISSUED), None, "Entered")
            correct(petra, done, {"Brook": 5, "Dale": 15})
        rows = BreakdownCorrection.objects.select_related("result__indicator", "category", "by")
        with CaptureQueriesContext(connection) as context:
            listed = breakdowns.corrected_figures(rows, lambda _: False)
        assert len(listed) == 2 * Result.objects.count()
        return len(context)

    assert queries(5) == queries(50)


# --- the screen ---------------------------------------------------------------------------


def test_the_correction_form_carries_the_breakdown(visits, ward, row, petra):
    page = client_for(petra).get(url("result_correct", visits)).content.decode()
    assert "Breakdown by ward" in page and 'value="17"' in page
    data = {"actual": "120", "commentary": row.commentary, "reason": "Wrong ward",
            **breakdown_form(ward, {"Abbey": 60, "Brook": 4, "Castle": 40, "Dale": 16})}
    response = client_for(petra).post(url("result_correct", visits), data)
    assert response.status_code == 302
    assert numbers(held(row)) == {"Abbey": 60, "Brook": 4, "Castle": 40, "Dale": 16}
    assert BreakdownCorrection.objects.count() == 2


def test_the_correction_form_says_when_the_parts_do_not_add_up(visits, ward, row, petra):
    data = {"actual": "120", "commentary": row.commentary, "reason": "Wrong ward",
            **breakdown_form(ward, {"Abbey": 60, "Brook": 9, "Castle": 40, "Dale": 16})}
    response = client_for(petra).post(url("result_correct", visits), data)
    assert response.status_code == 400
    assert "add up to 125, but the result is 120" in response.content.decode()
    assert numbers(held(row)) == AS_ISSUED


def test_an_officer_cannot_open_or_post_the_correction_form(visits, ward, row):
    olive = client_for(officer("owen"))
    assert olive.get(url("result_correct", visits)).status_code == 403
    data = {"actual": "120", "reason": "x",
            **breakdown_form(ward, {"Brook": 4, "Dale": 16})}
    assert olive.post(url("result_correct", visits), data).status_code == 403
    assert numbers(held(row)) == AS_ISSUED


def test_a_correction_recorded_later_is_dated_as_given(row, petra):
    at = datetime(2026, 11, 22, 9, tzinfo=ZoneInfo("Europe/London"))
    correct(petra, row, {"Brook": 5, "Dale": 15}, now=at)
    assert {c.at for c in BreakdownCorrection.objects.all()} == {at}
