"""The scorecard's filters (django-filter): the register's, and the RAG each row is rated."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from kpis.filters import RegisterFilter, Select
from kpis.models import Indicator
from reporting.dashboard import Choice
from reporting.engine import Direction, Rag
from reporting.scorecard import GROUPINGS, RAG_ORDER, ScorecardRow


class ScorecardFilter(RegisterFilter):
    """Indicators by pillar, directorate, service and level (in SQL, before rating), and
    rows by RAG (after: a RAG is worked out, not stored)."""

    rag = django_filters.ChoiceFilter(
        label="RAG", empty_label="Any RAG", method="rated",
        choices=[(rag.value, rag.label) for rag in RAG_ORDER],
        widget=Select(),
    )

    group = django_filters.ChoiceFilter(
        label="Group by", empty_label="No grouping", method="as_they_are",
        choices=list(GROUPINGS.items()),
        widget=Select(),
    )

    class Meta:
        model = Indicator
        fields = ["pillar", "directorate", "service", "level", "rag", "group"]

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


class DashboardFilter(RegisterFilter):
    """A dashboard's filters: indicators by pillar, directorate, service and committee
    remit (in SQL, before rating), and lines by RAG and direction of travel (after)."""

    level = None  # a dashboard is read by remit, not by level
    committee = django_filters.ChoiceFilter(
        label="Committee", empty_label="Any committee", method="in_remit", widget=Select(),
    )
    rag = django_filters.ChoiceFilter(
        label="RAG", empty_label="Any RAG", method="rated", widget=Select(),
        choices=[(rag.value, rag.label) for rag in RAG_ORDER],
    )
    direction = django_filters.ChoiceFilter(
        label="Direction of travel", empty_label="Any direction", method="rated",
        widget=Select(), choices=[(d.value, d.label) for d in Direction],
    )

    class Meta:
        model = Indicator
        fields = ["pillar", "directorate", "service", "committee", "rag", "direction"]

    def __init__(self, data=None, queryset=None, **kwargs):
        from governance.models import Committee

        super().__init__(data, queryset, **kwargs)
        self.filters["committee"].extra["choices"] = list(
            Committee.objects.order_by("name").values_list("slug", "name")
        )

    @property
    def form(self):
        form = super().form
        form.helper.disable_csrf = True  # a GET form: no token in a bookmarked address
        return form

    def in_remit(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from reporting.dashboard_data import remit_ids

        return queryset.filter(pk__in=remit_ids(value))

    def rated(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # lines are narrowed by ``choice`` once rated

    @property
    def choice(self) -> Choice:
        """The RAG and direction chosen ("" for any)."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return Choice(rag=data.get("rag", ""), direction=data.get("direction", ""))
