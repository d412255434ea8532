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
from itertools import islice

from reporting.periods import Period

HUNDRED = Decimal(100)
DEFAULT_TOLERANCE_PCT = Decimal(10)
# Red for how many periods running makes red "sustained": the council's setting, versioned
# by financial year (the frameworks give no number); two unless the council says otherwise.
DEFAULT_RED_PERIODS = 2
MIN_RED_PERIODS, MAX_RED_PERIODS = 2, 12


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
    BLUE = "BLUE"
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
        """True for blue, green, amber and red: the statuses that count towards performance."""
        return self in (Rag.BLUE, Rag.GREEN, Rag.AMBER, Rag.RED)


_RAG_LABELS = {
    Rag.BLUE: "Blue (exceeding)",
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

    def describe(self, red_periods: int) -> str:
        """The exception in words; red for consecutive periods says how many (the
        council's setting in force for the period rated)."""
        if self is ExceptionFlag.RED_SUSTAINED:
            return f"Red for {red_periods} periods running"
        return {
            ExceptionFlag.NONE: "",
            ExceptionFlag.RED: "Red",
            ExceptionFlag.AMBER_DETERIORATING: "Amber and deteriorating",
        }[self]


def exceptions_in_words(red_periods: int) -> str:
    """What counts as an exception, for a page or a pack's text."""
    return f"red, red for {red_periods} periods running, or amber and deteriorating"


def check_red_periods(red_periods: int) -> int:
    """The number of periods running, if it is one a council may set (2 to 12)."""
    if not MIN_RED_PERIODS <= red_periods <= MAX_RED_PERIODS:
        raise ValueError(
            f"Red for {red_periods} periods running: choose {MIN_RED_PERIODS} to "
            f"{MAX_RED_PERIODS}"
        )
    return red_periods


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


def _not_rated(status: IndicatorStatus, polarity: Polarity, actual: Decimal | None) -> Rag | None:
    """What every scheme says before it looks at a threshold, or None to go on."""
    if status in _UNRATED_STATUSES:
        return _UNRATED_STATUSES[status]
    if polarity is Polarity.NONE:
        return Rag.CONTEXTUAL
    if actual is None:
        return Rag.NO_DATA
    return None


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
    unrated = _not_rated(status, polarity, actual)
    if unrated is not None:
        return unrated
    assert actual is not None
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


def exception_flag(
    rag: Rag,
    earlier_rags: Iterable[Rag | None],
    direction: Direction,
    red_periods: int = DEFAULT_RED_PERIODS,
) -> ExceptionFlag:
    """Red in this period and in each of the ``red_periods - 1`` periods of the same
    frequency before it is red for consecutive periods (sustained); red otherwise is red;
    amber and deteriorating is flagged.

    ``earlier_rags`` are those periods' ratings, each under its own rules, the most recent
    first; it is read lazily and only as far as the run of red goes. A period with no
    figure (no data) or no rating ends the run, as does running out of periods.
    """
    check_red_periods(red_periods)
    if rag is Rag.RED:
        needed = red_periods - 1
        run = 0
        for earlier in islice(earlier_rags, needed):
            if earlier is not Rag.RED:
                break
            run += 1
        return ExceptionFlag.RED_SUSTAINED if run == needed else ExceptionFlag.RED
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


# --- RAG policies ----------------------------------------------------------------
#
# Councils do not agree on what amber means. Each scheme below is one that
# councils publish (docs/rag-policies.md names them); a council picks one by
# configuration. Boundaries are inclusive on the better side, as in the default.


class PolicyKind(StrEnum):
    TARGET_BAND = "target_band"
    GREEN_BAND = "green_band"
    FLOOR = "floor"
    LOW_HIGH = "low_high"
    DIRECTION_DEPENDENT = "direction_dependent"


class BandBasis(StrEnum):
    RELATIVE = "relative"  # % of the target's size
    ABSOLUTE = "absolute"  # in the indicator's own units


@dataclass(frozen=True)
class Policy:
    """A RAG scheme and its thresholds.

    ``amber_band`` is the band beyond target (target with amber band,
    direction-dependent) or the outer edge of amber (green band below target);
    ``None`` means the tolerance in force for the indicator. ``green_band`` is
    the green band's edge below target (green band below target only).
    """

    kind: PolicyKind = PolicyKind.TARGET_BAND
    basis: BandBasis = BandBasis.RELATIVE
    green_band: Decimal | None = None
    amber_band: Decimal | None = None
    blue_for_stretch: bool = False
    name: str = "Target with amber band"

    def band(self, width: Decimal | None, target: Decimal, tolerance: Tolerance) -> Decimal:
        """A band's width for this target: relative bands scale with |target|."""
        if width is None:
            return tolerance.band(target)
        if self.basis is BandBasis.ABSOLUTE:
            return abs(width)
        return abs(target) * width / HUNDRED


DEFAULT_POLICY = Policy()


def shortfall(polarity: Polarity, actual: Decimal, reference: Decimal) -> Decimal:
    """How far the actual is worse than the reference (negative when better)."""
    return reference - actual if polarity is Polarity.HIGHER else actual - reference


def rate_under(
    policy: Policy,
    *,
    status: IndicatorStatus,
    polarity: Polarity,
    actual: Decimal | None,
    target: Decimal | None,
    tolerance: Tolerance = Tolerance(),
    stretch: Decimal | None = None,
    floor: Decimal | None = None,
    low_target: Decimal | None = None,
    high_target: Decimal | None = None,
    last_year_actual: Decimal | None = None,
) -> Rag:
    """Rate one actual under a council's RAG policy.

    Target with amber band (the default): green on or better than target,
    amber within the band, red beyond.
    Green band below target: green on target or within the green band, amber
    up to the amber band's edge, red beyond.
    Floor standard: green when the target is met, amber when the floor
    standard is met, red worse than the floor.
    Low and high targets: green at or beyond the high target, amber at or
    beyond the low target, red short of it.
    Direction-dependent: green on target or within the band; beyond the band,
    amber if performance improved or held against the same period last year,
    red if not (or if there is nothing to compare with).
    Blue, where the policy has it: green and the stretch target met.
    """
    if policy.kind is PolicyKind.TARGET_BAND and policy.amber_band is None:
        rag = rate(status=status, polarity=polarity, actual=actual, target=target,
                   tolerance=tolerance)
    else:
        rag = _rate_scheme(policy, status, polarity, actual, target, tolerance, floor,
                           low_target, high_target, last_year_actual)
    if (
        policy.blue_for_stretch
        and rag is Rag.GREEN
        and stretch_met(polarity, actual, stretch)
    ):
        return Rag.BLUE
    return rag


def _rate_scheme(
    policy: Policy,
    status: IndicatorStatus,
    polarity: Polarity,
    actual: Decimal | None,
    target: Decimal | None,
    tolerance: Tolerance,
    floor: Decimal | None,
    low_target: Decimal | None,
    high_target: Decimal | None,
    last_year_actual: Decimal | None,
) -> Rag:
    unrated = _not_rated(status, polarity, actual)
    if unrated is not None:
        return unrated
    assert actual is not None
    if policy.kind is PolicyKind.LOW_HIGH:
        if low_target is None or high_target is None:
            return Rag.NO_TARGET
        if shortfall(polarity, actual, high_target) <= 0:
            return Rag.GREEN
        return Rag.AMBER if shortfall(polarity, actual, low_target) <= 0 else Rag.RED
    if target is None:
        return Rag.NO_TARGET
    short = shortfall(polarity, actual, target)
    if policy.kind is PolicyKind.FLOOR:
        if floor is None:
            return Rag.NO_TARGET
        if short <= 0:
            return Rag.GREEN
        return Rag.AMBER if shortfall(polarity, actual, floor) <= 0 else Rag.RED
    if policy.kind is PolicyKind.GREEN_BAND:
        if short <= policy.band(policy.green_band, target, tolerance):
            return Rag.GREEN
        return Rag.AMBER if short <= policy.band(policy.amber_band, target, tolerance) else Rag.RED
    if short <= 0:
        return Rag.GREEN
    if short <= policy.band(policy.amber_band, target, tolerance):
        return Rag.AMBER if policy.kind is PolicyKind.TARGET_BAND else Rag.GREEN
    if policy.kind is PolicyKind.TARGET_BAND:
        return Rag.RED
    held = last_year_actual is not None and shortfall(polarity, actual, last_year_actual) <= 0
    return Rag.AMBER if held else Rag.RED


# --- one indicator, one period ---------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """What an indicator is rated by in one period: the rules in force then."""

    status: IndicatorStatus
    polarity: Polarity
    target: Decimal | None
    stretch_target: Decimal | None = None
    tolerance: Tolerance = Tolerance()
    policy: Policy = DEFAULT_POLICY
    floor: Decimal | None = None
    low_target: Decimal | None = None
    high_target: Decimal | None = None
    red_periods: int = DEFAULT_RED_PERIODS


@dataclass(frozen=True)
class Assessment:
    rag: Rag
    direction: Direction
    exception: ExceptionFlag
    stretch_met: bool
    band: Decimal | None
    red_periods: int = DEFAULT_RED_PERIODS

    @property
    def is_exception(self) -> bool:
        return self.exception is not ExceptionFlag.NONE

    @property
    def exception_label(self) -> str:
        """The exception in words, under the rules it was found by."""
        return self.exception.describe(self.red_periods)


def assess(
    rules: Rules,
    actual: Decimal | None,
    *,
    previous_actual: Decimal | None = None,
    earlier_rags: Iterable[Rag | None] = (),
    last_year_actual: Decimal | None = None,
) -> Assessment:
    """Rate one period and compare it with the previous comparable one.

    ``previous_actual`` is the comparable actual (see ``comparison_period``),
    already ``None`` if there is none or a series break lies between.
    ``earlier_rags`` are the ratings of the periods of the same frequency
    before this one, the most recent first, each under its own rules (read
    only as far as red for ``rules.red_periods`` periods running needs).
    ``last_year_actual`` is the same period last year (used by the
    direction-dependent policy).
    """
    rag = rate_under(
        rules.policy,
        status=rules.status,
        polarity=rules.polarity,
        actual=actual,
        target=rules.target,
        tolerance=rules.tolerance,
        stretch=rules.stretch_target,
        floor=rules.floor,
        low_target=rules.low_target,
        high_target=rules.high_target,
        last_year_actual=last_year_actual,
    )
    direction = direction_of_travel(rules.polarity, actual, previous_actual)
    return Assessment(
        rag=rag,
        direction=direction,
        exception=exception_flag(rag, earlier_rags, direction, rules.red_periods),
        stretch_met=rag.is_rated and stretch_met(rules.polarity, actual, rules.stretch_target),
        band=(
            rules.policy.band(rules.policy.amber_band, rules.target, rules.tolerance)
            if rules.target is not None
            else None
        ),
        red_periods=rules.red_periods,
    )
