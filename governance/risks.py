"""The edge between the risk registers in the database and the risk rules.

``standings`` rates a list of risks with the scheme in force in a fixed number of queries
(however many risks): score, band, appetite, the escalation or step-down flag and whether
it awaits a decision, and the review status. The screens, the indicator page and the
committee packs all ask here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from governance import risk_rules as rules
from governance.models import (
    AppetiteLevel,
    Committee,
    EscalationDecision,
    FurtherAction,
    Risk,
    RiskCategory,
    RiskRegister,
    RiskScheme,
)
from reporting.formatting import date_text


@dataclass(frozen=True)
class Standing:
    """A risk as the rules see it today."""

    risk: Risk
    inherent: int
    current: int
    target: int
    inherent_band: str
    band: str
    target_band: str
    appetite: rules.Appetite | None
    above_appetite: bool
    move: rules.Move
    awaiting_decision: bool
    review: rules.Review

    @property
    def flagged(self) -> bool:
        return self.awaiting_decision

    @property
    def band_slug(self) -> str:
        return self.band.lower().replace(" ", "-")


def closed_risks(register: RiskRegister) -> list[Risk]:
    """The register's closed risks, the most recently closed first, each with the
    decisions that closed it as ``closures`` (newest first; two queries)."""
    return list(
        Risk.objects.filter(register=register, closed_on__isnull=False)
        .order_by("-closed_on", "reference")
        .prefetch_related(Prefetch(
            "decisions", to_attr="closures",
            queryset=EscalationDecision.objects.filter(
                decision=EscalationDecision.Decision.CLOSE).select_related("decided_by"),
        ))
    )


def open_risks() -> QuerySet[Risk]:
    return Risk.objects.filter(closed_on__isnull=True).select_related(
        "register", "category", "owner"
    )


def _last_decisions(risk_ids: list[int]) -> dict[int, rules.Decided]:
    """The latest decision about each risk, as the register it left the risk on and the
    score then (one query)."""
    latest: dict[int, rules.Decided] = {}
    for row in EscalationDecision.objects.filter(risk_id__in=risk_ids).order_by(
        "risk_id", "-decided_at", "-pk"
    ).values("risk_id", "from_register_id", "to_register_id", "current_score"):
        if row["risk_id"] in latest:
            continue
        latest[row["risk_id"]] = rules.Decided(
            row["to_register_id"] or row["from_register_id"], row["current_score"]
        )
    return latest


def standings(risks: Iterable[Risk], today: date,
              scheme: rules.Scheme | None = None) -> list[Standing]:
    """Every risk rated with the scheme in force (a fixed number of queries)."""
    risks = list(risks)
    if not risks:
        return []
    scheme = scheme or RiskScheme.in_force()
    decided = _last_decisions([r.pk for r in risks])
    with_feeders = set(
        RiskRegister.objects.filter(escalates_to__isnull=False)
        .values_list("escalates_to_id", flat=True)
    )
    found = []
    for risk in risks:
        current = rules.score(scheme, risk.likelihood, risk.impact)
        register = risk.register
        move = rules.flag(
            scheme, register.rules_level, current,
            has_register_above=register.escalates_to_id is not None,
            has_register_below=register.pk in with_feeders,
        )
        category = risk.category.name
        found.append(Standing(
            risk=risk,
            inherent=rules.score(scheme, risk.inherent_likelihood, risk.inherent_impact),
            current=current,
            target=rules.score(scheme, risk.target_likelihood, risk.target_impact),
            inherent_band=rules.band(scheme, risk.inherent_score).name,
            band=rules.band(scheme, current).name,
            target_band=rules.band(scheme, risk.target_score).name,
            appetite=rules.appetite_for(scheme, category),
            above_appetite=rules.above_appetite(scheme, category, current),
            move=move,
            awaiting_decision=rules.awaiting_decision(move, register.pk, current,
                                                      decided.get(risk.pk)),
            review=rules.review_status(risk.review_due, today),
        ))
    return found


def heat_map(found: Iterable[Standing], scheme: rules.Scheme) -> list[rules.HeatRow]:
    return rules.heat_map(scheme, [
        rules.Placed(s.risk.reference, s.risk.likelihood, s.risk.impact) for s in found
    ])


# --- filters on a register page ---------------------------------------------------------------

FILTERS = {
    "above_appetite": "Above appetite",
    "flagged": "Flagged for escalation, step-down or closure",
    "overdue": "Review overdue",
}


def filtered(found: list[Standing], *, category: str = "", owner: str = "", band: str = "",
             show: str = "") -> list[Standing]:
    """The register's risks narrowed by category, owner, band and one of ``FILTERS``."""
    if category:
        found = [s for s in found if str(s.risk.category_id) == category]
    if owner:
        found = [s for s in found if str(s.risk.owner_id) == owner]
    if band:
        found = [s for s in found if s.band == band]
    if show == "above_appetite":
        found = [s for s in found if s.above_appetite]
    elif show == "flagged":
        found = [s for s in found if s.awaiting_decision]
    elif show == "overdue":
        found = [s for s in found if s.review is rules.Review.OVERDUE]
    return found


# --- recording a review and a decision --------------------------------------------------------


def record_review(risk: Risk, user: Any, note: str, today: date) -> None:
    """Save the owner's review of the risk (its fields already changed by the form): the
    review date moves on and the history says who reviewed it and why."""
    risk.last_reviewed = today
    risk._history_user = user
    risk._change_reason = note or "Reviewed"
    risk.save()


@transaction.atomic
def record_decision(risk: Risk, decision: str, reason: str, user: Any,
                    to_register: RiskRegister | None = None,
                    today: date | None = None) -> EscalationDecision:
    """Record a decision about the risk's place and make the move it decides: escalate it
    to the register above, step it down to the register chosen, close it, or keep it."""
    today = today or timezone.localdate()
    chosen = EscalationDecision.Decision(decision)
    made = EscalationDecision(
        risk=risk, decision=chosen, from_register=risk.register, current_score=risk.current_score,
        reason=reason, decided_by=user, decided_at=timezone.now(),
    )
    if chosen is EscalationDecision.Decision.ESCALATE:
        if risk.register.escalates_to is None:
            raise ValueError("This register has no register above it")
        made.to_register = risk.register.escalates_to
    elif chosen is EscalationDecision.Decision.STEP_DOWN:
        if to_register is None or to_register.escalates_to_id != risk.register_id:
            raise ValueError("Choose a register beneath this one")
        made.to_register = to_register
    made._history_user = user
    made.save()
    risk._history_user = user
    risk._change_reason = f"{chosen.label}: {reason}"
    if made.to_register is not None:
        risk.register = made.to_register
        risk.save(update_fields=["register"])
    elif chosen is EscalationDecision.Decision.CLOSE:
        risk.closed_on = today
        risk.save(update_fields=["closed_on"])
    return made


# --- the indicator page -----------------------------------------------------------------------


def for_indicator(indicator: Any, today: date) -> list[Standing]:
    """The open risks this indicator warns of."""
    return standings(open_risks().filter(indicators=indicator).order_by("reference"), today)


# --- committee packs --------------------------------------------------------------------------


def committee_sees_risks(committee: Committee) -> bool:
    """An audit committee's pack has the risk section, and so does the pack of any
    committee that receives the performance and risk report."""
    return committee.kind == Committee.Kind.AUDIT or committee.reports_risks


def _row(s: Standing) -> dict[str, Any]:
    risk = s.risk
    return {
        "reference": risk.reference, "title": risk.title,
        "register": risk.register.name, "category": risk.category.name,
        "owner": risk.owner.get_full_name() or risk.owner.get_username(),
        "inherent": s.inherent, "inherent_band": s.inherent_band,
        "current": s.current, "band": s.band, "target": s.target,
        "target_band": s.target_band,
        "appetite": f"{s.appetite.name} (up to {s.appetite.highest})" if s.appetite
        else "Not set",
        "above_appetite": s.above_appetite,
        "flag": s.move.label if s.awaiting_decision else "",
        "review_due": date_text(risk.review_due),
        "review": s.review.label,
    }


def pack_section(committee: Committee, today: date) -> dict[str, Any] | None:
    """The risk section of a committee's pack, as plain values (None: the committee does
    not receive it): the corporate register's heat map and risks, and every risk on any
    register flagged for escalation and awaiting a decision."""
    if not committee_sees_risks(committee):
        return None
    scheme = RiskScheme.in_force()
    found = standings(open_risks().order_by("reference"), today, scheme)
    corporate = [s for s in found if s.risk.register.level == rules.Level.CORPORATE]
    escalations = [s for s in found if s.awaiting_decision and s.move is rules.Move.ESCALATE]
    grid = heat_map(corporate, scheme)
    return {
        "impact_labels": list(scheme.impact),
        "heat_map": [
            {"likelihood": row.likelihood, "label": row.label,
             "cells": [{"score": c.score, "band": c.band, "count": c.count,
                        "references": list(c.references)} for c in row.cells]}
            for row in grid
        ],
        "bands": [{"name": name, "count": count}
                  for name, count in rules.band_counts(scheme, [s.current for s in corporate])],
        "corporate": [_row(s) for s in sorted(corporate, key=lambda s: (-s.current,
                                                                         s.risk.reference))],
        "above_appetite": sum(s.above_appetite for s in corporate),
        "escalations": [_row(s) for s in escalations],
        "scheme": [
            f"Score = likelihood × impact, each from 1 ({scheme.likelihood[0]}, "
            f"{scheme.impact[0]}) to 5 ({scheme.likelihood[-1]}, {scheme.impact[-1]}).",
            "Bands: " + "; ".join(f"{b.name} {b.lowest} to {b.highest}"
                                  for b in scheme.bands) + ".",
        ],
    }


# --- the risk page: its indicators' RAG history and the risk's own history --------------------

RAG_HISTORY = 6  # periods of each linked indicator shown on the risk page


@dataclass(frozen=True)
class IndicatorHistory:
    indicator: Any
    ratings: list[Any]  # reporting.ratings.PeriodRating, oldest first


def indicator_rag_history(risk: Risk, today: date, signed_off_only: bool) -> list[
        IndicatorHistory]:
    """The RAG of each indicator that warns of the risk over its last ``RAG_HISTORY``
    periods, from one RatingBook for them all."""
    from reporting.periods import Period
    from reporting.ratings import RatingBook, history_window, load_red_periods

    indicators = list(risk.indicators.select_related("org_unit").order_by("code"))
    if not indicators:
        return []
    latest = {i.pk: Period.latest_ended(today, i.period_frequency) for i in indicators}
    earliest = min(p.shift(-(RAG_HISTORY - 1)).end for p in latest.values())
    reach = history_window(max(load_red_periods().values()))
    book = RatingBook.load(today, since=earliest - reach, only=list(latest),
                           approved_only=signed_off_only)
    return [
        IndicatorHistory(i, [book.rate(i.pk, latest[i.pk].shift(-n))
                             for n in range(RAG_HISTORY - 1, -1, -1)])
        for i in indicators
    ]


@dataclass(frozen=True)
class Change:
    when: Any
    who: str
    what: str
    changes: list[tuple[str, str, str]]
    reason: str


def risk_history(risk: Risk, limit: int = 50) -> list[Change]:
    """Every change to the risk and its further actions, newest first, attributed."""
    from kpis.history import person

    records = list(risk.history.select_related("history_user", "register", "category")
                   .order_by("-history_date")[:limit])
    found = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        changes = []
        if older is not None:
            for change in newer.diff_against(older, excluded_fields=["indicators"]).changes:
                field = Risk._meta.get_field(change.field)
                changes.append((str(field.verbose_name).capitalize(),
                                _shown(field, change.old), _shown(field, change.new)))
        if newer.history_type == "~" and not changes and not newer.history_change_reason:
            continue  # saved without a change a person would read (the linked indicators)
        found.append(Change(
            when=newer.history_date,
            who=person(newer.history_user) if newer.history_user else "System",
            what={"+": "Risk added", "~": "Risk changed", "-": "Risk deleted"}[
                newer.history_type],
            changes=changes, reason=newer.history_change_reason or "",
        ))
    for action in FurtherAction.history.filter(risk_id=risk.pk).select_related(
        "history_user"
    ).order_by("-history_date")[:limit]:
        found.append(Change(
            when=action.history_date,
            who=person(action.history_user) if action.history_user else "System",
            what={"+": "Further action added", "~": "Further action changed",
                  "-": "Further action removed"}[action.history_type],
            changes=[("Further action", "", action.description)], reason="",
        ))
    return sorted(found, key=lambda c: c.when, reverse=True)[:limit]


def _shown(field: Any, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return date_text(value)
    if field.is_relation:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target else str(value)
    return str(value)


def install_default_scheme() -> None:
    """The default 5 × 5 scheme, its appetite levels and categories, where the database has
    none (the migration installs them; a flushed test database or a council that deleted
    them gets them back)."""
    if not RiskScheme.objects.exists():
        default = rules.DEFAULT_SCHEME
        scheme = RiskScheme.objects.create(
            name="5 × 5 risk matrix (the default: change it to the council's own)",
            likelihood_labels=list(default.likelihood), impact_labels=list(default.impact),
        )
        for band in default.bands:
            scheme.bands.create(name=band.name, lowest=band.lowest, highest=band.highest)
        for level, thresholds in default.thresholds.items():
            scheme.thresholds.create(level=level.value, escalate_at=thresholds.escalate_at,
                                     step_down_below=thresholds.step_down_below)
    if not RiskCategory.objects.exists():
        for category, level in rules.DEFAULT_CATEGORIES.items():
            appetite, _ = AppetiteLevel.objects.get_or_create(
                name=level, defaults={"highest": rules.DEFAULT_APPETITES[level]})
            RiskCategory.objects.create(name=category, appetite=appetite)
