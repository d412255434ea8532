"""People are told when a result needs them: an email after the change commits and a
notice on their home page, for each transition through the one door; each kind can be
turned off; nothing is sent for a change rolled back; imports notify nobody."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis import entry
from kpis.models import Result, ResultStatus
from kpis.notifications import notify
from kpis.notifications.models import Notice, Preferences
from reporting.periods import Period
from tests.views.entry_helpers import (
    HOUSING,
    PERIOD,
    TODAY,
    approver,
    client_for,
    frozen,
    indicator,
    officer,
    performance_team,
    result,
)

pytestmark = pytest.mark.django_db
WHEN = Period.parse(PERIOD)


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def olive():
    return officer("olive", first_name="Olive", last_name="Owen", email="olive@council.example")


@pytest.fixture
def alan():
    """Approves for Housing."""
    return approver("alan", HOUSING, first_name="Alan", last_name="Ash",
                    email="alan@council.example")


@pytest.fixture
def dana(alan):
    """Approves for the whole directorate above Housing."""
    return approver("dana", "Place", first_name="Dana", last_name="Director",
                    email="dana@council.example")


@pytest.fixture
def mine(olive):
    return indicator("HOU1", owner=olive, title="Rent collected")


def submit(user, ind, actual="95"):
    return entry.save(user, ind, WHEN, entry.Entry(Decimal(actual)), 0, TODAY, submit=True)


def sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


# --- each transition -----------------------------------------------------------------


def test_a_submitted_result_emails_the_approvers_of_its_unit_and_those_above_after_commit(
    olive, mine, alan, dana, django_capture_on_commit_callbacks
):
    approver("sid", "People / Schools", email="sid@council.example")  # another area
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit(olive, mine)
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    assert sent_to() == ["alan@council.example", "dana@council.example"]
    message = next(m for m in mail.outbox if m.to == ["alan@council.example"])
    assert message.subject == "To sign off: HOU1 Rent collected, Q2 2026/27"
    assert message.body.startswith("Dear Alan Ash,\n\nThis result has been submitted")
    assert "- HOU1 Rent collected, Q2 2026/27, submitted by Olive Owen" in message.body
    assert "http://testserver/indicators/HOU1/2026-27-Q2/" in message.body
    assert "http://testserver/account/email-settings/" in message.body
    assert sorted(Notice.objects.values_list("user__username", "kind", "email")) == [
        ("alan", "submitted", "sent"), ("dana", "submitted", "sent"),
    ]


def test_a_returned_result_emails_whoever_entered_it_with_the_reason(
    olive, mine, alan, django_capture_on_commit_callbacks
):
    row = result(mine, status=ResultStatus.SUBMITTED, entered_by=olive)
    with django_capture_on_commit_callbacks(execute=True):
        entry.return_for_rework(alan, row, "The figure does not match the returns")
    (message,) = mail.outbox
    assert message.to == ["olive@council.example"]
    assert message.subject == "Returned for rework: HOU1 Rent collected, Q2 2026/27"
    assert ("returned by Alan Ash. Their reason: The figure does not match the returns"
            in message.body)
    assert "http://testserver/indicators/HOU1/2026-27-Q2/edit/" in message.body
    notice = Notice.objects.get()
    assert (notice.user, notice.kind, notice.by, notice.reason) == (
        olive, "returned", alan, "The figure does not match the returns")


def test_an_approved_result_emails_its_owner_and_whoever_entered_it(
    olive, mine, alan, django_capture_on_commit_callbacks
):
    dev = officer("dev", email="dev@council.example")
    row = result(mine, status=ResultStatus.SUBMITTED, entered_by=dev)
    with django_capture_on_commit_callbacks(execute=True):
        entry.approve(alan, row)
    assert sent_to() == ["dev@council.example", "olive@council.example"]
    assert {m.subject for m in mail.outbox} == {"Approved: HOU1 Rent collected, Q2 2026/27"}


def test_a_reopened_result_tells_whoever_entered_it_that_it_came_back(
    olive, mine, django_capture_on_commit_callbacks
):
    petra = performance_team("petra")
    row = result(mine, status=ResultStatus.APPROVED, entered_by=olive)
    with django_capture_on_commit_callbacks(execute=True):
        entry.reopen(petra, row, "A duplicate invoice was counted")
    (message,) = mail.outbox
    assert message.to == ["olive@council.example"]
    assert "Their reason: A duplicate invoice was counted" in message.body


def test_nobody_hears_about_their_own_step_or_a_draft(alan, django_capture_on_commit_callbacks):
    """Alan enters and submits a result of his own in his area: he is not told about it
    (and may not sign it off); saving a draft tells nobody."""
    his = indicator("HOU9", owner=alan)
    with django_capture_on_commit_callbacks(execute=True):
        entry.save(alan, his, WHEN, entry.Entry(Decimal("95")), 0, TODAY)
    assert not Notice.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        entry.save(alan, his, WHEN, entry.Entry(Decimal("95")), 1, TODAY, submit=True)
    assert not Notice.objects.exists() and mail.outbox == []


# --- what people chose -------------------------------------------------------------------


def test_someone_who_turned_an_email_off_gets_the_notice_but_not_the_email(
    olive, mine, alan, django_capture_on_commit_callbacks
):
    Preferences.objects.create(user=olive, returned=False)
    row = result(mine, status=ResultStatus.SUBMITTED, entered_by=olive)
    with django_capture_on_commit_callbacks(execute=True):
        entry.return_for_rework(alan, row, "Check it")
    assert mail.outbox == []
    assert Notice.objects.get().email == Notice.Email.OFF
    row.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):  # another kind: still emailed
        entry.save(olive, mine, WHEN, entry.Entry(Decimal("96")), row.version, TODAY,
                   submit=True)
    assert sent_to() == ["alan@council.example"]


def test_the_email_settings_page_turns_each_kind_off_and_on(olive):
    client = client_for(olive)
    body = client.get(reverse("notifications:settings")).content.decode()
    assert len(re.findall(r'<input\s[^>]*type="checkbox"', body)) == 4
    assert len(re.findall(r'<input\s[^>]*checked', body)) == 4
    assert "We email you at olive@council.example." in body
    response = client.post(reverse("notifications:settings"),
                           {"emails": ["submitted", "approved"]})
    assert response.status_code == 302
    saved = Preferences.objects.get(user=olive)
    assert (saved.submitted, saved.returned, saved.approved, saved.reminders) == (
        True, False, True, False)
    body = client.get(reverse("notifications:settings")).content.decode()
    assert len(re.findall(r'<input\s[^>]*checked', body)) == 2


def test_daily_reminders_can_be_turned_off(olive, mine):
    Preferences.objects.create(user=olive, reminders=False)
    out = io.StringIO()
    call_command("send_reminders", "--today", TODAY.isoformat(), "--days", "30", stdout=out)
    assert mail.outbox == []
    Preferences.objects.filter(user=olive).update(reminders=True)
    call_command("send_reminders", "--today", TODAY.isoformat(), "--days", "30", stdout=out)
    assert sent_to() == ["olive@council.example"]


# --- transactions and batches ----------------------------------------------------------


def test_nothing_is_sent_or_noticed_when_the_change_is_rolled_back(
    olive, mine, alan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            submit(olive, mine)
            raise RuntimeError("the rest of the request failed")
    assert mail.outbox == []
    assert not Notice.objects.exists()
    assert not Result.objects.exists()


def test_a_batch_sends_each_person_one_email_listing_every_result(
    olive, alan, django_capture_on_commit_callbacks
):
    codes = ["HOU1", "HOU2", "HOU3"]
    for code in codes:
        indicator(code, owner=olive, title=f"Housing {code}")
    from kpis.models import Indicator

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for ind in Indicator.objects.filter(code__in=codes):
            submit(olive, ind)
    (message,) = mail.outbox
    assert message.subject == "3 results to sign off"
    assert all(f"- {code} Housing {code}, Q2 2026/27" in message.body for code in codes)


def test_an_email_that_could_not_be_sent_goes_with_the_daily_reminders(
    olive, mine, alan, django_capture_on_commit_callbacks
):
    with mock.patch("kpis.notifications.notify.send_mail", side_effect=OSError("mail server down")):
        with django_capture_on_commit_callbacks(execute=True):
            submit(olive, mine)  # robust: the submission stands, the email waits
    assert Result.objects.get().status == ResultStatus.SUBMITTED
    assert Notice.objects.get().email == Notice.Email.PENDING
    out = io.StringIO()
    call_command("send_reminders", "--today", date(2026, 11, 23).isoformat(), stdout=out)
    assert "Sent 1 notice email(s) that had not gone." in out.getvalue()
    assert any(m.subject.startswith("To sign off: HOU1") for m in mail.outbox)
    assert Notice.objects.get().email == Notice.Email.SENT


def test_imports_notify_nobody(olive, mine, alan, tmp_path, django_capture_on_commit_callbacks):
    from governance.models import ReportingPeriod
    from tests.factories import importer

    # A period being reported (in the calendar, not issued): imported results wait for
    # sign-off, and still nobody is emailed; the sign-off list and reminders show them.
    ReportingPeriod.objects.create(period=PERIOD, entry_deadline=date(2026, 11, 27),
                                   signoff_deadline=date(2026, 12, 4))
    path = tmp_path / "results.csv"
    path.write_text("code,period,actual,commentary\nHOU1,2026-27-Q2,95,Imported\n")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_results", str(path), "--user", importer(), "--reason", "Returns",
                     stdout=io.StringIO())
    assert Result.objects.get().status == ResultStatus.SUBMITTED
    assert not Notice.objects.exists() and mail.outbox == []


# --- the home page -----------------------------------------------------------------------


def notices_for(person, count: int, by, kind=Notice.Kind.RETURNED) -> None:
    from django.utils import timezone

    for n in range(count):
        ind = indicator(f"N{Notice.objects.count():03d}{n}", owner=person)
        row = result(ind, status=ResultStatus.RETURNED, entered_by=person)
        Notice.objects.create(user=person, kind=kind, result=row, by=by, at=timezone.now(),
                              reason=f"Reason {n}", email=Notice.Email.SENT)


def test_the_home_page_lists_unread_notices_and_marks_them_read(olive, alan):
    notices_for(olive, 2, alan)
    client = client_for(olive)
    body = client.get(reverse("kpis:home")).content.decode()
    assert "New for you" in body
    assert "Returned for rework by Alan Ash" in body and "Their reason: Reason 1" in body
    first = Notice.objects.order_by("pk").first()
    response = client.post(reverse("notifications:read", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == "/#notices"
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notice.objects.filter(read_at=None).count() == 1
    client.post(reverse("notifications:read_all"))
    assert not Notice.objects.filter(read_at=None).exists()
    assert "New for you" not in client.get(reverse("kpis:home")).content.decode()


def test_nobody_marks_someone_else_s_notice(olive, alan):
    notices_for(olive, 1, alan)
    notice = Notice.objects.get()
    assert client_for(alan).post(reverse("notifications:read", args=[notice.pk])).status_code \
        == 404
    assert client_for(olive).get(reverse("notifications:read", args=[notice.pk])).status_code \
        == 405
    notice.refresh_from_db()
    assert notice.read_at is None


def test_the_home_page_asks_the_same_number_of_queries_however_many_notices(olive, alan):
    client = client_for(olive)
    notices_for(olive, 2, alan)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            body = client.get(reverse("kpis:home")).content.decode()
        return len(captured), body.count("Mark as read<")

    small, shown = count()
    notices_for(olive, 30, alan)
    large, many = count()
    assert (large, shown, many) == (small, 2, 20)
    assert "These are the 20 newest." in client.get(reverse("kpis:home")).content.decode()


def test_notify_sends_nothing_twice(olive, mine, alan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(olive, mine)
    assert notify.send_pending() == 0
    assert len(mail.outbox) == 1


def test_a_notice_never_links_to_a_page_its_reader_may_no_longer_open(olive, alan, mine):
    """A delegate whose delegation has ended keeps the notice but loses the link: the
    entry form and the result page would both answer 403 now."""
    from datetime import timedelta

    from kpis.models import Delegation

    dee = officer("dee", first_name="Dee", last_name="Legate")
    delegation = Delegation.objects.create(indicator=mine, delegate=dee, granted_by=olive,
                                           ends_on=TODAY + timedelta(days=30))
    row = result(mine, status=ResultStatus.RETURNED, entered_by=dee)
    from django.utils import timezone

    Notice.objects.create(user=dee, kind=Notice.Kind.RETURNED, result=row, by=alan,
                          at=timezone.now(), reason="Check the figure", email=Notice.Email.SENT)
    client = client_for(dee)
    edit = reverse("kpis:result_edit", args=[mine.code, row.period])
    assert f'href="{edit}"' in client.get(reverse("kpis:home")).content.decode()
    delegation.ends_on = TODAY - timedelta(days=1)
    delegation.save()
    body = client.get(reverse("kpis:home")).content.decode()
    assert "Returned for rework by Alan Ash" in body
    assert f'href="{edit}"' not in body
    assert f'href="{reverse("kpis:result", args=[mine.code, row.period])}"' not in body
    assert "You no longer work on this indicator" in body
    assert client.get(edit).status_code == 403
