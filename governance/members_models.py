"""Members' requests, performance escalations, the budget position beside performance, and
the register of plans and strategies. The rules are in ``governance/scrutiny.py`` and
``governance/finance.py``; these tables keep what they decided, attributed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from governance import finance, scrutiny
from kpis.models import Indicator, OrgUnit, PeriodField


class MemberRequest(models.Model):
    """A committee's request or recommendation, recorded against the meeting and the
    indicators it is about, assigned to an officer with a due date, answered, and tracked
    to closure. Every change is kept in its history."""

    KINDS = [(k.value, k.label) for k in scrutiny.RequestKind]
    STATUSES = [(s.value, s.label) for s in scrutiny.RequestStatus]

    committee = models.ForeignKey(
        "governance.Committee", on_delete=models.PROTECT, related_name="member_requests"
    )
    meeting = models.ForeignKey(
        "governance.Meeting", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="member_requests", help_text="The meeting it was raised at",
    )
    kind = models.CharField(max_length=20, choices=KINDS)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="member_requests")
    raised = models.TextField(help_text="What the committee asked or recommended, as minuted")
    raised_by = models.CharField(
        max_length=200, blank=True, help_text="The member who raised it, e.g. 'Cllr Jo Evans'"
    )
    raised_on = models.DateField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="member_requests", help_text="The officer who answers it",
    )
    due_on = models.DateField("answer due")
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(max_length=10, choices=STATUSES,
                              default=scrutiny.RequestStatus.OPEN.value)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(
        blank=True, help_text="Why it was reopened or closed, as the committee said"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering = ["-raised_on", "-pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.committee} ({self.raised_on:%d/%m/%Y})"

    def is_overdue(self, today: date) -> bool:
        return scrutiny.is_overdue(self.status, self.due_on, today)

    @property
    def reference(self) -> str:
        return f"MR{self.pk:04d}"


class Escalation(models.Model):
    """A performance issue escalated one level up: from the service to the directorate,
    from the directorate to the corporate level, with the reason, who and when, and the
    board that receives it (its page and its pack show it)."""

    LEVELS = [(level.value, level.label) for level in scrutiny.LEVELS]

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="escalations")
    period = PeriodField(help_text="The period whose performance is escalated")
    from_level = models.CharField(max_length=12, choices=LEVELS)
    to_level = models.CharField(max_length=12, choices=LEVELS)
    to_board = models.ForeignKey(
        "governance.Committee", on_delete=models.PROTECT, related_name="escalations",
        verbose_name="receiving board",
    )
    reason = models.TextField(
        help_text="The new or emerging issue, or how the improvement activity has failed"
    )
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
    )
    escalated_at = models.DateTimeField()
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_steps",
        help_text="The escalation at the level below, when this carries it further",
    )
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="Who recorded the resolution",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-escalated_at"]
        indexes = [models.Index(fields=["to_board", "resolved_on"])]

    def __str__(self) -> str:
        return (f"{self.indicator.code}: {self.get_from_level_display()} to "
                f"{self.get_to_level_display()}")

    @property
    def reference(self) -> str:
        return f"ES{self.pk:04d}"


class FinanceImport(models.Model):
    """One import of the quarter's revenue budget position from the finance system. A new
    import for the same quarter replaces the last one whole (its lines are deleted)."""

    period = PeriodField(help_text="The quarter, e.g. 2025-26-Q2")
    file_name = models.CharField(max_length=300)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
    )
    imported_at = models.DateTimeField()
    rows = models.PositiveIntegerField()

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.period} from {self.file_name}"


class FinanceLine(models.Model):
    """A directorate's or a service's revenue budget position for a quarter."""

    period = PeriodField()
    source = models.ForeignKey(FinanceImport, on_delete=models.CASCADE, related_name="lines")
    directorate = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Blank: the directorate's own line",
    )
    budget = models.DecimalField(max_digits=16, decimal_places=2)
    forecast = models.DecimalField("forecast outturn", max_digits=16, decimal_places=2)
    commentary = models.TextField(blank=True)

    class Meta:
        ordering = ["period", "directorate__path", models.F("service__path").asc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(fields=["period", "directorate", "service"],
                                    name="one_finance_line_a_service"),
            models.UniqueConstraint(fields=["period", "directorate"],
                                    condition=models.Q(service=None),
                                    name="one_finance_line_a_directorate"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {(self.service or self.directorate).path}"

    @property
    def variance(self) -> Decimal:
        return finance.variance(self.budget, self.forecast)


class PlanOrStrategy(models.Model):
    """A plan or strategy in the council's register: who owns it, when it is reviewed, and
    the indicators that measure it. The reporting matrix (``governance/matrix.py``) says
    where it is reported from the committees' remits. Delivery plan actions say which plan
    they deliver (``Action.plan``), and the plan's page lists them with their status."""

    class Kind(models.TextChoices):
        PLAN = "plan", "Plan"
        STRATEGY = "strategy", "Strategy"
        POLICY = "policy", "Policy"
        PARTNERSHIP = "partnership", "Partnership plan"

    title = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PLAN)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="strategies_owned",
    )
    directorate = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": OrgUnit.Kind.DIRECTORATE},
        help_text="Blank: corporate (every directorate)",
    )
    approved_by = models.CharField(max_length=200, blank=True, help_text="e.g. 'Cabinet'")
    approved_on = models.DateField(null=True, blank=True)
    review_on = models.DateField("next review", null=True, blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="plans")
    summary = models.TextField(blank=True)
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering = ["title"]
        verbose_name = "plan or strategy"
        verbose_name_plural = "plans and strategies"

    def __str__(self) -> str:
        return self.title

    def review_overdue(self, today: date) -> bool:
        return self.review_on is not None and self.review_on < today
