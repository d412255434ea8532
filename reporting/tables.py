import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from kpis.models import ResultStatus
from kpis.tables import GovukTable
from reporting import formatting
from reporting.engine import Rag
from reporting.periods import Frequency, Period
from reporting.templatetags.figures import rag_tag, status_tag

# The mark beside a figure not yet signed off, drawn once (not a template per row).
UNSIGNED = {
    status: format_html(' <span class="app-unsigned">{}</span>', status_tag(status))
    for status in (ResultStatus.DRAFT, ResultStatus.SUBMITTED, ResultStatus.RETURNED)
}


def _figure(value, row) -> str:
    """A value in its indicator's unit and decimal places: '87.6%', '£6,692,013'."""
    return formatting.figure(value, row.indicator.unit, row.indicator.decimal_places)


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


class ScorecardTable(GovukTable):
    """The scorecard's rows (``reporting.scorecard.ScorecardRow``). Set ``expected`` (the
    period each frequency reports: ``scorecard.expected_periods``) and, for a reader who
    sees figures not yet signed off, ``mark_unsigned``."""

    code = tables.Column(accessor="indicator__code", verbose_name="Code")
    title = tables.Column(accessor="indicator__title", verbose_name="Indicator")
    org_unit = tables.Column(accessor="indicator__org_unit__path", verbose_name="Service")
    period = tables.Column(accessor="period", verbose_name="Period",
                           order_by=("period__end",))
    target = tables.Column(verbose_name="Target", default="")
    actual = tables.Column(verbose_name="Actual", empty_values=())
    previous = tables.Column(verbose_name="Previous", default="")
    rag = RagColumn(accessor="rag", verbose_name="RAG")
    direction = tables.Column(accessor="direction", verbose_name="Direction of travel")
    exception = tables.Column(accessor="exception", verbose_name="Exception", default="")

    numeric = frozenset({"target", "actual", "previous"})
    long_text = frozenset({"title", "org_unit"})
    expected: dict[Frequency, Period] = {}
    mark_unsigned = False

    class Meta:
        attrs = {"class": "govuk-table app-table--scorecard"}
        order_by = ("code",)
        empty_text = "No indicators match these filters."

    def render_code(self, value):
        url = reverse("kpis:indicator", args=[value])
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, value)

    def render_period(self, value, record):
        if value is None:
            return "No figure yet"
        expected = self.expected.get(value.frequency)
        if expected is not None and value.end < expected.end:
            return f"Latest figure: {value.label}"
        return value.label

    def render_target(self, value, record):
        return _figure(value, record)

    def render_actual(self, value, record):
        figure = _figure(value, record)
        if self.mark_unsigned and record.status in UNSIGNED:
            return format_html("{}{}", figure, UNSIGNED[record.status])
        return figure

    def render_previous(self, value, record):
        return _figure(value, record)

    def value_target(self, value, record):
        return record.indicator.figure(value)

    def value_previous(self, value, record):
        return record.indicator.figure(value)

    def value_code(self, value):
        return value

    def value_period(self, value, record):
        return self.render_period(value, record)

    def value_actual(self, value, record):
        unsigned = self.mark_unsigned and record.status in UNSIGNED
        figure = record.indicator.figure(value)
        return f"{figure} ({ResultStatus(record.status).label})" if unsigned else figure

    def render_direction(self, value):
        return value.label

    def render_exception(self, value, record):
        return record.assessment.exception_label


class FindingTable(GovukTable):
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
