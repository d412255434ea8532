"""Setting next year's targets, and the list of targets still to set."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet

from kpis import permissions
from kpis.models import Indicator, Target
from reporting.engine import IndicatorStatus, Polarity
from reporting.periods import Frequency, Period


@dataclass(frozen=True)
class TargetChoice:
    annual: Decimal | None
    stretch: Decimal | None
    target_type: str
    rationale: str
    profile: dict[Period, Decimal | None]


def profile_periods(indicator: Indicator, year: Period) -> list[Period]:
    """The periods a year's target can be profiled over (none for annual indicators)."""
    frequency = Frequency(indicator.frequency)
    return [] if frequency is Frequency.ANNUAL else year.periods_of(frequency)


def set_targets(user, indicator: Indicator, year: Period, choice: TargetChoice) -> None:
    """Approvers (and the performance team) set a year's targets."""
    permissions.require(permissions.can_approve(user, indicator))
    with transaction.atomic():
        annual, _ = Target.objects.get_or_create(indicator=indicator, period=year.key)
        annual.target, annual.stretch_target = choice.annual, choice.stretch
        annual.target_type, annual.rationale = choice.target_type, choice.rationale
        annual.set_by = user
        annual._change_reason = choice.rationale[:100] or "Targets set"
        annual.save()
        existing = {
            t.period: t
            for t in Target.objects.filter(
                indicator=indicator, period__in=[p.key for p in choice.profile]
            )
        }
        for period, value in choice.profile.items():
            row = existing.get(period.key)
            if row is None and value is None:
                continue
            row = row or Target(indicator=indicator, period=period.key)
            if row.pk and row.target == value:
                continue
            row.target, row.set_by = value, user
            row._change_reason = "Profiled target"
            row.save()


def needing_targets(year: Period) -> QuerySet[Indicator]:
    """Targeted indicators that still have no annual target for the year."""
    have = Target.objects.filter(period=year.key, target__isnull=False).values("indicator_id")
    return (
        Indicator.objects.filter(status=IndicatorStatus.TARGETED.value)
        .exclude(polarity=Polarity.NONE.value)
        .exclude(pk__in=have)
        .select_related("org_unit", "accountable_officer")
        .order_by("org_unit__path", "code")
    )
