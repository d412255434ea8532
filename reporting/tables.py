import django_tables2 as tables

from reporting.engine import Rag
from reporting.templatetags.figures import rag_tag


class FigureColumn(tables.Column):
    """One of the row's indicator's values (``record.indicator``) as people read it, on
    screen and in the download: its unit and decimal places (£6,692,013, 87.6%), right
    aligned (the table template reads ``numeric``)."""

    numeric = True

    def render(self, value, record):
        return record.indicator.figure(value)

    def value(self, value, record):
        return record.indicator.figure(value)


class RagColumn(tables.Column):
    """A RAG as a tag on screen; in a download the ``Rag`` itself, which the one writer
    (``kpis.exports``) writes as its word, on its colour in XLSX."""

    def render(self, value):
        return rag_tag(value)

    def value(self, value):
        return Rag(value)


class ScorecardTable(tables.Table):
    code = tables.Column(accessor="indicator__code", verbose_name="Code")
    title = tables.Column(accessor="indicator__title", verbose_name="Indicator")
    org_unit = tables.Column(accessor="indicator__org_unit__path", verbose_name="Service")
    period = tables.Column(accessor="period__label", verbose_name="Period", default="None")
    target = FigureColumn(verbose_name="Target", default="None set")
    actual = FigureColumn(verbose_name="Actual", default="No figure")
    previous = FigureColumn(verbose_name="Previous", default="")
    rag = RagColumn(accessor="rag", verbose_name="RAG")
    direction = tables.Column(accessor="direction", verbose_name="Direction of travel")
    exception = tables.Column(accessor="exception", verbose_name="Exception", default="")

    class Meta:
        attrs = {"class": "govuk-table app-table--scorecard"}
        order_by = ("code",)

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
