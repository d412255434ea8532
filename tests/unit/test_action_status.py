"""The status rules for delivery plan actions: one test per rule, table-driven, today
passed in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance import action_status as rules
from governance.action_status import ActionFacts, ActionStatus, MilestoneFacts, status_of

TODAY = date(2026, 11, 23)


def action(**fields) -> ActionFacts:
    defaults = {"starts": date(2026, 4, 1), "due": date(2027, 3, 31), "progress_noted": True}
    defaults.update(fields)
    return ActionFacts(**defaults)


def milestone(due: date, done: date | None = None) -> MilestoneFacts:
    return MilestoneFacts("Consult residents", due, done)


@pytest.mark.parametrize(("facts", "applies"), [
    (action(completed_on=date(2026, 10, 1)), True),
    (action(completed_on=TODAY), True),
    (action(completed_on=date(2026, 12, 1)), False),  # a date to come is not done yet
    (action(), False),
])
def test_complete_when_done(facts, applies):
    verdict = rules.complete_when_done(facts, TODAY)
    assert (verdict is not None) is applies
    if verdict:
        assert verdict.status is ActionStatus.COMPLETE


@pytest.mark.parametrize(("due", "applies"), [
    (date(2026, 11, 22), True), (TODAY, False), (date(2026, 11, 24), False),
])
def test_off_track_when_past_due(due, applies):
    verdict = rules.off_track_when_past_due(action(due=due), TODAY)
    assert (verdict is not None) is applies
    if verdict:
        assert verdict.status is ActionStatus.OFF_TRACK
        assert verdict.reason == "It was due 22 November 2026 and is not complete"


@pytest.mark.parametrize(("milestones", "reason"), [
    ([milestone(date(2026, 11, 22))],
     "Milestone “Consult residents” was due 22 November 2026 and is not complete"),
    ([milestone(date(2026, 11, 22)), milestone(date(2026, 10, 1))],
     "Milestone “Consult residents” was due 1 October 2026 and is not complete (and 1 more)"),
    ([milestone(date(2026, 11, 22), done=date(2026, 11, 20))], None),
    ([milestone(TODAY)], None),  # due today: not missed yet
    ([], None),
])
def test_off_track_when_a_milestone_is_missed(milestones, reason):
    verdict = rules.off_track_when_a_milestone_is_missed(action(milestones=milestones), TODAY)
    assert (verdict.reason if verdict else None) == reason
    if verdict:
        assert verdict.status is ActionStatus.OFF_TRACK


@pytest.mark.parametrize(("owner_says", "status"), [
    (ActionStatus.OFF_TRACK, ActionStatus.OFF_TRACK), (ActionStatus.AT_RISK, None),
    (ActionStatus.ON_TRACK, None), (None, None),
])
def test_off_track_when_the_owner_says_so(owner_says, status):
    verdict = rules.off_track_when_the_owner_says_so(action(owner_says=owner_says), TODAY)
    assert (verdict.status if verdict else None) is status


@pytest.mark.parametrize(("owner_says", "status"), [
    (ActionStatus.AT_RISK, ActionStatus.AT_RISK), (ActionStatus.OFF_TRACK, None),
    (ActionStatus.ON_TRACK, None), (None, None),
])
def test_at_risk_when_the_owner_says_so(owner_says, status):
    verdict = rules.at_risk_when_the_owner_says_so(action(owner_says=owner_says), TODAY)
    assert (verdict.status if verdict else None) is status


@pytest.mark.parametrize(("milestones", "applies"), [
    ([milestone(TODAY)], True),
    ([milestone(date(2026, 12, 7))], True),  # 14 days on
    ([milestone(date(2026, 12, 8))], False),  # 15 days on
    ([milestone(date(2026, 12, 1), done=date(2026, 11, 20))], False),
    ([milestone(date(2026, 11, 1))], False),  # missed: the off track rule's business
])
def test_at_risk_when_a_milestone_is_near(milestones, applies):
    verdict = rules.at_risk_when_a_milestone_is_near(action(milestones=milestones), TODAY)
    assert (verdict is not None) is applies
    if verdict:
        assert verdict.status is ActionStatus.AT_RISK


@pytest.mark.parametrize(("starts", "applies"), [
    (date(2026, 11, 24), True), (TODAY, False), (None, False),
])
def test_not_started_before_its_start(starts, applies):
    verdict = rules.not_started_before_its_start(action(starts=starts), TODAY)
    assert (verdict is not None) is applies
    if verdict:
        assert verdict.reason == "It starts 24 November 2026"


@pytest.mark.parametrize(("noted", "milestones", "applies"), [
    (False, [], True),
    (False, [milestone(date(2027, 1, 1))], True),
    (True, [], False),
    (False, [milestone(date(2026, 10, 1), done=date(2026, 10, 1))], False),
])
def test_not_started_without_progress(noted, milestones, applies):
    facts = action(progress_noted=noted, milestones=milestones)
    assert (rules.not_started_without_progress(facts, TODAY) is not None) is applies


@pytest.mark.parametrize(("facts", "status"), [
    # complete beats a missed due date
    (action(due=date(2026, 10, 1), completed_on=date(2026, 10, 5)), ActionStatus.COMPLETE),
    # a missed milestone beats the owner's "on track"
    (action(milestones=[milestone(date(2026, 11, 1))], owner_says=ActionStatus.ON_TRACK),
     ActionStatus.OFF_TRACK),
    # the owner's "at risk" beats not started
    (action(progress_noted=False, owner_says=ActionStatus.AT_RISK), ActionStatus.AT_RISK),
    (action(), ActionStatus.ON_TRACK),
])
def test_the_first_rule_that_applies_wins(facts, status):
    assert status_of(facts, TODAY).status is status


def test_on_track_says_why():
    assert status_of(action(), TODAY).reason == rules.ON_TRACK


def test_every_rule_has_its_policy_text():
    words = rules.rules_in_words()
    assert len(words) == len(rules.RULES)
    assert all(text.endswith(".") and "  " not in text for _, text in words)
    assert ("off_track_when_a_milestone_is_missed",
            "A milestone past its date and not complete puts the action off track.") in words


def test_each_status_has_a_label_and_a_colour():
    assert [(s.label, s.colour) for s in ActionStatus] == [
        ("Not started", "grey"), ("On track", "green"), ("At risk", "yellow"),
        ("Off track", "red"), ("Complete", "blue"),
    ]


days = st.integers(min_value=-400, max_value=400).map(lambda n: TODAY + timedelta(days=n))


@given(due=days, done=st.one_of(st.none(), days),
       milestones=st.lists(st.tuples(days, st.one_of(st.none(), days)), max_size=5),
       says=st.one_of(st.none(), st.sampled_from(rules.OWNER_VIEWS)))
def test_complete_exactly_when_done_and_never_on_track_with_a_missed_date(
        due, done, milestones, says):
    facts = action(due=due, completed_on=done, owner_says=says,
                   milestones=[milestone(d, c) for d, c in milestones])
    verdict = status_of(facts, TODAY)
    assert (verdict.status is ActionStatus.COMPLETE) is (done is not None and done <= TODAY)
    missed = due < TODAY or any(d < TODAY and (c is None or c > TODAY) for d, c in milestones)
    if missed and verdict.status is not ActionStatus.COMPLETE:
        assert verdict.status is ActionStatus.OFF_TRACK
    assert verdict.reason
