"""The annual review's filters (django-filter): the register's, and the decision made."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from kpis.filters import RegisterFilter, Select
from kpis.models import Indicator, ReviewDecision

UNDECIDED = "undecided"


class ReviewFilter(RegisterFilter):
    """Indicators to review by pillar, directorate, service, level and the decision made
    for the year (``year``: a financial year's key)."""

    decision = django_filters.ChoiceFilter(
        label="Decision", empty_label="Any decision", method="decided",
        choices=[(UNDECIDED, "Not decided yet"), *ReviewDecision.Decision.choices],
        widget=Select(),
    )

    class Meta:
        model = Indicator
        fields = ["pillar", "directorate", "service", "level", "decision"]

    def __init__(self, data=None, queryset=None, *, year: str = "", **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.year = year

    def decided(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        made = ReviewDecision.objects.filter(year=self.year)
        if value == UNDECIDED:
            return queryset.exclude(pk__in=made.values("indicator_id"))
        return queryset.filter(pk__in=made.filter(decision=value).values("indicator_id"))
