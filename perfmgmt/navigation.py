"""The service navigation: every page a person can reach from the header, and who may open it.

One list, rendered by templates/base.html in the GOV.UK service navigation pattern. Each
entry names the check that decides who sees it; the check is the one the page itself
makes (kpis.permissions), so the header never offers a page that answers 403.
tests/views/test_navigation.py opens every entry as every role, and the crawl tests follow
every link from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from kpis import permissions
from kpis.roles import AUDITORS, PERFORMANCE_TEAM

Check = Callable[[permissions.AnyUser], bool]


def signed_in(user: permissions.AnyUser) -> bool:
    return user.is_authenticated


def is_staff(user: permissions.AnyUser) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def audits(user: permissions.AnyUser) -> bool:
    return permissions.has_role(user, PERFORMANCE_TEAM, AUDITORS)


@dataclass(frozen=True)
class Entry:
    """One link in the navigation.

    ``section`` names the pages that sit under this entry (an indicator under the
    scorecard, a committee under committees): the entry is marked as the current section
    there (``aria-current="true"``), and as the current page on its own page.
    """

    label: str
    url_name: str
    allowed: Check
    section: tuple[str, ...] = ()


ENTRIES: tuple[Entry, ...] = (
    Entry("Your results", "kpis:home", signed_in, section=(
        "kpis:result_edit", "kpis:bulk_upload", "kpis:bulk_confirm",
    )),
    Entry("Sign-off", "kpis:approvals", permissions.signs_off),
    Entry("Scorecard", "reporting:scorecard", signed_in, section=(
        "kpis:indicator", "kpis:result", "kpis:delegate", "kpis:result_return",
        "kpis:result_reopen", "kpis:result_correct",
    )),
    Entry("Dashboards", "reporting:dashboards", signed_in, section=(
        "reporting:dashboard_council", "reporting:dashboard_committee",
        "reporting:dashboard_unit", "reporting:dashboard_mine",
    )),
    Entry("Golden thread", "reporting:golden_thread", signed_in),
    Entry("Balanced scorecard", "governance:balanced", signed_in),
    Entry("Exceptions", "governance:exceptions", signed_in),
    Entry("Committees", "governance:committees", signed_in, section=(
        "governance:committee", "governance:board_notes", "governance:pack_build_status",
    )),
    Entry("Risks", "governance:risk_registers", permissions.may_read_risks, section=(
        "governance:risk_register", "governance:my_risks", "governance:risk",
        "governance:risk_review", "governance:risk_action_add", "governance:risk_decision",
        "governance:risk_raise", "governance:risk_edit", "governance:risk_close",
        "governance:risk_register_add", "governance:risk_register_edit",
    )),
    Entry("Delivery plan", "governance:actions", signed_in, section=(
        "governance:action", "governance:action_note", "governance:action_timescale",
        "governance:action_note_return", "governance:action_new", "governance:action_edit",
        "governance:milestone_new", "governance:milestone_edit", "governance:milestone_remove",
    )),
    Entry("Improvement plans", "governance:improvement_plans", signed_in, section=(
        "governance:improvement_plan", "governance:improvement_plan_new",
        "governance:improvement_plan_edit", "governance:improvement_plan_close",
        "governance:improvement_plan_action",
    )),
    Entry("Committee requests", "governance:member_requests", signed_in, section=(
        "governance:member_request", "governance:member_request_new", "governance:escalations",
        "governance:escalation_new", "governance:escalation_resolve",
        "governance:escalation_further",
    )),
    Entry("Budget and performance", "governance:budget", signed_in, section=(
        "governance:budget_directorate", "governance:finance_upload",
        "governance:budget_download", "governance:budget_directorate_download",
    )),
    Entry("Plans register", "governance:plans", signed_in, section=(
        "governance:plan", "governance:reporting_matrix", "governance:portfolios",
    )),
    Entry("Completion", "kpis:completion", permissions.is_performance_team),
    Entry("Packs due", "governance:packs_due", permissions.is_performance_team),
    Entry("Annual review", "governance:annual_review", permissions.signs_off),
    Entry("Targets to set", "kpis:targets_missing", permissions.signs_off, section=(
        "kpis:target_edit",
    )),
    Entry("Indicator proposals", "governance:proposals", permissions.sees_proposals,
          section=("governance:proposal_new", "governance:proposal_change",
                   "governance:proposal", "governance:proposal_decide")),
    Entry("RAG audit", "reporting:rag_audit", audits),
    Entry("Data-quality audits", "governance:dq_audits", audits, section=(
        "governance:dq_audit", "governance:dq_indicator", "governance:dq_follow_up",
    )),
    Entry("Benchmarks", "kpis:benchmarks", audits),
    Entry("Register", "admin:index", is_staff),
)


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: str  # "page", "true" (a page in its section) or ""


def links_for(user: permissions.AnyUser, view_name: str | None) -> list[Link]:
    """The entries this user may open, with the current one marked."""
    links = []
    for entry in ENTRIES:
        if not entry.allowed(user):
            continue
        current = ("page" if view_name == entry.url_name
                   else "true" if view_name in entry.section else "")
        links.append(Link(entry.label, reverse(entry.url_name), current))
    return links


def context(request: HttpRequest) -> dict:
    """The context processor: the navigation and the council's name, each worked out at
    most once a request and only if the page shows it."""
    match = getattr(request, "resolver_match", None)

    def navigation() -> list[Link]:
        if not hasattr(request, "_navigation"):
            request._navigation = links_for(request.user, match.view_name if match else None)
        return request._navigation

    return {"navigation": navigation, "council_name": lambda: council_name(request)}


def council_name(request: HttpRequest) -> str:
    """The name of the council this installation serves (one query a request at most)."""
    if not hasattr(request, "_council_name"):
        from kpis.models import Council

        request._council_name = (
            Council.objects.order_by("pk").values_list("name", flat=True).first() or ""
        )
    return request._council_name
