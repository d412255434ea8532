"""Drawing and recording the quarterly data-quality audits (the rules are plain Python in
governance/data_quality.py), and the summary for the audit committee's pack."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from governance.committees import candidates, remit_of
from governance.data_quality import (
    CHECKS,
    Answer,
    count_answers,
    draw_sample,
    prefill_calculated,
)
from governance.lifecycle_models import AuditedIndicator, DataQualityAudit, FollowUp
from governance.models import Committee
from kpis import permissions
from kpis.models import Indicator, Result
from reporting.formatting import date_text
from reporting.periods import Period
from reporting.rag_audit import run_audit

# The committees whose indicators are sampled: Cambridgeshire samples "from each Policy
# and Service Committee", the councillors' committees. Officer boards see the same
# indicators, and the audit committee receives the audit rather than being sampled.
SAMPLED_KINDS = (Committee.Kind.CABINET, Committee.Kind.SCRUTINY, Committee.Kind.FULL_COUNCIL)


class AuditError(ValueError):
    pass


def strata(as_at: Period) -> dict[str, list[int]]:
    """Each councillors' committee's live indicators, by committee name (a fixed number of
    queries)."""
    register = candidates(as_at=as_at)
    found: dict[str, list[int]] = {}
    for committee in (Committee.objects.filter(kind__in=SAMPLED_KINDS)
                      .prefetch_related("remit_org_units", "remit_pillars")):
        found[committee.name] = remit_of(committee).select(register)
    return found


def draw(user, period: Period, seed: int, per_committee: int = 2) -> DataQualityAudit:
    """Draw and record the sample for ``period``, each indicator's first check filled in
    from the RAG audit. Drawing again with the same seed gives the same sample (and
    changes nothing); a different seed is refused once a sample is recorded."""
    permissions.require(permissions.audits_data_quality(user))
    existing = DataQualityAudit.objects.filter(period=period.key).first()
    if existing is not None:
        if existing.seed != seed or existing.per_committee != per_committee:
            raise AuditError(
                f"The sample for {period.label} was drawn with seed {existing.seed}, "
                f"{existing.per_committee} a committee: it is not drawn again differently"
            )
        return existing
    drawn = draw_sample(strata(period), per_committee, seed)
    findings: dict[str, list[str]] = defaultdict(list)
    for finding in run_audit(period):
        findings[finding.code].append(f"{finding.period.label}: {finding.reason}")
    codes = dict(Indicator.objects.filter(pk__in=[d.indicator_id for d in drawn])
                 .values_list("pk", "code"))
    with_results = set(Result.objects.filter(
        indicator_id__in=codes, period_start__gte=period.start, period_end__lte=period.end,
    ).values_list("indicator_id", flat=True))
    with transaction.atomic():
        audit = DataQualityAudit.objects.create(
            period=period.key, seed=seed, per_committee=per_committee, drawn_by=user,
            drawn_at=timezone.now(),
        )
        rows = []
        for d in drawn:
            answer, evidence = prefill_calculated(findings[codes[d.indicator_id]],
                                                  d.indicator_id in with_results)
            rows.append(AuditedIndicator(
                audit=audit, indicator_id=d.indicator_id, stratum=d.stratum,
                checks={"calculated": {"answer": answer, "evidence": evidence}},
            ))
        AuditedIndicator.objects.bulk_create(rows)
    return audit


def record(user, audited: AuditedIndicator, checks: dict[str, dict[str, str]],
           finding: str) -> None:
    """The auditor's answers to the five checks, with evidence, and the finding."""
    permissions.require(permissions.audits_data_quality(user))
    audited.checks = {check.key: checks[check.key] for check in CHECKS}
    audited.finding = finding.strip()
    audited.audited_by, audited.audited_at = user, timezone.now()
    audited._change_reason = "Audited against the five checks"
    with transaction.atomic():
        audited.save()
        audit = audited.audit
        left = audit.sampled.filter(audited_at__isnull=True).exists()
        if not left and audit.completed_on is None:
            audit.completed_on = timezone.localdate()
            audit.save()


def add_follow_up(user, audited: AuditedIndicator, action: str, owner, due) -> FollowUp:
    permissions.require(permissions.audits_data_quality(user))
    return FollowUp.objects.create(audited=audited, action=action.strip(), owner=owner,
                                   due=due)


def mark_done(user, follow_up: FollowUp) -> None:
    permissions.require(permissions.audits_data_quality(user))
    follow_up.done_on = timezone.localdate()
    follow_up.save()


def not_met(audited: AuditedIndicator) -> list[str]:
    """The checks the indicator did not meet, in Cambridgeshire's words."""
    return [check.question for check in CHECKS
            if audited.checks.get(check.key, {}).get("answer") == Answer.NOT_MET.value]


def summary(period: Period) -> dict[str, Any] | None:
    """The data-quality section of the audit committee's pack as at ``period``: the latest
    audit of a quarter ending by then, as plain data (it is stored with the issued pack)."""
    audit = (DataQualityAudit.objects.filter(period__lte=period.key)
             .order_by("-period").first())
    if audit is None or audit.period_obj.end > period.end:
        return None
    sampled = list(audit.sampled.select_related("indicator").prefetch_related(
        "follow_ups__owner").order_by("indicator__code"))
    audited = [s for s in sampled if s.audited_at is not None]
    counts = count_answers(s.checks for s in audited)
    follow_ups = [f for s in sampled for f in s.follow_ups.all()]
    return {
        "period": audit.period_obj.label,
        "seed": audit.seed,
        "sampled": len(sampled),
        "audited": len(audited),
        "committees": len({s.stratum for s in sampled}),
        "complete": audit.completed_on is not None,
        "completed_on": date_text(audit.completed_on) if audit.completed_on else "",
        "checks": [{"question": c.check.question, "met": c.met, "not_met": c.not_met,
                    "not_applicable": c.not_applicable} for c in counts],
        "findings": [
            {"code": s.indicator.code, "title": s.indicator.title, "finding": s.finding,
             "not_met": not_met(s)}
            for s in audited if s.finding or not_met(s)
        ],
        "follow_ups": {"open": sum(1 for f in follow_ups if f.done_on is None),
                       "done": sum(1 for f in follow_ups if f.done_on is not None)},
    }
