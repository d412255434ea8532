"""The service navigation: every page a person can reach from the header, and who may open it.

Two levels, both data. ``NAVIGATION`` is what the header shows (templates/base.html, the
GOV.UK service navigation pattern): a few pages of their own and a few hubs. A hub is a
page of links (``perfmgmt/hubs.py``), in groups under headings, each link with a sentence
on what its page is for. Every link names the check that decides who sees it; the check
is the one the page itself makes (kpis.permissions), so neither the header nor a hub ever
offers a page that answers 403. A hub is shown only to someone who may open at least one
of its links, and to someone who may open only one, the header offers that page itself.

Each page's ``section`` names the pages that sit under it (an indicator under the
scorecard, a risk under the risks): the header marks the top-level entry above them as
the current section there (``aria-current="true"``), and as the current page on its own
page. tests/views/test_navigation.py checks that every named page of the project sits in
some section or is listed in ``OUTSIDE`` with the reason it is not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
    """One page in the navigation: in the header itself, or a link on a hub.

    ``section`` names the pages that sit under this one; ``about`` is the sentence a hub
    shows beneath the link.
    """

    label: str
    url_name: str
    allowed: Check
    section: tuple[str, ...] = ()
    about: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """This page's url name and those of the pages under it."""
        return (self.url_name, *self.section)


@dataclass(frozen=True)
class Group:
    """A heading on a hub and the links beneath it."""

    heading: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Hub:
    """A header entry that opens a page of links (``hubs:<slug>``, perfmgmt/hubs.py)."""

    label: str
    slug: str
    about: str
    groups: tuple[Group, ...]

    @property
    def url_name(self) -> str:
        return f"hubs:{self.slug}"

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(entry for group in self.groups for entry in group.entries)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.url_name, *(name for entry in self.entries for name in entry.names))

    def allowed_entries(self, user: permissions.AnyUser) -> list[Entry]:
        return [entry for entry in self.entries if entry.allowed(user)]

    def allowed(self, user: permissions.AnyUser) -> bool:
        return any(entry.allowed(user) for entry in self.entries)


# The hubs' links. Another page's url name goes into the ``section`` of the link above it.

REPORTS = Hub("Reports", "reports", (
    "Reports on the council's performance as a whole, and the committees' packs."
), groups=(
    Group("Performance reports", (
        Entry("Balanced scorecard", "governance:balanced", signed_in,
              about="The 13-column balanced scorecard for the council or a directorate, "
                    "with trend analysis, to read or download."),
        Entry("Exceptions", "governance:exceptions", signed_in,
              about="Indicators rated red or amber this period, with why and what is being "
                    "done about them."),
        Entry("Golden thread", "reporting:golden_thread", signed_in,
              about="The Corporate Plan's pillars through its measures down to team "
                    "indicators, each with its rating."),
        Entry("Benchmarks", "kpis:benchmarks", audits,
              about="Where we stand among comparable councils on each matched indicator."),
    )),
    Group("Committees", (
        Entry("Committees and packs", "governance:committees", signed_in, section=(
            "governance:committee", "governance:board_notes", "governance:pack_build_status",
            "governance:pack_preview",
        ), about="Each board and committee, its remit, when it is reported to and its "
                 "issued packs."),
    )),
))

GOVERNANCE = Hub("Governance", "governance", (
    "Plans, risks, scrutiny and money, and the changes to indicators and targets."
), groups=(
    Group("Plans and delivery", (
        Entry("Delivery plan", "governance:actions", signed_in, section=(
            "governance:action", "governance:action_note", "governance:action_timescale",
            "governance:action_note_return", "governance:action_new", "governance:action_edit",
            "governance:milestone_new", "governance:milestone_edit",
            "governance:milestone_remove",
        ), about="The delivery plan's actions, their milestones, monthly progress notes "
                 "and changes to timescales."),
        Entry("Improvement plans", "governance:improvement_plans", signed_in, section=(
            "governance:improvement_plan", "governance:improvement_plan_new",
            "governance:improvement_plan_edit", "governance:improvement_plan_close",
            "governance:improvement_plan_action",
        ), about="The plans to bring an indicator that is off track back on course, and "
                 "their actions."),
        Entry("Plans and strategies", "governance:plans", signed_in, section=(
            "governance:plan", "governance:reporting_matrix", "governance:portfolios",
        ), about="The council's plans and strategies, the reporting matrix (what goes to "
                 "which committee) and the Cabinet portfolios."),
    )),
    Group("Risks, scrutiny and money", (
        Entry("Risks", "governance:risk_registers", permissions.may_read_risks, section=(
            "governance:risk_register", "governance:my_risks", "governance:risk",
            "governance:risk_review", "governance:risk_action_add", "governance:risk_decision",
            "governance:risk_raise", "governance:risk_edit", "governance:risk_close",
            "governance:risk_register_add", "governance:risk_register_edit",
        ), about="The risk registers, each risk's score, controls and actions, and the "
                 "risks you own."),
        Entry("Committee requests", "governance:member_requests", signed_in, section=(
            "governance:member_request", "governance:member_request_new", "governance:escalations",
            "governance:escalation_new", "governance:escalation_resolve",
            "governance:escalation_further",
        ), about="Committees' requests and recommendations and their answers, and the "
                 "performance issues escalated to a board."),
        Entry("Budget and performance", "governance:budget", signed_in, section=(
            "governance:budget_directorate", "governance:finance_upload",
            "governance:budget_download", "governance:budget_directorate_download",
        ), about="Each directorate's budget position beside its performance."),
    )),
    Group("Indicators and targets", (
        Entry("Indicator proposals", "governance:proposals", permissions.sees_proposals,
              section=("governance:proposal_new", "governance:proposal_change",
                       "governance:proposal", "governance:proposal_decide"),
              about="Proposals for new indicators and for changes to live ones, and their "
                    "decisions."),
        Entry("Annual review", "governance:annual_review", permissions.signs_off, section=(
            "governance:review_decide", "governance:review_apply", "governance:review_records",
        ), about="Decide for each indicator in your area whether it continues, changes or "
                 "stops next year."),
        Entry("Targets to set", "kpis:targets_missing", permissions.signs_off, section=(
            "kpis:target_edit",
        ), about="Indicators in your area with no target yet for the coming year."),
    )),
    Group("Audit", (
        Entry("RAG audit", "reporting:rag_audit", audits,
              about="Where a reported rating differs from the council's RAG policy, and why."),
        Entry("Data-quality audits", "governance:dq_audits", audits, section=(
            "governance:dq_audit", "governance:dq_indicator", "governance:dq_follow_up",
        ), about="Each quarter's sample of indicators audited against the five checks, "
                 "with findings and follow-ups."),
    )),
))

PERFORMANCE_TEAM_HUB = Hub("Performance team", "performance_team", (
    "Chasing this period's returns and packs, and the register of indicators."
), groups=(
    Group("Returns and packs", (
        Entry("Completion", "kpis:completion", permissions.is_performance_team,
              about="How many returns each directorate and service has entered, submitted "
                    "and had approved."),
        Entry("Packs due", "governance:packs_due", permissions.is_performance_team,
              about="Which committee packs are due and what is still missing from each."),
    )),
    Group("The register", (
        Entry("Register", "admin:index", is_staff,
              about="Indicators, targets, results, people and RAG policies, in the "
                    "administration screens."),
    )),
))

# The header, in order.
NAVIGATION: tuple[Entry | Hub, ...] = (
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
    REPORTS,
    GOVERNANCE,
    PERFORMANCE_TEAM_HUB,
)

HUBS: dict[str, Hub] = {item.slug: item for item in NAVIGATION if isinstance(item, Hub)}


def pages() -> Iterator[Entry]:
    """Every page the navigation links to, in the header or on a hub."""
    for item in NAVIGATION:
        yield from item.entries if isinstance(item, Hub) else (item,)


ENTRIES: tuple[Entry, ...] = tuple(pages())

# Named pages deliberately outside the navigation's sections, and why.
OUTSIDE: dict[str, str] = {
    "login": "signing in: no navigation until signed in",
    "notifications:settings": "the header's own account link (Email settings)",
    "sitepages:accessibility": "the footer's link, public",
    "sitepages:privacy": "the footer's link, public",
    "public:summary": "the public pages: no sign-in and no staff navigation",
    "public:indicator": "the public pages: no sign-in and no staff navigation",
    "public:open_data": "the public pages: no sign-in and no staff navigation",
    "governance:risk_indicator_search": "a fragment the risk form's indicator picker swaps "
                                        "in as you type, not a page",
}


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: str  # "page", "true" (a page in its section) or ""


def _current(view_name: str | None, url_name: str, names: tuple[str, ...]) -> str:
    return "page" if view_name == url_name else "true" if view_name in names else ""


def links_for(user: permissions.AnyUser, view_name: str | None) -> list[Link]:
    """The header entries this user may open, with the current one marked.

    The checks read the user's roles and approved units once each (cached on the user),
    so the header costs the same queries however many entries it has.
    """
    links = []
    for item in NAVIGATION:
        if isinstance(item, Hub):
            allowed = item.allowed_entries(user)
            if not allowed:
                continue
            if len(allowed) == 1:  # a hub of one link: the header offers the page itself
                only = allowed[0]
                links.append(Link(only.label, reverse(only.url_name),
                                  _current(view_name, only.url_name, only.names)))
                continue
        elif not item.allowed(user):
            continue
        links.append(Link(item.label, reverse(item.url_name),
                          _current(view_name, item.url_name, item.names)))
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
