"""SMART in each council's own words: the five letters are the same, what they ask is not.

Worcestershire's table of SMART KPI criteria, North West Leicestershire's KPI criteria
(its T is Timely, and each letter asks questions), and Cambridgeshire's glossary (Timely,
with no gloss). The council adopts one wording (``SmartCriterion`` rows, governance/
lifecycle_models.py) and every proposal is assessed against it, each letter with a short
justification. Plain Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LETTERS = ("S", "M", "A", "R", "T")


@dataclass(frozen=True)
class Criterion:
    letter: str
    name: str  # "Time-bound", "Timely"
    wording: str


@dataclass(frozen=True)
class Wording:
    council: str
    source: str
    criteria: tuple[Criterion, ...]


WORDINGS: dict[str, Wording] = {
    "worcestershire": Wording(
        "Worcestershire County Council",
        "Performance Management Strategy 2025, Table 1: the SMART criteria for KPIs",
        (
            Criterion("S", "Specific", "Clearly describes what is expected to be achieved"),
            Criterion("M", "Measurable", "A quantifiable metric with a target to rate success"),
            Criterion("A", "Achievable",
                      "Challenging but within the scope of the Council to meet"),
            Criterion("R", "Relevant", "Achieving the goal contributes to the strategic "
                      "objective"),
            Criterion("T", "Time-bound", "Targets should have a deadline within which the "
                      "goal is to be achieved"),
        ),
    ),
    "north-west-leicestershire": Wording(
        "North West Leicestershire District Council",
        "Performance Management Framework 2023, KPI criteria",
        (
            Criterion("S", "Specific", "Target a specific area for improvement with clear "
                      "unambiguous objectives: what do we want to accomplish and why? Who is "
                      "involved? Which requirements or constraints apply?"),
            Criterion("M", "Measurable", "Quantifiable concrete criteria for measuring "
                      "progress: how much? How many? How will we know when it is "
                      "accomplished?"),
            Criterion("A", "Achievable", "Realistic and attainable for the level of skills "
                      "and resources: how can the goals be accomplished?"),
            Criterion("R", "Relevant", "Drives the team forward: is this worthwhile? Is this "
                      "the right time? Does this match our other needs?"),
            Criterion("T", "Timely", "Specify when the results can be achieved: commit to a "
                      "deadline or time frame to focus resources on completion"),
        ),
    ),
    "cambridgeshire": Wording(
        "Cambridgeshire County Council",
        "Performance Management Framework 2024-25, Appendix A: SMART objectives",
        (
            Criterion("S", "Specific", "Specific"),
            Criterion("M", "Measurable", "Measurable"),
            Criterion("A", "Achievable", "Achievable"),
            Criterion("R", "Relevant", "Relevant: aligned with the corporate ambitions"),
            Criterion("T", "Timely", "Timely"),
        ),
    ),
}


@dataclass(frozen=True)
class Assessment:
    """One letter of a proposal's SMART assessment, with the wording it was judged by."""

    letter: str
    name: str
    wording: str
    met: bool
    justification: str


def assessment_problems(assessment: list[Assessment]) -> list[str]:
    """What is missing from a SMART assessment: every letter, each with a justification.
    A letter not met can still be proposed (the board decides), but says why."""
    problems = []
    letters = [a.letter for a in assessment]
    if sorted(letters) != sorted(LETTERS) or len(letters) != len(LETTERS):
        problems.append("Assess the proposal against all five SMART criteria")
    for item in assessment:
        if not item.justification.strip():
            problems.append(f"Enter why the indicator is or is not {item.name.lower()}")
    return problems


def unmet(assessment: list[Assessment]) -> list[str]:
    """The criteria the proposer says are not met, by name."""
    return [a.name for a in assessment if not a.met]


def to_json(assessment: list[Assessment]) -> list[dict]:
    return [a.__dict__.copy() for a in assessment]


def from_json(rows: list[Mapping]) -> list[Assessment]:
    return [Assessment(**{k: row[k] for k in Assessment.__dataclass_fields__}) for row in rows]
