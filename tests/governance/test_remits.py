"""Remits and schedules: which indicators and which periods a committee is reported."""

from __future__ import annotations

import pytest

from governance.remits import Candidate, Remit, ReportingFrequency, Schedule
from reporting.periods import Period

MONTHLY, QUARTERLY = ReportingFrequency.MONTHLY, ReportingFrequency.QUARTERLY
SIX_MONTHLY, ANNUAL = ReportingFrequency.SIX_MONTHLY, ReportingFrequency.ANNUAL


@pytest.mark.parametrize(("schedule", "period", "reported"), [
    (Schedule(QUARTERLY), "2025-26-Q1", True),
    (Schedule(QUARTERLY), "2025-10", False),
    (Schedule(QUARTERLY), "2025-26", False),
    (Schedule(MONTHLY), "2025-10", True),
    (Schedule(MONTHLY), "2025-26-Q2", False),
    (Schedule(SIX_MONTHLY, (2, 4)), "2025-26-Q2", True),
    (Schedule(SIX_MONTHLY, (2, 4)), "2025-26-Q3", False),
    (Schedule(SIX_MONTHLY, (2, 4)), "2025-26-Q4", True),
    (Schedule(ANNUAL, (4,)), "2025-26-Q4", True),
    (Schedule(ANNUAL, (4,)), "2025-26-Q1", False),
])
def test_a_committee_is_reported_on_the_periods_its_schedule_names(schedule, period, reported):
    assert schedule.reports_on(Period.parse(period)) is reported


def test_cabinet_at_q2_and_q4_gets_two_reports_a_year():
    cabinet = Schedule(SIX_MONTHLY, (2, 4))
    periods = cabinet.periods_between(Period.parse("2025-26-Q1"), Period.parse("2026-27-Q4"))
    assert [p.key for p in periods] == ["2025-26-Q2", "2025-26-Q4", "2026-27-Q2", "2026-27-Q4"]
    assert cabinet.describe() == "Six-monthly, at Q2 and Q4"


@pytest.mark.parametrize(("schedule", "problem"), [
    (Schedule(SIX_MONTHLY, (2,)), "names the two quarters"),
    (Schedule(ANNUAL, ()), "names the one quarter"),
    (Schedule(QUARTERLY, (1,)), "name no quarters"),
    (Schedule(ANNUAL, (5,)), "numbered 1 to 4"),
])
def test_a_schedule_that_does_not_make_sense_says_why(schedule, problem):
    assert problem in schedule.problems()[0]


def test_a_sound_schedule_has_no_problems():
    assert Schedule(SIX_MONTHLY, (2, 4)).problems() == []
    assert Schedule(ANNUAL, (4,)).problems() == []


def candidate(id_: int, level="service_pi", corporate=False, pillars=(), unit="People / Schools",
              exception=False, retired=False) -> Candidate:
    return Candidate(id_, level, corporate, frozenset(pillars), unit, exception, retired)


REGISTER = [
    candidate(1, "corporate_plan_measure", pillars=(1,), unit="People"),
    candidate(2, "corporate_kpi", corporate=True, pillars=(1,), unit="People / Schools"),
    candidate(3, "service_pi", corporate=True, pillars=(2,), unit="Place / Highways",
              exception=True),
    candidate(4, "service_pi", pillars=(2,), unit="Place / Highways / Potholes", exception=True),
    candidate(5, "team_pi", unit="Place / Highwaysmen"),
    candidate(6, "corporate_kpi", corporate=True, retired=True),
]


@pytest.mark.parametrize(("remit", "selected"), [
    (Remit(), [1, 2, 3, 4, 5]),
    (Remit(levels=frozenset({"corporate_plan_measure"})), [1]),
    (Remit(corporate_only=True), [2, 3]),
    (Remit(pillar_ids=frozenset({2})), [3, 4]),
    (Remit(unit_paths=frozenset({"Place / Highways"})), [3, 4]),
    (Remit(exceptions_only=True), [3, 4]),
    (Remit(corporate_only=True, exceptions_only=True), [3]),
    (Remit(hand_picked=frozenset({1, 5})), [1, 5]),
    (Remit(levels=frozenset({"corporate_kpi"}), hand_picked=frozenset({4})), [2, 4]),
    (Remit(hand_picked=frozenset({6})), []),
])
def test_a_remit_selects_by_every_filter_it_sets_and_always_takes_its_hand_picked(
    remit, selected
):
    assert remit.select(REGISTER) == selected
