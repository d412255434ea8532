"""Committees as the packs and the performance team's calendar need them: the indicators in
a committee's remit for a period, and which packs are due with what is still missing.

The remit rules themselves are plain Python in ``governance/remits.py``; this module
feeds them from the database in a fixed number of queries, whatever the register's size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from governance.models import Committee, Meeting, RemitIndicator, ReportingPeriod
from governance.remits import Candidate, Remit
from kpis.models import Indicator, RatingTerms, Result, ResultStatus
from reporting.engine import ExceptionFlag, IndicatorStatus, exceptions_in_words
from reporting.formatting import date_text
from reporting.periods import Frequency, Period
from reporting.ratings import RatingBook, red_periods_in


def remit_of(committee: Committee, hand_picked: set[int] | None = None) -> Remit:
    """The committee's remit as the rules read it (two queries unless prefetched)."""
    if hand_picked is None:
        hand_picked = set(committee.remit_indicators.values_list("pk", flat=True))
    return Remit(
        levels=frozenset(committee.remit_levels or []),
        corporate_only=committee.corporate_only,
        pillar_ids=frozenset(p.pk for p in committee.remit_pillars.all()),
        unit_paths=frozenset(u.path for u in committee.remit_org_units.all()),
        exceptions_only=committee.exceptions_only,
        hand_picked=frozenset(hand_picked),
    )


def candidates(
    exceptions: set[int] | None = None, as_at: Period | None = None
) -> list[Candidate]:
    """Every indicator as a remit sees it (three queries). ``as_at``: retired as in that
    period's financial year (a retirement applies from its year, so an earlier pack still
    has the indicator); without it, retired now."""
    pillars: dict[int, set[int]] = defaultdict(set)
    for indicator_id, pillar_id in Indicator.pillars.through.objects.values_list(
        "indicator_id", "pillar_id"
    ):
        pillars[indicator_id].add(pillar_id)
    live_then = set() if as_at is None else _live_in(as_at)
    return [
        Candidate(
            id=row["id"], level=row["level"], is_corporate=row["is_corporate"],
            pillar_ids=frozenset(pillars[row["id"]]), unit_path=row["org_unit__path"],
            is_exception=exceptions is not None and row["id"] in exceptions,
            retired=row["status"] == IndicatorStatus.RETIRED.value
            and row["id"] not in live_then,
        )
        for row in Indicator.objects.values(
            "id", "level", "is_corporate", "org_unit__path", "status"
        ).order_by("code")
    ]


def _live_in(period: Period) -> set[int]:
    """Indicators retired now that were still live in the period's financial year (their
    rating terms then were not retired): one query."""
    year = period.fy.key
    in_force: dict[int, tuple[str, str]] = {}
    for indicator_id, applies_from, status in RatingTerms.objects.filter(
        indicator__status=IndicatorStatus.RETIRED.value
    ).values_list("indicator_id", "applies_from", "status"):
        start = applies_from or ""
        if start <= year and start >= in_force.get(indicator_id, ("", ""))[0]:
            in_force[indicator_id] = (start, status)
    return {i for i, (_, status) in in_force.items()
            if status != IndicatorStatus.RETIRED.value}


def exceptions_at(period: Period) -> set[int]:
    """Indicators whose latest signed-off result by the end of the period is an exception
    (red, red for consecutive periods, or amber and deteriorating)."""
    book = RatingBook.load(period.end, approved_only=True)
    return {
        indicator_id
        for indicator_id in book.indicators
        if book.rate_latest(indicator_id, period.end).assessment.exception
        is not ExceptionFlag.NONE
    }


def due_as_at(period: Period, frequency: Frequency) -> Period:
    """The period of an indicator's own frequency whose result a report as at the end of
    ``period`` shows: the latest to end by then (Q2's report shows September for a
    monthly indicator and the last financial year for an annual one)."""
    return Period.latest_ended(period.end + timedelta(days=1), frequency)


@dataclass(frozen=True)
class PackDue:
    """One committee's pack for one period, and what is still missing from it."""

    meeting: Meeting
    period: Period
    indicators: int
    not_entered: int
    not_signed_off: int
    issued_on: date | None

    @property
    def committee(self) -> Committee:
        return self.meeting.committee

    @property
    def ready(self) -> bool:
        return self.not_entered == 0 and self.not_signed_off == 0


def packs_due(today: date, *, since_days: int = 45) -> list[PackDue]:
    """Packs whose papers are due from ``since_days`` ago onwards, soonest first, each with
    how many of its indicators' results are not yet entered or not yet signed off.

    A fixed number of queries: the meetings, the remits, the register, the results for the
    periods concerned and, when a committee receives exceptions only, one rating per
    period."""
    meetings = list(
        Meeting.objects.filter(
            date__gte=today - timedelta(days=since_days) + Meeting.PAPERS_BEFORE
        )
        .select_related("committee")
        .prefetch_related("committee__remit_pillars", "committee__remit_org_units")
        .order_by("date", "committee__name")
    )
    if not meetings:
        return []
    hand_picked: dict[int, set[int]] = defaultdict(set)
    for committee_id, indicator_id in RemitIndicator.objects.filter(
        committee__in={m.committee_id for m in meetings}
    ).values_list("committee_id", "indicator_id"):
        hand_picked[committee_id].add(indicator_id)
    periods = {m.period: Period.parse(m.period) for m in meetings}
    frequencies, rolled_up = {}, set()
    for indicator_id, frequency, aggregation in Indicator.objects.values_list(
        "id", "frequency", "aggregation"
    ):
        frequencies[indicator_id] = frequency
        if aggregation != "none":
            rolled_up.add(indicator_id)  # its actual comes from its children
    exceptions = {
        key: exceptions_at(period) for key, period in periods.items()
        if any(m.committee.exceptions_only and m.period == key for m in meetings)
    }
    register = candidates()
    needed = {
        due_as_at(period, Frequency(freq)).key
        for period in periods.values() for freq in set(frequencies.values())
    }
    statuses = {
        (indicator_id, key): status
        for indicator_id, key, status in Result.objects.filter(period__in=needed)
        .exclude(actual=None).values_list("indicator_id", "period", "status")
    }
    issued = dict(
        ReportingPeriod.objects.filter(period__in=list(periods)).values_list("period", "issued_on")
    )
    found = []
    for meeting in meetings:
        period = periods[meeting.period]
        remit = remit_of(meeting.committee, hand_picked[meeting.committee_id])
        flagged = exceptions.get(meeting.period, set())
        chosen = remit.select(
            [Candidate(c.id, c.level, c.is_corporate, c.pillar_ids, c.unit_path,
                       c.id in flagged, c.retired) for c in register]
            if meeting.committee.exceptions_only else register
        )
        not_entered = not_signed = 0
        for indicator_id in chosen:
            if indicator_id in rolled_up:
                continue
            key = due_as_at(period, Frequency(frequencies[indicator_id])).key
            status = statuses.get((indicator_id, key))
            if status is None:
                not_entered += 1
            elif status != ResultStatus.APPROVED:
                not_signed += 1
        issued_on = issued.get(meeting.period)
        found.append(PackDue(meeting, period, len(chosen), not_entered, not_signed,
                             issued_on if issued_on and issued_on <= today else None))
    return found


def describe_remit(committee: Committee, today: date) -> list[str]:
    """The remit in words, for the committee's page (exceptions as this year's rule has
    them)."""
    lines = []
    levels = dict(Indicator.Level.choices)
    if committee.remit_levels:
        lines.append("Levels: " + ", ".join(levels.get(v, v) for v in committee.remit_levels))
    if committee.corporate_only:
        lines.append("Corporate KPIs only (indicators flagged corporate)")
    pillars = [str(p) for p in committee.remit_pillars.all()]
    if pillars:
        lines.append("Pillars: " + "; ".join(pillars))
    units = [u.path for u in committee.remit_org_units.all()]
    if units:
        lines.append("Services: " + "; ".join(units))
    if committee.exceptions_only:
        year = Period.containing(today, Frequency.ANNUAL)
        lines.append("Exceptions only: " + exceptions_in_words(red_periods_in(year)))
    picked = list(committee.remit_indicators.values_list("code", flat=True))
    if picked:
        lines.append("Hand-picked: " + ", ".join(picked))
    if not lines:
        lines.append("Every live indicator")
    if committee.remit_agreed_by:
        agreed = f"Agreed by {committee.remit_agreed_by}"
        if committee.remit_agreed_on:
            agreed += f" on {date_text(committee.remit_agreed_on)}"
        lines.append(agreed)
    return lines
