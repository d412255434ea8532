"""Raising a risk, changing its description, closing it, and setting up a register: the
writes behind the screens in ``governance/risk_edit_views.py``. Each is one transaction,
and each change is attributed in the history (django-simple-history) to the person who
made it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.text import slugify

from governance import risk_rules as rules
from governance import risks
from governance.models import EscalationDecision, Risk, RiskRegister
from kpis.models import Indicator

PICKER_MATCHES = 20  # indicators offered by one search
MAX_SEARCH = 100  # characters of a search kept


@transaction.atomic
def raise_risk(form: Any, user: Any, today: date) -> Risk:
    """Save a new risk from a valid ``RiskRaiseForm``, with its linked indicators."""
    risk = form.save(commit=False)
    risk.opened_on = today
    risk._history_user = user
    risk._change_reason = "Risk raised"
    risk.save()
    form.save_m2m()
    return risk


@transaction.atomic
def change_risk(form: Any, user: Any) -> Risk:
    """Save a valid ``RiskEditForm``: the description, owner, category, controls and the
    linked indicators (the scores are left alone: they change at a review)."""
    risk = form.save(commit=False)
    risk._history_user = user
    risk._change_reason = "Description changed"
    risk.save()
    form.save_m2m()
    return risk


def close_risk(risk: Risk, reason: str, user: Any, today: date) -> EscalationDecision:
    """Close the risk as a recorded decision with its reason: the decision stays on the
    risk's page, and the risk's history says who closed it and why."""
    return risks.record_decision(risk, EscalationDecision.Decision.CLOSE, reason, user,
                                 today=today)


def suggested_reference(register: RiskRegister) -> str:
    """The next reference on the register, numbered on from its risks' references."""
    mine = list(register.risks.values_list("reference", flat=True))
    prefix = rules.reference_prefix(mine, register.name)
    taken = Risk.objects.filter(reference__startswith=prefix).values_list("reference",
                                                                           flat=True)
    return rules.next_reference(prefix, taken)


@transaction.atomic
def save_register(form: Any, user: Any) -> RiskRegister:
    """Save a valid ``RegisterForm``; a new register's address (its slug) comes from its
    name and never changes, so links to it keep working after a rename."""
    register = form.save(commit=False)
    if not register.slug:
        register.slug = _free_slug(register.name)
    register._history_user = user
    register.save()
    return register


def _free_slug(name: str) -> str:
    base = slugify(name)[:45] or "register"
    taken = set(RiskRegister.objects.filter(slug__startswith=base)
                .values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken or slug == "add":
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- the indicator picker ---------------------------------------------------------------------


def matching_indicators(search: str, chosen: list[int]) -> tuple[QuerySet[Indicator], int]:
    """The first ``PICKER_MATCHES`` live indicators every word of the search finds in
    their code or title, not already chosen, and how many there are in all."""
    found = Indicator.objects.exclude(status="retired").exclude(pk__in=chosen)
    for word in search.split()[:5]:
        found = found.filter(Q(code__icontains=word) | Q(title__icontains=word))
    return found.order_by("code")[:PICKER_MATCHES], found.count()


def chosen_indicators(ids: list[Any]) -> list[Indicator]:
    """The indicators already chosen (their ids as the form sent them), in code order."""
    wanted = [int(i) for i in ids if str(i).isdigit()]
    return list(Indicator.objects.filter(pk__in=wanted).order_by("code")) if wanted else []
