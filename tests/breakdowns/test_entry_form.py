"""The breakdown fieldset on the entry form: shown for an indicator with a dimension,
saved with the result, refused field by field, and gone once the result is submitted."""

from __future__ import annotations

import pytest

from kpis.models import BreakdownValue, Result, ResultStatus
from tests.breakdowns.helpers import ages, breakdown_form, cat, wards
from tests.views.entry_helpers import client_for, form, frozen, indicator, officer, result, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def olive():
    return officer("olive")


@pytest.fixture
def visits(olive):
    return indicator("ASC1", owner=olive, unit="number", target=100)


def test_the_form_has_a_fieldset_for_each_dimension(olive, visits):
    wards(visits)
    html = client_for(olive).get(url("result_edit", visits)).content.decode()
    assert "Breakdown by ward" in html
    assert "The figures must add up to the actual value." in html
    assert 'name="breakdown-' in html
    assert "number of people" not in html  # a count is its own number of people


def test_a_form_without_a_dimension_has_no_breakdown(olive, visits):
    html = client_for(olive).get(url("result_edit", visits)).content.decode()
    assert "Breakdown by" not in html


def test_the_breakdown_is_saved_with_the_draft(olive, visits):
    ward = wards(visits)
    data = form(actual="10", commentary="Fine") | breakdown_form(
        ward, {"Abbey": "4", "Brook": "6", "Castle": "0", "Dale": "0"})
    response = client_for(olive).post(url("result_edit", visits), data)
    assert response.status_code == 302
    row = Result.objects.get()
    assert sorted(BreakdownValue.objects.filter(result=row).values_list("value", flat=True)) == [
        0, 0, 4, 6]
    again = client_for(olive).get(url("result_edit", visits)).content.decode()
    assert f'name="breakdown-{cat(ward, "Brook").pk}-value" value="6"' in again


def test_a_breakdown_that_does_not_add_up_is_refused_and_nothing_saved(olive, visits):
    ward = wards(visits)
    data = form(actual="10") | breakdown_form(
        ward, {"Abbey": "4", "Brook": "5", "Castle": "0", "Dale": "0"})
    response = client_for(olive).post(url("result_edit", visits), data)
    assert response.status_code == 400
    assert "add up to 9, but the result is 10" in response.content.decode()
    assert not Result.objects.exists()


def test_a_typed_number_is_read_as_the_result_is(olive):
    rate = indicator("ASC2", owner=olive)
    dim = ages(rate)
    data = form(actual="85") | breakdown_form(dim, {"Under 18": "eighty"},
                                              {"Under 18": "4.5"})
    response = client_for(olive).post(url("result_edit", rate), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "eighty" in html and "Enter the number of people as a whole number" in html
    data = form(actual="85") | breakdown_form(dim, {"Under 18": "80%"})
    html = client_for(olive).post(url("result_edit", rate), data).content.decode()
    assert "Enter the number of people behind the figure" in html
    data = form(actual="85") | breakdown_form(dim, {"Under 18": "80%"}, {"Under 18": "40"})
    assert client_for(olive).post(url("result_edit", rate), data).status_code == 302
    assert BreakdownValue.objects.get().people == 40


def test_a_submitted_result_shows_no_breakdown_to_change(olive, visits):
    wards(visits)
    result(visits, status=ResultStatus.SUBMITTED, actual="10")
    html = client_for(olive).get(url("result_edit", visits)).content.decode()
    assert 'name="breakdown-' not in html
