"""The RAG engine: one place that rates a result and says which way it is going.

Every view, export and pack asks this module; nothing else decides a colour.
The rules below are the council's default policy as written in issue 2 and in
docs/rag-rules.md. Plain Python and ``Decimal`` arithmetic, no Django import:
the inputs are small frozen values and the answers are enums.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from reporting.periods import Period

HUNDRED = Decimal(100)
DEFAULT_TOLERANCE_PCT = Decimal(10)


class Polarity(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"


class Collection(StrEnum):
    DISCRETE = "discrete"
    CUMULATIVE = "cumulative"


class IndicatorStatus(StrEnum):
    TARGETED = "targeted"
    BASELINE = "baseline"
    CONTEXTUAL = "contextual"
    IN_DEVELOPMENT = "in_development"
    RETIRED = "retired"


class Aggregation(StrEnum):
    NONE = "none"
    SUM = "sum"
    MEAN = "mean"


class Rag(StrEnum):
    GREEN = "GREEN"
    AMBER = "AMBER"
    RED = "RED"
    BASELINE = "BASELINE"
    CONTEXTUAL = "CONTEXTUAL"
    IN_DEVELOPMENT = "IN_DEVELOPMENT"
    NO_DATA = "NO_DATA"
    NO_TARGET = "NO_TARGET"

    @property
    def label(self) -> str:
        return _RAG_LABELS[self]

    @property
    def is_rated(self) -> bool:
        """True for red, amber and green: the statuses that count towards performance."""
        return self in (Rag.GREEN, Rag.AMBER, Rag.RED)


_RAG_LABELS = {
    Rag.GREEN: "Green",
    Rag.AMBER: "Amber",
    Rag.RED: "Red",
    Rag.BASELINE: "Baseline",
    Rag.CONTEXTUAL: "Contextual",
    Rag.IN_DEVELOPMENT: "In development",
    Rag.NO_DATA: "No data",
    Rag.NO_TARGET: "No target",
}


class Direction(StrEnum):
    IMPROVING = "IMPROVING"
    DETERIORATING = "DETERIORATING"
    NO_CHANGE = "NO_CHANGE"
    NOT_COMPARABLE = "NOT_COMPARABLE"
    UP = "UP"
    DOWN = "DOWN"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class ExceptionFlag(StrEnum):
    NONE = ""
    RED = "RED"
    RED_SUSTAINED = "RED_SUSTAINED"
    AMBER_DETERIORATING = "AMBER_DETERIORATING"

    @property
    def label(self) -> str:
        return {
            ExceptionFlag.NONE: "",
            ExceptionFlag.RED: "Red",
            ExceptionFlag.RED_SUSTAINED: "Red for two periods running",
            ExceptionFlag.AMBER_DETERIORATING: "Amber and deteriorating",
        }[self]


# --- tolerance --------------------------------------------------------------


@dataclass(frozen=True)
class Tolerance:
    """The amber band in force for one period.

    ``absolute`` is in the indicator's own units (e.g. percentage points) and
    wins when set; otherwise the band is ``percent`` of the target's size.
    """

    percent: Decimal = DEFAULT_TOLERANCE_PCT
    absolute: Decimal | None = None

    def band(self, target: Decimal) -> Decimal:
        """The width of the amber band for this target.

        A zero target with a relative band has a band of zero.
        """
        if self.absolute is not None:
            return abs(self.absolute)
        return abs(target) * self.percent / HUNDRED


# --- rating -----------------------------------------------------------------

_UNRATED_STATUSES = {
    IndicatorStatus.BASELINE: Rag.BASELINE,
    IndicatorStatus.CONTEXTUAL: Rag.CONTEXTUAL,
    IndicatorStatus.IN_DEVELOPMENT: Rag.IN_DEVELOPMENT,
}


def rate(
    *,
    status: IndicatorStatus,
    polarity: Polarity,
    actual: Decimal | None,
    target: Decimal | None,
    tolerance: Tolerance,
) -> Rag:
    """Rate one actual against its target.

    Baseline, contextual and in-development indicators, and those with no
    polarity, are not rated red, amber or green. Otherwise, with band B:
    higher is better: A >= T green; A >= T - B amber; else red.
    lower is better:  A <= T green; A <= T + B amber; else red.
    The boundary of the band is amber.
    """
    if status in _UNRATED_STATUSES:
        return _UNRATED_STATUSES[status]
    if polarity is Polarity.NONE:
        return Rag.CONTEXTUAL
    if actual is None:
        return Rag.NO_DATA
    if target is None:
        return Rag.NO_TARGET
    band = tolerance.band(target)
    if polarity is Polarity.HIGHER:
        if actual >= target:
            return Rag.GREEN
        return Rag.AMBER if actual >= target - band else Rag.RED
    if actual <= target:
        return Rag.GREEN
    return Rag.AMBER if actual <= target + band else Rag.RED


def stretch_met(polarity: Polarity, actual: Decimal | None, stretch: Decimal | None) -> bool:
    """True when the actual meets the stretch target on the better side."""
    if actual is None or stretch is None:
        return False
    if polarity is Polarity.HIGHER:
        return actual >= stretch
    if polarity is Polarity.LOWER:
        return actual <= stretch
    return False


# --- direction of travel ------------------------------------------------------


def comparison_period(period: Period, collection: Collection) -> Period:
    """The period whose actual this period's actual is compared with.

    Discrete: the previous period of the same frequency (Q1 compares with the
    previous year's Q4). Cumulative year-to-date: the same period of the
    previous financial year, since year-to-date totals restart each April.
    """
    if collection is Collection.CUMULATIVE:
        return period.same_period_last_year()
    return period.previous()


def crosses_break(previous: Period, current: Period, breaks: Iterable[Period]) -> bool:
    """True when a break in the series starts after ``previous`` and by ``current``.

    A break is recorded as the first period of the new series; comparing a
    value from before it with one from after it is meaningless.
    """
    return any(previous.end < b.start <= current.end for b in breaks)


def direction_of_travel(
    polarity: Polarity, actual: Decimal | None, previous: Decimal | None
) -> Direction:
    """Compare the actual with the previous comparable actual.

    Equal as numbers (1.0 and 1.00) is no change. With no polarity the answer
    is just up or down.
    """
    if actual is None or previous is None:
        return Direction.NOT_COMPARABLE
    if actual == previous:
        return Direction.NO_CHANGE
    went_up = actual > previous
    if polarity is Polarity.NONE:
        return Direction.UP if went_up else Direction.DOWN
    better = went_up if polarity is Polarity.HIGHER else not went_up
    return Direction.IMPROVING if better else Direction.DETERIORATING


# --- exceptions ---------------------------------------------------------------


def exception_flag(rag: Rag, previous_rag: Rag | None, direction: Direction) -> ExceptionFlag:
    """Red twice running is sustained; red otherwise is red; amber and worse is flagged."""
    if rag is Rag.RED:
        return ExceptionFlag.RED_SUSTAINED if previous_rag is Rag.RED else ExceptionFlag.RED
    if rag is Rag.AMBER and direction is Direction.DETERIORATING:
        return ExceptionFlag.AMBER_DETERIORATING
    return ExceptionFlag.NONE


# --- roll-up -------------------------------------------------------------------


def roll_up(aggregation: Aggregation, child_actuals: Sequence[Decimal | None]) -> Decimal | None:
    """A parent's actual from its active children's actuals for the same period.

    Only when every active child has an actual; no children means no actual.
    """
    if aggregation is Aggregation.NONE or not child_actuals:
        return None
    if any(value is None for value in child_actuals):
        return None
    values = [value for value in child_actuals if value is not None]
    total = sum(values, Decimal(0))
    if aggregation is Aggregation.SUM:
        return total
    return total / Decimal(len(values))


# --- one indicator, one period ---------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """What an indicator is rated by in one period: the rules in force then."""

    status: IndicatorStatus
    polarity: Polarity
    target: Decimal | None
    stretch_target: Decimal | None = None
    tolerance: Tolerance = Tolerance()


@dataclass(frozen=True)
class Assessment:
    rag: Rag
    direction: Direction
    exception: ExceptionFlag
    stretch_met: bool
    band: Decimal | None

    @property
    def is_exception(self) -> bool:
        return self.exception is not ExceptionFlag.NONE


def assess(
    rules: Rules,
    actual: Decimal | None,
    *,
    previous_actual: Decimal | None = None,
    previous_rag: Rag | None = None,
) -> Assessment:
    """Rate one period and compare it with the previous comparable one.

    ``previous_actual`` is the comparable actual (see ``comparison_period``),
    already ``None`` if there is none or a series break lies between.
    ``previous_rag`` is the rating of the previous period of the same
    frequency, under that period's own rules.
    """
    rag = rate(
        status=rules.status,
        polarity=rules.polarity,
        actual=actual,
        target=rules.target,
        tolerance=rules.tolerance,
    )
    direction = direction_of_travel(rules.polarity, actual, previous_actual)
    return Assessment(
        rag=rag,
        direction=direction,
        exception=exception_flag(rag, previous_rag, direction),
        stretch_met=rag.is_rated and stretch_met(rules.polarity, actual, rules.stretch_target),
        band=rules.tolerance.band(rules.target) if rules.target is not None else None,
    )
