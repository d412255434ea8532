"""Home: the worklist and the approver's list of results waiting for sign-off."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from kpis import entry, permissions, worklist
from kpis.filters import SignoffFilter
from kpis.notifications import notify
from kpis.notifications.models import Notice
from kpis.tables import SignoffTable, TableDownload
from kpis.views.team import team_worklist
from reporting.formatting import date_text
from reporting.periods import Period

# Each list on the home page shows this many items a page: the performance team may
# enter and approve everything, so a county's lists run to thousands.
PER_PAGE = 25
# The home page shows this many unread notices, newest first.
NOTICES = 20


@dataclass(frozen=True)
class Listing:
    """One list on the home page, a page at a time (``?overdue_page=2``)."""

    caption: str
    param: str
    page: Page
    pages: list  # page numbers around the current one, with ellipses

    @property
    def total(self) -> int:
        return self.page.paginator.count

    def __bool__(self) -> bool:
        return self.total > 0


def listing(request, caption: str, name: str, items: list) -> Listing:
    paginator = Paginator(items, PER_PAGE)
    param = f"{name}_page"
    page = paginator.get_page(request.GET.get(param))
    pages = (
        list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
        if paginator.num_pages > 1 else []
    )
    return Listing(caption, param, page, pages)


def home(request):
    if permissions.is_performance_team(request.user):
        return team_worklist(request)  # every return due, not one person's list
    today = timezone.localdate()
    work = worklist.officer_worklist(request.user, today)
    signoff = worklist.awaiting_signoff(request.user, today)
    returned = listing(request, "Returned for rework", "returned", work.returned)
    returned.page.object_list = worklist.with_return_reasons(list(returned.page))
    context = {
        "today": today,
        "ellipsis": Paginator.ELLIPSIS,
        "notices": (notices := unread_notices(request.user))[:NOTICES],
        "more_notices": len(notices) > NOTICES,
        "returned": returned,
        "overdue": listing(request, "Overdue", "overdue", work.overdue),
        "due": listing(request, "Due", "due", work.due_soon),
        "drafts": listing(request, "Drafts", "drafts", work.drafts),
        "submitted": listing(request, "Awaiting sign-off", "submitted", work.submitted),
        "signoff": listing(request, "Waiting for your sign-off", "signoff", signoff),
    }
    return render(request, "kpis/home.html", context)


def unread_notices(user) -> list:
    """The newest unread notices, each with where it leads (one query); one more than the
    page shows, so it can say there are more."""
    notices = list(
        Notice.objects.filter(user=user, read_at=None)
        .select_related("result__indicator", "by")[:NOTICES + 1]
    )
    notify.add_links(notices, user, timezone.localdate())
    return notices


def approvals(request):
    """Results waiting for this approver, filterable by service and period, as CSV or XLSX
    too (django-filter, django-tables2 and its export through kpis.exports), with a box
    to tick beside each one this approver may approve (``approve_selected``)."""
    today = timezone.localdate()
    waiting = worklist.awaiting_signoff_results(request.user)
    filters = SignoffFilter(request.GET or None, queryset=waiting)
    shown = worklist.signoff_items(request.user, today, filters.qs)
    table = SignoffTable(shown)
    table.today, table.caption = today, "Waiting for your sign-off"
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    export = request.GET.get("format")
    if TableDownload.is_valid_format(export):
        return TableDownload(
            export, table, exclude_columns=("select",), sheet="Sign-off for people",
            title=f"Results waiting for your sign-off on {date_text(today)}. For people to "
            "read: figures with their units",
        ).response(f"awaiting-sign-off-for-people.{export}")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "kpis/approvals.html", {
        "table": table, "filter": filters, "count": len(shown), "total": waiting.count(),
        "query": query.urlencode(), "may_approve": any(not item.refusal for item in shown),
        "return_to": request.GET.urlencode(),
    })


CHOSEN = re.compile(r"([0-9]{1,9}):([0-9]{1,9})", re.ASCII)


@require_POST
def approve_selected(request):
    """Approve the results ticked on the approver's list: all of them through the one
    door, or none (``entry.approve_all``), and back to the list with what happened."""
    back = reverse("kpis:approvals")
    query = request.POST.get("return_to", "")
    if query and re.fullmatch(r"[\w%&=+.\-]*", query, re.ASCII):
        back += "?" + query
    chosen: dict[int, int] = {}
    for value in request.POST.getlist("approve"):
        match = CHOSEN.fullmatch(value)
        if match is None:
            raise SuspiciousOperation("A ticked result was not one this list offered")
        chosen[int(match.group(1))] = int(match.group(2))
    if not chosen:
        messages.error(request, "Select the results to approve")
        return redirect(back)
    try:
        approved = entry.approve_all(request.user, chosen)
    except entry.ApprovalsRefused as refused:
        messages.error(request, "Nothing was approved. " + " ".join(
            f"{r.name}: {r.message}." for r in refused.refusals
        ))
        return redirect(back)
    names = ", ".join(
        f"{r.indicator.code} {Period.parse(r.period).label}" for r in approved
    )
    messages.success(request, f"Approved {len(approved)} result{pluralize(len(approved))}: "
                     f"{names}")
    return redirect(back)
