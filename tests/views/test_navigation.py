"""The navigation offers each role its pages, and only pages they may open: a short header
of a few pages and hubs, each hub a page of the links its reader may open; every named page
sits in a section of the header; the header names the council; the footer links the
accessibility statement and the privacy notice."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from kpis.models import Council
from kpis.roles import AUDITORS, COUNCILLORS
from perfmgmt import navigation as nav
from perfmgmt.navigation import HUBS, NAVIGATION, OUTSIDE, Entry, Hub, links_for
from tests.views.entry_helpers import (
    approver,
    client_for,
    frozen,
    indicator,
    officer,
    performance_team,
    user_in,
)

pytestmark = pytest.mark.django_db

EVERYONE = ["Your results", "Scorecard", "Dashboards", "Reports", "Governance"]
HEADER = {
    "officer": EVERYONE,
    "councillor": EVERYONE,
    "auditor": EVERYONE,
    "approver": ["Your results", "Sign-off", "Scorecard", "Dashboards", "Reports",
                 "Governance"],
    "performance": ["Your results", "Sign-off", "Scorecard", "Dashboards", "Reports",
                    "Governance", "Performance team"],
}
REPORTS = ["Balanced scorecard", "Exceptions", "Golden thread", "Committees and packs"]
GOVERNANCE = ["Delivery plan", "Improvement plans", "Plans and strategies", "Risks",
              "Committee requests", "Budget and performance", "Indicator proposals"]
HUB_LINKS = {
    "officer": {"reports": REPORTS, "governance": GOVERNANCE},
    "councillor": {"reports": REPORTS, "governance": GOVERNANCE},
    "auditor": {
        "reports": ["Balanced scorecard", "Exceptions", "Golden thread", "Benchmarks",
                    "Committees and packs"],
        "governance": GOVERNANCE + ["RAG audit", "Data-quality audits"],
    },
    "approver": {
        "reports": REPORTS,
        "governance": GOVERNANCE + ["Annual review", "Targets to set"],
    },
    "performance": {
        "reports": [entry.label for entry in HUBS["reports"].entries],
        "governance": [entry.label for entry in HUBS["governance"].entries],
        "performance_team": ["Completion", "Packs due", "Register"],
    },
}


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


def person(role: str):
    return {
        "officer": lambda: officer("olive"),
        "councillor": lambda: user_in("carys", COUNCILLORS),
        "auditor": lambda: user_in("arun", AUDITORS),
        "approver": lambda: approver("alan"),
        "performance": lambda: performance_team("petra", is_staff=True),
    }[role]()


def navigation(body: str) -> list[tuple[str, str]]:
    """The service navigation's links: (label, href)."""
    menu = re.search(r'<ul class="govuk-service-navigation__list" id="navigation">(.*?)</ul>',
                     body, re.S).group(1)
    return [(re.sub(r"<[^>]+>", "", label).strip(), href) for href, label in
            re.findall(r'<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>(.*?)</a>',
                       menu, re.S)]


def hub_links(body: str) -> list[tuple[str, str]]:
    """A hub's links: (label, href)."""
    main = body[body.index('<main'):body.index('</main>')]
    return re.findall(r'<a class="govuk-link govuk-!-font-weight-bold" href="([^"]+)">([^<]+)</a>',
                      main)


@pytest.mark.parametrize("role", list(HEADER))
def test_the_header_offers_each_role_a_few_entries_and_each_opens(role):
    client = client_for(person(role))
    links = navigation(client.get(reverse("kpis:home")).content.decode())
    assert [label for label, _ in links] == HEADER[role]
    for label, href in links:
        assert client.get(href).status_code == 200, label


@pytest.mark.parametrize("role", list(HUB_LINKS))
def test_each_hub_offers_its_reader_the_pages_they_may_open_and_each_opens(role):
    client = client_for(person(role))
    for slug, hub in HUBS.items():
        response = client.get(reverse(hub.url_name))
        if slug not in HUB_LINKS[role]:
            assert response.status_code == 403, slug  # the header never offers it either
            continue
        body = response.content.decode()
        assert f'<h1 class="govuk-heading-xl">{hub.label}</h1>' in body
        links = [(label, href) for href, label in hub_links(body)]
        assert [label for label, _ in links] == HUB_LINKS[role][slug]
        for label, href in links:
            assert client.get(href).status_code == 200, label


def test_a_hub_gives_each_link_its_sentence_under_its_group_s_heading():
    body = client_for(person("officer")).get(reverse("hubs:governance")).content.decode()
    assert '<h2 class="govuk-heading-m" id="plans-and-delivery">Plans and delivery</h2>' in body
    assert ('<ul class="govuk-list app-hub-list" aria-labelledby="plans-and-delivery">'
            in body)
    assert ("Delivery plan</a>\n    <p class=\"govuk-body govuk-!-margin-top-1 "
            "govuk-!-margin-bottom-0\">The delivery plan's actions") in body.replace("&#x27;", "'")
    assert "Audit</h2>" not in body  # a heading with no link the reader may open is left out


def _hub_entries() -> list[Entry]:
    return [entry for hub in HUBS.values() for entry in hub.entries]


def test_every_hub_link_says_what_its_page_is_for():
    for entry in _hub_entries():
        assert entry.about and entry.about.endswith("."), entry.label


@pytest.mark.parametrize("role", ["officer", "councillor", "auditor"])
def test_the_pages_the_navigation_keeps_from_someone_refuse_them(role):
    """The pages with a check of their own (the others only show the person's own work)."""
    client = client_for(person(role))
    for name in ["governance:annual_review", "kpis:targets_missing", "governance:packs_due",
                 "hubs:performance_team"]:
        assert client.get(reverse(name)).status_code == 403, name
    if role != "auditor":
        assert client.get(reverse("reporting:rag_audit")).status_code == 403


def test_a_hub_with_one_page_for_its_reader_is_that_page_in_the_header():
    """Staff who are not in the performance team see only the register of its hub."""
    clerk = officer("clerk", is_staff=True)
    links = links_for(clerk, None)
    assert [(link.label, link.href) for link in links][-1] == ("Register", reverse("admin:index"))
    assert "Performance team" not in [link.label for link in links]
    assert [link.current for link in links_for(clerk, "admin:index")][-1] == "page"


def test_the_current_page_and_its_section_are_marked_for_screen_readers():
    olive = officer("olive")
    client = client_for(olive)
    body = client.get(reverse("reporting:scorecard")).content.decode()
    assert ('<a class="govuk-service-navigation__link" href="/scorecard/" aria-current="page">'
            '<strong class="govuk-service-navigation__active-fallback">Scorecard</strong></a>'
            in body)
    assert body.count("aria-current") == 1
    indicator("HOU1", owner=olive)
    body = client.get(reverse("kpis:indicator", args=["HOU1"])).content.decode()
    assert '<a class="govuk-service-navigation__link" href="/scorecard/" aria-current="true">' \
        in body


@pytest.mark.parametrize(("name", "hub"), [
    ("hubs:governance", "page"), ("governance:risk_registers", "true"),
    ("governance:my_risks", "true"), ("governance:actions", "true"),
    ("governance:proposals", "true"),
])
def test_a_hub_is_the_current_section_on_its_page_and_every_page_beneath_it(name, hub):
    link = {link.label: link for link in links_for(performance_team("petra"), name)}
    assert link["Governance"].current == hub
    assert [label for label, found in link.items() if found.current] == ["Governance"]


def test_a_hub_page_marks_its_header_entry_as_the_current_page():
    client = client_for(person("officer"))
    body = client.get(reverse("hubs:reports")).content.decode()
    assert ('<a class="govuk-service-navigation__link" href="/reports/" aria-current="page">'
            in body)
    body = client.get(reverse("governance:balanced")).content.decode()
    assert ('<a class="govuk-service-navigation__link" href="/reports/" aria-current="true">'
            in body)


def url_names(patterns=None, namespace: str = "") -> dict[str, URLPattern]:
    """Every named URL pattern of the project, by its name with its namespace."""
    found: dict[str, URLPattern] = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            found |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = pattern
    return found


# Named URL patterns that are no page of their own: the form posts that answer with a
# redirect (each refuses GET: checked below) and the downloads (a file's name at the end of
# the address, or listed here).
POSTS = {
    "logout", "kpis:approve_selected", "kpis:delegation_end", "kpis:result_submit",
    "kpis:result_preview", "kpis:result_approve", "governance:pack_issue",
    "governance:pack_build", "governance:action_note_submit", "governance:action_complete",
    "governance:action_note_sign_off", "governance:milestone_complete",
    "governance:improvement_action_complete", "governance:member_request_assign",
    "governance:member_request_answer", "governance:member_request_close",
    "governance:member_request_reopen", "governance:risk_action_done",
    "governance:dq_follow_up_done", "notifications:read", "notifications:read_all",
}
DOWNLOADS = {"governance:pack_build_download"}
FILE_NAME = re.compile(r"\.(csv|xlsx|pdf|docx|json|<str:fmt>)$")


def download_names() -> set[str]:
    return DOWNLOADS | {name for name, pattern in url_names().items()
                        if FILE_NAME.search(str(pattern.pattern))}


def example_kwargs(pattern: URLPattern) -> dict:
    """Arguments that fit a pattern's converters: a number, or a word."""
    return {name: 1 if isinstance(converter, IntConverter) else "x"
            for name, converter in pattern.pattern.converters.items()}


def test_every_page_of_the_project_sits_under_an_entry_of_the_header_or_says_why_not():
    """A new page's url name goes in the ``section`` of the entry above it (the header then
    marks that entry on it), or in navigation.OUTSIDE with the reason, or in POSTS or
    DOWNLOADS above if it is a form's post or a download."""
    names = [name for name in url_names() if not name.startswith("admin:")]
    placed: dict[str, list[str]] = {}
    for item in NAVIGATION:
        for name in item.names:
            placed.setdefault(name, []).append(item.label)
    unplaced = [name for name in names
                if name not in placed and name not in OUTSIDE
                and name not in POSTS | download_names()]
    assert not unplaced, f"Pages in no section of the navigation: {unplaced}"
    assert not [name for name, under in placed.items() if len(under) > 1], (
        "A page is in two sections")
    stale = (set(placed) - {"admin:index"} | set(OUTSIDE) | POSTS | DOWNLOADS) - set(names)
    assert not stale, f"Names the navigation lists that no URL pattern has: {stale}"
    assert not (set(OUTSIDE) & (set(placed) | POSTS))


def test_the_addresses_listed_as_form_posts_refuse_get():
    """So that POSTS hides no page: each answers GET with 405, before looking anything up."""
    client = client_for(person("performance"))
    patterns = url_names()
    for name in sorted(POSTS):
        address = reverse(name, kwargs=example_kwargs(patterns[name]))
        assert client.get(address).status_code == 405, name


def test_the_header_costs_the_same_queries_however_many_entries_it_checks():
    """Every check reads the user's roles and approved units, cached on the user: two
    queries for the whole header (three entries or seven)."""
    for role, most in [("officer", 2), ("performance", 2), ("approver", 2)]:
        user = person(role)
        user = type(user).objects.get(pk=user.pk)  # nothing cached
        with CaptureQueriesContext(connection) as captured:
            links = links_for(user, "kpis:home")
            for hub in HUBS.values():
                hub.allowed_entries(user)
        assert len(captured) <= most, (role, [q["sql"] for q in captured])
        assert len(links) == len(HEADER[role])


def test_the_hubs_and_entries_are_data_the_header_is_built_from():
    assert all(isinstance(item, Entry | Hub) for item in NAVIGATION)
    assert 5 <= len(NAVIGATION) <= 7
    assert nav.ENTRIES == tuple(nav.pages())


def test_the_header_names_the_council_with_one_query_however_often_it_is_shown():
    Council.objects.create(name="Northshire County Council", short_name="Northshire")
    client = client_for(officer("olive"))
    with CaptureQueriesContext(connection) as captured:
        body = client.get(reverse("kpis:home")).content.decode()
    assert "<title>Your results – Northshire County Council</title>" in body
    assert '<span class="app-header__council">Northshire County Council</span>' in body
    council_queries = [q for q in captured if "kpis_council" in q["sql"]]
    assert len(council_queries) == 1


def test_anyone_signed_out_sees_the_footer_links_and_no_navigation():
    body = Client().get(reverse("login")).content.decode()
    assert f'<a class="govuk-footer__link" href="{reverse("sitepages:accessibility")}">' \
           "Accessibility statement</a>" in body
    assert f'<a class="govuk-footer__link" href="{reverse("sitepages:privacy")}">' \
           "Privacy notice</a>" in body
    assert "govuk-service-navigation" not in body
    assert "Sign out" not in body


def test_the_account_links_are_in_the_header():
    body = client_for(officer("olive")).get(reverse("kpis:home")).content.decode()
    assert f'href="{reverse("notifications:settings")}">Email settings</a>' in body
    assert re.search(r'<form method="post" action="/accounts/logout/"[^>]*>.*?Sign out', body,
                     re.S)


@pytest.mark.parametrize("role", ["officer", "approver", "performance"])
def test_a_hub_page_costs_a_few_queries_whatever_it_offers(role, django_assert_max_num_queries):
    """The session, the user, their roles, their approved units and the council's name;
    nothing for each link."""
    client = client_for(person(role))
    for hub in ("hubs:reports", "hubs:governance"):
        with django_assert_max_num_queries(5):
            assert client.get(reverse(hub)).status_code == 200
