"""Targets and results: one row per indicator per period."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from kpis.models.fields import VALUE_DIGITS, PeriodField
from kpis.models.indicators import Indicator
from reporting.engine import Rag
from reporting.periods import Period, PeriodError


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
        return f"{self.indicator_id} {self.period}: {self.target}"


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
        return f"{self.result} {self.from_status} → {self.to_status}"


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
        return f"{self.result}: {self.old_actual} → {self.new_actual}"


class Delegation(models.Model):
    """An owner or approver lets a colleague enter results for an indicator until a date."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="delegations")
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegations"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ends_on = models.DateField(help_text="Last day the colleague may enter results")
    created_at = models.DateTimeField(auto_now_add=True)
    # Ending a delegation deletes it: the history's deletion record keeps who ended it,
    # when and why, so permissions only ever look at the rows that exist.
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["indicator", "-ends_on"]
        indexes = [models.Index(fields=["delegate", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} to {self.delegate} until {self.ends_on:%-d %B %Y}"

    def clean(self) -> None:
        from kpis import permissions

        if self.delegate_id and not permissions.may_enter_results(self.delegate):
            raise ValidationError({"delegate": (
                "Entry can be delegated only to staff who enter results (officers, "
                "approvers, the performance team), never to a councillor or an auditor"
            )})


class BulkUpload(models.Model):
    """A checked spreadsheet of results waiting for its uploader to confirm it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bulk_uploads"
    )
    file_name = models.CharField(max_length=255)
    submit = models.BooleanField(default=False, help_text="Submit the results for sign-off")
    rows = models.JSONField(help_text="The rows as checked, ready to save")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} by {self.user} at {self.created_at:%-d %B %Y %H:%M}"


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
