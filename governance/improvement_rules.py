"""When an indicator needs an improvement plan: the council's rule, as plain Python.

North West Leicestershire asks for an improvement plan when an indicator is red; a
council may choose instead to ask for one only when it is red for consecutive periods
(as many as its exception rule for the year says, ``kpis.models.ExceptionRule``). The
caller passes the indicator's RAG history, the latest period last, and the setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from reporting.engine import Rag


class PlanTrigger(StrEnum):
    RED = "red"
    RED_RUNNING = "red_running"

    @property
    def label(self) -> str:
        return {
            PlanTrigger.RED: "Every red indicator",
            PlanTrigger.RED_RUNNING: "Red for consecutive periods (the exception rule's "
            "number of periods)",
        }[self]


def plan_needed_when_red(history: Sequence[Rag]) -> bool:
    """An indicator red in its latest period needs an improvement plan."""
    return bool(history) and history[-1] is Rag.RED


def plan_needed_when_red_running(history: Sequence[Rag], red_periods: int) -> bool:
    """An indicator red for the council's number of periods running (this one and the ones
    before it of its frequency) needs an improvement plan."""
    run = list(history[-red_periods:])
    return len(run) == red_periods and all(rag is Rag.RED for rag in run)


def plan_needed(history: Sequence[Rag], trigger: PlanTrigger, red_periods: int) -> bool:
    """Whether the indicator needs an improvement plan under the council's setting."""
    if trigger is PlanTrigger.RED_RUNNING:
        return plan_needed_when_red_running(history, red_periods)
    return plan_needed_when_red(history)


def plan_is_missing(needed: bool, has_open_plan: bool) -> bool:
    """A plan is missing when one is needed and the indicator has no open plan (a closed
    plan does not count: the indicator is red again, so it needs a new one)."""
    return needed and not has_open_plan
