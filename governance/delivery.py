"""The delivery plan's actions and milestones, their monthly progress notes and the changes
to their timescales; improvement plans for indicators that are red, and their actions.

Imported by ``governance/models.py`` so Django finds the models in the governance app.
Statuses are decided by ``governance/action_status.py`` and the need for a plan by
``governance/improvement_rules.py``; the writes go through ``governance/actions.py`` and
``governance/improvement.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from governance.action_status import OWNER_VIEWS, ActionFacts, ActionStatus, MilestoneFacts
from governance.improvement_rules import PlanTrigger
from kpis.models import FinancialYearField, Indicator, OrgUnit, PeriodField, Pillar, ResultStatus
from reporting.periods import Period

USER = settings.AUTH_USER_MODEL


class Action(models.Model):
    """An action in the council's delivery plan (Herefordshire's yearly "deliverables"),
    recorded beside the indicators of the same priority."""

    reference = models.CharField(max_length=20, unique=True, help_text="e.g. DP-07")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    year = FinancialYearField(help_text="The delivery plan's year, e.g. 2026-27")
    pillar = models.ForeignKey(
        Pillar, null=True, blank=True, on_delete=models.PROTECT, related_name="actions",
        help_text="The pillar or priority it delivers",
    )
    portfolio = models.ForeignKey(
        "kpis.Portfolio", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="actions", help_text="The Cabinet portfolio it belongs to",
    )
    plan = models.ForeignKey(
        "governance.PlanOrStrategy", null=True, blank=True, on_delete=models.PROTECT,
        related_name="actions", help_text="The plan or strategy in the register it delivers",
    )
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="actions", verbose_name="service"
    )
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="actions_owned")
    delegate = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_delegated",
        help_text="A colleague who may write the progress notes too",
    )
    starts = models.DateField(null=True, blank=True)
    due = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def facts(self) -> ActionFacts:
        """What the status rules need: prefetch ``milestones`` and ``notes`` for a list."""
        notes = list(self.notes.all())
        signed = [n for n in notes if n.status == ResultStatus.APPROVED]
        latest = max(signed, key=lambda n: n.period_obj.end) if signed else None
        return ActionFacts(
            starts=self.starts, due=self.due, completed_on=self.completed_on,
            milestones=[MilestoneFacts(m.title, m.due, m.completed_on)
                        for m in self.milestones.all()],
            owner_says=ActionStatus(latest.owner_says) if latest else None,
            progress_noted=any(n.status in (ResultStatus.SUBMITTED, ResultStatus.APPROVED)
                               for n in notes),
        )


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "due", "pk"]

    def __str__(self) -> str:
        return f"{self.action.reference}: {self.title}"


class ProgressNote(models.Model):
    """The owner's monthly progress note, entered like a result: saved as a draft,
    submitted, and signed off (or returned) by an approver of the action's service."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    period = PeriodField(help_text="The month it reports, e.g. 2026-10")
    note = models.TextField()
    owner_says = models.CharField(
        "the owner's view", max_length=12, default=ActionStatus.ON_TRACK,
        choices=[(s.value, s.label) for s in OWNER_VIEWS],
    )
    status = models.CharField(max_length=10, choices=ResultStatus.choices,
                              default=ResultStatus.DRAFT)
    entered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(null=True)
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", help_text="Who signed it off or returned it")
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["action", "period"], name="one_note_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference} {self.period_obj.label}"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)


class TimescaleChange(models.Model):
    """A change to an action's due date or a milestone's date, and who agreed it
    (Cambridgeshire: CLT "agrees actions to overcome problems and changes to timescales")."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="changes")
    milestone = models.ForeignKey(Milestone, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="changes", help_text="Blank: the action's due date")
    old_date = models.DateField()
    new_date = models.DateField()
    reason = models.TextField()
    agreed_by = models.CharField(max_length=200, help_text="e.g. 'CLT' or 'Cabinet'")
    agreed_on = models.DateField()
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-agreed_on", "-pk"]

    def __str__(self) -> str:
        what = self.milestone.title if self.milestone else "due date"
        return f"{self.action.reference} {what}: {self.old_date} to {self.new_date}"


class ImprovementPlanRule(models.Model):
    """The council's choice of when an indicator needs an improvement plan: every red
    indicator, or one red for consecutive periods. One row; none means every red one."""

    trigger = models.CharField(
        max_length=12, choices=[(t.value, t.label) for t in PlanTrigger],
        default=PlanTrigger.RED,
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why, and who agreed it")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return PlanTrigger(self.trigger).label

    @classmethod
    def in_force(cls) -> PlanTrigger:
        row = cls.objects.order_by("-pk").first()
        return PlanTrigger(row.trigger) if row else PlanTrigger.RED


class ImprovementPlan(models.Model):
    """An improvement plan for an indicator, in North West Leicestershire's six points."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT,
                                  related_name="improvement_plans")
    opened_for = PeriodField(help_text="The period whose result called for it, e.g. 2026-27-Q2")
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="plans_owned")
    issue = models.TextField("the issue")
    action_to_take = models.TextField("the action to be taken")
    timescales = models.TextField("the timescales")
    resources = models.TextField("the resources required")
    monitoring = models.TextField("how progress will be monitored and by whom")
    measure_of_success = models.TextField("what the measure of success will be")
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    closed_on = models.DateField(null=True, blank=True)
    closing_note = models.TextField(blank=True)
    success_met = models.BooleanField("the measure of success was met", null=True, blank=True)
    closed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "-created_at"]

    def __str__(self) -> str:
        return f"Improvement plan for {self.indicator.code} ({self.opened_for_label})"

    @property
    def opened_for_label(self) -> str:
        return Period.parse(self.opened_for).label

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class ImprovementAction(models.Model):
    """One action in an improvement plan, with its owner and due date. Overdue ones feed
    the exception report."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    due = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "due", "pk"]

    def __str__(self) -> str:
        return self.description

    def is_overdue(self, today) -> bool:
        return self.completed_on is None and self.due < today
