"""Results: what happened in one period, its sign-off steps and corrections after issue."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from kpis.models.fields import VALUE_DIGITS
from kpis.models.indicators import Indicator
from kpis.models.period_rows import PeriodRow
from reporting.engine import Rag
from reporting.periods import Period, PeriodError


class ResultStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting sign-off"
    RETURNED = "returned", "Returned for rework"
    APPROVED = "approved", "Approved"

    @classmethod
    def editable(cls) -> tuple[str, ...]:
        """An officer changes a draft or a returned result; a submitted one waits for its
        approver, an approved one for the performance team to reopen it."""
        return (cls.DRAFT, cls.RETURNED)


# The GOV.UK tag colour for each status (no result yet: grey "Not started").
STATUS_TAG_COLOURS = {
    ResultStatus.DRAFT: "grey", ResultStatus.SUBMITTED: "blue",
    ResultStatus.RETURNED: "orange", ResultStatus.APPROVED: "green",
}


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
    status = models.CharField(
        max_length=10, choices=ResultStatus.choices, default=ResultStatus.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up on every save, so a second editor cannot overwrite the first"
    )
    history = HistoricalRecords(excluded_fields=["period_start", "period_end", "updated_at"])

    class Meta:
        ordering = ["indicator", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="result_unique_period"),
        ]
        indexes = [models.Index(fields=["period_end", "indicator"])]

    def __str__(self) -> str:
        return (f"{self.indicator.code} {self.period_label}: "
                f"{self.indicator.figure(self.actual, missing='no figure')}")

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


class ResultTransition(models.Model):
    """One step of a result's sign-off: who moved it, when, and why."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=ResultStatus.choices)
    to_status = models.CharField(max_length=10, choices=ResultStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["result", "at", "pk"]

    def __str__(self) -> str:
        before = ResultStatus(self.from_status).label if self.from_status else "New"
        return f"{self.result} {before} → {ResultStatus(self.to_status).label}"


class Correction(models.Model):
    """A correction after issue: a locked figure changed once its committee report had
    gone out. The issued report never changes; this row keeps what it showed, and the
    next report lists the correction ("corrections to figures reported earlier")."""

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="corrections")
    old_actual = models.DecimalField(null=True, blank=True, **VALUE_DIGITS)
    new_actual = models.DecimalField(null=True, blank=True, **VALUE_DIGITS)
    old_commentary = models.TextField(blank=True)
    new_commentary = models.TextField(blank=True)
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["result", "at", "pk"]
        indexes = [models.Index(fields=["at"])]

    def __str__(self) -> str:
        figure = self.result.indicator.figure
        return (f"{self.result.indicator.code} {self.result.period_label}: "
                f"{figure(self.old_actual, 'no figure')} → {figure(self.new_actual, 'no figure')}")
