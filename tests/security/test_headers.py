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


def test_templates_have_no_inline_script_handler_or_style():
    assert TEMPLATES
    problems = []
    for path in TEMPLATES:
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


def test_htmx_is_told_not_to_inject_a_style():
    base = (ROOT / "templates" / "base.html").read_text()
    assert '<meta name="htmx-config"' in base
    assert '"includeIndicatorStyles":false' in base
