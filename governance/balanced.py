"""The balanced scorecard in Cambridgeshire's 13 columns (its framework's Appendix C):
organisational (corporate KPIs and each directorate's strategic KPIs) or one
directorate's, from signed-off results through the one engine.

Perspective, KPI, Metric Category (where the metric comes from), Reporting Frequency,
Last Updated (when the figure was signed off), Target, Direction for Improvement,
Performance (current), Performance (previous), Change in Performance, RAG Rating, Trend
Analysis (``reporting/trends.py``: the last several comparable periods, not the last
change) and Comments (with the improvement activity of red indicators).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Q
from django.utils import timezone

from kpis.models import Indicator, Result, ResultStatus, ResultTransition
from reporting.engine import Rag
from reporting.formatting import band_text, date_text, number_text
from reporting.periods import Period
from reporting.ratings import RatingBook
from reporting.trends import MINIMUM, STABLE_SHARE, TREND_PERIODS

COLUMNS = [
    "Perspective", "KPI", "Metric Category", "Reporting Frequency", "Last Updated", "Target",
    "Direction for Improvement", "Performance (current)", "Performance (previous)",
    "Change in Performance", "RAG Rating", "Trend Analysis", "Comments",
]
TREND_METHOD = (
    f"Trend analysis fits a line through the last {TREND_PERIODS} comparable periods (at "
    f"least {MINIMUM}): stable within {number_text(STABLE_SHARE * 100)}% of their average size, "
    "otherwise improving or worsening by the direction for improvement."
)
STRATEGIC = [Indicator.Level.CORPORATE_PLAN_MEASURE, Indicator.Level.CORPORATE_KPI,
             Indicator.Level.DIRECTORATE_PI]


# The figures' columns (1-based, as the template counts): right-aligned.
NUMERIC_COLUMNS = [6, 8, 9, 10]


@dataclass(frozen=True)
class BalancedRow:
    indicator: Indicator
    cells: list  # text, and the RAG itself (its word, and its colour in a workbook)
    rag: Rag

    @property
    def code(self) -> str:
        return self.indicator.code


def selection(directorate: str | None) -> list[Indicator]:
    """Organisational: corporate KPIs (and Corporate Plan measures) plus each
    directorate's strategic KPIs; or every live indicator of one directorate."""
    live = Indicator.objects.exclude(status="retired").select_related("org_unit")
    if directorate:
        chosen = live.filter(Q(org_unit__path=directorate)
                             | Q(org_unit__path__startswith=directorate + " / "))
    else:
        chosen = live.filter(Q(is_corporate=True) | Q(level__in=STRATEGIC))
    return list(chosen.order_by("perspective", "org_unit__path", "code"))


def _change(current, previous, indicator: Indicator) -> str:
    """'+£1,200', '-2.5 percentage points' (a change in a percentage is in points)."""
    if current is None or previous is None:
        return ""
    delta = current - previous
    if not delta:
        return "No change"
    return ("+" if delta > 0 else "-") + band_text(abs(delta), indicator.unit,
                                                   indicator.decimal_places)


def balanced_scorecard(period: Period, directorate: str | None = None) -> list[BalancedRow]:
    """A fixed number of queries whatever the number of indicators."""
    indicators = selection(directorate)
    book = RatingBook.load(period.end, only=[i.pk for i in indicators], approved_only=True)
    ratings = {i.pk: book.rate_latest(i.pk, period.end) for i in indicators}
    keys = {(i.pk, r.period.key) for i in indicators if (r := ratings[i.pk]).period}
    signed = _signed_off_dates(keys)
    rows = []
    for indicator in indicators:
        rating = ratings[indicator.pk]
        result = rating.result
        comments = result.commentary if result else ""
        if rating.assessment.rag is Rag.RED and result and result.improvement_activity:
            comments = f"{comments} Improvement activity: {result.improvement_activity}".strip()
        updated = signed.get((indicator.pk, rating.period.key)) if rating.period else None
        rows.append(BalancedRow(indicator, [
            indicator.get_perspective_display(),
            f"{indicator.code} {indicator.title}",
            indicator.get_source_display(),
            indicator.get_frequency_display(),
            date_text(updated) if updated else "",
            indicator.figure(rating.rules.target, "None set"),
            indicator.get_polarity_display(),
            indicator.figure(rating.actual, "No figure"),
            indicator.figure(rating.previous),
            _change(rating.actual, rating.previous, indicator),
            rating.assessment.rag,
            (book.trend(indicator.pk, rating.period, rating.indicator.polarity).value
             if rating.period else ""),
            comments,
        ], rating.assessment.rag))
    return rows


def _signed_off_dates(keys: set[tuple[int, str]]) -> dict[tuple[int, str], date]:
    """When each result was signed off: its latest approval, else when it was entered
    (results brought in as published history)."""
    if not keys:
        return {}
    results = {
        (indicator_id, key): (pk, entered_at)
        for pk, indicator_id, key, entered_at in Result.objects.filter(
            indicator__in={k[0] for k in keys}, period__in={k[1] for k in keys},
            status=ResultStatus.APPROVED,
        ).values_list("pk", "indicator_id", "period", "entered_at")
        if (indicator_id, key) in keys
    }
    approved = dict(
        ResultTransition.objects.filter(
            result__in=[pk for pk, _ in results.values()], to_status=ResultStatus.APPROVED
        ).values("result_id").annotate(last=Max("at")).values_list("result_id", "last")
    )
    found = {}
    for key, (pk, entered_at) in results.items():
        moment = approved.get(pk) or entered_at
        if moment is not None:
            found[key] = timezone.localtime(moment).date()
    return found
