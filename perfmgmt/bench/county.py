"""A county at scale: the demo council with every team repeated across its areas.

The demo (``perfmgmt/demo``) has 20 teams with six team PIs each. The county runs every
team in each of 15 areas (the demo's team names, then "Recycling (North)" and so on) and
reports one team PI monthly, which gives about 2,000 indicators and 48,000 results over
the demo's five financial years: the size the county-scale issue measures. Everything
else (people, targets, the reporting calendar, the latest quarter caught mid-cycle, the
RAG audit's slips) is the demo's own code, seeded the same way, so the county is the same
on every run for a given seed and date.

For timing ``import_results`` the county can be built without its results and without a
reporting calendar (so every result is history, created approved, and can be changed
again), and its results written as CSV instead: once as they are, once with every actual
moved by one in its last decimal place.
"""

from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from kpis.models import Result
from perfmgmt.demo import DemoBuilder
from perfmgmt.demo import catalogue as cat
from reporting.engine import IndicatorStatus

AREAS = [
    "North", "South", "East", "West", "Central", "Vale", "Coast", "Forest", "Moor", "Fens",
    "Downs", "Heath", "Marsh", "Wolds", "Dales", "Weald", "Levels", "Borders", "Peaks",
    "Lakes",
]
DEFAULT_AREAS = 15
CSV_COLUMNS = ["code", "period", "actual", "commentary", "reported_rag"]


def county_structure(areas: int) -> dict[str, tuple[int, dict[str, list[str]]]]:
    """The demo's directorates and services, each team run in ``areas`` areas (the first
    keeps the demo's name, so the demo's logins and stories still work)."""
    if not 1 <= areas <= len(AREAS) + 1:
        raise ValueError(f"areas must be between 1 and {len(AREAS) + 1}")
    names = [""] + AREAS[: areas - 1]
    return {
        directorate: (pillar, {
            service: [f"{team} ({area})" if area else team for area in names for team in teams]
            for service, teams in services.items()
        })
        for directorate, (pillar, services) in cat.STRUCTURE.items()
    }


def county_team_measures() -> list[cat.Measure]:
    """The demo's team PIs, with work in progress counted monthly: a county's mix of
    quarterly and monthly returns (about 24 results per indicator over five years)."""
    measures = list(cat.TEAM_MEASURES)
    measures[3] = dataclasses.replace(measures[3], frequency="monthly")
    return measures


class CountyBuilder(DemoBuilder):
    def __init__(self, seed: int, today: date, areas: int = DEFAULT_AREAS,
                 calendar: bool = True) -> None:
        super().__init__(seed, today)
        self.structure = county_structure(areas)
        self.team_measures = county_team_measures()
        self.with_calendar = calendar

    def _calendar(self) -> None:
        if self.with_calendar:
            super()._calendar()


@dataclass
class CountySummary:
    indicators: int
    results: int
    results_written: int
    targets: int
    users: int

    def __str__(self) -> str:
        return (
            f"{self.indicators} indicators, {self.results} results in the database "
            f"({self.results_written} written as CSV), {self.targets} targets, "
            f"{self.users} users"
        )


def build_county(
    seed: int = 2025,
    today: date | None = None,
    areas: int = DEFAULT_AREAS,
    *,
    results: bool = True,
    calendar: bool = True,
    results_csv: Path | None = None,
    changed_csv: Path | None = None,
) -> CountySummary:
    """Build the county in one transaction into the configured database.

    ``results=False`` leaves the results out (for ``import_results`` to bring in);
    ``results_csv`` and ``changed_csv`` write them as an import file, as they are and
    with every actual changed."""
    today = today or date.today()
    builder = CountyBuilder(seed, today, areas, calendar=calendar)
    with transaction.atomic():
        builder.make_users()
        builder.make_structure()
        builder.make_indicators()
        builder.make_tolerance_overrides()
        targets = builder.make_targets()
        planned = builder.plan_results(targets)
        if results:
            Result.objects.bulk_create(planned, batch_size=2000)
        builder.make_extras()
    written = 0
    if results_csv is not None:
        written = write_results_csv(planned, results_csv)
    if changed_csv is not None:
        write_results_csv(planned, changed_csv, change=True)
    return CountySummary(
        indicators=len(builder.plans),
        results=len(planned) if results else 0,
        results_written=written,
        targets=len(targets),
        users=len(builder.users),
    )


def write_results_csv(results: list[Result], path: Path, change: bool = False) -> int:
    """The results an import can bring in (those with an actual, on indicators still live)
    as a file for ``import_results``; ``change`` moves every actual by one in its last
    decimal place (down where up would pass 100%)."""
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as stream:
        out = csv.writer(stream)
        out.writerow(CSV_COLUMNS)
        for result in results:
            indicator = result.indicator
            if result.actual is None or indicator.status == IndicatorStatus.RETIRED.value:
                continue
            actual = result.actual
            if change:
                step = Decimal(1).scaleb(-indicator.decimal_places)
                over = indicator.unit == "percent" and actual + step > 100
                actual = actual - step if over else actual + step
            out.writerow([
                indicator.code, result.period, str(actual), result.commentary,
                result.reported_rag.capitalize(),
            ])
            written += 1
    return written
