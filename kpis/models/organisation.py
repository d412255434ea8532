"""The council, its organisation units and its Corporate Plan."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from kpis.models.fields import FinancialYearField
from reporting.suppression import DEFAULT_THRESHOLD


class Council(models.Model):
    """The council this installation serves (one per installation)."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50, blank=True)
    contact_email = models.EmailField(
        blank=True,
        help_text="The performance team's shared mailbox. The accessibility statement and "
        "the privacy notice give it to readers who are not signed in (staff see the team's "
        "names).",
    )
    area_code = models.CharField(
        max_length=12, blank=True,
        help_text="The council's area code in benchmark files (ONS, e.g. E08000009): its "
        "own row and its comparator groups are found by it",
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        "hide breakdown figures about fewer people than", default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text="Outside the performance team and on the public pages, a breakdown figure "
        "about fewer people than this is hidden, with any figure it could be worked out from "
        "(docs/breakdowns.md)",
    )

    class Meta:
        verbose_name = "council"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from kpis.models.benchmarks import area_code_problem

        problem = area_code_problem(self.area_code) if self.area_code else None
        if problem:
            raise ValidationError({"area_code": problem[0].upper() + problem[1:]})


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        DIRECTORATE = "directorate", "Directorate"
        SERVICE = "service", "Service"
        TEAM = "team", "Team"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    approvers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="approves_for",
        help_text="Managers who sign off results in this unit and every unit beneath it",
    )
    path = models.CharField(
        max_length=600,
        unique=True,
        editable=False,
        help_text="Full name from the directorate down, e.g. 'Children and Families / Education'",
    )

    class Meta:
        ordering = ["path"]
        verbose_name = "organisation unit"
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name"),
        ]

    SEPARATOR = " / "

    def __str__(self) -> str:
        return self.path

    def save(self, *args, **kwargs):
        self.path = self.build_path()
        super().save(*args, **kwargs)

    def build_path(self) -> str:
        if self.parent_id is None:
            return self.name
        return f"{self.parent.path}{self.SEPARATOR}{self.name}"

    def clean(self) -> None:
        if self.SEPARATOR.strip() in self.name:
            raise ValidationError({"name": "A unit's name cannot contain '/'."})
        expected_parent = {
            self.Kind.DIRECTORATE: None,
            self.Kind.SERVICE: self.Kind.DIRECTORATE,
            self.Kind.TEAM: self.Kind.SERVICE,
        }[self.kind]
        if expected_parent is None and self.parent_id is not None:
            raise ValidationError({"parent": "A directorate sits at the top of the tree."})
        if expected_parent is not None and (
            self.parent_id is None or self.parent.kind != expected_parent
        ):
            raise ValidationError(
                {"parent": f"A {self.get_kind_display().lower()} belongs to a {expected_parent}."}
            )


class CorporatePlan(models.Model):
    title = models.CharField(max_length=200)
    starts = FinancialYearField(help_text="First financial year, e.g. 2022-23")
    ends = FinancialYearField(help_text="Last financial year, e.g. 2026-27")
    pillar_term = models.CharField(
        max_length=40,
        default="pillar",
        help_text="What this council calls the plan's themes: pillar, ambition, priority…",
    )

    def __str__(self) -> str:
        return self.title


class Pillar(models.Model):
    plan = models.ForeignKey(CorporatePlan, on_delete=models.CASCADE, related_name="pillars")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="pillar_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
