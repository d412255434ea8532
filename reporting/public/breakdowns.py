"""Published breakdowns: the figures behind a published indicator's published figures,
always with small numbers hidden (``reporting.suppression`` at the council's threshold).

The rules of publication are those of ``published``: a published indicator, a signed-off
result, a period whose report has been issued. Nobody reading a public page or file ever
sees a breakdown unsuppressed, whoever they are signed in as. A breakdown corrected after
issue is shown as corrected (still suppressed), with a note of when and why, never of
the figures (docs/breakdowns.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from kpis import breakdowns
from kpis.breakdown_rules import DimensionFacts
from kpis.models import BreakdownCorrection, BreakdownValue, Dimension, ResultStatus
from reporting import suppression
from reporting.numbers import plain
from reporting.periods import Period
from reporting.public.published import Publication, PublicIndicator


def panel(publication: Publication, indicator: PublicIndicator,
          chosen: str | None) -> breakdowns.Panel | None:
    """The breakdown section of a public indicator page."""
    return breakdowns.panel(indicator, chosen, raw=False, approved_only=True,
                            only_periods=[p.key for p in publication.issued])


def explanation() -> str:
    """What ``[c]`` means, at the council's threshold."""
    return suppression.explanation(breakdowns.threshold())


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str


FIELDS = [
    Field("indicator_code", "string", "The council's code for the indicator, as in "
          "indicators.csv."),
    Field("period", "string", "The period the figure is for, as in indicators.csv."),
    Field("period_label", "string", "The period as people say it."),
    Field("dimension", "string", "What the figure is broken down by: a ward, an age group, "
          "a protected characteristic."),
    Field("category", "string", "The category of the dimension the row is about."),
    Field("value", "decimal", "The category's figure, in the indicator's unit. Blank when "
          "suppressed or when there is no figure."),
    Field("people", "integer", "How many people the figure is about, where that is not the "
          "figure itself. Blank when suppressed or not recorded."),
    Field("suppressed", "string", "[c] when the figure is hidden so that no person can be "
          "identified: it is about fewer people than the council's threshold, or one could "
          "be worked out from it and the total. Blank otherwise."),
]
COLUMNS = [field.name for field in FIELDS]


def records(publication: Publication) -> Iterator[dict[str, str]]:
    """Every published breakdown figure, suppressed, in a fixed number of queries: by
    indicator code, period (oldest first), dimension and category order."""
    if not publication.indicators or not publication.issued:
        return
    ids = {ind.id for ind in publication.indicators}
    dimensions: dict[int, list[DimensionFacts]] = defaultdict(list)
    for dim in Dimension.objects.filter(indicators__id__in=ids).distinct().prefetch_related(
            "categories", "indicators"):
        facts = DimensionFacts(dim.pk, dim.name, {c.pk: c.name for c in dim.categories.all()},
                               dim.parts_make_the_whole)
        for ind in dim.indicators.all():
            dimensions[ind.pk].append(facts)
    values: dict[tuple[int, str], list[BreakdownValue]] = defaultdict(list)
    actuals = {}
    for value in BreakdownValue.objects.filter(
        result__indicator_id__in=ids, result__status=ResultStatus.APPROVED,
        result__period__in=[p.key for p in publication.issued],
    ).select_related("result"):
        key = (value.result.indicator_id, value.result.period)
        values[key].append(value)
        actuals[key] = value.result.actual
    level = breakdowns.threshold()
    for indicator in publication.indicators:
        keys = sorted((key for key in values if key[0] == indicator.id),
                      key=lambda key: Period.parse(key[1]).end)
        for key in keys:
            period = Period.parse(key[1])
            for table in breakdowns.tables_of(
                indicator, period, actuals[key], values[key],
                sorted(dimensions[indicator.id], key=lambda d: d.name), raw=False, level=level,
            ):
                for cell in table.cells:
                    yield {
                        "indicator_code": indicator.code, "period": period.key,
                        "period_label": period.label, "dimension": table.dimension,
                        "category": cell.category, "value": plain(cell.value),
                        "people": "" if cell.people is None or indicator.unit == "number"
                        else plain(cell.people),
                        "suppressed": suppression.SYMBOL if cell.suppressed else "",
                    }


@dataclass(frozen=True)
class CorrectionNote:
    """A breakdown corrected after it was published, as the public reads it: when and why
    (no figures: the corrected table beside it is already suppressed)."""

    corrected_on: date
    reason: str


def correction_notes(publication: Publication, indicator: PublicIndicator,
                     period: Period | None) -> list[CorrectionNote]:
    """The corrections to the breakdown of ``period``'s published figure (one query)."""
    if period is None or period not in publication.issued:
        return []
    notes: dict[tuple, CorrectionNote] = {}
    for at, reason in BreakdownCorrection.objects.filter(
        result__indicator_id=indicator.id, result__period=period.key,
        result__status=ResultStatus.APPROVED,
    ).order_by("at", "pk").values_list("at", "reason"):
        notes.setdefault((at, reason), CorrectionNote(timezone.localtime(at).date(),
                                                      publication.scrub(reason)))
    return list(notes.values())
