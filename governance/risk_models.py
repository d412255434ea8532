"""Risk registers: the council's scheme (scales, bands, thresholds and appetite, as data),
its registers, their risks, further actions and the escalation decisions recorded.

The rules themselves are in ``governance/risk_rules.py``; ``RiskScheme.as_rules`` turns the
rows into the scheme those rules take.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from governance import risk_rules
from kpis.models import Indicator, OrgUnit

__all__ = [
    "AppetiteLevel", "EscalationDecision", "FurtherAction", "RegisterThreshold", "Risk",
    "RiskBand", "RiskCategory", "RiskRegister", "RiskScheme",
]

SCALE = [MinValueValidator(1), MaxValueValidator(5)]
SCALE_CHOICES = [(n, str(n)) for n in range(1, 6)]
SCORE_FIELDS = ("inherent_likelihood", "inherent_impact", "likelihood", "impact",
                "target_likelihood", "target_impact")
# Where a form shows a problem with a pair of scores: beside its likelihood.
SCORE_ERROR_FIELD = {"inherent": "inherent_likelihood", "current": "likelihood",
                     "target": "target_likelihood"}


class RiskScheme(models.Model):
    """The council's risk scoring scheme. The first one is the one in force; the
    migration ships a common 5 × 5 scheme to be changed to the council's own."""

    name = models.CharField(max_length=200, default="5 × 5 risk matrix")
    likelihood_labels = models.JSONField(
        default=list, help_text="Five labels, lowest first, e.g. Rare, Unlikely, Possible, "
        "Likely, Almost certain",
    )
    impact_labels = models.JSONField(
        default=list, help_text="Five labels, lowest first, e.g. Negligible, Minor, Moderate, "
        "Major, Critical",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        for name in ("likelihood_labels", "impact_labels"):
            labels = getattr(self, name)
            if not isinstance(labels, list) or len(labels) != 5 or not all(
                isinstance(label, str) and label.strip() for label in labels
            ):
                raise ValidationError({name: "Give five labels, lowest first"})

    @classmethod
    def in_force(cls) -> risk_rules.Scheme:
        """The scheme in force as the rules take it (four queries), or the default."""
        scheme = cls.objects.order_by("pk").first()
        if scheme is None:
            return risk_rules.DEFAULT_SCHEME
        return scheme.as_rules()

    def as_rules(self) -> risk_rules.Scheme:
        return risk_rules.Scheme(
            likelihood=tuple(self.likelihood_labels),
            impact=tuple(self.impact_labels),
            bands=tuple(
                risk_rules.Band(b.name, b.lowest, b.highest) for b in self.bands.all()
            ),
            thresholds={
                risk_rules.Level(t.level): risk_rules.Thresholds(t.escalate_at,
                                                                 t.step_down_below)
                for t in self.thresholds.all()
            },
            appetites={
                c.name: risk_rules.Appetite(c.appetite.name, c.appetite.highest)
                for c in RiskCategory.objects.select_related("appetite")
                if c.appetite is not None
            },
        )


class RiskBand(models.Model):
    scheme = models.ForeignKey(RiskScheme, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(max_length=50)
    lowest = models.PositiveSmallIntegerField(help_text="Lowest score in the band")
    highest = models.PositiveSmallIntegerField(help_text="Highest score in the band")
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "lowest"]

    def __str__(self) -> str:
        return f"{self.name} ({self.lowest} to {self.highest})"


class RegisterThreshold(models.Model):
    """When a risk on a register of this level is flagged to move."""

    scheme = models.ForeignKey(RiskScheme, on_delete=models.CASCADE, related_name="thresholds")
    level = models.CharField(max_length=12, choices=[(lv.value, lv.label)
                                                     for lv in risk_rules.Level])
    escalate_at = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="A current score this high or higher is flagged for escalation "
        "(blank: never)",
    )
    step_down_below = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="A current score below this is flagged for step-down or closure "
        "(blank: never)",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "level"]
        constraints = [models.UniqueConstraint(fields=["scheme", "level"],
                                               name="one_threshold_a_level")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} registers"


class AppetiteLevel(models.Model):
    """A level of risk appetite (Averse, Minimal, Cautious, Open, Eager) and the highest
    current score the council tolerates at that level."""

    name = models.CharField(max_length=50, unique=True)
    highest = models.PositiveSmallIntegerField(help_text="Highest current score tolerated")
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["highest"]

    def __str__(self) -> str:
        return f"{self.name} (up to {self.highest})"


class RiskCategory(models.Model):
    """A category of risk and the council's appetite for it."""

    name = models.CharField(max_length=100, unique=True)
    appetite = models.ForeignKey(AppetiteLevel, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="categories")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "risk categories"

    def __str__(self) -> str:
        return self.name


class RiskRegister(models.Model):
    """A corporate, directorate, service, programme or project register. ``escalates_to``
    is the next register up: where a risk flagged for escalation would go."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    level = models.CharField(max_length=12, choices=[(lv.value, lv.label)
                                                     for lv in risk_rules.Level])
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="risk_registers")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="risk_registers_owned",
                              help_text="Who keeps the register: they raise and change its "
                              "risks")
    escalates_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="feeders",
                                     help_text="The next register up")
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def rules_level(self) -> risk_rules.Level:
        return risk_rules.Level(self.level)

    def clean(self) -> None:
        """Refuses a loop in the line of registers (``risk_rules.makes_a_cycle``): the
        admin and the register screen both ask here."""
        if self.escalates_to_id is None:
            return
        above = dict(RiskRegister.objects.values_list("pk", "escalates_to_id"))
        if risk_rules.makes_a_cycle(above, self.pk, self.escalates_to_id):
            raise ValidationError({"escalates_to": "A register cannot escalate to itself or "
                                   "to a register beneath it: choose a register higher up"})


class Risk(models.Model):
    """A risk: who owns it, its cause, event and consequence, the controls in place, and
    its likelihood and impact before controls (inherent), now (current, after controls)
    and the target."""

    register = models.ForeignKey(RiskRegister, on_delete=models.PROTECT, related_name="risks")
    reference = models.CharField(max_length=20, unique=True, help_text="e.g. CR01")
    title = models.CharField(max_length=200)
    category = models.ForeignKey(RiskCategory, on_delete=models.PROTECT, related_name="risks")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="risks_owned")
    cause = models.TextField(help_text="Because of ...")
    event = models.TextField(help_text="There is a risk that ...")
    consequence = models.TextField(help_text="Which would lead to ...")
    controls = models.TextField("current controls", blank=True)
    inherent_likelihood = models.PositiveSmallIntegerField(
        "likelihood before controls", validators=SCALE, choices=SCALE_CHOICES)
    inherent_impact = models.PositiveSmallIntegerField(
        "impact before controls", validators=SCALE, choices=SCALE_CHOICES)
    likelihood = models.PositiveSmallIntegerField(
        "current likelihood", validators=SCALE, choices=SCALE_CHOICES,
        help_text="After the current controls")
    impact = models.PositiveSmallIntegerField(
        "current impact", validators=SCALE, choices=SCALE_CHOICES,
        help_text="After the current controls")
    target_likelihood = models.PositiveSmallIntegerField(validators=SCALE,
                                                         choices=SCALE_CHOICES)
    target_impact = models.PositiveSmallIntegerField(validators=SCALE, choices=SCALE_CHOICES)
    review_due = models.DateField("next review")
    last_reviewed = models.DateField(null=True, blank=True)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="risks",
                                        help_text="Indicators that warn of this risk")
    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def clean_fields(self, exclude=None) -> None:
        """The scores follow the scheme in force (``risk_rules.score_problems``) wherever a
        risk is written: the admin, raising a risk and reviewing one. The check is here,
        not in ``clean``, because it needs all six scores: a form without them (changing
        the description) skips it rather than reporting on fields it does not show."""
        super().clean_fields(exclude=exclude)
        if exclude and set(SCORE_FIELDS) & set(exclude):
            return
        problems = risk_rules.score_problems(
            RiskScheme.in_force(), (self.inherent_likelihood, self.inherent_impact),
            (self.likelihood, self.impact), (self.target_likelihood, self.target_impact),
        )
        if problems:
            raise ValidationError({SCORE_ERROR_FIELD[name]: message
                                   for name, message in problems.items()})

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def current_score(self) -> int:
        return self.likelihood * self.impact

    @property
    def target_score(self) -> int:
        return self.target_likelihood * self.target_impact


class FurtherAction(models.Model):
    """An action planned to bring a risk down towards its target."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["risk", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.risk.reference}: {self.description[:60]}"


class EscalationDecision(models.Model):
    """A recorded decision about a risk's place: escalate it to the register above, step
    it down to one beneath, close it, or keep it where it is. Moves are never automatic."""

    class Decision(models.TextChoices):
        ESCALATE = "escalate", "Escalate to the register above"
        STEP_DOWN = "step_down", "Step down to a register beneath"
        CLOSE = "close", "Close the risk"
        KEEP = "keep", "Keep it on this register"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    from_register = models.ForeignKey(RiskRegister, on_delete=models.PROTECT, related_name="+")
    to_register = models.ForeignKey(RiskRegister, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    current_score = models.PositiveSmallIntegerField(help_text="The score when decided")
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.risk.reference}: {self.get_decision_display()}"
