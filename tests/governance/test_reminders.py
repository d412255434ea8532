"""send_reminders: owners hear about due and overdue results, approvers about sign-offs."""

import io
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from governance.models import ReminderSent, ReportingPeriod
from kpis.models import Delegation, Result
from tests.factories import add_result, make_indicator, make_org_unit, make_user
from tests.views.entry_helpers import officer

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def run(days: int = 7) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--today", TODAY.isoformat(), "--days", str(days), stdout=out)
    return out.getvalue()


@pytest.fixture
def owner():
    return make_user("owner", email="owner@council.example", first_name="Olive")


def test_it_reminds_an_owner_of_an_overdue_result(owner):
    make_indicator("OD1", title="Potholes fixed", owner=owner)
    ReportingPeriod.objects.create(
        period="2026-27-Q2", entry_deadline=date(2026, 11, 20), signoff_deadline=date(2026, 12, 4)
    )
    assert "Sent 1 entry reminder(s)" in run()
    (message,) = mail.outbox
    assert message.to == ["owner@council.example"]
    assert "OD1 Potholes fixed, Q2 2026/27: due 20 November 2026 (overdue)" in message.body
    assert "/indicators/OD1/2026-27-Q2/edit/" in message.body


def test_it_says_nothing_about_results_due_beyond_the_horizon(owner):
    make_indicator("LATE", owner=owner)
    ReportingPeriod.objects.create(
        period="2026-27-Q2", entry_deadline=date(2026, 12, 20), signoff_deadline=date(2027, 1, 4)
    )
    run(days=7)
    assert mail.outbox == []
    run(days=30)
    assert len(mail.outbox) == 1


def test_a_second_run_on_the_same_day_sends_nothing(owner):
    make_indicator("OD1", owner=owner)
    run()
    output = run()
    assert len(mail.outbox) == 1
    assert "1 already sent today" in output
    assert ReminderSent.objects.get().items == 1


def test_submitted_results_are_not_due_but_remind_the_approver(owner):
    unit = make_org_unit("Place / Highways")
    approver = make_user("boss", email="boss@council.example")
    unit.approvers.add(approver)
    indicator = make_indicator("SUB1", owner=owner, org_unit=unit)
    result = add_result(indicator, "2026-27-Q2", 50)
    Result.objects.filter(pk=result.pk).update(status="submitted")
    run()
    (message,) = mail.outbox
    assert message.to == ["boss@council.example"]
    assert "1 result(s) are waiting for your sign-off" in message.body


def test_a_delegate_is_reminded_while_the_delegation_lasts(owner):
    delegate = officer("cover", email="cover@council.example")
    indicator = make_indicator("DEL1", owner=owner)
    Delegation.objects.create(indicator=indicator, delegate=delegate, ends_on=TODAY)
    run()
    assert sorted(m.to[0] for m in mail.outbox) == ["cover@council.example",
                                                   "owner@council.example"]


def test_people_without_an_email_address_are_skipped():
    make_indicator("NOMAIL", owner=make_user("nomail"))
    run()
    assert mail.outbox == []
