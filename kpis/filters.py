"""Filters for list pages (django-filter): each list is a queryset, a FilterSet and a table."""

from __future__ import annotations

import django_filters
from django import forms

from kpis.models import Result
from reporting.periods import Period


class SignoffFilter(django_filters.FilterSet):
    """Results waiting for sign-off, by service and by period. The choices are those in
    the list, so nobody is offered a filter that shows nothing."""

    service = django_filters.ChoiceFilter(
        field_name="indicator__org_unit__path", label="Service", empty_label="All services",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    period = django_filters.ChoiceFilter(
        field_name="period", label="Period", empty_label="All periods",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    class Meta:
        model = Result
        fields = ["service", "period"]

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        rows = list(queryset.values_list("indicator__org_unit__path", "period").distinct())
        self.filters["service"].extra["choices"] = [(s, s) for s in sorted({r[0] for r in rows})]
        periods = sorted({Period.parse(r[1]) for r in rows}, key=lambda p: p.end, reverse=True)
        self.filters["period"].extra["choices"] = [(p.key, p.label) for p in periods]
