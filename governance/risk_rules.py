"""The risk rules: scores, bands, appetite, escalation and step-down, reviews and the heat map.

Plain Python (no Django). The council's risk management scheme (its scales, score bands,
the thresholds of each register level and its appetite for each category of risk) is
data passed in as a ``Scheme``; ``DEFAULT_SCHEME`` is a common 5 × 5 scheme shipped as a
starting point, because the frameworks councils publish (Herefordshire's among them)
leave these to each council's own risk management plan. docs/risks.md states every rule.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta


class Level(enum.StrEnum):
    """The kinds of register a council keeps (Herefordshire: corporate, directorate and
    service registers, and project and programme registers)."""

    CORPORATE = "corporate"
    DIRECTORATE = "directorate"
    SERVICE = "service"
    PROGRAMME = "programme"
    PROJECT = "project"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVEL_LABELS = {
    Level.CORPORATE: "Corporate",
    Level.DIRECTORATE: "Directorate",
    Level.SERVICE: "Service",
    Level.PROGRAMME: "Programme",
    Level.PROJECT: "Project",
}


class ScoreError(ValueError):
    """A likelihood or impact outside the scheme's scale."""


@dataclass(frozen=True)
class Band:
    """A range of scores with a name (Low, Medium, High, Very high), inclusive."""

    name: str
    lowest: int
    highest: int

    def holds(self, score: int) -> bool:
        return self.lowest <= score <= self.highest


@dataclass(frozen=True)
class Thresholds:
    """When a risk on a register of one level is flagged to move.

    ``escalate_at``: a current score this high or higher is flagged for escalation to the
    next register up (None: the top of its line, nowhere to go). ``step_down_below``: a
    current score below this is flagged for step-down to a register beneath, or for
    closure where there is none (None: never flagged)."""

    escalate_at: int | None
    step_down_below: int | None


@dataclass(frozen=True)
class Appetite:
    """A level of risk appetite and the highest current score it tolerates."""

    name: str
    highest: int


@dataclass(frozen=True)
class Scheme:
    likelihood: tuple[str, ...]  # labels, lowest first: 1 = "Rare" ...
    impact: tuple[str, ...]  # 1 = "Negligible" ...
    bands: tuple[Band, ...]
    thresholds: dict[Level, Thresholds] = field(default_factory=dict)
    appetites: dict[str, Appetite] = field(default_factory=dict)  # by category

    @property
    def size(self) -> tuple[int, int]:
        return len(self.likelihood), len(self.impact)


DEFAULT_LIKELIHOOD = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
DEFAULT_IMPACT = ("Negligible", "Minor", "Moderate", "Major", "Critical")
DEFAULT_BANDS = (
    Band("Low", 1, 4),
    Band("Medium", 5, 9),
    Band("High", 10, 16),
    Band("Very high", 17, 25),
)
DEFAULT_THRESHOLDS = {
    Level.CORPORATE: Thresholds(escalate_at=None, step_down_below=10),
    Level.DIRECTORATE: Thresholds(escalate_at=15, step_down_below=8),
    Level.SERVICE: Thresholds(escalate_at=12, step_down_below=4),
    Level.PROGRAMME: Thresholds(escalate_at=15, step_down_below=8),
    Level.PROJECT: Thresholds(escalate_at=12, step_down_below=4),
}
# The appetite levels of HM Treasury's Orange Book, each with the highest current score
# the council tolerates at that level.
DEFAULT_APPETITES = {
    "Averse": 4,
    "Minimal": 6,
    "Cautious": 9,
    "Open": 12,
    "Eager": 16,
}
DEFAULT_CATEGORIES = {
    "Safeguarding": "Averse",
    "Health and safety": "Averse",
    "Legal and regulatory": "Minimal",
    "Information and cyber security": "Minimal",
    "Financial": "Cautious",
    "Service delivery": "Cautious",
    "People and workforce": "Cautious",
    "Reputation": "Cautious",
    "Environmental": "Open",
    "Partnerships": "Open",
    "Projects and change": "Open",
}
DEFAULT_SCHEME = Scheme(
    likelihood=DEFAULT_LIKELIHOOD,
    impact=DEFAULT_IMPACT,
    bands=DEFAULT_BANDS,
    thresholds=DEFAULT_THRESHOLDS,
    appetites={
        category: Appetite(level, DEFAULT_APPETITES[level])
        for category, level in DEFAULT_CATEGORIES.items()
    },
)


# --- scores and bands -------------------------------------------------------------------------


def score(scheme: Scheme, likelihood: int, impact: int) -> int:
    """A risk's score is its likelihood times its impact, each on the scheme's scale."""
    rows, columns = scheme.size
    if not 1 <= likelihood <= rows:
        raise ScoreError(f"Likelihood must be from 1 to {rows}")
    if not 1 <= impact <= columns:
        raise ScoreError(f"Impact must be from 1 to {columns}")
    return likelihood * impact


def band(scheme: Scheme, value: int) -> Band:
    """The band a score falls in; a score in no band (a gap in the council's data) falls
    in the nearest band below it."""
    for candidate in scheme.bands:
        if candidate.holds(value):
            return candidate
    below = [b for b in scheme.bands if b.highest < value]
    if below:
        return max(below, key=lambda b: b.highest)
    return min(scheme.bands, key=lambda b: b.lowest)


# --- appetite ---------------------------------------------------------------------------------


def appetite_for(scheme: Scheme, category: str) -> Appetite | None:
    return scheme.appetites.get(category)


def above_appetite(scheme: Scheme, category: str, current: int) -> bool:
    """A risk is above appetite when its current score is higher than the highest score
    the council's appetite for its category tolerates. A category with no appetite set
    is never above appetite (the register says the appetite is not set)."""
    appetite = appetite_for(scheme, category)
    return appetite is not None and current > appetite.highest


# --- escalation and step-down -----------------------------------------------------------------


class Move(enum.StrEnum):
    NONE = "none"
    ESCALATE = "escalate"
    STEP_DOWN = "step_down"
    CLOSE = "close"

    @property
    def label(self) -> str:
        return MOVE_LABELS[self]


MOVE_LABELS = {
    Move.NONE: "Stays on this register",
    Move.ESCALATE: "Flagged for escalation",
    Move.STEP_DOWN: "Flagged for step-down",
    Move.CLOSE: "Flagged for closure",
}


def flag(
    scheme: Scheme, level: Level, current: int, *, has_register_above: bool = True,
    has_register_below: bool = True,
) -> Move:
    """The move a risk's current score flags. A score at or above its register's
    escalation threshold is flagged for escalation to the next register up (if there is
    one); a score below its step-down threshold is flagged for step-down to a register
    beneath, or for closure where there is none beneath. The flag is advice: the move is a
    decision someone records, never made automatically."""
    thresholds = scheme.thresholds.get(level)
    if thresholds is None:
        return Move.NONE
    if (thresholds.escalate_at is not None and current >= thresholds.escalate_at
            and has_register_above):
        return Move.ESCALATE
    if thresholds.step_down_below is not None and current < thresholds.step_down_below:
        return Move.STEP_DOWN if has_register_below else Move.CLOSE
    return Move.NONE


@dataclass(frozen=True)
class Decided:
    """The last recorded decision about a risk's place: on which register, at which
    current score."""

    register_id: int
    current: int


def awaiting_decision(move: Move, register_id: int, current: int,
                      last: Decided | None) -> bool:
    """A flag awaits a decision unless one was recorded for this risk on this register at
    this same current score (keeping it where it is answers the flag until the score
    changes)."""
    if move is Move.NONE:
        return False
    return last is None or last != Decided(register_id, current)


# --- reviews ----------------------------------------------------------------------------------

DUE_SOON = timedelta(days=14)


class Review(enum.StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    IN_DATE = "in_date"

    @property
    def label(self) -> str:
        return {"overdue": "Review overdue", "due_soon": "Review due soon",
                "in_date": "Review in date"}[self.value]


def review_status(review_due: date, today: date) -> Review:
    """A review is overdue the day after its review date, and due soon from 14 days
    before it."""
    if review_due < today:
        return Review.OVERDUE
    if review_due - today <= DUE_SOON:
        return Review.DUE_SOON
    return Review.IN_DATE


# --- the heat map -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """A risk placed on the heat map by its current likelihood and impact."""

    reference: str
    likelihood: int
    impact: int


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    score: int
    band: str
    references: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.references)


@dataclass(frozen=True)
class HeatRow:
    likelihood: int
    label: str
    cells: tuple[Cell, ...]


def heat_map(scheme: Scheme, risks: Iterable[Placed]) -> list[HeatRow]:
    """The grid: a row per likelihood, most likely first, a cell per impact, lowest first,
    each with its score, band and the references of the risks in it (in order)."""
    found: dict[tuple[int, int], list[str]] = {}
    for risk in risks:
        score(scheme, risk.likelihood, risk.impact)  # refuses a risk off the grid
        found.setdefault((risk.likelihood, risk.impact), []).append(risk.reference)
    rows, columns = scheme.size
    return [
        HeatRow(
            likelihood=likelihood,
            label=scheme.likelihood[likelihood - 1],
            cells=tuple(
                Cell(likelihood, impact, likelihood * impact,
                     band(scheme, likelihood * impact).name,
                     tuple(sorted(found.get((likelihood, impact), []))))
                for impact in range(1, columns + 1)
            ),
        )
        for likelihood in range(rows, 0, -1)
    ]


def band_counts(scheme: Scheme, scores: Sequence[int]) -> list[tuple[str, int]]:
    """How many risks in each band, highest band first."""
    names = [b.name for b in sorted(scheme.bands, key=lambda b: b.lowest, reverse=True)]
    counted = {name: 0 for name in names}
    for value in scores:
        counted[band(scheme, value).name] += 1
    return [(name, counted[name]) for name in names]


# --- raising and changing a risk, and the line of registers -----------------------------------


def score_problems(scheme: Scheme, inherent: tuple[int, int], current: tuple[int, int],
                   target: tuple[int, int]) -> dict[str, str]:
    """What is wrong with a risk's three pairs of scores (keyed "inherent", "current",
    "target"; empty when nothing is). Each likelihood and impact is on the scheme's scale;
    the current score is no higher than the score before controls, because controls
    reduce a risk; the target is no higher than the current score, because the target is
    where the further actions should bring it."""
    problems: dict[str, str] = {}
    scores: dict[str, int] = {}
    for name, (likelihood, impact) in (("inherent", inherent), ("current", current),
                                       ("target", target)):
        try:
            scores[name] = score(scheme, likelihood, impact)
        except ScoreError as error:
            problems[name] = str(error)
    if problems:
        return problems
    if scores["current"] > scores["inherent"]:
        problems["current"] = ("The current score cannot be higher than the score before "
                               "controls")
    if scores["target"] > scores["current"]:
        problems["target"] = "The target score cannot be higher than the current score"
    return problems


def makes_a_cycle(above: dict[int, int | None], register: int | None,
                  escalates_to: int | None) -> bool:
    """Whether letting ``register`` escalate to ``escalates_to`` would make a loop in the
    line of registers (``above`` maps each register to the one it escalates to now): a
    register cannot escalate to itself, nor to a register that escalates, however far up,
    to it. A new register (None) cannot be in a loop."""
    if escalates_to is None or register is None:
        return False
    seen: set[int] = set()
    step: int | None = escalates_to
    while step is not None and step not in seen:
        if step == register:
            return True
        seen.add(step)
        step = above.get(step)
    return False


def next_reference(prefix: str, existing: Iterable[str]) -> str:
    """The next free reference with this prefix, numbered on from the highest in use:
    "HW" after HW01 and HW04 is HW05 (two digits at least)."""
    numbers = [int(ref[len(prefix):]) for ref in existing
               if ref.startswith(prefix) and ref[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


def reference_prefix(references: Sequence[str], register_name: str) -> str:
    """The letters a register's references begin with: those most of its risks use, else
    the initials of the first two words of its name ("Highways Service Risk Register":
    HS), else "RK"."""
    counted: dict[str, int] = {}
    for ref in references:
        letters = ref.rstrip("0123456789")
        if letters.isalpha():
            counted[letters] = counted.get(letters, 0) + 1
    if counted:
        return max(sorted(counted), key=lambda p: counted[p])
    initials = "".join(w[0] for w in register_name.split() if w[:1].isalpha())[:2].upper()
    return initials if len(initials) == 2 else "RK"
