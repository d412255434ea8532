"""The site's pages: public, so anyone can read the accessibility statement and the
privacy notice before (or without) signing in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from kpis.models import Council
from kpis.roles import performance_team_contacts
from perfmgmt.sitepages import markup
from perfmgmt.sitepages.defaults import DEFAULTS
from perfmgmt.sitepages.models import SitePage


@login_not_required
def page(request, slug: str):
    found = SitePage.objects.filter(slug=slug).first()
    if found is None:  # its row has gone: the text the council started with, never a 404
        if slug not in DEFAULTS:
            raise Http404("No such page")
        title, body = DEFAULTS[slug]
        found = SitePage(slug=slug, title=title, body=body)
    council = Council.objects.order_by("pk").first()
    tokens = {
        "council": escape(council.name if council else "the council"),
        "performance team": who_to_ask(request.user, council),
    }
    return render(request, "sitepages/page.html", {
        "page": found,
        # markup.render escapes everything typed; the tokens are escaped here.
        "body": mark_safe(markup.render(found.body, tokens)),  # noqa: S308
        "edit": (reverse("admin:sitepages_sitepage_change", args=[found.pk])
                 if found.pk and request.user.has_perm("sitepages.change_sitepage") else None),
    })


def who_to_ask(user, council: Council | None) -> str:
    """Staff see the performance team by name; the public (these pages are public, like
    /public/, which names nobody) the council's shared mailbox."""
    if user.is_authenticated:
        people = performance_team_contacts()
        return format_html("the performance team: {}", render_to_string(
            "_people.html", {"people": people})) if people else "the performance team"
    if council and council.contact_email:
        return format_html('the performance team (<a class="govuk-link" href="mailto:{}">{}</a>)',
                           council.contact_email, council.contact_email)
    return "the performance team, through the council's website or switchboard"
