"""Which rule is in force for an indicator in a financial year.

Tolerances and RAG policies are both versioned by financial year and scoped:
each rule applies from its first year (or from the start) until a later rule
of the same scope replaces it, so a change made this year never re-rates an
earlier one. The most specific scope with a rule in force wins: the
indicator's own, then the one for financial indicators (when the indicator is
financial), then the council's. Between a RAG policy and a tolerance, an
indicator's own tolerance beats a policy's band, which beats the council's (or
the financial) tolerance. Plain Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Generic, TypeVar

from reporting.engine import DEFAULT_POLICY, Policy, PolicyKind, Tolerance
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
        # Answers by (indicator with rules of its own, financial, year): a register's
        # indicators mostly share the council's and the financial rules.
        self._found: dict[tuple[int | None, bool, int], ScopedRule[V] | None] = {}
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
        own = self._by_indicator.get(indicator_id)
        key = (indicator_id if own else None, financial, period.year)
        if key in self._found:
            return self._found[key]
        found = self._find(own or [], financial, period.fy)
        self._found[key] = found
        return found

    def _find(
        self, own: list[ScopedRule[V]], financial: bool, year: Period
    ) -> ScopedRule[V] | None:
        scopes = [own]
        if financial:
            scopes.append(self._financial)
        scopes.append(self._council)
        for rules in scopes:
            found = latest_in_force(rules, year)
            if found is not None:
                return found
        return None


def latest_in_force(rules: Iterable[ScopedRule[V]], period: Period) -> ScopedRule[V] | None:
    """Of rules of one scope, the one in force in the period's financial year: the
    latest to apply by then (or None if none applies yet)."""
    year = period.fy
    return max(
        (rule for rule in rules if rule.applies_in(year)),
        key=lambda rule: rule.first_year,
        default=None,
    )


class YearSetting(Generic[V]):
    """A council-wide setting versioned by financial year, such as red for how many
    periods running is sustained: each value applies from its first year (or from the
    start) until a later one replaces it, so a change made this year never re-rates an
    earlier one. Before any value applies, the default does."""

    def __init__(self, rules: Iterable[ScopedRule[V]], default: V) -> None:
        self.rules = list(rules)
        self.default = default
        self._found: dict[int, V] = {}

    def in_force(self, period: Period) -> V:
        """The value in force in the period's financial year."""
        year = period.year
        if year not in self._found:
            rule = latest_in_force(self.rules, period)
            self._found[year] = self.default if rule is None else rule.value
        return self._found[year]

    def values(self) -> list[V]:
        """Every value the setting takes in some year, the default included."""
        return [self.default, *(rule.value for rule in self.rules)]


# Policies whose amber band an indicator's own tolerance replaces.
BANDED = (PolicyKind.TARGET_BAND, PolicyKind.DIRECTION_DEPENDENT)


def choose_policy_and_tolerance(
    policy_rule: ScopedRule[Policy] | None, tolerance_rule: ScopedRule[Tolerance] | None
) -> tuple[Policy, Tolerance]:
    """The policy and tolerance to rate by, from the rules in force for an indicator.

    No policy in force: the default (target with amber band). No tolerance in force:
    the default 10%. An indicator's own tolerance beats a policy's band, which beats
    the council's (or the financial) tolerance: with an indicator-scoped tolerance, a
    target-band or direction-dependent policy loses its amber band, so the tolerance
    sets it. Other schemes keep their bands (a floor or low and high targets have
    none to lose; a green band below target keeps both of its edges).
    """
    policy = policy_rule.value if policy_rule is not None else DEFAULT_POLICY
    tolerance = tolerance_rule.value if tolerance_rule is not None else Tolerance()
    own_tolerance = tolerance_rule is not None and tolerance_rule.scope is Scope.INDICATOR
    if own_tolerance and policy.kind in BANDED:
        policy = replace(policy, amber_band=None)
    return policy, tolerance
