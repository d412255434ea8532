"""Which tolerance is in force for an indicator in a financial year.

Rules are versioned by financial year: each applies from its first year until
a later rule of the same scope replaces it, so a change made this year never
re-rates an earlier one. The most specific scope wins: the indicator's own
rule, then the rule for financial indicators (when the indicator is
financial), then the council's default. Plain Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from reporting.engine import DEFAULT_TOLERANCE_PCT, Tolerance
from reporting.periods import Period


class Scope(StrEnum):
    COUNCIL = "council"
    FINANCIAL = "financial"
    INDICATOR = "indicator"


@dataclass(frozen=True)
class ToleranceSetting:
    scope: Scope
    applies_from: Period | None
    percent: Decimal | None = None
    absolute: Decimal | None = None
    indicator_id: int | None = None

    def in_force(self, year: Period) -> bool:
        return self.applies_from is None or self.applies_from.year <= year.year

    def tolerance(self) -> Tolerance:
        if self.absolute is not None:
            return Tolerance(percent=self.percent or DEFAULT_TOLERANCE_PCT, absolute=self.absolute)
        assert self.percent is not None
        return Tolerance(percent=self.percent)


def _latest(settings: Iterable[ToleranceSetting], year: Period) -> ToleranceSetting | None:
    in_force = [s for s in settings if s.in_force(year)]
    if not in_force:
        return None
    return max(in_force, key=lambda s: -1 if s.applies_from is None else s.applies_from.year)


class ToleranceBook:
    """All tolerance settings, indexed for quick look-up per indicator and year."""

    def __init__(self, settings: Iterable[ToleranceSetting]) -> None:
        self._council: list[ToleranceSetting] = []
        self._financial: list[ToleranceSetting] = []
        self._by_indicator: dict[int, list[ToleranceSetting]] = {}
        for setting in settings:
            if setting.scope is Scope.INDICATOR:
                assert setting.indicator_id is not None
                self._by_indicator.setdefault(setting.indicator_id, []).append(setting)
            elif setting.scope is Scope.FINANCIAL:
                self._financial.append(setting)
            else:
                self._council.append(setting)

    def in_force(self, *, indicator_id: int, financial: bool, period: Period) -> Tolerance:
        year = period.fy
        candidates = [self._by_indicator.get(indicator_id, [])]
        if financial:
            candidates.append(self._financial)
        candidates.append(self._council)
        for settings in candidates:
            found = _latest(settings, year)
            if found is not None:
                return found.tolerance()
        return Tolerance(percent=DEFAULT_TOLERANCE_PCT)
