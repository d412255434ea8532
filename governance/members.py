"""Members' requests and escalations as the screens and the packs need them: recording,
answering, closing and escalating through the rules in ``governance/scrutiny.py``, and
the pack's sections on them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from governance.models import Committee, Escalation, IssuedPack, Meeting, MemberRequest
from governance.scrutiny import (
    EscalationStep,
    Level,
    RequestKind,
    RequestRefused,
    RequestStatus,
    check_answer,
    check_close,
    check_due,
    check_escalation,
    check_reopen,
    shown_in_pack,
)
from kpis import permissions
from kpis.models import Indicator
from reporting.formatting import date_text, period_label

__all__ = ["RequestRefused"]


def requests_with_everything() -> QuerySet[MemberRequest]:
    return MemberRequest.objects.select_related(
        "committee", "meeting", "assigned_to", "answered_by", "closed_by"
    ).prefetch_related("indicators")


@transaction.atomic
def record_request(
    *, committee: Committee, meeting, kind: str, indicators: Iterable[Indicator], raised: str,
    raised_by: str, raised_on: date, assigned_to, due_on: date | None, user,
) -> MemberRequest:
    RequestKind(kind)
    if not raised.strip():
        raise RequestRefused("Enter what the committee asked or recommended")
    check_due(due_on, raised_on)
    if meeting is not None and meeting.committee_id != committee.pk:
        raise RequestRefused("The meeting is not one of this committee's")
    request = MemberRequest(
        committee=committee, meeting=meeting, kind=kind, raised=raised.strip(),
        raised_by=raised_by.strip(), raised_on=raised_on, assigned_to=assigned_to,
        due_on=due_on, recorded_by=user,
    )
    request._history_user = user
    request.save()
    request.indicators.set(list(indicators))
    return request


def _save(request: MemberRequest, user, fields: list[str]) -> None:
    request._history_user = user
    request.save(update_fields=fields)


def assign(request: MemberRequest, assigned_to, due_on: date | None, user) -> None:
    if request.status == RequestStatus.CLOSED:
        raise RequestRefused("This request is closed")
    check_due(due_on, request.raised_on)
    request.assigned_to, request.due_on = assigned_to, due_on
    _save(request, user, ["assigned_to", "due_on"])


def answer(request: MemberRequest, text: str, user, now: datetime) -> None:
    check_answer(request.status, text)
    request.answer, request.answered_by, request.answered_at = text.strip(), user, now
    request.status = RequestStatus.ANSWERED.value
    _save(request, user, ["answer", "answered_by", "answered_at", "status"])


def close(request: MemberRequest, note: str, user, now: datetime) -> None:
    check_close(request.status)
    request.status, request.closed_by, request.closed_at = RequestStatus.CLOSED.value, user, now
    if note.strip():
        request.note = note.strip()
    _save(request, user, ["status", "closed_by", "closed_at", "note"])


def reopen(request: MemberRequest, reason: str, due_on: date | None, user) -> None:
    check_reopen(request.status, reason)
    check_due(due_on, request.raised_on)
    request.status, request.note, request.due_on = RequestStatus.OPEN.value, reason.strip(), due_on
    _save(request, user, ["status", "note", "due_on"])


# --- escalations ----------------------------------------------------------------------------


def escalations_with_everything() -> QuerySet[Escalation]:
    """Escalations with what a list shows of each (a fixed number of queries however many):
    the indicator and its service, the board, who escalated and resolved it, and whether it
    has been carried on to the level above and is open there (``carried_on``, and the board
    it is with, ``carried_to``)."""
    open_above = Escalation.objects.filter(previous=OuterRef("pk"), resolved_on=None)
    return Escalation.objects.select_related(
        "indicator", "indicator__org_unit", "to_board", "escalated_by", "resolved_by",
        "previous", "previous__to_board",
    ).annotate(
        carried_on=Exists(open_above),
        carried_to=Subquery(open_above.values("to_board__name")[:1]),
    )


def highest_escalation(indicator: Indicator, period: str) -> Escalation | None:
    """The indicator's escalation for the period at the highest level reached so far."""
    found = list(Escalation.objects.filter(indicator=indicator, period=period,
                                           resolved_on=None).select_related("to_board"))
    order = [Level.SERVICE, Level.DIRECTORATE, Level.CORPORATE]
    return max(found, key=lambda e: order.index(Level(e.to_level)), default=None)


def _save_escalation(escalation: Escalation, user, fields: list[str] | None = None) -> None:
    escalation._history_user = user
    if fields is None:
        escalation.save()
    else:
        escalation.save(update_fields=fields)


@transaction.atomic
def escalate(
    *, indicator: Indicator, period: str, to_board: Committee, reason: str, user,
    now: datetime, further: Escalation | None = None,
) -> Escalation:
    """Escalate the indicator's performance issue one level above where it stands: from
    the service to the directorate, or on from the directorate to the corporate level.
    ``further``: the open escalation this carries on (the escalate-further screen), which
    must still be the highest open one for the indicator and period."""
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    previous = highest_escalation(indicator, period)
    if further is not None:
        if further.indicator_id != indicator.pk or further.period != period:
            raise RequestRefused("That escalation is about another indicator or period")
        if previous is None or previous.pk != further.pk:
            current = Escalation.objects.get(pk=further.pk)
            if current.resolved_on is not None:
                raise RequestRefused("This escalation is already resolved")
            if previous is not None:
                raise RequestRefused(
                    f"This issue is already escalated to the "
                    f"{previous.get_to_level_display().lower()} level "
                    f"({previous.to_board.name})"
                )
    from_level = Level(previous.to_level) if previous else Level.SERVICE
    to_level = {Level.SERVICE: Level.DIRECTORATE, Level.DIRECTORATE: Level.CORPORATE}.get(
        from_level
    )
    if to_level is None:
        raise RequestRefused("This issue is already escalated to the corporate level")
    check_escalation(EscalationStep(from_level, to_level, reason))
    if previous is not None and previous.to_board_id == to_board.pk:
        raise RequestRefused(f"{to_board.name} has it already: choose the board at the "
                             f"{to_level.label.lower()} level")
    escalation = Escalation(
        indicator=indicator, period=period, from_level=from_level.value,
        to_level=to_level.value, to_board=to_board, reason=reason.strip(),
        escalated_by=user, escalated_at=now, previous=previous,
    )
    _save_escalation(escalation, user)
    return escalation


@transaction.atomic
def resolve(escalation: Escalation, resolution: str, user, today: date) -> list[Escalation]:
    """Record how an escalated issue was resolved, attributed. The escalations it carried
    on from (the levels below, still open) are resolved with it: one issue, one
    resolution. An issue carried on to the level above and open there is resolved there.
    Returns every escalation resolved."""
    found = Escalation.objects.select_for_update().select_related("to_board").get(
        pk=escalation.pk)
    if found.resolved_on is not None:
        raise RequestRefused("This escalation is already resolved")
    if not resolution.strip():
        raise RequestRefused("Say how the issue was resolved")
    above = (Escalation.objects.filter(previous=found, resolved_on=None)
             .select_related("to_board").first())
    if above is not None:
        raise RequestRefused(
            f"This issue has been escalated further, to the "
            f"{above.get_to_level_display().lower()} level ({above.to_board.name}): it is "
            "resolved there"
        )
    text = resolution.strip()
    done = []
    for item, note in _chain_below(found, text):
        item.resolved_on, item.resolution, item.resolved_by = today, note, user
        _save_escalation(item, user, ["resolved_on", "resolution", "resolved_by"])
        done.append(item)
    escalation.resolved_on, escalation.resolution, escalation.resolved_by = (
        found.resolved_on, found.resolution, found.resolved_by)
    return done


def _chain_below(escalation: Escalation, text: str):
    """The escalation and the open ones it carried on from, each with its resolution."""
    yield escalation, text
    where = (f"Resolved at the {escalation.get_to_level_display().lower()} level "
             f"({escalation.to_board.name}): {text}")
    below = escalation.previous_id
    while below is not None:
        item = Escalation.objects.select_for_update().filter(pk=below).first()
        if item is None:
            break
        if item.resolved_on is None:
            yield item, where
        below = item.previous_id


def escalations_received(committee: Committee) -> QuerySet[Escalation]:
    """What the board has received and not yet seen resolved."""
    return (
        escalations_with_everything().filter(to_board=committee, resolved_on=None)
        .order_by("-escalated_at")
    )


def for_indicator(indicator: Indicator) -> list[Escalation]:
    """The indicator's escalation history, newest first (for its page)."""
    return list(escalations_with_everything().filter(indicator=indicator)
                .order_by("-escalated_at", "-pk"))


def mark_permissions(escalations: Iterable[Escalation], user) -> list[Escalation]:
    """Each escalation marked with what this user may do with it (no queries: the checks
    read the user's cached roles and units)."""
    rows = list(escalations)
    for e in rows:
        is_open = e.resolved_on is None
        carried = getattr(e, "carried_on", False)
        e.may_resolve = is_open and not carried and permissions.can_resolve_escalation(user, e)
        e.may_escalate = (is_open and not carried and e.to_level != Level.CORPORATE.value
                          and permissions.can_escalate(user, e.indicator))
    return rows


def since_last_pack(committee: Committee, period, today: date) -> datetime | None:
    """When the committee last had a pack: its last issued pack, or failing that its last
    meeting before the one for ``period`` (the pack the members had in front of them)."""
    last = (
        IssuedPack.objects.filter(committee=committee).exclude(period=period.key)
        .order_by("-issued_at").values_list("issued_at", flat=True).first()
    )
    if last is not None:
        return last
    this = Meeting.objects.filter(committee=committee, period=period.key).first()
    before = this.date if this else today
    previous = (
        Meeting.objects.filter(committee=committee, date__lt=before).order_by("-date")
        .values_list("date", flat=True).first()
    )
    if previous is None:
        return None
    return datetime.combine(previous, time.min, tzinfo=timezone.get_current_timezone())


# --- the committee's page and its pack ------------------------------------------------------


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def committee_context(committee: Committee, today: date, user=None) -> dict[str, Any]:
    """What the committee's page shows of its requests and the escalations it receives."""
    requests = list(
        requests_with_everything().filter(committee=committee)
        .exclude(status=RequestStatus.CLOSED.value)
    )
    for request in requests:
        request.overdue = request.is_overdue(today)
    return {
        "member_requests": requests,
        "escalations": mark_permissions(escalations_received(committee), user)
        if user is not None else list(escalations_received(committee)),
    }


def pack_sections(committee: Committee, period, today: date) -> dict[str, Any]:
    """The pack's "Committee requests and answers" (open ones, and those answered or closed
    since the committee's last pack) and "Escalated performance issues"."""
    last = since_last_pack(committee, period, today)
    requests = requests_with_everything().filter(committee=committee).filter(
        ~Q(status=RequestStatus.CLOSED.value) | Q(closed_at__gt=last) if last else Q()
    ).order_by("raised_on", "pk")
    shown = [
        {
            "reference": r.reference,
            "kind": r.get_kind_display(),
            "raised": r.raised,
            "raised_by": r.raised_by,
            "meeting": date_text(r.meeting.date) if r.meeting else "",
            "raised_on": date_text(r.raised_on),
            "indicators": [f"{i.code} {i.title}" for i in r.indicators.all()],
            "assigned_to": _name(r.assigned_to),
            "due_on": date_text(r.due_on),
            "status": r.get_status_display(),
            "overdue": r.is_overdue(today),
            "answer": r.answer,
            "answered": date_text(r.answered_at) if r.answered_at else "",
            "note": r.note,
        }
        for r in requests
        if shown_in_pack(r.status, r.answered_at, r.closed_at, last)
    ]
    escalations = [
        {
            "code": e.indicator.code, "title": e.indicator.title,
            "service": e.indicator.org_unit.path, "period": period_label(e.period),
            "from": e.get_from_level_display(), "to": e.get_to_level_display(),
            "reason": e.reason, "by": _name(e.escalated_by), "at": date_text(e.escalated_at),
        }
        for e in escalations_received(committee)
    ]
    return {"member_requests": shown, "escalations": escalations}


def pack_extras(committee: Committee, period, today: date) -> dict[str, Any]:
    """What this module adds to a pack's data (``governance/packs.py``): the members'
    requests and answers, the escalations the board receives, and the financial position
    for a committee that takes it."""
    from governance.finance_import import pack_section

    return {**pack_sections(committee, period, today),
            "finance": pack_section(committee, period)}
