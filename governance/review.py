"""The annual review of what is measured: each approver keeps, changes or retires every
live indicator in their area for the coming financial year."""

from __future__ import annotations

from kpis import permissions
from kpis.models import Indicator, ReviewDecision
from reporting.engine import IndicatorStatus
from reporting.periods import Period


def review_list(user, year: Period) -> list[tuple[Indicator, ReviewDecision | None]]:
    """Every live indicator in the approver's area with this year's decision, if made."""
    indicators = list(
        permissions.approvable(user)
        .exclude(status=IndicatorStatus.RETIRED.value)
        .select_related("org_unit")
        .order_by("org_unit__path", "code")
    )
    decisions = {
        d.indicator_id: d
        for d in ReviewDecision.objects.filter(year=year.key, indicator__in=indicators)
    }
    return [(indicator, decisions.get(indicator.pk)) for indicator in indicators]


def decide(user, indicator: Indicator, year: Period, decision: str, note: str) -> ReviewDecision:
    permissions.require(permissions.can_approve(user, indicator))
    found, _ = ReviewDecision.objects.update_or_create(
        indicator=indicator, year=year.key,
        defaults={"decision": decision, "note": note, "decided_by": user},
    )
    return found
