"""Tables of results for officers and approvers: sortable, filterable, downloadable."""

import io

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django_tables2.export import TableExport

from kpis import exports
from reporting.formatting import date_text
from reporting.tables import FigureColumn


class SignoffTable(tables.Table):
    indicator = tables.Column(accessor="indicator__code", verbose_name="Indicator")
    service = tables.Column(accessor="indicator__org_unit__path", verbose_name="Service")
    period = tables.Column(accessor="period__label", verbose_name="Period",
                           order_by=("period__end",))
    actual = FigureColumn(accessor="result__actual", verbose_name="Actual", default="No figure")
    entered_by = tables.Column(accessor="result__entered_by", verbose_name="Entered by",
                               default="")
    deadline = tables.DateColumn(verbose_name="Sign-off deadline", format="j F Y")

    class Meta:
        attrs = {"class": "govuk-table"}
        order_by = ("deadline",)

    def render_indicator(self, value, record):
        url = reverse("kpis:result", args=[record.indicator.code, record.period.key])
        return format_html('<a class="govuk-link" href="{}">{} {}</a>', url, value,
                           record.indicator.title)

    def render_entered_by(self, value):
        return value.get_full_name() or value.username

    def render_deadline(self, value, record):
        tag = render_to_string("kpis/_overdue.html", {"item": record, "today": self.today})
        return format_html("{} {}", date_text(value), tag)

    def value_indicator(self, value, record):
        return f"{value} {record.indicator.title}"

    def value_deadline(self, value):
        return date_text(value)

    def value_entered_by(self, value):
        return value.get_full_name() or value.username


class TableDownload(TableExport):
    """django-tables2's export of a table as the reader sees it (filtered and sorted), a
    file for people (figures with units, labels, a RAG column as its word and colour),
    written through the one writer (kpis.exports) so formula-like text is neutralised.
    ``title`` names the workbook's sheet and, in its title row, says what the file is."""

    FORMATS = {"csv": exports.CSV_CONTENT_TYPE, "xlsx": exports.XLSX_CONTENT_TYPE}

    def __init__(self, export_format, table, *, title: str = "", sheet: str = "For people",
                 **kwargs):
        super().__init__(export_format, table, **kwargs)
        self.title, self.sheet = title, sheet

    @classmethod
    def is_valid_format(cls, export_format: str | None) -> bool:
        return export_format in cls.FORMATS

    def export(self) -> bytes | str:
        rows = [list(self.dataset.headers or []), *(list(row) for row in self.dataset)]
        if self.format == "csv":
            return exports.csv_text(rows)
        buffer = io.BytesIO()
        exports.write_xlsx(rows, buffer, sheet=self.sheet, title=self.title or None,
                           title_row=self.title or None)
        return buffer.getvalue()
