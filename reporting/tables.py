from urllib.parse import quote

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import RFC3986_SUBDELIMS

from kpis.models import ResultStatus
from kpis.tables import GovukTable
from reporting.engine import Rag
from reporting.periods import Frequency, Period
from reporting.templatetags.figures import rag_tag, status_tag

# What a code keeps as it is in a link's path, as ``reverse`` quotes it.
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"

# Each RAG's tag, and the mark beside a figure not yet signed off, drawn once (not a
# template per row).
RAG_TAGS = {rag: rag_tag(rag) for rag in Rag}
UNSIGNED = {
    status: format_html(' <span class="app-unsigned">{}</span>', status_tag(status))
    for status in (ResultStatus.DRAFT, ResultStatus.SUBMITTED, ResultStatus.RETURNED)
}


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
    sees figures not yet signed off, ``mark_unsigned``.

    django-tables2 sorts and pages the rows and draws the headers; each row on the page
    is drawn by one call (``row_cells``), several times quicker than a template tag a
    cell (docs/performance.md)."""

    code = tables.Column(accessor="indicator__code", verbose_name="Code")
    title = tables.Column(accessor="indicator__title", verbose_name="Indicator")
    org_unit = tables.Column(accessor="indicator__org_unit_path", verbose_name="Service")
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
    draws_rows = True
    expected: dict[Frequency, Period] = {}
    mark_unsigned = False

    class Meta:
        attrs = {"class": "govuk-table app-table--scorecard"}
        order_by = ("code",)
        empty_text = "No indicators match these filters."

    def before_render(self, request):
        super().before_render(request)
        self._link = reverse("kpis:indicator", args=["CODE"]).split("CODE")

    def row_cells(self, record) -> dict[str, object]:
        """The row as the page shows it: as django-tables2 drew it a cell at a time, a
        missing title, service or period shown as the table's default."""
        ind = record.indicator
        before, after = self._link
        actual = ind.figure(record.actual)
        if self.mark_unsigned and record.status in UNSIGNED:
            actual = format_html("{}{}", actual, UNSIGNED[record.status])
        return {
            "code": format_html('<a class="govuk-link" href="{}">{}</a>',
                                before + quote(ind.code, safe=URL_SAFE) + after, ind.code),
            "title": ind.title or self.default,
            "org_unit": ind.org_unit_path or self.default,
            "period": self.default if record.period is None else self.period_text(
                record.period),
            "target": ind.figure(record.target),
            "actual": actual,
            "previous": ind.figure(record.previous),
            "rag": RAG_TAGS[record.rag],
            "direction": record.direction.label,
            "exception": record.assessment.exception_label,
        }

    def period_text(self, period: Period) -> str:
        """The row's period; one earlier than its frequency's latest says so."""
        expected = self.expected.get(period.frequency)
        if expected is not None and period.end < expected.end:
            return f"Latest figure: {period.label}"
        return period.label

    # A download of the table (django-tables2's export) is for people: the same words.

    def value_target(self, value, record):
        return record.indicator.figure(value)

    def value_previous(self, value, record):
        return record.indicator.figure(value)

    def value_code(self, value):
        return value

    def value_period(self, value, record):
        return self.period_text(value)

    def value_actual(self, value, record):
        unsigned = self.mark_unsigned and record.status in UNSIGNED
        figure = record.indicator.figure(value)
        return f"{figure} ({ResultStatus(record.status).label})" if unsigned else figure

    def value_direction(self, value):
        return value.label

    def value_exception(self, value, record):
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
