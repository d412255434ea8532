"""Committees and boards that receive performance reports, and their remits."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from governance.remits import ReportingFrequency, Schedule
from kpis.models import Indicator, OrgUnit, PeriodField, Pillar, Portfolio
from reporting.formatting import date_text


class Committee(models.Model):
    """A board or committee that receives performance reports: its kind, how often it is
    reported (as data), its meetings, and its remit (which indicators it receives)."""

    class Kind(models.TextChoices):
        OFFICER_BOARD = "officer_board", "Officer board (COG, SLT, CLT, directorate team)"
        CABINET = "cabinet", "Cabinet"
        SCRUTINY = "scrutiny", "Scrutiny committee or panel"
        AUDIT = "audit", "Audit committee"
        FULL_COUNCIL = "full_council", "Full council"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    purpose = models.TextField(blank=True, help_text="What the committee does with the report")
    frequency = models.CharField(
        max_length=12, default=ReportingFrequency.QUARTERLY.value,
        choices=[(f.value, f.value.replace("_", "-").capitalize()) for f in ReportingFrequency],
        help_text="How often it is reported",
    )
    reporting_quarters = models.CharField(
        max_length=10, blank=True,
        help_text="Six-monthly or annual: the quarters it is reported, e.g. '2, 4' for Cabinet "
        "at the end of Q2 and Q4, '4' for an annual report",
    )
    # The remit: every filter set must match; hand-picked indicators are always in.
    remit_levels = models.JSONField(
        default=list, blank=True, help_text="Levels it receives (none: every level)"
    )
    remit_org_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="committees", verbose_name="remit: organisation units"
    )
    remit_pillars = models.ManyToManyField(
        Pillar, blank=True, related_name="committees", verbose_name="remit: pillars"
    )
    remit_portfolios = models.ManyToManyField(
        Portfolio, blank=True, related_name="committees", verbose_name="remit: portfolios"
    )
    takes_finance = models.BooleanField(
        "takes the financial position", default=False,
        help_text="Its pack has a section on the quarter's revenue budget position",
    )
    corporate_only = models.BooleanField(
        default=False, help_text="Receives corporate KPIs (flagged corporate) only"
    )
    exceptions_only = models.BooleanField(
        default=False, help_text="Receives exceptions only (red, or amber and deteriorating)"
    )
    remit_indicators = models.ManyToManyField(
        Indicator, blank=True, through="RemitIndicator", related_name="committees",
        verbose_name="remit: hand-picked indicators",
    )
    remit_agreed_by = models.CharField(
        max_length=200, blank=True,
        help_text="Who agreed the remit, e.g. 'Chief Officers Group' or 'CLT'",
    )
    remit_agreed_on = models.DateField(null=True, blank=True)
    reports_risks = models.BooleanField(
        default=False, help_text="Receives the performance and risk report: its pack has the "
        "risk section (an audit committee's always has)",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def schedule(self) -> Schedule:
        quarters = tuple(
            int(part) for part in self.reporting_quarters.replace(" ", "").split(",")
            if part.isdigit()
        )
        return Schedule(ReportingFrequency(self.frequency), quarters)

    def clean(self) -> None:
        parts = [p for p in self.reporting_quarters.replace(" ", "").split(",") if p]
        if any(not p.isdigit() for p in parts):
            raise ValidationError({"reporting_quarters": "Give quarters as numbers, e.g. 2, 4"})
        problems = self.schedule().problems()
        if problems:
            raise ValidationError({"reporting_quarters": problems[0]})
        levels = set(Indicator.Level.values)
        unknown = [level for level in self.remit_levels or [] if level not in levels]
        if unknown:
            raise ValidationError({"remit_levels": f"Not a level: {', '.join(unknown)}"})


class RemitIndicator(models.Model):
    """An indicator hand-picked for a committee, and who agreed it (Worcestershire: "COG
    will be responsible for agreeing the Corporate KPI for inclusion in Corporate
    Reports"; Cambridgeshire: CLT chooses each committee's indicators)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE)
    agreed_by = models.CharField(max_length=200, blank=True, help_text="e.g. 'COG'")
    agreed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["committee", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "indicator"], name="remit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} for {self.committee}"


class Meeting(models.Model):
    """A meeting that considers the report for a period. Papers go out a week before."""

    PAPERS_BEFORE = timedelta(days=7)

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    period = PeriodField(help_text="The period the report is as at, e.g. 2026-27-Q2")
    date = models.DateField()

    class Meta:
        ordering = ["date", "committee"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "period"], name="one_meeting_a_period"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} on {date_text(self.date)}"

    @property
    def papers_due(self) -> date:
        """When the pack must be issued: a week before the meeting."""
        return self.date - self.PAPERS_BEFORE


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
        return f"{self.get_kind_display()} to {self.user} on {date_text(self.sent_on)}"


class BoardNote(models.Model):
    """Additional commentary by the board: a director's note on an exception for one
    committee's pack (Worcestershire's assistant directors "provide additional commentary
    as required on exceptions"). Stored with the pack and attributed."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="notes")
    period = PeriodField()
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    note = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["committee", "period", "indicator", "at"]

    def __str__(self) -> str:
        return f"{self.committee} {self.period} {self.indicator.code}"


class IssuedPack(models.Model):
    """A committee pack as issued: the HTML, the PDF, the Word document and the data they
    show, stored once and never changed (the checksum proves it). Reissuing makes the next
    version."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="packs")
    period = PeriodField()
    version = models.PositiveIntegerField()
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(help_text="Every figure the pack shows, as issued")
    html = models.TextField()
    pdf = models.BinaryField()
    docx = models.BinaryField(help_text="The Word document")
    checksum = models.CharField(
        max_length=64, help_text="SHA-256 of the HTML, the PDF and the Word document"
    )
    changes = models.JSONField(
        default=list, blank=True, help_text="What changed since the previous version"
    )

    class Meta:
        ordering = ["committee", "period", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "period", "version"],
                                    name="one_pack_version"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.period} version {self.version}"


class PackBuild(models.Model):
    """A pack being built in the background (never in a web request): its progress, and
    the file once it is ready."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="builds")
    period = PeriodField()
    format = models.CharField(max_length=4, choices=[("pdf", "PDF"), ("docx", "Word"),
                                                     ("html", "HTML")])
    issue = models.BooleanField(
        default=False, help_text="Issue the pack (store it for good) rather than a draft"
    )
    issued = models.ForeignKey(
        "IssuedPack", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done")
    step = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.committee} {self.period} {self.format}: {self.get_status_display()}"

    @property
    def file_name(self) -> str:
        return f"{self.committee.slug}-{self.period}-draft.{self.format}"


from governance.delivery import (  # noqa: E402,F401  the delivery plan's models
    Action,
    ImprovementAction,
    ImprovementPlan,
    ImprovementPlanRule,
    Milestone,
    ProgressNote,
    TimescaleChange,
)
from governance.lifecycle_models import *  # noqa: E402,F403  (KPI lifecycle, data quality)

# Members' requests, escalations, the budget position and the plans register.
from governance.members_models import (  # noqa: E402, F401
    Escalation,
    FinanceImport,
    FinanceLine,
    MemberRequest,
    PlanOrStrategy,
)
from governance.risk_models import *  # noqa: E402,F403  the risk registers (issue 16)
