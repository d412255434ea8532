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
    assert response["Content-Disposition"].endswith('scorecard-2025-26-Q2.csv"')


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

    ind = make_indicator("DR1", title="Drafted")
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
