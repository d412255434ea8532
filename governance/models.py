"""Committees and boards that receive performance reports, and their remits."""

from django.conf import settings
from django.db import models

from kpis.models import OrgUnit, PeriodField, Pillar


class Committee(models.Model):
    class Kind(models.TextChoices):
        OFFICER_BOARD = "officer_board", "Officer board (COG, SLT, CLT)"
        CABINET = "cabinet", "Cabinet"
        SCRUTINY = "scrutiny", "Scrutiny committee"
        AUDIT = "audit", "Audit committee"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    remit_org_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="committees", verbose_name="remit: organisation units"
    )
    remit_pillars = models.ManyToManyField(
        Pillar, blank=True, related_name="committees", verbose_name="remit: pillars"
    )
    corporate_only = models.BooleanField(
        default=False, help_text="Receives corporate KPIs and Corporate Plan measures only"
    )
    meets_quarterly = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReportingPeriod(models.Model):
    """The reporting calendar: when results for a period are due and signed off, and
    when the committee report for it was issued (which locks approved results)."""

    period = PeriodField(unique=True)
    entry_deadline = models.DateField(help_text="Officers enter results by this date")
    signoff_deadline = models.DateField(help_text="Approvers sign results off by this date")
    issued_on = models.DateField(
        null=True, blank=True,
        help_text="The committee report was issued: approved results are locked",
    )

    class Meta:
        ordering = ["-entry_deadline"]

    def __str__(self) -> str:
        from reporting.periods import Period

        return Period.parse(self.period).label


class ReminderSent(models.Model):
    """One reminder email to one person on one day, so send_reminders is idempotent."""

    class Kind(models.TextChoices):
        ENTRY = "entry", "Results to enter"
        SIGNOFF = "signoff", "Results to sign off"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_on = models.DateField()
    items = models.PositiveIntegerField()

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "sent_on"], name="one_reminder_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.user} on {self.sent_on:%-d %B %Y}"
