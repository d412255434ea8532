"""Which rule is in force for an indicator in a financial year.

Tolerances and RAG policies are both versioned by financial year and scoped:
each rule applies from its first year (or from the start) until a later rule
of the same scope replaces it, so a change made this year never re-rates an
earlier one. The most specific scope with a rule in force wins: the
indicator's own, then the one for financial indicators (when the indicator is
financial), then the council's. Plain Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from reporting.periods import Period

V = TypeVar("V")


class Scope(StrEnum):
    COUNCIL = "council"
    FINANCIAL = "financial"
    INDICATOR = "indicator"


@dataclass(frozen=True)
class ScopedRule(Generic[V]):
    scope: Scope
    applies_from: Period | None
    value: V
    indicator_id: int | None = None

    def applies_in(self, year: Period) -> bool:
        return self.applies_from is None or self.applies_from.year <= year.year

    @property
    def first_year(self) -> int:
        return -1 if self.applies_from is None else self.applies_from.year


class RulesInForce(Generic[V]):
    """All rules of one kind, indexed for quick look-up per indicator and year."""

    def __init__(self, rules: Iterable[ScopedRule[V]]) -> None:
        self._council: list[ScopedRule[V]] = []
        self._financial: list[ScopedRule[V]] = []
        self._by_indicator: dict[int, list[ScopedRule[V]]] = {}
        for rule in rules:
            if rule.scope is Scope.INDICATOR:
                assert rule.indicator_id is not None
                self._by_indicator.setdefault(rule.indicator_id, []).append(rule)
            elif rule.scope is Scope.FINANCIAL:
                self._financial.append(rule)
            else:
                self._council.append(rule)

    def find(self, *, indicator_id: int, financial: bool, period: Period) -> ScopedRule[V] | None:
        """The rule in force for this indicator in the period's financial year."""
        year = period.fy
        scopes = [self._by_indicator.get(indicator_id, [])]
        if financial:
            scopes.append(self._financial)
        scopes.append(self._council)
        for rules in scopes:
            applying = [rule for rule in rules if rule.applies_in(year)]
            if applying:
                return max(applying, key=lambda rule: rule.first_year)
        return None
