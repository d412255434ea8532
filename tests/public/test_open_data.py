"""The open data files: their records, schema and licence, and the docs that describe them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.test import Client

from kpis.models import Result
from reporting.public.open_data import COLUMNS, FIELDS, LICENCE_NAME, LICENCE_URL
from tests.public.crawl import body
from tests.public.world import build_world
from tests.views.entry_helpers import frozen

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "open-data.md"


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def world():
    return build_world()


def _csv(client=None) -> tuple[object, list[dict]]:
    response = (client or Client()).get("/public/data/indicators.csv")
    return response, list(csv.DictReader(io.StringIO(body(response))))


def test_the_csv_has_one_row_per_published_figure(world):
    response, rows = _csv()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(rows[0]) == COLUMNS
    assert [(r["indicator_code"], r["period"]) for r in rows] == [
        ("PUB1", "2025-26-Q4"), ("PUB1", "2026-27-Q1"), ("PUB3", "2025-26-Q4"),
        ("PUB4", "2026-06"), ("PUB4", "2026-07"), ("PUB5", "2025-26"), ("PUB6", "2026-27-Q1"),
        ("PUB7", "2026-27-Q1"),
    ]
    pub1 = rows[1]
    assert pub1 == pub1 | {
        "indicator_title": "Residents satisfied with street cleaning",
        "pillars": "1. A clean and green county", "service": "Place / Street Scene",
        "unit": "percent", "polarity": "higher", "frequency": "quarterly",
        "collection": "discrete", "period_label": "Q1 2026/27", "period_start": "2026-04-01",
        "period_end": "2026-06-30", "value": "82.25", "target": "80", "rag": "GREEN",
        "rag_label": "Green", "direction_of_travel": "IMPROVING",
        "commentary": "Better weather helped.", "published_on": "2026-08-19",
        "corrected_on": "", "value_first_published": "", "correction_reason": "",
    }


def test_a_corrected_figure_carries_its_correction(world):
    _, rows = _csv()
    pub6 = next(r for r in rows if r["indicator_code"] == "PUB6")
    assert (pub6["value"], pub6["value_first_published"], pub6["corrected_on"]) == (
        "116", "120", "2026-11-02")
    assert pub6["correction_reason"] == "Duplicate reports removed by [name removed]."


def test_the_csv_names_its_licence_and_its_documentation_in_a_link_header(world):
    response, _ = _csv()
    link = response["Link"]
    assert f'<{LICENCE_URL}>; rel="license"' in link
    assert '<http://testserver/public/data/>; rel="describedby"' in link


def test_text_a_spreadsheet_would_run_is_neutralised(world):
    Result.objects.filter(indicator=world.pub1, period="2026-27-Q1").update(
        commentary="=HYPERLINK(\"http://example.com\")")
    _, rows = _csv()
    assert rows[1]["commentary"] == "'=HYPERLINK(\"http://example.com\")"


def test_the_json_has_the_same_records_with_its_licence_and_schema(world):
    response = Client().get("/public/data/indicators.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert f'<{LICENCE_URL}>; rel="license"' in response["Link"]
    document = json.loads(response.content)
    meta = document["metadata"]
    assert meta["licence"] == {"name": LICENCE_NAME, "url": LICENCE_URL}
    assert "Open Government Licence v3.0" in meta["attribution"]
    assert meta["last_updated"] == "2026-08-20"  # July 2026's report: the latest by today
    assert meta["documentation"] == "http://testserver/public/data/"
    assert [f["name"] for f in meta["fields"]] == COLUMNS
    _, rows = _csv()
    assert len(document["data"]) == len(rows)
    pub1 = document["data"][1]
    assert (pub1["value"], pub1["target"], pub1["stretch_target"], pub1["corrected_on"]) == (
        "82.25", "80", None, None)
    assert pub1["commentary"] == "Better weather helped."


def test_the_open_data_page_describes_every_field_and_the_licence(world):
    page = Client().get("/public/data/").content.decode()
    for field in FIELDS:
        assert f"<code>{field.name}</code>" in page
    assert LICENCE_URL in page and LICENCE_NAME in page
    assert "Last updated 20 August 2026" in page


def test_the_docs_describe_every_field_and_the_licence():
    text = DOCS.read_text()
    for field in FIELDS:
        assert f"| `{field.name}` | {field.type} |" in text, field.name
    assert LICENCE_NAME in text and LICENCE_URL in text
    assert "](images/public-summary.png)" in text
    assert (DOCS.parent / "images" / "public-summary.png").exists()
