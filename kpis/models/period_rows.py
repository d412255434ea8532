"""What rows that belong to one indicator and one period share: the period key and its
dates, kept in step on every save."""

from __future__ import annotations

from django.db import models

from kpis.models.fields import PeriodField
from reporting.periods import Period


class PeriodQuerySet(models.QuerySet):
    def ending_by(self, day):
        return self.filter(period_end__lte=day)


class PeriodRow(models.Model):
    """Fields shared by rows that belong to one indicator and one period."""

    period = PeriodField()
    period_start = models.DateField(editable=False)
    period_end = models.DateField(editable=False)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.set_period_dates()
        super().save(*args, **kwargs)

    def set_period_dates(self) -> None:
        period = Period.parse(self.period)
        self.period_start, self.period_end = period.start, period.end

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def period_label(self) -> str:
        return self.period_obj.label
