"""What the walkthrough of 1 December 2026 changed on the governance screens, as a new user
meets them: words a person reads instead of bare "None", links onwards from the reporting
matrix and a committee request, the page named as the link that leads to it, and the
data-quality section listed in a pack's contents."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from governance import dq_audits, members
from governance.models import Committee, PlanOrStrategy
from reporting.periods import Period
from tests.factories import make_org_unit
from tests.governance.members_helpers import MEETING_DAY, make_panel
from tests.governance.test_dq_audits import all_met
from tests.governance.test_dq_audits import register as dq_register  # noqa: F401
from tests.views.entry_helpers import client_for, frozen, indicator, performance_team

pytestmark = pytest.mark.django_db
Q2 = Period.parse("2026-27-Q2")


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def panel():
    panel = make_panel()
    panel.committee.remit_org_units.set([make_org_unit("Place")])
    return panel


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- data-quality audits --------------------------------------------------------------------


def test_the_audit_page_says_not_audited_yet_rather_than_none(dq_register):  # noqa: F811
    audit = dq_audits.draw(dq_register, Q2, seed=1, per_committee=5)
    dq_audits.record(dq_register, audit.sampled.get(indicator__code="ADU02"), all_met(), "")
    body = text(client_for(dq_register), reverse("governance:dq_audit", args=[Q2.key]))
    row = {code: body.split(f">{code} ")[1].split("</tr>")[0]
           for code in ("ADU01", "ADU02", "ADU03")}
    assert "None: every check met or not applicable" in row["ADU02"]
    assert "Not audited yet</td>" in row["ADU03"]
    assert "None" not in row["ADU03"]
    # ADU01 was reported green though red: the RAG audit's answer is a suggestion until audited
    assert ("Not audited yet; the RAG audit suggests not met: Accurately calculated"
            in row["ADU01"])


def test_the_audit_committees_pack_lists_the_data_quality_section_in_its_contents(
    dq_register,  # noqa: F811
):
    audit = dq_audits.draw(dq_register, Q2, seed=1)
    dq_audits.record(dq_register, audit.sampled.first(), all_met(), "")
    client = client_for(dq_register)
    audit_pack = text(client, reverse("governance:pack_preview", args=["audit", Q2.key]))
    assert '<li><a href="#data-quality">Data-quality audit</a></li>' in audit_pack
    assert 'id="data-quality"' in audit_pack
    adults_pack = text(client, reverse("governance:pack_preview", args=["adults", Q2.key]))
    assert 'href="#data-quality"' not in adults_pack


# --- committee requests ---------------------------------------------------------------------


def test_the_requests_page_is_named_as_the_link_to_it(panel):
    body = text(client_for(panel.councillor), reverse("governance:member_requests"))
    assert "<title>Committee requests and recommendations" in body
    assert '<h1 class="govuk-heading-l">Committee requests and recommendations</h1>' in body


def test_a_request_links_to_its_committees_page(panel):
    item = members.record_request(
        committee=panel.committee, meeting=panel.meeting, kind="call_in",
        indicators=[panel.indicator], raised="Called in", raised_by="", raised_on=MEETING_DAY,
        assigned_to=panel.owner, due_on=date(2026, 12, 10), user=panel.performance)
    body = text(client_for(panel.councillor), reverse("governance:member_request",
                                                      args=[item.pk]))
    committee_url = reverse("governance:committee", args=[panel.committee.slug])
    assert f'<a class="govuk-link" href="{committee_url}">{panel.committee.name}</a>' in body
    assert 'class="govuk-back-link">Committee requests</a>' in body


# --- the reporting matrix -------------------------------------------------------------------


def test_the_matrix_links_each_board_and_plan_to_its_page(panel):
    plan = PlanOrStrategy.objects.create(title="Housing Strategy",
                                         directorate=make_org_unit("Place"))
    plan.indicators.set([panel.indicator])
    Committee.objects.create(name="Cabinet", slug="cabinet", kind=Committee.Kind.CABINET,
                             takes_finance=True)
    body = text(client_for(panel.councillor), reverse("governance:reporting_matrix"))
    panel_url = reverse("governance:committee", args=["place-scrutiny"])
    assert body.count(f'href="{panel_url}">Place Overview and Scrutiny Panel</a>') == 2
    assert f'href="{reverse("governance:plan", args=[plan.pk])}">Housing Strategy</a>' in body
    assert f'href="{reverse("governance:committee", args=["cabinet"])}">Cabinet</a>' in body
    assert "Revenue budget position</td>" in body  # not a plan: no link


# --- improvement plans ----------------------------------------------------------------------


def test_the_plans_page_says_what_is_empty():
    indicator("HOU1")
    petra = client_for(performance_team())
    body = text(petra, reverse("governance:improvement_plans"))
    assert "No improvement plan is open." in body
    closed = text(petra,
                  reverse("governance:improvement_plans") + "?show=closed")
    assert "No improvement plan has been closed yet." in closed
    assert "None.</p>" not in body


# --- the annual review ----------------------------------------------------------------------


def test_an_approver_finds_what_each_board_has_from_the_annual_review():
    from tests.views.entry_helpers import approver

    client = client_for(approver())
    body = text(client, reverse("governance:annual_review") + "?year=2027-28")
    records = reverse("governance:review_records", args=["2027-28"])
    last_year = reverse("governance:review_records", args=["2026-27"])
    assert f'href="{records}">What each board has for 2027/28</a>' in body
    assert f'href="{last_year}">What each board has for 2026/27 (last year\'s review)</a>' \
        in body
    assert reverse("governance:review_apply", args=["2027-28"]) not in body
    assert client.get(last_year).status_code == 200


def test_the_audits_page_keeps_the_command_line_for_the_technical_team(dq_register):  # noqa: F811
    body = text(client_for(dq_register), reverse("governance:dq_audits"))
    intro = body.split("<h1")[1].split("</p>")[0]
    assert "manage.py" not in intro and "2026-27-Q2" not in intro
    assert "the remit of each committee of councillors" in intro
    assert "Drawing the sample from the command line" in body
    # today is 23 November 2026 (frozen): the latest quarter ended is Q2
    assert ("<code>python manage.py dq_sample --period 2026-27-Q2 --seed 1234</code> "
            "(2026-27-Q2 is Q2 2026/27)") in body


# --- dates that do not exist ----------------------------------------------------------------


def test_a_date_that_does_not_exist_gets_the_govuk_message_not_pythons():
    from kpis.dates import DateInputField

    field = DateInputField(label="Answer due", require_all_fields=False)
    with pytest.raises(Exception) as raised:
        field.clean(["31", "2", "2027"])
    assert raised.value.messages == ["Answer due must be a real date"]
    assert field.clean(["28", "2", "2027"]) == date(2027, 2, 28)


def test_the_request_form_says_the_due_date_must_be_real_and_keeps_what_was_typed(panel):
    response = client_for(panel.performance).post(
        reverse("governance:member_request_new", args=[panel.committee.slug]), {
            "meeting": panel.meeting.pk, "kind": "information", "indicators": "hou1",
            "raised": "Why so slow?", "assigned_to": panel.owner.pk,
            "due_on_0": "31", "due_on_1": "2", "due_on_2": "2027",
        })
    assert response.status_code == 400
    body = response.content.decode()
    assert "Answer due must be a real date" in body
    assert "out of range" not in body
    assert 'name="due_on_0" value="31"' in body and "Why so slow?" in body


@pytest.mark.parametrize(("seed", "per_committee", "message"), [
    ("-1", "2", "Enter a seed of 0 or more"),
    ("12345678901234567", "2", "Enter a seed of 9,007,199,254,740,992 or less"),
    ("7", "0", "Draw at least 1 indicator from each committee"),
    ("7", "11", "Draw at most 10 indicators from each committee"),
    ("7", "two", "Enter how many from each committee as a whole number"),
])
def test_the_draw_form_says_what_is_wrong_in_words(dq_register, seed, per_committee,  # noqa: F811
                                                   message):
    response = client_for(dq_register).post(reverse("governance:dq_audits"), {
        "period": Q2.key, "seed": seed, "per_committee": per_committee})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "Ensure this value" not in body
    assert f'value="{seed}"' in body
