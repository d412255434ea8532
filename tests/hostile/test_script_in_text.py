"""Script typed into any text field comes back escaped on every page, never executed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kpis.models import ResultStatus
from kpis.roles import PERFORMANCE_TEAM
from tests.views.entry_helpers import (
    approver,
    client_for,
    form,
    frozen,
    indicator,
    officer,
    url,
    user_in,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
ATTRIBUTE = '"><img src=x onerror=alert(2)>'


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


def _assert_escaped(body: str, where: str) -> None:
    assert SCRIPT not in body, where
    assert "<img src=x" not in body, where
    assert ESCAPED in body, where


def test_script_in_every_text_field_is_escaped_on_every_page():
    olive = officer("olive", first_name=SCRIPT, last_name="")
    boss = approver("alan")
    mine = indicator("HOU1", owner=olive, title=f"Homes {SCRIPT} {ATTRIBUTE}",
                     definition=SCRIPT)
    client = client_for(olive)
    saved = client.post(url("result_submit", mine), form(
        "50", commentary=f"Why {SCRIPT}", improvement=f"Plan {SCRIPT} {ATTRIBUTE}",
        note=f"Note {SCRIPT}",
    ))
    assert saved.status_code == 302
    mine.refresh_from_db()
    result = mine.results.get()
    assert result.commentary == f"Why {SCRIPT}", "stored exactly as typed"
    assert result.status == ResultStatus.SUBMITTED

    pages = {
        "home": (client, reverse("kpis:home")),
        "indicator": (client, reverse("kpis:indicator", args=["HOU1"])),
        "result": (client, url("result", mine)),
        "approvals": (client_for(boss), reverse("kpis:approvals")),
        "scorecard": (client_for(user_in("petra", PERFORMANCE_TEAM)),
                      reverse("reporting:scorecard") + "?period=2026-27-Q2"),
    }
    for where, (who, path) in pages.items():
        response = who.get(path)
        assert response.status_code == 200, where
        _assert_escaped(response.content.decode(), where)

    body = client.get(url("result", mine)).content.decode()
    for text in ("Why ", "Plan ", "Note "):
        assert text + ESCAPED in body

    returned = client_for(boss).post(url("result_return", mine),
                                     {"reason": f"Redo {SCRIPT}"})
    assert returned.status_code == 302
    for where, path in (("result", url("result", mine)), ("form", url("result_edit", mine)),
                        ("home", reverse("kpis:home"))):
        response = client.get(path)
        assert response.status_code == 200, where
        _assert_escaped(response.content.decode(), where)
    assert f"Redo {ESCAPED}" in client.get(url("result", mine)).content.decode()
