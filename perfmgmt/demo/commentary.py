"""The demo's commentary, worked out from the figures: how the actual compares with the
target (above, below or on it, by how much, and whether that is good given the
indicator's polarity) and with the comparable period before, then a reason.

Officers write commentary in their own words; the demo's must at least never say the
opposite of its figures ("well below target" for a lower-is-better overspend at twice its
target). Plain Python over ``Decimal``; figures are written by the one formatting module
(``reporting/formatting.py``), to the indicator's decimal places.
"""

from __future__ import annotations

from decimal import Decimal

from reporting.formatting import band_text, figure

JUST, WELL = Decimal("0.02"), Decimal("0.2")  # shares of the target
PERIOD_WORDS = {"quarterly": "quarter", "monthly": "month", "annual": "year"}


def against_target(actual: Decimal, target: Decimal, polarity: str, unit: str, places: int,
                   rag: str) -> str:
    """The actual against the target, and whether that is better or worse than planned."""
    if actual == target:
        return f"{figure(actual, unit, places)}, exactly on target."
    side = "above" if actual > target else "below"
    difference = band_text(actual - target, unit, places)  # percentage points for a %
    if target > 0 and actual > 2 * target:
        where = f"more than double the target, {difference} above it"
    elif target > 0 and actual < target / 2:
        where = f"less than half the target, {difference} below it"
    else:
        share = abs(actual - target) / abs(target) if target else None
        degree = ""
        if share is not None and share < JUST:
            degree = "just "
        elif share is not None and share >= WELL:
            degree = "well "
        where = f"{degree}{side} target by {difference}"
    better = (actual > target) is (polarity == "higher")
    verdict = "better than planned" if better else "worse than planned"
    if rag == "AMBER":
        verdict += ", but within the agreed tolerance"
    elif rag == "RED":
        verdict += " and outside the tolerance"
    return (
        f"{figure(actual, unit, places)} against a target of {figure(target, unit, places)}: "
        f"{where}. "
        f"{polarity.capitalize()} is better, so this is {verdict}."
    )


def against_before(actual: Decimal, previous: Decimal, polarity: str, unit: str, places: int,
                   frequency: str, cumulative: bool) -> str:
    """The actual against the comparable one before it: the previous period, or for a
    year-to-date figure the same point last year."""
    when = "at the same point last year" if cumulative else (
        f"last {PERIOD_WORDS.get(frequency, 'period')}")
    if actual == previous:
        return f"The same as {when}."
    went_up = actual > previous
    good = went_up is (polarity == "higher")
    return (
        f"{'Up' if went_up else 'Down'} from {figure(previous, unit, places)} {when}: "
        f"{'an improvement' if good else 'a deterioration'}."
    )


def write(*, rag: str, actual: Decimal, target: Decimal | None, previous: Decimal | None,
          polarity: str, unit: str, places: int, frequency: str, cumulative: bool, reason: str,
          improvement: bool) -> str:
    """The commentary for one result: the comparisons, the reason, and a pointer to the
    improvement activity when there is some."""
    parts = []
    if target is not None:
        parts.append(against_target(actual, target, polarity, unit, places, rag))
    if previous is not None:
        parts.append(
            against_before(actual, previous, polarity, unit, places, frequency, cumulative)
        )
    if reason:
        parts.append(reason.format(period=PERIOD_WORDS.get(frequency, "period")))
    if improvement:
        parts.append("See the improvement activity.")
    return " ".join(parts)
