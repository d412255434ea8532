"""The one door for results: imports, the admin, maker and checker, the lock, corrections
after issue, and changes to what the engine reads that never re-rate history."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from governance.models import ReportingPeriod
from kpis import entry
from kpis.models import Correction, Result, ResultStatus, SeriesBreak
from kpis.roles import APPROVERS, COUNCILLORS
from reporting.corrections import corrections_for_report
from reporting.periods import Period
from reporting.ratings import RatingBook
from reporting.scorecard import build_scorecard
from tests.factories import add_result, importer, make_indicator
from tests.views.entry_helpers import (
    PERIOD,
    TODAY,
    approver,
    client_for,
    form,
    frozen,
    indicator,
    officer,
    performance_team,
    result,
    url,
    user_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def olive():
    return officer("olive")


@pytest.fixture
def mine(olive):
    return indicator("HOU1", owner=olive)


def write(tmp_path, rows, columns=("code", "period", "actual", "commentary")):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    path = tmp_path / "results.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def import_file(path, *args) -> str:
    out = io.StringIO()
    call_command("import_results", str(path), "--user", importer(), *args, stdout=out,
                 stderr=io.StringIO())
    return out.getvalue()


def import_failing(path, *args) -> tuple[str, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import_results", str(path), *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue(), str(info.value)


def calendar(period=PERIOD, issued_on=None):
    return ReportingPeriod.objects.update_or_create(
        period=period, defaults={"entry_deadline": date(2026, 10, 28),
                                 "signoff_deadline": date(2026, 11, 11), "issued_on": issued_on},
    )[0]


def steps(row) -> list[tuple]:
    return [(t.from_status, t.to_status, t.by.username) for t in row.transitions.all()]


# --- imports are attributable --------------------------------------------------------------


def test_an_import_without_a_user_is_refused(tmp_path, mine):
    _, message = import_failing(write(tmp_path, [["HOU1", PERIOD, "88", ""]]))
    assert "--user" in message
    assert not Result.objects.exists()


def test_an_import_by_someone_outside_the_performance_team_is_refused(tmp_path, mine, olive):
    _, message = import_failing(write(tmp_path, [["HOU1", PERIOD, "88", ""]]), "--user", "olive")
    assert "only the performance team can import" in message
    _, message = import_failing(write(tmp_path, [["HOU1", PERIOD, "88", ""]]), "--user", "nobody")
    assert "no active user" in message
    assert not Result.objects.exists()


def test_an_imported_result_names_the_importer_and_the_reason(tmp_path, mine):
    import_file(write(tmp_path, [["HOU1", PERIOD, "88", ""]]), "--reason", "Q2 from Civica")
    row = Result.objects.get()
    record = row.history.latest()
    assert record.history_user.username == "importer"
    assert record.history_change_reason == "Imported: results.csv: Q2 from Civica"
    assert row.entered_by.username == "importer"
    assert steps(row) == [("draft", "approved", "importer")]


# --- imports meet the same rules as a person --------------------------------------------


def test_an_import_over_a_draft_moves_the_version_so_the_officers_stale_save_is_refused(
    tmp_path, mine, olive
):
    row = result(mine, status=ResultStatus.DRAFT, actual="85")
    import_file(write(tmp_path, [["HOU1", PERIOD, "87", "From the system"]]))
    row.refresh_from_db()
    assert (row.actual, row.status, row.version) == (Decimal("87"), "draft", 2)
    assert row.history.latest().history_user.username == "importer"
    # Olive opened the form at version 1 before the import: her save must not win.
    response = client_for(olive).post(url("result_edit", mine), form(actual="91", version=1))
    assert response.status_code == 409
    row.refresh_from_db()
    assert row.actual == Decimal("87")


def test_an_import_over_a_submitted_result_returns_it_and_submits_the_new_figure(
    tmp_path, mine
):
    row = result(mine, status=ResultStatus.SUBMITTED, actual="85")
    import_file(write(tmp_path, [["HOU1", PERIOD, "87", "Corrected by the system"]]))
    row.refresh_from_db()
    assert (row.actual, row.status, row.version) == (Decimal("87"), "submitted", 2)
    assert row.entered_by.username == "importer"
    assert steps(row) == [("submitted", "returned", "importer"),
                          ("returned", "submitted", "importer")]


def test_an_import_over_an_approved_result_sends_it_back_for_sign_off(tmp_path, mine):
    row = result(mine, status=ResultStatus.APPROVED, actual="85")
    import_file(write(tmp_path, [["HOU1", PERIOD, "87", ""]]))
    row.refresh_from_db()
    assert (row.actual, row.status, row.version) == (Decimal("87"), "submitted", 2)
    assert steps(row) == [("approved", "returned", "importer"),
                          ("returned", "submitted", "importer")]
    # The importer entered the figure, so the importer cannot approve it.
    importer_user = row.entered_by
    with pytest.raises(entry.EntryError, match="someone else must approve"):
        entry.approve(importer_user, row)


def test_the_same_file_twice_changes_nothing_the_second_time(tmp_path, mine):
    path = write(tmp_path, [["HOU1", PERIOD, "88", "Fine"]])
    import_file(path)
    before = list(Result.objects.values_list("version", "status"))
    out = import_file(path)
    assert "0 created, 0 updated, 1 unchanged" in out
    assert list(Result.objects.values_list("version", "status")) == before
    assert Result.history.count() == 1


def test_an_import_over_a_locked_result_is_a_row_error_and_nothing_changes(tmp_path, mine):
    other = indicator("HOU2")
    row = result(mine, status=ResultStatus.APPROVED, actual="85")
    calendar(issued_on=date(2026, 11, 20))
    err, message = import_failing(
        write(tmp_path, [["HOU2", PERIOD, "50", ""], ["HOU1", PERIOD, "87", ""]]),
        "--user", importer(),
    )
    assert "Row 3: HOU1 Q2 2026/27 is locked" in err
    assert "correction after issue" in err
    row.refresh_from_db()
    assert (row.actual, row.version) == (Decimal("85"), 1)
    assert not other.results.exists()


def test_a_new_result_in_a_period_being_reported_waits_for_sign_off(tmp_path, mine):
    calendar(issued_on=None)
    import_file(write(tmp_path, [["HOU1", PERIOD, "88", ""], ["HOU1", "2026-27-Q1", "80", ""]]))
    statuses = dict(Result.objects.values_list("period", "status"))
    # Q2 is in the calendar and not issued: someone other than the importer signs it off.
    # Q1 is before the calendar: published history, brought in as approved.
    assert statuses == {PERIOD: "submitted", "2026-27-Q1": "approved"}


# --- the admin ---------------------------------------------------------------------------


def test_the_admin_shows_results_read_only(mine):
    row = result(mine, status=ResultStatus.APPROVED, actual="85")
    calendar(issued_on=date(2026, 11, 20))
    client = client_for(performance_team(is_staff=True))
    change = reverse("admin:kpis_result_change", args=[row.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="actual"' not in page.content.decode()
    response = client.post(change, {"indicator": mine.pk, "period": PERIOD, "actual": "1"})
    assert response.status_code == 403
    assert client.post(reverse("admin:kpis_result_delete", args=[row.pk]),
                       {"post": "yes"}).status_code == 403
    revert = reverse("admin:kpis_result_simple_history",
                     args=[row.pk, row.history.latest().history_id])
    assert client.post(revert, {"actual": "1"}).status_code == 403
    row.refresh_from_db()
    assert (row.actual, row.version) == (Decimal("85"), 1)


def test_the_admin_cannot_delete_an_indicator_that_has_results(mine):
    result(mine, status=ResultStatus.APPROVED)
    client = client_for(performance_team(is_staff=True))
    response = client.post(reverse("admin:kpis_indicator_delete", args=[mine.pk]), {"post": "yes"})
    assert response.status_code == 403
    response = client.post(reverse("admin:kpis_indicator_changelist"), {
        "action": "delete_selected", "_selected_action": [mine.pk], "post": "yes"})
    assert Result.objects.filter(indicator=mine).exists()


# --- maker and checker ---------------------------------------------------------------------


def test_the_performance_team_cannot_approve_a_result_it_entered(mine):
    petra = performance_team()
    client = client_for(petra)
    client.post(url("result_submit", mine), form(actual="95"))
    row = Result.objects.get()
    assert row.status == "submitted"
    page = client.get(url("result", mine)).content.decode()
    assert ">Approve</button>" not in page
    assert "another approver must sign it off" in page
    response = client.post(url("result_approve", mine), follow=True)
    assert "You entered this result" in response.content.decode()
    row.refresh_from_db()
    assert row.status == "submitted"


def test_an_approver_who_delegated_to_himself_cannot_approve_what_he_entered(olive, mine):
    alan = approver("alan", unit="Place")
    client = client_for(alan)
    response = client.post(reverse("kpis:delegate", args=["HOU1"]), {
        "delegate": alan.pk, "ends_on_0": "31", "ends_on_1": "3", "ends_on_2": "2027"})
    assert response.status_code == 400  # not offered to himself
    # Even if he could enter (say he owns it), he cannot approve his own entry.
    mine.owner = alan
    mine.save()
    client.post(url("result_submit", mine), form(actual="95"))
    client.post(url("result_approve", mine))
    assert Result.objects.get().status == "submitted"


def test_nobody_approves_a_result_they_submitted_though_someone_else_entered_it(olive, mine):
    alan = approver("alan", unit="Place")
    row = result(mine, status=ResultStatus.SUBMITTED, entered_by=olive)
    row.transitions.create(from_status="draft", to_status="submitted", by=alan, at=row.updated_at)
    with pytest.raises(entry.EntryError, match="You submitted this result"):
        entry.approve(alan, row)


# --- one rule for who sees unsigned work ------------------------------------------------


@pytest.fixture
def councillor():
    return user_in("cllr", COUNCILLORS)


def test_a_councillor_sees_no_draft_on_the_indicator_page(mine, councillor):
    add_result(mine, "2026-27-Q1", 80, commentary="Signed off story")
    result(mine, status=ResultStatus.DRAFT, actual="12", commentary="Secret draft story")
    page = client_for(councillor).get(reverse("kpis:indicator", args=["HOU1"])).content.decode()
    assert "Signed off story" in page
    assert "Secret draft story" not in page
    assert ">12<" not in page


def test_a_councillor_sees_no_draft_in_a_results_history(mine, councillor):
    row = add_result(mine, "2026-27-Q1", 80, commentary="Signed off story")
    row.status, row.commentary = ResultStatus.RETURNED, "Draft rewording"
    row.save()
    page = client_for(councillor).get(reverse("kpis:indicator", args=["HOU1"])).content.decode()
    assert "Draft rewording" not in page


def test_the_scorecard_csv_shows_a_councillor_signed_off_figures_only(mine, councillor):
    result(mine, status=ResultStatus.SUBMITTED, actual="12", commentary="Waiting")
    response = client_for(councillor).get(reverse("reporting:scorecard_csv", args=[PERIOD]))
    assert "Waiting" not in response.content.decode()


def test_the_owner_and_the_approver_see_their_own_drafts(mine, olive):
    result(mine, status=ResultStatus.DRAFT, actual="12", commentary="My draft story")
    alan = approver("alan", unit="Place")
    for user in (olive, alan):
        page = client_for(user).get(url("result", mine)).content.decode()
        assert "My draft story" in page


# --- corrections after issue ----------------------------------------------------------------


def test_a_correction_after_issue_keeps_the_issued_figure_reproducible(mine):
    petra = performance_team()
    row = result(mine, status=ResultStatus.APPROVED, actual="38",
                 commentary="38 complaints")
    issued = calendar(issued_on=date(2026, 11, 20))
    as_issued = build_scorecard(Period.parse(PERIOD), approved_only=True,
                                as_issued_on=issued.issued_on)
    with pytest.raises(entry.EntryError, match="reason"):
        entry.correct_after_issue(petra, row, Decimal("31"), "31 complaints", " ", TODAY)
    correction = entry.correct_after_issue(
        petra, row, Decimal("31"), "31 complaints", "Seven were duplicates", TODAY
    )
    row.refresh_from_db()
    assert (row.actual, row.status, row.version) == (Decimal("31"), "approved", 2)
    assert (correction.old_actual, correction.new_actual) == (Decimal("38"), Decimal("31"))
    assert row.history.latest().history_change_reason == (
        "Correction after issue: Seven were duplicates")
    # The report as issued is reproduced exactly; today's figures show the correction.
    again = build_scorecard(Period.parse(PERIOD), approved_only=True,
                            as_issued_on=issued.issued_on)
    assert [r.as_record() for r in again] == [r.as_record() for r in as_issued]
    assert again[0].actual == Decimal("38")
    assert build_scorecard(Period.parse(PERIOD), approved_only=True)[0].actual == Decimal("31")
    # The next report lists it; the one it corrects does not.
    calendar("2026-27-Q3", issued_on=date(2027, 2, 20))
    assert corrections_for_report(Period.parse("2026-27-Q3"), TODAY) == [correction]
    assert corrections_for_report(Period.parse(PERIOD), TODAY) == []


def test_only_the_performance_team_corrects_and_only_a_locked_result(mine, olive):
    row = result(mine, status=ResultStatus.APPROVED, actual="38")
    with pytest.raises(entry.EntryError, match="not locked"):
        entry.correct_after_issue(performance_team(), row, Decimal("31"), "", "Typo", TODAY)
    calendar(issued_on=date(2026, 11, 20))
    assert client_for(olive).get(url("result_correct", mine)).status_code == 403
    assert client_for(olive).post(url("result_correct", mine), {
        "actual": "31", "commentary": "", "reason": "Typo"}).status_code == 403
    assert not Correction.objects.exists()


def test_the_result_page_offers_a_correction_after_issue(mine):
    result(mine, status=ResultStatus.APPROVED, actual="38")
    calendar(issued_on=date(2026, 11, 20))
    client = client_for(performance_team())
    assert "Correct after issue" in client.get(url("result", mine)).content.decode()
    response = client.post(url("result_correct", mine), {
        "actual": "31", "commentary": "", "reason": ""})
    assert response.status_code == 400
    response = client.post(url("result_correct", mine), {
        "actual": "31", "commentary": "Fixed", "reason": "Duplicates removed"})
    assert response.status_code == 302
    page = client.get(url("result", mine)).content.decode()
    assert "Duplicates removed" in page
    assert Correction.objects.get().old_actual == Decimal("38")


# --- an import never repurposes an indicator ----------------------------------------------------


INDICATOR_COLUMNS = ["code", "title", "level", "org_unit", "polarity", "unit", "frequency",
                     "collection", "series_break"]


def import_indicators(tmp_path, rows):
    path = write(tmp_path, rows, INDICATOR_COLUMNS)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_indicators", str(path), "--user", importer(), stdout=out, stderr=err)
    return out.getvalue()


def test_an_import_cannot_turn_an_indicator_with_results_into_another(tmp_path):
    lights = make_indicator("SL1", frequency="monthly", unit="percent", polarity="higher")
    add_result(lights, "2026-04", 95)
    path = write(tmp_path, [["SL1", "Tonnes recycled", "service_pi", "Resources / Finance",
                             "higher", "number", "quarterly", "discrete", ""]],
                 INDICATOR_COLUMNS)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_indicators", str(path), "--user", importer(),
                     stdout=io.StringIO(), stderr=err)
    assert "Row 2: SL1 has results, so its frequency from monthly to quarterly, unit from " \
           "percent to number cannot change" in err.getvalue()
    lights.refresh_from_db()
    assert (lights.frequency, lights.unit, lights.title) == ("monthly", "percent", "Indicator SL1")


def test_a_break_in_the_series_lets_the_import_change_it_and_is_recorded(tmp_path):
    lights = make_indicator("SL1", frequency="monthly", unit="percent", polarity="higher")
    add_result(lights, "2026-04", 95)
    import_indicators(tmp_path, [["SL1", "Lights on", "service_pi", "Resources / Finance",
                                  "higher", "percent", "quarterly", "discrete",
                                  "Now measured quarterly"]])
    lights.refresh_from_db()
    assert lights.frequency == "quarterly"
    series_break = SeriesBreak.objects.get(indicator=lights)
    assert (series_break.period, series_break.reason) == ("2026-27-Q2", "Now measured quarterly")
    assert "break in the series" in lights.history.latest().history_change_reason


# --- changing what the engine reads never re-rates history ------------------------------


def test_changing_polarity_leaves_an_old_scorecard_unchanged(mine):
    for period, actual in [("2025-26-Q1", 80), ("2025-26-Q2", 95), ("2026-27-Q1", 85),
                           ("2026-27-Q2", 70)]:
        add_result(mine, period, actual)
    from tests.factories import add_target

    add_target(mine, "2025-26", 90)
    old = [r.as_record() for r in build_scorecard(Period.parse("2025-26-Q2"))]
    this_year = [r.as_record() for r in build_scorecard(Period.parse(PERIOD))]
    assert old[0]["rag"] == "GREEN" and old[0]["polarity"] == "higher"
    mine.polarity = "lower"
    mine._terms_from = "2027-28"
    mine.save()
    assert [r.as_record() for r in build_scorecard(Period.parse("2025-26-Q2"))] == old
    assert [r.as_record() for r in build_scorecard(Period.parse(PERIOD))] == this_year
    book = RatingBook.load(date(2028, 6, 30))
    assert book.facts(mine.pk, Period.parse("2027-28-Q1")).polarity.value == "lower"
    assert book.facts(mine.pk, Period.parse("2025-26-Q1")).polarity.value == "higher"


def test_by_default_a_change_applies_from_the_year_after_the_latest_result(mine):
    add_result(mine, "2026-27-Q2", 70)
    mine.collection = "cumulative"
    mine.save()
    terms = list(mine.rating_terms.values_list("applies_from", "collection"))
    assert terms == [(None, "discrete"), ("2027-28", "cumulative")]


def test_an_indicator_retired_now_is_still_on_an_old_scorecard(mine):
    add_result(mine, "2025-26-Q2", 95)
    mine.status = "retired"
    mine.save()
    codes = [r.indicator.code for r in build_scorecard(Period.parse("2025-26-Q2"))]
    assert codes == ["HOU1"]
    assert build_scorecard(Period.parse("2027-28-Q1")) == []


def test_a_councillor_cannot_be_given_approvers_rights_by_a_group_name(mine):
    # A sanity check on roles: an approver without a unit approves nothing.
    lone = user_in("lone", APPROVERS)
    row = result(mine, status=ResultStatus.SUBMITTED)
    assert not entry.may_approve(lone, row)


def test_the_next_scorecard_lists_corrections_to_figures_reported_earlier(mine):
    row = result(mine, status=ResultStatus.APPROVED, actual="38")
    calendar(issued_on=date(2026, 11, 20))
    entry.correct_after_issue(performance_team(), row, Decimal("31"), "", "Duplicates", TODAY)
    page = client_for(user_in("cllr", COUNCILLORS)).get(
        reverse("reporting:scorecard"), {"period": "2026-27-Q3"}).content.decode()
    assert "Corrections to figures reported earlier" in page
    assert "Duplicates" in page


def test_the_export_command_shows_signed_off_figures_unless_asked(mine):
    result(mine, status=ResultStatus.DRAFT, actual="12", commentary="A draft")
    out = io.StringIO()
    call_command("export_scorecard", "--period", PERIOD, stdout=out)
    assert "A draft" not in out.getvalue()
    out = io.StringIO()
    call_command("export_scorecard", "--period", PERIOD, "--include-unsigned", stdout=out)
    assert "A draft" in out.getvalue()


def test_the_export_command_reproduces_the_issued_report(mine):
    row = result(mine, status=ResultStatus.APPROVED, actual="38")
    calendar(issued_on=date(2026, 11, 20))
    before = io.StringIO()
    call_command("export_scorecard", "--period", PERIOD, stdout=before)
    entry.correct_after_issue(performance_team(), row, Decimal("31"), "", "Duplicates", TODAY)
    issued, now = io.StringIO(), io.StringIO()
    call_command("export_scorecard", "--period", PERIOD, "--as-issued", stdout=issued)
    call_command("export_scorecard", "--period", PERIOD, stdout=now)
    assert issued.getvalue() == before.getvalue()
    assert ",31," in now.getvalue() and ",38," in issued.getvalue()


def test_an_indicator_import_names_the_importer_on_the_indicator_and_its_rules(tmp_path):
    path = write(tmp_path, [["TL1", "Tolerant", "service_pi", "Resources / Finance", "higher",
                             "percent", "quarterly", "discrete", "", "5"]],
                 INDICATOR_COLUMNS + ["tolerance_pct"])
    call_command("import_indicators", str(path), "--user", importer(), "--reason", "New PI",
                 stdout=io.StringIO())
    from kpis.models import Indicator, ToleranceRule

    record = Indicator.objects.get(code="TL1").history.latest()
    assert (record.history_user.username, record.history_change_reason) == (
        "importer", "Imported: results.csv: New PI")
    rule = ToleranceRule.objects.get(indicator__code="TL1").history.latest()
    assert rule.history_user.username == "importer"


def test_a_councillor_sees_how_a_signed_off_figure_was_corrected_but_no_draft(mine, councillor):
    row = add_result(mine, PERIOD, 38, commentary="Published story")
    calendar(issued_on=date(2026, 11, 20))
    entry.correct_after_issue(performance_team(), row, Decimal("31"), "Corrected story",
                              "Duplicates", TODAY)
    draft = add_result(mine, "2026-27-Q1", 12, commentary="Secret draft", status="draft")
    draft.commentary = "Secret draft, reworded"
    draft.save()
    page = client_for(councillor).get(reverse("kpis:indicator", args=["HOU1"])).content.decode()
    assert "Correction after issue: Duplicates" in page
    assert "Secret draft" not in page


def test_the_admin_keeps_frequency_and_unit_of_an_indicator_with_results(mine):
    result(mine, status=ResultStatus.APPROVED)
    client = client_for(performance_team(is_staff=True))
    page = client.get(reverse("admin:kpis_indicator_change", args=[mine.pk])).content.decode()
    assert 'name="frequency"' not in page and 'name="unit"' not in page
    assert 'name="polarity"' in page


# --- targets that rated an issued report stay as they were -------------------------------


def test_an_import_cannot_change_a_target_that_rated_an_issued_report(tmp_path, mine):
    from tests.factories import add_target

    add_target(mine, "2026-27-Q1", 80)
    calendar("2026-27-Q1", issued_on=date(2026, 8, 20))
    columns = ("code", "period", "target")
    err, _ = import_failing(write(tmp_path, [["HOU1", "2026-27-Q1", "70"]], columns),
                            "--user", importer())
    assert "Row 2: HOU1's Q1 2026/27 target rated Q1 2026/27, whose report has been issued" in err
    err, _ = import_failing(write(tmp_path, [["HOU1", "2026-27", "70"]], columns),
                            "--user", importer())
    assert "2026/27 target rated Q1 2026/27" in err
    # The same figure again, and a target for a quarter still to report, are fine.
    import_file(write(tmp_path, [["HOU1", "2026-27-Q1", "80"], ["HOU1", "2026-27-Q3", "75"]],
                      columns))
    assert mine.targets.get(period="2026-27-Q1").target == Decimal("80")
    assert mine.targets.get(period="2026-27-Q3").target == Decimal("75")


def test_the_admin_keeps_a_target_that_rated_an_issued_report(mine):
    from kpis.models import Target

    calendar("2026-27-Q1", issued_on=date(2026, 8, 20))
    target = Target.objects.get(indicator=mine, period="2026-27")  # rates Q1 2026/27
    client = client_for(performance_team(is_staff=True))
    page = client.get(reverse("admin:kpis_target_change", args=[target.pk])).content.decode()
    assert 'name="target"' not in page
    assert client.post(reverse("admin:kpis_target_delete", args=[target.pk]),
                       {"post": "yes"}).status_code == 403
    target.refresh_from_db()
    assert target.target == Decimal("90")


def test_the_indicators_target_rows_in_the_admin_keep_a_reported_target(mine):
    from django.forms import inlineformset_factory

    from kpis.admin import LockedTargetsFormSet
    from kpis.models import Indicator, Target

    calendar("2026-27-Q1", issued_on=date(2026, 8, 20))
    target = Target.objects.get(indicator=mine, period="2026-27")
    FormSet = inlineformset_factory(Indicator, Target, formset=LockedTargetsFormSet,
                                    fields=["period", "target"], extra=0)
    data = {"targets-TOTAL_FORMS": "1", "targets-INITIAL_FORMS": "1",
            "targets-0-id": str(target.pk), "targets-0-indicator": str(mine.pk),
            "targets-0-period": "2026-27", "targets-0-target": "70"}
    formset = FormSet(data, instance=mine, prefix="targets")
    assert not formset.is_valid()
    assert "whose report has been issued" in str(formset.non_form_errors())
    data["targets-0-target"] = "90"
    assert FormSet(data, instance=mine, prefix="targets").is_valid()


def test_a_past_trend_is_read_with_the_polarity_its_periods_were_rated_under(mine):
    """The indicator page and the balanced scorecard read a trend through
    ``RatingBook.trend`` with the rating's own polarity, so turning "higher is better" into
    "lower is better" from a later year never turns an old improving trend into worsening."""
    for period, actual in [("2024-25-Q3", 60), ("2024-25-Q4", 70), ("2025-26-Q1", 80),
                           ("2025-26-Q2", 95)]:
        add_result(mine, period, actual)
    mine.polarity = "lower"
    mine._terms_from = "2027-28"
    mine.save()
    book = RatingBook.load(date(2025, 9, 30))
    q2 = Period.parse("2025-26-Q2")
    rating = book.rate(mine.pk, q2)
    assert book.trend(mine.pk, q2, rating.indicator.polarity).value == "Improving"
    page = client_for(mine.owner).get(reverse("kpis:indicator", args=[mine.code]))
    rows = [row.split("</tr>")[0] for row in page.content.decode().split("<tr ")[1:]
            if "Q2 2025/26" in row.split("</tr>")[0] and "95" in row.split("</tr>")[0]]
    assert rows and "Improving" in rows[0] and "Worsening" not in rows[0]
