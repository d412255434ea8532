"""Indicators along the golden thread, with their history and benchmarks."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from kpis.models.fields import (
    VALUE_DIGITS,
    FinancialYearField,
    PeriodField,
    indicator_code_problem,
)
from kpis.models.organisation import OrgUnit, Pillar
from reporting.engine import Aggregation, Collection, IndicatorStatus, Polarity
from reporting.formatting import figure, period_label
from reporting.periods import Frequency, Period


def _choices(enum_cls, labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(member.value, labels[member.value]) for member in enum_cls]


class Indicator(models.Model):
    class Level(models.TextChoices):
        CORPORATE_PLAN_MEASURE = "corporate_plan_measure", "Corporate Plan measure"
        CORPORATE_KPI = "corporate_kpi", "Corporate KPI"
        DIRECTORATE_PI = "directorate_pi", "Directorate PI"
        SERVICE_PI = "service_pi", "Service PI"
        TEAM_PI = "team_pi", "Team PI"

    POLARITY_CHOICES = _choices(
        Polarity, {"higher": "Higher is better", "lower": "Lower is better", "none": "No polarity"}
    )
    FREQUENCY_CHOICES = _choices(
        Frequency, {"monthly": "Monthly", "quarterly": "Quarterly", "annual": "Annual"}
    )
    COLLECTION_CHOICES = _choices(
        Collection, {"discrete": "Discrete", "cumulative": "Cumulative year to date"}
    )
    STATUS_CHOICES = _choices(
        IndicatorStatus,
        {
            "targeted": "Targeted",
            "baseline": "Baseline",
            "contextual": "Contextual",
            "in_development": "In development",
            "retired": "Retired",
        },
    )
    AGGREGATION_CHOICES = _choices(
        Aggregation,
        {"none": "None (entered)", "sum": "Sum of children", "mean": "Mean of children"},
    )

    class Unit(models.TextChoices):
        PERCENT = "percent", "Percentage"
        NUMBER = "number", "Number"
        CURRENCY = "currency", "£"
        DAYS = "days", "Days"
        RATIO = "ratio", "Ratio"

    class MeasureType(models.TextChoices):
        OUTCOME = "outcome", "Outcome"
        OUTPUT = "output", "Output"
        INPUT = "input", "Input"
        PROCESS = "process", "Process"
        QUALITY = "quality", "Quality"

    class Timing(models.TextChoices):
        LEADING = "leading", "Leading"
        LAGGING = "lagging", "Lagging"

    class Source(models.TextChoices):
        STATUTORY = "statutory", "Statutory return"
        NATIONAL = "national", "National indicator"
        LOCAL = "local", "Local indicator"

    class Perspective(models.TextChoices):
        RESIDENTS = "residents", "Residents"
        CORPORATE = "corporate", "Corporate and staff"

    class Scope(models.TextChoices):
        COUNCIL = "council", "Council-controlled"
        SHARED = "shared", "Shared with partners"
        PLACE = "place", "Place outcome"

    code = models.CharField(max_length=30, unique=True)
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    why_it_matters = models.TextField(blank=True)
    level = models.CharField(max_length=30, choices=Level.choices)
    is_corporate = models.BooleanField(
        "corporate", default=False, help_text="Also reported as a corporate KPI"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The indicator this one feeds in the golden thread",
    )
    pillars = models.ManyToManyField(Pillar, blank=True, related_name="indicators")
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name="organisation unit",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_indicators",
    )
    portfolio = models.ForeignKey(
        "kpis.Portfolio", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="indicators", help_text="The Cabinet portfolio it belongs to",
    )
    accountable_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accountable_indicators",
    )
    polarity = models.CharField(max_length=10, choices=POLARITY_CHOICES)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    decimal_places = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(6)]
    )
    frequency = models.CharField(max_length=10, choices=FREQUENCY_CHOICES)
    collection = models.CharField(
        max_length=10, choices=COLLECTION_CHOICES, default=Collection.DISCRETE.value
    )
    status = models.CharField(
        max_length=20, choices=STATUS_CHOICES, default=IndicatorStatus.TARGETED.value
    )
    financial = models.BooleanField(default=False, help_text="A financial indicator (£, budget)")
    aggregation = models.CharField(
        max_length=10, choices=AGGREGATION_CHOICES, default=Aggregation.NONE.value
    )
    measure_type = models.CharField(
        max_length=10, choices=MeasureType.choices, default=MeasureType.OUTCOME
    )
    timing = models.CharField(
        "leading or lagging", max_length=10, choices=Timing.choices, default=Timing.LAGGING
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LOCAL)
    perspective = models.CharField(
        max_length=10, choices=Perspective.choices, default=Perspective.RESIDENTS,
        help_text="Whom it is about: residents, or the council as an organisation and its "
        "staff (Cambridgeshire's balanced scorecard)",
    )
    data_source = models.TextField(blank=True, help_text="Where the figures come from")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.COUNCIL)
    published = models.BooleanField(
        "published", default=False,
        help_text="Shown on the council's public pages and in its open data, for periods "
        "whose report has been issued, signed-off figures only (docs/open-data.md)",
    )
    allows_any_percentage = models.BooleanField(
        "percentages may fall outside 0 to 100",
        default=False,
        help_text="For a percentage change or a rate that can go negative or above 100",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[])

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["level"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        """A change to what the engine reads (polarity, collection, status) applies from a
        financial year; the years before keep their terms, so history is never re-rated.

        The year is ``self._terms_from`` when the caller chose one (the admin asks),
        otherwise the year after the latest result."""
        if self.pk is not None:
            self._keep_earlier_terms()
        super().save(*args, **kwargs)

    def _keep_earlier_terms(self) -> None:
        before = Indicator.objects.filter(pk=self.pk).values(*RATED_TERMS).first()
        if before is None or all(before[name] == getattr(self, name) for name in RATED_TERMS):
            return
        latest = self.results.order_by("-period_end").values_list("period_end", flat=True)
        if not latest:
            return
        from_year = getattr(self, "_terms_from", None) or Period.containing(
            latest[0], Frequency.ANNUAL
        ).next().key
        if not self.rating_terms.exists():
            RatingTerms.objects.create(indicator=self, applies_from=None, **before)
        RatingTerms.objects.update_or_create(
            indicator=self, applies_from=from_year,
            defaults={name: getattr(self, name) for name in RATED_TERMS},
        )

    def clean(self) -> None:
        # Checked here rather than by validators= on the field, which would need a migration.
        problem = indicator_code_problem(self.code)
        if problem:
            raise ValidationError({"code": problem[0].upper() + problem[1:]})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "An indicator cannot be its own parent."})
        seen = {self.pk}
        node = self.parent
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": "This parent would make a loop in the thread."})
            seen.add(node.pk)
            node = node.parent

    @property
    def period_frequency(self) -> Frequency:
        return Frequency(self.frequency)

    def figure(self, value, missing: str = "") -> str:
        """One of this indicator's values as people read it: £6,692,013, 87.6%, 2.21 days
        (``reporting.formatting``: its unit and decimal places)."""
        return figure(value, self.unit, self.decimal_places, missing=missing)


RATED_TERMS = ("polarity", "collection", "status")


class RatingTerms(models.Model):
    """What the engine reads from an indicator, in force from a financial year.

    Written by ``Indicator.save`` when polarity, collection or status change on an
    indicator that has results: one row keeps the terms the earlier years were rated
    under, another holds the new terms from the year they apply. Without rows, the
    indicator's own fields apply to every year.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="rating_terms"
    )
    applies_from = FinancialYearField(
        null=True, blank=True, help_text="First financial year; blank: from the start"
    )
    polarity = models.CharField(max_length=10, choices=Indicator.POLARITY_CHOICES)
    collection = models.CharField(max_length=10, choices=Indicator.COLLECTION_CHOICES)
    status = models.CharField(max_length=20, choices=Indicator.STATUS_CHOICES)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        # "From the start" first on every database (PostgreSQL sorts nulls last).
        ordering = ["indicator", models.F("applies_from").asc(nulls_first=True)]
        verbose_name_plural = "rating terms"

    def __str__(self) -> str:
        start = Period.parse(self.applies_from).label if self.applies_from else "the start"
        return f"{self.indicator.code} from {start}: {self.polarity}, {self.collection}"


class FormerCode(models.Model):
    """A code an indicator used to have: still searchable."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="former_codes")
    code = models.CharField(max_length=30, db_index=True)
    until = FinancialYearField(
        null=True, blank=True, help_text="Last financial year the old code was used"
    )

    def __str__(self) -> str:
        return self.code


class SeriesBreak(models.Model):
    """A change of definition: the series starts again at ``period``.

    Direction of travel is not compared across a break, and charts do not join
    the line across it.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="series_breaks"
    )
    period = PeriodField(help_text="First period measured under the new definition")
    reason = models.TextField()

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="break_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} from {Period.parse(self.period).label}"


class Benchmark(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    comparator = models.CharField(
        max_length=100, help_text="e.g. National average, CIPFA nearest neighbours, Best in class"
    )
    period = PeriodField()
    value = models.DecimalField(**VALUE_DIGITS)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["indicator", "comparator", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "comparator", "period"], name="benchmark_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.comparator} {period_label(self.period)}: {self.indicator.figure(self.value)}"
