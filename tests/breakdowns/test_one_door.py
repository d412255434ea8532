"""A breakdown is part of its result: it goes through the one door for results (the entry
form, the breakdown import), follows the lock, and the admin will not change it."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from kpis import entry
from kpis.models import BreakdownValue, ResultStatus
from reporting.periods import Period
from tests.breakdowns.helpers import ages, cat, figures, wards
from tests.factories import importer
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
)

pytestmark = pytest.mark.django_db
Q2 = Period.parse(PERIOD)


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def olive():
    return officer("olive")


@pytest.fixture
def visits(olive):
    """A count of home visits, split by ward (every visit is in one ward)."""
    return indicator("ASC1", owner=olive, unit="number", target=100)


@pytest.fixture
def ward(visits):
    return wards(visits)


def held(row) -> dict[str, tuple]:
    return {v.category.name: (v.value, v.people)
            for v in BreakdownValue.objects.filter(result=row).select_related("category")}


def save(user, ind, actual, breakdown, version=0, **kwargs):
    return entry.save(user, ind, Q2, entry.Entry(actual=Decimal(actual), breakdown=breakdown),
                      version, TODAY, **kwargs)


# --- the entry door --------------------------------------------------------------------


def test_a_breakdown_is_saved_with_its_result_and_names_who(olive, visits, ward):
    row = save(olive, visits, "120", figures(ward, {"Abbey": 60, "Brook": 3, "Castle": 40,
                                                    "Dale": 17}))
    assert held(row) == {"Abbey": (60, None), "Brook": (3, None), "Castle": (40, None),
                         "Dale": (17, None)}
    record = BreakdownValue.objects.get(result=row, category__name="Brook").history.get()
    assert (record.history_user, record.history_change_reason) == (olive, "Saved")


def test_a_changed_breakdown_moves_the_version_on_and_a_blank_removes_a_figure(
        olive, visits, ward):
    row = save(olive, visits, "120", figures(ward, {"Abbey": 60, "Brook": 3, "Castle": 40,
                                                    "Dale": 17}))
    row = save(olive, visits, "120", figures(ward, {"Abbey": 63, "Brook": None}), version=1)
    assert row.version == 2
    assert held(row) == {"Abbey": (63, None), "Castle": (40, None), "Dale": (17, None)}
    deleted = BreakdownValue.history.filter(history_type="-").get()
    assert deleted.history_user == olive


def test_parts_that_make_the_whole_must_add_up_to_the_result(olive, visits, ward):
    with pytest.raises(entry.EntryError, match="add up to 119, but the result is 120"):
        save(olive, visits, "120", figures(ward, {"Abbey": 60, "Brook": 2, "Castle": 40,
                                                  "Dale": 17}))
    assert not BreakdownValue.objects.exists()


def test_a_partial_breakdown_is_not_added_up(olive, visits, ward):
    row = save(olive, visits, "120", figures(ward, {"Abbey": 60}))
    assert held(row) == {"Abbey": (60, None)}


def test_a_dimension_whose_parts_overlap_is_not_added_up(olive, visits):
    dim = wards(visits, whole=False)
    row = save(olive, visits, "120", figures(dim, {"Abbey": 1, "Brook": 1, "Castle": 1,
                                                   "Dale": 1}))
    assert len(held(row)) == 4


def test_a_percentage_needs_the_number_of_people_behind_it(olive):
    rate = indicator("ASC2", owner=olive)
    dim = ages(rate)
    with pytest.raises(entry.EntryError) as refused:
        save(olive, rate, "85", figures(dim, {"Under 18": 80}))
    assert [p.field for p in refused.value.problems] == [
        f"breakdown-{cat(dim, 'Under 18').pk}-people"]
    row = save(olive, rate, "85", figures(dim, {"Under 18": 80}, {"Under 18": 40}))
    assert held(row) == {"Under 18": (80, 40)}


def test_a_breakdown_figure_meets_the_results_value_rules(olive):
    rate = indicator("ASC2", owner=olive)
    dim = ages(rate)
    with pytest.raises(entry.EntryError, match="between 0 and 100"):
        save(olive, rate, "85", figures(dim, {"Under 18": 180}, {"Under 18": 40}))
    count = indicator("ASC3", owner=olive, unit="number")
    dim.indicators.add(count)
    with pytest.raises(entry.EntryError, match="0 or more"):
        save(olive, count, "5", figures(dim, {"Under 18": -1}))


def test_a_category_of_a_dimension_the_indicator_does_not_use_is_refused(olive, visits, ward):
    other = ages()
    with pytest.raises(entry.EntryError, match="not a category of Ward"):
        save(olive, visits, "120", figures(other, {"Under 18": 5}))


@pytest.mark.parametrize("status", [ResultStatus.SUBMITTED, ResultStatus.APPROVED])
def test_a_breakdown_cannot_change_through_the_form_once_submitted(olive, visits, ward,
                                                                   status):
    row = result(visits, status=status, actual="120")
    with pytest.raises(entry.EntryError, match="cannot be changed now"):
        save(olive, visits, "120", figures(ward, {"Abbey": 60}), version=row.version)
    assert not BreakdownValue.objects.exists()


# --- the import door -------------------------------------------------------------------


def write(tmp_path, rows, columns=("code", "period", "dimension", "category", "value",
                                   "people")):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    path = tmp_path / "wards.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run(path, user=None) -> str:
    out = io.StringIO()
    call_command("import_breakdowns", str(path), "--user", user or importer(),
                 "--reason", "from Mosaic", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def failing(path, user=None) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_breakdowns", str(path), "--user", user or importer(),
                     stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def test_an_import_sets_a_drafts_breakdown_and_names_the_importer(tmp_path, visits, ward):
    row = result(visits, actual="120")
    out = run(write(tmp_path, [["ASC1", PERIOD, "Ward", "Abbey", "60", ""],
                               ["ASC1", PERIOD, "ward", "brook", "3", ""]]))
    assert "Imported 2 breakdown figures: 0 created, 2 updated, 0 unchanged." in out
    assert held(row) == {"Abbey": (60, None), "Brook": (3, None)}
    row.refresh_from_db()
    assert row.status == ResultStatus.DRAFT and row.version == 2
    assert row.history.latest().history_change_reason == (
        "Breakdown changed by an import: wards.csv: from Mosaic")
    assert BreakdownValue.history.first().history_user.username == "importer"


def test_an_import_over_a_locked_result_is_refused_and_nothing_changes(tmp_path, visits,
                                                                       ward):
    row = result(visits, status=ResultStatus.APPROVED, actual="120")
    calendar(issued_on=date(2026, 11, 20))
    err = failing(write(tmp_path, [["ASC1", PERIOD, "Ward", "Abbey", "60", ""]]))
    assert ("Row 2: ASC1 Q2 2026/27 is locked: its committee report has been issued, so its "
            "breakdown cannot change") in err
    assert not BreakdownValue.objects.exists()
    row.refresh_from_db()
    assert row.version == 1


def test_an_import_over_an_approved_result_sends_it_for_sign_off_again(tmp_path, visits,
                                                                       ward):
    row = result(visits, status=ResultStatus.APPROVED, actual="120")
    calendar(issued_on=None)
    run(write(tmp_path, [["ASC1", PERIOD, "Ward", "Abbey", "60", ""]]))
    row.refresh_from_db()
    assert row.status == ResultStatus.SUBMITTED
    assert [(t.from_status, t.to_status) for t in row.transitions.all()] == [
        ("approved", "returned"), ("returned", "submitted")]


def test_an_import_is_all_or_nothing_with_row_numbers(tmp_path, visits, ward):
    result(visits, actual="120")
    err = failing(write(tmp_path, [
        ["ASC1", PERIOD, "Ward", "Abbey", "60", ""],
        ["ASC1", PERIOD, "Ward", "Nowhere", "3", ""],
        ["ASC1", PERIOD, "Age group", "Under 18", "3", ""],
        ["ASC9", PERIOD, "Ward", "Brook", "3", ""],
        ["ASC1", PERIOD, "Ward", "Castle", "three", ""],
        ["ASC1", PERIOD, "Ward", "Abbey", "61", ""],
    ]))
    assert "Row 3: 'Nowhere' is not a category of the dimension 'Ward'" in err
    assert "Row 4: 'Under 18' is not a category of the dimension 'Age group'" in err
    assert "Row 5: code 'ASC9' is not in the register" in err
    assert "Row 6: value" in err
    assert "Row 7: ASC1 Q2 2026/27 Abbey is also on row 2" in err
    assert not BreakdownValue.objects.exists()


def test_an_import_into_no_result_or_not_adding_up_is_refused(tmp_path, visits, ward):
    err = failing(write(tmp_path, [["ASC1", PERIOD, "Ward", "Abbey", "60", ""]]))
    assert "Row 2: ASC1 Q2 2026/27 has no result yet" in err
    result(visits, actual="120")
    err = failing(write(tmp_path, [["ASC1", PERIOD, "Ward", c, "1", ""]
                                   for c in ("Abbey", "Brook", "Castle", "Dale")]))
    assert "Row 2: ASC1 Q2 2026/27: The Ward figures add up to 4, but the result is 120" in err


def test_only_the_performance_team_imports(tmp_path, visits, ward, olive):
    result(visits, actual="120")
    with pytest.raises(CommandError, match="only the performance team"):
        call_command("import_breakdowns", str(write(tmp_path, [
            ["ASC1", PERIOD, "Ward", "Abbey", "60", ""]])), "--user", "olive",
            stdout=io.StringIO(), stderr=io.StringIO())


# --- the admin is no side door ---------------------------------------------------------


def test_the_admin_will_not_add_change_delete_or_revert_a_breakdown(olive, visits, ward):
    row = save(olive, visits, "120", figures(ward, {"Abbey": 60}))
    value = BreakdownValue.objects.get()
    client = client_for(performance_team("petra", is_staff=True))
    admin = "admin:kpis_breakdownvalue_"
    assert client.get(reverse(admin + "add")).status_code == 403
    change = reverse(admin + "change", args=[value.pk])
    assert client.post(change, {"value": "1"}).status_code == 403
    assert client.post(reverse(admin + "delete", args=[value.pk]),
                       {"post": "yes"}).status_code == 403
    record = value.history.get()
    assert client.get(reverse(admin + "simple_history",
                              args=[value.pk, record.history_id])).status_code == 403
    assert held(row) == {"Abbey": (60, None)}


def test_the_admin_lists_breakdowns_and_shows_their_history_in_words(olive, visits, ward):
    row = save(olive, visits, "120", figures(ward, {"Abbey": 60}))
    value = BreakdownValue.objects.get(result=row)
    client = client_for(performance_team("petra", is_staff=True))
    assert client.get(reverse("admin:kpis_breakdownvalue_changelist")).status_code == 200
    response = client.get(reverse("admin:kpis_breakdownvalue_history", args=[value.pk]))
    assert response.status_code == 200
    assert client.get(reverse("admin:kpis_dimension_change", args=[ward.pk])).status_code == 200
    response = client.get(reverse("admin:kpis_dimension_history", args=[ward.pk]))
    assert response.status_code == 200
