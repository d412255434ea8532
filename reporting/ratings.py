"""The edge between the database and the engine.

``RatingBook.load`` reads everything needed to rate a set of indicators as at
a date in a fixed number of queries (however many indicators), converts the
rows into engine values once, and then answers questions in memory: the
actual for a period (rolled up from children where the indicator aggregates),
the rules in force for that period, and the engine's assessment.

For the whole register (the scorecard, its exports, the RAG audit) it reads only
what the question needs: each indicator's latest period, chosen in SQL, and the
periods its rating compares with (``neighbours``). The book remembers what it
has read; a question about anything else reads the old three-year window once,
so every answer is the one the window gives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from django.db.models import Max, Q, QuerySet

from kpis.models import (
    Correction,
    ExceptionRule,
    Indicator,
    PolicyAssignment,
    RatingTerms,
    Result,
    SeriesBreak,
    Target,
    ToleranceRule,
)
from reporting.engine import (
    DEFAULT_RED_PERIODS,
    Aggregation,
    Assessment,
    Collection,
    IndicatorStatus,
    Polarity,
    Policy,
    Rag,
    Rules,
    Tolerance,
    assess,
    comparison_period,
    crosses_break,
    roll_up,
)
from reporting.in_force import (
    RulesInForce,
    Scope,
    ScopedRule,
    YearSetting,
    choose_policy_and_tolerance,
)
from reporting.periods import Frequency, Period
from reporting.thresholds import Thresholds, thresholds_for
from reporting.trends import TREND_PERIODS, Trend, trend

# How far back before an indicator's latest result we need history: the same
# period last year and the period before it, for an annual indicator.
HISTORY_WINDOW = timedelta(days=3 * 366)


def history_window(red_periods: int) -> timedelta:
    """The history rating the latest period and the one before it reads, for an annual
    indicator: a run of ``red_periods`` years before each and the same year before that
    (three years when red for two periods running is sustained)."""
    return max(HISTORY_WINDOW, timedelta(days=(red_periods + 1) * 366))


RESULT_FIELDS = ("indicator_id", "period", "actual", "status")
# A result's words, read unless a book is loaded without them (``RatingBook.load``).
TEXT_FIELDS = ("commentary", "improvement_activity")
NO_TEXTS = ("", "")
TARGET_FIELDS = (
    "indicator_id", "period", "target", "stretch_target", "floor", "low_target", "high_target",
)


def _run(period: Period, red_periods: int) -> list[Period]:
    """The period and the ones of its frequency before it that red for ``red_periods``
    periods running looks at."""
    return [period.shift(-n) for n in range(red_periods)]


@cache
def neighbours(period: Period, red_periods: int = DEFAULT_RED_PERIODS) -> frozenset[Period]:
    """The periods whose results rating ``period`` reads: the period itself and the
    ``red_periods - 1`` before it (direction of travel, red for periods running), and the
    same period last year of each (cumulative comparison, the direction-dependent policy,
    each earlier period's own rating under that policy)."""
    run = _run(period, red_periods)
    return frozenset(run) | frozenset(p.same_period_last_year() for p in run)


@cache
def rules_periods(period: Period, red_periods: int = DEFAULT_RED_PERIODS) -> frozenset[Period]:
    """The periods whose targets rating ``period`` reads: the period and the ones before it
    that red for periods running looks at (each rated under its own rules), each with its
    financial year."""
    run = _run(period, red_periods)
    return frozenset(run) | frozenset(p.fy for p in run)


@cache
def latest_neighbours(
    period: Period, red_periods: int = DEFAULT_RED_PERIODS
) -> tuple[frozenset[Period], frozenset[Period]]:
    """What a book loaded for the latest periods reads around each, results and targets:
    enough to rate the latest period and the one before it."""
    before = period.previous()
    return (
        neighbours(period, red_periods) | neighbours(before, red_periods),
        rules_periods(period, red_periods) | rules_periods(before, red_periods),
    )


# The columns of an indicator the engine reads.
INDICATOR_FIELDS = (
    "id", "code", "status", "polarity", "frequency", "collection", "aggregation", "financial",
    "parent_id",
)


@dataclass(frozen=True)
class IndicatorFacts:
    """An indicator as the engine sees it."""

    id: int
    code: str
    status: IndicatorStatus
    polarity: Polarity
    frequency: Frequency
    collection: Collection
    aggregation: Aggregation
    financial: bool
    parent_id: int | None

    @classmethod
    def from_row(cls, row: dict) -> IndicatorFacts:
        return cls(
            id=row["id"],
            code=row["code"],
            status=IndicatorStatus(row["status"]),
            polarity=Polarity(row["polarity"]),
            frequency=Frequency(row["frequency"]),
            collection=Collection(row["collection"]),
            aggregation=Aggregation(row["aggregation"]),
            financial=row["financial"],
            parent_id=row["parent_id"],
        )

    @classmethod
    def of(cls, indicator: Any) -> IndicatorFacts:
        """From an indicator (the register's model, or anything with its fields)."""
        return cls.from_row({name: getattr(indicator, name) for name in INDICATOR_FIELDS})


@dataclass(frozen=True)
class EnteredResult:
    period: Period
    actual: Decimal | None
    commentary: str
    improvement_activity: str
    status: str = ""  # its sign-off status (a ResultStatus value), when read from the register


@dataclass(frozen=True)
class PeriodRating:
    """One indicator in one period: the figures and the engine's verdict."""

    indicator: IndicatorFacts
    period: Period | None
    actual: Decimal | None
    previous: Decimal | None
    rules: Rules
    assessment: Assessment
    result: EnteredResult | None

    @property
    def amber_from(self) -> Decimal | None:
        """The edge of the amber band on the far side of the target (charts shade the
        tolerance band between the two), or None without a target or a band."""
        band, target = self.assessment.band, self.rules.target
        if band is None or target is None:
            return None
        return target + band if self.rules.polarity is Polarity.LOWER else target - band


def _tolerance(rule: ToleranceRule) -> Tolerance:
    if rule.tolerance_abs is not None:
        return Tolerance(absolute=rule.tolerance_abs)
    assert rule.tolerance_pct is not None
    return Tolerance(percent=rule.tolerance_pct)


def load_tolerances() -> RulesInForce[Tolerance]:
    """Every tolerance rule, as the engine's values (one query)."""
    return RulesInForce(
        ScopedRule(
            scope=Scope(rule.scope),
            applies_from=Period.parse(rule.applies_from) if rule.applies_from else None,
            value=_tolerance(rule),
            indicator_id=rule.indicator_id,
        )
        for rule in ToleranceRule.objects.all()
    )


def _first_corrections(issued_on: date, as_at: date) -> dict[tuple[int, str], dict]:
    """The first correction recorded after ``issued_on`` of each result (one query)."""
    first: dict[tuple[int, str], dict] = {}
    for row in (
        Correction.objects.filter(at__date__gt=issued_on, result__period_end__lte=as_at)
        .order_by("at", "pk")
        .values("result__indicator_id", "result__period", "old_actual", "old_commentary")
    ):
        first.setdefault((row["result__indicator_id"], row["result__period"]), row)
    return first


def _as_issued(
    results: list[tuple[int, EnteredResult]], issued_on: date, as_at: date,
    first: dict[tuple[int, str], dict] | None = None, texts: bool = True,
) -> list[tuple[int, EnteredResult]]:
    """Each result as it stood when a report was issued on ``issued_on``: the figure
    (and, with ``texts``, the commentary) before the first correction recorded after
    that day."""
    if first is None:
        first = _first_corrections(issued_on, as_at)
    if not first:
        return results
    undone = []
    for indicator_id, entered in results:
        row = first.get((indicator_id, entered.period.key))
        if row is not None:
            entered = replace(entered, actual=row["old_actual"])
            if texts:
                entered = replace(entered, commentary=row["old_commentary"])
        undone.append((indicator_id, entered))
    return undone


@dataclass(frozen=True)
class Terms:
    """What the engine reads from an indicator that can change from a financial year."""

    status: IndicatorStatus
    polarity: Polarity
    collection: Collection


def load_terms(scope: Q | None = None) -> RulesInForce[Terms]:
    """Indicators' rating terms by year (one query; rows exist only after a change)."""
    rows = RatingTerms.objects.all()
    if scope is not None:
        rows = rows.filter(scope)
    return RulesInForce(
        ScopedRule(
            scope=Scope.INDICATOR,
            applies_from=Period.parse(row.applies_from) if row.applies_from else None,
            value=Terms(
                status=IndicatorStatus(row.status), polarity=Polarity(row.polarity),
                collection=Collection(row.collection),
            ),
            indicator_id=row.indicator_id,
        )
        for row in rows
    )


def red_periods_by_year(rows: Iterable[tuple[str | None, int]]) -> YearSetting[int]:
    """Exception rules (first year, red for how many periods running) as the setting."""
    return YearSetting(
        (
            ScopedRule(
                scope=Scope.COUNCIL, applies_from=Period.parse(key) if key else None,
                value=red_periods,
            )
            for key, red_periods in rows
        ),
        default=DEFAULT_RED_PERIODS,
    )


def load_red_periods() -> YearSetting[int]:
    """Red for how many periods running is sustained, by financial year (one query)."""
    return red_periods_by_year(
        ExceptionRule.objects.values_list("applies_from", "red_periods")
    )


def red_periods_in(period: Period) -> int:
    """Red for how many periods running is sustained in the period's financial year."""
    return load_red_periods().in_force(period)


def load_policies() -> RulesInForce[Policy]:
    """Every RAG policy assignment with its policy, as the engine's values (one query)."""
    return RulesInForce(
        ScopedRule(
            scope=Scope(assignment.scope),
            applies_from=(
                Period.parse(assignment.applies_from) if assignment.applies_from else None
            ),
            value=assignment.policy.as_policy(),
            indicator_id=assignment.indicator_id,
        )
        for assignment in PolicyAssignment.objects.select_related("policy")
    )


def _load_breaks(scope: Q) -> list[tuple[int, Period]]:
    """Every break in a series (one query)."""
    return [
        (indicator_id, Period.parse(key))
        for indicator_id, key in SeriesBreak.objects.filter(scope).values_list(
            "indicator_id", "period"
        )
    ]


def _with_descendants(ids: set[int], indicators: list[IndicatorFacts]) -> set[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for ind in indicators:
        if ind.parent_id is not None:
            children[ind.parent_id].append(ind.id)
    found, stack = set(ids), list(ids)
    while stack:
        for child in children[stack.pop()]:
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


class _Reader:
    """The queries behind a book: results and targets for chosen periods, or for the
    three-year window the book read before it knew how to choose."""

    def __init__(
        self, as_at: date, scope: Q, results_query: QuerySet, as_issued_on: date | None,
        window: timedelta = HISTORY_WINDOW, texts: bool = True,
    ) -> None:
        self.as_at = as_at
        self.scope = scope
        self.results_query = results_query
        self.as_issued_on = as_issued_on
        self.window = window
        self.texts = texts
        self.fields = RESULT_FIELDS + TEXT_FIELDS if texts else RESULT_FIELDS
        self.since: date | None = None
        self._corrections: dict[tuple[int, str], dict] | None = None

    def latest_ends(self) -> dict[int, date]:
        """Each indicator's latest period end by ``as_at`` (one query, GROUP BY)."""
        return dict(
            self.results_query.filter(self.scope, period_end__lte=self.as_at)
            .order_by()
            .values("indicator_id")
            .annotate(latest=Max("period_end"))
            .values_list("indicator_id", "latest")
        )

    def window_start(self) -> date:
        """The window: three years before the oldest of the indicators' latest results."""
        if self.since is None:
            oldest_latest = (
                self.results_query.filter(self.scope, period_end__lte=self.as_at)
                .values("indicator_id")
                .annotate(latest=Max("period_end"))
                .order_by("latest")
                .values_list("latest", flat=True)
                .first()
            )
            self.since = (oldest_latest or self.as_at) - self.window
        return self.since

    def _where(
        self, wanted: dict[int, set[Period]], window: Set[int] | None
    ) -> tuple[Q | None, bool]:
        """The rows wanted: at the wanted periods (filtered by indicator in Python),
        and every row in the window for the indicators in ``window`` (None: all)."""
        if window is None:
            return Q(period_end__gte=self.window_start()), True
        periods = {period for chosen in wanted.values() for period in chosen}
        where = None
        if periods:
            where = Q(
                period_end__in={p.end for p in periods}, period__in={p.key for p in periods}
            )
        if window:
            in_window = Q(indicator_id__in=window, period_end__gte=self.window_start())
            where = in_window if where is None else where | in_window
        return where, False

    def results(
        self, wanted: dict[int, set[Period]], window: Set[int] | None = frozenset()
    ) -> list[tuple[int, EnteredResult]]:
        where, everything = self._where(wanted, window)
        if where is None:
            return []
        window = window or frozenset()
        rows = self.results_query.filter(
            self.scope, where, period_end__lte=self.as_at
        ).order_by()
        results = []
        none: frozenset[Period] = frozenset()
        for indicator_id, key, actual, status, *texts in rows.values_list(*self.fields):
            period = Period.parse(key)
            if everything or indicator_id in window or period in wanted.get(indicator_id, none):
                commentary, improvement = texts or NO_TEXTS
                results.append((indicator_id, EnteredResult(
                    period, actual, commentary, improvement, status
                )))
        if self.as_issued_on is not None:
            if self._corrections is None:
                self._corrections = _first_corrections(self.as_issued_on, self.as_at)
            results = _as_issued(
                results, self.as_issued_on, self.as_at, self._corrections, texts=self.texts
            )
        return results

    def targets(
        self, wanted: dict[int, set[Period]], window: Set[int] | None = frozenset()
    ) -> list[tuple[int, Period, Thresholds]]:
        where, everything = self._where(wanted, window)
        if where is None:
            return []
        window = window or frozenset()
        targets = []
        none: frozenset[Period] = frozenset()
        for indicator_id, key, target, stretch, floor, low, high in Target.objects.filter(
            self.scope, where
        ).order_by().values_list(*TARGET_FIELDS):
            period = Period.parse(key)
            if everything or indicator_id in window or period in wanted.get(indicator_id, none):
                targets.append((indicator_id, period, Thresholds(
                    target=target, stretch_target=stretch, floor=floor, low_target=low,
                    high_target=high,
                )))
        return targets


class RatingBook:
    def __init__(
        self,
        indicators: list[IndicatorFacts],
        results: list[tuple[int, EnteredResult]],
        targets: list[tuple[int, Period, Thresholds]],
        tolerances: RulesInForce[Tolerance],
        breaks: list[tuple[int, Period]],
        policies: RulesInForce[Policy] | None = None,
        terms: RulesInForce[Terms] | None = None,
        red_periods: YearSetting[int] | None = None,
    ) -> None:
        self.indicators = {ind.id: ind for ind in indicators}
        self.children: dict[int, list[int]] = defaultdict(list)
        self._all_children: dict[int, list[int]] = defaultdict(list)  # retired ones too
        for ind in indicators:
            if ind.parent_id is not None:
                self._all_children[ind.parent_id].append(ind.id)
                if ind.status is not IndicatorStatus.RETIRED:
                    self.children[ind.parent_id].append(ind.id)
        self.results: dict[int, dict[Period, EnteredResult]] = defaultdict(dict)
        self.targets: dict[int, dict[Period, Thresholds]] = defaultdict(dict)
        self._add(results, targets)
        self.tolerances = tolerances
        self.policies = policies if policies is not None else RulesInForce([])
        self.terms = terms if terms is not None else RulesInForce([])
        self.red_periods = (
            red_periods if red_periods is not None else YearSetting([], DEFAULT_RED_PERIODS)
        )
        self.window = history_window(max(self.red_periods.values()))
        self.breaks: dict[int, list[Period]] = defaultdict(list)
        for indicator_id, period in breaks:
            self.breaks[indicator_id].append(period)
        self._actuals: dict[tuple[int, Period], Decimal | None] = {}
        self._facts: dict[tuple[int, Period], IndicatorFacts] = {}
        self._rules: dict[tuple[int, Period], Rules] = {}
        self._policy_and_tolerance: dict[tuple[int, Period], tuple[Policy, Tolerance]] = {}
        # What a book loaded for some periods has read (``load``): the periods of each
        # indicator whose results, and whose targets, were read; the indicators read in
        # full (over the window); each indicator's latest period as at ``_as_at``.
        # ``_read is None``: everything the window holds has been read.
        self._read: dict[int, set[Period]] | None = None
        self._read_targets: dict[int, set[Period]] = {}
        self._windowed: set[int] = set()
        self._latest: dict[int, Period | None] = {}
        self._as_at: date | None = None
        self._reader: _Reader | None = None

    def _add(
        self,
        results: list[tuple[int, EnteredResult]],
        targets: list[tuple[int, Period, Thresholds]],
    ) -> None:
        for indicator_id, entered in results:
            self.results[indicator_id][entered.period] = entered
        for indicator_id, period, thresholds in targets:
            self.targets[indicator_id][period] = thresholds

    # --- loading ----------------------------------------------------------------

    @classmethod
    def load(
        cls,
        as_at: date,
        since: date | None = None,
        only: Iterable[int] | None = None,
        approved_only: bool = False,
        as_issued_on: date | None = None,
        rating: Iterable[tuple[int, Period]] | None = None,
        texts: bool = True,
    ) -> RatingBook:
        """Load the register with history for periods ending on or before ``as_at``.

        ``as_issued_on`` gives the figures as a report issued that day showed them:
        corrections after issue recorded since then are undone.

        ``texts=False`` reads no result's commentary or improvement activity (each is
        ''), for a page that shows neither, such as the scorecard: at county scale
        they are most of what a book reads (several megabytes), and no rating reads them.

        A fixed number of queries whatever the size of the register. ``only`` limits
        the history loaded to some indicators (and the children they roll up from),
        for a page about one indicator, and reads three years of it; so does ``since``.

        For the whole register the book reads only what a question needs: each
        indicator's latest period as at ``as_at`` (chosen in SQL) and the periods its
        rating reads (``neighbours``), or, given ``rating`` (the indicator and period
        of each rating to be asked for, as the RAG audit does), those ratings' periods.
        Any other question reads the three-year window first, once, so the answers are
        always the window's.
        """
        indicators = [
            IndicatorFacts.from_row(row) for row in Indicator.objects.values(*INDICATOR_FIELDS)
        ]
        results_query = Result.objects.all()
        if approved_only:
            results_query = results_query.filter(status="approved")
        if only is not None or since is not None:
            return cls._load_window(
                indicators, as_at, since, only, results_query, as_issued_on, texts
            )
        book = cls(
            indicators, [], [], load_tolerances(), _load_breaks(Q()), load_policies(),
            load_terms(), load_red_periods(),
        )
        book._as_at = as_at
        book._reader = _Reader(
            as_at, Q(), results_query, as_issued_on, book.window, texts=texts
        )
        book._read = {}
        if rating is None:
            book._read_latest()
        else:
            book._read_for(rating)
        return book

    @classmethod
    def _load_window(
        cls,
        indicators: list[IndicatorFacts],
        as_at: date,
        since: date | None,
        only: Iterable[int] | None,
        results_query: QuerySet,
        as_issued_on: date | None,
        texts: bool,
    ) -> RatingBook:
        scope = Q()
        if only is not None:
            scope = Q(indicator_id__in=_with_descendants(set(only), indicators))
        red_periods = load_red_periods()
        window = history_window(max(red_periods.values()))
        reader = _Reader(as_at, scope, results_query, as_issued_on, window, texts=texts)
        reader.since = since
        results = reader.results({}, window=None)
        targets = reader.targets({}, window=None)
        return cls(
            indicators, results, targets, load_tolerances(), _load_breaks(scope),
            load_policies(), load_terms(scope), red_periods,
        )

    def _rolled_from(self, indicator_id: int) -> set[int]:
        """The indicator and every indicator its actual is rolled up from."""
        found, stack = {indicator_id}, [indicator_id]
        while stack:
            node = self.indicators.get(stack.pop())
            if node is None or node.aggregation is Aggregation.NONE:
                continue
            for child in self.children[node.id]:
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    def _family(self, indicator_id: int) -> set[int]:
        """The roll-up an indicator belongs to, from its top, with everything under it."""
        top, seen = indicator_id, {indicator_id}
        while True:
            parent = self.indicators[top].parent_id
            if (
                parent is None or parent in seen or parent not in self.indicators
                or self.indicators[parent].aggregation is Aggregation.NONE
            ):
                break
            top = parent
            seen.add(top)
        found, stack = {top}, [top]
        while stack:
            for child in self._all_children[stack.pop()]:
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    def _read_latest(self) -> None:
        """Read each indicator's latest result as at ``_as_at`` and what rating it needs.

        The latest period of an entered indicator is the period of its frequency that
        ends on its latest result's end date (one GROUP BY query), confirmed by that
        result's row. A roll-up's is its children's latest period when every child has
        a figure for it. Anything less regular (a result of another frequency, a
        roll-up of roll-ups, a roll-up whose children have not all reported) has its
        whole roll-up read over the window and decided as before, by ``_latest_in``.
        """
        reader, as_at = self._reader, self._as_at
        assert reader is not None and as_at is not None and self._read is not None
        latest_end = reader.latest_ends()
        reader.since = min(latest_end.values(), default=as_at) - self.window
        wanted: dict[int, set[Period]] = defaultdict(set)
        wanted_targets: dict[int, set[Period]] = defaultdict(set)
        windowed: set[int] = set()
        guesses: dict[int, Period] = {}
        rollups = []
        for ind in self.indicators.values():
            if ind.aggregation is not Aggregation.NONE:
                rollups.append(ind)
                continue
            end = latest_end.get(ind.id)
            if end is None:
                self._latest[ind.id] = None
                continue
            period = Period.containing(end, ind.frequency)
            if period.end != end:
                windowed |= self._family(ind.id)
                continue
            guesses[ind.id] = period
            results_near, targets_near = latest_neighbours(
                period, self.red_periods.in_force(period)
            )
            wanted[ind.id] |= results_near
            wanted_targets[ind.id] |= targets_near
        for ind in rollups:
            if ind.id in latest_end or any(
                self.indicators[child].aggregation is not Aggregation.NONE
                or self.indicators[child].frequency is not ind.frequency
                for child in self.children[ind.id]
            ):
                windowed |= self._family(ind.id)
        pending: dict[int, Period] = {}
        for ind in rollups:
            if ind.id in windowed:
                continue
            candidates = [guesses[c] for c in self.children[ind.id] if c in guesses]
            if not candidates:
                self._latest[ind.id] = None
                continue
            best = max(candidates, key=lambda p: p.end)
            pending[ind.id] = best
            results_near, targets_near = latest_neighbours(best, self.red_periods.in_force(best))
            wanted_targets[ind.id] |= targets_near
            for member in self._rolled_from(ind.id):
                wanted[member] |= results_near
        self._read_chosen(wanted, wanted_targets, windowed)
        unsettled: set[int] = set()
        for indicator_id, period in guesses.items():
            if period in self.results[indicator_id]:
                self._latest[indicator_id] = period
            else:
                unsettled |= self._family(indicator_id)
        for indicator_id, period in pending.items():
            if indicator_id in unsettled:
                continue
            if self.actual(indicator_id, period) is None:
                unsettled |= self._family(indicator_id)
            else:
                self._latest[indicator_id] = period
        unsettled -= windowed
        if unsettled:
            self._add(reader.results({}, unsettled), reader.targets({}, unsettled))
            self._windowed |= unsettled
        for indicator_id in self._windowed:
            if indicator_id in self.indicators:
                self._latest[indicator_id] = self._latest_in(indicator_id, as_at)

    def _read_for(self, rating: Iterable[tuple[int, Period]]) -> None:
        """Read what these ratings need: their periods' neighbours, for the indicator
        and those it rolls up from. Periods the window would not reach are left to it."""
        assert self._as_at is not None
        cutoff = self._as_at - self.window
        wanted: dict[int, set[Period]] = defaultdict(set)
        wanted_targets: dict[int, set[Period]] = defaultdict(set)
        for indicator_id, period in set(rating):
            red_periods = self.red_periods.in_force(period)
            near = {p for p in neighbours(period, red_periods) if p.end >= cutoff}
            for member in self._rolled_from(indicator_id):
                wanted[member] |= near
            wanted_targets[indicator_id] |= {
                p for p in rules_periods(period, red_periods) if p.end >= cutoff
            }
        self._read_chosen(wanted, wanted_targets, set())

    def _read_chosen(
        self,
        wanted: dict[int, set[Period]],
        wanted_targets: dict[int, set[Period]],
        windowed: set[int],
    ) -> None:
        """Read results for the wanted periods and targets for the wanted ones (two
        queries); the indicators in ``windowed`` over the whole window. A period's
        targets are read with its financial year's."""
        assert self._reader is not None and self._read is not None
        self._add(
            self._reader.results(wanted, windowed),
            self._reader.targets(wanted_targets, windowed),
        )
        self._read.update(wanted)
        self._read_targets.update(wanted_targets)
        self._windowed |= windowed

    def _read_window(self) -> None:
        """Read everything in the window (a question about periods not read yet)."""
        if self._read is None or self._reader is None:
            return
        self.results = defaultdict(dict)
        self.targets = defaultdict(dict)
        self._add(self._reader.results({}, None), self._reader.targets({}, None))
        self._read = None

    def _results_read(self, indicator_id: int, period: Period) -> None:
        """Make sure the indicator's result for the period (if any) has been read."""
        read = self._read
        if read is None or indicator_id in self._windowed:
            return
        assert self._as_at is not None
        if period.end > self._as_at or period in read.get(indicator_id, ()):
            return
        self._read_window()

    def _targets_read(self, indicator_id: int, period: Period) -> None:
        """Make sure the targets for the period and its year have been read (targets
        are read for a period and its year together)."""
        if self._read is None or indicator_id in self._windowed:
            return
        if period in self._read_targets.get(indicator_id, ()):
            return
        self._read_window()

    # --- answers -------------------------------------------------------------------

    def actual(self, indicator_id: int, period: Period) -> Decimal | None:
        """The actual for a period: entered, or rolled up from the active children."""
        key = (indicator_id, period)
        if key not in self._actuals:
            self._actuals[key] = None  # guards against a loop in bad data
            indicator = self.indicators[indicator_id]
            if indicator.aggregation is Aggregation.NONE:
                self._results_read(indicator_id, period)
                entered = self.results[indicator_id].get(period)
                value = entered.actual if entered else None
            else:
                value = roll_up(
                    indicator.aggregation,
                    [self.actual(child, period) for child in self.children[indicator_id]],
                )
            self._actuals[key] = value
        return self._actuals[key]

    def trend(self, indicator_id: int, period: Period, polarity: Polarity) -> Trend:
        """The trend over the comparable periods up to ``period`` (``reporting/trends.py``:
        a stated method, not the last change), never crossing a break in the series.
        ``polarity`` is the one the period was rated under (its rating's terms)."""
        breaks = self.breaks.get(indicator_id, [])
        return trend(
            [None if crosses_break(p, period, breaks) else self.actual(indicator_id, p)
             for p in (period.shift(-n) for n in range(TREND_PERIODS - 1, -1, -1))],
            polarity,
        )

    def result(self, indicator_id: int, period: Period) -> EnteredResult | None:
        """The result row entered for the period, if any."""
        self._results_read(indicator_id, period)
        return self.results[indicator_id].get(period)

    def thresholds(self, indicator_id: int, period: Period) -> Thresholds:
        """The period's own thresholds, each falling back to its financial year's."""
        self._targets_read(indicator_id, period)
        return thresholds_for(period, self.targets[indicator_id])

    def policy_and_tolerance(self, indicator_id: int, period: Period) -> tuple[Policy, Tolerance]:
        """The RAG policy and tolerance in force; the most specific wins (the rule is
        ``reporting.in_force.choose_policy_and_tolerance``)."""
        key = (indicator_id, period)
        found = self._policy_and_tolerance.get(key)
        if found is None:
            indicator = self.indicators[indicator_id]
            where = {
                "indicator_id": indicator_id, "financial": indicator.financial, "period": period
            }
            found = self._policy_and_tolerance[key] = choose_policy_and_tolerance(
                self.policies.find(**where), self.tolerances.find(**where)
            )
        return found

    def facts(self, indicator_id: int, period: Period) -> IndicatorFacts:
        """The indicator as the engine saw it in the period's financial year: a change of
        polarity, collection or status applies from its year, never to earlier ones."""
        key = (indicator_id, period)
        found = self._facts.get(key)
        if found is None:
            indicator = self.indicators[indicator_id]
            rule = self.terms.find(indicator_id=indicator_id, financial=False, period=period)
            if rule is None:
                found = indicator
            else:
                terms = rule.value
                found = replace(
                    indicator, status=terms.status, polarity=terms.polarity,
                    collection=terms.collection,
                )
            self._facts[key] = found
        return found

    def rules(self, indicator_id: int, period: Period) -> Rules:
        """Everything in force for this period: thresholds, tolerance and policy."""
        key = (indicator_id, period)
        found = self._rules.get(key)
        if found is None:
            indicator = self.facts(indicator_id, period)
            thresholds = self.thresholds(indicator_id, period)
            policy, tolerance = self.policy_and_tolerance(indicator_id, period)
            found = self._rules[key] = Rules(
                status=indicator.status,
                polarity=indicator.polarity,
                target=thresholds.target,
                stretch_target=thresholds.stretch_target,
                tolerance=tolerance,
                policy=policy,
                floor=thresholds.floor,
                low_target=thresholds.low_target,
                high_target=thresholds.high_target,
                red_periods=self.red_periods.in_force(period),
            )
        return found

    def previous_actual(self, indicator_id: int, period: Period) -> Decimal | None:
        """The comparable earlier actual, or None across a break in the series."""
        indicator = self.facts(indicator_id, period)
        return self._actual_unless_break(
            indicator_id, comparison_period(period, indicator.collection), period
        )

    def last_year_actual(self, indicator_id: int, period: Period) -> Decimal | None:
        """The same period last year, or None across a break in the series."""
        return self._actual_unless_break(indicator_id, period.same_period_last_year(), period)

    def _actual_unless_break(
        self, indicator_id: int, earlier: Period, period: Period
    ) -> Decimal | None:
        if crosses_break(earlier, period, self.breaks[indicator_id]):
            return None
        return self.actual(indicator_id, earlier)

    def rag(self, indicator_id: int, period: Period) -> Rag:
        """The rating of one period under its own rules (for the period before, say)."""
        return assess(
            self.rules(indicator_id, period),
            self.actual(indicator_id, period),
            last_year_actual=self.last_year_actual(indicator_id, period),
        ).rag

    def suppose(self, indicator_id: int, period: Period, actual: Decimal | None) -> None:
        """Rate as if this actual had been entered (the entry form's live preview)."""
        self._actuals[(indicator_id, period)] = actual

    def earlier_rags(self, indicator_id: int, period: Period, count: int) -> Iterator[Rag]:
        """The ratings of the ``count`` periods before this one, the most recent first,
        each under its own rules: asked for one by one, as far as the engine reads."""
        for n in range(1, count + 1):
            yield self.rag(indicator_id, period.shift(-n))

    def rate(self, indicator_id: int, period: Period) -> PeriodRating:
        indicator = self.facts(indicator_id, period)
        rules = self.rules(indicator_id, period)
        actual = self.actual(indicator_id, period)
        previous = self.previous_actual(indicator_id, period)
        return PeriodRating(
            indicator=indicator,
            period=period,
            actual=actual,
            previous=previous,
            rules=rules,
            assessment=assess(
                rules,
                actual,
                previous_actual=previous,
                earlier_rags=self.earlier_rags(indicator_id, period, rules.red_periods - 1),
                last_year_actual=self.last_year_actual(indicator_id, period),
            ),
            result=self.result(indicator_id, period),
        )

    def latest_period(self, indicator_id: int, as_at: date) -> Period | None:
        """The latest period of the indicator's frequency ending by ``as_at`` that has a
        result row (or, for a roll-up, a rolled-up actual)."""
        if self._read is not None:
            if as_at == self._as_at and indicator_id in self._latest:
                return self._latest[indicator_id]
            self._read_window()
        return self._latest_in(indicator_id, as_at)

    def _latest_in(self, indicator_id: int, as_at: date) -> Period | None:
        """``latest_period`` from the results read (all of them, for this indicator)."""
        indicator = self.indicators[indicator_id]
        own = {p for p in self.results[indicator_id] if p.end <= as_at}
        if indicator.aggregation is not Aggregation.NONE:
            candidates = {
                p
                for child in self.children[indicator_id]
                for p in self.results[child]
                if p.frequency is indicator.frequency and p.end <= as_at
            }
            for period in sorted(candidates - own, key=lambda p: p.end, reverse=True):
                if own and period.end < max(p.end for p in own):
                    break
                if self.actual(indicator_id, period) is not None:
                    own.add(period)
                    break
        own = {p for p in own if p.frequency is indicator.frequency}
        return max(own, key=lambda p: p.end) if own else None

    def rate_latest(self, indicator_id: int, as_at: date) -> PeriodRating:
        """The rating of the latest result ending by ``as_at`` (no data if none)."""
        period = self.latest_period(indicator_id, as_at)
        if period is not None:
            return self.rate(indicator_id, period)
        indicator = self.indicators[indicator_id]
        empty = Rules(status=indicator.status, polarity=indicator.polarity, target=None)
        return PeriodRating(
            indicator=indicator,
            period=None,
            actual=None,
            previous=None,
            rules=empty,
            assessment=assess(empty, None),
            result=None,
        )
