"""What a dashboard shows, worked out from indicators already rated: plain Python.

A councillor has a minute: what is off track in their remit, why, and what is being done;
a manager reviews a service monthly. Every dashboard (council-wide, a committee's remit, a
directorate or service, an owner's indicators) asks these functions of the same ``Line``s,
one per indicator, so every audience sees the same design and the same rules:

* RAG counts by pillar and by directorate;
* the share of blue, green, amber and red at the end of each of the last eight periods;
* exceptions (the engine's: red, red for periods running, amber and deteriorating) with
  their commentary and improvement activity, the most serious first;
* the biggest improvers and deteriorators: the largest change on the comparable period
  before, in the direction that is better (or worse) for the indicator;
* green but deteriorating: "regardless of an indicator's RAG status, dips in performance
  should be monitored" (Cambridgeshire);
* over-performance: blue (exceeding), the stretch target met, or beyond the target by at
  least the tolerance band (North West Leicestershire's CLT looks for "over or under
  performance");
* indicators without data or without a target.

Nothing here reads the database or the clock; ``reporting.dashboard_data`` feeds it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reporting.engine import Direction, ExceptionFlag, Polarity, Rag
from reporting.periods import Period

# The most serious first (the exception report's order).
EXCEPTION_ORDER = (
    ExceptionFlag.RED_SUSTAINED, ExceptionFlag.RED, ExceptionFlag.AMBER_DETERIORATING,
)
# The order RAGs are counted and drawn in: worst first, then what is not rated.
COUNTED = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)
NOT_RATED = "Not rated"  # no data, no target, baseline, contextual or in development
SHARED = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)  # the ratings a share is taken of
NO_PILLAR = "Not in a pillar"
HOW_MANY = 5  # improvers and deteriorators shown
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Line:
    """One indicator on a dashboard: who it belongs to, and its rating now.

    ``history`` is its RAG at the end of each of the dashboard's trend periods, oldest
    first (None where it was not live then)."""

    id: int
    code: str
    title: str
    directorate: str
    pillar: str
    polarity: Polarity
    period: Period | None  # the period its latest figure is for
    rag: Rag
    direction: Direction
    exception: ExceptionFlag = ExceptionFlag.NONE
    exception_label: str = ""
    actual: Decimal | None = None
    previous: Decimal | None = None
    target: Decimal | None = None
    band: Decimal | None = None  # the tolerance band's width, when there is one
    stretch_met: bool = False
    commentary: str = ""
    improvement_activity: str = ""
    history: tuple[Rag | None, ...] = ()
    unit: str = ""  # the indicator's, so figures read as people write them
    decimal_places: int | None = None

    @property
    def change(self) -> Decimal | None:
        """How much better (positive) or worse (negative) than the comparable period
        before, as a percentage of that period's figure; None when there is nothing to
        compare (no figure, a break in the series, no polarity, or a zero before)."""
        if (self.actual is None or self.previous is None or not self.previous
                or self.polarity is Polarity.NONE):
            return None
        change = (self.actual - self.previous) / abs(self.previous) * HUNDRED
        return change if self.polarity is Polarity.HIGHER else -change


@dataclass(frozen=True)
class Counts:
    """RAG counts of one group (a pillar, a directorate), in ``COUNTED`` order, then
    those not rated."""

    name: str
    rated: tuple[int, ...]
    not_rated: int

    @property
    def total(self) -> int:
        return sum(self.rated) + self.not_rated

    def of(self, rag: Rag) -> int:
        return self.rated[COUNTED.index(rag)]


def _counts(name: str, lines: Iterable[Line]) -> Counts:
    counted = Counter(line.rag for line in lines)
    rated = tuple(counted[rag] for rag in COUNTED)
    return Counts(name, rated, sum(counted.values()) - sum(rated))


def counts_by(lines: Sequence[Line], key: Callable[[Line], str],
              order: Callable[[str], Any] | None = None) -> list[Counts]:
    """RAG counts in groups (``key``), in the groups' ``order`` (by name otherwise)."""
    groups: dict[str, list[Line]] = {}
    for line in lines:
        groups.setdefault(key(line), []).append(line)
    names = sorted(groups, key=order or str.casefold)
    return [_counts(name, groups[name]) for name in names]


def pillar_order(name: str) -> tuple[int, str]:
    """Pillars by number ("2. Place" before "10. ..."), those in none last."""
    number = name.split(".", 1)[0]
    return (int(number) if number.isdigit() else 10**6, name)


def total(lines: Sequence[Line]) -> Counts:
    return _counts("All indicators", lines)


@dataclass(frozen=True)
class Share:
    """The RAGs at the end of one trend period: counts in ``SHARED`` order, and each as
    a whole-number percentage of the indicators rated then."""

    period: Period
    counts: tuple[int, ...]

    @property
    def rated(self) -> int:
        return sum(self.counts)

    @property
    def percents(self) -> tuple[Decimal | None, ...]:
        if not self.rated:
            return tuple(None for _ in self.counts)
        return tuple(
            (Decimal(count) * HUNDRED / self.rated).quantize(Decimal(1)) for count in self.counts
        )

    def percent(self, rag: Rag) -> Decimal | None:
        return self.percents[SHARED.index(rag)]

    @property
    def cells(self) -> list[str]:
        """Each share as a table shows it: '40% (12)', or '–' when nothing was rated."""
        return [
            "–" if percent is None else f"{percent}% ({count})"
            for percent, count in zip(self.percents, self.counts, strict=True)
        ]


def shares(lines: Sequence[Line], periods: Sequence[Period]) -> list[Share]:
    """The share of each rating at the end of each trend period (``Line.history``)."""
    found = []
    for i, period in enumerate(periods):
        counted = Counter(line.history[i] for line in lines if len(line.history) > i)
        found.append(Share(period, tuple(counted[rag] for rag in SHARED)))
    return found


def exceptions(lines: Iterable[Line]) -> list[Line]:
    """Red, red for periods running, and amber and deteriorating: the most serious first."""
    found = [line for line in lines if line.exception is not ExceptionFlag.NONE]
    return sorted(found, key=lambda line: (EXCEPTION_ORDER.index(line.exception), line.code))


def improvers(lines: Iterable[Line], how_many: int = HOW_MANY) -> list[Line]:
    """The indicators that improved most on the comparable period before."""
    moved = [line for line in lines if (line.change or 0) > 0]
    return sorted(moved, key=lambda line: (-(line.change or 0), line.code))[:how_many]


def deteriorators(lines: Iterable[Line], how_many: int = HOW_MANY) -> list[Line]:
    """The indicators that got worse most on the comparable period before."""
    moved = [line for line in lines if (line.change or 0) < 0]
    return sorted(moved, key=lambda line: (line.change or 0, line.code))[:how_many]


def green_but_deteriorating(lines: Iterable[Line]) -> list[Line]:
    """Green (or blue) yet worse than the period before: a dip to watch before it turns
    amber."""
    return [
        line for line in lines
        if line.rag in (Rag.GREEN, Rag.BLUE) and line.direction is Direction.DETERIORATING
    ]


def beyond_target_by_band(line: Line) -> bool:
    """Better than the target by at least the tolerance band: as far on the good side as
    amber is on the bad."""
    if line.actual is None or line.target is None or not line.band:
        return False
    if line.polarity is Polarity.HIGHER:
        return line.actual >= line.target + line.band
    if line.polarity is Polarity.LOWER:
        return line.actual <= line.target - line.band
    return False


def over_performing(lines: Iterable[Line]) -> list[Line]:
    """Blue (exceeding), the stretch target met, or beyond the target by the band: worth
    asking whether the target is stretching enough."""
    return [
        line for line in lines
        if line.rag is Rag.BLUE or (line.rag is Rag.GREEN
                                    and (line.stretch_met or beyond_target_by_band(line)))
    ]


def without_data_or_targets(lines: Iterable[Line]) -> list[Line]:
    """Indicators with no figure yet, or a figure but no target to rate it against."""
    return sorted(
        (line for line in lines if line.rag in (Rag.NO_DATA, Rag.NO_TARGET)),
        key=lambda line: (line.rag is Rag.NO_TARGET, line.code),
    )


# --- the reader's choices ------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """The RAG and direction of travel a reader narrowed the dashboard to ("" for any)."""

    rag: str = ""
    direction: str = ""

    def keeps(self, line: Line) -> bool:
        return ((not self.rag or line.rag.value == self.rag)
                and (not self.direction or line.direction.value == self.direction))

    def apply(self, lines: Iterable[Line]) -> list[Line]:
        return [line for line in lines if self.keeps(line)]


def in_words(counts: Counts) -> str:
    """The counts as a sentence: '12 indicators: 2 red, 3 amber, 7 green.'"""
    if not counts.total:
        return "No indicators."
    parts = [f"{counts.of(rag)} {rag.label.lower()}" for rag in COUNTED if counts.of(rag)]
    if counts.not_rated:
        parts.append(f"{counts.not_rated} not rated")
    noun = "indicator" if counts.total == 1 else "indicators"
    return f"{counts.total} {noun}: {', '.join(parts)}."


def groups_in_words(groups: Sequence[Counts], noun: str) -> str:
    """A chart of counts by group in a sentence: where the red and the green are."""
    if not groups:
        return f"No indicators to count by {noun}."
    said = [f"{len(groups)} {noun}{'' if len(groups) == 1 else 's'}."]
    for rag in (Rag.RED, Rag.GREEN):
        most = max(groups, key=lambda group: (group.of(rag), -groups.index(group)))
        if most.of(rag):
            said.append(f"Most {rag.label.lower()}: {most.name}, "
                        f"{most.of(rag)} of its {most.total}.")
        else:
            said.append(f"None {rag.label.lower()}.")
    return " ".join(said)


def shares_in_words(found: Sequence[Share]) -> str:
    """How the shares moved from the first trend period with ratings to the last."""
    rated = [share for share in found if share.rated]
    if not rated:
        return "No indicators were rated in these periods."
    first, last = rated[0], rated[-1]
    if first is last:
        moves = [f"{rag.label.lower()} {last.percent(rag)}%" for rag in SHARED
                 if last.counts[SHARED.index(rag)]]
        return f"In {last.period.label}: {', '.join(moves)} of rated indicators."
    moves = []
    for rag in (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.BLUE):
        before, now = first.percent(rag), last.percent(rag)
        if not before and not now:
            continue
        verb = "rose" if (now or 0) > (before or 0) else "fell" if (now or 0) < (before or 0) \
            else "stayed"
        tail = f"at {now}%" if verb == "stayed" else f"from {before}% to {now}%"
        moves.append(f"{rag.label.capitalize()} {verb} {tail}")
    return (f"Between {first.period.label} and {last.period.label}, as a share of rated "
            f"indicators: " + "; ".join(moves) + ".")
