"""The annual review of what is measured: each approver keeps, changes or retires every
live indicator in their area for the coming financial year, seeing how each has done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from kpis import permissions
from kpis.models import Indicator, ReviewDecision
from reporting.engine import Collection, IndicatorStatus, Rag
from reporting.periods import Frequency, Period
from reporting.ratings import RatingBook

RECENT = 4  # periods of RAG shown beside each decision


def to_review(user) -> QuerySet[Indicator]:
    """The live indicators in the user's area, by service and code."""
    return (
        permissions.approvable(user)
        .exclude(status=IndicatorStatus.RETIRED.value)
        .select_related("org_unit")
        .order_by("org_unit__path", "code")
    )


def decisions_for(indicators: list[Indicator], year: Period) -> dict[int, ReviewDecision | None]:
    """Each indicator's decision for the year, or None (one query)."""
    found = {
        d.indicator_id: d
        for d in ReviewDecision.objects.filter(year=year.key, indicator__in=indicators)
    }
    return {indicator.pk: found.get(indicator.pk) for indicator in indicators}


def outturn_period(year: Period, frequency: Frequency) -> Period:
    """The period whose figure is the year's outturn: the year itself for an annual
    indicator, else the year's last month or quarter (a year-to-date figure's year end,
    or a discrete indicator's last period, labelled as such)."""
    return year.periods_of(frequency)[-1] if frequency is not Frequency.ANNUAL else year


@dataclass(frozen=True)
class Outturn:
    period: Period
    actual: Decimal | None
    whole_year: bool  # the figure is for the whole year (annual, or year to date at its end)

    @property
    def label(self) -> str:
        """'2025/26' for a whole year's figure, else the period it is for: 'Q4 2025/26'."""
        return self.period.fy.label if self.whole_year else self.period.label


@dataclass(frozen=True)
class Performance:
    """How an indicator has done, beside the decision: its recent RAG, newest last, and
    the latest financial year's outturn."""

    recent: list[tuple[Period, Rag]]
    outturn: Outturn


def performance(
    indicators: list[Indicator], today: date, *, approved_only: bool
) -> dict[int, Performance]:
    """Recent RAG and outturn for a page of indicators (a fixed number of queries: one
    book of their last three years)."""
    if not indicators:
        return {}
    year = Period.latest_ended(today, Frequency.ANNUAL)
    book = RatingBook.load(today, only=[i.pk for i in indicators], approved_only=approved_only)
    found = {}
    for indicator in indicators:
        frequency = Frequency(indicator.frequency)
        latest = Period.latest_ended(today, frequency)
        recent = [latest.shift(-n) for n in reversed(range(RECENT))]
        facts = book.facts(indicator.pk, year)
        at_end = outturn_period(year, frequency)
        found[indicator.pk] = Performance(
            recent=[(p, book.rate(indicator.pk, p).assessment.rag) for p in recent],
            outturn=Outturn(
                period=at_end, actual=book.actual(indicator.pk, at_end),
                whole_year=frequency is Frequency.ANNUAL
                or facts.collection is Collection.CUMULATIVE,
            ),
        )
    return found


def decide(user, indicator: Indicator, year: Period, decision: str, note: str) -> ReviewDecision:
    permissions.require(permissions.can_approve(user, indicator))
    found, _ = ReviewDecision.objects.update_or_create(
        indicator=indicator, year=year.key,
        defaults={"decision": decision, "note": note, "decided_by": user},
    )
    return found
