"""The demo council's risk registers: every kind of register, believable risks caught
mid-cycle, each rule with something to show."""

import io
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from governance import risk_rules
from governance import risks as risk_registers
from governance.models import Committee, EscalationDecision, Risk, RiskRegister

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def standings(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--today", TODAY.isoformat(), stdout=io.StringIO())
        yield risk_registers.standings(risk_registers.open_risks(), TODAY)
        transaction.set_rollback(True)


def test_the_demo_has_every_kind_of_register_and_about_fifty_risks(standings):
    assert Counter(RiskRegister.objects.values_list("level", flat=True)) == {
        "corporate": 1, "directorate": 5, "service": 4, "programme": 1, "project": 1}
    assert 40 <= len(standings) <= 60
    assert all(s.inherent >= s.current >= s.target for s in standings)


def test_the_demo_shows_every_rule(standings):
    moves = Counter(s.move for s in standings if s.awaiting_decision)
    assert {risk_rules.Move.ESCALATE, risk_rules.Move.STEP_DOWN,
            risk_rules.Move.CLOSE} <= set(moves)
    reviews = Counter(s.review for s in standings)
    assert reviews[risk_rules.Review.OVERDUE] >= 3 and reviews[risk_rules.Review.DUE_SOON] >= 3
    above = sum(s.above_appetite for s in standings)
    assert 0 < above < len(standings)
    assert Risk.objects.filter(indicators__isnull=False).distinct().count() >= 30


def test_the_cyber_risk_was_escalated_by_a_recorded_decision(standings):
    decision = EscalationDecision.objects.get(decision="escalate")
    assert decision.risk.reference == "CR04" and decision.risk.register.slug == "corporate"
    assert decision.decided_by.username == "performance"


def test_the_officer_owns_highways_risks_and_the_risk_report_goes_to_cabinet(standings):
    assert Risk.objects.filter(owner__username="officer").count() == 2
    assert set(Committee.objects.filter(reports_risks=True).values_list("slug", flat=True)) == {
        "cbb", "cabinet"}
