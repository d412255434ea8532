"""The risk registers' screens, permissions and records (governance/risk_views.py,
governance/risks.py): every view's access, the review, further actions, the escalation
decision, the indicator page's risks, and the scheme shipped by the migration."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import risk_rules
from governance import risks as risk_registers
from governance.models import (
    EscalationDecision,
    FurtherAction,
    Risk,
    RiskCategory,
    RiskScheme,
)
from kpis.models import Result, ResultStatus
from reporting.periods import Frequency, Period
from tests.factories import add_target, make_indicator
from tests.governance.risk_helpers import make_registers, make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def regs():
    return make_registers()


@pytest.fixture
def risk(regs):
    # 3 x 4 = 12 on a service register: flagged for escalation to the directorate
    return make_risk("HW01", regs.service, regs.owner, current=(3, 4), inherent=(4, 4),
                     target=(2, 3))


def review_data(**changes):
    data = {
        "controls": "Salt stock of 10,000 tonnes", "inherent_likelihood": "4",
        "inherent_impact": "4", "likelihood": "2", "impact": "4", "target_likelihood": "2",
        "target_impact": "3", "note": "New gritters delivered",
    }
    due = date.today() + timedelta(days=60)
    data.update({"review_due_0": str(due.day), "review_due_1": str(due.month),
                 "review_due_2": str(due.year)})
    data.update(changes)
    return data


# --- the scheme -------------------------------------------------------------------------------


def test_the_migration_ships_the_default_5_by_5_scheme():
    scheme = RiskScheme.in_force()
    default = risk_rules.DEFAULT_SCHEME
    assert scheme.likelihood == default.likelihood and scheme.impact == default.impact
    assert scheme.bands == default.bands
    assert scheme.thresholds == default.thresholds
    assert scheme.appetites == default.appetites


def test_the_default_scheme_is_put_back_where_a_database_has_lost_it():
    from governance.models import AppetiteLevel

    RiskScheme.objects.all().delete()
    RiskCategory.objects.all().delete()
    AppetiteLevel.objects.all().delete()
    assert RiskScheme.in_force() == risk_rules.DEFAULT_SCHEME  # the rules' own default
    risk_registers.install_default_scheme()
    risk_registers.install_default_scheme()  # twice changes nothing
    assert RiskScheme.objects.count() == 1
    assert RiskScheme.in_force() == risk_rules.DEFAULT_SCHEME


def test_the_councils_own_scheme_is_used_once_changed_in_the_admin(regs):
    scheme = RiskScheme.objects.get()
    scheme.thresholds.filter(level="service").update(escalate_at=20)
    risk = make_risk("HW02", regs.service, regs.owner, current=(4, 4))
    standing = risk_registers.standings([risk], date.today())[0]
    assert standing.move is risk_rules.Move.NONE


def test_a_scheme_needs_five_labels_on_each_scale():
    from django.core.exceptions import ValidationError

    scheme = RiskScheme(likelihood_labels=["A", "B"], impact_labels=list("ABCDE"))
    with pytest.raises(ValidationError):
        scheme.clean()


# --- standings --------------------------------------------------------------------------------


def test_a_standing_has_scores_bands_appetite_flag_and_review(regs, risk):
    standing = risk_registers.standings([risk], date.today())[0]
    assert (standing.inherent, standing.current, standing.target) == (16, 12, 6)
    assert (standing.inherent_band, standing.band, standing.target_band) == (
        "High", "High", "Medium")
    assert standing.appetite.name == "Cautious" and standing.above_appetite
    assert standing.move is risk_rules.Move.ESCALATE and standing.awaiting_decision
    assert standing.review is risk_risk_review_in_date()


def risk_risk_review_in_date():
    return risk_rules.Review.IN_DATE


def test_a_falling_service_risk_with_no_register_beneath_is_flagged_for_closure(regs):
    risk = make_risk("HW09", regs.service, regs.owner, current=(1, 3))
    assert risk_registers.standings([risk], date.today())[0].move is risk_rules.Move.CLOSE


def test_a_falling_directorate_risk_is_flagged_for_step_down(regs):
    risk = make_risk("PL01", regs.directorate, regs.owner, current=(2, 3))
    assert risk_registers.standings([risk], date.today())[0].move is risk_rules.Move.STEP_DOWN


# --- permissions: who may open what -----------------------------------------------------------


def test_it_sends_a_visitor_to_sign_in(client, risk):
    response = client.get(reverse("governance:risk_registers"))
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("who", ["owner", "colleague", "performance", "councillor", "auditor"])
def test_everyone_signed_in_reads_the_registers_and_risks(client, regs, risk, who):
    client.force_login(getattr(regs, who))
    for url in (reverse("governance:risk_registers"), reverse("governance:my_risks"),
                reverse("governance:risk_register", args=["highways"]),
                reverse("governance:risk", args=["HW01"])):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(("who", "status"), [
    ("owner", 200), ("performance", 200), ("colleague", 403), ("councillor", 403),
    ("auditor", 403),
])
def test_only_the_owner_and_the_risk_managers_review_a_risk(client, regs, risk, who, status):
    client.force_login(getattr(regs, who))
    assert client.get(reverse("governance:risk_review", args=["HW01"])).status_code == status
    assert client.get(reverse("governance:risk_action_add", args=["HW01"])).status_code == status


def test_a_councillor_who_owns_a_risk_still_only_reads_it(client, regs):
    make_risk("HW05", regs.service, regs.councillor)
    client.force_login(regs.councillor)
    assert client.get(reverse("governance:risk_review", args=["HW05"])).status_code == 403


@pytest.mark.parametrize(("who", "status"), [
    ("owner", 403), ("colleague", 403), ("councillor", 403), ("auditor", 403),
    ("performance", 200),
])
def test_only_the_risk_managers_record_escalation_decisions(client, regs, risk, who, status):
    client.force_login(getattr(regs, who))
    url = reverse("governance:risk_decision", args=["HW01"])
    assert client.get(url).status_code == status
    response = client.post(url, {"decision": "escalate", "reason": "Too high"})
    assert response.status_code == (302 if status == 200 else 403)


def test_an_unknown_risk_is_not_found(client, regs):
    client.force_login(regs.owner)
    assert client.get(reverse("governance:risk", args=["NOPE"])).status_code == 404


# --- the review -------------------------------------------------------------------------------


def test_the_owner_reviews_a_risk_and_the_change_is_attributed(client, regs, risk):
    client.force_login(regs.owner)
    response = client.post(reverse("governance:risk_review", args=["HW01"]), review_data())
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact) == (2, 4)
    assert risk.review_due == date.today() + timedelta(days=60)
    assert risk.last_reviewed == date.today()
    latest = risk.history.latest()
    assert latest.history_user == regs.owner
    assert latest.history_change_reason == "New gritters delivered"
    page = client.get(reverse("governance:risk", args=["HW01"])).content.decode()
    assert "New gritters delivered" in page and "Owen Tester" in page


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"likelihood": "5", "impact": "5"}, "likelihood", "cannot be higher than the score before"),
    ({"target_likelihood": "5"}, "target_likelihood", "target score cannot be higher"),
    ({"note": ""}, "note", "Enter what changed"),
    ({"review_due_0": "1", "review_due_1": "1", "review_due_2": "2020"}, "review_due",
     "must be after today"),
    ({"likelihood": "9"}, "likelihood", "Select a valid choice"),
])
def test_a_review_that_breaks_a_rule_is_refused(client, regs, risk, changes, field, message):
    client.force_login(regs.owner)
    response = client.post(reverse("governance:risk_review", args=["HW01"]),
                           review_data(**changes))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert "Error: " in response.content.decode()
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact) == (3, 4)


def test_a_colleague_cannot_post_a_review(client, regs, risk):
    client.force_login(regs.colleague)
    response = client.post(reverse("governance:risk_review", args=["HW01"]), review_data())
    assert response.status_code == 403
    risk.refresh_from_db()
    assert risk.likelihood == 3


# --- further actions --------------------------------------------------------------------------


def test_the_owner_records_a_further_action(client, regs, risk):
    client.force_login(regs.owner)
    due = date.today() + timedelta(days=20)
    response = client.post(reverse("governance:risk_action_add", args=["HW01"]), {
        "description": "Buy two more gritters", "owner": regs.colleague.pk,
        "due_on_0": due.day, "due_on_1": due.month, "due_on_2": due.year,
    })
    assert response.status_code == 302
    action = FurtherAction.objects.get(risk=risk)
    assert (action.description, action.owner, action.due_on) == (
        "Buy two more gritters", regs.colleague, due)
    assert action.history.latest().history_user == regs.owner
    assert "Buy two more gritters" in client.get(
        reverse("governance:risk", args=["HW01"])).content.decode()


def test_a_further_action_needs_a_description(client, regs, risk):
    client.force_login(regs.owner)
    response = client.post(reverse("governance:risk_action_add", args=["HW01"]),
                           {"owner": regs.owner.pk})
    assert "Enter the further action" in str(response.context["form"].errors["description"])
    assert not FurtherAction.objects.exists()


def test_the_owner_marks_an_action_done_and_a_colleague_cannot(client, regs, risk):
    action = FurtherAction.objects.create(risk=risk, description="Do it",
                                          due_on=date.today())
    url = reverse("governance:risk_action_done", args=["HW01", action.pk])
    client.force_login(regs.colleague)
    assert client.post(url).status_code == 403
    client.force_login(regs.owner)
    assert client.post(url).status_code == 302
    action.refresh_from_db()
    assert action.done_on == date.today()


# --- escalation decisions ---------------------------------------------------------------------


def test_escalating_moves_the_risk_to_the_register_above_and_records_who(client, regs, risk):
    client.force_login(regs.performance)
    client.post(reverse("governance:risk_decision", args=["HW01"]),
                {"decision": "escalate", "reason": "Beyond the service's control"})
    risk.refresh_from_db()
    assert risk.register == regs.directorate
    decision = EscalationDecision.objects.get()
    assert (decision.from_register, decision.to_register, decision.current_score,
            decision.decided_by) == (regs.service, regs.directorate, 12, regs.performance)
    assert decision.history.latest().history_user == regs.performance
    # 12 on a directorate register is not flagged: nothing awaits a decision
    assert not risk_registers.standings([risk], date.today())[0].awaiting_decision


def test_the_flag_is_never_acted_on_without_a_decision(client, regs, risk):
    client.force_login(regs.owner)
    client.get(reverse("governance:risk", args=["HW01"]))
    client.post(reverse("governance:risk_review", args=["HW01"]),
                review_data(likelihood="4", impact="4"))
    risk.refresh_from_db()
    assert risk.register == regs.service and risk.current_score == 16


def test_keeping_a_risk_answers_its_flag_until_the_score_changes(client, regs, risk):
    client.force_login(regs.performance)
    client.post(reverse("governance:risk_decision", args=["HW01"]),
                {"decision": "keep", "reason": "Managed in the service"})
    risk.refresh_from_db()
    assert risk.register == regs.service
    assert not risk_registers.standings([risk], date.today())[0].awaiting_decision
    risk.likelihood = 4
    risk.save()
    assert risk_registers.standings([risk], date.today())[0].awaiting_decision


def test_stepping_down_needs_a_register_beneath(client, regs):
    make_risk("PL01", regs.directorate, regs.owner, current=(2, 3))
    client.force_login(regs.performance)
    url = reverse("governance:risk_decision", args=["PL01"])
    response = client.post(url, {"decision": "step_down", "reason": "Fallen"})
    assert "Choose the register" in str(response.context["form"].errors["to_register"])
    client.post(url, {"decision": "step_down", "reason": "Fallen",
                      "to_register": regs.service.pk})
    assert Risk.objects.get(reference="PL01").register == regs.service


def test_stepping_down_refuses_a_register_not_beneath(client, regs):
    make_risk("PL02", regs.directorate, regs.owner, current=(2, 3))
    client.force_login(regs.performance)
    response = client.post(reverse("governance:risk_decision", args=["PL02"]), {
        "decision": "step_down", "reason": "Fallen", "to_register": regs.corporate.pk})
    assert response.status_code == 200
    assert Risk.objects.get(reference="PL02").register == regs.directorate


def test_closing_a_risk_takes_it_off_the_registers(client, regs):
    make_risk("HW09", regs.service, regs.owner, current=(1, 3))
    client.force_login(regs.performance)
    client.post(reverse("governance:risk_decision", args=["HW09"]),
                {"decision": "close", "reason": "The works are finished"})
    risk = Risk.objects.get(reference="HW09")
    assert risk.closed_on == date.today()
    response = client.get(reverse("governance:risk_register", args=["highways"]))
    assert "HW09" not in [s.risk.reference for s in response.context["standings"]]


def test_a_corporate_risk_cannot_be_escalated(regs):
    risk = make_risk("CR01", regs.corporate, regs.owner)
    with pytest.raises(ValueError):
        risk_registers.record_decision(risk, "escalate", "why", regs.performance)


def test_the_decision_form_offers_only_the_moves_the_register_allows(client, regs):
    make_risk("CR01", regs.corporate, regs.owner)
    client.force_login(regs.performance)
    form = client.get(reverse("governance:risk_decision", args=["CR01"])).context["form"]
    assert [value for value, _ in form.fields["decision"].choices] == [
        "step_down", "close", "keep"]


# --- the register page, filters and heat map --------------------------------------------------


def test_the_register_page_shows_the_heat_map_with_bands_in_words(client, regs, risk):
    client.force_login(regs.councillor)
    page = client.get(reverse("governance:risk_register", args=["highways"])).content.decode()
    assert "Heat map of current scores" in page
    assert "High 12" in page and "1 risk:" in page
    assert "Flagged for escalation" in page and "Above appetite" in page


@pytest.mark.parametrize(("query", "shown", "hidden"), [
    ({"show": "above_appetite"}, "HW01", "HW02"),
    ({"show": "flagged"}, "HW01", "HW02"),
    ({"show": "overdue"}, "HW02", "HW01"),
    ({"band": "Low"}, "HW02", "HW01"),
    ({"owner": "colleague"}, "HW02", "HW01"),
    ({"category": "Health and safety"}, "HW02", "HW01"),
])
def test_the_register_filters(client, regs, risk, query, shown, hidden):
    make_risk("HW02", regs.service, regs.colleague, current=(1, 4), inherent=(2, 4),
              target=(1, 2), category="Health and safety",
              review_due=date.today() - timedelta(days=1))
    if "owner" in query:
        query = {"owner": str(regs.colleague.pk)}
    if "category" in query:
        query = {"category": str(RiskCategory.objects.get(name="Health and safety").pk)}
    client.force_login(regs.owner)
    response = client.get(reverse("governance:risk_register", args=["highways"]), query)
    shown_refs = [s.risk.reference for s in response.context["standings"]]
    assert shown in shown_refs and hidden not in shown_refs


def test_my_risks_lists_only_mine(client, regs, risk):
    make_risk("HW02", regs.service, regs.colleague)
    client.force_login(regs.owner)
    response = client.get(reverse("governance:my_risks"))
    assert [s.risk.reference for s in response.context["standings"]] == ["HW01"]


def test_the_registers_list_counts_what_needs_attention(client, regs, risk):
    client.force_login(regs.owner)
    response = client.get(reverse("governance:risk_registers"))
    summaries = {r.slug: s for r, s in response.context["registers"]}
    assert summaries["highways"] == {"open": 1, "above_appetite": 1, "flagged": 1, "overdue": 0}
    assert [r.level for r, _ in response.context["registers"]] == [
        "corporate", "directorate", "service"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_register_and_list_queries_do_not_grow_with_risks(client, regs):
    client.force_login(regs.owner)
    for n in range(5):
        make_risk(f"A{n}", regs.service, regs.owner)
    urls = [reverse("governance:risk_register", args=["highways"]),
            reverse("governance:risk_registers"), reverse("governance:my_risks")]
    few = [_queries(client, url) for url in urls]
    for n in range(5, 30):
        make_risk(f"A{n}", regs.service, regs.owner)
    assert [_queries(client, url) for url in urls] == few


# --- indicators and risks ---------------------------------------------------------------------


def test_a_risk_shows_the_rag_history_of_its_indicators_and_the_indicator_its_risks(
    client, regs, risk
):
    period = Period.latest_ended(date.today(), Frequency.QUARTERLY)
    indicator = make_indicator("HWY01", title="Potholes repaired on time")
    add_target(indicator, period.fy.key, 90)
    add_target(indicator, period.fy.shift(-1).key, 90)
    for n, actual in enumerate(["95", "70"]):
        Result.objects.create(indicator=indicator, period=period.shift(-n).key,
                              actual=Decimal(actual), status=ResultStatus.APPROVED)
    risk.indicators.add(indicator)
    client.force_login(regs.councillor)
    response = client.get(reverse("governance:risk", args=["HW01"]))
    history = response.context["indicators"]
    assert len(history) == 1 and len(history[0].ratings) == risk_registers.RAG_HISTORY
    assert [r.assessment.rag.value for r in history[0].ratings[-2:]] == ["RED", "GREEN"]
    page = client.get(reverse("kpis:indicator", args=["HWY01"])).content.decode()
    assert "Risks this indicator warns of" in page and "HW01 Risk HW01" in page


def test_the_risk_page_reads_one_rating_book_for_all_its_indicators(client, regs, risk):
    client.force_login(regs.owner)
    risk.indicators.add(make_indicator("I1"))
    url = reverse("governance:risk", args=["HW01"])
    few = _queries(client, url)
    for n in range(2, 8):
        risk.indicators.add(make_indicator(f"I{n}"))
    assert _queries(client, url) == few


def test_an_indicator_without_risks_says_so(client, regs):
    make_indicator("HWY02")
    client.force_login(regs.owner)
    page = client.get(reverse("kpis:indicator", args=["HWY02"])).content.decode()
    assert "No risk on the council's registers is linked to this indicator" in page
