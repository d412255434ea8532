"""Which indicators a committee receives, and for which periods it receives a report.

Plain Python: the rules a committee's terms of reference state, as data. A remit
selects indicators by level, corporate flag, pillar, organisation unit, Cabinet
portfolio, exception status, or a hand-picked list; every filter that is set must match
(an empty filter selects everything), and hand-picked indicators are always in. A
schedule says which periods the committee is reported: every month, every quarter,
six-monthly at named quarters (Cabinet at Q2 and Q4), or once a year at a named quarter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from reporting.periods import Frequency, Period


class ReportingFrequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SIX_MONTHLY = "six_monthly"
    ANNUAL = "annual"


@dataclass(frozen=True)
class Schedule:
    """How often a committee is reported. ``quarters`` names the quarters (1 to 4) of a
    six-monthly or annual committee: Cabinet six-monthly at (2, 4), the overview and
    scrutiny board's annual report at (4,)."""

    frequency: ReportingFrequency
    quarters: tuple[int, ...] = ()

    def problems(self) -> list[str]:
        """What is wrong with the schedule, in words (empty when it is sound)."""
        if any(q not in (1, 2, 3, 4) for q in self.quarters):
            return ["Quarters are numbered 1 to 4"]
        if self.frequency is ReportingFrequency.SIX_MONTHLY and len(self.quarters) != 2:
            return ["A six-monthly committee names the two quarters it is reported, e.g. 2 and 4"]
        if self.frequency is ReportingFrequency.ANNUAL and len(self.quarters) != 1:
            return ["An annual committee names the one quarter it is reported, e.g. 4"]
        if self.frequency in (ReportingFrequency.MONTHLY, ReportingFrequency.QUARTERLY) and (
            self.quarters
        ):
            return [f"A {self.frequency.value} committee is reported every period: "
                    "name no quarters"]
        return []

    def reports_on(self, period: Period) -> bool:
        """Whether the committee receives a report as at the end of this period."""
        if self.frequency is ReportingFrequency.MONTHLY:
            return period.frequency is Frequency.MONTHLY
        if period.frequency is not Frequency.QUARTERLY:
            return False
        if self.frequency is ReportingFrequency.QUARTERLY:
            return True
        return period.index in self.quarters

    def periods_between(self, first: Period, last: Period) -> list[Period]:
        """The periods reported from ``first`` to ``last`` (both of the schedule's kind)."""
        found, period = [], first
        while period.end <= last.end:
            if self.reports_on(period):
                found.append(period)
            period = period.next()
        return found

    def describe(self) -> str:
        if self.frequency is ReportingFrequency.SIX_MONTHLY:
            return "Six-monthly, at " + " and ".join(f"Q{q}" for q in self.quarters)
        if self.frequency is ReportingFrequency.ANNUAL:
            return f"Annually, at Q{self.quarters[0]}" if self.quarters else "Annually"
        return self.frequency.value.capitalize()


@dataclass(frozen=True)
class Candidate:
    """What a remit asks of an indicator."""

    id: int
    level: str
    is_corporate: bool
    pillar_ids: frozenset[int]
    unit_path: str
    is_exception: bool = False
    retired: bool = False
    portfolio_id: int | None = None


SEPARATOR = " / "


@dataclass(frozen=True)
class Remit:
    """The indicators a committee receives. Empty filters select everything."""

    levels: frozenset[str] = frozenset()
    corporate_only: bool = False
    pillar_ids: frozenset[int] = frozenset()
    unit_paths: frozenset[str] = frozenset()
    exceptions_only: bool = False
    hand_picked: frozenset[int] = field(default_factory=frozenset)
    portfolio_ids: frozenset[int] = frozenset()

    def includes(self, candidate: Candidate) -> bool:
        if candidate.retired:
            return False
        if candidate.id in self.hand_picked:
            return True
        if self.is_hand_picked_only:
            return False
        if self.levels and candidate.level not in self.levels:
            return False
        if self.corporate_only and not candidate.is_corporate:
            return False
        if self.pillar_ids and not (candidate.pillar_ids & self.pillar_ids):
            return False
        if self.portfolio_ids and candidate.portfolio_id not in self.portfolio_ids:
            return False
        if self.unit_paths and not any(
            candidate.unit_path == path or candidate.unit_path.startswith(path + SEPARATOR)
            for path in self.unit_paths
        ):
            return False
        return not self.exceptions_only or candidate.is_exception

    @property
    def is_hand_picked_only(self) -> bool:
        """A remit that is only a list (COG's agreed corporate KPIs, say)."""
        return bool(self.hand_picked) and not (
            self.levels or self.corporate_only or self.pillar_ids or self.unit_paths
            or self.exceptions_only or self.portfolio_ids
        )

    def select(self, candidates: Iterable[Candidate]) -> list[int]:
        return [c.id for c in candidates if self.includes(c)]
