"""A breakdown corrected after issue in the demo council: two children missing education
counted in Castle Hill lived in Brackley Moor. The correction goes through the one door
(``entry.correct_after_issue``), so the result page, the indicator page (CF-level
"Children missing education") and the next report list it, and Brackley Moor's small
figure stays hidden outside the performance team (docs/breakdowns.md)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from kpis import breakdowns, entry
from kpis.breakdown_rules import BreakdownFigure
from kpis.models import Result, ResultStatus

MOVED = 2  # children
FROM, TO = "Castle Hill", "Brackley Moor"


def correct_a_breakdown(builder) -> None:
    results = (Result.objects.select_related("indicator")
               .filter(indicator__title="Children missing education",
                       status=ResultStatus.APPROVED, breakdown__isnull=False)
               .distinct().order_by("-period_end"))
    for result in results:
        if not entry.is_locked(result, builder.today):
            continue
        held = {row.category.name: row for row in
                result.breakdown.select_related("category")}
        if FROM not in held or TO not in held or (held[FROM].value or 0) < MOVED:
            continue
        cells = (
            BreakdownFigure(held[FROM].category_id, held[FROM].value - MOVED, None),
            BreakdownFigure(held[TO].category_id, (held[TO].value or 0) + MOVED, None),
        )
        entry.correct_after_issue(
            builder.users["performance"], result, result.actual, result.commentary,
            f"The school census matched {MOVED} children to the wrong ward: they live in "
            f"{TO}, not {FROM}.",
            builder.today, breakdown=cells,
            now=datetime.combine(builder.today - timedelta(days=4), time(11, 30),
                                 ZoneInfo("Europe/London")),
        )
        assert breakdowns.figures_of(result)
        return
