"""The days a report's corrections come from (``governance.calendar.report_span``): the
same answer as ``issue_date`` and ``previous_issue`` asked one after the other, in one
query."""

from datetime import date

import pytest

from governance.calendar import issue_date, previous_issue, report_span
from governance.models import ReportingPeriod
from reporting.periods import Period

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 1)


@pytest.fixture
def calendar():
    for key, issued_on in [
        ("2026-27-Q1", date(2026, 8, 20)), ("2026-27-Q2", date(2026, 11, 20)),
        ("2026-27-Q3", None), ("2026-11", date(2026, 12, 10)), ("2026-12", None),
    ]:
        ReportingPeriod.objects.create(
            period=key, entry_deadline=date(2026, 1, 1), signoff_deadline=date(2026, 1, 2),
            issued_on=issued_on,
        )


@pytest.mark.parametrize("key", [
    "2026-27-Q1", "2026-27-Q2", "2026-27-Q3", "2026-27-Q4", "2026-11", "2026-12", "2026-27",
])
def test_it_answers_as_the_issue_date_and_the_previous_issue_do(calendar, key,
                                                               django_assert_num_queries):
    period = Period.parse(key)
    until = issue_date(period) or TODAY
    with django_assert_num_queries(1):
        found = report_span(period, TODAY)
    assert found == (previous_issue(until, excluding=period), until)


def test_a_quarters_report_looks_back_to_the_last_quarters_issue_not_a_months(calendar):
    assert report_span(Period.parse("2026-27-Q3"), TODAY) == (date(2026, 11, 20), TODAY)
    assert report_span(Period.parse("2026-27-Q2"), TODAY) == (
        date(2026, 8, 20), date(2026, 11, 20))
    assert report_span(Period.parse("2026-27-Q1"), TODAY) == (None, date(2026, 8, 20))
