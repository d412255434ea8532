"""Small numbers in a breakdown, hidden so that no person can be identified. Plain Python.

A breakdown splits a result by a dimension the council defines (ward, age group, a
protected characteristic). Each cell has a figure and the number of people behind it
(for a count, the figure itself). Everyone outside the performance team, and every public
page and file, sees a breakdown through ``suppress``:

Primary suppression
    A cell about at least one person but fewer than the council's threshold (5 unless the
    council sets another) is hidden. A zero is shown: it is about nobody.

Secondary suppression
    The total is taken as known (the headline figure is published, and a breakdown that
    adds up gives it anyway), so one hidden cell could be worked out by taking the others
    from the total. Whenever any cell is hidden, the next smallest cells (of one person or
    more; ties by the order of the categories) are hidden as well until at least two
    are hidden and the hidden cells together are about at least the threshold, so
    neither each one nor their sum gives a small number away (the ONS and GSS practice).
    If even every cell together is about fewer people than the threshold, the whole
    breakdown is hidden.

A hidden cell is written ``[c]`` (the GSS symbol for "confidential"), with ``EXPLANATION``
beside the table. Cells with no figure are left as they are and take no part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

DEFAULT_THRESHOLD = 5
SYMBOL = "[c]"


def explanation(threshold: int) -> str:
    """What ``[c]`` means, said beside every breakdown that has one."""
    return (
        f"{SYMBOL}: hidden so that no person can be identified. Figures about fewer than "
        f"{threshold} people are not shown, nor any figure from which one could be worked out."
    )


class Hidden(Enum):
    SMALL = "small"  # about fewer people than the threshold
    SECONDARY = "secondary"  # hidden so a small one cannot be worked out from the total


@dataclass(frozen=True)
class Cell:
    """One category's figure and the number of people behind it (None: no figure)."""

    category: str
    value: Decimal | None
    people: Decimal | None


@dataclass(frozen=True)
class ShownCell:
    """A cell as a reader may see it: the figures, or nothing and why."""

    category: str
    value: Decimal | None
    people: Decimal | None
    hidden: Hidden | None = None

    @property
    def suppressed(self) -> bool:
        return self.hidden is not None


def is_small(people: Decimal, threshold: int) -> bool:
    """About at least one person but fewer than the threshold."""
    return 0 < people < threshold


def hidden_cells(people: Sequence[Decimal | None], threshold: int) -> dict[int, Hidden]:
    """Which cells (by position) to hide, and why: the primary and secondary rules above."""
    hidden = {
        i: Hidden.SMALL for i, count in enumerate(people)
        if count is not None and is_small(count, threshold)
    }
    if not hidden:
        return hidden
    candidates = sorted(
        (count, i) for i, count in enumerate(people)
        if count is not None and count > 0 and i not in hidden
    )

    def hidden_people() -> Decimal:
        return sum((people[i] or Decimal(0) for i in hidden), Decimal(0))

    while (len(hidden) < 2 or hidden_people() < threshold) and candidates:
        _, i = candidates.pop(0)
        hidden[i] = Hidden.SECONDARY
    if len(hidden) < 2 or hidden_people() < threshold:
        # Too few people in the whole breakdown: every cell with a figure is hidden.
        for i, count in enumerate(people):
            if count is not None and i not in hidden:
                hidden[i] = Hidden.SECONDARY
    return hidden


def suppress(cells: Sequence[Cell], threshold: int = DEFAULT_THRESHOLD) -> list[ShownCell]:
    """The cells as someone outside the performance team may see them."""
    if threshold < 1:
        raise ValueError("The suppression threshold is a whole number of people, 1 or more")
    hidden = hidden_cells([cell.people for cell in cells], threshold)
    return [
        ShownCell(cell.category, None, None, hidden[i]) if i in hidden
        else ShownCell(cell.category, cell.value, cell.people)
        for i, cell in enumerate(cells)
    ]


def unsuppressed(cells: Sequence[Cell]) -> list[ShownCell]:
    """The cells as they are, for the performance team."""
    return [ShownCell(cell.category, cell.value, cell.people) for cell in cells]
