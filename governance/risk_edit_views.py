"""The screens that raise a risk, change its description and linked indicators, close it,
and add or change a register. Who may: ``kpis.permissions`` (``keeps_register``,
``can_edit_risk``, ``manages_risks``); the writes: ``governance/risk_changes.py``."""

from __future__ import annotations

from django.contrib import messages
from django.forms.utils import ErrorDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from governance import risk_changes
from governance import risk_rules as rules
from governance.models import RiskRegister, RiskScheme
from governance.risk_forms import CloseRiskForm, RegisterForm, RiskEditForm, RiskRaiseForm
from governance.risk_views import _editable, _risk
from kpis import permissions


def _picker(form, request) -> dict:
    """What the indicator picker shows: the indicators chosen so far (from the form as
    sent, or the risk's own) and, after a search, those that match."""
    if form.is_bound:
        ids = form.data.getlist("indicators")
    else:
        ids = [i.pk for i in form.initial.get("indicators", [])]
    chosen = risk_changes.chosen_indicators(ids)
    search = request.POST.get("indicator_search", "")[:risk_changes.MAX_SEARCH].strip()
    matches, found = risk_changes.matching_indicators(search, [i.pk for i in chosen]) \
        if search else ([], 0)
    return {"chosen": chosen, "matches": matches, "found": found, "search": search,
            "most": risk_changes.PICKER_MATCHES}


def _finding(request) -> bool:
    """The picker's search button without JavaScript: it sends the whole form back to be
    shown again with the matches, saving nothing."""
    return request.method == "POST" and "find_indicators" in request.POST


def _quiet(form) -> None:
    """A form sent back by the picker's search shows what was typed, without errors: the
    person has not asked to save it yet, so it is not checked."""
    form._errors = ErrorDict()
    form.cleaned_data = {}


def risk_raise(request, slug: str):
    """A keeper of the register raises a new risk on it (or on another register they
    keep), with its scores, first review date and the indicators that warn of it."""
    permissions.require(permissions.may_read_risks(request.user))
    register = get_object_or_404(RiskRegister, slug=slug)
    permissions.require(permissions.keeps_register(request.user, register))
    today = timezone.localdate()
    form = RiskRaiseForm(
        request.POST or None, registers=permissions.kept_registers(request.user),
        scheme=RiskScheme.in_force(), today=today,
        initial={"register": register.pk,
                 "reference": risk_changes.suggested_reference(register),
                 "owner": request.user.pk},
    )
    if _finding(request):
        _quiet(form)
    elif request.method == "POST" and form.is_valid():
        risk = risk_changes.raise_risk(form, request.user, today)
        messages.success(request, f"Risk {risk.reference} raised on the {risk.register.name}")
        return redirect("governance:risk", reference=risk.reference)
    return render(request, "governance/risks/risk_form.html", {
        "form": form, "register": register, "risk": None, "picker": _picker(form, request),
    }, status=400 if form.is_bound and form.errors else 200)


def risk_edit(request, reference: str):
    """The risk's owner or a keeper of its register changes what the risk is and the
    indicators that warn of it; only a keeper moves it to another owner or category."""
    risk = _editable(request, reference)
    permissions.require(risk.closed_on is None)
    may_reassign = permissions.keeps_register(request.user, risk.register)
    form = RiskEditForm(request.POST or None, instance=risk, may_reassign=may_reassign,
                        initial={"indicators": list(risk.indicators.all())})
    if _finding(request):
        _quiet(form)
    elif request.method == "POST" and form.is_valid():
        if form.has_changed():
            risk_changes.change_risk(form, request.user)
            messages.success(request, f"{risk.reference} changed")
        else:
            messages.info(request, f"Nothing was changed on {risk.reference}")
        return redirect("governance:risk", reference=risk.reference)
    return render(request, "governance/risks/risk_form.html", {
        "form": form, "register": risk.register, "risk": risk,
        "may_reassign": may_reassign, "picker": _picker(form, request),
    }, status=400 if form.is_bound and form.errors else 200)


def risk_close(request, reference: str):
    """A keeper of the register closes the risk, giving the reason: recorded as a
    decision, so the risk, its reason and who closed it stay on the record."""
    risk = _risk(request, reference)
    permissions.require(permissions.keeps_register(request.user, risk.register))
    permissions.require(risk.closed_on is None)
    form = CloseRiskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        risk_changes.close_risk(risk, form.cleaned_data["reason"], request.user,
                                timezone.localdate())
        messages.success(request, f"{risk.reference} closed")
        return redirect("governance:risk", reference=risk.reference)
    return render(request, "governance/risks/close.html", {"risk": risk, "form": form},
                  status=400 if form.errors else 200)


def indicator_search(request):
    """The picker's search as you type (htmx): the chosen indicators and the matches."""
    permissions.require(permissions.may_read_risks(request.user)
                        and permissions.may_enter_results(request.user))
    search = request.GET.get("indicator_search", "")[:risk_changes.MAX_SEARCH].strip()
    chosen = risk_changes.chosen_indicators(request.GET.getlist("indicators"))
    matches, found = risk_changes.matching_indicators(search, [i.pk for i in chosen]) \
        if search else ([], 0)
    return render(request, "governance/risks/_indicator_choices.html", {"oob": True, "picker": {
        "chosen": chosen, "matches": matches, "found": found, "search": search,
        "most": risk_changes.PICKER_MATCHES,
    }})


# --- registers -------------------------------------------------------------------------------


def _thresholds() -> list[tuple[str, rules.Thresholds | None]]:
    scheme = RiskScheme.in_force()
    return [(level.label, scheme.thresholds.get(level)) for level in rules.Level]


def register_add(request):
    """The risk managers add a register."""
    permissions.require(permissions.manages_risks(request.user))
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        register = risk_changes.save_register(form, request.user)
        messages.success(request, f"{register.name} added")
        return redirect("governance:risk_register", slug=register.slug)
    return render(request, "governance/risks/register_form.html", {
        "form": form, "register": None, "thresholds": _thresholds(),
    }, status=400 if form.errors else 200)


def register_edit(request, slug: str):
    """The risk managers change a register: its name, kind, unit, owner and the register
    above it (never making a loop)."""
    permissions.require(permissions.manages_risks(request.user))
    register = get_object_or_404(RiskRegister, slug=slug)
    form = RegisterForm(request.POST or None, instance=register)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            risk_changes.save_register(form, request.user)
            messages.success(request, f"{register.name} changed")
        else:
            messages.info(request, f"Nothing was changed on the {register.name}")
        return redirect("governance:risk_register", slug=register.slug)
    return render(request, "governance/risks/register_form.html", {
        "form": form, "register": register, "thresholds": _thresholds(),
    }, status=400 if form.errors else 200)
