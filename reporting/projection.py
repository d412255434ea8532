"""Early warning: where an indicator's financial year is heading, from its figures so far.

The year-end outturn is the figure for the last period of the financial year (Q4 or
March): for a cumulative (year-to-date) indicator the year's total, for any other the
figure the year-end report will rate against the annual target. It is projected from the
figures so far by one of three simple methods, each one line of arithmetic:

Straight line (cumulative)
    The year to date so far, continued at the same pace: ``to date × periods in the year
    ÷ periods so far``. 240 after Q1 projects 960 for the year.

Previous years' share (cumulative or not)
    This year's figure scaled by how earlier years ended from the same point:
    ``figure now × Σ earlier outturns ÷ Σ earlier figures at the same point``. If in
    earlier years Q1 held 24% of the year's total, 240 after Q1 projects 1,000. Needs at
    least one earlier year in the same series with both figures and a same-point total
    that is not zero.

Trend line (not cumulative, with a steady trend)
    A straight line fitted by least squares through the last ``TREND_PERIODS`` figures
    (six, the balanced scorecard's trend run; into the year before when this year has
    fewer; at least ``MINIMUM_FIGURES`` of them), carried on to the year's last period.
    Only a steady trend is carried on: the line must account for at least
    ``STEADY_FIT`` of the figures' movement (R², the share of their variance the line
    explains). A perfectly flat run is steady. Figures that only scatter about a level
    rarely pass: four such figures pass about one time in ten, six about one in sixty.

Which method each kind of indicator gets is decided by the caller (``METHODS`` holds the
council's choice, explained with the back-test's figures in docs/early-warning.md).
Nothing is projected across a break in the series (the caller passes only the figures
since it), nor for an indicator with no polarity or no annual target, nor once the year
is over. A projection is rounded to the indicator's decimal places (half up), as its
figures are, and kept within the unit's bounds (a percentage within 0 to 100), before it
is compared with the target: it misses when it is worse than the target on the
indicator's polarity.

Plain Python, ``Decimal`` arithmetic, no Django import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from reporting.engine import Collection, Polarity, shortfall
from reporting.trends import TREND_PERIODS

MINIMUM_FIGURES = 4
STEADY_FIT = Decimal("0.8")
ZERO = Decimal(0)


class Method(StrEnum):
    STRAIGHT_LINE = "straight_line"
    PREVIOUS_YEARS = "previous_years"
    TREND_LINE = "trend_line"

    @property
    def label(self) -> str:
        return {
            Method.STRAIGHT_LINE: "Straight line from the year to date",
            Method.PREVIOUS_YEARS: "Scaled by how earlier years ended from this point",
            Method.TREND_LINE: "Trend line through the last six figures",
        }[self]


# The council's choice of method for each kind of indicator (docs/early-warning.md).
METHODS: dict[Collection, Method] = {
    Collection.CUMULATIVE: Method.STRAIGHT_LINE,
    Collection.DISCRETE: Method.TREND_LINE,
}


def in_words() -> str:
    """The methods in use, as the exception report explains them to its readers."""
    said = {
        Method.STRAIGHT_LINE: "the year to date continued at the same pace (240 after one "
        "quarter projects 960 for the year)",
        Method.PREVIOUS_YEARS: "this year's figure scaled by how earlier years ended from "
        "the same point",
        Method.TREND_LINE: f"a straight line fitted through its last {TREND_PERIODS} "
        f"figures (at least {MINIMUM_FIGURES}, none from before a break in the series), "
        "carried on to the year end, and only when the line accounts for at least "
        f"{_percent(STEADY_FIT)} of the figures' movement: a steady trend, not a scatter",
    }
    return (
        "The year-end outturn is the figure for the year's last quarter or month. For a "
        f"year-to-date indicator it is {said[METHODS[Collection.CUMULATIVE]]}. For any other "
        f"indicator it is {said[METHODS[Collection.DISCRETE]]}. A projection is rounded as "
        "the indicator's figures are, and it misses when it is worse than the target the "
        "year-end figure will be rated against."
    )


class Outcome(StrEnum):
    MISS = "miss"
    MEET = "meet"
    NOT_PROJECTED = "not_projected"


@dataclass(frozen=True)
class SoFar:
    """What is known of one indicator's financial year at its latest period.

    ``figures``: the actuals of the periods up to the latest, oldest first (``None`` where
    a period has no figure): this year's from its first period, and the year before's
    when the caller has them, only those since a break in the series (a break within the
    year leaves fewer figures than ``position``).
    ``position``: the latest period's place in its year (Q2: 2, August: 5).
    ``earlier_years``: for each earlier year of the same series, its figure at the same
    point and its outturn (either may be ``None``).
    ``lowest``/``highest``: the bounds a figure of this unit cannot pass, if any.
    """

    collection: Collection
    polarity: Polarity
    periods_in_year: int
    position: int
    figures: tuple[Decimal | None, ...]
    target: Decimal | None
    earlier_years: tuple[tuple[Decimal | None, Decimal | None], ...] = ()
    places: int | None = None
    lowest: Decimal | None = None
    highest: Decimal | None = None
    periods_called: str = "periods"  # "quarters", "months": for the reason in words


@dataclass(frozen=True)
class Projection:
    outcome: Outcome
    reason: str
    outturn: Decimal | None = None
    method: Method | None = None
    target: Decimal | None = None
    fit: Decimal | None = field(default=None, compare=False)

    @property
    def misses(self) -> bool:
        return self.outcome is Outcome.MISS


def not_projected(reason: str, method: Method | None = None) -> Projection:
    return Projection(Outcome.NOT_PROJECTED, reason, method=method)


def project(so_far: SoFar, method: Method | None = None) -> Projection:
    """The year-end outturn projected from the year so far, and whether it misses the
    annual target (the module's methods; ``method`` defaults to ``METHODS``)."""
    method = method or METHODS[so_far.collection]
    why_not = _cannot_project(so_far, method)
    if why_not:
        return not_projected(why_not, method)
    with localcontext() as context:
        context.prec = 34
        if method is Method.STRAIGHT_LINE:
            outturn, fit, how = _straight_line(so_far)
        elif method is Method.PREVIOUS_YEARS:
            outturn, fit, how = _previous_years(so_far)
        else:
            outturn, fit, how = _trend_line(so_far)
    if outturn is None:
        return Projection(Outcome.NOT_PROJECTED, how, method=method, fit=fit)
    outturn = _bounded(_rounded(outturn, so_far.places), so_far)
    assert so_far.target is not None
    misses = shortfall(so_far.polarity, outturn, so_far.target) > 0
    return Projection(
        Outcome.MISS if misses else Outcome.MEET, how, outturn=outturn, method=method,
        target=so_far.target, fit=fit,
    )


def _cannot_project(so_far: SoFar, method: Method) -> str:
    if so_far.polarity is Polarity.NONE:
        return "No polarity: there is no better or worse to project"
    if so_far.target is None:
        return "No annual target to compare with"
    if so_far.position >= so_far.periods_in_year:
        return "The year is over: its outturn is known"
    if not so_far.figures or so_far.figures[-1] is None:
        return "No figure for the latest period"
    if method is Method.STRAIGHT_LINE and so_far.collection is not Collection.CUMULATIVE:
        return "A straight line from the year to date needs a year-to-date indicator"
    if method is not Method.TREND_LINE and len(so_far.figures) < so_far.position:
        return "The series breaks within the year: the year so far is not one series"
    return ""


def _straight_line(so_far: SoFar) -> tuple[Decimal | None, Decimal | None, str]:
    to_date = so_far.figures[-1]
    assert to_date is not None
    outturn = to_date * so_far.periods_in_year / so_far.position
    return outturn, None, (
        f"The year to date after {so_far.position} of {so_far.periods_in_year} "
        f"{so_far.periods_called}, continued at the same pace"
    )


def _previous_years(so_far: SoFar) -> tuple[Decimal | None, Decimal | None, str]:
    usable = [
        (then, outturn) for then, outturn in so_far.earlier_years
        if then is not None and outturn is not None
    ]
    if not usable:
        return None, None, "No earlier year in the same series to compare with"
    at_this_point = sum((then for then, _ in usable), ZERO)
    if at_this_point == 0:
        return None, None, "Earlier years were zero at this point: no share to scale by"
    ended = sum((outturn for _, outturn in usable), ZERO)
    now = so_far.figures[-1]
    assert now is not None
    outturn = now * ended / at_this_point
    years = len(usable)
    return outturn, None, (
        f"This year's figure scaled by how {years} earlier year{'s' if years > 1 else ''} "
        "ended from the same point"
    )


def _trend_line(so_far: SoFar) -> tuple[Decimal | None, Decimal | None, str]:
    recent = so_far.figures[-TREND_PERIODS:]
    first = so_far.position - len(recent) + 1  # 0 or less: the year before
    points = [
        (Decimal(first + i), value) for i, value in enumerate(recent)
        if value is not None
    ]
    if len(points) < MINIMUM_FIGURES:
        return None, None, (
            f"Too few figures for a trend: {len(points)} of the {MINIMUM_FIGURES} needed"
        )
    slope, intercept, fit = least_squares(points)
    if fit < STEADY_FIT:
        return None, fit, (
            f"No steady trend: the line accounts for {_percent(fit)} of the movement, "
            f"under the {_percent(STEADY_FIT)} needed"
        )
    outturn = intercept + slope * so_far.periods_in_year
    return outturn, fit, (
        f"The trend of the last {len(points)} figures (the line accounts for "
        f"{_percent(fit)} of their movement), carried on to the year end"
    )


def least_squares(points: Sequence[tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal, Decimal]:
    """The straight line through the points by least squares: slope, intercept and R²
    (the share of the variance it accounts for; 1 for points with no variance at all)."""
    n = Decimal(len(points))
    mean_x = sum((x for x, _ in points), ZERO) / n
    mean_y = sum((y for _, y in points), ZERO) / n
    sxx = sum(((x - mean_x) ** 2 for x, _ in points), ZERO)
    sxy = sum(((x - mean_x) * (y - mean_y) for x, y in points), ZERO)
    syy = sum(((y - mean_y) ** 2 for _, y in points), ZERO)
    slope = sxy / sxx if sxx else ZERO
    intercept = mean_y - slope * mean_x
    fit = Decimal(1) if syy == 0 else (sxy * sxy) / (sxx * syy) if sxx else ZERO
    return slope, intercept, fit


def _rounded(value: Decimal, places: int | None) -> Decimal:
    if places is None:
        return value
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _bounded(value: Decimal, so_far: SoFar) -> Decimal:
    if so_far.lowest is not None and value < so_far.lowest:
        return so_far.lowest
    if so_far.highest is not None and value > so_far.highest:
        return so_far.highest
    return value


def _percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


# --- checking a projection against what happened -------------------------------------------


class Call(StrEnum):
    """How a projection's call (miss or meet) compared with the year's real outturn."""

    MISS_RIGHT = "called a miss, and it missed"
    MEET_RIGHT = "called on course, and it met the target"
    FALSE_ALARM = "called a miss, but it met the target"
    MISSED_WARNING = "called on course, but it missed"

    @property
    def right(self) -> bool:
        return self in (Call.MISS_RIGHT, Call.MEET_RIGHT)


def judge(projection: Projection, outturn: Decimal, polarity: Polarity) -> Call | None:
    """How a projection's call compares with the real outturn (None if nothing was
    projected). The outturn misses when it is worse than the same target."""
    if projection.outcome is Outcome.NOT_PROJECTED or projection.target is None:
        return None
    missed = shortfall(polarity, outturn, projection.target) > 0
    if projection.misses:
        return Call.MISS_RIGHT if missed else Call.FALSE_ALARM
    return Call.MISSED_WARNING if missed else Call.MEET_RIGHT
