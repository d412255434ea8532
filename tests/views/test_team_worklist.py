"""The performance team's home (every return due, with filters and pages) and completion
by directorate and service.

Today is 23 November 2026: the quarter being reported is Q2 2026/27 (entry deadline 28
October, sign-off 11 November: both passed), the month October 2026 (entry deadline 28
November: not yet) and the year 2025/26.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from kpis.models import OrgUnit, ResultStatus
from tests.factories import make_org_unit
from tests.views.entry_helpers import (
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
COMPLETION = reverse("kpis:completion")
EARLIER = "2026-27-Q1"


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def petra():
    return performance_team("petra")


@pytest.fixture
def council():
    """Two directorates. Housing (a service, with a team) and Roads under Place; Schools
    under People; one indicator held at Place itself."""
    olive = officer("olive", first_name="Olive", last_name="Owen")
    sam = officer("sam", first_name="Sam", last_name="Singh")
    inds = {
        "HOU1": indicator("HOU1", owner=olive, org="Place / Housing"),  # not started
        "HOU2": indicator("HOU2", owner=olive, org="Place / Housing / Lettings"),
        "RDS1": indicator("RDS1", owner=sam, org="Place / Roads"),
        "RDS2": indicator("RDS2", owner=sam, org="Place / Roads"),
        "SCH1": indicator("SCH1", owner=sam, org="People / Schools"),
        "PLC1": indicator("PLC1", owner=olive, org="Place"),
        "MON1": indicator("MON1", owner=olive, org="Place / Roads", frequency="monthly"),
    }
    result(inds["HOU2"], status=ResultStatus.DRAFT, actual="80")
    result(inds["RDS1"], status=ResultStatus.SUBMITTED, actual="91")
    result(inds["RDS2"], status=ResultStatus.APPROVED, actual="95")
    result(inds["SCH1"], status=ResultStatus.RETURNED, actual="70")
    result(inds["PLC1"], status=ResultStatus.DRAFT, actual=None)  # started, no figure
    # Not due: retired, or rolled up from others.
    indicator("OLD1", owner=olive, org="Place / Housing", status="retired")
    indicator("SUM1", owner=olive, org="Place / Housing", aggregation="sum")
    return inds


def page(client, path: str = HOME, data: dict | None = None) -> str:
    response = client.get(path, data or {})
    assert response.status_code == 200
    return response.content.decode()


def codes(body: str) -> list[str]:
    """The indicators listed in the worklist, in order."""
    table = body.split('aria-label="Returns for the current period"')[1].split("</table>")[0]
    return re.findall(r'href="/indicators/([A-Z0-9]+)/[^"]+">', table)


# --- the worklist ------------------------------------------------------------------------


def test_it_lists_every_outstanding_return_with_its_owner_directorate_and_service(
    petra, council
):
    body = page(client_for(petra))
    assert "Returns due" in body
    assert sorted(codes(body)) == ["HOU1", "HOU2", "MON1", "PLC1", "RDS1", "SCH1"]
    row = body.split('href="/indicators/HOU2/2026-27-Q2/"')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="govuk-table__cell[^"]*">(.*?)</td>', row, re.S)
    assert [c.strip() for c in cells[:4]] == [
        "Olive Owen", "Place", "Housing / Lettings", "Q2 2026/27"
    ]
    assert "28 October 2026" in row and "Overdue" in row and ">Draft<" in row
    monthly = body.split('href="/indicators/MON1/2026-10/"')[1].split("</tr>")[0]
    assert "October 2026" in monthly and "28 November 2026" in monthly
    assert "Overdue" not in monthly  # its deadline has not passed
    submitted = body.split('href="/indicators/RDS1/2026-27-Q2/"')[1].split("</tr>")[0]
    assert "11 November 2026" in submitted  # the sign-off deadline, now it is submitted
    assert "Q2 2026/27 (quarterly), October 2026 (monthly) and 2025/26 (annual)" in body


def test_it_counts_what_needs_chasing(petra, council):
    body = page(client_for(petra))
    assert '<strong>5</strong> overdue' in body  # HOU1, HOU2, PLC1, SCH1; RDS1's sign-off
    assert '<strong>1</strong> waiting for sign-off' in body
    assert '<strong>1</strong> returned for rework' in body
    assert f'href="{COMPLETION}"' in body


def test_it_filters_by_directorate(petra, council):
    people = OrgUnit.objects.get(path="People")
    assert codes(page(client_for(petra), data={"directorate": people.pk})) == ["SCH1"]


def test_it_filters_by_service_and_the_teams_beneath_it(petra, council):
    housing = OrgUnit.objects.get(path="Place / Housing")
    body = page(client_for(petra), data={"service": housing.pk})
    assert sorted(codes(body)) == ["HOU1", "HOU2"]
    assert "Clear the filters" in body


def test_it_filters_by_owner(petra, council):
    sam = council["RDS1"].owner
    assert sorted(codes(page(client_for(petra), data={"owner": sam.pk}))) == ["RDS1", "SCH1"]


@pytest.mark.parametrize(("status", "shown"), [
    ("not_started", ["HOU1", "MON1"]),
    ("draft", ["HOU2", "PLC1"]),
    ("returned", ["SCH1"]),
    ("submitted", ["RDS1"]),
    ("approved", ["RDS2"]),
    ("any", ["HOU1", "HOU2", "MON1", "PLC1", "RDS1", "RDS2", "SCH1"]),
    ("", ["HOU1", "HOU2", "MON1", "PLC1", "RDS1", "SCH1"]),  # not yet approved
])
def test_it_filters_by_status(petra, council, status, shown):
    assert sorted(codes(page(client_for(petra), data={"status": status}))) == shown


def test_it_filters_to_what_is_overdue(petra, council):
    body = page(client_for(petra), data={"overdue": "on"})
    assert sorted(codes(body)) == ["HOU1", "HOU2", "PLC1", "RDS1", "SCH1"]


def test_a_choice_that_is_not_offered_is_an_error_not_a_crash(petra, council):
    body = page(client_for(petra), data={"service": "999999", "status": "nonsense"})
    assert "Select a valid choice" in body


def test_it_sorts_by_owner(petra, council):
    body = page(client_for(petra), data={"sort": "-owner"})
    assert codes(body)[:2] == ["RDS1", "SCH1"]  # Sam before Olive, descending


def test_it_pages_fifty_returns_at_a_time(petra):
    olive = officer("olive")
    for n in range(55):
        indicator(f"Q{n:03d}", owner=olive)
    client = client_for(petra)
    assert codes(page(client))[:2] == ["Q000", "Q001"]
    second = page(client, data={"page": 2})
    assert codes(second) == [f"Q{n:03d}" for n in range(50, 55)]
    assert "Showing 51 to 55 of 55" in second
    assert "55 returns" in second


def test_results_still_open_from_earlier_periods_are_listed_beneath(petra, council):
    result(council["HOU1"], status=ResultStatus.RETURNED, period=EARLIER)
    body = page(client_for(petra))
    earlier = body.split("Still open from earlier periods")[-1]
    assert "/indicators/HOU1/2026-27-Q1/" in earlier and "Returned for rework" in earlier
    people = OrgUnit.objects.get(path="People")
    assert "Still open from earlier periods" not in page(
        client_for(petra), data={"directorate": people.pk}
    )
    assert "Still open from earlier periods" not in page(
        client_for(petra), data={"status": "submitted"}
    )
    result(indicator("OLD2", owner=council["HOU1"].owner, status="retired"),
           status=ResultStatus.DRAFT, period=EARLIER)
    assert "/indicators/OLD2/" not in page(client_for(petra))  # retired: nothing to chase


def test_it_downloads_the_returns_shown_as_csv(petra, council):
    response = client_for(petra).get(HOME, {"status": "draft", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Indicator", "Owner", "Directorate", "Service or team", "Period",
                       "Deadline", "Status"]
    assert sorted(r[0].split()[0] for r in rows[1:]) == ["HOU2", "PLC1"]
    assert rows[1][4:] == ["Q2 2026/27", "2026-10-28 (overdue)", "Draft"]


def test_officers_and_approvers_keep_their_own_lists(council):
    olive = council["HOU1"].owner
    assert "Your results" in page(client_for(olive))
    assert "Returns due" not in page(client_for(approver("alan", unit="Place")))


# --- completion by directorate and service ------------------------------------------------


def completion_rows(body: str) -> list[list[str]]:
    table = body.split('aria-label="Completion by directorate and service"')[1]
    table = table.split("</tbody>")[0].split("<tbody")[1]
    rows = []
    for row in table.split("</tr>")[:-1]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


def test_completion_counts_each_directorate_and_service_with_a_total(petra, council):
    rows = completion_rows(page(client_for(petra), COMPLETION))
    #        name, due, entered, %, submitted, %, approved, %, overdue, %
    assert rows == [
        ["People", "1", "1", "100%", "0", "0%", "0", "0%", "1 overdue in People", "100%"],
        ["Schools", "1", "1", "100%", "0", "0%", "0", "0%", "1 overdue in Schools", "100%"],
        ["Place", "6", "3", "50%", "2", "33%", "1", "17%", "4 overdue in Place", "67%"],
        ["Housing", "2", "1", "50%", "0", "0%", "0", "0%", "2 overdue in Housing", "100%"],
        ["Roads", "3", "2", "67%", "2", "67%", "1", "33%", "1 overdue in Roads", "33%"],
        ["Held at directorate level", "1", "0", "0%", "0", "0%", "0", "0%",
         "1 overdue in Held at directorate level", "100%"],
        ["All directorates", "7", "4", "57%", "2", "29%", "1", "14%",
         "5 overdue in All directorates", "71%"],
    ]


def test_completion_links_each_service_to_its_returns(petra, council):
    body = page(client_for(petra), COMPLETION)
    roads = OrgUnit.objects.get(path="Place / Roads")
    assert f'href="/?service={roads.pk}&amp;status=any">Roads</a>' in body
    assert f'href="/?service={roads.pk}&amp;overdue=on">1<span' in body


def test_completion_downloads_as_csv_and_xlsx(petra, council):
    from openpyxl import load_workbook

    client = client_for(petra)
    text = client.get(COMPLETION, {"format": "csv"}).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Directorate and service", "Due", "Entered", "% entered"]
    assert rows[-1][:4] == ["All directorates", "7", "4", "57"]
    response = client.get(COMPLETION, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:3] == ["People", 1, 1]


def test_completion_is_for_the_performance_team(council):
    olive = council["HOU1"].owner
    assert client_for(olive).get(COMPLETION).status_code == 403
    assert client_for(approver("alan", unit="Place")).get(COMPLETION).status_code == 403


def test_completion_of_a_council_with_nothing_due_says_so_in_its_total(petra):
    make_org_unit("Place / Roads")
    rows = completion_rows(page(client_for(petra), COMPLETION))
    assert rows == [["All directorates", "0", "0", "–", "0", "–", "0", "–", "0", "–"]]
