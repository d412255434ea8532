"""Committees and boards that receive performance reports, and their remits."""

from django.db import models

from kpis.models import OrgUnit, Pillar


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
