"""The exception report: red, red for consecutive periods (as many as the council's rule in
force sets), and amber and deteriorating indicators as at the end of a period, for the
whole council or one committee's remit, the most serious first. On screen and as CSV and
XLSX for people (labels, units)."""

from __future__ import annotations

from dataclasses import dataclass

from governance.committees import candidates, remit_of
from governance.models import Committee
from governance.packs import EXCEPTION_ORDER, figure
from kpis.models import Indicator
from reporting.engine import ExceptionFlag
from reporting.periods import Period
from reporting.ratings import PeriodRating, RatingBook

COLUMNS = [
    "Code", "Indicator", "Directorate", "Period", "Actual", "Target", "RAG", "Exception",
    "Direction of travel", "Commentary", "Improvement activity",
]


@dataclass(frozen=True)
class ExceptionRow:
    indicator: Indicator
    rating: PeriodRating

    @property
    def exception(self) -> ExceptionFlag:
        return self.rating.assessment.exception

    @property
    def label(self) -> str:
        return self.rating.assessment.exception_label

    def as_row(self) -> list[str]:
        ind, r = self.indicator, self.rating
        result = r.result
        return [
            ind.code, ind.title, ind.org_unit.path.split(" / ")[0],
            r.period.label if r.period else "", figure(r.actual, ind.unit),
            figure(r.rules.target, ind.unit), r.assessment.rag.label, self.label,
            r.assessment.direction.label, result.commentary if result else "",
            result.improvement_activity if result else "",
        ]


def exception_report(
    period: Period, committee: Committee | None = None, *, approved_only: bool = True
) -> list[ExceptionRow]:
    """Exceptions as at the end of ``period``, in the committee's remit if one is given."""
    if committee is not None:
        chosen = set(remit_of(committee).select(candidates()))
        indicators = Indicator.objects.filter(pk__in=chosen)
    else:
        indicators = Indicator.objects.exclude(status="retired")
    indicators = list(indicators.select_related("org_unit").order_by("code"))
    book = RatingBook.load(period.end, approved_only=approved_only)
    rows = []
    for indicator in indicators:
        rating = book.rate_latest(indicator.pk, period.end)
        if rating.assessment.exception is not ExceptionFlag.NONE:
            rows.append(ExceptionRow(indicator, rating))
    rows.sort(key=lambda row: (EXCEPTION_ORDER.index(row.exception), row.indicator.code))
    return rows
