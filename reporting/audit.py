"""The RAG audit: does the RAG a council reported match its own policy?

Councils rate by hand and get it wrong. For each result in a period this
lists where the reported RAG differs from the RAG the policy in force gives,
with the reason in words; results the policy cannot rate; and values that look
wrong (a zero after a non-zero, a year-to-date figure that fell). It is the
accuracy check of Cambridgeshire's quarterly KPI audit.

``explain`` and ``suspicions`` are plain Python; ``run_audit``
(reporting/rag_audit.py) feeds them from the database through the one rating
path, ``RatingBook``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import IO

from kpis import exports
from reporting.engine import (
    HUNDRED,
    BandBasis,
    Collection,
    IndicatorStatus,
    Polarity,
    Policy,
    PolicyKind,
    Rag,
    Rules,
    shortfall,
)
from reporting.formatting import band_text, figure, number_text
from reporting.periods import Period


class FindingKind(StrEnum):
    MISMATCH = "mismatch"
    UNRATABLE = "cannot_rate"
    SUSPICIOUS = "suspicious_value"

    @property
    def label(self) -> str:
        return {
            FindingKind.MISMATCH: "Reported RAG differs",
            FindingKind.UNRATABLE: "Policy cannot rate",
            FindingKind.SUSPICIOUS: "Suspicious value",
        }[self]


@dataclass(frozen=True)
class Finding:
    code: str
    title: str
    period: Period
    kind: FindingKind
    actual: Decimal | None
    target: Decimal | None
    reported: Rag | None
    computed: Rag
    reason: str


COLUMNS = ["code", "title", "period", "finding", "actual", "target", "reported_rag", "policy_rag",
           "reason"]


def _pct(value: Decimal) -> str:
    return f"{number_text(value, 1)}%"


def _absolute_band(width: Decimal, unit: str) -> str:
    if unit in ("percent", "currency", "days"):
        return f"band of {band_text(width, unit)}"
    return f"band of {number_text(width)} (in the indicator's units)"


def _band_text(policy: Policy, width: Decimal | None, rules: Rules, unit: str = "") -> str:
    if width is None:
        tolerance = rules.tolerance
        if tolerance.absolute is not None:
            return _absolute_band(tolerance.absolute, unit)
        return f"{number_text(tolerance.percent)}% band"
    if policy.basis is BandBasis.ABSOLUTE:
        return _absolute_band(width, unit)
    return f"{number_text(width)}% band"


def _gap(polarity: Polarity, actual: Decimal, reference: Decimal, name: str,
         unit: str = "") -> str:
    short = shortfall(polarity, actual, reference)
    if short == 0:
        return f"exactly on {name} ({figure(reference, unit)})"
    side = "short of" if short > 0 else "better than"
    if reference == 0:
        return f"{figure(abs(short), unit)} {side} a {name} of zero"
    share = abs(short) / abs(reference) * HUNDRED
    return (f"{_pct(share)} {side} {name} "
            f"({figure(actual, unit)} against {figure(reference, unit)})")


def explain(rules: Rules, actual: Decimal, rag: Rag, last_year_actual: Decimal | None,
            unit: str = "") -> str:
    """Why the policy gives this RAG, in words an officer can check by hand, e.g.
    "10.4% short of target (89.6% against 100%): the council's 10% band makes this red".
    Values are exact, with the indicator's ``unit`` (``reporting.formatting``)."""
    policy, polarity = rules.policy, rules.polarity
    verdict = f"makes this {rag.label.lower()}"
    if policy.kind is PolicyKind.LOW_HIGH:
        if rules.low_target is None or rules.high_target is None:
            return "no low and high targets are set"
        return (
            f"{_gap(polarity, actual, rules.low_target, 'the low target', unit)} and "
            f"{_gap(polarity, actual, rules.high_target, 'the high target', unit)}: "
            f"low and high targets {verdict}"
        )
    if rules.target is None:
        return "no target is set"
    gap = _gap(polarity, actual, rules.target, "target", unit)
    if policy.kind is PolicyKind.FLOOR:
        if rules.floor is None:
            return f"{gap}, and no floor standard is set"
        return f"{gap}: the floor standard of {figure(rules.floor, unit)} {verdict}"
    if policy.kind is PolicyKind.GREEN_BAND:
        return (
            f"{gap}: the council's bands (green within "
            f"{_band_text(policy, policy.green_band, rules, unit)}, amber within "
            f"{_band_text(policy, policy.amber_band, rules, unit)}) {verdict}"
        )
    band = f"the council's {_band_text(policy, policy.amber_band, rules, unit)}"
    if policy.kind is PolicyKind.DIRECTION_DEPENDENT and rag in (Rag.AMBER, Rag.RED):
        if last_year_actual is None:
            return f"{gap}: beyond {band} with no same period last year to compare {verdict}"
        held = shortfall(polarity, actual, last_year_actual) <= 0
        word = "improved or held against" if held else "worse than"
        last_year = figure(last_year_actual, unit)
        return f"{gap}: beyond {band} and {word} last year ({last_year}) {verdict}"
    return f"{gap}: {band} {verdict}"


def cannot_rate(rules: Rules, actual: Decimal | None, rag: Rag) -> str | None:
    """Why the policy cannot rate a result fairly, or None."""
    if actual is None or rules.status is not IndicatorStatus.TARGETED:
        return None
    if rules.polarity is Polarity.NONE:
        return None
    if rag is Rag.NO_TARGET:
        missing = {
            PolicyKind.FLOOR: "no target or floor standard",
            PolicyKind.LOW_HIGH: "no low and high targets",
        }.get(rules.policy.kind, "no target")
        return f"{missing} for this period: the policy cannot rate it"
    relative = rules.policy.basis is BandBasis.RELATIVE and (
        rules.policy.amber_band is not None or rules.tolerance.absolute is None
    )
    if rules.target == 0 and relative and rules.policy.kind in (
        PolicyKind.TARGET_BAND, PolicyKind.GREEN_BAND, PolicyKind.DIRECTION_DEPENDENT
    ):
        return (
            "the target is zero and the band is a % of target, so the band is zero and "
            "any shortfall is red: give this indicator an absolute tolerance"
        )
    return None


# Units whose year-to-date figure is a running total (a count of cases, a sum of money):
# it can only grow within a year. A year-to-date percentage, ratio or average (days per
# case, days per FTE) is a rate: it may stand still or fall from one period to the next.
COUNT_UNITS = frozenset({"number", "currency"})


def is_cumulative_count(collection: Collection, unit: str) -> bool:
    """A year-to-date running total: cumulative, and a count or a sum rather than a rate."""
    return collection is Collection.CUMULATIVE and unit in COUNT_UNITS


def suspicions(
    actual: Decimal | None,
    previous: Decimal | None,
    collection: Collection,
    same_year: bool,
    unit: str = "",
) -> list[str]:
    """Values that look wrong beside the previous period's (exact, with their ``unit``).

    A zero after a non-zero is worth a question for any indicator. Within a year, a
    year-to-date value that falls or stays the same is worth a question for a cumulative
    count only, never for a rate or percentage: 100% of EHCPs issued on time year to
    date in two quarters running is a good year, not a figure nobody updated."""
    found: list[str] = []
    if actual is None or previous is None:
        return found
    if actual == 0 and previous != 0:
        found.append(
            f"zero this period where the previous period was {figure(previous, unit)}: check "
            "whether "
            "the figure is missing rather than zero"
        )
    running_total = is_cumulative_count(collection, unit) and same_year
    if running_total and actual < previous:
        found.append(
            f"the year-to-date value fell from {figure(previous, unit)} to "
            f"{figure(actual, unit)}: a "
            "cumulative count should not go down within a year"
        )
    if running_total and actual == previous != 0:
        found.append(
            f"the year-to-date value is unchanged at {figure(actual, unit)}: check that this "
            "period's figure was added"
        )
    return found


def write_csv(findings: Iterable[Finding], stream: IO[str]) -> None:
    exports.write_csv(
        [COLUMNS] + [
            [
                f.code, f.title, f.period.key, f.kind.value, f.actual, f.target,
                f.reported.value if f.reported else "", f.computed.value, f.reason,
            ]
            for f in findings
        ],
        stream,
    )
