"""The edge between the database and the engine.

``RatingBook.load`` reads everything needed to rate a set of indicators as at
a date in a fixed number of queries (however many indicators), converts the
rows into engine values once, and then answers questions in memory: the
actual for a period (rolled up from children where the indicator aggregates),
the rules in force for that period, and the engine's assessment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q

from kpis.models import (
    Correction,
    Indicator,
    PolicyAssignment,
    RatingTerms,
    Result,
    SeriesBreak,
    Target,
    ToleranceRule,
)
from reporting.engine import (
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
from reporting.in_force import RulesInForce, Scope, ScopedRule, choose_policy_and_tolerance
from reporting.periods import Frequency, Period
from reporting.thresholds import Thresholds, thresholds_for

# How far back before an indicator's latest result we need history: the same
# period last year and the period before it, for an annual indicator.
HISTORY_WINDOW = timedelta(days=3 * 366)


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


def _as_issued(
    results: list[tuple[int, EnteredResult]], issued_on: date, as_at: date
) -> list[tuple[int, EnteredResult]]:
    """Each result as it stood when a report was issued on ``issued_on``: the figure
    before the first correction recorded after that day."""
    first: dict[tuple[int, str], dict] = {}
    for row in (
        Correction.objects.filter(at__date__gt=issued_on, result__period_end__lte=as_at)
        .order_by("at", "pk")
        .values("result__indicator_id", "result__period", "old_actual", "old_commentary")
    ):
        first.setdefault((row["result__indicator_id"], row["result__period"]), row)
    if not first:
        return results
    undone = []
    for indicator_id, entered in results:
        row = first.get((indicator_id, entered.period.key))
        if row is not None:
            entered = replace(
                entered, actual=row["old_actual"], commentary=row["old_commentary"]
            )
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
    ) -> None:
        self.indicators = {ind.id: ind for ind in indicators}
        self.children: dict[int, list[int]] = defaultdict(list)
        for ind in indicators:
            if ind.parent_id is not None and ind.status is not IndicatorStatus.RETIRED:
                self.children[ind.parent_id].append(ind.id)
        self.results: dict[int, dict[Period, EnteredResult]] = defaultdict(dict)
        for indicator_id, entered in results:
            self.results[indicator_id][entered.period] = entered
        self.targets: dict[int, dict[Period, Thresholds]] = defaultdict(dict)
        for indicator_id, period, thresholds in targets:
            self.targets[indicator_id][period] = thresholds
        self.tolerances = tolerances
        self.policies = policies if policies is not None else RulesInForce([])
        self.terms = terms if terms is not None else RulesInForce([])
        self.breaks: dict[int, list[Period]] = defaultdict(list)
        for indicator_id, period in breaks:
            self.breaks[indicator_id].append(period)
        self._actuals: dict[tuple[int, Period], Decimal | None] = {}

    # --- loading ----------------------------------------------------------------

    @classmethod
    def load(
        cls,
        as_at: date,
        since: date | None = None,
        only: Iterable[int] | None = None,
        approved_only: bool = False,
        as_issued_on: date | None = None,
    ) -> RatingBook:
        """Load the register with history for periods ending on or before ``as_at``.

        ``as_issued_on`` gives the figures as a report issued that day showed them:
        corrections after issue recorded since then are undone.

        Seven queries whatever the size of the register. ``only`` limits the
        history loaded to some indicators (and the children they roll up from),
        for a page about one indicator.
        """
        indicator_rows = Indicator.objects.values(*INDICATOR_FIELDS)
        indicators = [IndicatorFacts.from_row(row) for row in indicator_rows]
        scope = Q()
        results_query = Result.objects.all()
        if approved_only:
            results_query = results_query.filter(status="approved")
        if only is not None:
            scope = Q(indicator_id__in=_with_descendants(set(only), indicators))
        if since is None:
            oldest_latest = (
                results_query.filter(scope, period_end__lte=as_at)
                .values("indicator_id")
                .annotate(latest=Max("period_end"))
                .order_by("latest")
                .values_list("latest", flat=True)
                .first()
            )
            since = (oldest_latest or as_at) - HISTORY_WINDOW
        results = [
            (
                row["indicator_id"],
                EnteredResult(
                    period=Period.parse(row["period"]),
                    actual=row["actual"],
                    commentary=row["commentary"],
                    improvement_activity=row["improvement_activity"],
                ),
            )
            for row in results_query.filter(
                scope, period_end__lte=as_at, period_end__gte=since
            ).values(
                "indicator_id", "period", "actual", "commentary", "improvement_activity"
            )
        ]
        if as_issued_on is not None:
            results = _as_issued(results, as_issued_on, as_at)
        targets = [
            (
                row.pop("indicator_id"),
                Period.parse(row.pop("period")),
                Thresholds(**row),
            )
            for row in Target.objects.filter(scope, period_end__gte=since).values(
                "indicator_id", "period", "target", "stretch_target", "floor", "low_target",
                "high_target",
            )
        ]
        tolerances = load_tolerances()
        policies = load_policies()
        breaks = [
            (indicator_id, Period.parse(key))
            for indicator_id, key in SeriesBreak.objects.filter(scope).values_list(
                "indicator_id", "period"
            )
        ]
        terms = load_terms(scope)
        return cls(indicators, results, targets, tolerances, breaks, policies, terms)

    # --- answers -------------------------------------------------------------------

    def actual(self, indicator_id: int, period: Period) -> Decimal | None:
        """The actual for a period: entered, or rolled up from the active children."""
        key = (indicator_id, period)
        if key not in self._actuals:
            self._actuals[key] = None  # guards against a loop in bad data
            indicator = self.indicators[indicator_id]
            if indicator.aggregation is Aggregation.NONE:
                entered = self.results[indicator_id].get(period)
                value = entered.actual if entered else None
            else:
                value = roll_up(
                    indicator.aggregation,
                    [self.actual(child, period) for child in self.children[indicator_id]],
                )
            self._actuals[key] = value
        return self._actuals[key]

    def thresholds(self, indicator_id: int, period: Period) -> Thresholds:
        """The period's own thresholds, each falling back to its financial year's."""
        return thresholds_for(period, self.targets[indicator_id])

    def policy_and_tolerance(self, indicator_id: int, period: Period) -> tuple[Policy, Tolerance]:
        """The RAG policy and tolerance in force; the most specific wins (the rule is
        ``reporting.in_force.choose_policy_and_tolerance``)."""
        indicator = self.indicators[indicator_id]
        where = {"indicator_id": indicator_id, "financial": indicator.financial, "period": period}
        return choose_policy_and_tolerance(
            self.policies.find(**where), self.tolerances.find(**where)
        )

    def facts(self, indicator_id: int, period: Period) -> IndicatorFacts:
        """The indicator as the engine saw it in the period's financial year: a change of
        polarity, collection or status applies from its year, never to earlier ones."""
        indicator = self.indicators[indicator_id]
        rule = self.terms.find(indicator_id=indicator_id, financial=False, period=period)
        if rule is None:
            return indicator
        terms = rule.value
        return replace(
            indicator, status=terms.status, polarity=terms.polarity, collection=terms.collection
        )

    def rules(self, indicator_id: int, period: Period) -> Rules:
        """Everything in force for this period: thresholds, tolerance and policy."""
        indicator = self.facts(indicator_id, period)
        thresholds = self.thresholds(indicator_id, period)
        policy, tolerance = self.policy_and_tolerance(indicator_id, period)
        return Rules(
            status=indicator.status,
            polarity=indicator.polarity,
            target=thresholds.target,
            stretch_target=thresholds.stretch_target,
            tolerance=tolerance,
            policy=policy,
            floor=thresholds.floor,
            low_target=thresholds.low_target,
            high_target=thresholds.high_target,
        )

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

    def rate(self, indicator_id: int, period: Period) -> PeriodRating:
        indicator = self.facts(indicator_id, period)
        rules = self.rules(indicator_id, period)
        actual = self.actual(indicator_id, period)
        previous = self.previous_actual(indicator_id, period)
        previous_rag = self.rag(indicator_id, period.previous())
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
                previous_rag=previous_rag,
                last_year_actual=self.last_year_actual(indicator_id, period),
            ),
            result=self.results[indicator_id].get(period),
        )

    def latest_period(self, indicator_id: int, as_at: date) -> Period | None:
        """The latest period of the indicator's frequency ending by ``as_at`` that has a
        result row (or, for a roll-up, a rolled-up actual)."""
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
