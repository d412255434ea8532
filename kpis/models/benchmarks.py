"""Benchmarks from the files councils already download (LG Inform, Oflog, a data lab's
extracts): the datasets, the comparator groups, every area's figures, and which metric
each indicator is compared on.

Brought in by ``import_benchmarks`` (kpis/benchmark_import.py); read by
kpis/benchmarks.py, which asks ``reporting.benchmarks`` where the council stands. The
older ``Benchmark`` rows (kpis/models/indicators.py) are single figures typed in by hand
against an indicator ("England average"); these are whole published datasets.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from kpis.models.fields import VALUE_DIGITS, PeriodField
from kpis.models.indicators import Indicator

AREA_CODE_LENGTH = 12
METRIC_LENGTH = 300
_AREA_CODE = re.compile(rf"[A-Za-z0-9]{{1,{AREA_CODE_LENGTH}}}", re.ASCII)


def area_code_problem(code: str) -> str | None:
    """Why a code cannot be an area's, or None. Area codes are ONS's (E08000009) or a
    publisher's own: letters and digits only."""
    if not code:
        return "area code is blank"
    if not _AREA_CODE.fullmatch(code):
        return (f"area code '{code[:40]}' must be letters and digits only, at most "
                f"{AREA_CODE_LENGTH} (like E08000009)")
    return None


def validate_area_code(value: str) -> None:
    problem = area_code_problem(value)
    if problem:
        raise ValidationError(problem[0].upper() + problem[1:])


class BenchmarkDataset(models.Model):
    """A published file of figures for many areas, as the council downloaded it."""

    class Layout(models.TextChoices):
        LG_INFORM = "lg_inform", "LG Inform style (area_code, area_name, metric, period, value)"
        OFLOG = "oflog", "Oflog (Financial year, Local authority code, …, Code, Value)"
        TRAFFORD = "trafford", "Trafford Data Lab (area_code, …, indicator, measure, unit, value)"

    name = models.CharField(max_length=200, unique=True,
                            help_text="What the performance team calls it; a re-import with "
                            "the same name updates it")
    publisher = models.CharField(max_length=200)
    licence = models.CharField(max_length=200)
    layout = models.CharField(max_length=20, choices=Layout.choices)
    provenance = models.TextField(blank=True,
                                  help_text="The file's own notes on where it came from")
    file_name = models.CharField(max_length=255)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file last imported")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    imported_at = models.DateTimeField()
    reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "benchmark dataset"

    def __str__(self) -> str:
        return self.name


class ComparatorGroup(models.Model):
    """The areas a council compares itself with (CIPFA nearest neighbours, statistical
    neighbours): one group for one area, named as its publisher names it."""

    name = models.CharField(max_length=200, help_text="e.g. CIPFA nearest neighbours 2021")
    area_code = models.CharField(max_length=AREA_CODE_LENGTH, validators=[validate_area_code],
                                 help_text="The area these are the comparators of")
    area_name = models.CharField(max_length=200, blank=True)
    file_name = models.CharField(max_length=255)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    imported_at = models.DateTimeField()
    reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "area_code"]
        constraints = [
            models.UniqueConstraint(fields=["name", "area_code"], name="comparator_group_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.area_name or self.area_code})"


class ComparatorArea(models.Model):
    """One area in a comparator group, in the order the file lists them."""

    group = models.ForeignKey(ComparatorGroup, on_delete=models.CASCADE, related_name="areas")
    area_code = models.CharField(max_length=AREA_CODE_LENGTH, validators=[validate_area_code])
    area_name = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["group", "position"]
        constraints = [
            models.UniqueConstraint(fields=["group", "area_code"], name="comparator_area_unique"),
        ]

    def __str__(self) -> str:
        return self.area_name or self.area_code


class BenchmarkValue(models.Model):
    """One area's figure for one metric and period, as the dataset gives it."""

    dataset = models.ForeignKey(BenchmarkDataset, on_delete=models.CASCADE,
                                related_name="benchmark_values")
    metric = models.CharField(max_length=METRIC_LENGTH,
                              help_text="The source's identifier for what is measured, e.g. ASC1")
    metric_name = models.CharField(max_length=METRIC_LENGTH, blank=True)
    area_code = models.CharField(max_length=AREA_CODE_LENGTH)
    area_name = models.CharField(max_length=200, blank=True)
    source_period = models.CharField(max_length=30, help_text="The period as the source states it")
    period = PeriodField(help_text="The financial year or quarter it is")
    value = models.DecimalField(**VALUE_DIGITS, null=True, blank=True,
                                help_text="Blank: the source has no figure for this area")

    class Meta:
        ordering = ["dataset", "metric", "period", "area_code"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "metric", "area_code", "period"],
                                    name="benchmark_value_unique"),
        ]
        indexes = [models.Index(fields=["dataset", "metric", "period"])]

    def __str__(self) -> str:
        return f"{self.metric} {self.area_code} {self.source_period}: {self.value}"


class BenchmarkMatch(models.Model):
    """Which metric of which dataset an indicator is compared on, and among which
    comparator group: one per indicator."""

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE,
                                     related_name="benchmark_match")
    dataset = models.ForeignKey(BenchmarkDataset, on_delete=models.CASCADE,
                                related_name="matches")
    metric = models.CharField(max_length=METRIC_LENGTH)
    group = models.ForeignKey(ComparatorGroup, on_delete=models.PROTECT, related_name="matches",
                              verbose_name="comparator group")
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator"]
        verbose_name = "benchmark match"
        verbose_name_plural = "benchmark matches"

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.metric} among {self.group.name}"
