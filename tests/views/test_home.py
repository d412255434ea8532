"""The home page (what an officer has to do) and the approver's sign-off list."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import ReportingPeriod
from kpis.models import ResultStatus
from tests.views.entry_helpers import (
    PERIOD,
    SCHOOLS,
    approver,
    client_for,
    frozen,
    indicator,
    officer,
    performance_team,
    result,
)

pytestmark = pytest.mark.django_db

HOME = reverse("kpis:home")
APPROVALS = reverse("kpis:approvals")
EARLIER = "2026-27-Q1"


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def olive():
    return officer("olive")


def table(body: str, caption: str) -> str:
    """The table with this caption, or '' when the page has none."""
    for chunk in body.split("<table")[1:]:
        if re.search(rf'caption--m">{re.escape(caption)} <span', chunk):
            return chunk.split("</table>")[0]
    return ""


def page(client, path: str = HOME) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("path", [HOME, APPROVALS])
def test_it_sends_an_anonymous_visitor_to_log_in(path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_officer_with_nothing_to_do_is_told_so(olive):
    assert "You have no results to enter or sign off" in page(client_for(olive))


def test_a_result_not_entered_by_the_default_deadline_is_overdue(olive):
    indicator("HOU1", owner=olive, title="Homes let within 28 days")
    body = page(client_for(olive))
    overdue = table(body, "Overdue")
    assert "HOU1 Homes let within 28 days" in overdue
    assert "28 October 2026" in overdue  # 30 September + 28 days
    assert reverse("kpis:result_edit", args=["HOU1", PERIOD]) in overdue
    assert "<strong>1</strong> overdue" in body
    assert table(body, "Due") == ""


def test_the_reporting_calendars_deadline_wins_over_the_default(olive):
    indicator("HOU1", owner=olive)
    ReportingPeriod.objects.create(period=PERIOD, entry_deadline=date(2026, 11, 30),
                                   signoff_deadline=date(2026, 12, 14))
    body = page(client_for(olive))
    due = table(body, "Due")
    assert "HOU1" in due and "30 November 2026" in due
    assert "Overdue" not in due
    assert table(body, "Overdue") == ""


def test_a_draft_for_the_latest_period_is_still_due(olive):
    result(indicator("HOU1", owner=olive), status=ResultStatus.DRAFT)
    body = page(client_for(olive))
    assert "HOU1" in table(body, "Overdue")
    assert table(body, "Drafts") == ""


def test_it_lists_drafts_returned_and_submitted_results(olive):
    drafted = indicator("HOU1", owner=olive)
    result(drafted, status=ResultStatus.DRAFT, period=EARLIER)
    result(drafted, status=ResultStatus.APPROVED)
    result(indicator("HOU2", owner=olive), status=ResultStatus.RETURNED)
    result(indicator("HOU3", owner=olive), status=ResultStatus.SUBMITTED)
    body = page(client_for(olive))
    assert "HOU1" in table(body, "Drafts") and "Q1 2026/27" in table(body, "Drafts")
    assert "HOU2" in table(body, "Returned for rework")
    assert "<strong>1</strong> returned for rework" in body
    submitted = table(body, "Awaiting sign-off")
    assert "HOU3" in submitted and "11 November 2026" in submitted  # end + 42 days
    assert "HOU1" not in table(body, "Overdue")  # its latest result is approved


def test_it_leaves_out_other_peoples_retired_and_rolled_up_indicators(olive):
    indicator("HOU1", owner=olive, status="retired")
    indicator("HOU2", owner=olive, aggregation="sum")
    indicator("SCH1", org=SCHOOLS, owner=officer("oscar"))
    body = page(client_for(olive))
    assert "You have no results to enter or sign off" in body
    for code in ("HOU1", "HOU2", "SCH1"):
        assert code not in body


def test_an_approver_sees_what_is_waiting_for_their_sign_off(olive):
    alan = approver("alan", unit="Place")
    result(indicator("HOU1", owner=olive), status=ResultStatus.SUBMITTED)
    result(indicator("HOU2", owner=olive, org="Place / Housing / Allocations"),
           status=ResultStatus.SUBMITTED)
    body = page(client_for(alan))
    assert "<strong>2</strong> waiting for your sign-off" in body
    waiting = table(body, "Waiting for your sign-off")
    assert "HOU1" in waiting and "HOU2" in waiting
    assert reverse("kpis:result", args=["HOU1", PERIOD]) in waiting


def test_the_approvals_page_lists_submitted_results_in_the_approvers_units_only(olive):
    alan = approver("alan", unit="Place / Housing")
    result(indicator("HOU1", owner=olive), status=ResultStatus.SUBMITTED)
    result(indicator("HOU2", owner=olive), status=ResultStatus.DRAFT)
    result(indicator("HOU3", owner=olive), status=ResultStatus.APPROVED)
    result(indicator("ROA1", org="Place / Roads"), status=ResultStatus.SUBMITTED)
    result(indicator("SCH1", org=SCHOOLS), status=ResultStatus.SUBMITTED)
    waiting = table(page(client_for(alan), APPROVALS), "Waiting for your sign-off")
    assert "HOU1" in waiting
    for code in ("HOU2", "HOU3", "ROA1", "SCH1"):
        assert code not in waiting


def test_an_approver_with_nothing_waiting_is_told_so():
    alan = approver("alan")
    result(indicator("SCH1", org=SCHOOLS), status=ResultStatus.SUBMITTED)
    assert "Nothing is waiting for your sign-off." in page(client_for(alan), APPROVALS)


# --- a fixed number of queries -----------------------------------------------------------


def build(owner, n: int, start: int = 0) -> None:
    """Indicators in every state: submitted, draft, returned, earlier draft, not started."""
    for i in range(start, start + n):
        ind = indicator(f"Q{i:03d}", owner=owner, org=["Place / Housing", "Place / Roads",
                                                       "Place / Housing / Allocations"][i % 3])
        kind = i % 5
        if kind == 0:
            result(ind, status=ResultStatus.SUBMITTED)
        elif kind == 1:
            result(ind, status=ResultStatus.DRAFT)
        elif kind == 2:
            result(ind, status=ResultStatus.RETURNED)
        elif kind == 3:
            result(ind, status=ResultStatus.DRAFT, period=EARLIER)


def count_queries(client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


@pytest.mark.parametrize("who, path", [
    ("officer", HOME), ("approver", HOME), ("approver", APPROVALS),
])
def test_the_number_of_queries_does_not_grow_with_the_number_of_indicators(olive, who, path):
    user = olive if who == "officer" else approver("alan", unit="Place")
    client = client_for(user)
    build(olive, 3)
    client.get(path)  # warm up the session
    small, _ = count_queries(client, path)
    build(olive, 27, start=3)
    large, body = count_queries(client, path)
    assert large == small
    assert "Q025" in body  # submitted: on every list


# --- a page at a time ---------------------------------------------------------------------


def rows(table_html: str) -> list[str]:
    """The codes of the indicators listed in a table, in order."""
    return re.findall(r'>(Q\d{3}) Indicator', table_html)


def not_started(owner, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        indicator(f"Q{i:03d}", owner=owner)


def test_a_long_list_shows_25_a_page_with_its_total(olive):
    not_started(olive, 30)
    body = page(client_for(olive))
    overdue = table(body, "Overdue")
    assert rows(overdue) == [f"Q{i:03d}" for i in range(25)]
    assert "<strong>30</strong> overdue" in body
    assert 'caption--m">Overdue <span class="govuk-visually-hidden">(30)</span>' in body
    assert "Showing 1 to 25 of 30" in body
    nav = body.split('<nav class="govuk-pagination" aria-label="Pagination: overdue">')[1]
    nav = nav.split("</nav>")[0]
    assert 'href="?overdue_page=2#overdue_page" rel="next"' in nav
    assert 'aria-label="Page 1" aria-current="page"' in nav
    assert 'rel="prev"' not in nav


def test_the_next_page_shows_the_rest_and_keeps_the_other_lists_pages(olive):
    not_started(olive, 30)
    body = page(client_for(olive), HOME + "?overdue_page=2&signoff_page=3")
    assert rows(table(body, "Overdue")) == [f"Q{i:03d}" for i in range(25, 30)]
    assert "Showing 26 to 30 of 30" in body
    assert 'href="?overdue_page=1&amp;signoff_page=3#overdue_page" rel="prev"' in body
    assert 'aria-label="Page 2" aria-current="page"' in body
    assert 'rel="next"' not in body


@pytest.mark.parametrize(("asked", "shown"), [("x", 0), ("0", 25), ("99", 25), ("-1", 25)])
def test_a_page_that_does_not_exist_shows_the_first_or_the_last(olive, asked, shown):
    not_started(olive, 30)
    body = page(client_for(olive), f"{HOME}?overdue_page={asked}")
    assert rows(table(body, "Overdue"))[0] == f"Q{shown:03d}"


def test_a_short_list_has_no_pagination(olive):
    not_started(olive, 25)
    body = page(client_for(olive))
    assert len(rows(table(body, "Overdue"))) == 25
    assert "govuk-pagination" not in body


def test_each_list_has_its_own_pages(olive):
    alan = approver("alan", unit="Place")
    for i in range(27):
        result(indicator(f"Q{i:03d}", owner=olive), status=ResultStatus.SUBMITTED)
    body = page(client_for(alan), HOME + "?signoff_page=2")
    assert rows(table(body, "Waiting for your sign-off")) == ["Q025", "Q026"]
    assert "<strong>27</strong> waiting for your sign-off" in body
    assert 'aria-label="Pagination: waiting for your sign-off"' in body


def test_the_performance_teams_home_takes_the_same_queries_for_any_page_and_size(olive):
    """The performance team's home is the worklist of every return (tests/views/
    test_team_worklist.py): paged in SQL, so page 2 and a bigger register cost the same."""
    petra = performance_team("petra")
    client = client_for(petra)
    build(olive, 60)  # 60 returns outstanding this quarter, 12 drafts from last quarter
    client.get(HOME)  # warm up the session
    first, _ = count_queries(client, HOME)
    second, body = count_queries(client, HOME + "?page=2")
    build(olive, 60, start=60)
    larger, _ = count_queries(client, HOME + "?page=2")
    assert first == second == larger
    assert "Showing 51 to 60 of 60" in body
    assert "60 returns" in body
