"""Bulk entry: download what is due, fill it in offline, upload, check, confirm."""

import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kpis.models import BulkUpload, Result
from tests.factories import add_result, add_target, make_indicator, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    moment = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def officer():
    user = make_user("officer")
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def due(officer):
    indicator = make_indicator("BK1", title="Calls answered", owner=officer.user, decimal_places=1)
    add_target(indicator, "2026-27", 80)
    return indicator


def download(client) -> Workbook:
    response = client.get(reverse("kpis:bulk_download"))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def xlsx(workbook: Workbook) -> io.BytesIO:
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "results.xlsx"
    return buffer


def upload(client, file, submit=False):
    data = {"file": file}
    if submit:
        data["submit"] = "on"
    return client.post(reverse("kpis:bulk_upload"), data)


def test_the_download_lists_what_is_due_with_its_target(officer, due):
    sheet = download(officer)["Results"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert header == ["Code", "Indicator", "Period", "Target", "Previous", "Actual",
                      "Commentary", "Improvement activity", "Data quality note", "Version"]
    assert row["Code"] == "BK1" and row["Period"] == "Q2 2026/27"
    assert Decimal(str(row["Target"])) == 80 and row["Version"] == 0


def test_an_upload_is_checked_and_rated_then_saved_only_on_confirm(officer, due):
    workbook = download(officer)
    sheet = workbook["Results"]
    sheet["F2"] = 71.5
    sheet["G2"] = "Two advisers off sick"
    sheet["H2"] = "Agency cover from December"
    response = upload(officer, xlsx(workbook), submit=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-tag--red\">Red" in body
    assert "71.5%" in body and "Q2 2026/27" in body  # as people read them
    assert not Result.objects.exists()  # nothing saved yet
    staged = BulkUpload.objects.get()
    response = officer.post(reverse("kpis:bulk_confirm", args=[staged.pk]))
    assert response.status_code == 302
    result = Result.objects.get()
    assert (result.actual, result.status) == (Decimal("71.5"), "submitted")
    staged.refresh_from_db()
    assert staged.applied_at is not None


def test_every_bad_row_is_listed_and_nothing_is_staged(officer, due):
    other = make_indicator("NOTMINE", owner=make_user("someone"))
    workbook = download(officer)
    sheet = workbook["Results"]
    sheet["F2"] = "lots"
    sheet.append(["NOTMINE", "", "2026-27-Q2", "", "", 5, "", "", "", 0])
    sheet.append(["NOPE", "", "2026-27-Q2", "", "", 5, "", "", "", 0])
    sheet.append(["BK1", "", "2027-28-Q1", "", "", 5, "", "", "", 0])
    response = upload(officer, xlsx(workbook))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Row 2: actual: You typed &#x27;lots&#x27;, which is not a number" in body
    assert "Row 3: You cannot enter results for NOTMINE" in body
    assert "Row 4: &#x27;NOPE&#x27; is not an indicator&#x27;s code" in body
    assert "Row 5: Q1 2027/28 has not ended yet" in body
    assert not BulkUpload.objects.exists() and not Result.objects.exists()
    assert other.results.count() == 0


def test_submitting_a_red_result_without_its_story_is_refused_row_by_row(officer, due):
    workbook = download(officer)
    workbook["Results"]["F2"] = 50
    body = upload(officer, xlsx(workbook), submit=True).content.decode()
    assert "Row 2: Enter commentary: the result is red" in body
    assert "Row 2: Enter the improvement activity" in body


def test_a_file_that_is_not_a_spreadsheet_is_refused_clearly(officer, due):
    fake = io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    fake.name = "photo.xlsx"
    response = upload(officer, fake)
    assert response.status_code == 400
    assert "This is not a readable XLSX workbook" in response.content.decode()


def test_thousands_of_bad_rows_are_all_counted(officer, due):
    lines = ["code,period,actual,version"] + ["BK1,2026-27-Q2,abc,0"] * 3000
    file = io.BytesIO("\n".join(lines).encode())
    file.name = "many.csv"
    response = upload(officer, file)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem with 3000 rows" in body
    assert "and 2500 more rows" in body


def test_a_result_saved_since_the_download_makes_the_whole_upload_fail(officer, due):
    second = make_indicator("BK2", owner=officer.user)
    workbook = download(officer)
    sheet = workbook["Results"]
    sheet["F2"], sheet["F3"] = 90, 91
    upload(officer, xlsx(workbook))
    staged = BulkUpload.objects.get()
    add_result(second, "2026-27-Q2", 12, status="draft")  # someone else saved BK2 meanwhile
    response = officer.post(reverse("kpis:bulk_confirm", args=[staged.pk]), follow=True)
    assert "someone saved this result after the spreadsheet was downloaded" in (
        response.content.decode()
    )
    assert Result.objects.get(indicator=second).actual == 12
    assert not Result.objects.filter(indicator=due).exists()  # all or nothing


def test_someone_else_cannot_confirm_an_upload(officer, due):
    workbook = download(officer)
    workbook["Results"]["F2"] = 90
    upload(officer, xlsx(workbook))
    intruder = Client()
    intruder.force_login(make_user("intruder"))
    staged = BulkUpload.objects.get()
    assert intruder.post(reverse("kpis:bulk_confirm", args=[staged.pk])).status_code == 404
    assert not Result.objects.exists()


def test_a_delegation_that_ends_between_upload_and_confirm_saves_nothing():
    """entry.save checks permission itself: the confirm step cannot skip it."""
    from kpis.models import Delegation
    from tests.views.entry_helpers import officer as officer_user

    cover = officer_user("cover")
    indicator = make_indicator("BK9", owner=make_user("owner"))
    add_target(indicator, "2026-27", 80)
    delegation = Delegation.objects.create(indicator=indicator, delegate=cover,
                                           ends_on=datetime(2027, 3, 31).date())
    client = Client()
    client.force_login(cover)
    workbook = download(client)
    workbook["Results"]["F2"] = 85
    page = upload(client, xlsx(workbook))
    assert page.status_code == 200
    staged = BulkUpload.objects.get()
    delegation.delete()
    response = client.post(reverse("kpis:bulk_confirm", args=[staged.pk]))
    assert response.status_code in (302, 403)
    assert not Result.objects.exists()


# --- blank rows, readable headers, the locked version column -----------------------------


@pytest.fixture
def three_due(officer, due):
    for code in ("BK2", "BK3"):
        add_target(make_indicator(code, owner=officer.user), "2026-27", 80)
    return due


@pytest.mark.parametrize("submit", [True, False])
def test_rows_left_blank_are_skipped_not_refused(officer, three_due, submit):
    workbook = download(officer)
    sheet = workbook["Results"]
    sheet["F3"], sheet["G3"] = 85, "Steady"  # BK2 filled in; BK1 and BK3 left blank
    response = upload(officer, xlsx(workbook), submit=submit)
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 rows left blank are skipped: nothing is saved for them." in body
    assert "1 row to save" in body and "There is a problem" not in body
    staged = BulkUpload.objects.get()
    assert [row["code"] for row in staged.rows] == ["BK2"]
    officer.post(reverse("kpis:bulk_confirm", args=[staged.pk]))
    saved = Result.objects.get()
    assert (saved.indicator.code, saved.actual) == ("BK2", Decimal(85))
    assert saved.status == ("submitted" if submit else "draft")


def test_a_blank_row_keeps_a_draft_already_saved(officer, three_due):
    add_result(three_due, "2026-27-Q2", 70, "Saved earlier", status="draft")
    workbook = download(officer)
    sheet = workbook["Results"]
    for cell in ("F", "G", "H", "I"):  # the draft's row, cleared
        sheet[f"{cell}2"] = None
    sheet["F3"] = 85
    upload(officer, xlsx(workbook), submit=True)
    officer.post(reverse("kpis:bulk_confirm", args=[BulkUpload.objects.get().pk]))
    draft = Result.objects.get(indicator=three_due)
    assert (draft.actual, draft.commentary, draft.status) == (70, "Saved earlier", "draft")


def test_a_spreadsheet_with_every_row_blank_is_told_so(officer, three_due):
    response = upload(officer, xlsx(download(officer)), submit=True)
    assert response.status_code == 400
    assert "Every row is blank: fill in the results you have" in response.content.decode()
    assert not BulkUpload.objects.exists()


def test_a_row_without_problems_says_nothing_about_problems(officer, due):
    workbook = download(officer)
    workbook["Results"]["F2"] = 90
    body = upload(officer, xlsx(workbook)).content.decode()
    row = body.split('id="row-2"')[1].split("</tr>")[0]
    assert ">Green<" in row and "None" not in row and "90.0%" in row and "Q2 2026/27" in row


def test_only_the_version_column_is_locked(officer, three_due):
    sheet = download(officer)["Results"]
    assert sheet.protection.sheet is True
    assert not sheet.protection.formatColumns  # columns can still be widened
    header = [c.value for c in sheet[1]]
    version = header.index("Version") + 1
    for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row):
        for cell in row:
            assert cell.protection.locked is (cell.column == version), cell.coordinate
    for letter, dimension in sheet.column_dimensions.items():
        assert dimension.protection.locked is (letter == "J"), letter


def test_the_period_as_people_say_it_reads_back(officer, due):
    workbook = download(officer)
    sheet = workbook["Results"]
    assert sheet["C2"].value == "Q2 2026/27"
    sheet["F2"] = 88
    upload(officer, xlsx(workbook))
    assert BulkUpload.objects.get().rows[0]["period"] == "2026-27-Q2"


def test_an_older_download_with_column_names_and_period_keys_still_uploads(officer, due):
    lines = ["code,title,period,actual,commentary,version", "BK1,,2026-27-Q2,88,Fine,0"]
    file = io.BytesIO("\n".join(lines).encode())
    file.name = "old.csv"
    assert upload(officer, file).status_code == 200
    assert BulkUpload.objects.get().rows[0]["period"] == "2026-27-Q2"


def test_a_period_that_is_not_one_is_told_how_to_write_it(officer, due):
    workbook = download(officer)
    sheet = workbook["Results"]
    sheet["C2"], sheet["F2"] = "Quarter two", 88
    body = upload(officer, xlsx(workbook)).content.decode()
    assert "write Q2 2025/26 for a quarter" in body
