"""Builders for the delivery plan and improvement plan tests (today frozen at 23 November
2026, as in tests/views/entry_helpers.py: October 2026 is the latest month ended)."""

from __future__ import annotations

from datetime import date

from governance.delivery import Action, Milestone
from kpis.models import CorporatePlan, Pillar
from tests.factories import make_org_unit
from tests.views.entry_helpers import HOUSING

OCTOBER = "2026-10"


def pillar(number: int = 1, title: str = "Homes for all") -> Pillar:
    plan = CorporatePlan.objects.first() or CorporatePlan.objects.create(
        title="Corporate Plan", starts="2024-25", ends="2027-28")
    return Pillar.objects.get_or_create(plan=plan, number=number, defaults={"title": title})[0]


def action(reference: str = "DP-01", owner=None, unit: str = HOUSING, **fields) -> Action:
    defaults = {"title": f"Action {reference}", "year": "2026-27", "starts": date(2026, 4, 1),
                "due": date(2027, 3, 31)}
    defaults.update(fields)
    if "pillar" not in defaults:
        defaults["pillar"] = pillar()
    return Action.objects.create(reference=reference, owner=owner,
                                 org_unit=make_org_unit(unit), **defaults)


def milestone(action: Action, due: date, title: str = "Consultation", done=None) -> Milestone:
    return Milestone.objects.create(action=action, title=title, due=due, completed_on=done)
