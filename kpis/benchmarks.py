"""Where the council stands among its comparators, for every indicator matched to a
benchmark metric: the one place the screens, the CSV and the packs' charts ask.

Reads the database in a fixed number of queries however many indicators are matched,
and asks ``reporting.benchmarks`` (plain Python) for each period's rank, quartile and
median. The council's own figure is its row in the dataset (found by the council's area
code); when the dataset has no figure for it, its own signed-off result for the same
period is used instead, and the page says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Min

from kpis.models import (
    BenchmarkDataset,
    BenchmarkMatch,
    BenchmarkValue,
    ComparatorArea,
    ComparatorGroup,
    Council,
    Indicator,
    Result,
    ResultStatus,
)
from reporting.benchmarks import AreaFigure, Standing, standing
from reporting.engine import Polarity
from reporting.periods import Period

# How many comparable periods an indicator's page lists (the latest first).
EARLIER = 5


@dataclass(frozen=True)
class Ranked:
    """One row of the comparators' table: best first, the council among them."""

    name: str
    value: Decimal
    is_council: bool


@dataclass(frozen=True)
class PeriodStanding:
    period: Period
    source_period: str  # as the dataset writes it
    standing: Standing
    council_from_dataset: bool  # False: the council's own signed-off result
    table: tuple[Ranked, ...]


@dataclass(frozen=True)
class Comparison:
    indicator: Indicator
    match: BenchmarkMatch
    metric_name: str
    areas: int  # comparators in the group, the council not counted
    periods: tuple[PeriodStanding, ...]  # every period the dataset has, newest first

    @property
    def dataset(self) -> BenchmarkDataset:
        return self.match.dataset

    @property
    def group(self) -> ComparatorGroup:
        return self.match.group

    @property
    def comparable(self) -> list[PeriodStanding]:
        """Periods with a figure for the council and for at least one comparator."""
        return [p for p in self.periods
                if p.standing.council_value is not None and p.standing.compared]

    @property
    def latest(self) -> PeriodStanding | None:
        """The latest comparable period, or None."""
        comparable = self.comparable
        return comparable[0] if comparable else None

    @property
    def recent(self) -> list[PeriodStanding]:
        return self.comparable[:EARLIER]

    @property
    def latest_in_dataset(self) -> Period | None:
        return self.periods[0].period if self.periods else None


def council_area_code() -> str:
    return Council.objects.values_list("area_code", flat=True).first() or ""


def _council() -> tuple[str, str]:
    """The council's area code and the name it goes by in a table of areas."""
    row = Council.objects.values_list("area_code", "short_name", "name").first()
    if row is None:
        return "", "This council"
    code, short_name, name = row
    return code, short_name or name


def comparisons(indicators: Iterable[int] | None = None) -> list[Comparison]:
    """Every matched indicator's comparison (or those of ``indicators``, by id), by code.

    Five queries whatever the number of indicators: the council, the matches, their
    groups' areas, the figures and the council's own results."""
    code, council_name = _council()
    matches = BenchmarkMatch.objects.select_related("indicator", "dataset", "group").order_by(
        "indicator__code")
    if indicators is not None:
        matches = matches.filter(indicator_id__in=list(indicators))
    matches = list(matches)
    if not matches:
        return []
    members: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for group_id, area_code, area_name in ComparatorArea.objects.filter(
        group_id__in={m.group_id for m in matches}
    ).order_by("group_id", "position").values_list("group_id", "area_code", "area_name"):
        members[group_id].append((area_code, area_name))
    wanted = {area for areas in members.values() for area, _ in areas} | {code}
    # (dataset, metric) -> period -> area -> (name, value, source period)
    figures: dict[tuple[int, str], dict[str, dict[str, tuple[str, Decimal | None, str]]]] = (
        defaultdict(lambda: defaultdict(dict)))
    names: dict[tuple[int, str], str] = {}
    pairs = {(m.dataset_id, m.metric) for m in matches}
    for dataset_id, metric, metric_name, area, name, period, source_period, value in (
        BenchmarkValue.objects.filter(
            dataset_id__in={d for d, _ in pairs}, metric__in={m for _, m in pairs},
            area_code__in=wanted,
        ).values_list("dataset_id", "metric", "metric_name", "area_code", "area_name", "period",
                      "source_period", "value")
    ):
        if (dataset_id, metric) in pairs:
            figures[(dataset_id, metric)][period][area] = (name, value, source_period)
            names[(dataset_id, metric)] = metric_name
    periods = {p for by_period in figures.values() for p in by_period}
    own = {
        (indicator_id, period): actual
        for indicator_id, period, actual in Result.objects.filter(
            indicator_id__in=[m.indicator_id for m in matches], period__in=periods,
            status=ResultStatus.APPROVED, actual__isnull=False,
        ).values_list("indicator_id", "period", "actual")
    }
    return [
        _comparison(match, code, council_name, members[match.group_id],
                    figures.get((match.dataset_id, match.metric), {}),
                    names.get((match.dataset_id, match.metric), ""), own)
        for match in matches
    ]


def _comparison(match: BenchmarkMatch, code: str, council_name: str,
                areas: list[tuple[str, str]],
                by_period: dict[str, dict[str, tuple[str, Decimal | None, str]]],
                metric_name: str, own: dict[tuple[int, str], Decimal]) -> Comparison:
    indicator = match.indicator
    polarity = Polarity(indicator.polarity)
    comparators = [(area, name) for area, name in areas if area != code]
    found = []
    for key in sorted(by_period, key=lambda k: Period.parse(k).end, reverse=True):
        rows = by_period[key]
        group = [AreaFigure(area, rows.get(area, ("",))[0] or name or area,
                            rows[area][1] if area in rows else None)
                 for area, name in comparators]
        in_dataset = rows.get(code, ("", None, ""))[1]
        council_value = in_dataset if in_dataset is not None else own.get((indicator.pk, key))
        result = standing(code, council_value, group, polarity)
        source_period = next(iter(rows.values()))[2]
        found.append(PeriodStanding(
            period=Period.parse(key), source_period=source_period, standing=result,
            council_from_dataset=in_dataset is not None,
            table=_table(group, council_name, council_value, polarity),
        ))
    return Comparison(indicator=indicator, match=match, metric_name=metric_name,
                      areas=len(comparators), periods=tuple(found))


def _table(group: list[AreaFigure], council_name: str, council_value: Decimal | None,
           polarity: Polarity) -> tuple[Ranked, ...]:
    """The comparators with a figure and the council, best first (highest first when
    neither end is better); the council before a comparator level with it."""
    rows = [Ranked(a.area_name, a.value, False) for a in group if a.value is not None]
    if council_value is not None:
        rows.append(Ranked(council_name, council_value, True))
    lower = polarity is Polarity.LOWER
    return tuple(sorted(rows, key=lambda r: (r.value if lower else -r.value, not r.is_council)))


def comparison_for(indicator: Indicator) -> Comparison | None:
    found = comparisons([indicator.pk])
    return found[0] if found else None


def comparator_medians(indicators: Iterable[int]) -> dict[int, tuple[str, dict[Period, Decimal]]]:
    """For the charts: each matched indicator's comparator group name and its median by
    period (periods without one left out)."""
    return {
        c.indicator.pk: (c.group.name, {p.period: p.standing.median for p in c.periods
                                        if p.standing.median is not None})
        for c in comparisons(indicators)
    }


# --- the performance team's page ----------------------------------------------------------


@dataclass(frozen=True)
class Unmatched:
    dataset: str
    metric: str
    metric_name: str
    areas: int
    first: Period
    last: Period


def datasets() -> list[BenchmarkDataset]:
    return list(BenchmarkDataset.objects.select_related("imported_by").annotate(
        figures=Count("benchmark_values", distinct=True),
        metrics=Count("benchmark_values__metric", distinct=True),
    ).order_by("name"))


def comparator_groups() -> list[ComparatorGroup]:
    return list(ComparatorGroup.objects.select_related("imported_by").annotate(
        size=Count("areas")).order_by("name"))


def unmatched_metrics(matched: Iterable[Comparison]) -> list[Unmatched]:
    """The datasets' metrics no indicator is compared on."""
    taken = {(c.match.dataset_id, c.match.metric) for c in matched}
    rows = (BenchmarkValue.objects.values("dataset_id", "dataset__name", "metric")
            .annotate(name=Max("metric_name"), areas=Count("area_code", distinct=True),
                      first=Min("period"), last=Max("period"))
            .order_by("dataset__name", "metric"))
    return [
        Unmatched(row["dataset__name"], row["metric"], row["name"], row["areas"],
                  _earliest(row["first"], row["last"]), _latest(row["first"], row["last"]))
        for row in rows if (row["dataset_id"], row["metric"]) not in taken
    ]


def _earliest(*keys: str) -> Period:
    return min((Period.parse(k) for k in keys), key=lambda p: p.start)


def _latest(*keys: str) -> Period:
    return max((Period.parse(k) for k in keys), key=lambda p: p.end)


CSV_HEADER = [
    "indicator", "title", "period", "period_in_source", "council_value", "council_value_from",
    "comparator_median", "comparators_with_a_figure", "comparators_without", "rank",
    "quartile", "metric", "comparator_group", "dataset", "publisher", "licence",
]


def csv_rows(found: Iterable[Comparison]) -> list[list]:
    """The page's table for the one writer (kpis/exports.py): each matched indicator's
    latest comparable period."""
    rows: list[list] = [list(CSV_HEADER)]
    for c in found:
        latest = c.latest
        s = latest.standing if latest else None
        rows.append([
            c.indicator.code, c.indicator.title,
            latest.period.label if latest else "", latest.source_period if latest else "",
            s.council_value if s else None,
            ("dataset" if latest.council_from_dataset else "own signed-off result")
            if latest else "",
            s.median if s else None, s.compared if s else None,
            "; ".join(s.without_figure) if s else "",
            s.rank_words if s else "", s.quartile_words if s else "No comparable period",
            c.match.metric, c.group.name, c.dataset.name, c.dataset.publisher,
            c.dataset.licence,
        ])
    return rows
