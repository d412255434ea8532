"""Filters for list pages (django-filter): each list is a queryset, a FilterSet and a table.

The choices come from the register (directorates, services, pillars, owners) or from the
list itself (the approver's services and periods), one query each, so a filter costs the
same however long the list. Each form is laid out once, in the GOV.UK style, by
``filter_helper``.
"""

from __future__ import annotations

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Div, Field, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from kpis.models import Indicator, OrgUnit, Pillar, Result, ResultStatus
from kpis.worklist import NOT_STARTED, RETURN_STATUSES
from reporting.periods import Period


class Select(forms.Select):
    """A select drawn in Python rather than an option at a time through Django's widget
    templates: every list page draws its filters on every request, and the templates
    cost about a millisecond for every ten options."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "govuk-select", **(attrs or {})}, choices)

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value])
                  if v is not None}
        options = format_html_join("", "<option value=\"{}\"{}>{}</option>", (
            (key, SELECTED if str(key) in chosen else "", label)
            for key, label in self.choices
        ))
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final), options)


SELECTED = mark_safe(" selected")  # a constant: nothing of the reader's in it


def _select(label: str, empty: str | None, **kwargs) -> dict:
    return {"label": label, "empty_label": empty, "widget": Select(), **kwargs}


def filter_helper(form: forms.Form) -> FormHelper:
    """The GOV.UK layout of a filter form: its fields side by side where there is room,
    one above the other on a phone. The page's template adds the form tag and button."""
    helper = FormHelper()
    helper.form_tag = False
    fields = []
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.CheckboxInput):
            fields.append(Field.checkbox(name))
        elif isinstance(field.widget, forms.Select):
            fields.append(Field.select(name))
        else:
            fields.append(Field.text(name))
    helper.layout = Layout(Div(*fields, css_class="app-filters"))
    return helper


class GovukFilterSet(django_filters.FilterSet):
    """A FilterSet whose form carries its GOV.UK layout."""

    @property
    def form(self) -> forms.Form:
        form = super().form
        if not hasattr(form, "helper"):
            form.order_fields(self._meta.fields or [])
            form.helper = filter_helper(form)
        return form

    @property
    def is_filtered(self) -> bool:
        """Has the reader chosen anything (so the page can offer to clear it)?"""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(value not in (None, "", False) for value in data.values())


class OrganisationFilter(GovukFilterSet):
    """By directorate and by service: a unit and every unit beneath it. ``unit_path`` is
    the path from the list's rows to their organisation unit's path."""

    unit_path = "org_unit__path"

    directorate = django_filters.ChoiceFilter(
        method="in_unit", **_select("Directorate", "All directorates")
    )
    service = django_filters.ChoiceFilter(
        method="in_unit", **_select("Service", "All services")
    )

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        units = list(
            OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.DIRECTORATE, OrgUnit.Kind.SERVICE])
            .order_by("path").values_list("pk", "kind", "path")
        )
        self._paths = {str(pk): path for pk, _, path in units}
        for name, kind in (("directorate", OrgUnit.Kind.DIRECTORATE),
                           ("service", OrgUnit.Kind.SERVICE)):
            self.filters[name].extra["choices"] = [
                (str(pk), path) for pk, unit_kind, path in units if unit_kind == kind
            ]

    def in_unit(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        path = self._paths[value]
        return queryset.filter(
            Q(**{self.unit_path: path})
            | Q(**{f"{self.unit_path}__startswith": path + OrgUnit.SEPARATOR})
        )


def _owners() -> list[tuple[str, str]]:
    """Everyone who owns an indicator, by name (one query)."""
    people = (
        get_user_model().objects.filter(owned_indicators__isnull=False).distinct()
        .order_by("first_name", "last_name", "username")
        .values_list("pk", "first_name", "last_name", "username")
    )
    return [(str(pk), f"{first} {last}".strip() or username)
            for pk, first, last, username in people]


OUTSTANDING, ANY_STATUS = "outstanding", "any"


class WorklistFilter(OrganisationFilter):
    """The performance team's worklist (``kpis.worklist.returns``): by directorate,
    service, owner, status and lateness. Without a status it shows what is outstanding:
    every return not yet approved."""

    status = django_filters.ChoiceFilter(
        method="with_status",
        choices=[(OUTSTANDING, "Not yet approved"), *RETURN_STATUSES,
                 (ANY_STATUS, "Any status")],
        **_select("Status", None),
    )
    owner = django_filters.ChoiceFilter(method="owned_by", **_select("Owner", "Anyone"))
    overdue = django_filters.BooleanFilter(
        label="Overdue only", method="only_overdue", widget=forms.CheckboxInput,
    )

    class Meta:
        model = Indicator
        fields = ["directorate", "service", "owner", "status", "overdue"]

    def __init__(self, data=None, queryset=None, **kwargs):
        if data is not None and not data.get("status"):
            data = data.copy()
            data["status"] = OUTSTANDING
        super().__init__(data, queryset, **kwargs)
        self.filters["owner"].extra["choices"] = _owners()

    @property
    def is_filtered(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(
            value not in (None, "", False, OUTSTANDING) for value in data.values()
        )

    def with_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == ANY_STATUS:
            return queryset
        if value == OUTSTANDING:
            return queryset.exclude(return_status=ResultStatus.APPROVED)
        return queryset.filter(return_status=value)

    def owned_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(owner_id=int(value))

    def only_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(overdue=True) if value else queryset


class EarlierFilter(WorklistFilter):
    """The same choices over results still open from earlier periods."""

    unit_path = "indicator__org_unit__path"

    class Meta:
        model = Result
        fields = ["directorate", "service", "owner", "status", "overdue"]

    def with_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value in (ANY_STATUS, OUTSTANDING):
            return queryset
        if value == NOT_STARTED:
            return queryset.none()
        return queryset.filter(status=value)

    def owned_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(indicator__owner_id=int(value))

    def only_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset  # decided by each period's deadlines, once the rows are read


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


class RegisterFilter(OrganisationFilter):
    """Indicators by pillar, directorate, service and level: the scorecard and the annual
    review."""

    pillar = django_filters.ChoiceFilter(method="in_pillar", **_select("Pillar", "All pillars"))
    level = django_filters.ChoiceFilter(
        field_name="level", choices=Indicator.Level.choices, **_select("Level", "All levels")
    )

    class Meta:
        model = Indicator
        fields = ["pillar", "directorate", "service", "level"]

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["pillar"].extra["choices"] = [
            (str(pk), f"{number}. {title}")
            for pk, number, title in Pillar.objects.order_by("plan", "number")
            .values_list("pk", "number", "title")
        ]

    def in_pillar(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        members = Indicator.pillars.through.objects.filter(pillar_id=int(value))
        return queryset.filter(pk__in=members.values("indicator_id"))
