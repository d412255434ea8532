"""A dashboard's indicators read from the register and rated: the edge between the
database and ``reporting.dashboard``.

One ``RatingBook`` a page, loaded once over the window the trend needs (results from
before the oldest of the eight periods, far enough back to rate it), and asked for each
indicator's rating now and its RAG at the end of each trend period: a fixed number of
queries whatever the size of the register. Ratings are the scorecard's: each indicator's
latest result ending by the end of the period, from signed-off results only for a reader
who may not see unsigned ones (``kpis.permissions.sees_unsigned``). The early warning is
``reporting.early_warning``'s, asked once for the indicators shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from kpis.models import Indicator, OrgUnit
from reporting import dashboard
from reporting.early_warning import EarlyWarning, projected_misses
from reporting.engine import IndicatorStatus
from reporting.periods import Period
from reporting.ratings import HISTORY_WINDOW, PeriodRating, RatingBook
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
    """A dashboard's indicators rated: a line for each, the trend's periods, and the
    ratings themselves (for the early warning)."""

    period: Period
    lines: list[dashboard.Line]
    trend: list[Period]
    rated: list[tuple[Any, PeriodRating]]

    def early_warning(self, shown: Iterable[dashboard.Line], *, approved_only: bool
                      ) -> list[EarlyWarning]:
        """Indicators among those shown that are green or amber but projected to miss
        their year-end target (one more book, for those indicators' years)."""
        ids = {line.id for line in shown}
        return projected_misses(
            [(ind, rating) for ind, rating in self.rated if ind.pk in ids], self.period,
            approved_only=approved_only,
        )


def load_book(period: Period, trend: list[Period], approved_only: bool,
              only: list[int] | None) -> RatingBook:
    """One book holding everything the dashboard asks: rating now (a run of red periods
    and last year's figures behind it) and the RAG at the end of the oldest trend period
    (its latest figure, perhaps a year old for an annual indicator, and the year before)."""
    since = min(trend[0].end - HISTORY_WINDOW, period.end - HISTORY_WINDOW) - timedelta(days=1)
    return RatingBook.load(period.end, since=since, only=only, approved_only=approved_only)


def rate(
    period: Period, indicators: list[Any], *, approved_only: bool, whole_register: bool,
) -> Rated:
    """Rate ``indicators`` (rows with ``FIELDS``) as at the end of ``period`` and at the
    end of each trend period. ``whole_register`` reads every indicator's history (no
    list of ids in the SQL); otherwise only theirs and what they roll up from."""
    trend = trend_periods(period)
    book = load_book(
        period, trend, approved_only, None if whole_register else [i.pk for i in indicators]
    )
    pillars = pillars_of(i.pk for i in indicators)
    lines, rated = [], []
    for indicator in indicators:
        if book.facts(indicator.pk, period).status is IndicatorStatus.RETIRED:
            continue
        rating = book.rate_latest(indicator.pk, period.end)
        rated.append((indicator, rating))
        lines.append(_line(indicator, rating, pillars, _history(book, indicator.pk, trend)))
    return Rated(period, lines, trend, rated)


def _history(book: RatingBook, indicator_id: int, trend: list[Period]) -> tuple:
    """The indicator's RAG at the end of each trend period (the scorecard's rating then:
    its latest figure by that day), None where it was not live."""
    found = []
    for period in trend:
        if book.facts(indicator_id, period).status is IndicatorStatus.RETIRED:
            found.append(None)
            continue
        latest = _latest(book, indicator_id, period.end)
        found.append(book.rag(indicator_id, latest) if latest else dashboard.Rag.NO_DATA)
    return tuple(found)


def _latest(book: RatingBook, indicator_id: int, as_at: date) -> Period | None:
    return book.latest_period(indicator_id, as_at)


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


def everything() -> Any:
    return Indicator.objects.all()


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
