"""Hostile URLs, codes and forms: a 404 or a message, never a 500; nothing changes."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import resolve, reverse
from openpyxl import Workbook

from kpis.models import BulkUpload, Indicator, Result, ReviewDecision
from kpis.models.fields import indicator_code_problem
from tests.factories import importer, make_indicator, make_org_unit
from tests.views.entry_helpers import (
    PERIOD,
    approver,
    client_for,
    form,
    frozen,
    indicator,
    officer,
    result,
    snapshot,
    url,
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


# --- periods and years in URLs ---------------------------------------------------------


@pytest.mark.parametrize("year", ["2027-2x", "2027-28-Q1", "2027-10", "２０２７-28", "0000-01"])
def test_a_malformed_year_in_the_annual_review_is_a_404_not_a_500(year):
    boss = approver("alan")
    make_indicator("RV1", org_unit=make_org_unit("Place / Housing"))
    client = client_for(boss, raise_request_exception=False)
    response = client.post(reverse("governance:review_decide", args=["RV1", year]),
                           {"RV1-decision": "keep"})
    assert response.status_code == 404
    assert not ReviewDecision.objects.exists()
    assert client.get(reverse("kpis:target_edit", args=["RV1", year])).status_code == 404
    assert client.get(reverse("governance:annual_review"), {"year": year}).status_code == 404


@pytest.mark.parametrize("period", ["2026-27-Q5", "2026-27", "2026-10", "２０２６-27-Q2",
                                    "junk", "9999-00-Q1"])
def test_a_period_that_is_not_the_indicators_is_a_404(olive, mine, period):
    client = client_for(olive, raise_request_exception=False)
    assert client.get(url("result", mine, period)).status_code == 404
    assert client.get(url("result_edit", mine, period)).status_code == 404
    assert client.post(url("result_edit", mine, period), form("1")).status_code == 404
    assert not Result.objects.exists()


@pytest.mark.parametrize("period", ["junk", "2026-27-Q9", "２０２６-27"])
def test_the_reports_turn_a_bad_period_into_a_404(period):
    from kpis.roles import PERFORMANCE_TEAM
    from tests.views.entry_helpers import user_in

    client = client_for(user_in("petra", PERFORMANCE_TEAM), raise_request_exception=False)
    assert client.get(reverse("reporting:scorecard"), {"period": period}).status_code == 404
    assert client.get(reverse("reporting:scorecard_csv", args=[period])).status_code == 404
    assert client.get(reverse("reporting:rag_audit"), {"period": period}).status_code == 404
    assert client.get(reverse("reporting:rag_audit_csv", args=[period])).status_code == 404


# --- indicator codes ----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["A/B", "<b>x</b>", "CP 07", "../x", ".", "a" * 31, "Ä1",
                                  "x?y", "x#y", "%2F"])
def test_a_code_that_would_break_a_page_is_refused_by_the_import(tmp_path, code):
    path = tmp_path / "indicators.csv"
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["code", "title", "level", "org_unit", "polarity", "unit", "frequency"])
        writer.writerow([code, "Title", "service_pi", "People / Schools", "higher", "percent",
                         "quarterly"])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_indicators", str(path), "--user", importer(),
                     stdout=io.StringIO(), stderr=err)
    assert f"Row 2: code '{code}'" in err.getvalue()
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("code", ["A/B", "<b>x</b>", "CP 07"])
def test_a_code_that_would_break_a_page_is_refused_by_the_admin(code):
    unsaved = Indicator(code=code, title="T", level="service_pi", org_unit=make_org_unit(),
                        polarity="higher", unit="percent", frequency="quarterly")
    with pytest.raises(ValidationError) as error:
        unsaved.full_clean()
    assert "code" in error.value.message_dict


@pytest.mark.parametrize("code", ["CP07", "WM-R1", "x_1", "A.B", "A..B", "1-2.3_x", "a" * 30])
def test_every_valid_code_has_working_urls(olive, code):
    assert indicator_code_problem(code) is None
    ind = indicator(code, owner=olive)
    result(ind, actual="85")
    client = client_for(olive)
    for name in ("indicator", "delegate"):
        path = reverse(f"kpis:{name}", args=[code])
        assert resolve(path).kwargs["code"] == code
        assert client.get(path).status_code == 200, (name, code)
    for name in ("result", "result_edit"):
        path = url(name, ind)
        assert resolve(path).kwargs == {"code": code, "period": PERIOD}
        assert client.get(path).status_code == 200, (name, code)


# --- the hidden version ----------------------------------------------------------------


@pytest.mark.parametrize("version", ["abc", "-1", "99999999999999999999", "1.5", "", "１"])
def test_a_tampered_version_is_told_at_the_top_and_nothing_is_saved(olive, mine, version):
    row = result(mine, actual="80", commentary="Kept")
    before = snapshot(row)
    client = client_for(olive, raise_request_exception=False)
    response = client.post(url("result_edit", mine), form("95", version=version,
                                                          commentary="Mine"))
    assert response.status_code == 400
    body = response.content.decode()
    summary = body.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert "The form was out of date: reload the page and enter the result again" in summary
    assert "Mine" in body, "what was typed is still on the page"
    assert snapshot(row) == before


@pytest.mark.parametrize("version", ["abc", "-1", "99999999999999999999"])
def test_a_tampered_version_in_the_bulk_upload_is_a_row_problem(olive, mine, version):
    workbook = Workbook()
    workbook.active.append(["code", "period", "actual", "version"])
    workbook.active.append(["HOU1", PERIOD, 95, version])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "results.xlsx"
    response = client_for(olive).post(reverse("kpis:bulk_upload"), {"file": buffer})
    assert response.status_code == 400
    assert "Leave the version column as it was downloaded" in response.content.decode()
    assert not BulkUpload.objects.exists() and not Result.objects.exists()


# --- forged POSTs not covered elsewhere ------------------------------------------------------


def test_confirming_someone_elses_staged_upload_is_refused_and_saves_nothing(olive, mine):
    staged = BulkUpload.objects.create(user=olive, file_name="r.xlsx", submit=False, rows=[{
        "number": 2, "code": "HOU1", "period": PERIOD, "actual": "95", "commentary": "",
        "improvement_activity": "", "data_quality_note": "", "version": 0,
    }])
    intruder = client_for(officer("oscar"))
    response = intruder.post(reverse("kpis:bulk_confirm", args=[staged.pk]))
    assert response.status_code == 404
    staged.refresh_from_db()
    assert staged.applied_at is None and not Result.objects.exists()


def test_ending_a_delegation_on_someone_elses_indicator_is_refused(olive, mine):
    from kpis.models import Delegation
    from tests.views.entry_helpers import TODAY

    delegation = Delegation.objects.create(indicator=mine, delegate=officer("dan"),
                                           ends_on=TODAY)
    intruder = client_for(officer("oscar"))
    response = intruder.post(reverse("kpis:delegation_end", args=["HOU1", delegation.pk]))
    assert response.status_code == 403
    assert Delegation.objects.filter(pk=delegation.pk).exists()


def test_a_target_cannot_be_forged_for_another_area(mine):
    intruder = client_for(approver("sid", unit="People / Schools"))
    response = intruder.post(reverse("kpis:target_edit", args=["HOU1", "2027-28"]), {
        "annual": "1", "target_type": "improve", "rationale": "Forged",
    })
    assert response.status_code == 403
    assert not mine.targets.filter(period="2027-28").exists()
