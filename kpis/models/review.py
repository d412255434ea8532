"""The annual review's decisions (the screens are in governance/)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from kpis.models.fields import PeriodField
from kpis.models.indicators import Indicator


class ReviewDecision(models.Model):
    """The annual review: what an approver decided about an indicator for the coming year."""

    class Decision(models.TextChoices):
        KEEP = "keep", "Keep as it is"
        CHANGE = "change", "Keep, with changes"
        RETIRE = "retire", "Retire"

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="review_decisions"
    )
    year = PeriodField(help_text="The financial year the decision is for, e.g. 2027-28")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["decided_at"])

    class Meta:
        ordering = ["year", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="one_decision_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.get_decision_display()}"
