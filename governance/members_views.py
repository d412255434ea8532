"""Screens for members' requests, escalations, the budget beside performance, the plans
register, the reporting matrix and the Cabinet portfolios. Thin: the rules are in
``governance/scrutiny.py``, ``governance/finance.py`` and ``governance/matrix.py``."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from governance import actions, finance_import, matrix, members
from governance.members_forms import (
    AnswerForm,
    AssignForm,
    CloseForm,
    EscalationForm,
    FinanceUploadForm,
    MemberRequestForm,
    ReopenForm,
    ResolveForm,
)
from governance.models import Committee, Escalation, FinanceImport, MemberRequest, PlanOrStrategy
from governance.scrutiny import RequestRefused, RequestStatus
from governance.views import _table_download
from kpis import exports, permissions
from kpis.importing import ImportFailed
from kpis.models import Council, Indicator, OrgUnit, Portfolio
from kpis.spreadsheets import SpreadsheetError, read_sheet
from reporting.engine import Rag
from reporting.formatting import date_text, number_text
from reporting.periods import Frequency, Period
from reporting.periods_http import period_or_404
from reporting.scorecard import ROW_FIELDS, build_scorecard, expected_periods
from reporting.tables import ScorecardTable

# --- members' requests ----------------------------------------------------------------------

FILTERS = {
    "open": Q(status=RequestStatus.OPEN.value),
    "answered": Q(status=RequestStatus.ANSWERED.value),
    "closed": Q(status=RequestStatus.CLOSED.value),
    "not-closed": ~Q(status=RequestStatus.CLOSED.value),
}

STATUS_CHOICES = [("not-closed", "Open or answered"), ("open", "Open"), ("overdue", "Overdue"),
                  ("answered", "Answered"), ("closed", "Closed")]


REQUESTS_PER_PAGE = 25


def member_requests(request):
    """Every committee's requests and recommendations, open and answered first."""
    today = timezone.localdate()
    shown = request.GET.get("status", "not-closed")
    if shown not in FILTERS and shown != "overdue":
        shown = "not-closed"
    found = members.requests_with_everything()
    if shown == "overdue":
        found = found.filter(status=RequestStatus.OPEN.value, due_on__lt=today)
    else:
        found = found.filter(FILTERS[shown])
    slug = request.GET.get("committee", "")
    if slug:
        found = found.filter(committee__slug=slug)
    mine = request.GET.get("mine") == "1" and request.user.is_authenticated
    if mine:
        found = found.filter(assigned_to=request.user)
    page = Paginator(found.order_by("due_on", "pk"), REQUESTS_PER_PAGE).get_page(
        request.GET.get("page"))
    rows = list(page.object_list)
    for row in rows:
        row.overdue = row.is_overdue(today)
    return render(request, "governance/members/requests.html", {
        "rows": rows, "page": page, "ellipsis": Paginator.ELLIPSIS,
        "pages": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
        if page.paginator.num_pages > 1 else [],
        "shown": shown, "committee_slug": slug, "mine": mine,
        "statuses": STATUS_CHOICES,
        "committees": Committee.objects.order_by("name").values_list("slug", "name"),
        "may_record": permissions.records_member_requests(request.user),
    })


def _officers():
    return permissions.delegates().order_by("first_name", "last_name", "username")


def member_request_new(request, slug: str):
    """Record a committee's request or recommendation against a meeting and its
    indicators, and assign it to an officer with a due date."""
    permissions.require(permissions.records_member_requests(request.user))
    committee = get_object_or_404(Committee, slug=slug)
    form = MemberRequestForm(request.POST or None, committee=committee, officers=_officers(),
                             today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = data["meeting"]
        try:
            recorded = members.record_request(
                committee=committee, meeting=meeting, kind=data["kind"],
                indicators=data["indicators"], raised=data["raised"],
                raised_by=data["raised_by"],
                raised_on=meeting.date if meeting else timezone.localdate(),
                assigned_to=data["assigned_to"], due_on=data["due_on"], user=request.user,
            )
        except RequestRefused as refused:
            form.add_error("due_on" if "due" in str(refused) else None, str(refused))
        else:
            messages.success(request, f"{recorded.reference} recorded and assigned to "
                             f"{recorded.assigned_to.get_full_name()}")
            return redirect("governance:member_request", pk=recorded.pk)
    return render(request, "governance/members/request_form.html",
                  {"form": form, "committee": committee}, status=400 if form.errors else 200)


def _request_or_404(pk: int) -> MemberRequest:
    return get_object_or_404(members.requests_with_everything(), pk=pk)


def member_request_detail(request, pk: int):
    found = _request_or_404(pk)
    today = timezone.localdate()
    context = _detail_context(request, found, today)
    return render(request, "governance/members/request.html", context)


def _detail_context(request, found: MemberRequest, today, **forms):
    closed = found.status == RequestStatus.CLOSED
    may_answer = permissions.can_answer_request(request.user, found) and not closed
    manages = permissions.records_member_requests(request.user)
    return {
        "item": found, "overdue": found.is_overdue(today),
        "indicators": list(found.indicators.all()),
        "history": found.history.select_related("history_user", "assigned_to")
        .order_by("-history_date")[:20],
        "answer_form": forms.get("answer_form") or (AnswerForm(initial={"answer": found.answer})
                                                    if may_answer else None),
        "close_form": forms.get("close_form") or (
            CloseForm() if manages and found.status == RequestStatus.ANSWERED else None),
        "reopen_form": forms.get("reopen_form") or (
            ReopenForm() if manages and found.status == RequestStatus.ANSWERED else None),
        "assign_form": forms.get("assign_form") or (
            AssignForm(officers=_officers(), initial={
                "assigned_to": found.assigned_to_id, "due_on": found.due_on})
            if manages and not closed else None),
    }


def _refused(request, found, error: RequestRefused, form_name: str, form):
    form.add_error(None, str(error))
    context = _detail_context(request, found, timezone.localdate(), **{form_name: form})
    return render(request, "governance/members/request.html", context, status=400)


@require_POST
def member_request_assign(request, pk: int):
    """Assign the request to another officer, or give it a new due date."""
    found = _request_or_404(pk)
    permissions.require(permissions.records_member_requests(request.user))
    form = AssignForm(request.POST, officers=_officers())
    if not form.is_valid():
        return render(request, "governance/members/request.html", _detail_context(
            request, found, timezone.localdate(), assign_form=form), status=400)
    try:
        members.assign(found, form.cleaned_data["assigned_to"], form.cleaned_data["due_on"],
                       request.user)
    except RequestRefused as error:
        return _refused(request, found, error, "assign_form", form)
    messages.success(request, f"{found.reference} assigned to "
                     f"{found.assigned_to.get_full_name() or found.assigned_to.username}, "
                     "answer due " + date_text(found.due_on))
    return redirect("governance:member_request", pk=pk)


@require_POST
def member_request_answer(request, pk: int):
    found = _request_or_404(pk)
    permissions.require(permissions.can_answer_request(request.user, found))
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _refused(request, found, RequestRefused("Enter the answer"), "answer_form", form)
    try:
        members.answer(found, form.cleaned_data["answer"], request.user, timezone.now())
    except RequestRefused as error:
        return _refused(request, found, error, "answer_form", form)
    messages.success(request, f"Your answer to {found.reference} is saved: it goes in the "
                     f"{found.committee.name}'s next pack")
    return redirect("governance:member_request", pk=pk)


@require_POST
def member_request_close(request, pk: int):
    found = _request_or_404(pk)
    permissions.require(permissions.records_member_requests(request.user))
    form = CloseForm(request.POST)
    try:
        if not form.is_valid():
            raise RequestRefused("Keep the note shorter")
        members.close(found, form.cleaned_data["note"], request.user, timezone.now())
    except RequestRefused as error:
        return _refused(request, found, error, "close_form", form)
    messages.success(request, f"{found.reference} closed")
    return redirect("governance:member_request", pk=pk)


@require_POST
def member_request_reopen(request, pk: int):
    found = _request_or_404(pk)
    permissions.require(permissions.records_member_requests(request.user))
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return render(request, "governance/members/request.html", _detail_context(
            request, found, timezone.localdate(), reopen_form=form), status=400)
    try:
        members.reopen(found, form.cleaned_data["reason"], form.cleaned_data["due_on"],
                       request.user)
    except RequestRefused as error:
        return _refused(request, found, error, "reopen_form", form)
    messages.success(request, f"{found.reference} reopened")
    return redirect("governance:member_request", pk=pk)


# --- escalations ----------------------------------------------------------------------------


def escalation_new(request, code: str, period: str):
    """Escalate a performance issue on an indicator one level up, to a board."""
    indicator = get_object_or_404(Indicator.objects.select_related("org_unit"), code=code)
    when = period_or_404(period)
    permissions.require(permissions.can_escalate(request.user, indicator))
    form = EscalationForm(request.POST or None)
    current = members.highest_escalation(indicator, when.key)
    if request.method == "POST" and form.is_valid():
        try:
            done = members.escalate(
                indicator=indicator, period=when.key, to_board=form.cleaned_data["to_board"],
                reason=form.cleaned_data["reason"], user=request.user, now=timezone.now(),
            )
        except RequestRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{indicator.code} escalated to the "
                             f"{done.get_to_level_display().lower()} level: "
                             f"{done.to_board.name} will see it")
            return redirect("governance:committee", slug=done.to_board.slug)
    return render(request, "governance/members/escalate.html", {
        "form": form, "indicator": indicator, "period": when, "current": current,
    }, status=400 if form.errors else 200)


ESCALATIONS_PER_PAGE = 25
ESCALATION_STATUSES = [("open", "Open"), ("resolved", "Resolved"), ("all", "Open and resolved")]


def escalations(request):
    """Every escalated performance issue, open or resolved, for every board or one, a page
    at a time; each with what the reader may do with it."""
    shown = request.GET.get("status", "open")
    if shown not in dict(ESCALATION_STATUSES):
        shown = "open"
    found = members.escalations_with_everything()
    if shown == "open":
        found = found.filter(resolved_on=None).order_by("-escalated_at", "-pk")
    elif shown == "resolved":
        found = found.exclude(resolved_on=None).order_by("-resolved_on", "-pk")
    else:
        found = found.order_by(F("resolved_on").asc(nulls_first=True), "-escalated_at", "-pk")
    boards = list(Committee.objects.filter(escalations__isnull=False).distinct()
                  .order_by("name").values_list("slug", "name"))
    slug = request.GET.get("board", "")
    if slug:
        found = found.filter(to_board__slug=slug)
    page = Paginator(found, ESCALATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "governance/members/escalations.html", {
        "rows": members.mark_permissions(page.object_list, request.user),
        "shown": shown, "statuses": ESCALATION_STATUSES, "board_slug": slug,
        "boards": boards, "board_name": dict(boards).get(slug, ""),
        "page": page, "ellipsis": Paginator.ELLIPSIS,
        "pages": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
        if page.paginator.num_pages > 1 else [],
    })


def _escalation_or_404(pk: int) -> Escalation:
    return get_object_or_404(members.escalations_with_everything(), pk=pk)


def _chain(escalation: Escalation) -> list[Escalation]:
    """The issue's escalations from the service up, this one among them (a few rows)."""
    chain = [escalation]
    below = escalation.previous_id
    while below is not None and len(chain) < 5:
        item = members.escalations_with_everything().filter(pk=below).first()
        if item is None:
            break
        chain.insert(0, item)
        below = item.previous_id
    above = members.escalations_with_everything().filter(previous=escalation)
    return chain + list(above.order_by("escalated_at"))


def escalation_resolve(request, pk: int):
    """Record how an escalated issue was resolved: the receiving board's decision, or what
    was done. The note is required; the resolution is attributed and kept in its
    history."""
    escalation = _escalation_or_404(pk)
    permissions.require(permissions.can_resolve_escalation(request.user, escalation))
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = members.resolve(escalation, form.cleaned_data["resolution"], request.user,
                                   timezone.localdate())
        except RequestRefused as error:
            form.add_error(None, str(error))
        else:
            also = len(done) - 1
            messages.success(request, f"{escalation.reference} ({escalation.indicator.code}) "
                             "is resolved" + (f", with the {also} escalation"
                                              f"{'s' if also > 1 else ''} below it" if also
                                              else ""))
            return redirect(f"{reverse('governance:escalations')}?board="
                            f"{escalation.to_board.slug}&status=resolved")
    return render(request, "governance/members/escalation_resolve.html", {
        "form": form, "escalation": escalation, "chain": _chain(escalation),
        "refused": _resolve_refusal(escalation),
    }, status=400 if form.errors else 200)


def _resolve_refusal(escalation: Escalation) -> str:
    """Why this escalation cannot be resolved here, if it cannot."""
    if escalation.resolved_on is not None:
        return (f"This escalation was resolved on {date_text(escalation.resolved_on)}.")
    if escalation.carried_on:
        return (f"This issue has been escalated further, to {escalation.carried_to}: its "
                "resolution is recorded there, and resolves this escalation with it.")
    return ""


def escalation_further(request, pk: int):
    """Carry an open escalation on to the level above: from the directorate to the
    corporate level, linking the two."""
    escalation = _escalation_or_404(pk)
    permissions.require(permissions.can_escalate(request.user, escalation.indicator))
    form = EscalationForm(request.POST or None)
    form.fields["to_board"].queryset = Committee.objects.exclude(
        pk=escalation.to_board_id).order_by("name")
    if request.method == "POST" and form.is_valid():
        try:
            done = members.escalate(
                indicator=escalation.indicator, period=escalation.period,
                to_board=form.cleaned_data["to_board"], reason=form.cleaned_data["reason"],
                user=request.user, now=timezone.now(), further=escalation,
            )
        except RequestRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{escalation.indicator.code} escalated further, to "
                             f"the {done.get_to_level_display().lower()} level: "
                             f"{done.to_board.name} will see it")
            return redirect("governance:committee", slug=done.to_board.slug)
    return render(request, "governance/members/escalate.html", {
        "form": form, "indicator": escalation.indicator,
        "period": Period.parse(escalation.period), "current": escalation, "further": True,
    }, status=400 if form.errors else 200)


# --- the budget beside performance -----------------------------------------------------------


def _quarters(today) -> list[Period]:
    latest = Period.latest_ended(today, Frequency.QUARTERLY)
    return [latest.shift(-n) for n in range(0, 8)]


def finance_upload(request):
    """The performance team brings in the quarter's budget position, all or nothing."""
    permissions.require(permissions.records_member_requests(request.user))
    today = timezone.localdate()
    form = FinanceUploadForm(request.POST or None, request.FILES or None,
                             quarters=_quarters(today))
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        upload.seek(0)
        try:
            sheet = read_sheet(upload, name=upload.name, limits=finance_import.UPLOAD_LIMITS)
            record = finance_import.import_finance(
                sheet, period=finance_import.quarter(form.cleaned_data["period"]),
                file_name=upload.name, content=content, user=request.user,
                now=timezone.now(),
            )
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        except ImportFailed as failure:
            problems = failure.problems
        else:
            messages.success(request, f"{record.rows} lines of the budget position for "
                             f"{Period.parse(record.period).label} imported")
            return redirect("governance:budget")
    return render(request, "governance/members/finance_upload.html", {
        "form": form, "problems": problems,
        "imports": FinanceImport.objects.select_related("imported_by")[:8],
    }, status=400 if form.errors or problems else 200)


SHOWN_RAGS = [Rag.RED, Rag.AMBER, Rag.GREEN]


def _budget_position(request) -> dict:
    """The council-wide page's figures: each directorate's position beside its RAG counts."""
    today = timezone.localdate()
    latest = Period.latest_ended(today, Frequency.QUARTERLY)
    period = period_or_404(request.GET["period"]) if request.GET.get("period") else latest
    key = finance_import.latest_quarter_with_position(period)
    found = finance_import.positions(key) if key else []
    directorates = OrgUnit.objects.filter(kind=OrgUnit.Kind.DIRECTORATE).order_by("name")
    by_name = {total.name: total for total, _ in found}
    approved_only = not permissions.sees_unsigned(request.user)
    rated: dict[str, dict[Rag, int]] = {}
    for row in build_scorecard(
        period, Indicator.objects.select_related("org_unit").only(*ROW_FIELDS),
        approved_only=approved_only,
    ):
        counts = rated.setdefault(row.indicator.org_unit_path.split(OrgUnit.SEPARATOR)[0], {})
        counts[row.rag] = counts.get(row.rag, 0) + 1
    return {
        "period": period, "finance_period": Period.parse(key) if key else None,
        "rows": [
            (d, by_name.get(d.name),
             [(rag, rated.get(d.name, {}).get(rag, 0)) for rag in SHOWN_RAGS])
            for d in directorates
        ],
        "approved_only": approved_only,
        "total": finance_import.finance.total("The council", by_name.values()) if found
        else None,
    }


def budget(request):
    """Every directorate's budget position beside its performance, for a quarter."""
    return render(request, "governance/members/budget.html", {
        **_budget_position(request),
        "quarters": _quarters(timezone.localdate()),
        "may_import": permissions.records_member_requests(request.user),
    })


def _money(value) -> str:
    return finance_import.money(value)


def _percent(position) -> str:
    percent = position.variance_percent
    return f"{number_text(percent, 1)}%" if percent is not None and position.variance else ""


POSITION_HEADINGS = ["Budget (£)", "Forecast outturn (£)", "Variance (£)",
                     "Variance (% of budget)", "Position"]


def _position_cells(position) -> list:
    return [_money(position.budget), _money(position.forecast), _money(position.variance),
            _percent(position), position.direction]


def _download_format(fmt: str) -> str:
    if fmt not in ("csv", "xlsx"):
        raise Http404("The budget position downloads as CSV or XLSX")
    return fmt


def budget_download(request, fmt: str):
    """The council-wide page as a file for people: each directorate's budget position (in
    pounds, as on the screen) beside its RAG counts, and the council's total."""
    fmt = _download_format(fmt)
    data = _budget_position(request)
    period, finance_period = data["period"], data["finance_period"]
    table: list[list] = [["Directorate", *POSITION_HEADINGS,
                          *[f"Indicators {rag.label.lower()}" for rag in SHOWN_RAGS]]]
    for directorate, position, rags in data["rows"]:
        figures = (_position_cells(position) if position
                   else ["No budget position", "", "", "", ""])
        table.append([directorate.name, *figures, *[count for _, count in rags]])
    if data["total"]:
        table.append(["The council", *_position_cells(data["total"]), "", "", ""])
    title = (f"Budget and performance, {period.label}: "
             + (f"budget position for {finance_period.label}" if finance_period
                else "no budget position imported")
             + (", performance from signed-off results" if data["approved_only"] else ""))
    return _table_download(table, fmt, f"budget-{period.key}", "Budget", title)


def budget_directorate(request, pk: int):
    """A directorate's budget and performance: its scorecard and its finance lines."""
    directorate = get_object_or_404(OrgUnit, pk=pk, kind=OrgUnit.Kind.DIRECTORATE)
    today = timezone.localdate()
    latest = Period.latest_ended(today, Frequency.QUARTERLY)
    period = period_or_404(request.GET["period"]) if request.GET.get("period") else latest
    approved_only = not permissions.sees_unsigned(request.user)
    indicators = Indicator.objects.select_related("org_unit").only(*ROW_FIELDS).filter(
        Q(org_unit__path=directorate.path)
        | Q(org_unit__path__startswith=directorate.path + OrgUnit.SEPARATOR)
    ).order_by("code")
    rows = build_scorecard(period, indicators, approved_only=approved_only)
    table = ScorecardTable(rows)
    table.label = f"{directorate.name}: scorecard as at the end of {period.label}"
    table.grouped, table.expected = False, expected_periods(period)
    table.mark_unsigned = not approved_only
    RequestConfig(request, paginate={"per_page": 100}).configure(table)
    counts: dict = {}
    for row in rows:
        counts[row.rag] = counts.get(row.rag, 0) + 1
    key = finance_import.latest_quarter_with_position(period)
    found = finance_import.positions(key, [directorate.pk]) if key else []
    return render(request, "governance/members/budget_directorate.html", {
        "directorate": directorate, "period": period, "table": table, "total": len(rows),
        "counts": [(rag, counts[rag]) for rag in Rag if rag in counts],
        "finance_period": Period.parse(key) if key else None,
        "position": found[0] if found else None,
        "quarters": _quarters(today), "approved_only": approved_only,
    })


def budget_directorate_download(request, pk: int, fmt: str):
    """A directorate's budget position by service as a file for people: in pounds, as on
    the screen, with the finance system's commentary and the directorate's total."""
    fmt = _download_format(fmt)
    directorate = get_object_or_404(OrgUnit, pk=pk, kind=OrgUnit.Kind.DIRECTORATE)
    latest = Period.latest_ended(timezone.localdate(), Frequency.QUARTERLY)
    period = period_or_404(request.GET["period"]) if request.GET.get("period") else latest
    key = finance_import.latest_quarter_with_position(period)
    found = finance_import.positions(key, [directorate.pk]) if key else []
    table: list[list] = [["Service", *POSITION_HEADINGS, "Commentary"]]
    if found:
        total, lines = found[0]
        table += [[line.name, *_position_cells(line), line.commentary] for line in lines]
        table.append([f"{directorate.name} total", *_position_cells(total), ""])
    title = (f"{directorate.name}: budget position "
             + (f"for {Period.parse(key).label}" if key
                else f"(none imported by the end of {period.label})"))
    return _table_download(table, fmt, f"budget-{slugify(directorate.name)}-{period.key}",
                           "Budget", title)


# --- plans, the reporting matrix and portfolios ----------------------------------------------


def plans(request):
    """The register of the council's plans and strategies, their owners and reviews."""
    today = timezone.localdate()
    found = list(
        PlanOrStrategy.objects.select_related("owner", "directorate")
        .annotate(measures=Count("indicators")).order_by("title")
    )
    for plan in found:
        plan.overdue = plan.review_overdue(today)
    return render(request, "governance/members/plans.html", {"plans": found})


def plan_detail(request, pk: int):
    plan = get_object_or_404(PlanOrStrategy.objects.select_related("owner", "directorate"),
                             pk=pk)
    return render(request, "governance/members/plan.html", {
        "plan": plan, "today": timezone.localdate(),
        "indicators": plan.indicators.select_related("org_unit", "owner").order_by("code"),
        "action_rows": actions.rows(actions.with_everything(plan.actions.all()),
                                    timezone.localdate()),
    })


def reporting_matrix(request):
    """What goes to which board or committee, how often, from which directorate."""
    rows = matrix.reporting_matrix()
    return render(request, "governance/members/matrix.html", {"rows": rows})


def reporting_matrix_xlsx(request):
    council = Council.objects.values_list("name", flat=True).first() or ""
    response = HttpResponse(matrix.matrix_xlsx(matrix.reporting_matrix(), council),
                            content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="reporting-matrix.xlsx"'
    return response


def portfolios(request):
    """Cabinet portfolios, their holders and a link to each one's scorecard."""
    found = list(Portfolio.objects.select_related("holder").annotate(
        measures=Count("indicators")).order_by("name"))
    return render(request, "governance/members/portfolios.html", {
        "portfolios": found,
        "mine": [p for p in found if p.holder_id == request.user.pk],
    })
