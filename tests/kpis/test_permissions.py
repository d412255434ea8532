"""Who may do what: roles, and on top of them the object (kpis.permissions)."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from kpis import permissions
from kpis.models import Delegation
from kpis.roles import AUDITORS, COUNCILLORS, OFFICERS, PERFORMANCE_TEAM, ROLE_GROUPS
from tests.factories import make_user
from tests.views.entry_helpers import (
    SCHOOLS,
    TODAY,
    approver,
    indicator,
    officer,
    performance_team,
    user_in,
)

pytestmark = pytest.mark.django_db


def delegate(ind, user, ends_on: date) -> Delegation:
    return Delegation.objects.create(indicator=ind, delegate=user, ends_on=ends_on)


# --- entering results ---------------------------------------------------------------


def test_an_officer_may_enter_results_for_an_indicator_they_own():
    olive = officer()
    assert permissions.can_enter(olive, indicator(owner=olive), TODAY)


def test_an_officer_may_not_enter_results_for_someone_elses_indicator():
    olive, other = officer(), officer("oscar")
    assert not permissions.can_enter(olive, indicator(owner=other), TODAY)


def test_a_delegate_may_enter_results_up_to_and_including_the_last_day():
    olive, dan = officer(), officer("dan")
    ind = indicator(owner=olive)
    delegate(ind, dan, ends_on=TODAY)
    assert permissions.can_enter(dan, ind, TODAY)
    assert not permissions.can_enter(dan, ind, TODAY + timedelta(days=1))


def test_an_expired_delegation_gives_no_right_to_enter():
    dan = officer("dan")
    ind = indicator(owner=officer())
    delegate(ind, dan, ends_on=TODAY - timedelta(days=1))
    assert not permissions.can_enter(dan, ind, TODAY)


def test_a_delegation_covers_only_its_own_indicator():
    dan, olive = officer("dan"), officer()
    delegate(indicator("HOU1", owner=olive), dan, ends_on=TODAY)
    assert not permissions.can_enter(dan, indicator("HOU2", owner=olive), TODAY)


def test_the_performance_team_and_superusers_may_enter_anything():
    ind = indicator(owner=officer())
    assert permissions.can_enter(performance_team(), ind, TODAY)
    boss = make_user("boss", is_superuser=True)
    assert permissions.can_enter(boss, ind, TODAY)


def test_approving_for_a_unit_gives_no_right_to_enter_its_results():
    ind = indicator(owner=officer())
    assert not permissions.can_enter(approver(), ind, TODAY)


def test_nobody_anonymous_may_enter_approve_or_view():
    ind = indicator(owner=officer())
    anonymous = AnonymousUser()
    assert not permissions.can_enter(anonymous, ind, TODAY)
    assert not permissions.can_approve(anonymous, ind)
    assert not permissions.can_view_result(anonymous, ind, TODAY)


def test_enterable_lists_owned_and_currently_delegated_indicators_only():
    olive, other = officer(), officer("oscar")
    owned = indicator("HOU1", owner=olive)
    lent = indicator("HOU2", owner=other)
    expired = indicator("HOU3", owner=other)
    indicator("HOU4", owner=other)
    delegate(lent, olive, ends_on=TODAY + timedelta(days=30))
    delegate(expired, olive, ends_on=TODAY - timedelta(days=1))
    codes = set(permissions.enterable(olive, TODAY).values_list("code", flat=True))
    assert codes == {owned.code, lent.code}


def test_enterable_is_everything_for_the_performance_team():
    indicator("HOU1", owner=officer())
    indicator("SCH1", org=SCHOOLS)
    assert permissions.enterable(performance_team(), TODAY).count() == 2


# --- signing off --------------------------------------------------------------------


def test_an_approver_signs_off_their_unit_and_every_unit_beneath_it():
    alan = approver(unit="Place")
    for code, unit in [("P1", "Place"), ("P2", "Place / Housing"),
                       ("P3", "Place / Housing / Allocations")]:
        assert permissions.can_approve(alan, indicator(code, org=unit)), unit


def test_an_approver_does_not_sign_off_a_unit_above_or_beside_theirs():
    alan = approver(unit="Place / Housing")
    assert not permissions.can_approve(alan, indicator("P1", org="Place"))
    assert not permissions.can_approve(alan, indicator("P2", org="Place / Roads"))
    assert not permissions.can_approve(alan, indicator("S1", org=SCHOOLS))


def test_an_approver_does_not_sign_off_a_unit_whose_name_merely_starts_the_same():
    alan = approver(unit="Place / Housing")
    lookalike = indicator("P9", org="Place / Housing Options")
    assert not permissions.can_approve(alan, lookalike)
    assert lookalike not in permissions.approvable(alan)


def test_an_approver_with_no_units_signs_off_nothing():
    nobody = user_in("nora", "Approvers")
    ind = indicator()
    assert not permissions.can_approve(nobody, ind)
    assert not permissions.approvable(nobody).exists()


def test_approvable_matches_can_approve():
    alan = approver(unit="Place")
    inds = [indicator("P1", org="Place / Housing"), indicator("P2", org="Place / Roads"),
            indicator("S1", org=SCHOOLS), indicator("S2", org="People / Schools / Admissions")]
    listed = set(permissions.approvable(alan))
    assert listed == {ind for ind in inds if permissions.can_approve(alan, ind)}
    assert {ind.code for ind in listed} == {"P1", "P2"}


def test_the_performance_team_signs_off_everything():
    petra = performance_team()
    ind = indicator("S1", org=SCHOOLS)
    assert permissions.can_approve(petra, ind)
    assert ind in permissions.approvable(petra)


# --- reading ------------------------------------------------------------------------


@pytest.mark.parametrize("role", [COUNCILLORS, AUDITORS, PERFORMANCE_TEAM])
def test_councillors_auditors_and_the_performance_team_read_every_result(role):
    reader = user_in("reader", role)
    ind = indicator("S1", org=SCHOOLS, owner=officer())
    assert permissions.can_read_all(reader)
    assert permissions.can_view_result(reader, ind, TODAY)


@pytest.mark.parametrize("role", [COUNCILLORS, AUDITORS])
def test_councillors_and_auditors_only_read(role):
    reader = user_in("reader", role)
    ind = indicator("S1", org=SCHOOLS, owner=officer())
    assert not permissions.can_enter(reader, ind, TODAY)
    assert not permissions.can_approve(reader, ind)
    assert not permissions.is_performance_team(reader)


def test_an_officer_views_only_results_they_may_enter():
    olive = officer()
    mine, theirs = indicator("HOU1", owner=olive), indicator("S1", org=SCHOOLS)
    assert permissions.can_view_result(olive, mine, TODAY)
    assert not permissions.can_view_result(olive, theirs, TODAY)
    assert not permissions.can_read_all(olive)


def test_an_approver_views_the_results_they_sign_off():
    alan = approver()
    assert permissions.can_view_result(alan, indicator(), TODAY)
    assert not permissions.can_view_result(alan, indicator("S1", org=SCHOOLS), TODAY)


def test_the_owner_or_an_approver_may_delegate():
    olive = officer()
    ind = indicator(owner=olive)
    assert permissions.can_delegate(olive, ind)
    assert permissions.can_delegate(approver(), ind)
    assert not permissions.can_delegate(officer("oscar"), ind)


# --- roles ---------------------------------------------------------------------------


def test_has_role_needs_an_active_user_in_the_group():
    olive = officer()
    assert permissions.has_role(olive, OFFICERS)
    assert not permissions.has_role(olive, PERFORMANCE_TEAM)
    olive.is_active = False
    assert not permissions.has_role(olive, OFFICERS)
    assert not permissions.has_role(AnonymousUser(), *ROLE_GROUPS)


def test_role_required_refuses_anyone_without_the_role():
    view = permissions.role_required(AUDITORS)(lambda request: "seen")
    request = RequestFactory().get("/")
    request.user = officer()
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = user_in("audrey", AUDITORS)
    assert view(request) == "seen"


def test_require_raises_403_unless_allowed():
    permissions.require(True)
    with pytest.raises(PermissionDenied):
        permissions.require(False)
