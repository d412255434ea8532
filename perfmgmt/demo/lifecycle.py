"""The demo council's KPI lifecycle and data-quality audits: Worcestershire's SMART
wording, the boards that own each level, proposals pending, approved and rejected, this
year's annual review applied, and last quarter's audit completed with this quarter's in
progress."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from governance import dq_audits, lifecycle
from governance.data_quality import CHECKS, Answer
from governance.lifecycle_models import (
    AuditedIndicator,
    DataQualityAudit,
    IndicatorProposal,
    LevelOwner,
    ReviewRecord,
)
from governance.models import Committee
from governance.smart import Assessment
from kpis.models import Indicator, ReviewDecision
from reporting.engine import IndicatorStatus
from reporting.periods import Period

LONDON = ZoneInfo("Europe/London")

# Which board approves indicators at each level (Worcestershire: COG agrees the corporate
# KPIs; Cabinet the Corporate Plan measures).
LEVEL_OWNERS = {
    "corporate_plan_measure": "cabinet",
    "corporate_kpi": "cog",
    "directorate_pi": "clt",
    "service_pi": "cbb",
    "team_pi": "cbb",
}
SEED = 20261


def _at(day) -> datetime:
    return datetime.combine(day, time(10, 30), tzinfo=LONDON)


def _smart(builder, *, not_met: str = "") -> list[Assessment]:
    from governance.lifecycle_models import SmartCriterion

    why = {
        "S": "Counts one thing, defined as in the national return.",
        "M": "Taken monthly from the case management system; a target is proposed.",
        "A": "Neighbouring councils reach this level with similar resources.",
        "R": "Contributes directly to the Corporate Plan priority it sits under.",
        "T": "Annual target with quarterly milestones from the first year.",
    }
    gaps = {"M": "No system records it yet: it would be counted by hand.",
            "A": "The target is above any comparable council's.",
            "T": "No date is given by which the target should be met."}
    return [
        Assessment(c.letter, c.name, c.wording, c.letter != not_met,
                   gaps[c.letter] if c.letter == not_met else why[c.letter])
        for c in SmartCriterion.objects.all()
    ]


def build_lifecycle(builder) -> None:
    users = builder.users
    performance, officer = users["performance"], users["officer"]
    today = builder.today
    this_year = builder.current_year
    next_year = this_year.next()
    lifecycle.adopt_wording("worcestershire")
    committees = {c.slug: c for c in Committee.objects.all()}
    for level, slug in LEVEL_OWNERS.items():
        LevelOwner.objects.create(level=level, committee=committees[slug])

    live = [p.indicator for p in builder.plans
            if p.indicator.status == IndicatorStatus.TARGETED.value and p.starts is None]
    _past_review(builder, live, this_year, performance)
    _proposals(builder, live, next_year, officer, performance, today)
    _audits(builder, performance, users["auditor"], today)


def _past_review(builder, live: list[Indicator], year: Period, performance) -> None:
    """Last year's annual review of what to measure this year, applied at its start."""
    annual = [i for i in live if i.frequency == "annual" and i.level == "service_pi"]
    others = [i for i in live if i.level in ("service_pi", "directorate_pi")
              and i not in annual]
    decided_on = _at(year.start - timedelta(days=40))
    plan = ([(i, "keep", "") for i in others[:8]]
            + [(others[8], "change", "Define it as in the national return, so the figure "
                "compares with other councils."),
               (others[9], "change", "Measure it across the whole service rather than one "
                "team.")]
            + [(i, "retire", "Replaced by the national measure; no longer used by the "
                "service.") for i in annual[:1]])
    for indicator, decision, note in plan:
        ReviewDecision.objects.create(indicator=indicator, year=year.key, decision=decision,
                                      note=note, decided_by=builder.users["approver"])
    ReviewDecision.objects.filter(year=year.key).update(decided_at=decided_on)
    lifecycle.apply_review(performance, year)
    ReviewRecord.objects.filter(year=year.key).update(
        applied_at=_at(year.start - timedelta(days=30)))
    changes = list(IndicatorProposal.objects.filter(review_decision__year=year.key)
                   .order_by("code"))
    if changes:
        lifecycle.decide(performance, changes[0], approve=True,
                         reasons="Agreed: the national definition makes the figure "
                         "comparable with other councils.")
    if len(changes) > 1:
        lifecycle.decide(performance, changes[1], approve=False,
                         reasons="Not agreed: the other teams cannot yet record it; "
                         "bring it back with the new case system.")
    for n, proposal in enumerate(changes):
        IndicatorProposal.objects.filter(pk=proposal.pk).update(
            proposed_at=decided_on, decided_at=_at(year.start - timedelta(days=20 - n)))


def _proposals(builder, live, next_year: Period, officer, performance, today) -> None:
    units = builder.units
    service = units.get("Highways") or next(iter(units.values()))
    new = [
        ("EI-NEW1", "Street lights repaired within 7 days",
         "Street lighting faults reported by residents and repaired within 7 calendar days "
         "of the report, from the street lighting contractor's job system.",
         "service_pi", "percent", "higher", Decimal("90"), "", "pending", 12),
        ("EI-NEW2", "Residents satisfied with road condition",
         "Residents rating the condition of roads in their area good or very good in the "
         "annual residents' survey, weighted to the county's population.",
         "directorate_pi", "percent", "higher", Decimal("45"), "A", "pending", 5),
        ("EI-NEW3", "Gully cleansing visits completed on schedule",
         "Scheduled gully cleansing visits completed in the calendar month they were due, "
         "from the highways asset management system.",
         "service_pi", "percent", "higher", Decimal("95"), "", "approved", 30),
        ("EI-NEW4", "Community speedwatch sessions held",
         "Sessions held by volunteer community speedwatch groups in the county, as "
         "reported to the council by the police each quarter.",
         "service_pi", "number", "higher", None, "M", "rejected", 45),
    ]
    for code, title, definition, level, unit, polarity, target, gap, outcome, days in new:
        proposal = lifecycle.propose_new(officer, lifecycle.NewIndicator(
            code=code, title=title, definition=definition, level=level,
            org_unit_id=service.pk, unit=unit, polarity=polarity, frequency="quarterly",
            collection="discrete", target=target, from_year=next_year,
            reason="Residents' complaints about this have doubled in two years.",
        ), _smart(builder, not_met=gap))
        if outcome != "pending":
            lifecycle.decide(
                performance, proposal, approve=outcome == "approved",
                reasons="Agreed as a service PI from next year." if outcome == "approved"
                else "Not agreed: it is not measurable from any system the council holds, "
                "and the council does not control it.",
            )
        IndicatorProposal.objects.filter(pk=proposal.pk).update(
            proposed_at=_at(today - timedelta(days=days)),
            decided_at=None if outcome == "pending" else _at(today - timedelta(days=days - 9)),
        )
    owned = [i for i in live if i.owner_id and i.level == "service_pi"]
    for n, (indicator, approve) in enumerate(zip(owned[12:14], (None, True), strict=False)):
        proposal = lifecycle.propose_change(
            indicator.owner, indicator, from_year=next_year,
            reason="Last year's outturn beat the target by a wide margin: raise it.",
            target=Decimal("95") if indicator.unit == "percent" else None,
            definition="" if indicator.unit == "percent"
            else f"{indicator.definition} Counted at the month end.".strip(),
        )
        if approve:
            lifecycle.decide(performance, proposal, approve=True,
                             reasons="Agreed from next year.")
        IndicatorProposal.objects.filter(pk=proposal.pk).update(
            proposed_at=_at(today - timedelta(days=20 + n)))


def _audits(builder, performance, auditor, today) -> None:
    """Last quarter's audit completed; this quarter's drawn and part done."""
    latest = builder.latest_quarter
    for period, share in ((latest.shift(-1), 1.0), (latest, 0.4)):
        audit = dq_audits.draw(performance, period, SEED + period.year * 10 + period.index,
                               per_committee=2)
        sampled = list(audit.sampled.select_related("indicator").order_by("indicator__code"))
        rng = builder._rng("dq", period.key)
        for n, one in enumerate(sampled[: round(len(sampled) * share)]):
            checks = {}
            for check in CHECKS:
                given = one.checks.get(check.key, {})
                answer = given.get("answer") or Answer.MET.value
                evidence = given.get("evidence", "")
                if check.key == "remedial" and rng.random() < 0.3:
                    answer, evidence = Answer.NOT_APPLICABLE.value, "On target all quarter."
                elif check.key in ("reported", "used") and rng.random() < 0.15:
                    answer = Answer.NOT_MET.value
                    evidence = ("The committee report showed last quarter's figure."
                                if check.key == "reported" else
                                "No decision in the minutes refers to it this year.")
                checks[check.key] = {"answer": answer, "evidence": evidence}
            not_met = [k for k, v in checks.items() if v["answer"] == Answer.NOT_MET.value]
            finding = " ".join(checks[k]["evidence"] for k in not_met)
            dq_audits.record(auditor if n % 2 else performance, one, checks, finding)
            if not_met:
                follow_up = dq_audits.add_follow_up(
                    performance, one, "Reconcile the figure with the source system and "
                    "report the correction to the committee.", one.indicator.owner,
                    today - timedelta(days=10) if period != latest
                    else today + timedelta(days=30),
                )
                if rng.random() < 0.5 and period != latest:
                    dq_audits.mark_done(performance, follow_up)
        if period != latest:  # drawn three weeks after its quarter, done within the month
            drawn = _at(period.end + timedelta(days=21))
            DataQualityAudit.objects.filter(pk=audit.pk).update(
                drawn_at=drawn, completed_on=(drawn + timedelta(days=25)).date())
            AuditedIndicator.objects.filter(audit=audit).update(
                audited_at=drawn + timedelta(days=14))
