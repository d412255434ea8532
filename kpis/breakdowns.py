"""Breakdowns in the register: what an indicator is broken down by, the figures a result
holds, writing them (called only by the one door for results, ``kpis.entry``) and reading
them as a given person may see them.

Who sees what: the performance team sees every figure; everyone else, and every public
page and file, sees them through ``reporting.suppression`` at the council's threshold
(``permissions.sees_small_numbers``). docs/breakdowns.md says it in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kpis.breakdown_rules import (
    ADDING_UNITS,
    BreakdownFigure,
    DimensionFacts,
    breakdown_problems,
    field_name,
    people_behind,
)
from kpis.entry_rules import EntryFacts, Problem
from kpis.models import BreakdownValue, Council, Dimension, Indicator, Result, ResultStatus
from reporting import charts, suppression
from reporting.numbers import plain
from reporting.periods import Period


def threshold() -> int:
    """The council's suppression threshold (the default when no council is set up)."""
    found = Council.objects.values_list("suppression_threshold", flat=True).first()
    return found or suppression.DEFAULT_THRESHOLD


def dimensions_of(indicator: Indicator) -> list[DimensionFacts]:
    """The dimensions the indicator is broken down by, with their categories in order."""
    return [
        DimensionFacts(
            id=d.pk, name=d.name,
            categories={c.pk: c.name for c in d.categories.all()},
            parts_make_the_whole=d.parts_make_the_whole,
        )
        for d in Dimension.objects.filter(indicators__id=indicator.id)
        .prefetch_related("categories")
    ]


def problems(indicator: Indicator, actual: Decimal | None,
             cells: Sequence[BreakdownFigure]) -> list[Problem]:
    return breakdown_problems(EntryFacts.of(indicator), dimensions_of(indicator), actual, cells)


def figures_of(result: Result | None) -> dict[int, BreakdownValue]:
    """A result's breakdown values by category id."""
    if result is None:
        return {}
    return {v.category_id: v for v in result.breakdown.all()}


def form_initial(result: Result | None) -> dict[str, str]:
    """The entry form's breakdown fields as the result holds them."""
    initial = {}
    for cid, row in figures_of(result).items():
        initial[field_name(cid)] = plain(row.value)
        initial[field_name(cid, "people")] = "" if row.people is None else str(row.people)
    return initial


def changes(result: Result, cells: Iterable[BreakdownFigure]) -> bool:
    """Whether writing ``cells`` would change anything held for the result."""
    held = figures_of(result)
    for cell in cells:
        row = held.get(cell.category_id)
        now = (cell.value, cell.people) if (cell.value, cell.people) != (None, None) else None
        if now != ((row.value, row.people) if row else None):
            return True
    return False


def write(result: Result, cells: Iterable[BreakdownFigure], user, reason: str) -> None:
    """Keep ``cells`` as the result's breakdown: a blank cell removes its figure; categories
    not among ``cells`` are left alone. Each change is in the history with who and why.
    Only ``kpis.entry`` calls this, inside its transaction, once it has let the change in."""
    held = figures_of(result)
    for cell in cells:
        row = held.get(cell.category_id)
        blank = cell.value is None and cell.people is None
        if row is None and blank:
            continue
        if row is None:
            row = BreakdownValue(result=result, category_id=cell.category_id)
        elif blank:
            row._history_user, row._change_reason = user, reason
            row.delete()
            continue
        elif (row.value, row.people) == (cell.value, cell.people):
            continue
        row.value, row.people = cell.value, cell.people
        row._history_user, row._change_reason = user, reason
        row.save()


# --- reading, as a person may see it ----------------------------------------------------


@dataclass(frozen=True)
class BreakdownTable:
    """One dimension's breakdown of one period's result, as one reader may see it."""

    dimension: str
    period: Period
    unit: str
    places: int
    cells: list[suppression.ShownCell]
    total: Decimal | None  # the result itself, when the parts make the whole
    threshold: int
    suppressed: bool  # the reader sees figures hidden

    @property
    def any_hidden(self) -> bool:
        return any(cell.suppressed for cell in self.cells)

    @property
    def explanation(self) -> str:
        return suppression.explanation(self.threshold)


def _visible_results(indicator: Indicator, approved_only: bool,
                     periods: Iterable[str] | None = None):
    results = Result.objects.filter(indicator_id=indicator.id, breakdown__isnull=False)
    if approved_only:
        results = results.filter(status=ResultStatus.APPROVED)
    if periods is not None:
        results = results.filter(period__in=list(periods))
    return results


def periods_with_breakdown(indicator: Indicator, *, approved_only: bool,
                           periods: Iterable[str] | None = None) -> list[Period]:
    """The periods whose result has a breakdown this reader may see, newest first
    (among ``periods`` when given: the public see only issued ones)."""
    keys = (_visible_results(indicator, approved_only, periods).order_by("-period_end")
            .values_list("period", flat=True).distinct())
    return [Period.parse(key) for key in dict.fromkeys(keys)]


def tables(indicator: Indicator, period: Period, *, raw: bool, approved_only: bool,
           dimensions: Sequence[DimensionFacts] | None = None) -> list[BreakdownTable]:
    """The breakdowns of one period's result, one table a dimension, in a fixed number of
    queries: every figure when ``raw`` (the performance team), otherwise suppressed."""
    result = _visible_results(indicator, approved_only).filter(period=period.key).first()
    if result is None:
        return []
    if dimensions is None:
        dimensions = dimensions_of(indicator)
    return tables_of(indicator, period, result.actual, figures_of(result).values(),
                     dimensions, raw=raw, level=threshold())


@dataclass(frozen=True)
class Panel:
    """The breakdown section of an indicator page: the periods to choose from, the one
    shown (the latest unless chosen) and its tables, each with its chart."""

    periods: list[Period]
    period: Period | None
    tables: list[tuple[BreakdownTable, charts.Chart]]


def chart(indicator, table: BreakdownTable) -> charts.Chart:
    """The table as a horizontal bar chart: hidden figures say so in words."""
    bars = [
        charts.Bar(cell.category, cell.value,
                   suppression.SYMBOL + " hidden" if cell.suppressed else "No figure")
        for cell in table.cells
    ]
    return charts.bar_chart(
        f"{indicator.code} {indicator.title}, {table.period.label}, by "
        f"{table.dimension.lower()}", bars, unit=table.unit, places=table.places,
    )


def panel(indicator: Indicator, chosen: str | None, *, raw: bool, approved_only: bool,
          only_periods: Iterable[str] | None = None) -> Panel | None:
    """None when the indicator is not broken down by anything. ``only_periods``: the
    periods that may be shown at all (the public pages: those whose report is issued)."""
    dimensions = dimensions_of(indicator)
    if not dimensions:
        return None
    periods = periods_with_breakdown(indicator, approved_only=approved_only,
                                     periods=only_periods)
    period = next((p for p in periods if p.key == chosen), periods[0] if periods else None)
    found = tables(indicator, period, raw=raw, approved_only=approved_only,
                   dimensions=dimensions) if period else []
    return Panel(periods, period, [(table, chart(indicator, table)) for table in found])


def tables_of(indicator, period: Period, actual: Decimal | None,
              values: Iterable[BreakdownValue], dimensions: Sequence[DimensionFacts],
              *, raw: bool, level: int) -> list[BreakdownTable]:
    """The tables from figures already read (the public pages read them in bulk)."""
    by_category = {v.category_id: v for v in values}
    found = []
    for dimension in dimensions:
        held = [(name, by_category.get(cid)) for cid, name in dimension.categories.items()]
        if not any(row for _, row in held):
            continue
        cells = [
            suppression.Cell(
                name, row.value if row else None,
                people_behind(indicator.unit, BreakdownFigure(0, row.value, row.people))
                if row else None,
            )
            for name, row in held
        ]
        shown = suppression.unsuppressed(cells) if raw else suppression.suppress(cells, level)
        adds = dimension.parts_make_the_whole and indicator.unit in ADDING_UNITS
        found.append(BreakdownTable(
            dimension=dimension.name, period=period, unit=indicator.unit,
            places=indicator.decimal_places, cells=shown, total=actual if adds else None,
            threshold=level, suppressed=not raw,
        ))
    return found


def panel_for(indicator: Indicator, period: Period, *, raw: bool,
              approved_only: bool) -> Panel | None:
    """One period's breakdown (a result's page), with no period to choose."""
    dimensions = dimensions_of(indicator)
    if not dimensions:
        return None
    found = tables(indicator, period, raw=raw, approved_only=approved_only,
                   dimensions=dimensions)
    return Panel([period], period, [(table, chart(indicator, table)) for table in found])
