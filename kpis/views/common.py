"""What every kpis view shares: the indicator, period and result named in the URL."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from kpis.models import Indicator, Result
from reporting.periods import Period
from reporting.periods_http import period_or_404


def get_indicator(code: str) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("org_unit", "owner", "accountable_officer", "parent"),
        code=code,
    )


def get_period(indicator: Indicator, key: str) -> Period:
    return period_or_404(key, indicator.period_frequency)


def get_result(indicator: Indicator, period: Period) -> Result | None:
    return Result.objects.filter(indicator=indicator, period=period.key).first()
