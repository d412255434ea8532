"""Tables of results for officers, approvers and the performance team: sortable,
filterable, downloadable."""

import io

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2.export import TableExport

from kpis import exports
from kpis.models import OrgUnit
from kpis.worklist import NOT_STARTED, RETURN_STATUSES
from reporting import formatting
from reporting.formatting import date_text
from reporting.periods import Period
from reporting.templatetags.figures import rag_tag, status_tag

RETURN_STATUS_LABELS = dict(RETURN_STATUSES)


def shown(value, indicator) -> str:
    """A value as people read it, in its indicator's unit and decimal places."""
    return formatting.figure(value, indicator.unit, indicator.decimal_places)


def person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def directorate_of(path: str) -> str:
    return path.split(OrgUnit.SEPARATOR, 1)[0]


def below_directorate(path: str) -> str:
    """The service (and team) of a unit's path: '' for a directorate itself."""
    parts = path.split(OrgUnit.SEPARATOR, 1)
    return parts[1] if len(parts) > 1 else ""


def overdue_tag() -> str:
    return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', "Overdue")


class GovukTable(tables.Table):
    """A table drawn by ``templates/tables/gds_table.html``: set ``numeric`` to the
    columns to right-align, ``label`` (or ``caption``) to name its scrolling region,
    ``grouped`` when its records carry a ``group`` heading and ``row_kinds`` when they
    carry a ``kind`` to style the row by.

    Each column's cell class is worked out once, before the table is drawn, so a cell
    costs the template one look-up however many rows the page has.

    A long table may draw its rows itself, one call a row rather than a template tag a
    cell: it sets ``draws_rows`` and gives each record's cells by column name
    (``row_cells``, text or safe HTML); the template then writes ``drawn_rows``."""

    numeric: frozenset[str] = frozenset()
    long_text: frozenset[str] = frozenset()  # columns of sentences: kept wide enough to read
    label = ""
    caption = ""
    grouped = False
    row_kinds = False
    draws_rows = False

    CELL, NUMBER = "govuk-table__cell", "govuk-table__cell govuk-table__cell--numeric"
    TEXT = "govuk-table__cell app-table__cell--text"
    HEADER = "govuk-table__header"
    NUMBER_HEADER = "govuk-table__header govuk-table__header--numeric"

    def before_render(self, request):
        super().before_render(request)
        for column in self.columns.iterall():
            numeric = column.name in self.numeric or getattr(column.column, "numeric", False)
            column.td_class = self.NUMBER if numeric else (
                self.TEXT if column.name in self.long_text else self.CELL
            )
            column.th_class = self.NUMBER_HEADER if numeric else self.HEADER
        if self.draws_rows:
            # A row is then one format_html: each cell in its column's class, each value
            # escaped unless it is already safe HTML.
            self._row_columns = [column.name for column in self.columns]
            self._row_format = "".join(
                f'<td class="{column.td_class}">{{}}</td>' for column in self.columns
            )

    def row_cells(self, record) -> dict[str, object]:
        """A record's cells by column name, for a table that ``draws_rows``."""
        raise NotImplementedError

    @property
    def drawn_rows(self) -> SafeString:
        """The rows of the page as ``gds_table.html`` would draw them, one call a row: a
        heading above each group's first row when ``grouped``, and the empty text when
        there are none."""
        names, row_format = self._row_columns, self._row_format
        row_start = '<tr class="govuk-table__row">'
        no_group = object()
        group: object = no_group
        drawn = []
        for bound in self.paginated_rows:
            record = bound.record
            if self.grouped and record.group != group:
                group = record.group
                drawn.append(format_html(
                    '<tr class="govuk-table__row app-row--group"><th scope="colgroup" '
                    'colspan="{}" class="govuk-table__header">{}</th></tr>',
                    len(names), group,
                ))
            if self.row_kinds:
                row_start = format_html('<tr class="govuk-table__row app-row--{}">', record.kind)
            cells = self.row_cells(record)
            drawn.append(row_start)
            drawn.append(format_html(row_format, *[cells[name] for name in names]))
            drawn.append("</tr>")
        if not drawn:
            drawn.append(format_html(
                '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{}">{}'
                "</td></tr>", len(names), self.empty_text or "Nothing to show.",
            ))
        return mark_safe("".join(drawn))  # noqa: S308 (each part is escaped above)


COMMENTARY_WORDS = 20


def commentary_cell(text: str, url: str, name: str) -> str:
    """A commentary cut to its first words, with a link to the rest when it is longer."""
    words = text.split()
    if len(words) <= COMMENTARY_WORDS:
        return text
    return format_html(
        '{}… <a class="govuk-link" href="{}">Read all<span class="govuk-visually-hidden">'
        " of the commentary on {}</span></a>",
        " ".join(words[:COMMENTARY_WORDS]), url, name,
    )


class SignoffTable(GovukTable):
    """Results waiting for this approver (``worklist.SignoffItem``): each with its figure,
    target, RAG and commentary, and a box to tick when this approver may approve it."""

    select = tables.Column(accessor="result__pk", verbose_name="Approve", orderable=False,
                           empty_values=())
    indicator = tables.Column(accessor="indicator__code", verbose_name="Indicator")
    service = tables.Column(accessor="indicator__org_unit__path", verbose_name="Service")
    period = tables.Column(accessor="period__label", verbose_name="Period",
                           order_by=("period__end",))
    actual = tables.Column(accessor="result__actual", verbose_name="Actual")
    target = tables.Column(accessor="rating__rules__target", verbose_name="Target",
                           orderable=False)
    rag = tables.Column(accessor="rating__assessment__rag", verbose_name="RAG",
                        orderable=False)
    commentary = tables.Column(accessor="result__commentary", verbose_name="Commentary",
                               orderable=False, default="")
    entered_by = tables.Column(accessor="result__entered_by", verbose_name="Entered by",
                               default="")
    deadline = tables.DateColumn(verbose_name="Sign-off deadline", format="j F Y")

    numeric = frozenset({"actual", "target"})
    long_text = frozenset({"commentary", "service"})

    class Meta:
        attrs = {"class": "govuk-table app-table--small"}
        order_by = ("deadline",)
        # The indicator first: it is the column that stays in view on a narrow screen.
        sequence = ("indicator", "select", "...")

    def _name(self, record) -> str:
        return f"{record.indicator.code} {record.period.label}"

    def render_select(self, value, record):
        if record.refusal:
            return format_html('<span class="govuk-body-s">{}</span>', record.refusal)
        return format_html(
            '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
            '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" '
            'id="approve-{}" name="approve" type="checkbox" value="{}:{}">'
            '<label class="govuk-label govuk-checkboxes__label" for="approve-{}">'
            '<span class="govuk-visually-hidden">Approve {}</span></label></div></div>',
            value, value, record.result.version, value, self._name(record),
        )

    def render_indicator(self, value, record):
        url = reverse("kpis:result", args=[record.indicator.code, record.period.key])
        return format_html('<a class="govuk-link" href="{}">{} {}</a>', url, value,
                           record.indicator.title)

    def render_actual(self, value, record):
        return shown(value, record.indicator)

    def render_target(self, value, record):
        return shown(value, record.indicator)

    def value_actual(self, value, record):
        return shown(value, record.indicator)  # the download is for people

    def value_target(self, value, record):
        return shown(value, record.indicator)

    def render_rag(self, value):
        return rag_tag(value)

    def render_commentary(self, value, record):
        url = reverse("kpis:result", args=[record.indicator.code, record.period.key])
        return commentary_cell(value, url, self._name(record))

    def render_entered_by(self, value):
        return value.get_full_name() or value.username

    def render_deadline(self, value, record):
        tag = render_to_string("kpis/_overdue.html", {"item": record, "today": self.today})
        return format_html("{} {}", date_text(value), tag)

    def value_select(self, value, record):
        return record.refusal or ""

    def value_indicator(self, value, record):
        return f"{value} {record.indicator.title}"

    def value_rag(self, value):
        return value.label

    def value_commentary(self, value):
        return value

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


class WorklistTable(GovukTable):
    """The performance team's worklist: every return of the current period
    (``kpis.worklist.returns``), with who owns it and where it sits."""

    indicator = tables.Column(accessor="code", verbose_name="Indicator")
    owner = tables.Column(accessor="owner", verbose_name="Owner", default="No owner",
                          order_by=("owner__first_name", "owner__last_name"))
    directorate = tables.Column(accessor="org_unit__path", verbose_name="Directorate")
    service = tables.Column(accessor="org_unit__path", verbose_name="Service or team",
                            default="")
    period = tables.Column(accessor="period", verbose_name="Period",
                           order_by=("period", "code"))
    deadline = tables.Column(verbose_name="Deadline", order_by=("deadline", "code"))
    status = tables.Column(accessor="return_status", verbose_name="Status",
                           order_by=("return_status", "code"))

    long_text = frozenset({"directorate", "service"})

    class Meta:
        attrs = {"class": "govuk-table app-table--small"}
        order_by = ("deadline",)
        empty_text = "No returns match these filters."

    def render_indicator(self, value, record):
        url = reverse("kpis:result", args=[value, record.period])
        return format_html('<a class="govuk-link" href="{}">{} {}</a>', url, value, record.title)

    def render_owner(self, value):
        return person(value)

    def render_directorate(self, value):
        return directorate_of(value)

    def render_service(self, value):
        return below_directorate(value) or "–"

    def render_period(self, value):
        return Period.parse(value).label

    def render_deadline(self, value, record):
        text = value.strftime("%-d %B %Y")
        return format_html("{} {}", text, overdue_tag()) if record.overdue else text

    def render_status(self, value):
        return status_tag(None if value == NOT_STARTED else value)

    def value_indicator(self, value, record):
        return f"{value} {record.title}"

    def value_service(self, value):
        return below_directorate(value)

    def value_deadline(self, value, record):
        return f"{value.isoformat()}{' (overdue)' if record.overdue else ''}"

    def value_status(self, value):
        return RETURN_STATUS_LABELS[value]


class EarlierTable(GovukTable):
    """Results still open from periods before the current one (worklist ``Item``s)."""

    indicator = tables.Column(accessor="indicator__code", verbose_name="Indicator")
    owner = tables.Column(accessor="indicator__owner", verbose_name="Owner",
                          default="No owner")
    service = tables.Column(accessor="indicator__org_unit__path", verbose_name="Service")
    period = tables.Column(accessor="period__label", verbose_name="Period",
                           order_by=("period__end",))
    deadline = tables.Column(verbose_name="Deadline")
    status = tables.Column(accessor="result__status", verbose_name="Status")

    class Meta:
        attrs = {"class": "govuk-table app-table--small"}
        order_by = ("deadline",)

    def render_indicator(self, value, record):
        url = reverse("kpis:result", args=[value, record.period.key])
        return format_html('<a class="govuk-link" href="{}">{} {}</a>', url, value,
                           record.indicator.title)

    def render_owner(self, value):
        return person(value)

    def render_deadline(self, value, record):
        text = value.strftime("%-d %B %Y")
        return format_html("{} {}", text, overdue_tag()) if record.overdue(self.today) else text

    def render_status(self, value):
        return status_tag(value)


def _percent(value) -> str:
    return "–" if value is None else f"{value}%"


class CompletionTable(GovukTable):
    """Completion by directorate and service (``kpis.completion.CompletionRow``): counts
    and percentages, each directorate's sum above its services, the total at the foot."""

    name = tables.Column(verbose_name="Directorate and service", orderable=False)
    due = tables.Column(accessor="counts__due", verbose_name="Due", orderable=False)
    entered = tables.Column(accessor="counts__entered", verbose_name="Entered",
                            orderable=False)
    entered_percent = tables.Column(accessor="counts__entered_percent",
                                    verbose_name="% entered", orderable=False)
    submitted = tables.Column(accessor="counts__submitted", verbose_name="Submitted",
                              orderable=False)
    submitted_percent = tables.Column(accessor="counts__submitted_percent",
                                      verbose_name="% submitted", orderable=False)
    approved = tables.Column(accessor="counts__approved", verbose_name="Approved",
                             orderable=False)
    approved_percent = tables.Column(accessor="counts__approved_percent",
                                     verbose_name="% approved", orderable=False)
    overdue = tables.Column(accessor="counts__overdue", verbose_name="Overdue",
                            orderable=False)
    overdue_percent = tables.Column(accessor="counts__overdue_percent",
                                    verbose_name="% overdue", orderable=False)

    numeric = frozenset({
        "due", "entered", "entered_percent", "submitted", "submitted_percent", "approved",
        "approved_percent", "overdue", "overdue_percent",
    })

    row_kinds = True  # each row is styled by its kind (gds_table.html)

    class Meta:
        attrs = {"class": "govuk-table app-table--small app-table--completion"}
        default = "–"

    def _worklist(self, record, **extra) -> str:
        query = {}
        if record.service_id is not None:
            query["service"] = record.service_id
        elif record.directorate_id is not None:
            query["directorate"] = record.directorate_id
        query.update(extra)
        return reverse("kpis:home") + ("?" + "&".join(f"{k}={v}" for k, v in query.items())
                                       if query else "")

    def render_name(self, value, record):
        if record.kind == "own":
            return value
        url = self._worklist(record, status="any")
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, value)

    def render_overdue(self, value, record):
        if not value:
            return value
        url = self._worklist(record, overdue="on")
        hidden = f" overdue in {record.name}"
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">{}'
            "</span></a>", url, value, hidden,
        )

    def render_entered_percent(self, value):
        return _percent(value)

    render_submitted_percent = render_approved_percent = render_overdue_percent = (
        render_entered_percent
    )

    def value_name(self, value, record):
        return value if record.kind != "service" else f"  {value}"

    def value_entered_percent(self, value):
        return value  # a number in the download, blank when nothing is due

    value_submitted_percent = value_approved_percent = value_overdue_percent = (
        value_entered_percent
    )

    def value_overdue(self, value):
        return value
