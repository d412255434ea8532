"""The filters' select, drawn in Python, and the cell classes of every table."""

import pytest
from django.test import RequestFactory

from kpis.filters import Select
from kpis.tables import GovukTable
from reporting.tables import ScorecardTable


def test_the_select_marks_the_choice_and_escapes_every_label():
    widget = Select(choices=[("", "All services"), ("7", "Place / Roads <b>"), ("8", "A & B")])
    html = widget.render("service", "7", {"id": "id_service", "aria-invalid": "true"})
    assert html == (
        '<select aria-invalid="true" class="govuk-select" id="id_service" name="service">'
        '<option value="">All services</option>'
        '<option value="7" selected>Place / Roads &lt;b&gt;</option>'
        '<option value="8">A &amp; B</option></select>'
    )


def test_the_select_chooses_nothing_for_a_value_it_does_not_offer():
    html = Select(choices=[("1", "One")]).render("n", "2")
    assert "selected" not in html


@pytest.mark.django_db
def test_numeric_columns_are_right_aligned_and_the_rest_are_not():
    table = ScorecardTable([])
    table.before_render(RequestFactory().get("/"))
    classes = {column.name: column.td_class for column in table.columns.iterall()}
    assert classes["actual"] == GovukTable.NUMBER and classes["target"] == GovukTable.NUMBER
    assert classes["code"] == GovukTable.CELL and classes["rag"] == GovukTable.CELL
    headers = {column.name: column.th_class for column in table.columns.iterall()}
    assert headers["previous"] == GovukTable.NUMBER_HEADER
