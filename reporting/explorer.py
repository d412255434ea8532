"""The golden thread explorer's tree, read from the register and rated for a period.

Two queries for the tree (the plan's pillars; every indicator with its parent and pillar
links) and the ``RatingBook``'s fixed queries for the ratings, whatever the size of the
register. Ratings are the scorecard's: each indicator's latest result ending by the end of
the period, from signed-off results only for a reader who may not see unsigned ones.
The tree itself is made by ``reporting.thread`` (plain Python).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kpis.models import Indicator, Pillar
from reporting import thread
from reporting.engine import IndicatorStatus
from reporting.periods import Period
from reporting.ratings import RatingBook


@dataclass(frozen=True)
class Thread:
    plan_title: str
    pillar_term: str
    tree: list[thread.Node]
    indicators: int


def plan_pillars(period: Period) -> tuple[str, str, list[thread.PillarEntry]]:
    """The Corporate Plan in force in the period's financial year (else the latest), its
    name for a pillar, and its pillars (one query)."""
    pillars = list(Pillar.objects.select_related("plan").order_by("plan__starts", "number"))
    if not pillars:
        return "", "pillar", []
    year = period.fy.key
    plans = {p.plan_id: p.plan for p in pillars}
    in_force = [plan for plan in plans.values() if plan.starts <= year <= plan.ends]
    plan = in_force[-1] if in_force else list(plans.values())[-1]
    return plan.title, plan.pillar_term or "pillar", [
        thread.PillarEntry(p.id, p.number, p.title) for p in pillars if p.plan_id == plan.id
    ]


def golden_thread(period: Period, *, approved_only: bool) -> Thread:
    """Every indicator live at the end of ``period`` in the golden thread, rated."""
    title, term, pillars = plan_pillars(period)
    links: dict[int, list[int]] = defaultdict(list)
    rows: dict[int, dict] = {}
    for row in Indicator.objects.order_by().values(
        "id", "code", "title", "level", "parent_id", "pillars__id", "org_unit__path"
    ):
        rows.setdefault(row["id"], row)
        if row["pillars__id"] is not None:
            links[row["id"]].append(row["pillars__id"])
    book = RatingBook.load(period.end, approved_only=approved_only)
    entries = []
    for indicator_id, row in rows.items():
        if book.facts(indicator_id, period).status is IndicatorStatus.RETIRED:
            continue
        rating = book.rate_latest(indicator_id, period.end)
        entries.append(thread.Entry(
            id=indicator_id, code=row["code"], title=row["title"], level=row["level"],
            parent_id=row["parent_id"], pillar_ids=tuple(links[indicator_id]),
            rag=rating.assessment.rag, direction=rating.assessment.direction,
            period=rating.period, unit_path=row["org_unit__path"],
        ))
    return Thread(title, term, thread.build(pillars, entries, term), len(entries))
