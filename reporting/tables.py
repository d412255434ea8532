import django_tables2 as tables

from reporting.numbers import plain
from reporting.templatetags.figures import rag_tag


class ScorecardTable(tables.Table):
    code = tables.Column(accessor="indicator__code", verbose_name="Code")
    title = tables.Column(accessor="indicator__title", verbose_name="Indicator")
    org_unit = tables.Column(accessor="indicator__org_unit__path", verbose_name="Service")
    period = tables.Column(accessor="period__label", verbose_name="Period", default="None")
    target = tables.Column(verbose_name="Target", default="")
    actual = tables.Column(verbose_name="Actual", default="")
    previous = tables.Column(verbose_name="Previous", default="")
    rag = tables.Column(accessor="rag", verbose_name="RAG")
    direction = tables.Column(accessor="direction", verbose_name="Direction of travel")
    exception = tables.Column(accessor="exception", verbose_name="Exception", default="")

    class Meta:
        attrs = {"class": "govuk-table app-table--scorecard"}
        order_by = ("code",)

    def render_target(self, value):
        return plain(value)

    def render_actual(self, value):
        return plain(value)

    def render_previous(self, value):
        return plain(value)

    def render_rag(self, value):
        return rag_tag(value)

    def render_direction(self, value):
        return value.label

    def render_exception(self, value, record):
        return record.assessment.exception_label


class FindingTable(tables.Table):
    code = tables.Column(verbose_name="Code")
    title = tables.Column(verbose_name="Indicator")
    period = tables.Column(accessor="period__label", verbose_name="Period")
    kind = tables.Column(verbose_name="Finding")
    reported = tables.Column(verbose_name="Reported", default="")
    computed = tables.Column(verbose_name="Policy gives")
    reason = tables.Column(verbose_name="Why", orderable=False)

    class Meta:
        attrs = {"class": "govuk-table"}

    def render_kind(self, value):
        return value.label

    def render_reported(self, value):
        return rag_tag(value)

    def render_computed(self, value):
        return rag_tag(value)
