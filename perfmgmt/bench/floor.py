"""The floor: the least work any scorecard page could do for the same rows.

One raw SQL query for every live indicator's latest result as at the end of the period
(and that period's target), a Decimal RAG for each from the one engine, and an
HTML-escaped string join of the rows. A page within 10 × this is doing little more
than it must; one at 75 × is doing something else as well.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from django.db import connection

from reporting.engine import IndicatorStatus, Polarity, Tolerance, rate
from reporting.periods import Period

LATEST_PER_INDICATOR = """
SELECT i.code, i.title, i.polarity, i.status, r.period, r.actual, t.target
FROM kpis_indicator i
LEFT JOIN (
    SELECT indicator_id, period, actual,
           ROW_NUMBER() OVER (PARTITION BY indicator_id ORDER BY period_end DESC) AS n
    FROM kpis_result
    WHERE period_end <= %s
) r ON r.indicator_id = i.id AND r.n = 1
LEFT JOIN kpis_target t ON t.indicator_id = i.id AND t.period = r.period
WHERE i.status <> 'retired'
ORDER BY i.code
"""


def _decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))  # SQLite hands back floats and integers


def floor(as_at: Period) -> tuple[int, int]:
    """Run the floor once; the number of rows and the length of the HTML."""
    tolerance = Tolerance()
    with connection.cursor() as cursor:
        cursor.execute(LATEST_PER_INDICATOR, [as_at.end])
        rows = cursor.fetchall()
    parts = []
    for code, title, polarity, status, period, actual, target in rows:
        actual, target = _decimal(actual), _decimal(target)
        rag = rate(
            status=IndicatorStatus(status), polarity=Polarity(polarity), actual=actual,
            target=target, tolerance=tolerance,
        )
        parts.append(
            f"<tr><td>{escape(code)}</td><td>{escape(title)}</td><td>{escape(period or '')}"
            f"</td><td>{'' if target is None else target}</td>"
            f"<td>{'' if actual is None else actual}</td><td>{escape(rag.label)}</td></tr>"
        )
    return len(rows), len("".join(parts))
