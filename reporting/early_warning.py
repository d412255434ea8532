"""Early warning from the register: which indicators, green or amber today, are projected
to miss their annual target (the methods are in ``reporting.projection``), and how often
the projection would have been right in past years (the back-test).

Fed from the database through the one edge, ``RatingBook``, with the same visibility as
the report that asks (``approved_only``): a reader of signed-off figures is warned from
signed-off figures only. A fixed number of queries, whatever the size of the register.
The exception report shows the warnings now; the dashboards will ask the same function.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from reporting.engine import Collection, IndicatorStatus, Rag
from reporting.periods import Frequency, Period
from reporting.projection import (
    METHODS,
    Call,
    Method,
    Outcome,
    Projection,
    SoFar,
    judge,
    not_projected,
    project,
)
from reporting.ratings import PeriodRating, RatingBook

# How many earlier years the previous-years method compares with.
HISTORY_YEARS = 3
STILL_ON_TRACK = (Rag.BLUE, Rag.GREEN, Rag.AMBER)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class EarlyWarning:
    """An indicator green or amber now whose year is projected to end short of target."""

    indicator: Any  # the register's Indicator
    rating: PeriodRating  # its rating now, as the report shows it
    projection: Projection

    @property
    def year(self) -> Period:
        assert self.rating.period is not None
        return self.rating.period.fy


def may_project(rating: PeriodRating) -> bool:
    """Whether a rating's year can be projected at all: a targeted indicator rated on a
    quarter or month that is not the last of its year."""
    period = rating.period
    return (
        period is not None
        and period.frequency is not Frequency.ANNUAL
        and period != period.fy.periods_of(period.frequency)[-1]
        and rating.indicator.status is IndicatorStatus.TARGETED
    )


def projected_misses(
    rated: Iterable[tuple[Any, PeriodRating]],
    as_at: Period,
    *,
    approved_only: bool,
    as_issued_on: date | None = None,
) -> list[EarlyWarning]:
    """The indicators among ``rated`` (each with its rating now) that are green or amber
    but projected to miss the target their year's last period will be rated against,
    in the order given. Reads the years so far of those indicators only (one book)."""
    candidates = _candidates(rated)
    if not candidates:
        return []
    book = load_years(
        [rating.period for _, rating in candidates if rating.period is not None],
        as_at.end, [indicator.pk for indicator, _ in candidates],
        approved_only=approved_only, as_issued_on=as_issued_on,
    )
    return misses_in(book, candidates)


def _candidates(rated: Iterable[tuple[Any, PeriodRating]]) -> list[tuple[Any, PeriodRating]]:
    return [
        (indicator, rating) for indicator, rating in rated
        if rating.assessment.rag in STILL_ON_TRACK and may_project(rating)
    ]


def misses_in(book: RatingBook, rated: Iterable[tuple[Any, PeriodRating]]) -> list[EarlyWarning]:
    """``projected_misses`` from a book the caller already holds, read with the same
    visibility and reaching back to ``years_start`` (a dashboard's book does)."""
    warnings = []
    for indicator, rating in _candidates(rated):
        assert rating.period is not None
        projection = projection_for(book, indicator, rating.period)
        if projection.misses:
            warnings.append(EarlyWarning(indicator, rating, projection))
    return warnings


def years_start(latest: Iterable[Period]) -> date:
    """How far back the projections of years whose latest periods are ``latest`` read:
    the year before the earliest (the trend line's run), and the earlier years the
    previous-years method compares with when it is in use."""
    first_year = min(p.fy for p in latest).previous()
    if Method.PREVIOUS_YEARS in METHODS.values():
        first_year = first_year.shift(1 - HISTORY_YEARS)
    return first_year.start - timedelta(days=1)


def load_years(
    latest: Sequence[Period], as_at: date, indicator_ids: Iterable[int], *,
    approved_only: bool, as_issued_on: date | None = None,
) -> RatingBook:
    """A book holding what the projections need: each year so far and the year before it
    (the trend line's run), and the earlier years the previous-years method compares with
    when it is in use."""
    return RatingBook.load(
        as_at, since=years_start(latest), only=list(indicator_ids),
        approved_only=approved_only, as_issued_on=as_issued_on,
    )


def so_far(book: RatingBook, indicator: Any, latest: Period) -> SoFar:
    """One indicator's year up to ``latest`` as the projection reads it: the figures of the
    year before and of this year so far, since any break in the series; the target of the
    year's last period; and the earlier years of the same series (their figures at the
    same point and their outturns)."""
    facts = book.facts(indicator.pk, latest)
    year = latest.fy.periods_of(latest.frequency)
    series_start = max(
        (b.start for b in book.breaks[indicator.pk] if b.start <= latest.end), default=None
    )
    before = latest.fy.previous().periods_of(latest.frequency)
    figures = tuple(
        book.actual(indicator.pk, p) for p in before + year[: latest.index]
        if series_start is None or p.start >= series_start
    )
    earlier = []
    for back in range(1, HISTORY_YEARS + 1):
        periods = latest.fy.shift(-back).periods_of(latest.frequency)
        then, end = periods[latest.index - 1], periods[-1]
        if series_start is not None and then.start < series_start:
            break
        earlier.append((book.actual(indicator.pk, then), book.actual(indicator.pk, end)))
    percent = indicator.unit == "percent" and not indicator.allows_any_percentage
    return SoFar(
        collection=facts.collection,
        polarity=facts.polarity,
        periods_in_year=len(year),
        position=latest.index,
        figures=figures,
        target=book.thresholds(indicator.pk, year[-1]).target,
        earlier_years=tuple(earlier),
        places=indicator.decimal_places,
        lowest=Decimal(0) if percent else None,
        highest=HUNDRED if percent else None,
        periods_called="months" if latest.frequency is Frequency.MONTHLY else "quarters",
    )


def projection_for(
    book: RatingBook, indicator: Any, latest: Period, method: Method | None = None
) -> Projection:
    if book.facts(indicator.pk, latest).status is not IndicatorStatus.TARGETED:
        return not_projected("Not a targeted indicator")
    return project(so_far(book, indicator, latest), method)


# --- the back-test: what the projection would have said in past years ----------------------

BACKTEST_METHODS: dict[Collection, tuple[Method, ...]] = {
    Collection.CUMULATIVE: (Method.STRAIGHT_LINE, Method.PREVIOUS_YEARS),
    Collection.DISCRETE: (Method.TREND_LINE, Method.PREVIOUS_YEARS),
}
TODAYS_RAG = "today's RAG"  # the call a reader makes without a projection


@dataclass(frozen=True)
class Trial:
    """One projection made at the end of a past quarter, set against the year's outturn."""

    code: str
    collection: Collection
    year: Period
    quarter: int
    method: str  # a Method, or TODAYS_RAG
    call: Call | None  # None: nothing projected
    flaggable: bool  # green or amber at the time: would have been flagged on a miss


@dataclass
class Tally:
    projected: int = 0
    not_projected: int = 0
    calls: Counter[Call] = field(default_factory=Counter)

    @property
    def right(self) -> int:
        return sum(n for call, n in self.calls.items() if call.right)

    @property
    def share_right(self) -> Decimal | None:
        return Decimal(self.right) / self.projected if self.projected else None


def backtest(book: RatingBook, indicators: Iterable[Any], years: Sequence[Period]) -> list[Trial]:
    """For each past year and each quarter before the last, project every quarterly or
    monthly targeted indicator's outturn from what was known at the quarter's end, by each
    method worth comparing, and judge the call against the year's real outturn. Today's
    RAG (green or blue: on course; amber or red: a miss) is tried too, as the yardstick."""
    trials = []
    for indicator in indicators:
        for year in years:
            trials += _trials(book, indicator, year)
    return trials


def _trials(book: RatingBook, indicator: Any, year: Period) -> list[Trial]:
    facts = book.facts(indicator.pk, year)
    frequency = facts.frequency
    if frequency is Frequency.ANNUAL or facts.status is not IndicatorStatus.TARGETED:
        return []
    periods = year.periods_of(frequency)
    outturn = book.actual(indicator.pk, periods[-1])
    if outturn is None:
        return []
    step = len(periods) // 4
    trials = []
    for quarter in (1, 2, 3):
        latest = periods[quarter * step - 1]
        rating = book.rate(indicator.pk, latest)
        if rating.actual is None:
            continue
        flaggable = rating.assessment.rag in STILL_ON_TRACK
        for method in BACKTEST_METHODS[facts.collection]:
            projection = projection_for(book, indicator, latest, method)
            trials.append(Trial(
                indicator.code, facts.collection, year, quarter, method.value,
                judge(projection, outturn, facts.polarity), flaggable,
            ))
        trials.append(Trial(
            indicator.code, facts.collection, year, quarter, TODAYS_RAG,
            _todays_call(rating, book.thresholds(indicator.pk, periods[-1]).target, outturn,
                         facts.polarity),
            flaggable,
        ))
    return trials


def _todays_call(rating: PeriodRating, target: Decimal | None, outturn: Decimal,
                 polarity: Any) -> Call | None:
    if not rating.assessment.rag.is_rated or target is None:
        return None
    on_course = rating.assessment.rag in (Rag.BLUE, Rag.GREEN)
    stand_in = Projection(Outcome.MEET if on_course else Outcome.MISS, "", target=target)
    return judge(stand_in, outturn, polarity)


def tally(trials: Iterable[Trial], *, flaggable_only: bool = False) -> dict[tuple, Tally]:
    """Trials counted by (collection, method, quarter)."""
    found: dict[tuple, Tally] = {}
    for trial in trials:
        if flaggable_only and not trial.flaggable:
            continue
        counts = found.setdefault((trial.collection, trial.method, trial.quarter), Tally())
        if trial.call is None:
            counts.not_projected += 1
        else:
            counts.projected += 1
            counts.calls[trial.call] += 1
    return found
