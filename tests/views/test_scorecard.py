import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import add_result, add_target, make_indicator, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    user = make_user("reader")
    client = Client()
    client.force_login(user)
    return client


def test_it_requires_login():
    response = Client().get(reverse("reporting:scorecard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_requires_login_for_the_csv():
    response = Client().get(reverse("reporting:scorecard_csv", args=["2025-26-Q2"]))
    assert response.status_code == 302


def test_it_shows_each_indicator_with_its_rag_in_words(reader):
    red = make_indicator("RED1", title="Potholes repaired on time")
    add_target(red, "2025-26", 90)
    add_result(red, "2025-26-Q2", "80.9")
    response = reader.get(reverse("reporting:scorecard"), {"period": "2025-26-Q2"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Potholes repaired on time" in body
    assert "govuk-tag--red\">Red</strong>" in body
    assert "As at the end of Q2 2025/26" in body


def test_it_escapes_commentary_and_titles(reader):
    ind = make_indicator("XSS1", title="<script>alert(1)</script>")
    add_result(ind, "2025-26-Q2", 1)
    body = reader.get(reverse("reporting:scorecard"), {"period": "2025-26-Q2"}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_a_bad_period_is_not_found(reader):
    response = reader.get(reverse("reporting:scorecard"), {"period": "2025-27"})
    assert response.status_code == 404


def test_the_csv_matches_the_export_columns(reader):
    ind = make_indicator("CSV1")
    add_target(ind, "2025-26", 50)
    add_result(ind, "2025-26-Q2", 50)
    response = reader.get(reverse("reporting:scorecard_csv", args=["2025-26-Q2"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["code"] == "CSV1"
    assert rows[0]["rag"] == "GREEN"
    assert response["Content-Disposition"].endswith('scorecard-2025-26-Q2-data.csv"')


def money_and_rate():
    money = make_indicator("FIN1", title="Savings delivered", unit="currency")
    add_target(money, "2025-26", 6_000_000)
    add_result(money, "2025-26-Q1", "5000000")
    add_result(money, "2025-26-Q2", "6692013.000000")
    rate = make_indicator("HOU1", title="Homes let", decimal_places=1)
    add_target(rate, "2025-26", 90)
    add_result(rate, "2025-26-Q2", "88.300000")
    days = make_indicator("DAY1", title="Days to relet", unit="days", decimal_places=2,
                          polarity="lower")
    add_target(days, "2025-26", "2.5")
    add_result(days, "2025-26-Q2", "2.21")


def test_figures_read_with_their_unit_and_places_right_aligned(reader):
    money_and_rate()
    body = reader.get(reverse("reporting:scorecard"), {"period": "2025-26-Q2"}).content.decode()
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">£6,692,013</td>' in body
    assert "£6,000,000" in body and "£5,000,000" in body
    assert "88.3%" in body and "90.0%" in body
    assert "2.21 days" in body and "2.50 days" in body
    assert "6692013" not in body and "88.300000" not in body


def test_the_download_for_people_has_labels_units_and_coloured_rag_words(reader):
    from openpyxl import load_workbook

    money_and_rate()
    url = reverse("reporting:scorecard_download", args=["2025-26-Q2", "xlsx"])
    response = reader.get(url)
    assert response["Content-Disposition"].endswith(
        'filename="scorecard-2025-26-Q2-for-people.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Scorecard for people"
    assert sheet["A1"].value.startswith("Scorecard as at the end of Q2 2025/26")
    assert "For people to read" in sheet["A1"].value
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][:8] == ("Code", "Indicator", "Service", "Period", "Target", "Actual",
                           "Previous", "RAG")
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["FIN1"][3:8] == ("Q2 2025/26", "£6,000,000", "£6,692,013", "£5,000,000",
                                    "Green")
    assert by_code["HOU1"][4:8] == ("90.0%", "88.3%", None, "Amber")
    assert by_code["DAY1"][4:6] == ("2.50 days", "2.21 days")
    fills = {row[0].value: row[7] for row in sheet.iter_rows(min_row=3)}
    assert fills["FIN1"].fill.fgColor.rgb.endswith("CCE2D8")  # green, with the word
    assert fills["HOU1"].fill.fgColor.rgb.endswith("FFF7BF")  # amber
    assert fills["HOU1"].value == "Amber"


def test_the_csv_for_people_has_labels_and_units_and_the_data_keeps_codes(reader):
    money_and_rate()
    people = reader.get(reverse("reporting:scorecard_download", args=["2025-26-Q2", "csv"]))
    assert people["Content-Disposition"].endswith('scorecard-2025-26-Q2-for-people.csv"')
    rows = {row["Code"]: row for row in csv.DictReader(io.StringIO(people.content.decode()))}
    assert (rows["FIN1"]["Actual"], rows["FIN1"]["RAG"]) == ("£6,692,013", "Green")
    assert rows["HOU1"]["Direction of travel"] == "Not comparable"
    data = reader.get(reverse("reporting:scorecard_csv", args=["2025-26-Q2"]))
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(data.content.decode()))}
    assert (rows["FIN1"]["actual"], rows["FIN1"]["rag"]) == ("6692013", "GREEN")
    assert rows["HOU1"]["dot"] == "NOT_COMPARABLE"


def test_a_download_in_another_format_is_not_found(reader):
    url = reverse("reporting:scorecard_download", args=["2025-26-Q2", "pdf"])
    assert reader.get(url).status_code == 404


def _build(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        ind = make_indicator(f"Q{i:03d}")
        add_target(ind, "2025-26", 50)
        add_result(ind, "2025-26-Q1", 40 + i % 20)
        add_result(ind, "2025-26-Q2", 45 + i % 20)


def test_the_number_of_queries_does_not_grow_with_the_number_of_indicators(
    reader, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("reporting:scorecard")
    _build(3)
    reader.get(url, {"period": "2025-26-Q2"})  # warm the session
    with CaptureQueriesContext(connection) as small:
        reader.get(url, {"period": "2025-26-Q2"})
    _build(40, start=3)
    with django_assert_num_queries(len(small.captured_queries)):
        response = reader.get(url, {"period": "2025-26-Q2"})
    assert "43 indicators" in response.content.decode()


@pytest.mark.parametrize("role,sees_drafts", [
    ("Councillors", False), ("Officers", False), ("Auditors", True), ("Performance team", True),
])
def test_the_page_and_its_csv_show_unsigned_results_only_to_those_who_may_see_them(
    role, sees_drafts
):
    from tests.views.entry_helpers import client_for, user_in

    ind = make_indicator("DR1", title="Drafted", decimal_places=2)
    add_result(ind, "2025-26-Q1", 70, commentary="Signed off last quarter")
    add_result(ind, "2025-26-Q2", "43.21", commentary="A draft nobody checked", status="draft")
    client = client_for(user_in("someone", role))
    page = client.get(reverse("reporting:scorecard"), {"period": "2025-26-Q2"}).content.decode()
    download = client.get(reverse("reporting:scorecard_csv", args=["2025-26-Q2"]))
    csv_text = b"".join(download.streaming_content).decode() if download.streaming else (
        download.content.decode())
    assert ("43.21" in page) is sees_drafts
    assert ("43.21" in csv_text) is sees_drafts
    assert ("A draft nobody checked" in csv_text) is sees_drafts


def test_the_exception_column_says_how_many_periods_running_the_council_counts(reader):
    from kpis.models import ExceptionRule

    ExceptionRule.objects.create(red_periods=3)
    ind = make_indicator("SUS1")
    add_target(ind, "2025-26", 90)
    for quarter in ("2025-26-Q1", "2025-26-Q2"):
        add_result(ind, quarter, 50)
    url = reverse("reporting:scorecard")
    assert "periods running" not in reader.get(url, {"period": "2025-26-Q2"}).content.decode()
    add_result(ind, "2025-26-Q3", 50)
    assert "Red for 3 periods running" in reader.get(
        url, {"period": "2025-26-Q3"}).content.decode()


def test_the_downloads_carry_the_filters_of_the_page_they_were_downloaded_from(reader):
    """A reader who filters the scorecard to amber downloads the amber rows, not all."""
    from openpyxl import load_workbook

    money_and_rate()
    page = reader.get(reverse("reporting:scorecard"), {"period": "2025-26-Q2", "rag": "AMBER",
                                                       "page": "1", "group": "pillar"})
    body = page.content.decode()
    people_csv = reverse("reporting:scorecard_download", args=["2025-26-Q2", "csv"])
    assert f'href="{people_csv}?rag=AMBER"' in body
    assert "Download the 1 indicator shown for people" in body
    people = reader.get(people_csv, {"rag": "AMBER"})
    codes = [row["Code"] for row in csv.DictReader(io.StringIO(people.content.decode()))]
    assert codes == ["HOU1"]
    data = reader.get(reverse("reporting:scorecard_csv", args=["2025-26-Q2"]), {"rag": "AMBER"})
    assert [row["code"] for row in csv.DictReader(io.StringIO(data.content.decode()))] == [
        "HOU1"]
    xlsx = reader.get(reverse("reporting:scorecard_download", args=["2025-26-Q2", "xlsx"]),
                      {"rag": "AMBER"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["HOU1"]
    unfiltered = reader.get(people_csv)
    assert len(list(csv.DictReader(io.StringIO(unfiltered.content.decode())))) == 3
