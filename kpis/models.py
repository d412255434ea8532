"""The register: the council, its organisation, its Corporate Plan, its indicators,
their targets and results.

Rating is not done here: ``reporting.engine`` decides every colour and
``reporting.ratings`` feeds it from these tables.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from reporting.engine import (
    Aggregation,
    BandBasis,
    Collection,
    IndicatorStatus,
    Polarity,
    Policy,
    PolicyKind,
    Rag,
)
from reporting.periods import Frequency, Period, PeriodError

# Values are stored exactly: 20 digits with 6 after the point covers £ in the
# billions and rates to a millionth.
VALUE_DIGITS = {"max_digits": 20, "decimal_places": 6}


def validate_period_key(value: str) -> None:
    try:
        Period.parse(value)
    except PeriodError as error:
        raise ValidationError(str(error)) from error


def validate_financial_year_key(value: str) -> None:
    validate_period_key(value)
    if Period.parse(value).frequency is not Frequency.ANNUAL:
        raise ValidationError(f"'{value}' is not a financial year such as 2025-26")


class PeriodField(models.CharField):
    """A canonical period key such as 2025-26, 2025-26-Q2 or 2025-10."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)
        if validate_period_key not in self.validators:
            self.validators.append(validate_period_key)


class FinancialYearField(models.CharField):
    """A financial year key such as 2025-26 (null means: from the start)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)
        if validate_financial_year_key not in self.validators:
            self.validators.append(validate_financial_year_key)


# --- organisation ------------------------------------------------------------


class Council(models.Model):
    """The council this installation serves (one per installation)."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name = "council"

    def __str__(self) -> str:
        return self.name


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        DIRECTORATE = "directorate", "Directorate"
        SERVICE = "service", "Service"
        TEAM = "team", "Team"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(
        max_length=600,
        unique=True,
        editable=False,
        help_text="Full name from the directorate down, e.g. 'Children and Families / Education'",
    )

    class Meta:
        ordering = ["path"]
        verbose_name = "organisation unit"
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name"),
        ]

    SEPARATOR = " / "

    def __str__(self) -> str:
        return self.path

    def save(self, *args, **kwargs):
        self.path = self.build_path()
        super().save(*args, **kwargs)

    def build_path(self) -> str:
        if self.parent_id is None:
            return self.name
        return f"{self.parent.path}{self.SEPARATOR}{self.name}"

    def clean(self) -> None:
        if self.SEPARATOR.strip() in self.name:
            raise ValidationError({"name": "A unit's name cannot contain '/'."})
        expected_parent = {
            self.Kind.DIRECTORATE: None,
            self.Kind.SERVICE: self.Kind.DIRECTORATE,
            self.Kind.TEAM: self.Kind.SERVICE,
        }[self.kind]
        if expected_parent is None and self.parent_id is not None:
            raise ValidationError({"parent": "A directorate sits at the top of the tree."})
        if expected_parent is not None and (
            self.parent_id is None or self.parent.kind != expected_parent
        ):
            raise ValidationError(
                {"parent": f"A {self.get_kind_display().lower()} belongs to a {expected_parent}."}
            )


# --- Corporate Plan ------------------------------------------------------------


class CorporatePlan(models.Model):
    title = models.CharField(max_length=200)
    starts = FinancialYearField(help_text="First financial year, e.g. 2022-23")
    ends = FinancialYearField(help_text="Last financial year, e.g. 2026-27")
    pillar_term = models.CharField(
        max_length=40,
        default="pillar",
        help_text="What this council calls the plan's themes: pillar, ambition, priority…",
    )

    def __str__(self) -> str:
        return self.title


class Pillar(models.Model):
    plan = models.ForeignKey(CorporatePlan, on_delete=models.CASCADE, related_name="pillars")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="pillar_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


# --- indicators -------------------------------------------------------------------


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
    data_source = models.TextField(blank=True, help_text="Where the figures come from")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.COUNCIL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["level"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
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
        return f"{self.comparator} {self.period}: {self.value}"


# --- rules that vary by year ----------------------------------------------------


def scoped_constraints(prefix: str) -> list[models.UniqueConstraint | models.CheckConstraint]:
    """One rule per scope, indicator and first year, and an indicator only when the scope
    is one indicator. Spelt out as partial constraints because SQLite treats NULLs as
    distinct in unique constraints."""
    return [
        models.UniqueConstraint(
            fields=["scope", "indicator", "applies_from"],
            condition=Q(indicator__isnull=False, applies_from__isnull=False),
            name=f"{prefix}_unique_indicator_year",
        ),
        models.UniqueConstraint(
            fields=["scope", "indicator"],
            condition=Q(indicator__isnull=False, applies_from__isnull=True),
            name=f"{prefix}_unique_indicator_always",
        ),
        models.UniqueConstraint(
            fields=["scope", "applies_from"],
            condition=Q(indicator__isnull=True, applies_from__isnull=False),
            name=f"{prefix}_unique_scope_year",
        ),
        models.UniqueConstraint(
            fields=["scope"],
            condition=Q(indicator__isnull=True, applies_from__isnull=True),
            name=f"{prefix}_unique_scope_always",
        ),
        models.CheckConstraint(
            condition=Q(scope="indicator", indicator__isnull=False)
            | (~Q(scope="indicator") & Q(indicator__isnull=True)),
            name=f"{prefix}_indicator_matches_scope",
        ),
    ]


class ScopedYearRule(models.Model):
    """A rule for the whole council, for financial indicators, or for one indicator,
    applying from a financial year until a later rule of the same scope replaces it."""

    class Scope(models.TextChoices):
        COUNCIL = "council", "Council default"
        FINANCIAL = "financial", "Financial indicators"
        INDICATOR = "indicator", "One indicator"

    scope = models.CharField(max_length=10, choices=Scope.choices)
    applies_from = FinancialYearField(
        null=True, blank=True, help_text="First financial year, e.g. 2025-26; blank: always"
    )

    class Meta:
        abstract = True

    @property
    def since(self) -> str:
        return Period.parse(self.applies_from).label if self.applies_from else "the start"

    def clean(self) -> None:
        if self.scope == self.Scope.INDICATOR and self.indicator_id is None:
            raise ValidationError({"indicator": "Choose the indicator this is for."})
        if self.scope != self.Scope.INDICATOR and self.indicator_id is not None:
            raise ValidationError({"indicator": "Only a rule for one indicator names one."})


class ToleranceRule(ScopedYearRule):
    """The amber band, versioned by financial year.

    A rule applies from ``applies_from`` (blank: from the start) until a later
    rule of the same scope takes over, so changing this year's tolerance never
    re-rates an earlier year. The most specific scope wins: an indicator's own
    rule, then the rule for financial indicators, then the council's.
    """

    indicator = models.ForeignKey(
        Indicator,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tolerance_rules",
    )
    tolerance_pct = models.DecimalField(
        "tolerance (% of target)",
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    tolerance_abs = models.DecimalField(
        "tolerance (in the indicator's units)",
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        **VALUE_DIGITS,
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        # "From the start" (null) sorts first on SQLite and PostgreSQL alike.
        ordering = ["scope", "indicator", models.F("applies_from").asc(nulls_first=True)]
        constraints = [
            models.CheckConstraint(
                condition=Q(tolerance_pct__isnull=False) | Q(tolerance_abs__isnull=False),
                name="tolerance_has_a_band",
            ),
            *scoped_constraints("tolerance"),
        ]

    def __str__(self) -> str:
        band = (
            f"{self.tolerance_abs} units" if self.tolerance_abs is not None
            else f"{self.tolerance_pct}%"
        )
        return f"{self.get_scope_display()}: {band} from {self.since}"

    def clean(self) -> None:
        super().clean()
        if self.tolerance_pct is None and self.tolerance_abs is None:
            raise ValidationError("Give a tolerance as a % of target or in the indicator's units.")
        if self.scope != self.Scope.INDICATOR and self.tolerance_abs is not None:
            raise ValidationError(
                {"tolerance_abs": "An absolute tolerance only makes sense for one indicator."}
            )


class RagPolicy(models.Model):
    """A named RAG scheme, as a council publishes it (see docs/rag-policies.md).

    A policy's scheme and thresholds cannot change once it is assigned: past
    periods were rated by it. To change the rules, make a new policy and assign
    it from the next financial year.
    """

    KIND_CHOICES = [
        (PolicyKind.TARGET_BAND.value, "Target with amber band"),
        (PolicyKind.GREEN_BAND.value, "Green band below target"),
        (PolicyKind.FLOOR.value, "Floor standard"),
        (PolicyKind.LOW_HIGH.value, "Low and high targets"),
        (PolicyKind.DIRECTION_DEPENDENT.value, "Direction-dependent"),
    ]
    BASIS_CHOICES = [
        (BandBasis.RELATIVE.value, "% of target"),
        (BandBasis.ABSOLUTE.value, "In the indicator's units"),
    ]
    RULE_FIELDS = ["kind", "basis", "green_band", "amber_band", "blue_for_stretch"]

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    basis = models.CharField(max_length=10, choices=BASIS_CHOICES, default="relative")
    green_band = models.DecimalField(
        null=True, blank=True, validators=[MinValueValidator(Decimal(0))],
        help_text="Green band below target: green within this of target",
        **VALUE_DIGITS,
    )
    amber_band = models.DecimalField(
        null=True, blank=True, validators=[MinValueValidator(Decimal(0))],
        help_text="Amber band beyond target (or the amber edge for a green band); "
        "blank: the tolerance in force",
        **VALUE_DIGITS,
    )
    blue_for_stretch = models.BooleanField(
        "blue when the stretch target is met", default=False
    )
    description = models.TextField(blank=True, help_text="The policy as the council words it")
    used_by = models.CharField(
        max_length=300, blank=True, help_text="Councils known to publish this scheme"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "RAG policy"
        verbose_name_plural = "RAG policies"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == PolicyKind.GREEN_BAND.value:
            if self.green_band is None or self.amber_band is None:
                raise ValidationError("A green band below target needs a green and an amber band.")
            if self.green_band > self.amber_band:
                raise ValidationError(
                    {"green_band": "The green band must be inside the amber band."}
                )
        if self.pk and self.assignments.exists():
            saved = RagPolicy.objects.get(pk=self.pk)
            changed = [f for f in self.RULE_FIELDS if getattr(saved, f) != getattr(self, f)]
            if changed:
                raise ValidationError(
                    "This policy has already rated results, so its rules cannot change. "
                    "Create a new policy and assign it from the next financial year."
                )

    def as_policy(self) -> Policy:
        return Policy(
            kind=PolicyKind(self.kind),
            basis=BandBasis(self.basis),
            green_band=self.green_band,
            amber_band=self.amber_band,
            blue_for_stretch=self.blue_for_stretch,
            name=self.name,
        )


class PolicyAssignment(ScopedYearRule):
    """Which RAG policy rates which indicators, from which financial year."""

    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.CASCADE,
        related_name="policy_assignments",
    )
    policy = models.ForeignKey(RagPolicy, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        ordering = ["scope", "indicator", models.F("applies_from").asc(nulls_first=True)]
        constraints = scoped_constraints("policy")

    def __str__(self) -> str:
        who = self.indicator.code if self.indicator_id else self.get_scope_display()
        return f"{who}: {self.policy} from {self.since}"


class PeriodQuerySet(models.QuerySet):
    def ending_by(self, day):
        return self.filter(period_end__lte=day)


class PeriodRow(models.Model):
    """Fields shared by rows that belong to one indicator and one period."""

    period = PeriodField()
    period_start = models.DateField(editable=False)
    period_end = models.DateField(editable=False)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.set_period_dates()
        super().save(*args, **kwargs)

    def set_period_dates(self) -> None:
        period = Period.parse(self.period)
        self.period_start, self.period_end = period.start, period.end

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def period_label(self) -> str:
        return self.period_obj.label


class Target(PeriodRow):
    """The target for one period; a financial-year target applies to each period
    of that year that has no target of its own."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    target = models.DecimalField(null=True, blank=True, **VALUE_DIGITS)
    stretch_target = models.DecimalField(null=True, blank=True, **VALUE_DIGITS)
    floor = models.DecimalField(
        "floor standard", null=True, blank=True, help_text="Floor standard policies: amber at "
        "or better than this", **VALUE_DIGITS
    )
    low_target = models.DecimalField(
        null=True, blank=True, help_text="Low and high targets: amber at or beyond this",
        **VALUE_DIGITS,
    )
    high_target = models.DecimalField(
        null=True, blank=True, help_text="Low and high targets: green at or beyond this",
        **VALUE_DIGITS,
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "period_end", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="target_unique_period"),
        ]
        indexes = [models.Index(fields=["period_end"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period}: {self.target}"


class Result(PeriodRow):
    """What happened in one period: the actual and the story behind it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results")
    actual = models.DecimalField(
        null=True, blank=True, help_text="Blank: no data yet", **VALUE_DIGITS
    )
    commentary = models.TextField(blank=True, help_text="The story behind the number")
    improvement_activity = models.TextField(blank=True)
    data_quality_note = models.TextField(blank=True)
    reported_rag = models.CharField(
        "RAG the council reported",
        max_length=10,
        blank=True,
        choices=[(r.value, r.label) for r in Rag if r.is_rated],
        help_text="As published, for the RAG audit",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="result_unique_period"),
        ]
        indexes = [models.Index(fields=["period_end", "indicator"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period}: {self.actual}"

    def clean(self) -> None:
        if self.indicator_id and self.period:
            try:
                period = Period.parse(self.period)
            except PeriodError:
                return
            if period.frequency.value != self.indicator.frequency:
                raise ValidationError(
                    {"period": f"{self.indicator.code} is reported {self.indicator.frequency}; "
                     f"{period.label} is not a {self.indicator.frequency} period."}
                )
