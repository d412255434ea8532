"""The KPI lifecycle (proposals, changes, retirement, the annual review's record) and the
quarterly data-quality audits. Imported by governance/models.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from kpis.models import (
    VALUE_DIGITS,
    FinancialYearField,
    Indicator,
    OrgUnit,
    PeriodField,
    ReviewDecision,
)
from reporting.periods import Period

__all__ = [
    "AuditedIndicator", "DataQualityAudit", "DefinitionVersion", "FollowUp",
    "IndicatorProposal", "LevelOwner", "ReviewRecord", "SmartCriterion",
]


class SmartCriterion(models.Model):
    """One letter of SMART in the council's own words (governance/smart.py holds the
    published wordings of Worcestershire, North West Leicestershire and Cambridgeshire)."""

    letter = models.CharField(max_length=1, unique=True)
    name = models.CharField(max_length=40, help_text="e.g. 'Time-bound' or 'Timely'")
    wording = models.TextField(help_text="What the council asks of an indicator")
    source = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "letter"]
        verbose_name_plural = "SMART criteria"

    def __str__(self) -> str:
        return f"{self.letter}: {self.name}"


class LevelOwner(models.Model):
    """The board that approves new indicators, and changes to live ones, at a level
    (Worcestershire: COG agrees the corporate KPIs; a directorate leadership team its
    service PIs). A stated mapping, kept as data."""

    level = models.CharField(max_length=30, choices=Indicator.Level.choices, unique=True)
    committee = models.ForeignKey(
        "governance.Committee", on_delete=models.PROTECT, related_name="owned_levels"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["level"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.committee}"


class IndicatorProposal(models.Model):
    """A new indicator, or a change to a live one's definition or target, put to the
    board that owns its level; approved or rejected there with the reasons recorded."""

    class Kind(models.TextChoices):
        NEW = "new", "New indicator"
        CHANGE = "change", "Change to a live indicator"

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting decision"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals",
        help_text="The live indicator to change; for a new one, the indicator once approved",
    )
    code = models.CharField(max_length=30, blank=True)
    title = models.CharField(max_length=300, blank=True)
    definition = models.TextField(blank=True, help_text="A change: blank keeps the definition")
    level = models.CharField(max_length=30, choices=Indicator.Level.choices)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="organisation unit"
    )
    unit = models.CharField(max_length=10, choices=Indicator.Unit.choices, blank=True)
    polarity = models.CharField(max_length=10, choices=Indicator.POLARITY_CHOICES, blank=True)
    frequency = models.CharField(max_length=10, choices=Indicator.FREQUENCY_CHOICES,
                                 blank=True)
    collection = models.CharField(max_length=10, choices=Indicator.COLLECTION_CHOICES,
                                  blank=True)
    target = models.DecimalField(
        **VALUE_DIGITS, null=True, blank=True,
        help_text="The annual target from the first year (a change: blank keeps it)",
    )
    from_year = FinancialYearField(help_text="The financial year it takes effect from")
    reason = models.TextField(help_text="Why: what it measures and why, or what changes")
    smart = models.JSONField(default=list, blank=True,
                             help_text="The SMART assessment in the council's wording")
    board = models.ForeignKey(
        "governance.Committee", on_delete=models.PROTECT, related_name="proposals"
    )
    review_decision = models.ForeignKey(
        ReviewDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The annual review decision that opened this change",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    @property
    def name(self) -> str:
        if self.kind == self.Kind.CHANGE and self.indicator_id:
            return str(self.indicator)
        return f"{self.code} {self.title}".strip()

    @property
    def from_year_label(self) -> str:
        return Period.parse(self.from_year).label


class DefinitionVersion(models.Model):
    """An indicator's title and definition in force from a financial year: an approved
    change makes a new version, and the earlier years keep theirs."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="definition_versions"
    )
    applies_from = FinancialYearField(
        null=True, blank=True, help_text="First financial year; blank: from the start"
    )
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    proposal = models.ForeignKey(
        IndicatorProposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", models.F("applies_from").asc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "applies_from"],
                                    name="one_definition_a_year"),
        ]

    def __str__(self) -> str:
        start = Period.parse(self.applies_from).label if self.applies_from else "the start"
        return f"{self.indicator.code} from {start}"


class ReviewRecord(models.Model):
    """What the annual review did, for one board: the indicators at its levels kept,
    changed (a change opened for its approval), added and retired for the year."""

    committee = models.ForeignKey(
        "governance.Committee", on_delete=models.PROTECT, related_name="review_records"
    )
    year = FinancialYearField()
    kept = models.JSONField(default=list, blank=True)
    changed = models.JSONField(default=list, blank=True)
    added = models.JSONField(default=list, blank=True)
    retired = models.JSONField(default=list, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "committee"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="one_record_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.committee}: annual review for {Period.parse(self.year).label}"


class DataQualityAudit(models.Model):
    """One quarter's data-quality audit: the sample drawn (reproducible from its seed)."""

    period = PeriodField(unique=True, help_text="The quarter audited, e.g. 2026-27-Q2")
    seed = models.BigIntegerField(help_text="The random seed the sample was drawn with")
    per_committee = models.PositiveSmallIntegerField(default=2)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_at = models.DateTimeField()
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"Data-quality audit of {Period.parse(self.period).label}"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)


class AuditedIndicator(models.Model):
    """One sampled indicator: the five checks' answers and evidence notes, and the
    finding."""

    audit = models.ForeignKey(DataQualityAudit, on_delete=models.CASCADE,
                              related_name="sampled")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    stratum = models.CharField(max_length=200, help_text="The committee it was drawn for")
    checks = models.JSONField(
        default=dict, blank=True,
        help_text="Each check's answer and evidence: {key: {answer, evidence}}",
    )
    finding = models.TextField(blank=True)
    audited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    audited_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "stratum", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "indicator"], name="sampled_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} in {self.audit}"


class FollowUp(models.Model):
    """An action a finding asks for, its owner and when it is due."""

    audited = models.ForeignKey(AuditedIndicator, on_delete=models.CASCADE,
                                related_name="follow_ups")
    action = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    due = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.action[:60]
