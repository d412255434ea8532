"""The one door for delivery plan actions: adding and changing an action and its
milestones, progress notes (draft, submit, sign-off, return), milestones marked complete
and timescale changes, each checked by ``kpis.permissions`` and by the rules in
``governance/action_rules.py`` and ``governance/progress_rules.py``. Every save is kept by
django-simple-history with who made it and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from governance import action_rules, progress_rules
from governance.action_status import ActionStatus, Verdict, status_of
from governance.delivery import Action, Milestone, ProgressNote, TimescaleChange
from kpis import permissions
from kpis.models import ResultStatus
from reporting.periods import Period

EDITABLE = ResultStatus.editable()


class ActionError(Exception):
    """The change was refused; ``problems`` say why, field by field."""

    def __init__(self, problems: list[progress_rules.Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def _refuse(field: str, message: str) -> ActionError:
    return ActionError([progress_rules.Problem(field, message)])


# --- reading -----------------------------------------------------------------------------


def with_everything(actions: QuerySet[Action] | None = None) -> QuerySet[Action]:
    """Actions with what their status and their list row need, in a fixed number of
    queries however many there are."""
    actions = actions if actions is not None else Action.objects.all()
    return actions.select_related("pillar", "org_unit", "owner", "delegate").prefetch_related(
        "milestones", Prefetch("notes", queryset=ProgressNote.objects.order_by("-period"))
    )


@dataclass(frozen=True)
class ActionRow:
    """An action with its status today."""

    action: Action
    verdict: Verdict

    @property
    def status(self) -> ActionStatus:
        return self.verdict.status

    @property
    def milestones_done(self) -> int:
        return sum(1 for m in self.action.milestones.all() if m.completed_on is not None)

    @property
    def latest_note(self) -> ProgressNote | None:
        signed = [n for n in self.action.notes.all() if n.status == ResultStatus.APPROVED]
        return signed[0] if signed else None


def rows(actions: Iterable[Action], today: date) -> list[ActionRow]:
    return [ActionRow(a, status_of(a.facts(), today)) for a in actions]


def by_pillar(today: date, pillar_ids: Iterable[int] | None = None,
              year: str | None = None) -> dict[int | None, list[ActionRow]]:
    """Each pillar's actions with their status (the pack and the dashboards show them
    beside the indicators of the same pillar)."""
    actions = Action.objects.all()
    if pillar_ids is not None:
        actions = actions.filter(pillar_id__in=list(pillar_ids))
    if year:
        actions = actions.filter(year=year)
    grouped: dict[int | None, list[ActionRow]] = {}
    for row in rows(with_everything(actions), today):
        grouped.setdefault(row.action.pillar_id, []).append(row)
    return grouped


# --- writing the delivery plan: the action and its milestones ------------------------------

# What the action form changes. The due date is set when the action is added; after that
# it moves only by a timescale change, which records who agreed it.
ACTION_FIELDS = ("title", "description", "year", "pillar", "org_unit", "portfolio", "plan",
                 "owner", "delegate", "starts")


# How the history names each field changed.
CHANGE_NAMES = {"org_unit": "service", "year": "delivery plan year", "starts": "start date"}


def next_reference() -> str:
    """The next free reference in the delivery plan's series: DP-31 after DP-30."""
    taken = Action.objects.filter(reference__regex=r"^DP-[0-9]+$").values_list(
        "reference", flat=True)
    return f"DP-{max((int(r[3:]) for r in taken), default=0) + 1:02d}"


def _pk(value) -> int | None:
    return None if value is None else value.pk


def _still_open(action: Action) -> None:
    """A completed action is on the record as it was: nothing about it changes here."""
    if action.completed_on is not None:
        raise _refuse("action", f"{action.reference} was completed on "
                      f"{action.completed_on.day} {action.completed_on:%B %Y}: "
                      "it cannot be changed")


def add_action(user, data: dict, today: date) -> Action:
    """Add an action to the delivery plan with the next reference. ``data`` is the action
    form's cleaned data: ``ACTION_FIELDS`` and the due date."""
    permissions.require(permissions.can_plan_action(user, data["org_unit"]))
    problems = action_rules.action_problems(
        starts=data.get("starts"), due=data["due"], today=today, new=True,
        owner_id=_pk(data["owner"]), delegate_id=_pk(data.get("delegate")))
    if problems:
        raise ActionError(problems)
    action = Action(due=data["due"], **{name: data.get(name) for name in ACTION_FIELDS})
    action.description = action.description or ""
    for _attempt in range(3):  # someone else may take the same reference at the same moment
        action.reference = next_reference()
        action._change_reason = "Added to the delivery plan"
        try:
            with transaction.atomic():
                action.save()
        except IntegrityError:
            action.pk = None
            continue
        return action
    raise _refuse("title", "Another action was added at the same moment: save it again")


def change_action(user, action: Action, data: dict, today: date) -> list[str]:
    """Change what the action is, who owns it and where it sits (not its due date).
    Returns the names of the fields changed; the history says who changed them."""
    with transaction.atomic():
        current = (Action.objects.select_for_update().select_related("org_unit")
                   .get(pk=action.pk))
        permissions.require(permissions.can_plan_action(user, current.org_unit))
        permissions.require(permissions.can_plan_action(user, data["org_unit"]))
        _still_open(current)
        problems = action_rules.action_problems(
            starts=data.get("starts"), due=current.due, today=today, new=False,
            milestones=[m.due for m in current.milestones.all()],
            owner_id=_pk(data["owner"]), delegate_id=_pk(data.get("delegate")))
        if problems:
            raise ActionError(problems)
        changed = []
        for name in ACTION_FIELDS:
            value = data.get(name)
            if name == "description":
                value = value or ""
            if getattr(current, name) != value:
                setattr(current, name, value)
                changed.append(CHANGE_NAMES.get(name, name))
        if changed:
            current._change_reason = "Changed: " + ", ".join(changed)
            current.save()
    action.refresh_from_db()
    return changed


def add_milestone(user, action: Action, title: str, due: date) -> Milestone:
    permissions.require(permissions.can_add_milestones(user, action))
    with transaction.atomic():
        current = Action.objects.select_for_update().get(pk=action.pk)
        _still_open(current)
        problems = action_rules.milestone_problems(
            title=title, due=due, starts=current.starts, action_due=current.due,
            others=current.milestones.values_list("title", flat=True))
        if problems:
            raise ActionError(problems)
        milestone = Milestone(action=current, title=title.strip(), due=due)
        milestone._change_reason = f"Milestone \u201c{milestone.title}\u201d added"
        milestone.save()
    return milestone


def rename_milestone(user, milestone: Milestone, title: str) -> None:
    """A milestone's name changes here; its date only by a timescale change."""
    permissions.require(permissions.can_add_milestones(user, milestone.action))
    with transaction.atomic():
        current = Milestone.objects.select_for_update().select_related("action").get(
            pk=milestone.pk)
        _still_open(current.action)
        problems = action_rules.milestone_problems(
            title=title, due=None, starts=current.action.starts, action_due=current.action.due,
            others=current.action.milestones.exclude(pk=current.pk).values_list(
                "title", flat=True))
        if problems:
            raise ActionError(problems)
        if current.title != title.strip():
            current._change_reason = (f"Milestone \u201c{current.title}\u201d renamed "
                                      f"\u201c{title.strip()}\u201d")
            current.title = title.strip()
            current.save()
    milestone.refresh_from_db()


def why_not_remove(milestone: Milestone) -> str | None:
    """Why a milestone stays on the record; None when it may be removed."""
    if milestone.action.completed_on is not None:
        return f"{milestone.action.reference} is complete: its milestones stay as they were"
    if milestone.completed_on is not None:
        return "It has been completed: it stays on the record"
    if milestone.changes.exists():
        return "Its date was moved by an agreed timescale change: it stays on the record"
    return None


def remove_milestone(user, milestone: Milestone) -> None:
    permissions.require(permissions.can_plan_action(user, milestone.action.org_unit))
    with transaction.atomic():
        current = Milestone.objects.select_for_update().select_related(
            "action__org_unit").get(pk=milestone.pk)
        message = why_not_remove(current)
        if message:
            raise _refuse("milestone", message)
        current._change_reason = f"Milestone \u201c{current.title}\u201d removed"
        current.delete()


# --- progress notes ------------------------------------------------------------------------


def save_note(user, action: Action, period: Period, note: str, owner_says: str, today: date,
              *, submit: bool = False) -> ProgressNote:
    """Save the month's note as a draft, or submit it for sign-off."""
    permissions.require(permissions.can_update_action(user, action))
    problems = progress_rules.note_problems(period, today, note, submit=submit)
    if owner_says not in {s.value for s in (ActionStatus.ON_TRACK, ActionStatus.AT_RISK,
                                            ActionStatus.OFF_TRACK)}:
        problems.append(progress_rules.Problem("owner_says", "Choose on track, at risk or "
                                               "off track"))
    if problems:
        raise ActionError(problems)
    with transaction.atomic():
        current = (ProgressNote.objects.select_for_update()
                   .filter(action=action, period=period.key).first())
        if current is None:
            current = ProgressNote(action=action, period=period.key)
        elif current.status not in EDITABLE:
            raise _refuse("note", f"This note is {current.get_status_display().lower()}: it "
                          "cannot be changed now")
        current.note, current.owner_says = note, owner_says
        current.entered_by, current.entered_at = user, timezone.now()
        if submit:
            current.status, current.submitted_by = ResultStatus.SUBMITTED, user
            current._change_reason = "Submitted for sign-off"
        else:
            current._change_reason = "Saved"
        current.save()
    return current


def why_not_sign_off(user, note: ProgressNote) -> str | None:
    """Why this user may not sign this note off, in the rules' words; None when they may."""
    if not permissions.can_sign_off_action(user, note.action):
        return f"You do not sign off progress on {note.action.reference}"
    if note.status != ResultStatus.SUBMITTED:
        return f"It is {note.get_status_display().lower()} now, not awaiting sign-off"
    return progress_rules.maker_is_not_checker(user.pk, note.entered_by_id, note.submitted_by_id)


def sign_off(user, note: ProgressNote) -> None:
    permissions.require(permissions.can_sign_off_action(user, note.action))
    _decide(user, note, ResultStatus.APPROVED, "Signed off")


def return_note(user, note: ProgressNote, reason: str) -> None:
    permissions.require(permissions.can_sign_off_action(user, note.action))
    if not reason.strip():
        raise _refuse("reason", "Enter the reason for returning it")
    _decide(user, note, ResultStatus.RETURNED, reason)


def _decide(user, note: ProgressNote, to: str, reason: str) -> None:
    with transaction.atomic():
        current = ProgressNote.objects.select_for_update().select_related(
            "action__org_unit").get(pk=note.pk)
        message = why_not_sign_off(user, current)
        if message:
            raise _refuse("status", message)
        current.status, current.decided_by, current.decided_at = to, user, timezone.now()
        current.return_reason = reason if to == ResultStatus.RETURNED else ""
        current._change_reason = reason
        current.save()
    note.refresh_from_db()


# --- milestones, completion and timescales ------------------------------------------------


def complete_milestone(user, milestone: Milestone, on: date, today: date) -> None:
    permissions.require(permissions.can_update_action(user, milestone.action))
    if on > today:
        raise _refuse("completed_on", "The date it was completed must be today or earlier")
    milestone.completed_on = on
    milestone._change_reason = "Marked complete"
    milestone.save()


def complete_action(user, action: Action, on: date, today: date) -> None:
    permissions.require(permissions.can_update_action(user, action))
    if on > today:
        raise _refuse("completed_on", "The date it was completed must be today or earlier")
    action.completed_on = on
    action._change_reason = "Marked complete"
    action.save()


def change_timescale(user, action: Action, milestone: Milestone | None, new_date: date,
                     reason: str, agreed_by: str, agreed_on: date) -> TimescaleChange:
    """Move the action's due date (or a milestone's), recording who agreed it and why."""
    permissions.require(permissions.can_sign_off_action(user, action))
    if milestone is not None and milestone.action_id != action.pk:
        raise _refuse("milestone", "Choose a milestone of this action")
    problems = progress_rules.timescale_change_is_agreed(agreed_by, reason)
    target = milestone if milestone is not None else action
    if new_date == target.due:
        problems.append(progress_rules.Problem("new_date", "Enter a date different from the "
                                               "present one"))
    if problems:
        raise ActionError(problems)
    with transaction.atomic():
        change = TimescaleChange.objects.create(
            action=action, milestone=milestone, old_date=target.due, new_date=new_date,
            reason=reason, agreed_by=agreed_by, agreed_on=agreed_on, recorded_by=user,
            recorded_at=timezone.now(),
        )
        target.due = new_date
        target._change_reason = f"Timescale changed, agreed by {agreed_by}: {reason}"
        target.save()
    return change


def notes_awaiting(user) -> QuerySet[ProgressNote]:
    """Progress notes awaiting this user's sign-off (the approver's list)."""
    notes = ProgressNote.objects.filter(status=ResultStatus.SUBMITTED).select_related(
        "action", "action__org_unit", "action__owner")
    return notes.exclude(entered_by=user).exclude(submitted_by=user)
