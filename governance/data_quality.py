"""Data-quality audits: the five checks and the stratified random sample. Plain Python.

After each quarter the performance team draws a random sample of indicators from each
committee's and audits each against Cambridgeshire's five checks (Performance
Management Framework 2024-25, "Reviewing and auditing KPIs").
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Check:
    key: str
    question: str  # Cambridgeshire's words


CHECKS: tuple[Check, ...] = (
    Check("calculated", "Accurately calculated"),
    Check("reported", "Accurately and reliably reported to the committee"),
    Check("remedial", "Effective remedial action taken where performance is lower than "
                      "expected"),
    Check("relevant", "Relevant and aligned to the strategic framework"),
    Check("used", "Used to inform decisions"),
)
CHECK_KEYS = tuple(check.key for check in CHECKS)


class Answer(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"  # e.g. no remedial action needed: on target

    @property
    def label(self) -> str:
        return {"met": "Met", "not_met": "Not met", "not_applicable": "Not applicable"}[
            self.value
        ]


ANSWERS = frozenset(answer.value for answer in Answer)


@dataclass(frozen=True)
class Drawn:
    indicator_id: int
    stratum: str  # the committee it was drawn for


def draw_sample(
    strata: Mapping[str, Iterable[int]], per_stratum: int, seed: int
) -> list[Drawn]:
    """A random sample of ``per_stratum`` indicators from each committee's (fewer where a
    committee has fewer), the same every time for the same seed and register.

    Committees are taken in name order and each one's indicators in id order, so the
    draw does not depend on the order they were read in. An indicator several
    committees receive is drawn at most once: for the first committee that draws it,
    and later committees draw from the rest of theirs."""
    if per_stratum < 1:
        raise ValueError("Draw at least one indicator from each committee")
    rng = random.Random(seed)
    chosen: set[int] = set()
    drawn: list[Drawn] = []
    for name in sorted(strata):
        pool = sorted(set(strata[name]) - chosen)
        for indicator_id in sorted(rng.sample(pool, min(per_stratum, len(pool)))):
            chosen.add(indicator_id)
            drawn.append(Drawn(indicator_id, name))
    return drawn


def prefill_calculated(findings: list[str], has_results: bool) -> tuple[str, str]:
    """The first check's answer and evidence from the RAG audit's findings for the
    indicator in the period: not met with the reasons, met when it found nothing, blank
    when there was nothing to check."""
    if findings:
        return Answer.NOT_MET.value, "The RAG audit found: " + "; ".join(findings) + "."
    if has_results:
        return Answer.MET.value, ("The RAG audit found no rating that disagrees with the "
                                  "policy, nothing it cannot rate and no suspicious value.")
    return "", "No results for the period: nothing for the RAG audit to check."


@dataclass(frozen=True)
class CheckCount:
    check: Check
    met: int
    not_met: int
    not_applicable: int
    not_yet: int


def count_answers(answers: Iterable[Mapping[str, Mapping[str, str]]]) -> list[CheckCount]:
    """For each check, how many audited indicators met it, did not, or had it not apply
    (``answers``: each indicator's checks, as recorded)."""
    rows = list(answers)
    counts = []
    for check in CHECKS:
        given = [row.get(check.key, {}).get("answer", "") for row in rows]
        counts.append(CheckCount(
            check,
            met=given.count(Answer.MET.value),
            not_met=given.count(Answer.NOT_MET.value),
            not_applicable=given.count(Answer.NOT_APPLICABLE.value),
            not_yet=sum(1 for g in given if g not in ANSWERS),
        ))
    return counts
