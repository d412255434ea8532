"""The register's side of breakdowns: dimensions, categories, the council's threshold, and
the history that names who changed which."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kpis import breakdowns
from kpis.models import Category, Council
from reporting.suppression import DEFAULT_THRESHOLD
from tests.breakdowns.helpers import wards
from tests.factories import make_indicator

pytestmark = pytest.mark.django_db


def test_a_dimension_keeps_its_categories_in_order():
    dim = wards()
    assert [c.name for c in dim.categories.all()] == ["Abbey", "Brook", "Castle", "Dale"]
    assert str(dim.categories.first()) == "Ward: Abbey"


def test_a_category_name_is_used_once_in_a_dimension():
    dim = wards()
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(dimension=dim, name="Abbey")


def test_which_indicators_use_a_dimension_is_in_its_history():
    ind = make_indicator("ASC1")
    dim = wards()
    dim.indicators.add(ind)
    assert dim.history.count() >= 1
    assert list(dim.indicators.all()) == [ind]
    assert [d.name for d in breakdowns.dimensions_of(ind)] == ["Ward"]


def test_the_threshold_is_the_councils_or_five():
    assert breakdowns.threshold() == DEFAULT_THRESHOLD == 5
    Council.objects.create(name="Northshire", suppression_threshold=10)
    assert breakdowns.threshold() == 10


@pytest.mark.parametrize("threshold", [0, 1, 101])
def test_a_threshold_that_would_protect_nobody_is_refused(threshold):
    council = Council(name="Northshire", suppression_threshold=threshold)
    with pytest.raises(ValidationError) as refused:
        council.full_clean()
    assert "suppression_threshold" in refused.value.message_dict


# --- the public breakdown file reads a fixed number of times ---------------------------


def test_the_breakdown_file_asks_the_same_number_of_times_for_5_or_50_indicators():
    from datetime import date

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from governance.models import ReportingPeriod
    from kpis.breakdown_rules import BreakdownFigure
    from tests.factories import add_result
    from tests.views.entry_helpers import frozen

    with frozen():
        ReportingPeriod.objects.create(period="2026-27-Q1", entry_deadline=date(2026, 1, 1),
                                       signoff_deadline=date(2026, 1, 1),
                                       issued_on=date(2026, 8, 19))
        dim = wards()
        counts = []
        for size in (5, 50):
            for n in range(dim.indicators.count(), size):
                ind = make_indicator(f"P{n:03d}", unit="number", published=True)
                dim.indicators.add(ind)
                row = add_result(ind, "2026-27-Q1", 10 + n)
                breakdowns.write(row, [BreakdownFigure(c.pk, n + i, None)
                                       for i, c in enumerate(dim.categories.all())], None, "")
            client = Client()
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/public/data/breakdowns.csv")
                assert response.status_code == 200
            assert response.content.decode().count("\n") == size * 4 + 1
            counts.append(len(queries))
    assert counts[0] == counts[1]
