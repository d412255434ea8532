"""Hostile input on the members' and finance screens: a 404 or a message, never a 500;
script shown as text; nothing imported from a file that is not a spreadsheet."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance import members
from governance.models import FinanceImport
from governance.pack_render import render_html
from governance.packs import pack_data
from reporting.periods import Period
from tests.governance.members_helpers import make_panel
from tests.views.entry_helpers import client_for, frozen

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.mark.parametrize("period", ["2026-27-Q5", "nonsense", "２０２６-27-Q1"])
def test_a_malformed_period_is_a_404_not_a_500(period):
    panel = make_panel()
    client = client_for(panel.performance, raise_request_exception=False)
    assert client.get(reverse("governance:escalation_new", args=["HOU1", period])
                      ).status_code == 404
    assert client.get(reverse("governance:budget"), {"period": period}).status_code == 404


def test_unknown_things_are_404s():
    panel = make_panel()
    client = client_for(panel.performance, raise_request_exception=False)
    assert client.get(reverse("governance:member_request", args=[999])).status_code == 404
    assert client.get(reverse("governance:budget_directorate", args=[999])).status_code == 404
    assert client.get(reverse("governance:plan", args=[999])).status_code == 404
    assert client.get(reverse("governance:escalation_new", args=["NOPE", "2026-27-Q2"])
                      ).status_code == 404
    assert client.get(reverse("governance:member_request_new", args=["nope"])).status_code == 404


def test_script_in_a_request_and_its_answer_is_shown_as_text_everywhere():
    panel = make_panel()
    item = members.record_request(
        committee=panel.committee, meeting=panel.meeting, kind="information",
        indicators=[panel.indicator], raised=SCRIPT, raised_by=SCRIPT,
        raised_on=panel.meeting.date, assigned_to=panel.owner, due_on=date(2026, 12, 1),
        user=panel.performance,
    )
    client = client_for(panel.performance)
    client_for(panel.owner).post(reverse("governance:member_request_answer", args=[item.pk]),
                                 {"answer": SCRIPT})
    pages = [
        client.get(reverse("governance:member_request", args=[item.pk])).content.decode(),
        client.get(reverse("governance:member_requests")).content.decode(),
        render_html(pack_data(panel.committee, Period.parse("2026-27-Q2"), date(2026, 11, 23))),
    ]
    for page in pages:
        assert SCRIPT not in page
    assert "&lt;script&gt;" in pages[0] and "&lt;script&gt;" in pages[2]


def test_a_file_that_is_not_a_spreadsheet_is_refused_and_nothing_imported():
    panel = make_panel()
    response = client_for(panel.performance).post(reverse("governance:finance_upload"), {
        "period": "2026-27-Q2",
        "file": SimpleUploadedFile("position.pdf", b"%PDF-1.7 not a spreadsheet"),
    })
    assert response.status_code == 400
    assert "This is a PDF, not a spreadsheet" in response.content.decode()
    assert not FinanceImport.objects.exists()


def test_a_quarter_not_offered_is_refused():
    panel = make_panel()
    response = client_for(panel.performance).post(reverse("governance:finance_upload"), {
        "period": "2019-20-Q1",
        "file": SimpleUploadedFile("p.csv", b"directorate,budget,forecast\nPlace,1,1\n"),
    })
    assert response.status_code == 400 and not FinanceImport.objects.exists()
