"""Telling people when a result needs them: who hears, and the emails that tell them.

The one door for results (kpis.entry) calls ``result_moved`` whenever a person submits,
returns, approves or reopens a result, so the entry form, the bulk upload and every later
path notify alike:

* submitted: the approvers of the indicator's unit (and of every unit above it), except
  whoever entered or submitted it (they may not sign it off);
* returned for rework (or reopened): whoever entered it and whoever submitted it, with
  the reason;
* approved: the indicator's owner, whoever entered it and whoever submitted it.

Nobody hears about their own action. Each person gets a notice on their home page, and an
email unless they turned that kind off (``Preferences``). The notices are written in the
change's transaction, so a change rolled back leaves none; the emails go after it commits
(``transaction.on_commit``), one per person and kind for everything the transaction did
(a bulk upload of 30 results sends an approver one email listing 30, not 30 emails). An
email that cannot be sent stays pending and goes with the next one, or with the daily
reminders (``send_reminders``).

Imports (``import_results``) notify nobody: they load history or a service's returns in
bulk, and the results they leave waiting for sign-off are on the approvers' sign-off list
and in their daily reminder (docs/decisions.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kpis import permissions
from kpis.models import Result, ResultStatus
from kpis.notifications.models import Notice, Preferences

KIND_FOR_STATUS = {
    ResultStatus.SUBMITTED: Notice.Kind.SUBMITTED,
    ResultStatus.RETURNED: Notice.Kind.RETURNED,
    ResultStatus.APPROVED: Notice.Kind.APPROVED,
}


def result_moved(result: Result, to: str, by, reason: str = "") -> None:
    """A person moved ``result`` to status ``to``: tell whoever needs to know."""
    kind = KIND_FOR_STATUS.get(ResultStatus(to))
    if kind is None:
        return
    people = recipients(kind, result, by)
    if not people:
        return
    now = timezone.now()
    Notice.objects.bulk_create([
        Notice(user_id=pk, kind=kind, result=result, by=by, at=now,
               reason=reason if kind == Notice.Kind.RETURNED else "")
        for pk in sorted(people)
    ])
    transaction.on_commit(lambda: send_pending(people), robust=True)


def recipients(kind: str, result: Result, by) -> set[int]:
    """Who hears about this move (ids of active users), never the person who made it."""
    from kpis.entry import submitted_by

    submitter = submitted_by(result)
    if kind == Notice.Kind.SUBMITTED:
        people = set(permissions.approvers_of(result.indicator).values_list("pk", flat=True))
        people -= {result.entered_by_id, submitter}
    elif kind == Notice.Kind.RETURNED:
        people = {result.entered_by_id, submitter}
    else:
        people = {result.indicator.owner_id, result.entered_by_id, submitter}
    people -= {None, getattr(by, "pk", None)}
    if not people:
        return set()
    return set(
        get_user_model().objects.filter(pk__in=people, is_active=True)
        .values_list("pk", flat=True)
    )


# --- email ------------------------------------------------------------------------------


def wants(user_ids: Iterable[int]) -> dict[int, Preferences]:
    """Each person's preferences; people who never changed theirs get the defaults."""
    found = {p.user_id: p for p in Preferences.objects.filter(user_id__in=list(user_ids))}
    return {pk: found.get(pk) or Preferences(user_id=pk) for pk in user_ids}


def send_pending(user_ids: Iterable[int] | None = None) -> int:
    """Email the notices not yet emailed (to these people, or to everyone): one email per
    person and kind. Returns how many emails went."""
    pending = Notice.objects.filter(email=Notice.Email.PENDING).select_related(
        "user", "by", "result__indicator"
    ).order_by("at", "pk")
    if user_ids is not None:
        pending = pending.filter(user_id__in=list(user_ids))
    groups: dict[tuple[int, str], list[Notice]] = defaultdict(list)
    for notice in pending:
        groups[(notice.user_id, notice.kind)].append(notice)
    preferences = wants({user for user, _ in groups})
    sent = 0
    for (user_id, kind), notices in groups.items():
        wanted = getattr(preferences[user_id], kind) and bool(notices[0].user.email)
        with transaction.atomic():
            # Claim the notices first: a second sender at the same moment claims none.
            claimed = Notice.objects.filter(
                pk__in=[n.pk for n in notices], email=Notice.Email.PENDING
            ).update(email=Notice.Email.SENT if wanted else Notice.Email.OFF)
            if claimed != len(notices):
                transaction.set_rollback(True)
                continue
            if wanted:
                subject, body = message(kind, notices)
                send_mail(subject, body, None, [notices[0].user.email])  # raises: unclaimed
                sent += 1
    return sent


def _link(name: str, result: Result) -> str:
    return settings.SITE_URL + reverse(name, args=[result.indicator.code, result.period])


def add_links(notices: list[Notice], reader, today: date) -> None:
    """Where each notice sends its reader: the entry form for rework, else the result; but
    never a page they may no longer open (a delegation that has ended since): the entry
    form only while they may enter, the result only while they may read it, and
    otherwise nowhere (``notice.link == ""``). Two queries however many notices."""
    ids = {notice.result.indicator_id for notice in notices}
    enters = set(permissions.enterable(reader, today).filter(pk__in=ids)
                 .values_list("pk", flat=True)) if ids else set()
    reads = ids if permissions.can_read_all(reader) else enters | (set(
        permissions.approvable(reader).filter(pk__in=ids - enters).values_list("pk", flat=True)
    ) if ids - enters else set())
    for notice in notices:
        pk, args = notice.result.indicator_id, [notice.result.indicator.code,
                                                notice.result.period]
        if notice.kind == Notice.Kind.RETURNED and pk in enters:
            notice.link = reverse("kpis:result_edit", args=args)
        elif pk in reads:
            notice.link = reverse("kpis:result", args=args)
        else:
            notice.link = ""


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "Someone"


def _what(result: Result) -> str:
    return f"{result.indicator.code} {result.indicator.title}, {result.period_label}"


def message(kind: str, notices: list[Notice]) -> tuple[str, str]:
    """The subject and text of the email for these notices of one kind to one person."""
    person = notices[0].user
    many = len(notices) > 1
    lines = []
    for notice in notices:
        result = notice.result
        if kind == Notice.Kind.SUBMITTED:
            lines.append(f"- {_what(result)}, submitted by {_name(notice.by)}\n"
                         f"  {_link('kpis:result', result)}")
        elif kind == Notice.Kind.RETURNED:
            lines.append(f"- {_what(result)}, returned by {_name(notice.by)}. "
                         f"Their reason: {notice.reason}\n"
                         f"  {_link('kpis:result_edit', result)}")
        else:
            lines.append(f"- {_what(result)}, approved by {_name(notice.by)}\n"
                         f"  {_link('kpis:result', result)}")
    first = _what(notices[0].result)
    if kind == Notice.Kind.SUBMITTED:
        subject = (f"{len(notices)} results to sign off" if many
                   else f"To sign off: {first}")
        opening = ("These results have been submitted for your sign-off:" if many
                   else "This result has been submitted for your sign-off:")
        closing = ("Results waiting for your sign-off: "
                   f"{settings.SITE_URL}{reverse('kpis:approvals')}")
    elif kind == Notice.Kind.RETURNED:
        subject = (f"{len(notices)} results returned for rework" if many
                   else f"Returned for rework: {first}")
        opening = ("These results have been returned to you for rework:" if many
                   else "This result has been returned to you for rework:")
        closing = "Change the figure or the commentary and submit it again."
    else:
        subject = f"{len(notices)} results approved" if many else f"Approved: {first}"
        opening = "These results have been approved:" if many else "This result has been approved:"
        closing = f"Your results: {settings.SITE_URL}{reverse('kpis:home')}"
    body = (
        f"Dear {_name(person)},\n\n{opening}\n\n" + "\n".join(lines) + f"\n\n{closing}\n\n"
        "To stop these emails, change your email settings: "
        f"{settings.SITE_URL}{reverse('notifications:settings')}\n"
    )
    return subject, body
