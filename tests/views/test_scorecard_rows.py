"""The scorecard's rows, drawn one call a row (``ScorecardTable.row_cells``): sorted by
every sortable column both ways, paged, grouped, escaped, linked and marked as they were
when django-tables2 drew them a cell at a time."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django_tables2 import RequestConfig

from reporting.engine import IndicatorStatus, Polarity, Rules, assess
from reporting.periods import Period
from reporting.scorecard import RowIndicator, ScorecardRow, expected_periods
from reporting.tables import ScorecardTable
from tests.factories import add_result, add_target, make_indicator
from tests.views.entry_helpers import client_for, performance_team

SCORECARD = reverse("reporting:scorecard")
AS_AT = "2025-26-Q2"


def row(code: str, actual: str | None, *, title: str = "", group: str = "",
        status: str = "approved", period: str | None = AS_AT) -> ScorecardRow:
    rules = Rules(status=IndicatorStatus.TARGETED, polarity=Polarity.HIGHER,
                  target=Decimal("90"))
    value = None if actual is None else Decimal(actual)
    return ScorecardRow(
        indicator=RowIndicator(
            id=hash(code), code=code, title=title or f"Title of {code}", level="service_pi",
            frequency="quarterly", unit="percent", decimal_places=1,
            org_unit_path="Place / Roads",
        ),
        period=None if period is None else Period.parse(period), target=Decimal("90"),
        stretch_target=None, actual=value, previous=None,
        assessment=assess(rules, value), commentary="", status=status, group=group,
    )


def drawn(rows: list[ScorecardRow], query: str = "", per_page: int = 100, **settings) -> str:
    table = ScorecardTable(rows, orderable=not settings.get("grouped"))
    table.expected = expected_periods(Period.parse(AS_AT))
    for name, value in settings.items():
        setattr(table, name, value)
    request = RequestFactory().get("/scorecard/" + query)
    RequestConfig(request, paginate={"per_page": per_page}).configure(table)
    table.before_render(request)
    return str(table.drawn_rows)


def codes(html: str) -> list[str]:
    return re.findall(r'<a class="govuk-link" href="/indicators/[^"]+/">([^<]+)</a>', html)


def test_a_row_is_drawn_as_the_cells_were_one_by_one():
    html = drawn([row("RD1", "95.25")])
    assert html == (
        '<tr class="govuk-table__row">'
        '<td class="govuk-table__cell"><a class="govuk-link" href="/indicators/RD1/">RD1</a>'
        "</td>"
        '<td class="govuk-table__cell app-table__cell--text">Title of RD1</td>'
        '<td class="govuk-table__cell app-table__cell--text">Place / Roads</td>'
        '<td class="govuk-table__cell">Q2 2025/26</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">90.0%</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">95.3%</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric"></td>'
        '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--green">Green'
        "</strong></td>"
        '<td class="govuk-table__cell">Not comparable</td>'
        '<td class="govuk-table__cell"></td>'
        "</tr>"
    )


def test_text_is_escaped_and_a_code_is_quoted_in_its_link_as_reverse_quotes_it():
    html = drawn([row("A&B 1", "95", title="<script>alert(1)</script>")])
    link = reverse("kpis:indicator", args=["A&B 1"])
    assert link == "/indicators/A&B%201/"
    assert f'href="{link.replace("&", "&amp;")}">A&amp;B 1</a>' in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_row_without_a_figure_shows_the_tables_dash_and_no_data():
    html = drawn([row("NF1", None, period=None)])
    assert '<td class="govuk-table__cell">—</td>' in html
    assert "No data</strong>" in html


def test_an_unsigned_figure_is_marked_only_when_the_table_says_so():
    rows = [row("DR1", "95", status="draft")]
    assert "app-unsigned" not in drawn(rows)
    marked = drawn(rows, mark_unsigned=True)
    assert ('95.0% <span class="app-unsigned"><strong class="govuk-tag govuk-tag--grey">'
            "Draft</strong></span>") in marked


def test_an_earlier_figure_says_so():
    assert "Latest figure: Q1 2025/26" in drawn([row("OLD1", "95", period="2025-26-Q1")])


def test_each_page_of_a_grouped_scorecard_starts_under_its_groups_heading():
    rows = [row(f"H{n}", "95", group="Homes") for n in range(3)] + [
        row("R1", "95", group="Roads")]
    heading = '<th scope="colgroup" colspan="10" class="govuk-table__header">{}</th>'
    first = drawn(rows, per_page=2, grouped=True)
    assert first.count("colgroup") == 1 and heading.format("Homes") in first
    second = drawn(rows, "?page=2", per_page=2, grouped=True)
    assert second.startswith('<tr class="govuk-table__row app-row--group">'
                             + heading.format("Homes"))
    assert heading.format("Roads") in second and codes(second) == ["H2", "R1"]


def test_no_rows_say_so_across_the_table():
    assert drawn([]) == (
        '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="10">'
        "No indicators match these filters.</td></tr>"
    )


SORTED = {  # each sortable column, ascending, for the register below
    "code": ["HI1", "LO1", "MID1", "NONE1"],
    "title": ["LO1", "NONE1", "MID1", "HI1"],  # Alpha, Bravo, Charlie, Delta
    "actual": ["LO1", "NONE1", "MID1", "HI1"],  # NONE1: its Q1 figure, 50
}


@pytest.fixture
def register():
    for code, title, actual in [("HI1", "Delta", 99), ("LO1", "Alpha", 10),
                                ("MID1", "Charlie", 89), ("NONE1", "Bravo", None)]:
        ind = make_indicator(code, title=title)
        add_target(ind, "2025-26", 90)
        add_result(ind, "2025-26-Q1", 50)
        if actual is not None:
            add_result(ind, AS_AT, actual)


@pytest.mark.django_db
@pytest.mark.parametrize("column", [
    "code", "title", "org_unit", "period", "target", "actual", "previous", "rag",
    "direction", "exception",
])
def test_every_sortable_column_sorts_both_ways(register, column):
    client = client_for(performance_team("petra"))
    pages = {}
    for way in (column, f"-{column}"):
        response = client.get(SCORECARD, {"period": AS_AT, "sort": way})
        assert response.status_code == 200
        body = response.content.decode()
        sort = "descending" if way.startswith("-") else "ascending"
        assert re.search(rf'aria-sort="{sort}">\s*<a class="govuk-link" href="\?[^"]*sort=', body)
        pages[way] = codes(body)
    assert sorted(pages[column]) == sorted(pages[f"-{column}"]) == SORTED["code"]
    if column in SORTED:
        assert pages[column] == SORTED[column]
        assert pages[f"-{column}"] == SORTED[column][::-1]
