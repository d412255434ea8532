"""Targets: what an indicator aims for in one period (or its financial year)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from kpis.models.fields import VALUE_DIGITS
from kpis.models.indicators import Indicator
from kpis.models.period_rows import PeriodRow


class TargetType(models.TextChoices):
    IMPROVE = "improve", "Improve"
    MAINTAIN = "maintain", "Maintain"
    ZERO_DEFICIT = "zero_deficit", "Zero deficit"
    STRETCH = "stretch", "Stretch"
    BENCHMARK = "benchmark", "Benchmark-based"


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
    target_type = models.CharField(max_length=20, choices=TargetType.choices, blank=True)
    rationale = models.TextField(blank=True, help_text="Why this target: the evidence")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["period_start", "period_end", "updated_at"])

    class Meta:
        ordering = ["indicator", "period_end", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="target_unique_period"),
        ]
        indexes = [models.Index(fields=["period_end"])]

    def __str__(self) -> str:
        return (f"{self.indicator.code} {self.period_label}: "
                f"{self.indicator.figure(self.target, missing='no target')}")
