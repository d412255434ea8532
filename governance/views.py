"""Governance screens: thin views over governance.review, committees, packs and reports."""

from __future__ import annotations

import io
import re
from collections import defaultdict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from governance import balanced_docx, committees, members, pack_render, packs, review, tasks
from governance.balanced import COLUMNS as BALANCED_COLUMNS
from governance.balanced import NUMERIC_COLUMNS, TREND_METHOD, balanced_scorecard
from governance.exceptions import exception_report, exception_report_with_warnings
from governance.filters import ReviewFilter
from governance.forms import ReviewForm
from governance.models import BoardNote, Committee, IssuedPack, PackBuild
from kpis import exports, permissions
from kpis.models import Council, Indicator, OrgUnit
from kpis.roles import PERFORMANCE_TEAM
from perfmgmt.feed import feed_readable
from reporting import projection
from reporting.engine import exceptions_in_words
from reporting.periods import Frequency, Period
from reporting.periods_http import period_or_404, period_or_latest, year_or_404
from reporting.ratings import red_periods_in


@permissions.role_required(PERFORMANCE_TEAM)
def packs_due(request):
    """The performance team's calendar of packs: which are due, and what is still missing."""
    today = timezone.localdate()
    return render(request, "governance/packs_due.html", {
        "today": today, "packs": committees.packs_due(today),
    })


# --- committees and their packs ------------------------------------------------------------


def committee_list(request):
    return render(request, "governance/committees.html", {
        "committees": Committee.objects.annotate(issued=Count("packs")).order_by("name"),
    })


def committee_detail(request, slug: str):
    committee = get_object_or_404(Committee, slug=slug)
    today = timezone.localdate()
    return render(request, "governance/committee.html", {
        "committee": committee,
        "remit": committees.describe_remit(committee, today),
        "meetings": committee.meetings.order_by("-date")[:8],
        "packs": committee.packs.defer("html", "pdf", "data").select_related("issued_by")
        .order_by("-period", "-version"),
        "latest": Period.latest_ended(today, Frequency.MONTHLY if committee.frequency ==
                                      "monthly" else Frequency.QUARTERLY),
        "is_performance_team": permissions.is_performance_team(request.user),
        "may_record_requests": permissions.records_member_requests(request.user),
        **members.committee_context(committee, today, request.user),
    })


@permissions.role_required(PERFORMANCE_TEAM)
def pack_preview(request, slug: str, period: str):
    """The draft pack as it stands, in the browser (signed-off results only)."""
    committee = get_object_or_404(Committee, slug=slug)
    when = period_or_404(period)
    html = pack_render.render_html(packs.pack_data(committee, when), inline_css=False)
    return HttpResponse(html)


@permissions.role_required(PERFORMANCE_TEAM)
def pack_preview_file(request, slug: str, period: str, fmt: str):
    """The old download address of a draft PDF or Word file. Laying out a pack takes
    minutes, so it is never done inside a web request: this page offers to build it in the
    background (``pack_build``) and follow its progress."""
    committee = get_object_or_404(Committee, slug=slug)
    when = period_or_404(period)
    return render(request, "governance/pack_build_start.html", {
        "committee": committee, "period": when, "format": fmt,
        "format_name": {"pdf": "PDF", "docx": "Word document"}[fmt],
    })


@require_POST
@permissions.role_required(PERFORMANCE_TEAM)
def pack_build(request, slug: str, period: str):
    """Start building a draft pack in the background and follow its progress."""
    committee = get_object_or_404(Committee, slug=slug)
    when = period_or_404(period)
    fmt = request.POST.get("format", "pdf")
    if fmt not in ("pdf", "docx", "html"):
        raise Http404("Build a pack as PDF, Word (docx) or HTML")
    build = PackBuild.objects.create(committee=committee, period=when.key, format=fmt,
                                     requested_by=request.user)
    tasks.build_pack.enqueue(build.pk)
    return redirect("governance:pack_build_status", pk=build.pk)


def _own_build(request, pk: int) -> PackBuild:
    permissions.require(permissions.is_performance_team(request.user))
    return get_object_or_404(PackBuild.objects.select_related("committee"), pk=pk)


def pack_build_status(request, pk: int):
    """The build's page; while it runs, htmx asks for its progress every two seconds."""
    build = _own_build(request, pk)
    template = ("governance/_build_progress.html" if request.headers.get("HX-Request")
                else "governance/pack_build.html")
    return render(request, template, {"build": build})


def pack_build_download(request, pk: int):
    build = _own_build(request, pk)
    if build.status != PackBuild.Status.READY:
        raise Http404("The pack is not ready yet")
    types = {"pdf": "application/pdf", "docx": DOCX_CONTENT_TYPE,
             "html": "text/html; charset=utf-8"}
    return _download(bytes(build.content), types[build.format], build.file_name)


@require_POST
@permissions.role_required(PERFORMANCE_TEAM)
def pack_issue(request, slug: str, period: str):
    """Issue the pack in the background: store it for good and lock the period."""
    committee = get_object_or_404(Committee, slug=slug)
    when = period_or_404(period)
    build = PackBuild.objects.create(committee=committee, period=when.key, format="pdf",
                                     issue=True, requested_by=request.user)
    tasks.build_pack.enqueue(build.pk)
    return redirect("governance:pack_build_status", pk=build.pk)


def pack_download(request, slug: str, pk: int, fmt: str):
    """An issued pack, exactly as issued: anyone signed in may read it."""
    if fmt not in ("pdf", "html", "docx"):
        raise Http404("Packs are issued as PDF, HTML and Word (docx)")
    pack = get_object_or_404(IssuedPack, pk=pk, committee__slug=slug)
    name = f"{slug}-{pack.period}-v{pack.version}.{fmt}"
    if fmt == "pdf":
        return _download(bytes(pack.pdf), "application/pdf", name)
    if fmt == "docx":
        return _download(bytes(pack.docx), DOCX_CONTENT_TYPE, name)
    return _download(pack.html.encode("utf-8"), "text/html; charset=utf-8", name)


DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


def _table_download(table: list, fmt: str, name: str, sheet: str, title: str) -> HttpResponse:
    """A report's rows for people, as CSV or XLSX, through the one writer: named
    ``NAME-for-people``, and in a workbook a sheet and a title row that say so."""
    if fmt == "csv":
        return _download(exports.csv_text(table).encode("utf-8"), exports.CSV_CONTENT_TYPE,
                         f"{name}-for-people.csv")
    buffer = io.BytesIO()
    exports.write_xlsx(table, buffer, sheet=f"{sheet} for people", title=title,
                       title_row=f"{title}. For people to read: figures with their units")
    return _download(buffer.getvalue(), exports.XLSX_CONTENT_TYPE, f"{name}-for-people.xlsx")


def _tables_download(tables: list, fmt: str, name: str, title: str) -> HttpResponse:
    """A report of several tables for people: in CSV one after another, each after a blank
    row and its title; in XLSX a sheet each."""
    if fmt == "csv":
        rows: list = list(tables[0][2])
        for heading, _, table in tables[1:]:
            rows += [[], [heading], *table]
        return _download(exports.csv_text(rows).encode("utf-8"), exports.CSV_CONTENT_TYPE,
                         f"{name}-for-people.csv")
    workbook = exports.new_workbook()
    for heading, sheet, table in tables:
        exports.add_sheet(workbook, sheet, table, title_row=(
            f"{title if heading == tables[0][0] else heading}. For people to read: figures "
            "with their units"
        ))
    return _download(exports.xlsx_bytes(workbook, title=title), exports.XLSX_CONTENT_TYPE,
                     f"{name}-for-people.xlsx")


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@feed_readable(when=lambda request: request.GET.get("format") in ("csv", "xlsx"))
def exceptions(request):
    """The exception report for any period and any committee's remit."""
    today = timezone.localdate()
    period = period_or_latest(request.GET.get("period"), today)
    slug = request.GET.get("committee", "")
    committee = get_object_or_404(Committee, slug=slug) if slug else None
    approved_only = not permissions.sees_unsigned(request.user)
    report = exception_report_with_warnings(period, committee, approved_only=approved_only)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _tables_download(
            report.tables(), fmt, f"exceptions-{period.key}{'-' + slug if slug else ''}",
            f"Exceptions as at the end of {period.label}"
            + (f", {committee.name}" if committee else ", the whole council")
            + (", signed-off results only" if approved_only else ""),
        )
    query = request.GET.copy()
    query.pop("format", None)
    from governance import improvement  # improvement plans missing, and actions overdue

    remit = set(committees.remit_of(committee).select(committees.candidates())) if committee \
        else None
    return render(request, "governance/exceptions.html", {
        "plans_missing": improvement.missing_plans(
            [r.indicator.pk for r in report.exceptions], period, approved_only=approved_only),
        "plan_actions_overdue": improvement.overdue_actions(today, remit, reader=request.user),
        "period": period, "committee": committee, "rows": report.exceptions,
        "projected_misses": report.projected_misses, "how_projected": projection.in_words(),
        "committees": Committee.objects.order_by("name"),
        "periods": [Period.latest_ended(today, Frequency.QUARTERLY).shift(-n) for n in range(8)],
        "approved_only": approved_only, "query": query.urlencode(),
        "in_words": exceptions_in_words(red_periods_in(period)),
    })


def board_notes(request, slug: str, period: str):
    """Directors add commentary to the exceptions in a committee's pack for a period; the
    notes are stored with the pack and attributed."""
    committee = get_object_or_404(Committee, slug=slug)
    when = period_or_404(period)
    rows = exception_report(when, committee)
    may_note = {
        row.indicator.pk for row in rows
        if permissions.is_performance_team(request.user)
        or permissions.can_approve(request.user, row.indicator)
    }
    if request.method == "POST":
        indicator = get_object_or_404(Indicator, code=request.POST.get("indicator", ""))
        permissions.require(indicator.pk in may_note)
        text = request.POST.get("note", "").strip()
        if not text:
            messages.error(request, f"Enter the note for {indicator.code}")
        elif len(text) > 5000:
            messages.error(request, "Keep the note to 5,000 characters")
        else:
            BoardNote.objects.create(committee=committee, period=when.key, indicator=indicator,
                                     note=text, by=request.user, at=timezone.now())
            messages.success(request, f"Note added to {indicator.code} for {committee.name}")
        return redirect("governance:board_notes", slug=slug, period=period)
    notes = defaultdict(list)
    for note in BoardNote.objects.filter(committee=committee, period=when.key).select_related(
        "by"
    ):
        notes[note.indicator_id].append(note)
    return render(request, "governance/board_notes.html", {
        "committee": committee, "period": when,
        "rows": [(row, notes[row.indicator.pk], row.indicator.pk in may_note) for row in rows],
    })


def balanced(request):
    """Cambridgeshire's 13-column balanced scorecard: organisational or one directorate's."""
    today = timezone.localdate()
    period = (period_or_404(request.GET["period"]) if request.GET.get("period")
              else Period.latest_ended(today, Frequency.QUARTERLY))
    directorates = list(OrgUnit.objects.filter(parent=None).order_by("name")
                        .values_list("path", flat=True))
    directorate = request.GET.get("directorate", "")
    if directorate and directorate not in directorates:
        raise Http404("No such directorate")
    rows = balanced_scorecard(period, directorate or None)
    fmt = request.GET.get("format")
    name = f"balanced-scorecard-{period.key}" + (f"-{slugify(directorate)}" if directorate else "")
    if fmt in ("csv", "xlsx"):
        return _table_download(
            [BALANCED_COLUMNS, *(row.cells for row in rows)], fmt, name, "Balanced scorecard",
            f"Balanced scorecard as at the end of {period.label}: "
            f"{directorate or 'organisational'}, signed-off results only",
        )
    if fmt == "docx":
        council = Council.objects.first()
        content = balanced_docx.render_docx(
            rows, period, directorate or None, council.name if council else "")
        return _download(content, DOCX_CONTENT_TYPE, f"{name}.docx")
    query = request.GET.copy()
    query.pop("format", None)
    return render(request, "governance/balanced.html", {
        "period": period, "rows": rows, "columns": BALANCED_COLUMNS,
        "numeric": NUMERIC_COLUMNS,
        "directorates": directorates, "directorate": directorate, "trend_method": TREND_METHOD,
        "periods": [Period.latest_ended(today, Frequency.QUARTERLY).shift(-n) for n in range(8)],
        "query": query.urlencode(),
    })


def _indicator(code: str) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("org_unit"), code=code)


def _coming_year(request) -> Period:
    key = request.GET.get("year")
    if key:
        return year_or_404(key)
    return Period.containing(timezone.localdate(), Frequency.ANNUAL).next()


REVIEW_PER_PAGE = 25
QUERY = re.compile(r"[\w%&=+.\-]*", re.ASCII)


def annual_review(request):
    """The approver's area (the council's, for the performance team) a page at a time,
    filtered like the scorecard, each indicator with its recent RAG and outturn."""
    permissions.require(permissions.signs_off(request.user))
    year = _coming_year(request)
    today = timezone.localdate()
    filters = ReviewFilter(request.GET, queryset=review.to_review(request.user), year=year.key)
    page = Paginator(filters.qs, REVIEW_PER_PAGE).get_page(request.GET.get("page"))
    indicators = list(page.object_list)
    decisions = review.decisions_for(indicators, year)
    done = review.performance(indicators, today,
                              approved_only=not permissions.sees_unsigned(request.user))
    return_to = request.GET.urlencode()
    rows = [
        (indicator, decisions[indicator.pk], done[indicator.pk], ReviewForm(
            prefix=indicator.code, initial={
                "decision": decisions[indicator.pk].decision if decisions[indicator.pk]
                else None,
                "note": decisions[indicator.pk].note if decisions[indicator.pk] else "",
            }))
        for indicator in indicators
    ]
    return render(request, "governance/annual_review.html", {
        "year": year, "rows": rows, "filter": filters, "page": page,
        "pages": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
        if page.paginator.num_pages > 1 else [],
        "ellipsis": Paginator.ELLIPSIS, "return_to": return_to,
        "outturn_year": Period.latest_ended(today, Frequency.ANNUAL),
        "may_apply": permissions.is_performance_team(request.user),
    })


def review_decide(request, code: str, year: str):
    """One indicator's decision: saved and back to the list (where it was), or shown again
    with what to correct."""
    indicator = _indicator(code)
    permissions.require(permissions.can_approve(request.user, indicator))
    when = year_or_404(year)
    query = request.POST.get("return_to", "") if request.method == "POST" else (
        request.GET.get("return_to", ""))
    query = query if QUERY.fullmatch(query) and "year=" not in query else ""
    back = f"{reverse('governance:annual_review')}?year={year}" + (f"&{query}" if query else "")
    if request.method == "POST":
        form = ReviewForm(request.POST, prefix=indicator.code)
        if form.is_valid():
            decision = review.decide(request.user, indicator, when,
                                     form.cleaned_data["decision"], form.cleaned_data["note"])
            messages.success(request, f"{indicator.code}: {decision.get_decision_display()}")
            return redirect(f"{back}#{indicator.code}")
    else:
        made = review.decisions_for([indicator], when)[indicator.pk]
        form = ReviewForm(prefix=indicator.code, initial={
            "decision": made.decision if made else None, "note": made.note if made else "",
        })
    return render(request, "governance/review_decide.html", {
        "indicator": indicator, "year": when, "form": form, "back": back,
        "return_to": query,
    }, status=400 if form.errors else 200)
