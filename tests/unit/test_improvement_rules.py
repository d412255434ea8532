"""When an indicator needs an improvement plan, and when one is missing."""

from __future__ import annotations

import pytest

from governance.improvement_rules import (
    PlanTrigger,
    plan_is_missing,
    plan_needed,
    plan_needed_when_red,
    plan_needed_when_red_running,
)
from reporting.engine import Rag

R, A, G = Rag.RED, Rag.AMBER, Rag.GREEN


@pytest.mark.parametrize(("history", "needed"), [
    ([R], True), ([G, R], True), ([R, G], False), ([A], False), ([], False),
    ([Rag.NO_DATA], False),
])
def test_plan_needed_when_red(history, needed):
    assert plan_needed_when_red(history) is needed


@pytest.mark.parametrize(("history", "red_periods", "needed"), [
    ([R, R], 2, True), ([G, R], 2, False), ([R], 2, False), ([A, R, R, R], 3, True),
    ([R, A, R, R], 3, False), ([R, R, G], 2, False),
])
def test_plan_needed_when_red_running(history, red_periods, needed):
    assert plan_needed_when_red_running(history, red_periods) is needed


@pytest.mark.parametrize(("history", "trigger", "needed"), [
    ([G, R], PlanTrigger.RED, True), ([G, R], PlanTrigger.RED_RUNNING, False),
    ([R, R], PlanTrigger.RED_RUNNING, True),
])
def test_plan_needed_follows_the_councils_setting(history, trigger, needed):
    assert plan_needed(history, trigger, 2) is needed


@pytest.mark.parametrize(("needed", "has_open_plan", "missing"), [
    (True, False, True), (True, True, False), (False, False, False), (False, True, False),
])
def test_plan_is_missing(needed, has_open_plan, missing):
    assert plan_is_missing(needed, has_open_plan) is missing
