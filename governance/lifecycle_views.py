"""Screens for the KPI lifecycle: proposals, changes, the board's decision, and applying
the annual review. Thin views over governance/lifecycle.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance import lifecycle
from governance.lifecycle_forms import ChangeForm, DecisionForm, ProposalForm
from governance.lifecycle_models import IndicatorProposal, ReviewRecord, SmartCriterion
from governance.smart import from_json
from kpis import permissions
from kpis.models import Indicator, ReviewDecision
from reporting.periods import Frequency, Period
from reporting.periods_http import year_or_404


def _next_year() -> Period:
    return Period.containing(timezone.localdate(), Frequency.ANNUAL).next()


PROPOSALS_PER_PAGE = 25


def proposal_list(request):
    """Proposals, newest first, a page at a time, filtered by status."""
    permissions.require(permissions.sees_proposals(request.user))
    status = request.GET.get("status", "")
    proposals = IndicatorProposal.objects.select_related(
        "indicator", "board", "org_unit", "proposed_by").order_by("-proposed_at", "-pk")
    if status in IndicatorProposal.Status.values:
        proposals = proposals.filter(status=status)
    else:
        status = ""
    page = Paginator(proposals, PROPOSALS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "governance/proposals.html", {
        "proposals": page.object_list, "page": page, "status": status,
        "pages": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
        if page.paginator.num_pages > 1 else [],
        "ellipsis": Paginator.ELLIPSIS,
        "statuses": IndicatorProposal.Status.choices,
        "may_propose": permissions.may_propose(request.user),
    })


def proposal_new(request):
    permissions.require(permissions.may_propose(request.user))
    criteria = list(SmartCriterion.objects.all())
    form = ProposalForm(request.POST or None, criteria=criteria, first_year=_next_year())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = lifecycle.propose_new(request.user, lifecycle.NewIndicator(
                code=data["code"], title=data["title"], definition=data["definition"],
                level=data["level"], org_unit_id=data["org_unit"].pk, unit=data["unit"],
                polarity=data["polarity"], frequency=data["frequency"],
                collection=data["collection"], target=data["target_value"],
                from_year=Period.parse(data["from_year"]), reason=data["reason"],
            ), form.assessment())
        except lifecycle.LifecycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{proposal.code} proposed to {proposal.board}")
            return redirect("governance:proposal", pk=proposal.pk)
    return render(request, "governance/proposal_form.html", {
        "form": form, "criteria": criteria, "source": criteria[0].source if criteria else "",
    }, status=400 if form.errors else 200)


def proposal_change(request, code: str):
    indicator = get_object_or_404(Indicator.objects.select_related("org_unit"), code=code)
    permissions.require(permissions.can_propose_change(request.user, indicator))
    form = ChangeForm(request.POST or None, indicator=indicator, first_year=_next_year())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = lifecycle.propose_change(
                request.user, indicator, from_year=Period.parse(data["from_year"]),
                reason=data["reason"], definition=data["definition"],
                target=data["target_value"],
            )
        except lifecycle.LifecycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Change to {indicator.code} proposed to {proposal.board}")
            return redirect("governance:proposal", pk=proposal.pk)
    return render(request, "governance/proposal_change.html", {
        "form": form, "indicator": indicator,
    }, status=400 if form.errors else 200)


def _proposal(pk: int) -> IndicatorProposal:
    return get_object_or_404(IndicatorProposal.objects.select_related(
        "indicator__org_unit", "board", "org_unit", "proposed_by", "decided_by"), pk=pk)


def proposal_detail(request, pk: int):
    permissions.require(permissions.sees_proposals(request.user))
    proposal = _proposal(pk)
    versions = (proposal.indicator.definition_versions.all()
                if proposal.indicator_id else [])
    return render(request, "governance/proposal.html", {
        "proposal": proposal, "smart": from_json(proposal.smart), "versions": versions,
        "form": DecisionForm() if lifecycle.can_decide(request.user, proposal) else None,
    })


@require_POST
def proposal_decide(request, pk: int):
    proposal = _proposal(pk)
    permissions.require(lifecycle.can_decide(request.user, proposal))
    form = DecisionForm(request.POST)
    if form.is_valid():
        lifecycle.decide(request.user, proposal,
                         approve=form.cleaned_data["decision"] == "approve",
                         reasons=form.cleaned_data["reasons"])
        messages.success(request, f"{proposal.name}: {proposal.get_status_display().lower()}")
        return redirect("governance:proposal", pk=proposal.pk)
    return render(request, "governance/proposal.html", {
        "proposal": proposal, "smart": from_json(proposal.smart), "form": form,
        "versions": proposal.indicator.definition_versions.all() if proposal.indicator_id
        else [],
    }, status=400)


def review_apply(request, year: str):
    """The performance team applies the year's annual review decisions."""
    permissions.require(permissions.is_performance_team(request.user))
    when = year_or_404(year)
    if request.method == "POST":
        try:
            records = lifecycle.apply_review(request.user, when)
        except lifecycle.LifecycleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Annual review for {when.label} applied: "
                             f"{len(records)} board record{'s' if len(records) != 1 else ''}")
        return redirect("governance:review_records", year=when.key)
    decisions = ReviewDecision.objects.filter(year=when.key)
    counts = {choice: decisions.filter(decision=choice).count()
              for choice in ReviewDecision.Decision.values}
    return render(request, "governance/review_apply.html", {"year": when, "counts": counts})


def review_records(request, year: str):
    permissions.require(permissions.signs_off(request.user)
                        or permissions.can_read_all(request.user))
    when = year_or_404(year)
    records = ReviewRecord.objects.filter(year=when.key).select_related(
        "committee", "applied_by").order_by("committee__name")
    return render(request, "governance/review_records.html", {
        "year": when, "records": records,
        "may_apply": permissions.is_performance_team(request.user),
    })
