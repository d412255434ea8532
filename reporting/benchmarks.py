"""Where the council stands among its comparators: rank, quartile and the comparators'
median for one metric and period. Plain Python, exact decimals.

The rule, stated once (docs/benchmarks.md says the same in words):

* **Comparators** are the comparator group's areas other than the council itself. Some
  published groups list the council among its own neighbours (Oflog's nearest
  neighbours do), others do not (CIPFA's lists): either way the council is never its own
  comparator, so the answer is the same.
* A comparator **without a figure** for the period is left out of everything below and
  named, so a reader can see the group was not complete.
* The **median** is the comparators' (the council's own figure not included): the middle
  figure, or the mean of the two middle figures when there is an even number.
* The **rank** is the council's place among itself and the comparators with a figure,
  best first by the indicator's polarity: 1st is the highest figure when higher is
  better, the lowest when lower is better. Equal figures share the better place (two
  areas level in 3rd are both "=3rd", and the next is 5th).
* The **quartile** comes from the rank among those *n* areas: the top quartile (best)
  when rank ≤ n/4, the second when rank ≤ n/2, the third when rank ≤ 3n/4, otherwise
  the bottom quartile. With 16 areas, ranks 1 to 4 are the top quartile.
* With **fewer than four comparators** with a figure there is no quartile ("too few
  comparators for quartiles"), though the rank and median are still given. An indicator
  with **no polarity** has a median but no rank or quartile (neither end is better), and
  without a **figure for the council** there is nothing to place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum

from reporting.engine import Polarity
from reporting.periods import Period, PeriodError

MINIMUM_FOR_QUARTILES = 4

TOO_FEW = "too few comparators for quartiles"
NO_POLARITY = "not ranked: neither a higher nor a lower figure is better"
NO_COUNCIL_FIGURE = "no figure for the council"
NO_COMPARATOR_FIGURES = "no comparator has a figure"


class Quartile(IntEnum):
    """1 is the best quarter of the group, 4 the worst, whatever the polarity."""

    TOP = 1
    SECOND = 2
    THIRD = 3
    BOTTOM = 4

    @property
    def label(self) -> str:
        return {
            Quartile.TOP: "Top quartile (best)",
            Quartile.SECOND: "Second quartile",
            Quartile.THIRD: "Third quartile",
            Quartile.BOTTOM: "Bottom quartile (worst)",
        }[self]


@dataclass(frozen=True)
class AreaFigure:
    """One area's figure for the metric and period; None when the source has none."""

    area_code: str
    area_name: str
    value: Decimal | None


@dataclass(frozen=True)
class Standing:
    """Where the council stands; ``why_not`` says why a rank or quartile is missing."""

    council_value: Decimal | None
    median: Decimal | None
    compared: int  # comparators with a figure
    without_figure: tuple[str, ...]  # comparators' names (else codes) with none
    rank: int | None
    out_of: int  # the council and the comparators with a figure
    tied: bool
    quartile: Quartile | None
    why_not: str = ""

    @property
    def rank_words(self) -> str:
        """'3rd of 15', '=4th of 16' (level with another), or ''."""
        if self.rank is None:
            return ""
        return f"{'joint ' if self.tied else ''}{ordinal(self.rank)} of {self.out_of}"

    @property
    def quartile_words(self) -> str:
        """The quartile in words, or why there is none."""
        if self.quartile is not None:
            return self.quartile.label
        return self.why_not[:1].upper() + self.why_not[1:]


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st, 111th."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def median(values: Sequence[Decimal]) -> Decimal | None:
    """The middle value, or the mean of the two middle values; None for none."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    if n % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def quartile_of(rank: int, out_of: int) -> Quartile:
    """The quarter of ``out_of`` areas that ``rank`` (1 = best) falls in."""
    if not 1 <= rank <= out_of:
        raise ValueError(f"rank {rank} is not between 1 and {out_of}")
    for quartile in Quartile:
        if 4 * rank <= quartile * out_of:
            return quartile
    raise AssertionError("unreachable: rank <= out_of")  # pragma: no cover


def standing(
    council_code: str,
    council_value: Decimal | None,
    group: Sequence[AreaFigure],
    polarity: Polarity,
) -> Standing:
    """Where ``council_value`` stands among ``group`` (see the module's rule)."""
    comparators = [area for area in group if area.area_code != council_code]
    with_figure = [area.value for area in comparators if area.value is not None]
    missing = tuple(area.area_name or area.area_code
                    for area in comparators if area.value is None)
    middle = median(with_figure)

    def answer(rank: int | None = None, tied: bool = False, quartile: Quartile | None = None,
               why_not: str = "") -> Standing:
        return Standing(council_value=council_value, median=middle, compared=len(with_figure),
                        without_figure=missing, rank=rank, out_of=len(with_figure) + 1,
                        tied=tied, quartile=quartile, why_not=why_not)

    if council_value is None:
        return answer(why_not=NO_COUNCIL_FIGURE)
    if not with_figure:
        return answer(why_not=NO_COMPARATOR_FIGURES)
    if polarity is Polarity.NONE:
        return answer(why_not=NO_POLARITY)
    higher = polarity is Polarity.HIGHER
    better = sum(1 for v in with_figure if (v > council_value if higher else v < council_value))
    level = any(v == council_value for v in with_figure)
    rank = better + 1
    if len(with_figure) < MINIMUM_FOR_QUARTILES:
        return answer(rank, level, why_not=TOO_FEW)
    return answer(rank, level, quartile_of(rank, len(with_figure) + 1))


# --- periods as sources state them ------------------------------------------------------

_YEAR = r"(?P<start>\d{4})\s*[-/]\s*(?P<end>\d{2}|\d{4})"
_SOURCE_PERIOD = [
    re.compile(rf"^{_YEAR}$"),  # 2019/20, 2019-20, 2019/2020
    re.compile(rf"^{_YEAR}\s*(?:-\s*)?Q(?P<quarter>[1-4])$", re.IGNORECASE),  # 2023/24 Q1
    re.compile(rf"^Q(?P<quarter>[1-4])\s+{_YEAR}$", re.IGNORECASE),  # Q1 2023/24
]


def financial_period(text: str) -> Period:
    """The financial year or quarter a source's period names.

    Benchmark files write '2019/20', '2019-20', '2019/2020', '2023/24 Q1' or 'Q1 2023/24'
    (quarters of the financial year, April to June being Q1). Anything else, a calendar
    year above all ('2021'), is refused rather than guessed: raises PeriodError."""
    typed = " ".join(text.split())
    for pattern in _SOURCE_PERIOD:
        match = pattern.match(typed)
        if match is None:
            continue
        start, end = int(match["start"]), match["end"]
        following = (start + 1) % (100 if len(end) == 2 else 10_000)
        if int(end) != following:
            break
        quarter = match.groupdict().get("quarter")
        return Period.quarter(start, int(quarter)) if quarter else Period.financial_year(start)
    raise PeriodError(
        f"period '{text.strip()}' is not a financial year or a quarter of one: the "
        "benchmark files' periods look like 2019/20, 2019-20 or 2023/24 Q1"
    )
