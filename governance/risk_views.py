"""The risk registers' screens: thin views over governance.risks and the risk rules."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance import risk_rules as rules
from governance import risks
from governance.models import (
    EscalationDecision,
    FurtherAction,
    Risk,
    RiskCategory,
    RiskRegister,
    RiskScheme,
)
from governance.risk_forms import DecisionForm, FurtherActionForm, RiskReviewForm
from kpis import permissions


def _risk(request, reference: str) -> Risk:
    """The risk, for anyone signed in (every register is readable by staff and members)."""
    permissions.require(permissions.may_read_risks(request.user))
    return get_object_or_404(
        Risk.objects.select_related("register__escalates_to", "register__org_unit", "category",
                                    "owner"),
        reference=reference,
    )


def _editable(request, reference: str) -> Risk:
    risk = _risk(request, reference)
    permissions.require(permissions.can_edit_risk(request.user, risk))
    return risk


def _summary(found: list[risks.Standing]) -> dict[str, int]:
    return {
        "open": len(found),
        "above_appetite": sum(s.above_appetite for s in found),
        "flagged": sum(s.awaiting_decision for s in found),
        "overdue": sum(s.review is rules.Review.OVERDUE for s in found),
    }


# --- registers ---------------------------------------------------------------------------


def register_list(request):
    """Every register, corporate first, with its open risks, those above appetite, those
    flagged and awaiting a decision, and those whose review is overdue."""
    permissions.require(permissions.may_read_risks(request.user))
    today = timezone.localdate()
    by_register: dict[int, list[risks.Standing]] = defaultdict(list)
    for standing in risks.standings(risks.open_risks(), today):
        by_register[standing.risk.register_id].append(standing)
    order = [level.value for level in rules.Level]
    registers = sorted(RiskRegister.objects.select_related("escalates_to"),
                       key=lambda r: (order.index(r.level), r.name))
    return render(request, "governance/risks/registers.html", {
        "registers": [(r, _summary(by_register[r.pk])) for r in registers],
        "manages": permissions.manages_risks(request.user),
    })


def register_detail(request, slug: str):
    """A register: its heat map and its risks, filtered by category, owner, band and what
    needs attention."""
    permissions.require(permissions.may_read_risks(request.user))
    register = get_object_or_404(RiskRegister.objects.select_related("escalates_to", "org_unit",
                                                                    "owner"),
                                 slug=slug)
    today = timezone.localdate()
    scheme = RiskScheme.in_force()
    every = risks.standings(risks.open_risks().filter(register=register), today, scheme)
    chosen = {name: request.GET.get(name, "")[:40] for name in ("category", "owner", "band",
                                                                 "show")}
    found = sorted(risks.filtered(every, **chosen), key=lambda s: (-s.current, s.risk.reference))
    owners = sorted({s.risk.owner for s in every},
                    key=lambda u: (u.get_full_name() or u.username).lower())
    return render(request, "governance/risks/register.html", {
        "register": register,
        "standings": found,
        "summary": _summary(every),
        "heat_map": risks.heat_map(found, scheme),
        "impact_labels": scheme.impact,
        "chosen": chosen,
        "filtered": any(chosen.values()),
        "categories": RiskCategory.objects.order_by("name"),
        "owners": owners,
        "bands": [b.name for b in scheme.bands],
        "shows": risks.FILTERS,
        "feeders": register.feeders.order_by("name"),
        "closed": risks.closed_risks(register),
        "keeps": permissions.keeps_register(request.user, register),
        "manages": permissions.manages_risks(request.user),
    })


def my_risks(request):
    """The risks a person owns, the next review first."""
    permissions.require(permissions.may_read_risks(request.user))
    today = timezone.localdate()
    found = risks.standings(
        risks.open_risks().filter(owner=request.user).order_by("review_due", "reference"),
        today,
    )
    return render(request, "governance/risks/mine.html", {
        "standings": found, "summary": _summary(found), "today": today,
    })


# --- a risk ---------------------------------------------------------------------------------


def risk_detail(request, reference: str):
    risk = _risk(request, reference)
    today = timezone.localdate()
    standing = risks.standings([risk], today)[0]
    return render(request, "governance/risks/risk.html", {
        "risk": risk,
        "s": standing,
        "actions": risk.actions.select_related("owner").order_by("done_on", "due_on", "pk"),
        "decisions": risk.decisions.select_related("from_register", "to_register",
                                                   "decided_by"),
        "indicators": risks.indicator_rag_history(
            risk, today, signed_off_only=not permissions.sees_unsigned(request.user)
        ),
        "history": risks.risk_history(risk),
        "sees_unsigned": permissions.sees_unsigned(request.user),
        "can_edit": permissions.can_edit_risk(request.user, risk),
        "can_close": permissions.keeps_register(request.user, risk.register),
        "can_decide": permissions.can_decide_escalation(request.user),
        "today": today,
    })


def risk_review(request, reference: str):
    """The owner reviews the risk: controls, scores, the next review date, and a note."""
    risk = _editable(request, reference)
    today = timezone.localdate()
    form = RiskReviewForm(request.POST or None, instance=risk, scheme=RiskScheme.in_force(),
                          today=today)
    if request.method == "POST" and form.is_valid():
        risks.record_review(form.save(commit=False), request.user,
                            form.cleaned_data["note"], today)
        messages.success(request, f"Review of {risk.reference} saved")
        return redirect("governance:risk", reference=risk.reference)
    return render(request, "governance/risks/review.html", {"risk": risk, "form": form})


def action_add(request, reference: str):
    """The owner records a further action to bring the risk down towards its target."""
    risk = _editable(request, reference)
    form = FurtherActionForm(
        request.POST or None, people=permissions.delegates().order_by("first_name", "last_name"),
        initial={"owner": risk.owner_id},
    )
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.risk = risk
        action._history_user = request.user
        action.save()
        messages.success(request, "Further action added")
        return redirect("governance:risk", reference=risk.reference)
    return render(request, "governance/risks/action.html", {"risk": risk, "form": form})


@require_POST
def action_done(request, reference: str, pk: int):
    risk = _editable(request, reference)
    action = get_object_or_404(FurtherAction, pk=pk, risk=risk, done_on__isnull=True)
    action.done_on = timezone.localdate()
    action._history_user = request.user
    action.save(update_fields=["done_on"])
    messages.success(request, "Further action marked as done")
    return redirect("governance:risk", reference=risk.reference)


def risk_decision(request, reference: str):
    """A risk manager records the decision on a flag: escalate, step down, close or keep.
    The move is made by this decision, never automatically."""
    risk = _risk(request, reference)
    permissions.require(permissions.can_decide_escalation(request.user))
    today = timezone.localdate()
    standing = risks.standings([risk], today)[0]
    form = DecisionForm(request.POST or None, risk=risk)
    if request.method == "POST" and form.is_valid():
        made = risks.record_decision(
            risk, form.cleaned_data["decision"], form.cleaned_data["reason"], request.user,
            to_register=form.cleaned_data.get("to_register"), today=today,
        )
        where = made.to_register.name if made.to_register else risk.register.name
        said = {
            EscalationDecision.Decision.ESCALATE: f"escalated to the {where}",
            EscalationDecision.Decision.STEP_DOWN: f"stepped down to the {where}",
            EscalationDecision.Decision.CLOSE: "closed",
            EscalationDecision.Decision.KEEP: f"kept on the {where}",
        }[EscalationDecision.Decision(made.decision)]
        messages.success(request, f"Decision recorded: {risk.reference} {said}")
        return redirect("governance:risk", reference=risk.reference)
    return render(request, "governance/risks/decision.html", {
        "risk": risk, "s": standing, "form": form,
    })
