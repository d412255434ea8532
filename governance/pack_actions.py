"""What a committee pack shows of the delivery plan and of improvement plans, as plain
JSON-ready values (``governance/packs.py`` stores them with the pack's other figures).

* Each pillar of the pack's indicators: its indicators' RAG counts beside its delivery
  plan actions for the year, with their status and latest signed-off progress.
* Each exception: its open improvement plan, or that one is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from governance import actions, improvement
from governance.delivery import ImprovementPlan
from kpis.models import Pillar
from reporting.formatting import date_text
from reporting.periods import Period
from reporting.ratings import RatingBook


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def actions_by_pillar(pillars: list[dict[str, Any]], period: Period, today: date
                      ) -> list[dict[str, Any]]:
    """``pillars`` is the pack summary's ``by_pillar`` (name, total, counts): each gets the
    delivery plan actions of the period's financial year for the same pillar."""
    known = {p.title: p for p in Pillar.objects.all()}
    ids = [known[p["name"]].pk for p in pillars if p["name"] in known]
    grouped = actions.by_pillar(today, ids, year=period.fy.key)
    found = []
    for pillar in pillars:
        rows = grouped.get(known[pillar["name"]].pk, []) if pillar["name"] in known else []
        if not rows:
            continue
        found.append({
            "name": pillar["name"], "indicators": pillar["total"], "counts": pillar["counts"],
            "actions": [
                {"reference": r.action.reference, "title": r.action.title,
                 "owner": _name(r.action.owner), "due": date_text(r.action.due),
                 "status": r.status.value, "status_label": r.status.label,
                 "reason": r.verdict.reason,
                 "milestones": f"{r.milestones_done} of {len(r.action.milestones.all())}",
                 "progress": r.latest_note.note if r.latest_note else "",
                 "progress_period": r.latest_note.period_obj.label if r.latest_note else ""}
                for r in rows
            ],
        })
    return found


def plans_for_exceptions(book: RatingBook, indicator_ids: Iterable[int], codes: dict[int, str],
                         as_at: date, today: date) -> dict[str, dict[str, Any]]:
    """Each exception's improvement plan, by indicator code: missing, or the open plan's
    owner, measure of success and overdue actions."""
    ids = list(indicator_ids)
    missing = improvement.missing_in_book(book, ids, as_at)
    found: dict[str, dict[str, Any]] = {codes[i]: {"missing": True} for i in missing}
    plans = ImprovementPlan.objects.filter(indicator_id__in=ids, closed_on=None).select_related(
        "owner").prefetch_related("actions").order_by("indicator_id", "-created_at")
    for plan in plans:
        code = codes[plan.indicator_id]
        if code in found:
            continue
        found[code] = {
            "missing": False, "owner": _name(plan.owner), "opened_for": plan.opened_for_label,
            "measure_of_success": plan.measure_of_success,
            "overdue": [f"{a.description} (due {date_text(a.due)})"
                        for a in plan.actions.all() if a.is_overdue(today)],
        }
    return found
