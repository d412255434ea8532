"""The benchmarks page and an indicator page's "How we compare", in Chromium: WCAG 2.2 AA as
far as axe-core can tell, no Content-Security-Policy violation, and the comparators'
figures behind a disclosure that opens from the keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpis.benchmark_import import import_benchmarks
from kpis.models import Council
from kpis.spreadsheets import read_sheet
from tests.browser.pages import axe_violations, describe_violations, sign_in

pytestmark = pytest.mark.browser

FILES = Path(__file__).parents[1] / "kpis" / "benchmark_files"


def test_the_benchmark_pages_are_accessible(new_page, council, csp_violations, tmp_path):
    """Given Trafford's recycling figures and its CIPFA neighbours, matched to an indicator,
    When the performance team opens the benchmarks page and the indicator's page,
    Then axe finds no violation, and the comparators' table opens from the keyboard."""
    Council.objects.create(name="Trafford Council", short_name="Trafford",
                           area_code="E08000009")
    metric_map = tmp_path / "map.csv"
    metric_map.write_text(
        "metric,indicator,comparator_group\n"
        '"Household waste sent for reuse, recycling or composting: Percentage",'
        f'{council.indicator.code},"CIPFA 2021"\n', encoding="utf-8")
    import_benchmarks(
        read_sheet(FILES / "trafford_waste_planning.csv", comments=True),
        file_name="trafford_waste_planning.csv", checksum="x", user=council.performance,
        reason="Browser test",
        metric_map=("map.csv", read_sheet(metric_map, comments=True)),
        groups=[("sets.csv", read_sheet(FILES / "trafford_neighbour_sets.csv", comments=True))],
    )
    found: dict[str, list[dict]] = {}
    page = new_page()
    sign_in(page, "petra")

    page.goto("/benchmarks/")
    assert page.get_by_role("heading", name="Benchmarks").is_visible()
    if violations := axe_violations(page):
        found["benchmarks page"] = violations

    page.goto(f"/indicators/{council.indicator.code}/")
    assert page.get_by_role("heading", name="How we compare").is_visible()
    summary = page.locator("summary", has_text="The comparators' figures for 2020/21")
    summary.focus()
    page.keyboard.press("Enter")
    table = page.get_by_role("table", name="CIPFA 2021, 2020/21, best first")
    assert table.is_visible()
    assert table.get_by_role("rowheader", name="Trafford (us)").is_visible()
    if violations := axe_violations(page):
        found["indicator page with benchmarks"] = violations

    report = "\n".join(describe_violations(where, v) for where, v in found.items())
    assert not found, "axe-core found accessibility violations:\n" + report
    assert csp_violations == []
