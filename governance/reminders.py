"""Reminder emails driven by the reporting calendar.

Owners and delegates hear about results due within N days or overdue;
approvers about results waiting for their sign-off. One email per person per
kind per day, whatever the number of runs (ReminderSent records it). People who turned
daily reminders off in their email settings (notifications.Preferences) get none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from governance.models import ReminderSent
from kpis import worklist
from kpis.models import Delegation, Indicator, OrgUnit
from reporting.formatting import date_text


@dataclass
class Sent:
    entry: int = 0
    signoff: int = 0
    skipped: int = 0


def _line(item: worklist.Item, today: date) -> str:
    late = " (overdue)" if item.deadline < today else ""
    url = settings.SITE_URL + reverse(
        "kpis:result_edit", kwargs={"code": item.indicator.code, "period": item.period.key}
    )
    return (
        f"- {item.indicator.code} {item.indicator.title}, {item.period.label}: "
        f"due {date_text(item.deadline)}{late}\n  {url}"
    )


def _send_once(user, kind: str, today: date, subject: str, body: str, items: int) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(user=user, kind=kind, sent_on=today, items=items)
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return False
    return True


def send_reminders(today: date, days: int) -> Sent:
    User = get_user_model()
    sent = Sent()
    horizon = today + timedelta(days=days)
    enterers = User.objects.filter(
        Q(pk__in=Indicator.objects.values("owner_id"))
        | Q(pk__in=Delegation.objects.filter(ends_on__gte=today).values("delegate_id")),
        is_active=True,
    ).exclude(email="").exclude(notification_preferences__reminders=False)
    for user in enterers.order_by("username"):
        work = worklist.officer_worklist(user, today)
        items = [i for i in work.due + work.returned if i.deadline <= horizon]
        if not items:
            continue
        overdue = sum(1 for i in items if i.deadline < today)
        body = (
            f"Dear {user.get_full_name() or user.username},\n\n"
            f"You have {len(items)} result(s) to enter"
            + (f", {overdue} of them overdue" if overdue else "")
            + ":\n\n" + "\n".join(_line(i, today) for i in items)
            + f"\n\nYour results: {settings.SITE_URL}{reverse('kpis:home')}\n"
        )
        subject = f"Performance results due: {len(items)} to enter"
        if _send_once(user, ReminderSent.Kind.ENTRY, today, subject, body, len(items)):
            sent.entry += 1
        else:
            sent.skipped += 1
    approvers = User.objects.filter(
        pk__in=OrgUnit.approvers.through.objects.values("user_id"), is_active=True
    ).exclude(email="").exclude(notification_preferences__reminders=False)
    for user in approvers.order_by("username"):
        items = worklist.awaiting_signoff(user, today)
        if not items:
            continue
        body = (
            f"Dear {user.get_full_name() or user.username},\n\n"
            f"{len(items)} result(s) are waiting for your sign-off:\n\n"
            + "\n".join(_line(i, today) for i in items)
            + f"\n\nSign off: {settings.SITE_URL}{reverse('kpis:approvals')}\n"
        )
        subject = f"Performance results to sign off: {len(items)}"
        if _send_once(user, ReminderSent.Kind.SIGNOFF, today, subject, body, len(items)):
            sent.signoff += 1
        else:
            sent.skipped += 1
    return sent
