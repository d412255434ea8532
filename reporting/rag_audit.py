"""Running the RAG audit over the database (the rules are in reporting/audit.py)."""

from __future__ import annotations

from dataclasses import replace

from kpis.models import Result
from reporting.audit import Finding, FindingKind, cannot_rate, explain, suspicions
from reporting.engine import Collection, Rag
from reporting.periods import Period
from reporting.ratings import RatingBook


def run_audit(period: Period) -> list[Finding]:
    """Every finding for results whose period falls within ``period``."""
    results = list(
        Result.objects.filter(period_start__gte=period.start, period_end__lte=period.end)
        .select_related("indicator")
        .order_by("indicator__code", "period_end")
    )
    book = RatingBook.load(
        period.end, rating=[(result.indicator_id, result.period_obj) for result in results]
    )
    findings: list[Finding] = []
    for result in results:
        findings += audit_result(book, result)
    return findings


def audit_result(book: RatingBook, result: Result) -> list[Finding]:
    indicator = result.indicator
    own = Period.parse(result.period)
    rating = book.rate(indicator.pk, own)
    rag, rules, actual = rating.assessment.rag, rating.rules, rating.actual
    reported = Rag(result.reported_rag) if result.reported_rag else None
    base = Finding(
        code=indicator.code, title=indicator.title, period=own, kind=FindingKind.MISMATCH,
        actual=actual, target=rules.target, reported=reported, computed=rag, reason="",
    )
    findings = []
    if reported is not None and reported is not rag:
        if actual is None:
            why = "there is no actual"
        elif not rag.is_rated:
            why = f"{rag.label.lower()} indicators are not rated red, amber or green"
        else:
            why = explain(rules, actual, rag, book.last_year_actual(indicator.pk, own),
                          unit=indicator.unit)
        findings.append(replace(base, reason=f"{why}, reported {reported.label.lower()}"))
    unratable = cannot_rate(rules, actual, rag)
    if unratable:
        findings.append(replace(base, kind=FindingKind.UNRATABLE, reason=unratable))
    before = own.previous()
    for reason in suspicions(
        actual, book.actual(indicator.pk, before), Collection(indicator.collection),
        same_year=before.fy == own.fy, unit=indicator.unit,
    ):
        findings.append(replace(base, kind=FindingKind.SUSPICIOUS, reason=reason))
    return findings
