"""The site's error pages: what happened and where to go next, in the site's layout.

404, 403, 400 and a refused form (CSRF) are rendered with the request, so the header
shows the person's navigation. 500 is Django's own handler with templates/500.html: it
renders with no request and no context processors, so a broken database cannot break
the page that says something went wrong.
"""

from __future__ import annotations

from django.shortcuts import render

from kpis.roles import performance_team_contacts


def permission_denied(request, exception=None):
    return render(request, "403.html", {"contacts": performance_team_contacts()}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def csrf_failure(request, reason: str = ""):
    """A form sent without a valid security token: usually a page left open for a long
    time, or cookies turned off."""
    return render(request, "403_csrf.html", status=403)
