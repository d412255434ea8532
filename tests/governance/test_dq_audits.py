"""Data-quality audits: the sample drawn and recorded from a seed (and the command), the
five checks recorded with evidence, follow-ups, who may, and the audit committee's pack."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from governance import dq_audits
from governance.data_quality import CHECKS
from governance.lifecycle_models import AuditedIndicator, DataQualityAudit, FollowUp
from governance.models import Committee
from governance.packs import pack_data
from kpis.models import Council
from kpis.roles import AUDITORS, COUNCILLORS
from reporting.periods import Period
from tests.factories import add_result, add_target, make_indicator, make_org_unit
from tests.views.entry_helpers import (
    approver,
    client_for,
    frozen,
    officer,
    performance_team,
    user_in,
)

pytestmark = pytest.mark.django_db
Q2 = Period.parse("2026-27-Q2")


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def register():
    """Two scrutiny panels of five indicators each, an officer board and an audit committee
    (neither sampled). ADU01's Q2 figure was reported green though it is red."""
    Council.objects.create(name="Northshire County Council", short_name="Northshire")
    for name, slug, kind, path, prefix in (
        ("Adults panel", "adults", Committee.Kind.SCRUTINY, "People / Adults", "ADU"),
        ("Places panel", "places", Committee.Kind.SCRUTINY, "Place / Highways", "PLA"),
    ):
        committee = Committee.objects.create(name=name, slug=slug, kind=kind)
        unit = make_org_unit(path)
        committee.remit_org_units.add(unit.parent)
        for n in range(1, 6):
            indicator = make_indicator(f"{prefix}0{n}", org_unit=unit)
            add_target(indicator, "2026-27", 90)
            result = add_result(indicator, Q2.key, 95 if n > 1 else 50)
            if n == 1:
                result.reported_rag = "GREEN"
                result.save()
    Committee.objects.create(name="Chief Officer Group", slug="cog",
                             kind=Committee.Kind.OFFICER_BOARD)
    Committee.objects.create(name="Audit and Governance Committee", slug="audit",
                             kind=Committee.Kind.AUDIT)
    return performance_team()


def codes(audit: DataQualityAudit) -> list[tuple[str, str]]:
    return list(audit.sampled.order_by("stratum", "indicator__code")
                .values_list("stratum", "indicator__code"))


def test_the_sample_is_drawn_from_each_councillors_committee(register):
    audit = dq_audits.draw(register, Q2, seed=7, per_committee=2)
    drawn = codes(audit)
    assert len(drawn) == 4
    assert [s for s, _ in drawn] == ["Adults panel"] * 2 + ["Places panel"] * 2
    assert all(code.startswith("ADU") for s, code in drawn if s == "Adults panel")
    assert (audit.seed, audit.per_committee, audit.drawn_by) == (7, 2, register)


def test_the_same_seed_draws_the_same_sample_on_a_fresh_database(register):
    first = codes(dq_audits.draw(register, Q2, seed=7))
    DataQualityAudit.objects.all().delete()
    assert codes(dq_audits.draw(register, Q2, seed=7)) == first


def test_drawing_again_with_the_same_seed_changes_nothing(register):
    audit = dq_audits.draw(register, Q2, seed=7)
    assert dq_audits.draw(register, Q2, seed=7) == audit
    assert AuditedIndicator.objects.count() == 4


def test_a_recorded_sample_is_never_redrawn_with_another_seed(register):
    dq_audits.draw(register, Q2, seed=7)
    with pytest.raises(dq_audits.AuditError, match="drawn with seed 7"):
        dq_audits.draw(register, Q2, seed=8)


def test_the_rag_audits_findings_fill_in_the_first_check(register):
    audit = dq_audits.draw(register, Q2, seed=1, per_committee=5)
    adu01 = audit.sampled.get(indicator__code="ADU01")
    assert adu01.checks["calculated"]["answer"] == "not_met"
    assert "reported green" in adu01.checks["calculated"]["evidence"]
    assert audit.sampled.get(indicator__code="ADU02").checks["calculated"]["answer"] == "met"


def test_only_the_performance_team_and_auditors_draw(register):
    dq_audits.draw(user_in("aud", AUDITORS), Q2, seed=1)
    for user in (officer(), approver(), user_in("cllr", COUNCILLORS)):
        with pytest.raises(PermissionDenied):
            dq_audits.draw(user, Q2, seed=1)


def all_met() -> dict:
    return {c.key: {"answer": "met", "evidence": ""} for c in CHECKS}


def test_auditing_every_sampled_indicator_completes_the_audit(register):
    audit = dq_audits.draw(register, Q2, seed=3)
    sampled = list(audit.sampled.all())
    for one in sampled[:-1]:
        dq_audits.record(register, one, all_met(), "")
    audit.refresh_from_db()
    assert audit.completed_on is None
    dq_audits.record(register, sampled[-1], all_met(), "Fine")
    audit.refresh_from_db()
    assert audit.completed_on == date(2026, 11, 23)


def test_a_finding_and_follow_up_are_recorded_and_summarised(register):
    audit = dq_audits.draw(register, Q2, seed=1, per_committee=5)
    adu01 = audit.sampled.get(indicator__code="ADU01")
    checks = all_met() | {"calculated": {"answer": "not_met", "evidence": "Reported green"}}
    dq_audits.record(register, adu01, checks, "Rated by hand: reported green.")
    follow_up = dq_audits.add_follow_up(register, adu01, "Correct the RAG", None,
                                        date(2026, 12, 31))
    summary = dq_audits.summary(Q2)
    assert (summary["sampled"], summary["audited"], summary["complete"]) == (10, 1, False)
    assert summary["checks"][0] == {"question": "Accurately calculated", "met": 0,
                                    "not_met": 1, "not_applicable": 0}
    assert summary["findings"] == [{"code": "ADU01", "title": "Indicator ADU01",
                                    "finding": "Rated by hand: reported green.",
                                    "not_met": ["Accurately calculated"]}]
    assert summary["follow_ups"] == {"open": 1, "done": 0}
    dq_audits.mark_done(register, follow_up)
    assert dq_audits.summary(Q2)["follow_ups"] == {"open": 0, "done": 1}


def test_the_audit_committees_pack_has_the_data_quality_summary(register):
    audit = dq_audits.draw(register, Q2, seed=1)
    dq_audits.record(register, audit.sampled.first(), all_met(), "")
    audit_committee = Committee.objects.get(slug="audit")
    data = pack_data(audit_committee, Q2)
    assert data["data_quality"]["period"] == "Q2 2026/27"
    assert pack_data(Committee.objects.get(slug="adults"), Q2)["data_quality"] is None
    html = client_for(register).get(
        reverse("governance:pack_preview", args=["audit", Q2.key])).content.decode()
    assert "Data-quality audit of Q2 2026/27" in html


def test_a_pack_before_any_audit_has_no_data_quality_section(register):
    dq_audits.draw(register, Q2, seed=1)
    assert dq_audits.summary(Period.parse("2026-27-Q1")) is None


# --- the command ---------------------------------------------------------------------


def test_the_command_prints_and_records_the_sample(register):
    out = StringIO()
    call_command("dq_sample", "--period", Q2.key, "--seed", "42", stdout=out)
    audit = DataQualityAudit.objects.get()
    assert audit.seed == 42
    lines = out.getvalue().splitlines()
    assert lines[0] == "Data-quality sample for Q2 2026/27, seed 42, 2 from each committee:"
    assert [tuple(line.split("\t")[:2]) for line in lines[1:]] == codes(audit)
    again = StringIO()
    call_command("dq_sample", "--period", Q2.key, "--seed", "42", stdout=again)
    assert again.getvalue() == out.getvalue()


def test_the_command_refuses_a_different_seed_or_a_year(register):
    call_command("dq_sample", "--period", Q2.key, "--seed", "42", stdout=StringIO())
    with pytest.raises(CommandError, match="seed 42"):
        call_command("dq_sample", "--period", Q2.key, "--seed", "43", stdout=StringIO())
    with pytest.raises(CommandError, match="not a quarter"):
        call_command("dq_sample", "--period", "2026-27", "--seed", "1", stdout=StringIO())


# --- screens -------------------------------------------------------------------------


def test_it_draws_a_sample_from_the_audits_page(register):
    client = client_for(register)
    assert client.get(reverse("governance:dq_audits")).status_code == 200
    response = client.post(reverse("governance:dq_audits"),
                           {"period": Q2.key, "seed": "5", "per_committee": "1"})
    assert response["Location"] == reverse("governance:dq_audit", args=[Q2.key])
    assert DataQualityAudit.objects.get().sampled.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Adults panel" in page and "Places panel" in page


def test_it_audits_an_indicator_against_the_five_checks(register):
    audit = dq_audits.draw(register, Q2, seed=1, per_committee=5)
    url = reverse("governance:dq_indicator", args=[Q2.key, "ADU01"])
    client = client_for(user_in("aud", AUDITORS))
    page = client.get(url).content.decode()
    assert "filled in from the RAG audit" in page
    data = {c.key: "met" for c in CHECKS} | {"calculated": "not_met", "finding": "Wrong RAG"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Enter the evidence: check 1 is not met" in response.content.decode()
    data["calculated_evidence"] = "Reported green at 50% against 90%"
    assert client.post(url, data).status_code == 302
    audited = audit.sampled.get(indicator__code="ADU01")
    assert audited.checks["calculated"] == {"answer": "not_met",
                                            "evidence": "Reported green at 50% against 90%"}
    assert audited.finding == "Wrong RAG"
    assert audited.history.first().history_user.username == "aud"


def test_it_adds_a_follow_up_and_marks_it_done(register):
    dq_audits.draw(register, Q2, seed=1, per_committee=5)
    client = client_for(register)
    url = reverse("governance:dq_follow_up", args=[Q2.key, "ADU01"])
    response = client.post(url, {"action": "", "due_0": "", "due_1": "", "due_2": ""})
    assert response.status_code == 400
    client.post(url, {"action": "Check the source", "owner": register.pk,
                      "due_0": "31", "due_1": "12", "due_2": "2026"})
    follow_up = FollowUp.objects.get()
    assert (follow_up.action, follow_up.due, follow_up.owner) == (
        "Check the source", date(2026, 12, 31), register)
    client.post(reverse("governance:dq_follow_up_done", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert follow_up.done_on == date(2026, 11, 23)


def test_it_refuses_the_audit_screens_to_officers_and_councillors(register):
    dq_audits.draw(register, Q2, seed=1)
    code = AuditedIndicator.objects.first().indicator.code
    for user in (officer(), user_in("cllr", COUNCILLORS)):
        client = client_for(user)
        for url in (reverse("governance:dq_audits"), reverse("governance:dq_audit", args=[Q2.key]),
                    reverse("governance:dq_indicator", args=[Q2.key, code])):
            assert client.get(url).status_code == 403


def test_the_audit_page_takes_a_fixed_number_of_queries(register, django_assert_max_num_queries):
    dq_audits.draw(register, Q2, seed=1, per_committee=5)
    client = client_for(register)
    with django_assert_max_num_queries(25):
        client.get(reverse("governance:dq_audit", args=[Q2.key]))


def test_the_audits_list_takes_the_same_queries_for_one_audit_or_three(register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(register)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("governance:dq_audits"))
        return len(captured)

    dq_audits.draw(register, Q2, seed=1)
    one = count()
    dq_audits.draw(register, Period.parse("2026-27-Q1"), seed=2)
    dq_audits.draw(register, Period.parse("2025-26-Q4"), seed=3)
    assert count() == one


def test_the_audit_committees_word_pack_has_the_data_quality_section(register):
    import io as io_

    from docx import Document

    from governance.pack_docx import render_docx

    audit = dq_audits.draw(register, Q2, seed=1)
    dq_audits.record(register, audit.sampled.first(), all_met(), "")
    data = pack_data(Committee.objects.get(slug="audit"), Q2)
    text = "\n".join(p.text for p in Document(io_.BytesIO(render_docx(data))).paragraphs)
    assert "Data-quality audit of Q2 2026/27" in text
    assert "Follow-up actions: 0 open, 0 done." in text
