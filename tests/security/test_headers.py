"""Security headers: the Content-Security-Policy, and templates that need nothing inline."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = sorted((ROOT / "templates").rglob("*.html")) + sorted(
    p for app in ("kpis", "reporting", "governance") for p in (ROOT / app).rglob("*.html")
)


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.django_db
def test_every_page_has_a_policy_of_this_server_only_and_nothing_inline(client):
    response = client.get(reverse("login"))
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]


# The committee pack's self-contained file (download and PDF) carries its styles inline
# by design; the page in the browser links the stylesheet instead (inline_css=False), which
# test_the_pack_preview_passes_the_policy checks.
SELF_CONTAINED = {"templates/governance/pack.html"}


def test_templates_have_no_inline_script_handler_or_style():
    assert TEMPLATES
    problems = []
    for path in TEMPLATES:
        if str(path.relative_to(ROOT)) in SELF_CONTAINED:
            text = path.read_text().replace("<style>{{ css|safe }}</style>", "")
            if "<style" in text:
                problems.append(f"{path.relative_to(ROOT)}: a <style> beyond the inline pack css")
            continue
        text = re.sub(r"{% comment %}.*?{% endcomment %}", "", path.read_text(), flags=re.S)
        for pattern, what in [
            (r"<script(?![^>]*\bsrc=)[^>]*>", "an inline <script>"),
            (r"<style\b", "a <style> block"),
            (r"\son[a-z]+\s*=", "an on*= handler"),
            (r"\sstyle\s*=", "a style= attribute"),
            (r"javascript:", "a javascript: URL"),
        ]:
            for match in re.finditer(pattern, text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert problems == []


def test_the_pack_preview_passes_the_policy():
    from governance.pack_render import render_html

    data = {"council": "C", "committee": {"name": "COG", "slug": "cog", "kind": "", "schedule":
            "Quarterly", "purpose": ""}, "meeting": None, "period": {"key": "2026-27-Q2",
            "label": "Q2 2026/27", "end": "30 September 2026"}, "summary": {"total": 0,
            "rag": [], "by_pillar": [], "by_directorate": [], "direction": [], "exceptions": 0},
            "exceptions": [], "indicators": [], "board_notes": {}, "corrections": [],
            "rules": []}
    page = render_html(data, inline_css=False)
    assert "<style" not in page and 'rel="stylesheet"' in page
    assert "<style>" in render_html(data)


def test_htmx_is_told_not_to_inject_a_style():
    base = (ROOT / "templates" / "base.html").read_text()
    assert '<meta name="htmx-config"' in base
    assert '"includeIndicatorStyles":false' in base


# --- Cache-Control ----------------------------------------------------------------


def test_a_signed_in_page_is_not_stored(client, django_user_model):
    user = django_user_model.objects.create_user("olivia")
    client.force_login(user)
    response = client.get(reverse("kpis:home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/bulk/results-due.xlsx", "/scorecard/2025-26-Q2.csv",
                                 "/rag-audit/2025-26-Q2.csv", "/approvals/?format=csv"])
def test_every_download_is_not_stored(client, django_user_model, url):
    from kpis.roles import PERFORMANCE_TEAM, ensure_role_groups

    user = django_user_model.objects.create_user("petra")
    user.groups.add(ensure_role_groups()[PERFORMANCE_TEAM])
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store, private"


def _middleware_response(rf, path="/", user=None, **headers):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from perfmgmt.middleware import NoStoreMiddleware

    def view(request):
        response = HttpResponse("x")
        for name, value in headers.items():
            response[name] = value
        return response

    request = rf.get(path)
    request.user = user or AnonymousUser()
    return NoStoreMiddleware(view)(request)


def test_an_anonymous_download_is_not_stored_either(rf):
    response = _middleware_response(rf, **{"Content-Disposition": 'attachment; filename="a.csv"'})
    assert response["Cache-Control"] == "no-store, private"


def test_an_anonymous_page_is_left_to_its_view(rf):
    assert not _middleware_response(rf).has_header("Cache-Control")


@pytest.mark.django_db
def test_a_view_that_sets_its_own_cache_control_keeps_it(rf, django_user_model):
    user = django_user_model.objects.create_user("olivia")
    response = _middleware_response(rf, user=user, **{"Cache-Control": "max-age=60"})
    assert response["Cache-Control"] == "max-age=60"


@pytest.mark.django_db
def test_static_files_are_unaffected(rf, django_user_model):
    user = django_user_model.objects.create_user("olivia")
    assert not _middleware_response(rf, "/static/app.css", user=user).has_header("Cache-Control")
