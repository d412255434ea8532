"""Who may do what: the one place views and services ask.

Roles are Django groups (kpis/roles.py); on top of the role every check looks
at the object: an officer enters results for the indicators they own or are
delegated, an approver signs off results in the organisation units they
approve for (and every unit beneath), the performance team may do anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeAlias

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from kpis.models import Delegation, Indicator, OrgUnit
from kpis.roles import APPROVERS, AUDITORS, COUNCILLORS, OFFICERS, PERFORMANCE_TEAM

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest, HttpResponse

# Whoever is asking: a signed-in user or the anonymous one (request.user).
AnyUser: TypeAlias = "AbstractBaseUser | AnonymousUser"
View: TypeAlias = "Callable[..., HttpResponse]"


def _roles(user: AnyUser) -> set[str]:
    """The user's role names, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return user._role_names


def has_role(user: AnyUser, *roles: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_roles(user) & set(roles))


def is_performance_team(user: AnyUser) -> bool:
    return has_role(user, PERFORMANCE_TEAM)


def role_required(*roles: str) -> Callable[[View], View]:
    """A view decorator: 403 unless the user has one of the roles."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


can_audit = role_required(PERFORMANCE_TEAM, AUDITORS)


# --- indicators a user may work on ------------------------------------------------


def _approved_units(user: AnyUser) -> list[OrgUnit]:
    if not hasattr(user, "_approved_units"):
        user._approved_units = list(user.approves_for.all()) if user.is_authenticated else []
    return user._approved_units


def _under(units: list[OrgUnit], prefix: str = "org_unit__") -> Q:
    """Indicators in any of these units or the units beneath them."""
    query = Q(pk__in=[])
    for unit in units:
        query |= Q(**{f"{prefix}path": unit.path}) | Q(
            **{f"{prefix}path__startswith": unit.path + OrgUnit.SEPARATOR}
        )
    return query


ENTERING_ROLES = (OFFICERS, APPROVERS, PERFORMANCE_TEAM)


def may_enter_results(user: AnyUser) -> bool:
    """Staff who enter results: officers, approvers and the performance team. Entry is
    never delegated to a councillor or an auditor."""
    return has_role(user, *ENTERING_ROLES)


def delegates(exclude: Iterable[int] = ()) -> QuerySet[Any]:
    """Everyone entry may be delegated to."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model().objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=ENTERING_ROLES))
        .exclude(pk__in=list(exclude)).distinct()
    )


def enterable(user: AnyUser, today: date) -> QuerySet[Indicator]:
    """Indicators whose results this user may enter: owned or delegated."""
    if is_performance_team(user):
        return Indicator.objects.all()
    if not may_enter_results(user):
        return Indicator.objects.filter(owner=user)
    delegated = Delegation.objects.filter(delegate=user, ends_on__gte=today).values(
        "indicator_id"
    )
    return Indicator.objects.filter(Q(owner=user) | Q(pk__in=delegated))


def approvable(user: AnyUser) -> QuerySet[Indicator]:
    """Indicators whose results this user may sign off."""
    if is_performance_team(user):
        return Indicator.objects.all()
    return Indicator.objects.filter(_under(_approved_units(user)))


def can_enter(user: AnyUser, indicator: Indicator, today: date) -> bool:
    if not user.is_authenticated:
        return False
    if indicator.owner_id == user.pk or is_performance_team(user):
        return True
    if not may_enter_results(user):
        return False
    return Delegation.objects.filter(
        indicator=indicator, delegate=user, ends_on__gte=today
    ).exists()


def signs_off(user: AnyUser) -> bool:
    """The performance team and the approvers of any unit: they sign results off, run the
    annual review and set next year's targets for their area."""
    return is_performance_team(user) or bool(_approved_units(user))


def can_approve(user: AnyUser, indicator: Indicator) -> bool:
    return approves_for_unit(user, indicator.org_unit)


def approves_for_unit(user: AnyUser, org_unit: OrgUnit) -> bool:
    """The performance team, and approvers of the unit or a unit above it."""
    if is_performance_team(user):
        return True
    path = org_unit.path
    return any(
        path == unit.path or path.startswith(unit.path + OrgUnit.SEPARATOR)
        for unit in _approved_units(user)
    )


def approvers_of(indicator: Indicator) -> QuerySet[Any]:
    """The active people who approve for the indicator's unit or a unit above it (the
    performance team, who may approve anything, is not listed)."""
    from django.contrib.auth import get_user_model

    parts = indicator.org_unit.path.split(OrgUnit.SEPARATOR)
    above = [OrgUnit.SEPARATOR.join(parts[:n]) for n in range(1, len(parts) + 1)]
    return (
        get_user_model().objects.filter(approves_for__path__in=above, is_active=True)
        .distinct().order_by("first_name", "last_name", "username")
    )


def can_read_all(user: AnyUser) -> bool:
    """The performance team, auditors and councillors read every result."""
    return has_role(user, PERFORMANCE_TEAM, AUDITORS, COUNCILLORS)


def sees_unsigned(
    user: AnyUser, indicator: Indicator | None = None, today: date | None = None
) -> bool:
    """The one rule for who sees results not yet signed off (drafts, results awaiting
    sign-off, results returned for rework) and their commentary and history.

    The performance team and auditors see them everywhere. For one indicator, so do the
    people who work on it: its owner, delegates and approvers. Everyone else, councillors
    above all, sees signed-off figures only: on the scorecard, its downloads, the
    indicator page, the result page and the history. Reports for a committee pass no
    indicator, so they show signed-off figures to everyone but the performance team and
    auditors.
    """
    if has_role(user, PERFORMANCE_TEAM, AUDITORS):
        return True
    if indicator is None or not user.is_authenticated:
        return False
    return can_enter(user, indicator, today or timezone.localdate()) or can_approve(user, indicator)


def sees_small_numbers(user: AnyUser, indicator: Indicator, today: date) -> bool:
    """Who sees every figure of an indicator's breakdown: the performance team, and those
    who enter or sign off its results (its owner, a delegate, an approver of its service),
    who hold the figures already and cannot sign off what they cannot read. Everyone else
    (other officers, auditors, councillors) and every public page and file sees small
    numbers hidden (``reporting.suppression``)."""
    return is_performance_team(user) or can_enter(user, indicator, today) \
        or can_approve(user, indicator)


def sees_small_numbers_of(user: AnyUser, indicator_ids: Iterable[int], today: date) -> set[int]:
    """``sees_small_numbers`` for many indicators at once: those of ``indicator_ids`` whose
    small numbers this user sees, in at most two queries however many there are."""
    ids = set(indicator_ids)
    if not ids or is_performance_team(user):
        return ids
    entered = set(enterable(user, today).filter(pk__in=ids).values_list("pk", flat=True))
    rest = ids - entered
    approved = set(approvable(user).filter(pk__in=rest).values_list("pk", flat=True)) \
        if rest and _approved_units(user) else set()
    return entered | approved


def can_view_result(user: AnyUser, indicator: Indicator, today: date) -> bool:
    return (
        can_read_all(user) or can_enter(user, indicator, today) or can_approve(user, indicator)
    )


def can_delegate(user: AnyUser, indicator: Indicator) -> bool:
    """The owner or an approver may let a colleague enter results."""
    return indicator.owner_id == user.pk or can_approve(user, indicator)


def require(allowed: bool) -> None:
    """Raise 403 unless allowed: views call this with one of the checks above."""
    if not allowed:
        raise PermissionDenied


# --- risk registers (governance/risk_models.py) ----------------------------------------
# Everyone signed in reads every register (corporate risks go to the audit committee in
# public papers; the others are the council's working registers). The performance team,
# as the council's risk managers, sets up the registers, may change any risk and alone
# records escalation and step-down decisions. A register's keepers (its owner, and the
# approvers of its organisation unit or a unit above it) raise risks on it, change them
# and close them. A risk's owner changes their own risk's description, controls and
# linked indicators, reviews it (the only way its scores change, so the scores' history
# is a trail of reviews) and adds further actions. Councillors and auditors read only.


def may_read_risks(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_active


def manages_risks(user: AnyUser) -> bool:
    """The risk managers: the performance team. They add and change the registers."""
    return is_performance_team(user)


def keeps_register(user: AnyUser, register: Any) -> bool:
    """Who raises risks on a register, changes any of them (their owner and category
    too) and closes them: the risk managers, the register's owner, and the approvers of
    its organisation unit or a unit above it (the service's managers). Staff only: never a
    councillor or an auditor, even one named as the owner."""
    if manages_risks(user):
        return True
    if not may_enter_results(user):
        return False
    if register.owner_id is not None and register.owner_id == user.pk:
        return True
    return register.org_unit_id is not None and approves_for_unit(user, register.org_unit)


def kept_registers(user: AnyUser) -> QuerySet[Any]:
    """The registers ``keeps_register`` lets this user raise risks on, as a queryset (the
    register to raise a risk on is chosen from these)."""
    from django.apps import apps

    # By name, not imported: this module is type-checked strictly, the models are not.
    RiskRegister = apps.get_model("governance", "RiskRegister")
    if manages_risks(user):
        return RiskRegister.objects.all()
    if not may_enter_results(user):
        return RiskRegister.objects.none()
    return RiskRegister.objects.filter(
        Q(owner=user) | _under(_approved_units(user))
    )


def can_edit_risk(user: AnyUser, risk: Any) -> bool:
    """Review the risk, add its further actions, change its description, controls and
    linked indicators: its owner (staff who enter results, never a councillor or an
    auditor) or a keeper of its register."""
    if keeps_register(user, risk.register):
        return True
    return risk.owner_id == user.pk and may_enter_results(user)


def can_decide_escalation(user: AnyUser) -> bool:
    return manages_risks(user)


def owns_risks(user: AnyUser) -> bool:
    """Staff who may own risks: "Your risks" is in their navigation."""
    return may_enter_results(user)
# --- delivery plan actions and improvement plans (governance/actions.py, improvement.py) --


def can_update_action(user: AnyUser, action: Any) -> bool:
    """An action's owner or delegate writes its progress notes and marks its milestones
    complete, as an indicator's owner or delegate enters its results; so may the
    performance team."""
    if not user.is_authenticated or not user.is_active:
        return False
    if action.owner_id == user.pk or is_performance_team(user):
        return True
    return action.delegate_id == user.pk and may_enter_results(user)


def can_sign_off_action(user: AnyUser, action: Any) -> bool:
    """An approver of the action's service signs its progress notes off and records the
    changes to its timescales that a board agreed, as they sign off results."""
    return approves_for_unit(user, action.org_unit)


def can_plan_action(user: AnyUser, org_unit: OrgUnit | None = None) -> bool:
    """Who writes the delivery plan (adds an action, changes what it is, who owns it and
    where it sits, removes a milestone): the performance team for every action, and an
    approver for the actions of the services they approve for (and those beneath), as
    they sign off their progress. With no unit: whether they may add an action anywhere.
    Councillors and auditors read the plan only."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_performance_team(user):
        return True
    if org_unit is None:
        return bool(_approved_units(user))
    return approves_for_unit(user, org_unit)


def plannable_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """The services whose actions this user may add and change (``can_plan_action``)."""
    if is_performance_team(user):
        return OrgUnit.objects.all()
    if not user.is_authenticated or not user.is_active:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(_under(_approved_units(user), prefix=""))


def can_add_milestones(user: AnyUser, action: Any) -> bool:
    """An action's owner adds milestones to it and renames them, as do those who plan it.
    Nobody moves a date here once it is set: the action's due date and its milestones'
    dates change only by a recorded timescale change (``can_sign_off_action``)."""
    if can_plan_action(user, action.org_unit):
        return True
    return action.owner_id == user.pk and may_enter_results(user)


def can_work_on_plan(user: AnyUser, indicator: Indicator, today: date) -> bool:
    """Whoever enters an indicator's results or signs them off writes, changes and closes
    its improvement plan."""
    return can_enter(user, indicator, today) or can_approve(user, indicator)
# --- members' requests, escalations, finance (governance/members_models.py) -----------------


def records_member_requests(user: AnyUser) -> bool:
    """The performance team (the scrutiny officers among it) record committees' requests,
    assign them, close them and import the budget position."""
    return is_performance_team(user)


def can_answer_request(user: AnyUser, member_request: Any) -> bool:
    """The officer a request is assigned to answers it; the performance team may too."""
    return user.is_authenticated and (
        is_performance_team(user) or member_request.assigned_to_id == user.pk
    )


def can_escalate(user: AnyUser, indicator: Indicator) -> bool:
    """Whoever signs off an indicator's results (its head of service or director, or the
    performance team) escalates a performance issue on it."""
    return user.is_authenticated and can_approve(user, indicator)


def can_resolve_escalation(user: AnyUser, escalation: Any) -> bool:
    """Who records that an escalated issue is resolved, for the receiving board: the
    performance team, for any board; and for an issue escalated to the directorate level,
    an approver of the indicator's directorate (the director and the directorate's
    management team, who sit on its board). A board has no chair or officer lead recorded,
    so a corporate-level issue is resolved by the performance team, who record the
    corporate board's decision. Never a councillor or an auditor. ``escalation`` needs its
    ``indicator__org_unit`` loaded."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_performance_team(user):
        return True
    if escalation.to_level != "directorate" or not has_role(user, APPROVERS):
        return False
    directorate = escalation.indicator.org_unit.path.split(OrgUnit.SEPARATOR)[0]
    return any(unit.path == directorate for unit in _approved_units(user))
# --- the KPI lifecycle and data-quality audits (governance/lifecycle.py, dq_audits.py) ---


def may_propose(user: AnyUser) -> bool:
    """Staff who enter results may propose a new indicator for the board to decide."""
    return has_role(user, *ENTERING_ROLES)


def sees_proposals(user: AnyUser) -> bool:
    """Staff who may propose, and the performance team, auditors and councillors."""
    return may_propose(user) or can_read_all(user)


def can_propose_change(user: AnyUser, indicator: Indicator) -> bool:
    """A change to a live indicator's definition or target: its owner, its approvers or
    the performance team."""
    return user.is_authenticated and (
        indicator.owner_id == user.pk or can_approve(user, indicator)
    )


def can_decide_proposal(user: AnyUser, org_unit: OrgUnit, proposed_by_id: int | None) -> bool:
    """The board's decision is recorded by the performance team or an approver for the
    unit, never by the person who proposed it."""
    if not user.is_authenticated or user.pk == proposed_by_id:
        return False
    if is_performance_team(user):
        return True
    return any(
        org_unit.path == unit.path or org_unit.path.startswith(unit.path + OrgUnit.SEPARATOR)
        for unit in _approved_units(user)
    )


def audits_data_quality(user: AnyUser) -> bool:
    """The performance team and auditors draw samples and record data-quality audits."""
    return has_role(user, PERFORMANCE_TEAM, AUDITORS)
