"""Shared set-up for the members' requests, escalations, finance and plans tests: a scrutiny
panel with a meeting, an indicator owned by an officer, and the standing users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from governance.models import Committee, Meeting
from kpis.models import Council, Indicator
from kpis.roles import COUNCILLORS
from tests.views.entry_helpers import (
    HOUSING,
    approver,
    indicator,
    officer,
    performance_team,
    user_in,
)

MEETING_DAY = date(2026, 11, 12)  # before today (23 November 2026, frozen)


@dataclass
class Panel:
    committee: Committee
    meeting: Meeting
    indicator: Indicator
    other: Indicator
    performance: object
    owner: object
    colleague: object
    councillor: object
    approver: object


def make_panel() -> Panel:
    Council.objects.create(name="Northshire County Council")
    committee = Committee.objects.create(
        name="Place Overview and Scrutiny Panel", slug="place-scrutiny",
        kind=Committee.Kind.SCRUTINY,
    )
    meeting = Meeting.objects.create(committee=committee, period="2026-27-Q1",
                                     date=MEETING_DAY)
    owner = officer("olive", first_name="Olive", last_name="Owen")
    return Panel(
        committee=committee, meeting=meeting,
        indicator=indicator("HOU1", owner=owner, title="Homes let within 28 days"),
        other=indicator("HOU2", title="Rent collected"),
        performance=performance_team("petra", first_name="Petra", last_name="Morris"),
        owner=owner, colleague=officer("colin"),
        councillor=user_in("carys", COUNCILLORS), approver=approver("alan", HOUSING),
    )
