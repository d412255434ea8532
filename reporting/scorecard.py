"""The balanced scorecard as at the end of a period: one row per live indicator.

Used by ``export_scorecard`` and the scorecard page, so the file a council
sends round and the screen it looks at can never disagree. Two files: the **data**
(``export_scorecard`` and the page's data download: codes and exact values, for another
system) and the one **for people** (labels, units, RAG in words and colour).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import IO

from django.db.models import QuerySet

from kpis import exports
from kpis.models import Indicator, OrgUnit
from reporting import formatting
from reporting.engine import Assessment, Direction, ExceptionFlag, IndicatorStatus, Rag
from reporting.numbers import plain
from reporting.periods import Frequency, Period
from reporting.ratings import RatingBook

COLUMNS = [
    "code", "title", "level", "org_unit", "frequency", "period", "polarity", "target",
    "stretch_target", "actual", "previous", "rag", "dot", "exception", "stretch_met",
    "commentary",
]


# What a row shows of its indicator (the page's table and the exports), read as values:
# a scorecard of 2,000 indicators reads none of the register's other columns and builds
# no model objects for them.
ROW_FIELDS = (
    "id", "code", "title", "level", "frequency", "unit", "decimal_places", "org_unit__path",
)


@dataclass(frozen=True)
class RowIndicator:
    """The indicator a scorecard row is for, as the row shows it (``ROW_FIELDS``)."""

    id: int
    code: str
    title: str
    level: str
    frequency: str
    unit: str
    decimal_places: int
    org_unit_path: str

    def figure(self, value: Decimal | None, missing: str = "") -> str:
        """One of its values as people read it (``Indicator.figure``)."""
        return formatting.figure(value, self.unit, self.decimal_places, missing=missing)


@dataclass(frozen=True)
class ScorecardRow:
    indicator: RowIndicator
    period: Period | None
    target: Decimal | None
    stretch_target: Decimal | None
    actual: Decimal | None
    previous: Decimal | None
    assessment: Assessment
    commentary: str
    polarity: str = ""
    status: str = ""  # the result's sign-off status ("" for a roll-up or no result)
    group: str = ""  # the heading it is shown under, when the scorecard is grouped

    @property
    def rag(self) -> Rag:
        return self.assessment.rag

    @property
    def direction(self) -> Direction:
        return self.assessment.direction

    @property
    def exception(self) -> ExceptionFlag:
        return self.assessment.exception

    def as_record(self) -> dict[str, str]:
        """The row as the export writes it: exact values, canonical codes."""
        ind = self.indicator
        return {
            "code": ind.code,
            "title": ind.title,
            "level": ind.level,
            "org_unit": ind.org_unit_path,
            "frequency": ind.frequency,
            "period": self.period.key if self.period else "",
            "polarity": self.polarity,
            "target": plain(self.target),
            "stretch_target": plain(self.stretch_target),
            "actual": plain(self.actual),
            "previous": plain(self.previous),
            "rag": self.rag.value,
            "dot": self.direction.value,
            "exception": self.exception.value,
            "stretch_met": "yes" if self.assessment.stretch_met else "no",
            "commentary": self.commentary,
        }


def build_scorecard(
    as_at: Period,
    indicators: QuerySet[Indicator] | None = None,
    approved_only: bool = False,
    as_issued_on: date | None = None,
    commentary: bool = True,
) -> list[ScorecardRow]:
    """Every indicator live at ``as_at`` (of ``indicators``: all of them by default), in
    order of code, rated by its latest result ending by then.

    An indicator retired since is still on an old scorecard: retirement, like any
    change to what the engine reads, applies from its year (``RatingBook.facts``).
    ``as_issued_on`` shows the figures as a report issued that day showed them.
    ``commentary=False`` leaves each row's commentary empty and reads none (the page
    shows none; the files do).
    """
    if indicators is None:
        indicators = Indicator.objects.all()
    book = RatingBook.load(
        as_at.end, approved_only=approved_only, as_issued_on=as_issued_on, texts=commentary
    )
    rows = []
    for values in indicators.order_by("code").values_list(*ROW_FIELDS):
        indicator = RowIndicator(*values)
        if book.facts(indicator.id, as_at).status is IndicatorStatus.RETIRED:
            continue
        rating = book.rate_latest(indicator.id, as_at.end)
        rows.append(
            ScorecardRow(
                indicator=indicator,
                period=rating.period,
                target=rating.rules.target,
                stretch_target=rating.rules.stretch_target,
                actual=rating.actual,
                previous=rating.previous,
                assessment=rating.assessment,
                commentary=rating.result.commentary if rating.result else "",
                polarity=rating.indicator.polarity.value,
                status=rating.result.status if rating.result else "",
            )
        )
    return rows


def expected_periods(as_at: Period) -> dict[Frequency, Period]:
    """The period of each frequency a scorecard as at the end of ``as_at`` reports: the
    latest that had ended by then. A row whose figure is for an earlier one says so."""
    after = as_at.end + timedelta(days=1)
    return {f: Period.latest_ended(after, f) for f in Frequency}


# --- grouping --------------------------------------------------------------------------

GROUPINGS = {
    "pillar": "Pillar", "directorate": "Directorate", "service": "Service",
    "level": "Level", "rag": "RAG",
}
# Worst first: the rows a reader looks for first come first.
RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.NO_DATA, Rag.NO_TARGET,
             Rag.BASELINE, Rag.CONTEXTUAL, Rag.IN_DEVELOPMENT]
LEVEL_ORDER = [value for value, _ in Indicator.Level.choices]
NO_PILLAR = "Not in a pillar"


def pillars_of(indicator_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """Each indicator's first pillar, as (number, "1. Title") (one query). An indicator
    in several pillars is grouped under the lowest-numbered."""
    found: dict[int, tuple[int, str]] = {}
    through = Indicator.pillars.through.objects.filter(indicator_id__in=list(indicator_ids))
    for indicator_id, number, title in through.order_by("pillar__number").values_list(
        "indicator_id", "pillar__number", "pillar__title"
    ):
        found.setdefault(indicator_id, (number, f"{number}. {title}"))
    return found


def _group_key(row: ScorecardRow, by: str, pillars: dict[int, tuple[int, str]]):
    """(sort key, heading) of the row's group."""
    ind = row.indicator
    if by == "pillar":
        number, name = pillars.get(ind.id, (10**6, NO_PILLAR))
        return (number,), name
    parts = ind.org_unit_path.split(OrgUnit.SEPARATOR)
    if by == "directorate":
        return (parts[0].casefold(),), parts[0]
    if by == "service":
        if len(parts) == 1:
            name = f"{parts[0]}: held at directorate level"
            return (parts[0].casefold(), 1, ""), name
        name = OrgUnit.SEPARATOR.join(parts[:2])
        return (parts[0].casefold(), 0, parts[1].casefold()), name
    if by == "level":
        return (LEVEL_ORDER.index(ind.level),), Indicator.Level(ind.level).label
    return (RAG_ORDER.index(row.rag),), row.rag.label


def grouped(rows: list[ScorecardRow], by: str) -> list[ScorecardRow]:
    """The rows in groups (``GROUPINGS``), each group's rows by code, each row knowing
    its group's heading."""
    pillars = pillars_of(row.indicator.id for row in rows) if by == "pillar" else {}
    keyed = []
    for row in rows:
        key, name = _group_key(row, by, pillars)
        keyed.append((key, row.indicator.code, replace(row, group=name)))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, row in keyed]


NUMERIC = ("target", "stretch_target", "actual", "previous")


def _table(rows: Iterable[ScorecardRow]) -> list[list[exports.Value]]:
    """The header, then each row; numbers as numbers, so Excel can sum them."""
    table: list[list[exports.Value]] = [list(COLUMNS)]
    for row in rows:
        record = row.as_record()
        table.append([
            Decimal(record[c]) if c in NUMERIC and record[c] else record[c] for c in COLUMNS
        ])
    return table


def write_csv(rows: Iterable[ScorecardRow], stream: IO[str]) -> None:
    exports.write_csv(_table(rows), stream)


def write_xlsx(rows: Iterable[ScorecardRow], stream: IO[bytes], title: str) -> None:
    exports.write_xlsx(_table(rows), stream, sheet="Scorecard data", title=title)


# --- for people ------------------------------------------------------------------------

PEOPLE_COLUMNS = [
    "Code", "Indicator", "Service", "Period", "Target", "Actual", "Previous", "RAG",
    "Direction of travel", "Exception", "Commentary",
]
PEOPLE_WIDTHS = [12, 50, 40, 14, 14, 14, 14, 18, 20, 26, 60]


def people_title(as_at: Period, approved_only: bool) -> str:
    shown = ("signed-off results only" if approved_only
             else "all results, signed off or not")
    return (f"Scorecard as at the end of {as_at.label}: {shown}. For people to read: "
            "figures rounded to each indicator's decimal places; the data file has codes "
            "and exact values")


def people_table(rows: Iterable[ScorecardRow]) -> list[list[exports.Value]]:
    """The header, then each row as the scorecard page shows it."""
    table: list[list[exports.Value]] = [list(PEOPLE_COLUMNS)]
    for row in rows:
        ind = row.indicator
        table.append([
            ind.code, ind.title, ind.org_unit_path,
            row.period.label if row.period else "No result yet",
            ind.figure(row.target, "None set"), ind.figure(row.actual, "No figure"),
            ind.figure(row.previous), row.rag, row.direction.label,
            row.assessment.exception_label,
            row.commentary,
        ])
    return table


def write_people_csv(rows: Iterable[ScorecardRow], stream: IO[str]) -> None:
    exports.write_csv(people_table(rows), stream)


def write_people_xlsx(
    rows: Iterable[ScorecardRow], stream: IO[bytes], as_at: Period, approved_only: bool
) -> None:
    exports.write_xlsx(
        people_table(rows), stream, sheet="Scorecard for people",
        title=f"Scorecard {as_at.label} for people",
        title_row=people_title(as_at, approved_only), widths=PEOPLE_WIDTHS,
    )
