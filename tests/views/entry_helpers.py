"""Shared builders for the entry, sign-off and home screen tests.

Today is frozen at 23 November 2026 (Q3 2026/27): the latest quarter that has
ended is Q2 2026/27, which is where results are entered.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from kpis.models import Result, ResultStatus
from kpis.roles import APPROVERS, OFFICERS, PERFORMANCE_TEAM, ensure_role_groups
from tests.factories import add_target, make_indicator, make_org_unit, make_user

NOW = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/London"))
TODAY = date(2026, 11, 23)
PERIOD = "2026-27-Q2"  # July to September 2026: ended
NOT_ENDED = "2026-27-Q3"  # October to December 2026: still running
HOUSING = "Place / Housing"
SCHOOLS = "People / Schools"


def frozen():
    """``with frozen():`` or as a fixture body: today is 23 November 2026."""
    return time_machine.travel(NOW, tick=False)


def user_in(username: str, *roles: str, **fields):
    user = make_user(username, **fields)
    groups = ensure_role_groups()
    for role in roles:
        user.groups.add(groups[role])
    return user


def officer(username: str = "olive", **fields):
    return user_in(username, OFFICERS, **fields)


def approver(username: str = "alan", unit: str = HOUSING, **fields):
    user = user_in(username, APPROVERS, **fields)
    make_org_unit(unit).approvers.add(user)
    return user


def performance_team(username: str = "petra", **fields):
    return user_in(username, PERFORMANCE_TEAM, **fields)


def client_for(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def indicator(code: str = "HOU1", owner=None, org: str = HOUSING, target=90, **fields):
    """A quarterly, higher-is-better percentage with a yearly target (amber 81 to 90)."""
    ind = make_indicator(code, owner=owner, org_unit=make_org_unit(org), **fields)
    if target is not None:
        add_target(ind, "2026-27", target)
    return ind


def result(ind, status: str = ResultStatus.DRAFT, actual="85", period: str = PERIOD,
           **fields) -> Result:
    return Result.objects.create(
        indicator=ind, period=period, status=status,
        actual=None if actual is None else Decimal(str(actual)), **fields,
    )


def url(name: str, ind, period: str = PERIOD) -> str:
    return reverse(f"kpis:{name}", args=[ind.code, period])


def form(actual="95", version=0, commentary="", improvement="", note="") -> dict:
    return {
        "actual": actual, "commentary": commentary, "improvement_activity": improvement,
        "data_quality_note": note, "version": version,
    }


def snapshot(row: Result) -> tuple:
    """What a result holds, to show that nothing changed."""
    row.refresh_from_db()
    return (row.actual, row.commentary, row.improvement_activity, row.status, row.version,
            row.transitions.count(), row.history.count())
