"""Rules that vary by financial year: tolerances, RAG policies and what counts as red for
consecutive periods."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from kpis.models.fields import VALUE_DIGITS, FinancialYearField
from kpis.models.indicators import Indicator
from reporting.engine import (
    DEFAULT_RED_PERIODS,
    MAX_RED_PERIODS,
    MIN_RED_PERIODS,
    BandBasis,
    Policy,
    PolicyKind,
)
from reporting.periods import Period


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
    history = HistoricalRecords()

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
    history = HistoricalRecords()

    class Meta:
        ordering = ["scope", "indicator", models.F("applies_from").asc(nulls_first=True)]
        constraints = scoped_constraints("policy")

    def __str__(self) -> str:
        who = self.indicator.code if self.indicator_id else self.get_scope_display()
        return f"{who}: {self.policy} from {self.since}"


class ExceptionRule(models.Model):
    """Red for how many periods running is reported as red for consecutive periods (an
    exception above plain red), versioned by financial year.

    The frameworks give no number, so it is the council's: 2 unless a rule says otherwise.
    A rule applies from ``applies_from`` (blank: from the start) until a later rule takes
    over, so setting 3 from 2026/27 leaves 2025/26's exceptions as they were reported.
    """

    applies_from = FinancialYearField(
        null=True, blank=True, help_text="First financial year, e.g. 2026-27; blank: always"
    )
    red_periods = models.PositiveSmallIntegerField(
        "red for how many periods running",
        default=DEFAULT_RED_PERIODS,
        validators=[MinValueValidator(MIN_RED_PERIODS), MaxValueValidator(MAX_RED_PERIODS)],
        help_text=f"Periods of the indicator's own frequency, this one included "
        f"({MIN_RED_PERIODS} to {MAX_RED_PERIODS})",
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why, and who agreed it")
    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("applies_from").asc(nulls_first=True)]
        constraints = [
            # Coalesced because SQLite treats NULLs as distinct in unique constraints.
            models.UniqueConstraint(
                Coalesce("applies_from", Value("")), name="exception_rule_one_a_year",
                violation_error_message="There is already a rule from that year: change it.",
            ),
            models.CheckConstraint(
                condition=Q(red_periods__gte=MIN_RED_PERIODS, red_periods__lte=MAX_RED_PERIODS),
                name="exception_rule_red_periods_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Red for {self.red_periods} periods running from {self.since}"

    @property
    def since(self) -> str:
        return Period.parse(self.applies_from).label if self.applies_from else "the start"
