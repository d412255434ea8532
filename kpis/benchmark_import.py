"""Bringing in benchmarks from the files councils already download.

One dataset file (LG Inform style, Oflog's, or Trafford Data Lab's: the layout is told
from the header), any comparator-group files (Oflog's nearest neighbours, neighbour
sets), and a metric map saying which indicator each metric is compared on. The house
rules of every import (kpis/importing.py): all or nothing, every problem reported with
its row number, attributed to who ran it and why, and a second run of the same files
changes nothing. Formats: docs/benchmarks.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from kpis.importing import ImportFailed, _resolve_codes
from kpis.models import (
    BenchmarkDataset,
    BenchmarkMatch,
    BenchmarkValue,
    ComparatorArea,
    ComparatorGroup,
    Council,
    Indicator,
)
from kpis.models.benchmarks import METRIC_LENGTH, area_code_problem
from kpis.spreadsheets import Row, Sheet
from reporting.benchmarks import financial_period
from reporting.numbers import MAX_DECIMAL_PLACES, NumberError, parse_decimal, plain
from reporting.periods import Period, PeriodError

OGL = "Open Government Licence v3.0"

# What published files write where an area has no figure: kept as "no figure", never 0.
NO_FIGURE = {"", "..", ":", "-", "x", "[x]", "c", "[c]", "z", "[z]", "n/a", "na", "*"}

# --- dataset layouts ----------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One row of a dataset file, read into our terms but not yet checked."""

    metric: str
    metric_name: str
    area_code: str
    area_name: str
    period: str
    value: str


@dataclass(frozen=True)
class Layout:
    """A published file layout: the headers that identify it, how a row is read, and
    what is known of its publisher and licence (blank: the importer must say)."""

    key: str
    headers: tuple[str, ...]  # as the file writes them (compared in lower case)
    read: Callable[[Row], Figure]
    dataset: str = ""
    publisher: str = ""
    licence: str = ""

    @property
    def described(self) -> str:
        title = BenchmarkDataset.Layout(self.key).label.split(" (")[0]
        return f"{title} ({', '.join(self.headers)})"


def _lg_inform(row: Row) -> Figure:
    return Figure(metric=row.get("metric"), metric_name=row.get("metric_name"),
                  area_code=row.get("area_code"), area_name=row.get("area_name"),
                  period=row.get("period"), value=row.get("value"))


def _oflog(row: Row) -> Figure:
    return Figure(metric=row.get("code"), metric_name=row.get("measure"),
                  area_code=row.get("local authority code"),
                  area_name=row.get("local authority name"),
                  period=row.get("financial year"), value=row.get("value"))


def _trafford(row: Row) -> Figure:
    # The file has no metric codes: an indicator is given as a percentage and as a count
    # (measure), so the two together name the metric.
    indicator, measure = row.get("indicator"), row.get("measure")
    unit = row.get("unit")
    return Figure(metric=f"{indicator}: {measure}" if indicator and measure else "",
                  metric_name=f"{indicator} ({measure.lower()}, {unit.lower()})" if unit
                  else indicator,
                  area_code=row.get("area_code"), area_name=row.get("area_name"),
                  period=row.get("period"), value=row.get("value"))


# Most particular first: Trafford's file has LG Inform's columns bar 'metric'.
LAYOUTS = [
    Layout("trafford", ("area_code", "area_name", "period", "indicator", "measure", "unit",
                        "value"), _trafford,
           dataset="Trafford and its CIPFA neighbours: waste and planning",
           publisher="Trafford Data Lab, from DEFRA and MHCLG statistics", licence=OGL),
    Layout("oflog", ("Financial year", "Local authority code", "Local authority name",
                     "Measure", "Code", "Value"), _oflog,
           dataset="Oflog local authority data", publisher="Office for Local Government (Oflog)",
           licence=OGL),
    Layout("lg_inform", ("area_code", "area_name", "metric", "period", "value"), _lg_inform),
]


def detect_layout(sheet: Sheet) -> Layout:
    """The layout whose headers the file has, or ImportFailed naming the ones known."""
    for layout in LAYOUTS:
        if all(header.lower() in sheet.columns for header in layout.headers):
            return layout
    known = "; ".join(layout.described for layout in LAYOUTS)
    shown = ", ".join(sheet.columns[:12]) + ("…" if len(sheet.columns) > 12 else "")
    raise ImportFailed([
        f"Row {sheet.header_row}: the header ({shown}) is not a benchmark layout this import "
        f"knows. Known layouts: {known}"
    ])


# --- comparator group layouts -------------------------------------------------------------


@dataclass(frozen=True)
class GroupLayout:
    description: str
    headers: tuple[str, ...]
    for_area: str
    member: str
    name: Callable[[Row], str]
    for_area_name: str = ""
    member_name: str = ""


GROUP_LAYOUTS = [
    GroupLayout("neighbour sets (for_area_code, neighbour_set, area_code)",
                ("for_area_code", "neighbour_set", "area_code"), "for_area_code", "area_code",
                lambda row: row.get("neighbour_set"), for_area_name="for_area_name",
                member_name="area_name"),
    GroupLayout("Oflog's nearest neighbours (la_code, neighbour_code)",
                ("la_code", "neighbour_code"), "la_code", "neighbour_code",
                lambda row: "Oflog nearest neighbours"),
]


# --- numbers ------------------------------------------------------------------------------

_LONG_FRACTION = re.compile(rf"[+-]?[0-9]{{1,14}}\.[0-9]{{{MAX_DECIMAL_PLACES + 1},40}}")
_PLACES = Decimal(1).scaleb(-MAX_DECIMAL_PLACES)


def benchmark_number(text: str) -> Decimal | None:
    """A published figure, or None where the source has none ('..', 'x', blank...).

    Read by the one number parser; a statistic published to more than six decimal
    places (Oflog's 813.4202553) is first rounded half to even to six, the register's
    precision. Raises NumberError."""
    typed = text.strip()
    if typed.lower() in NO_FIGURE:
        return None
    if _LONG_FRACTION.fullmatch(typed):
        try:
            typed = plain(Decimal(typed).quantize(_PLACES, rounding=ROUND_HALF_EVEN))
        except InvalidOperation:  # too long to round: the parser says why
            pass
    return parse_decimal(typed)


# --- reading and checking -----------------------------------------------------------------


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class BenchmarkSummary:
    dataset: str
    values: Counts = field(default_factory=Counts)
    dataset_changed: bool = False
    groups: Counts = field(default_factory=Counts)
    matches: Counts = field(default_factory=Counts)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return (self.dataset_changed or self.values.changed or self.groups.changed
                or self.matches.changed)

    def __str__(self) -> str:
        text = (f"'{self.dataset}': values {self.values}; comparator groups {self.groups}; "
                f"indicators matched {self.matches}")
        return text if self.changed else f"nothing changed ({text})"


@dataclass(frozen=True)
class _Value:
    row: int
    metric: str
    metric_name: str
    area_code: str
    area_name: str
    source_period: str
    period: Period
    value: Decimal | None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.metric, self.area_code, self.period.key)


def _too_long(what: str, text: str, limit: int) -> str | None:
    return f"{what} is longer than {limit} characters" if len(text) > limit else None


def _read_values(sheet: Sheet, layout: Layout) -> tuple[list[_Value], list[str]]:
    values: list[_Value] = []
    problems: list[str] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row in sheet.rows:
        figure = layout.read(row)
        found: list[str | None] = [
            area_code_problem(figure.area_code),
            "metric is blank" if not figure.metric else None,
            _too_long("metric", figure.metric, METRIC_LENGTH),
            _too_long("the metric's name", figure.metric_name, METRIC_LENGTH),
            _too_long("area name", figure.area_name, 200),
        ]
        period = None
        if not figure.period:
            found.append("period is blank")
        else:
            try:
                period = financial_period(figure.period)
            except PeriodError as error:
                found.append(str(error))
            found.append(_too_long("period", figure.period, 30))
        value = None
        try:
            value = benchmark_number(figure.value)
        except NumberError as error:
            found.append(f"value: {error}")
        row_problems = [p for p in found if p]
        if not row_problems and period is not None:
            item = _Value(row.number, figure.metric, figure.metric_name, figure.area_code,
                          figure.area_name, figure.period, period, value)
            if item.key in seen:
                row_problems.append(
                    f"{figure.area_code} {figure.metric} {period.label} is also on row "
                    f"{seen[item.key]}")
            else:
                seen[item.key] = row.number
                values.append(item)
        problems += [f"Row {row.number}: {p}" for p in row_problems]
    if not sheet.rows:
        problems.append("The file has a header but no rows.")
    return values, problems


@dataclass
class _Group:
    name: str
    area_code: str
    area_name: str
    areas: list[tuple[str, str]]  # (code, name) in file order
    file_name: str


def _read_groups(file_name: str, sheet: Sheet, council_code: str
                 ) -> tuple[list[_Group], list[str]]:
    """The council's groups in one file (the others are not kept), and its problems."""
    layout = next((g for g in GROUP_LAYOUTS if all(h in sheet.columns for h in g.headers)), None)
    if layout is None:
        known = "; ".join(g.description for g in GROUP_LAYOUTS)
        return [], [f"{file_name}, row {sheet.header_row}: the header "
                    f"({', '.join(sheet.columns[:12])}) is not a comparator group layout this "
                    f"import knows. Known layouts: {known}"]
    groups: dict[str, _Group] = {}
    problems: list[str] = []
    for row in sheet.rows:
        found = [area_code_problem(row.get(layout.for_area)),
                 area_code_problem(row.get(layout.member))]
        name = layout.name(row)
        found += ["the group's name is blank" if not name else None,
                  _too_long("the group's name", name, 200)]
        row_problems = [p for p in found if p]
        if row_problems:
            problems += [f"{file_name}, row {row.number}: {p}" for p in row_problems]
            continue
        if row.get(layout.for_area) != council_code:
            continue
        group = groups.setdefault(name.lower(), _Group(
            name=name, area_code=council_code,
            area_name=row.get(layout.for_area_name)[:200] if layout.for_area_name else "",
            areas=[], file_name=file_name))
        member = row.get(layout.member)
        if any(code == member for code, _ in group.areas):
            problems.append(f"{file_name}, row {row.number}: {member} is in {name} twice")
            continue
        member_name = row.get(layout.member_name)[:200] if layout.member_name else ""
        group.areas.append((member, member_name))
    if not problems and not groups:
        problems.append(f"{file_name}: there is no comparator group for {council_code}, the "
                        "council's area code")
    return list(groups.values()), problems


@dataclass(frozen=True)
class _Match:
    row: int
    metric: str
    indicator: Indicator
    group_name: str


MAP_COLUMNS = ("metric", "indicator")


def _read_map(file_name: str, sheet: Sheet, metrics: set[str], dataset: str,
              groups: Sequence[str]) -> tuple[list[_Match], list[str]]:
    missing = [c for c in MAP_COLUMNS if c not in sheet.columns]
    if missing:
        return [], [f"{file_name}, row {sheet.header_row}: the header is missing the column(s) "
                    f"{', '.join(missing)} (expected: metric,indicator,comparator_group)"]
    indicators = _resolve_codes({row.get("indicator") for row in sheet.rows})
    by_name = {name.lower(): name for name in groups}
    matches: list[_Match] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for row in sheet.rows:
        metric, code = row.get("metric"), row.get("indicator")
        group = row.get("comparator_group")
        found: list[str] = []
        if not metric:
            found.append("metric is blank")
        elif metric not in metrics:
            some = ", ".join(sorted(metrics)[:8]) + ("…" if len(metrics) > 8 else "")
            found.append(f"metric '{metric}' is not in {dataset} (its metrics: {some})")
        indicator = indicators.get(code)
        if not code:
            found.append("indicator is blank")
        elif indicator is None:
            found.append(f"indicator '{code}' is not in the register")
        elif indicator.code in seen:
            found.append(f"{indicator.code} is also on row {seen[indicator.code]}: an "
                         "indicator is compared on one metric")
        else:
            seen[indicator.code] = row.number
        if group and group.lower() not in by_name:
            known = "; ".join(groups) or "none yet: give a --group file"
            found.append(f"comparator group '{group}' is not one of the council's ({known})")
        elif not group and len(groups) != 1:
            found.append("comparator_group is blank and the council has "
                         f"{len(groups) or 'no'} groups: name one"
                         + (f" ({'; '.join(groups)})" if groups else ""))
        if found:
            problems += [f"{file_name}, row {row.number}: {p}" for p in found]
            continue
        matches.append(_Match(row.number, metric, indicator,
                              by_name[group.lower()] if group else groups[0]))
    if not sheet.rows:
        problems.append(f"{file_name}: the metric map has a header but no rows.")
    return matches, problems


# --- the import ---------------------------------------------------------------------------


def import_benchmarks(
    sheet: Sheet, *, file_name: str, checksum: str, user, reason: str,
    metric_map: tuple[str, Sheet] | None = None,
    groups: Sequence[tuple[str, Sheet]] = (),
    dataset: str = "", publisher: str = "", licence: str = "",
    now: datetime | None = None,
) -> BenchmarkSummary:
    """Create or update a dataset's values, the council's comparator groups and the
    indicators' matches, all or nothing. Raises ImportFailed with every problem."""
    now = now or timezone.now()
    layout = detect_layout(sheet)
    name = dataset.strip() or layout.dataset
    publisher, licence = publisher.strip() or layout.publisher, licence.strip() or layout.licence
    problems = [
        f"--{option}: say {what} (the {layout.key.replace('_', ' ')} layout does not)"
        for option, given, what in (("dataset", name, "what the dataset is called"),
                                    ("publisher", publisher, "who published it"),
                                    ("licence", licence, "the licence it was published under"))
        if not given
    ]
    problems += [f"--{option} is longer than 200 characters"
                 for option, given in (("dataset", name), ("publisher", publisher),
                                       ("licence", licence)) if len(given) > 200]
    values, value_problems = _read_values(sheet, layout)
    problems += value_problems
    council = Council.objects.first()
    council_code = council.area_code if council else ""
    read_groups: list[_Group] = []
    if groups and not council_code:
        problems.append("The council's area code is not set, so its comparator group cannot be "
                        "found: set it in the register (Council) first")
    elif groups:
        for group_file, group_sheet in groups:
            found, group_problems = _read_groups(group_file, group_sheet, council_code)
            read_groups += found
            problems += group_problems
    matches: list[_Match] = []
    if metric_map is not None:
        stored = set(BenchmarkValue.objects.filter(dataset__name=name)
                     .values_list("metric", flat=True).distinct())
        known_groups = {g.name for g in read_groups}
        known_groups |= set(ComparatorGroup.objects.filter(area_code=council_code)
                            .values_list("name", flat=True)) if council_code else set()
        matches, map_problems = _read_map(metric_map[0], metric_map[1],
                                          stored | {v.metric for v in values}, name,
                                          sorted(known_groups))
        problems += map_problems
    if problems:
        raise ImportFailed(problems)

    summary = BenchmarkSummary(dataset=name)
    about = {"publisher": publisher, "licence": licence, "layout": layout.key,
             "provenance": "\n".join(sheet.comments)}
    with transaction.atomic():
        record = BenchmarkDataset.objects.filter(name=name).first()
        if record is None:
            record = _attributed(BenchmarkDataset(name=name), about, file_name, checksum, user,
                                 reason, now)
            summary.dataset_changed = True
        summary.values = _write_values(record, values)
        if not summary.dataset_changed and (
            summary.values.changed or any(getattr(record, k) != v for k, v in about.items())
        ):
            _attributed(record, about, file_name, checksum, user, reason, now)
            summary.dataset_changed = True
        summary.groups = _write_groups(read_groups, user, reason, now)
        summary.matches = _write_matches(record, matches, user, reason)
    return summary


def _attributed(record: BenchmarkDataset, about: dict[str, str], file_name: str, checksum: str,
                user, reason: str, now: datetime) -> BenchmarkDataset:
    """Saved as the latest import: from this file, by ``user``, for ``reason``."""
    for key, value in about.items():
        setattr(record, key, value)
    record.file_name, record.checksum = file_name, checksum
    record.imported_by, record.imported_at, record.reason = user, now, reason
    record._history_user, record._change_reason = user, reason
    record.save()
    return record


def _write_values(record: BenchmarkDataset, values: list[_Value]) -> Counts:
    counts = Counts()
    existing = {
        (metric, area, period): (pk, value, area_name, metric_name, source_period)
        for pk, metric, area, period, value, area_name, metric_name, source_period in
        BenchmarkValue.objects.filter(dataset=record).values_list(
            "pk", "metric", "area_code", "period", "value", "area_name", "metric_name",
            "source_period")
    }
    new, changed = [], []
    for item in values:
        fields = {"value": item.value, "area_name": item.area_name,
                  "metric_name": item.metric_name, "source_period": item.source_period}
        before = existing.get(item.key)
        if before is None:
            new.append(BenchmarkValue(dataset=record, metric=item.metric,
                                      area_code=item.area_code, period=item.period.key,
                                      **fields))
        elif before[1:] != tuple(fields.values()):
            changed.append(BenchmarkValue(pk=before[0], **fields))
        else:
            counts.unchanged += 1
    BenchmarkValue.objects.bulk_create(new, batch_size=1000)
    BenchmarkValue.objects.bulk_update(
        changed, ["value", "area_name", "metric_name", "source_period"], batch_size=500)
    counts.created, counts.updated = len(new), len(changed)
    return counts


def _write_groups(groups: list[_Group], user, reason: str, now: datetime) -> Counts:
    """Each group as its file lists it: a group already held is replaced when its areas
    differ, and left alone when they do not."""
    counts = Counts()
    for item in groups:
        group = ComparatorGroup.objects.filter(name=item.name, area_code=item.area_code).first()
        if group is not None:
            before = list(group.areas.values_list("area_code", "area_name"))
            if before == item.areas and group.area_name == item.area_name:
                counts.unchanged += 1
                continue
            group.areas.all().delete()
            counts.updated += 1
        else:
            group = ComparatorGroup(name=item.name, area_code=item.area_code)
            counts.created += 1
        group.area_name, group.file_name = item.area_name, item.file_name
        group.imported_by, group.imported_at, group.reason = user, now, reason
        group._history_user, group._change_reason = user, reason
        group.save()
        ComparatorArea.objects.bulk_create([
            ComparatorArea(group=group, area_code=code, area_name=area_name, position=n)
            for n, (code, area_name) in enumerate(item.areas, start=1)
        ])
    return counts


def _write_matches(record: BenchmarkDataset, matches: list[_Match], user, reason: str) -> Counts:
    counts = Counts()
    if not matches:
        return counts
    council_code = Council.objects.values_list("area_code", flat=True).first()
    groups = {g.name: g for g in ComparatorGroup.objects.filter(area_code=council_code)}
    existing = {m.indicator_id: m for m in BenchmarkMatch.objects.filter(
        indicator__in=[item.indicator for item in matches])}
    for item in matches:
        group = groups[item.group_name]
        match = existing.get(item.indicator.pk)
        if match is not None and (match.dataset_id, match.metric, match.group_id) == (
            record.pk, item.metric, group.pk
        ):
            counts.unchanged += 1
            continue
        if match is None:
            match = BenchmarkMatch(indicator=item.indicator)
            counts.created += 1
        else:
            counts.updated += 1
        match.dataset, match.metric, match.group = record, item.metric, group
        match._history_user, match._change_reason = user, reason
        match.save()
    return counts
