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
from datetime import date
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
from kpis.models import (
    BreakdownCorrection,
    BreakdownValue,
    Correction,
    Council,
    Dimension,
    Indicator,
    Result,
    ResultStatus,
)
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


def merged(result: Result, cells: Iterable[BreakdownFigure]) -> list[BreakdownFigure]:
    """The whole breakdown as it would stand once ``cells`` were written: what the result
    holds, with ``cells`` in place of the figures they are for (a blank one removes its
    figure). The rules check the whole, so the parts are added up with every figure."""
    held = {cid: BreakdownFigure(cid, row.value, row.people)
            for cid, row in figures_of(result).items()}
    for cell in cells:
        held[cell.category_id] = cell
    return [cell for cell in held.values() if (cell.value, cell.people) != (None, None)]


def record_corrections(result: Result, cells: Iterable[BreakdownFigure], user, reason: str,
                       at) -> list[BreakdownCorrection]:
    """Keep the old and new figure of each cell a correction after issue changes (called
    only by ``kpis.entry.correct_after_issue``, before it writes the cells)."""
    held = figures_of(result)
    rows = []
    for cell in cells:
        row = held.get(cell.category_id)
        old = (row.value, row.people) if row else (None, None)
        if old == (cell.value, cell.people):
            continue
        rows.append(BreakdownCorrection(
            result=result, category_id=cell.category_id, old_value=old[0], old_people=old[1],
            new_value=cell.value, new_people=cell.people, reason=reason, by=user, at=at,
        ))
    return BreakdownCorrection.objects.bulk_create(rows)


def as_issued(result: Result, issued_on: date) -> list[BreakdownValue]:
    """The result's breakdown as a report issued on ``issued_on`` showed it: each figure
    corrected after that day put back as it was before its first correction since (two
    queries). Figures not corrected are as held; unsaved rows, for reading only."""
    held = {cid: BreakdownValue(category_id=cid, value=row.value, people=row.people)
            for cid, row in figures_of(result).items()}
    undone: set[int] = set()
    for row in (BreakdownCorrection.objects.filter(result=result, at__date__gt=issued_on)
                .order_by("at", "pk")):
        if row.category_id in undone:
            continue
        undone.add(row.category_id)
        held[row.category_id] = BreakdownValue(category_id=row.category_id,
                                               value=row.old_value, people=row.old_people)
    return [v for v in held.values() if (v.value, v.people) != (None, None)]


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
           dimensions: Sequence[DimensionFacts] | None = None,
           as_issued_on: date | None = None) -> list[BreakdownTable]:
    """The breakdowns of one period's result, one table a dimension, in a fixed number of
    queries: every figure when ``raw`` (the performance team), otherwise suppressed;
    given ``as_issued_on``, as the report issued that day showed them (``as_issued``)."""
    result = _visible_results(indicator, approved_only).filter(period=period.key).first()
    if result is None:
        return []
    if dimensions is None:
        dimensions = dimensions_of(indicator)
    values = (as_issued(result, as_issued_on) if as_issued_on is not None
              else figures_of(result).values())
    actual = result.actual
    if as_issued_on is not None:  # the figure as issued too, for the total row
        first = (Correction.objects.filter(result=result, at__date__gt=as_issued_on)
                 .order_by("at", "pk").values_list("old_actual", flat=True))
        actual = first[0] if first else actual
    return tables_of(indicator, period, actual, values, dimensions, raw=raw,
                     level=threshold())


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
              approved_only: bool, as_issued_on: date | None = None) -> Panel | None:
    """One period's breakdown (a result's page), with no period to choose; given
    ``as_issued_on``, as the report issued that day showed it."""
    dimensions = dimensions_of(indicator)
    if not dimensions:
        return None
    found = tables(indicator, period, raw=raw, approved_only=approved_only,
                   dimensions=dimensions, as_issued_on=as_issued_on)
    return Panel([period], period, [(table, chart(indicator, table)) for table in found])


# --- corrections after issue, as a person may see them -----------------------------------


@dataclass(frozen=True)
class CorrectedFigure:
    """One breakdown figure corrected after issue, as one reader may see it: what it was
    and what it became, each as the breakdown it was part of showed it then (suppressed
    outside those who see small numbers), so no listing reveals a hidden figure."""

    correction: BreakdownCorrection
    indicator: Indicator
    period: Period
    dimension: str
    category: str
    was: suppression.ShownCell
    now: suppression.ShownCell

    @property
    def any_hidden(self) -> bool:
        return self.was.suppressed or self.now.suppressed


def _shown(indicator, period: Period, state: dict[int, tuple], dimensions, *, raw: bool,
           level: int) -> dict[int, suppression.ShownCell]:
    """Each category's cell (by category id) of a breakdown in the state given."""
    values = [BreakdownValue(category_id=cid, value=v, people=p)
              for cid, (v, p) in state.items() if (v, p) != (None, None)]
    found: dict[int, suppression.ShownCell] = {}
    for dimension in dimensions:
        for table in tables_of(indicator, period, None, values, [dimension], raw=raw,
                               level=level):
            found.update(zip(dimension.categories, table.cells, strict=True))
    return found


def corrected_figures(rows: Sequence[BreakdownCorrection], raw) -> list[CorrectedFigure]:
    """``rows`` (read with their result and indicator) as a reader may see them, in their
    order. ``raw(indicator)`` says whether this reader sees the indicator's small numbers
    (``permissions.sees_small_numbers``; a pack or a public page: never). A fixed number
    of queries however many rows: each corrected result's figures and all its
    corrections are read at once, and each correction is seen in the breakdown as it
    stood just before it and just after it, walking back from today's figures."""
    rows = list(rows)
    if not rows:
        return []
    results = {row.result_id: row.result for row in rows}
    state: dict[int, dict[int, tuple]] = {rid: {} for rid in results}
    for value in BreakdownValue.objects.filter(result_id__in=list(results)):
        state[value.result_id][value.category_id] = (value.value, value.people)
    dimensions: dict[int, list[DimensionFacts]] = {}
    names: dict[int, tuple[str, str]] = {}
    indicator_ids = {r.indicator_id for r in results.values()}
    for dim in (Dimension.objects.filter(indicators__id__in=indicator_ids).distinct()
                .prefetch_related("categories", "indicators")):
        facts = DimensionFacts(dim.pk, dim.name, {c.pk: c.name for c in dim.categories.all()},
                               dim.parts_make_the_whole)
        names.update({c.pk: (dim.name, c.name) for c in dim.categories.all()})
        for ind in dim.indicators.all():
            if ind.pk in indicator_ids:
                dimensions.setdefault(ind.pk, []).append(facts)
    level = threshold()
    seen: dict[int, tuple[suppression.ShownCell, suppression.ShownCell]] = {}
    everything = (BreakdownCorrection.objects.filter(result_id__in=list(results))
                  .order_by("-at", "-pk"))
    events: dict[tuple, list[BreakdownCorrection]] = {}
    for row in everything:  # newest first: one event is a correction of several figures
        events.setdefault((row.result_id, row.at, row.by_id, row.reason), []).append(row)
    for (rid, *_), changed in events.items():
        result = results[rid]
        indicator, period = result.indicator, Period.parse(result.period)
        dims = sorted(dimensions.get(indicator.pk, []), key=lambda d: d.name)
        see_all = raw(indicator)
        after = dict(state[rid])
        before = dict(after)
        for row in changed:
            before[row.category_id] = (row.old_value, row.old_people)
        shown_after = _shown(indicator, period, after, dims, raw=see_all, level=level)
        shown_before = _shown(indicator, period, before, dims, raw=see_all, level=level)
        for row in changed:
            name = names.get(row.category_id, ("", ""))[1]
            empty = suppression.ShownCell(name, None, None)
            seen[row.pk] = (shown_before.get(row.category_id, empty),
                            shown_after.get(row.category_id, empty))
        state[rid] = before
    found = []
    for row in rows:
        dimension, category = names.get(row.category_id, ("", ""))
        was, now = seen[row.pk]
        found.append(CorrectedFigure(row, row.result.indicator, Period.parse(row.result.period),
                                     dimension, category, was, now))
    return found


def explanation_for(corrected: Sequence[CorrectedFigure]) -> str:
    """What ``[c]`` means, when a listing of corrections hides a figure ('' otherwise)."""
    return suppression.explanation(threshold()) if any(c.any_hidden for c in corrected) else ""
