"""A dashboard's indicators read from the register and rated: the edge between the
database and ``reporting.dashboard``.

One ``RatingBook`` a page, read once over the window everything on the page needs
(``reach``), and asked for each indicator's rating now, its RAG at the end of each of
the eight trend periods, and the early warning's projections: a fixed number of queries
whatever the size of the register. Ratings are the scorecard's: each indicator's latest
result ending by the end of the period, from signed-off results only for a reader who may
not see unsigned ones (``kpis.permissions.sees_unsigned``). An indicator whose latest
result is older than the window (rare) is rated from a small book of its own, so it
reads as it does on the scorecard.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.db.models import Max

from kpis.models import OrgUnit, Result, ResultStatus
from reporting import dashboard
from reporting.early_warning import EarlyWarning, misses_in, projected_misses, years_start
from reporting.engine import Aggregation, IndicatorStatus, Rag
from reporting.periods import Frequency, Period
from reporting.ratings import (
    HISTORY_WINDOW,
    PeriodRating,
    RatingBook,
    history_window,
    load_red_periods,
)
from reporting.scorecard import pillars_of

TREND_PERIODS = 8  # the last eight quarters (or months, on a monthly dashboard)
# What a line shows of its indicator (and what the early warning reads).
FIELDS = (
    "id", "code", "title", "unit", "decimal_places", "allows_any_percentage",
    "org_unit__path",
)


def trend_periods(period: Period, count: int = TREND_PERIODS) -> list[Period]:
    """The ``count`` periods of the period's kind up to and including it, oldest first."""
    return [period.shift(-n) for n in range(count - 1, -1, -1)]


@dataclass(frozen=True)
class Rated:
    """A dashboard's indicators rated: a line for each, the trend's periods, the ratings
    themselves and the book they came from (for the early warning)."""

    period: Period
    lines: list[dashboard.Line]
    trend: list[Period]
    rated: list[tuple[Any, PeriodRating]]
    book: RatingBook
    since: date  # how far back the book reaches
    approved_only: bool

    def early_warning(self, shown: Iterable[dashboard.Line]) -> list[EarlyWarning]:
        """Indicators among those shown that are green or amber but projected to miss
        their year-end target: ``reporting.early_warning`` asked of the page's own book,
        which reaches back as far as the projections of this year and last read. An
        indicator rated on an older year has its own book, as the exception report does."""
        ids = {line.id for line in shown}
        chosen = [(ind, r) for ind, r in self.rated if ind.pk in ids]
        covered = [(ind, r) for ind, r in chosen
                   if r.period is None or years_start([r.period]) >= self.since]
        kept = {ind.pk for ind, _ in covered}
        older = [(ind, r) for ind, r in chosen if ind.pk not in kept]
        found = misses_in(self.book, covered) + projected_misses(
            older, self.period, approved_only=self.approved_only
        )
        order = {ind.pk: n for n, (ind, _) in enumerate(chosen)}
        return sorted(found, key=lambda warning: order[warning.indicator.pk])


def reach(period: Period, trend: list[Period]) -> date:
    """How far back the page's book reads: far enough to rate now (a run of red periods
    and last year's figures behind it), to rate the oldest trend period (its latest
    figure, perhaps a year old for an annual indicator, and the year before that), and
    for the early warning's projections of this year and last."""
    return min(
        trend[0].end - HISTORY_WINDOW - timedelta(days=1),
        period.end - history_window(max(load_red_periods().values())) - timedelta(days=1),
        years_start([Period.containing(period.end, Frequency.ANNUAL).previous()]),
    )


def stale(since: date, as_at: date, approved_only: bool, only: list[int] | None) -> list[int]:
    """Indicators whose latest result by ``as_at`` is older than ``since`` (one query):
    the page's book does not reach them, so they have a book of their own, and are rated
    on that old figure as the scorecard rates them."""
    results = Result.objects.filter(period_end__lte=as_at)
    if approved_only:
        results = results.filter(status=ResultStatus.APPROVED)
    if only is not None:
        results = results.filter(indicator_id__in=only)
    return list(
        results.order_by().values("indicator_id").annotate(latest=Max("period_end"))
        .filter(latest__lt=since).values_list("indicator_id", flat=True)
    )


def rate(
    period: Period, indicators: list[Any], *, approved_only: bool, whole_register: bool,
) -> Rated:
    """Rate ``indicators`` (rows with ``FIELDS``) as at the end of ``period`` and at the
    end of each trend period. ``whole_register`` reads every indicator's history (no
    list of ids in the SQL); otherwise only theirs and what they roll up from."""
    trend = trend_periods(period)
    only = None if whole_register else [i.pk for i in indicators]
    since = reach(period, trend)
    book = RatingBook.load(period.end, since=since, only=only, approved_only=approved_only)
    old = stale(since, period.end, approved_only, only)
    old_book = RatingBook.load(period.end, only=old, approved_only=approved_only) if old \
        else book
    old_ids = set(old)
    pillars = pillars_of(i.pk for i in indicators)
    lines, rated = [], []
    for indicator in indicators:
        ask = old_book if indicator.pk in old_ids else book
        if ask.facts(indicator.pk, period).status is IndicatorStatus.RETIRED:
            continue
        rating = ask.rate_latest(indicator.pk, period.end)
        rated.append((indicator, rating))
        lines.append(_line(indicator, rating, pillars, history(ask, indicator.pk, trend)))
    return Rated(period, lines, trend, rated, book, since, approved_only)


def history(book: RatingBook, indicator_id: int, trend: list[Period]) -> tuple:
    """The indicator's RAG at the end of each trend period (the scorecard's rating then:
    its latest figure by that day), None where it was not live."""
    found: list[Rag | None] = []
    latest = _latest_periods(book, indicator_id, trend)
    rags: dict[Period, Rag] = {}
    for period, chosen in zip(trend, latest, strict=True):
        if book.facts(indicator_id, period).status is IndicatorStatus.RETIRED:
            found.append(None)
        elif chosen is None:
            found.append(Rag.NO_DATA)
        else:
            if chosen not in rags:
                rags[chosen] = book.rag(indicator_id, chosen)
            found.append(rags[chosen])
    return tuple(found)


def _latest_periods(book: RatingBook, indicator_id: int, trend: list[Period]
                    ) -> list[Period | None]:
    """``book.latest_period`` at the end of each trend period. An entered indicator's
    results are sorted once and searched (the book scans them at each question); a
    roll-up's latest period is the book's to decide."""
    facts = book.indicators[indicator_id]
    if facts.aggregation is not Aggregation.NONE:
        return [book.latest_period(indicator_id, period.end) for period in trend]
    periods = sorted(
        (p for p in book.results[indicator_id] if p.frequency is facts.frequency),
        key=lambda p: p.end,
    )
    ends = [p.end for p in periods]
    found: list[Period | None] = []
    for period in trend:
        n = bisect_right(ends, period.end)
        found.append(periods[n - 1] if n else None)
    return found


def _line(indicator: Any, rating: PeriodRating, pillars: dict[int, tuple[int, str]],
          history: tuple) -> dashboard.Line:
    assessment, result = rating.assessment, rating.result
    return dashboard.Line(
        id=indicator.pk, code=indicator.code, title=indicator.title,
        directorate=indicator.org_unit.path.split(OrgUnit.SEPARATOR)[0],
        pillar=pillars.get(indicator.pk, (0, dashboard.NO_PILLAR))[1],
        polarity=rating.indicator.polarity, period=rating.period, rag=assessment.rag,
        direction=assessment.direction, exception=assessment.exception,
        exception_label=assessment.exception_label, actual=rating.actual,
        previous=rating.previous, target=rating.rules.target, band=assessment.band,
        stretch_met=assessment.stretch_met,
        commentary=result.commentary if result else "",
        improvement_activity=result.improvement_activity if result else "",
        history=history, unit=indicator.unit, decimal_places=indicator.decimal_places,
    )


def indicators_in(queryset: Any) -> list[Any]:
    """The indicators a dashboard may show, with what a line needs (one query). One
    retired since is still on an earlier period's dashboard: ``rate`` asks the book."""
    return list(
        queryset.select_related("org_unit").only(*FIELDS).order_by("code")
    )


def remit_ids(slug: str) -> set[int]:
    """The indicators in a committee's remit (a fixed few queries; none for a slug that
    names no committee). A dashboard shows an exceptions-only committee its whole remit:
    its exceptions are the dashboard's first section."""
    from governance.committees import candidates, remit_of
    from governance.models import Committee

    committee = (
        Committee.objects.prefetch_related("remit_pillars", "remit_org_units")
        .filter(slug=slug).first()
    )
    if committee is None:
        return set()
    remit = replace(remit_of(committee), exceptions_only=False)
    return set(remit.select(candidates()))
