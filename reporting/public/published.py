"""The published figures: read from the register and rated by the one engine, under the
rules of publication (``public/rules.py``). Every public page and open data file reads
them here, and nothing public reads the register any other way.

``load`` reads everything in a fixed number of queries however many indicators are
published: the issued periods, the published indicators with their pillars, the
corrections after issue, the names to keep out of published text, and one
``RatingBook`` of signed-off results over the issued periods (and the history their
ratings compare with).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from governance.calendar import issue_dates
from kpis.models import Correction, Indicator, Pillar, ResultStatus
from reporting.engine import Aggregation, Direction, IndicatorStatus, Rag
from reporting.periods import Frequency, Period
from reporting.public import rules
from reporting.ratings import RatingBook

# What is read of a published indicator (never its people).
INDICATOR_FIELDS = (
    "id", "code", "title", "definition", "why_it_matters", "unit", "decimal_places",
    "polarity", "frequency", "collection", "status", "aggregation", "org_unit__path",
)


@dataclass(frozen=True)
class PublicCorrection:
    """A correction after issue, as the public reads it: when, from what, to what, why."""

    corrected_on: date
    was: Decimal | None
    now: Decimal | None
    reason: str


@dataclass(frozen=True)
class PublicFigure:
    """One published figure with its rating."""

    period: Period
    published_on: date
    actual: Decimal | None
    target: Decimal | None
    stretch_target: Decimal | None
    rag: Rag
    direction: Direction
    commentary: str
    improvement_activity: str
    corrections: tuple[PublicCorrection, ...] = ()
    amber_from: Decimal | None = None  # the tolerance band's edge, for the chart
    break_before: bool = False  # a break in the series starts with this period

    @property
    def first_published(self) -> Decimal | None:
        """The figure as its period's report published it (before any correction)."""
        return self.corrections[0].was if self.corrections else self.actual

    @property
    def corrected_on(self) -> date | None:
        return self.corrections[-1].corrected_on if self.corrections else None


@dataclass(frozen=True)
class PublicIndicator:
    """A published indicator as the public reads it (no people, no internal notes)."""

    id: int
    code: str
    title: str
    definition: str
    why_it_matters: str
    unit: str
    unit_label: str
    decimal_places: int
    polarity: str
    polarity_label: str
    frequency: Frequency
    collection: str
    collection_label: str
    aggregation: Aggregation
    service: str
    pillars: tuple[str, ...]

    @property
    def frequency_label(self) -> str:
        return self.frequency.value.capitalize()


@dataclass(frozen=True)
class PillarSummary:
    """One pillar's published indicators as at a period: RAG counts and each figure."""

    name: str
    counts: dict[Rag, int]
    rows: list[tuple[PublicIndicator, PublicFigure | None]]

    @property
    def total(self) -> int:
        return len(self.rows)


def _service(path: str) -> str:
    """The directorate and service responsible (a team's name is left out: too small)."""
    return " / ".join(path.split(" / ")[:2])


class Publication:
    """Everything the public may see on ``today``."""

    def __init__(self, today: date, code: str | None = None) -> None:
        self.today = today
        self.issued: dict[Period, date] = issue_dates(today)
        self._issued_by_frequency: dict[Frequency, list[Period]] = defaultdict(list)
        for period in sorted(self.issued, key=lambda p: p.end):
            self._issued_by_frequency[period.frequency].append(period)
        indicators = (
            Indicator.objects.filter(published=True).select_related("org_unit")
            .only(*INDICATOR_FIELDS)
            .prefetch_related(Prefetch("pillars", queryset=Pillar.objects.order_by(
                "plan", "number")))
            .order_by("code")
        )
        if code is not None:
            indicators = indicators.filter(code=code)
        scrub = rules.name_remover(
            f"{first} {last}" for first, last in get_user_model().objects.values_list(
                "first_name", "last_name")
        )
        self._scrub = scrub
        self.pillar_order: list[str] = []
        self.indicators: list[PublicIndicator] = []
        for ind in indicators:
            pillars = tuple(str(p) for p in ind.pillars.all())
            for name in pillars:
                if name not in self.pillar_order:
                    self.pillar_order.append(name)
            self.indicators.append(PublicIndicator(
                id=ind.pk, code=ind.code, title=scrub(ind.title),
                definition=scrub(ind.definition), why_it_matters=scrub(ind.why_it_matters),
                unit=ind.unit, unit_label=ind.get_unit_display(),
                decimal_places=ind.decimal_places, polarity=ind.polarity,
                polarity_label=ind.get_polarity_display(), frequency=Frequency(ind.frequency),
                collection=ind.collection, collection_label=ind.get_collection_display(),
                aggregation=Aggregation(ind.aggregation), service=_service(ind.org_unit.path),
                pillars=pillars,
            ))
        self.pillar_order.sort(key=_pillar_number)
        self._figures: dict[int, list[PublicFigure]] = {}

    # --- reading ---------------------------------------------------------------------

    def scrub(self, text: str) -> str:
        """Free text as the public may read it: staff names taken out."""
        return self._scrub(text)

    def prepare(self) -> None:
        """Read everything now (the book and the corrections), so nothing is read from
        the database while a streamed file is being written."""
        _ = self._book, self._corrections

    @cached_property
    def latest_issue(self) -> date | None:
        """When the latest report was issued: the open data's "last updated"."""
        return max(self.issued.values(), default=None)

    @cached_property
    def _book(self) -> RatingBook | None:
        """Signed-off results of the published indicators (and those they roll up from)
        up to the end of the latest issued period, from far enough before the first one
        for its ratings' comparisons (the same period two years before, for an annual
        indicator's period before)."""
        if not self.issued or not self.indicators:
            return None
        first = min(self.issued, key=lambda p: p.start)
        last = max(self.issued, key=lambda p: p.end)
        since = Period.containing(first.start, Frequency.ANNUAL).shift(-2).start
        return RatingBook.load(
            last.end, since=since - timedelta(days=1),
            only=[ind.id for ind in self.indicators], approved_only=True,
        )

    @cached_property
    def _corrections(self) -> dict[tuple[int, str], tuple[PublicCorrection, ...]]:
        found: dict[tuple[int, str], list[PublicCorrection]] = defaultdict(list)
        if not self.indicators:
            return {}
        rows = Correction.objects.filter(
            result__indicator__published=True, result__status=ResultStatus.APPROVED,
        ).order_by("at", "pk").values_list(
            "result__indicator_id", "result__period", "old_actual", "new_actual", "reason",
            "at",
        )
        for indicator_id, period, old, new, reason, at in rows:
            found[(indicator_id, period)].append(PublicCorrection(
                corrected_on=timezone.localtime(at).date(), was=old, now=new,
                reason=self._scrub(reason),
            ))
        return {key: tuple(value) for key, value in found.items()}

    def figures(self, indicator: PublicIndicator) -> list[PublicFigure]:
        """Every published figure of the indicator, oldest first."""
        if indicator.id not in self._figures:
            self._figures[indicator.id] = [
                self._figure(indicator, period)
                for period in self._issued_by_frequency[indicator.frequency]
                if self._has_figure(indicator, period)
            ]
        return self._figures[indicator.id]

    def figure_as_at(self, indicator: PublicIndicator, as_at: Period) -> PublicFigure | None:
        """The figure the summary shows for the indicator as at the end of ``as_at``: its
        latest published figure by then (only that one is rated)."""
        candidates = [
            period for period in self._issued_by_frequency[indicator.frequency]
            if self._has_figure(indicator, period)
        ]
        latest = rules.latest_by(candidates, as_at)
        return self._figure(indicator, latest) if latest is not None else None

    def _has_figure(self, indicator: PublicIndicator, period: Period) -> bool:
        """A signed-off result for an issued period (or, for a roll-up, a figure rolled up
        from signed-off ones)."""
        book = self._book
        if book is None:
            return False
        if indicator.aggregation is Aggregation.NONE:
            return book.result(indicator.id, period) is not None
        return book.actual(indicator.id, period) is not None

    def _figure(self, indicator: PublicIndicator, period: Period) -> PublicFigure:
        book = self._book
        assert book is not None
        rating = book.rate(indicator.id, period)
        entered = rating.result
        published_on = rules.published_on(period, self.issued)
        assert published_on is not None
        return PublicFigure(
            period=period, published_on=published_on, actual=rating.actual,
            target=rating.rules.target, stretch_target=rating.rules.stretch_target,
            rag=rating.assessment.rag, direction=rating.assessment.direction,
            commentary=self._scrub(entered.commentary) if entered else "",
            improvement_activity=self._scrub(entered.improvement_activity) if entered else "",
            corrections=self._corrections.get((indicator.id, period.key), ()),
            amber_from=rating.amber_from,
            break_before=period in book.breaks.get(indicator.id, ()),
        )

    def live_at(self, indicator: PublicIndicator, as_at: Period) -> bool:
        """Not retired by the period's financial year (a retirement applies from its year)."""
        book = self._book
        if book is None:
            return True
        return book.facts(indicator.id, as_at).status is not IndicatorStatus.RETIRED

    def summary(self, as_at: Period) -> list[PillarSummary]:
        """Each pillar's published indicators as at the period, with RAG counts; any
        indicator measuring no pillar comes last, under "Other indicators"."""
        by_pillar: dict[str, list[tuple[PublicIndicator, PublicFigure | None]]] = {
            name: [] for name in self.pillar_order
        }
        for indicator in self.indicators:
            if not self.live_at(indicator, as_at):
                continue
            row = (indicator, self.figure_as_at(indicator, as_at))
            for name in indicator.pillars or (OTHER,):
                by_pillar.setdefault(name, []).append(row)
        summaries = []
        for name, rows in by_pillar.items():
            if not rows:
                continue
            counts: dict[Rag, int] = defaultdict(int)
            for _, figure in rows:
                counts[figure.rag if figure else Rag.NO_DATA] += 1
            summaries.append(PillarSummary(name=name, counts=dict(counts), rows=rows))
        return summaries


OTHER = "Other indicators"


def _pillar_number(name: str) -> tuple[int, str]:
    number, _, rest = name.partition(". ")
    return (int(number), rest) if number.isdigit() else (10**6, name)


def load(today: date | None = None, code: str | None = None) -> Publication:
    """What the public may see today (of one indicator, given its code)."""
    return Publication(today or timezone.localdate(), code)
