"""The rules for raising and changing risks and registers (governance/risk_rules.py):
the scores' order, loops in the line of registers, and references. No database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance import risk_rules as rules
from governance.risk_rules import DEFAULT_SCHEME

pairs = st.tuples(st.integers(1, 5), st.integers(1, 5))


def test_scores_that_fall_from_before_controls_to_the_target_have_no_problems():
    assert rules.score_problems(DEFAULT_SCHEME, (4, 4), (3, 4), (2, 3)) == {}


def test_equal_scores_at_each_step_are_allowed():
    assert rules.score_problems(DEFAULT_SCHEME, (3, 3), (3, 3), (3, 3)) == {}


def test_a_current_score_above_the_score_before_controls_is_a_problem():
    problems = rules.score_problems(DEFAULT_SCHEME, (2, 2), (3, 3), (1, 1))
    assert problems == {"current": "The current score cannot be higher than the score "
                                   "before controls"}


def test_a_target_above_the_current_score_is_a_problem():
    problems = rules.score_problems(DEFAULT_SCHEME, (4, 4), (2, 2), (3, 3))
    assert problems == {"target": "The target score cannot be higher than the current score"}


@pytest.mark.parametrize(("inherent", "message"), [
    ((6, 1), "Likelihood must be from 1 to 5"), ((1, 0), "Impact must be from 1 to 5"),
])
def test_a_score_off_the_schemes_scale_is_a_problem(inherent, message):
    assert rules.score_problems(DEFAULT_SCHEME, inherent, (1, 1), (1, 1)) == {
        "inherent": message}


def test_a_scheme_with_a_smaller_scale_is_followed():
    small = rules.Scheme(likelihood=("Low", "Medium", "High"), impact=("Low", "Medium", "High"),
                         bands=DEFAULT_SCHEME.bands)
    assert rules.score_problems(small, (4, 3), (1, 1), (1, 1)) == {
        "inherent": "Likelihood must be from 1 to 3"}


@given(pairs, pairs, pairs)
def test_scores_have_no_problem_exactly_when_they_do_not_rise(inherent, current, target):
    scores = [a * b for a, b in (inherent, current, target)]
    fine = scores[0] >= scores[1] >= scores[2]
    assert (rules.score_problems(DEFAULT_SCHEME, inherent, current, target) == {}) is fine


# --- the line of registers --------------------------------------------------------------------

LINE = {1: None, 2: 1, 3: 2, 4: 3}  # corporate 1 <- directorate 2 <- service 3 <- project 4


@pytest.mark.parametrize(("register", "escalates_to", "loop"), [
    (3, 1, False),  # a service register moved to escalate straight to the corporate one
    (1, 1, True),  # to itself
    (1, 3, True),  # the corporate register to a register beneath it
    (2, 4, True),  # to a register beneath it two levels down
    (None, 4, False),  # a new register cannot be in a loop
    (4, None, False),  # the top of its line
])
def test_a_register_cannot_escalate_into_a_loop(register, escalates_to, loop):
    assert rules.makes_a_cycle(LINE, register, escalates_to) is loop


def test_a_loop_already_in_the_data_does_not_hang_the_check():
    assert rules.makes_a_cycle({1: 2, 2: 1, 3: None}, 3, 1) is False


# --- references -------------------------------------------------------------------------------


def test_the_next_reference_follows_the_highest_in_use():
    assert rules.next_reference("HW", ["HW01", "HW04", "HWX", "CR09"]) == "HW05"


def test_the_first_reference_is_numbered_01():
    assert rules.next_reference("PJ", []) == "PJ01"


def test_the_prefix_is_the_one_most_of_a_registers_risks_use():
    assert rules.reference_prefix(["CR04", "RS01", "RS02"], "Resources") == "RS"


def test_a_register_without_risks_takes_the_initials_of_its_name():
    assert rules.reference_prefix([], "Highways Service Risk Register") == "HS"
    assert rules.reference_prefix([], "Highways") == "RK"
