"""The rules an action and its milestones must meet (governance/action_rules.py): plain
Python, one test per rule, named after it."""

from __future__ import annotations

from datetime import date

from governance import action_rules as rules

START, DUE, TODAY = date(2026, 4, 1), date(2027, 3, 31), date(2026, 11, 23)


def test_due_on_or_after_the_start():
    assert rules.due_on_or_after_the_start(START, START) is None
    assert rules.due_on_or_after_the_start(None, START) is None
    assert rules.due_on_or_after_the_start(START, date(2026, 3, 31)) == (
        "The due date must be on or after the start date, 1 April 2026")


def test_a_new_action_is_not_already_late():
    assert rules.a_new_action_is_not_already_late(TODAY, TODAY) is None
    assert rules.a_new_action_is_not_already_late(date(2026, 11, 22), TODAY) == (
        "The due date must be today (23 November 2026) or later")


def test_starts_before_its_milestones():
    assert rules.starts_before_its_milestones(START, [date(2026, 6, 1), START]) is None
    assert rules.starts_before_its_milestones(None, [date(2026, 6, 1)]) is None
    assert rules.starts_before_its_milestones(START, []) is None
    assert rules.starts_before_its_milestones(date(2026, 7, 1), [date(2026, 9, 1),
                                                                  date(2026, 6, 1)]) == (
        "The start date must be on or before the first milestone, 1 June 2026")


def test_the_delegate_is_someone_else():
    assert rules.the_delegate_is_someone_else(1, None) is None
    assert rules.the_delegate_is_someone_else(1, 2) is None
    assert rules.the_delegate_is_someone_else(1, 1) == (
        "Choose a colleague other than the owner, or nobody")


def test_milestone_within_the_action():
    assert rules.milestone_within_the_action(DUE, START, DUE) is None
    assert rules.milestone_within_the_action(START, START, DUE) is None
    assert rules.milestone_within_the_action(date(2020, 1, 1), None, DUE) is None
    assert rules.milestone_within_the_action(date(2027, 4, 1), START, DUE) == (
        "The milestone must be due on or before the action's due date, 31 March 2027")
    assert rules.milestone_within_the_action(date(2026, 3, 31), START, DUE) == (
        "The milestone must be due on or after the action's start date, 1 April 2026")


def test_milestone_names_are_distinct():
    assert rules.milestone_names_are_distinct("Contract let", ["Survey"]) is None
    assert rules.milestone_names_are_distinct(" contract LET ", ["Contract let"]) == (
        "This action already has a milestone called \u201ccontract LET\u201d")


def test_action_problems_name_their_fields():
    problems = rules.action_problems(starts=date(2026, 12, 1), due=date(2026, 11, 1),
                                     today=TODAY, new=True, owner_id=3, delegate_id=3)
    assert [p.field for p in problems] == ["due", "due", "delegate"]
    changed = rules.action_problems(starts=date(2026, 12, 1), due=DUE, today=TODAY,
                                    new=False, milestones=[date(2026, 10, 1)])
    assert [p.field for p in changed] == ["starts"]


def test_a_renamed_milestone_is_not_checked_for_its_date():
    assert rules.milestone_problems(title="New name", due=None, starts=START, action_due=DUE,
                                    others=["Old"]) == []
