"""The exception report: red, red for consecutive periods (as many as the council's rule in
force sets), and amber and deteriorating indicators as at the end of a period, for the
whole council or one committee's remit, the most serious first. On screen and as CSV and
XLSX for people (labels, units).

Beneath them, the early warning: indicators green or amber now whose year is projected to
end short of its annual target (``reporting.early_warning``)."""

from __future__ import annotations

from dataclasses import dataclass

from governance.committees import candidates, remit_of
from governance.models import Committee
from governance.packs import EXCEPTION_ORDER
from kpis import exports
from kpis.models import Indicator
from reporting import formatting
from reporting.early_warning import EarlyWarning, projected_misses
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

    def as_row(self) -> list:
        """The row for people: figures with units, the RAG itself (its word, and its colour
        in a workbook)."""
        ind, r = self.indicator, self.rating
        result = r.result
        return [
            ind.code, ind.title, ind.org_unit.path.split(" / ")[0],
            r.period.label if r.period else "", ind.figure(r.actual, "No figure"),
            ind.figure(r.rules.target, "None set"), r.assessment.rag, self.label,
            r.assessment.direction.label, result.commentary if result else "",
            result.improvement_activity if result else "",
        ]


PROJECTED_HEADING = "Projected to miss the year-end target"
PROJECTED_COLUMNS = [
    "Code", "Indicator", "Directorate", "Period", "Actual", "RAG", "Year",
    "Projected outturn", "Annual target", "Method", "How it was projected",
]


@dataclass(frozen=True)
class ProjectedMissRow:
    """An indicator green or amber now whose year is projected to miss its target."""

    warning: EarlyWarning

    @property
    def indicator(self) -> Indicator:
        return self.warning.indicator

    def as_row(self) -> list[str]:
        ind, rating, projection = self.indicator, self.warning.rating, self.warning.projection
        unit, places = ind.unit, ind.decimal_places
        return [
            ind.code, ind.title, ind.org_unit.path.split(" / ")[0],
            rating.period.label if rating.period else "",
            formatting.figure(rating.actual, unit, places), rating.assessment.rag.label,
            self.warning.year.label, formatting.figure(projection.outturn, unit, places),
            formatting.figure(projection.target, unit, places),
            projection.method.label if projection.method else "", projection.reason,
        ]


@dataclass(frozen=True)
class ExceptionReport:
    exceptions: list[ExceptionRow]
    projected_misses: list[ProjectedMissRow]

    def tables(self) -> list[tuple[str, str, list[list[exports.Value]]]]:
        """The report for a download: each section's title, its sheet's name in a
        workbook, and its rows, header first."""
        return [
            ("Exceptions", "Exceptions for people",
             [COLUMNS, *(r.as_row() for r in self.exceptions)]),
            (PROJECTED_HEADING, "Projected to miss for people",
             [PROJECTED_COLUMNS, *(r.as_row() for r in self.projected_misses)]),
        ]


def _rated(
    period: Period, committee: Committee | None, approved_only: bool
) -> list[tuple[Indicator, PeriodRating]]:
    """Every indicator in the remit (the whole council without a committee), rated as at
    the end of ``period``."""
    if committee is not None:
        chosen = set(remit_of(committee).select(candidates()))
        indicators = Indicator.objects.filter(pk__in=chosen)
    else:
        indicators = Indicator.objects.exclude(status="retired")
    indicators = list(indicators.select_related("org_unit").order_by("code"))
    book = RatingBook.load(period.end, approved_only=approved_only)
    return [(indicator, book.rate_latest(indicator.pk, period.end)) for indicator in indicators]


def _exceptions(rated: list[tuple[Indicator, PeriodRating]]) -> list[ExceptionRow]:
    rows = [
        ExceptionRow(indicator, rating) for indicator, rating in rated
        if rating.assessment.exception is not ExceptionFlag.NONE
    ]
    rows.sort(key=lambda row: (EXCEPTION_ORDER.index(row.exception), row.indicator.code))
    return rows


def exception_report(
    period: Period, committee: Committee | None = None, *, approved_only: bool = True
) -> list[ExceptionRow]:
    """Exceptions as at the end of ``period``, in the committee's remit if one is given."""
    return _exceptions(_rated(period, committee, approved_only))


def exception_report_with_warnings(
    period: Period, committee: Committee | None = None, *, approved_only: bool = True
) -> ExceptionReport:
    """The exceptions, and the indicators green or amber now that are projected to miss
    their year-end target (the early warning), from one rating of the remit."""
    rated = _rated(period, committee, approved_only)
    warnings = projected_misses(rated, period, approved_only=approved_only)
    return ExceptionReport(_exceptions(rated), [ProjectedMissRow(w) for w in warnings])
