"""Breakdowns: the numbers behind a result's number, by a dimension the council defines
(ward, market town, age group, a protected characteristic).

A ``Dimension`` has its categories as data and names the indicators broken down by it.
A ``BreakdownValue`` is one category's figure in one result, with the number of people
behind it; it is part of the result, so it is written only through the one door for
results (``kpis.entry`` and ``kpis.breakdowns``), never the admin. Who sees which
figures is ``kpis.breakdowns.visible``; small numbers are hidden by ``reporting.suppression``.
A ``BreakdownCorrection`` keeps the old and new figure of one corrected after issue.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from kpis.models.fields import VALUE_DIGITS
from kpis.models.indicators import Indicator
from kpis.models.results import Result


class Dimension(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="For example Ward or Age group")
    description = models.TextField(
        blank=True, help_text="What the categories are and where they come from"
    )
    parts_make_the_whole = models.BooleanField(
        "The parts add up to the result", default=False,
        help_text="Tick when every person falls in exactly one category, so for a count (or "
        "an amount in pounds or days) the categories' figures must add up to the result. "
        "Leave unticked for overlapping groups, or a sample.",
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="dimensions",
        help_text="The indicators whose results are broken down by this dimension",
    )
    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0, help_text="Where it comes in tables")
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension", "order", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["dimension", "name"], name="category_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension.name}: {self.name}"


class BreakdownValue(models.Model):
    """One category's figure in a result, and how many people are behind it."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="breakdown")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(null=True, blank=True, **VALUE_DIGITS)
    people = models.PositiveIntegerField(
        "number of people", null=True, blank=True,
        help_text="How many people the figure is about: it decides what is hidden outside "
        "the performance team. For a count it is the figure itself.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["result", "category__order", "category__name"]
        constraints = [
            models.UniqueConstraint(fields=["result", "category"], name="breakdown_unique_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.result} · {self.category.name}"


class BreakdownCorrection(models.Model):
    """A correction after issue to one breakdown figure: a locked figure changed once its
    committee report had gone out. Like a result's ``Correction``, it keeps the figure the
    report showed (the issued breakdown is reproduced from it) and the one it became; the
    next report lists it. One correction of several figures writes a row for each, with
    the same reason, person and moment."""

    result = models.ForeignKey(Result, on_delete=models.PROTECT,
                               related_name="breakdown_corrections")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    old_value = models.DecimalField(null=True, blank=True, **VALUE_DIGITS)
    old_people = models.PositiveIntegerField(null=True, blank=True)
    new_value = models.DecimalField(null=True, blank=True, **VALUE_DIGITS)
    new_people = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["result", "at", "pk"]
        indexes = [models.Index(fields=["at"])]

    def __str__(self) -> str:
        return (f"{self.result.indicator.code} {self.result.period_label} "
                f"{self.category.name}: {self.old_value} → {self.new_value}")
