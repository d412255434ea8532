"""The scorecard's filters (django-filter): the register's, and the RAG each row is rated."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from kpis.filters import RegisterFilter, Select
from kpis.models import Indicator, Portfolio
from reporting.engine import Rag
from reporting.scorecard import GROUPINGS, RAG_ORDER, ScorecardRow


class ScorecardFilter(RegisterFilter):
    """Indicators by pillar, directorate, service and level (in SQL, before rating), and
    rows by RAG (after: a RAG is worked out, not stored)."""

    rag = django_filters.ChoiceFilter(
        label="RAG", empty_label="Any RAG", method="rated",
        choices=[(rag.value, rag.label) for rag in RAG_ORDER],
        widget=Select(),
    )

    # A portfolio holder's scorecard is ``?portfolio=<slug>`` (docs/members-and-finance.md).
    portfolio = django_filters.ChoiceFilter(
        label="Cabinet portfolio", empty_label="All portfolios", field_name="portfolio__slug",
        widget=Select(),
    )

    group = django_filters.ChoiceFilter(
        label="Group by", empty_label="No grouping", method="as_they_are",
        choices=list(GROUPINGS.items()),
        widget=Select(),
    )

    class Meta:
        model = Indicator
        fields = ["pillar", "directorate", "service", "level", "portfolio", "rag", "group"]

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["portfolio"].extra["choices"] = list(
            Portfolio.objects.values_list("slug", "name")
        )

    def rated(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # the rows are filtered by ``rows`` once rated

    def as_they_are(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # grouping orders the rows (``scorecard.grouped``), it keeps them all

    @property
    def grouping(self) -> str:
        return self.form.cleaned_data.get("group", "") if self.form.is_valid() else ""

    def rows(self, rows: list[ScorecardRow]) -> list[ScorecardRow]:
        """The rated rows with the RAG chosen, if one was."""
        if not self.form.is_valid() or not self.form.cleaned_data.get("rag"):
            return rows
        rag = Rag(self.form.cleaned_data["rag"])
        return [row for row in rows if row.rag is rag]
