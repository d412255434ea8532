"""The KPI lifecycle: proposals and their approval (who may), changes versioned from a
financial year, retirement that never hides past scorecards or packs, and the annual
review applied."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from governance import lifecycle
from governance.committees import candidates
from governance.lifecycle_models import (
    DefinitionVersion,
    IndicatorProposal,
    LevelOwner,
    ReviewRecord,
    SmartCriterion,
)
from governance.models import Committee
from governance.packs import pack_data
from governance.smart import LETTERS, Assessment
from kpis.models import Council, Indicator, RatingTerms, ReviewDecision, SeriesBreak, Target
from kpis.roles import AUDITORS, COUNCILLORS
from reporting.periods import Period
from reporting.ratings import RatingBook
from reporting.scorecard import build_scorecard
from tests.factories import add_result, add_target, make_indicator, make_org_unit
from tests.views.entry_helpers import (
    HOUSING,
    approver,
    client_for,
    frozen,
    officer,
    performance_team,
    user_in,
)

pytestmark = pytest.mark.django_db
THIS_YEAR = Period.parse("2026-27")
NEXT_YEAR = Period.parse("2027-28")


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def boards():
    cbb = Committee.objects.create(name="Corporate Business Board", slug="cbb",
                                   kind=Committee.Kind.OFFICER_BOARD)
    cog = Committee.objects.create(name="Chief Officer Group", slug="cog",
                                   kind=Committee.Kind.OFFICER_BOARD)
    LevelOwner.objects.create(level="service_pi", committee=cbb)
    LevelOwner.objects.create(level="corporate_kpi", committee=cog)
    lifecycle.adopt_wording("worcestershire")
    return {"cbb": cbb, "cog": cog}


def smart(met: bool = True) -> list[Assessment]:
    return [Assessment(c.letter, c.name, c.wording, met, f"Because {c.letter}")
            for c in SmartCriterion.objects.all()]


def new_indicator(code: str = "HOU10", level: str = "service_pi", **fields):
    values = dict(code=code, title="Empty homes brought back into use",
                  definition="Long-term empty homes reoccupied.", level=level,
                  org_unit_id=make_org_unit(HOUSING).pk, unit="number", polarity="higher",
                  frequency="quarterly", collection="cumulative", target=Decimal("40"),
                  from_year=NEXT_YEAR, reason="A Corporate Plan priority.")
    values.update(fields)
    return lifecycle.NewIndicator(**values)


# --- SMART wording -----------------------------------------------------------------


def test_adopting_a_councils_wording_stores_its_five_letters(boards):
    lifecycle.adopt_wording("north-west-leicestershire")
    assert "".join(SmartCriterion.objects.values_list("letter", flat=True)) == "".join(LETTERS)
    assert SmartCriterion.objects.get(letter="T").name == "Timely"
    assert "North West Leicestershire" in SmartCriterion.objects.first().source


# --- proposing ---------------------------------------------------------------------


def test_an_officer_proposes_a_new_indicator_to_the_board_that_owns_its_level(boards):
    proposal = lifecycle.propose_new(officer(), new_indicator(), smart())
    proposal.refresh_from_db()
    assert proposal.board == boards["cbb"]
    assert proposal.status == IndicatorProposal.Status.PENDING
    assert [row["letter"] for row in proposal.smart] == list(LETTERS)
    assert proposal.smart[4]["name"] == "Time-bound"  # Worcestershire's wording, kept
    assert not Indicator.objects.filter(code="HOU10").exists()


def test_a_proposal_needs_every_smart_letter_justified(boards):
    incomplete = smart()[:4]
    with pytest.raises(lifecycle.LifecycleError, match="all five SMART criteria"):
        lifecycle.propose_new(officer(), new_indicator(), incomplete)


def test_a_level_no_board_owns_cannot_be_proposed(boards):
    with pytest.raises(lifecycle.LifecycleError, match="No board owns Team PI"):
        lifecycle.propose_new(officer(), new_indicator(level="team_pi"), smart())


def test_a_councillor_or_auditor_cannot_propose(boards):
    for role in (COUNCILLORS, AUDITORS):
        with pytest.raises(PermissionDenied):
            lifecycle.propose_new(user_in(f"u-{role}", role), new_indicator(), smart())


def test_only_the_owner_or_an_approver_proposes_a_change(boards):
    owner = officer()
    indicator = make_indicator("HOU01", org_unit=make_org_unit(HOUSING), owner=owner)
    with pytest.raises(PermissionDenied):
        lifecycle.propose_change(officer("other"), indicator, from_year=NEXT_YEAR,
                                 reason="x", target=Decimal(1))
    assert lifecycle.propose_change(owner, indicator, from_year=NEXT_YEAR, reason="x",
                                    target=Decimal(1)).kind == "change"
    assert lifecycle.propose_change(approver(), indicator, from_year=NEXT_YEAR, reason="x",
                                    target=Decimal(1)).board == boards["cbb"]


def test_a_retired_indicator_is_not_changed(boards):
    owner = officer()
    indicator = make_indicator("HOU01", org_unit=make_org_unit(HOUSING), owner=owner,
                               status="retired")
    with pytest.raises(lifecycle.LifecycleError, match="retired"):
        lifecycle.propose_change(owner, indicator, from_year=NEXT_YEAR, reason="x",
                                 target=Decimal(1))


# --- deciding ----------------------------------------------------------------------


def test_the_proposer_never_approves_their_own_proposal(boards):
    team = performance_team()
    proposal = lifecycle.propose_new(team, new_indicator(), smart())
    assert not lifecycle.can_decide(team, proposal)
    with pytest.raises(PermissionDenied):
        lifecycle.decide(team, proposal, approve=True, reasons="Fine")


def test_an_approver_decides_only_for_their_own_area(boards):
    proposal = lifecycle.propose_new(officer(), new_indicator(), smart())
    assert lifecycle.can_decide(approver(), proposal)
    assert not lifecycle.can_decide(approver("sally", unit="People / Schools"), proposal)
    assert not lifecycle.can_decide(officer("ollie"), proposal)
    assert lifecycle.can_decide(performance_team(), proposal)


def test_approving_a_new_indicator_for_next_year_creates_it_in_development_until_then(boards):
    proposal = lifecycle.propose_new(officer(), new_indicator(), smart())
    lifecycle.decide(approver(), proposal, approve=True, reasons="Agreed by CBB")
    proposal.refresh_from_db()
    indicator = Indicator.objects.get(code="HOU10")
    assert proposal.status == "approved" and proposal.indicator == indicator
    assert proposal.decision_reasons == "Agreed by CBB"
    assert indicator.status == "in_development"
    assert Target.objects.get(indicator=indicator, period=NEXT_YEAR.key).target == 40
    book = RatingBook.load(NEXT_YEAR.end)
    assert book.facts(indicator.pk, NEXT_YEAR).status.value == "targeted"
    assert book.facts(indicator.pk, THIS_YEAR).status.value == "in_development"


def test_approving_for_this_year_creates_a_targeted_indicator(boards):
    proposal = lifecycle.propose_new(officer(), new_indicator(from_year=THIS_YEAR), smart())
    lifecycle.decide(approver(), proposal, approve=True, reasons="Agreed")
    assert Indicator.objects.get(code="HOU10").status == "targeted"


def test_rejecting_records_the_reasons_and_creates_nothing(boards):
    proposal = lifecycle.propose_new(officer(), new_indicator(), smart(met=False))
    lifecycle.decide(approver(), proposal, approve=False, reasons="Not measurable")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_reasons) == ("rejected", "Not measurable")
    assert not Indicator.objects.filter(code="HOU10").exists()
    assert proposal.history.count() == 2  # proposed, then decided: attributed


def test_a_decision_needs_reasons_and_is_made_once(boards):
    proposal = lifecycle.propose_new(officer(), new_indicator(), smart())
    board_member = approver()
    with pytest.raises(lifecycle.LifecycleError, match="reasons"):
        lifecycle.decide(board_member, proposal, approve=True, reasons=" ")
    lifecycle.decide(board_member, proposal, approve=False, reasons="No")
    with pytest.raises(PermissionDenied):
        lifecycle.decide(performance_team(), proposal, approve=True, reasons="Yes")


def test_an_approved_definition_change_is_a_new_version_from_its_year(boards):
    owner = officer()
    indicator = make_indicator("HOU01", org_unit=make_org_unit(HOUSING), owner=owner,
                               definition="Counted from referral.")
    proposal = lifecycle.propose_change(owner, indicator, from_year=NEXT_YEAR,
                                        reason="Match the national return",
                                        definition="Counted from first contact.")
    lifecycle.decide(approver(), proposal, approve=True, reasons="Agreed")
    indicator.refresh_from_db()
    assert indicator.definition == "Counted from first contact."
    assert lifecycle.definition_in(indicator, THIS_YEAR).definition == "Counted from referral."
    assert lifecycle.definition_in(indicator, NEXT_YEAR).definition == (
        "Counted from first contact.")
    assert DefinitionVersion.objects.filter(indicator=indicator).count() == 2
    assert SeriesBreak.objects.get(indicator=indicator).period == "2027-28-Q1"


def test_an_approved_target_change_sets_that_years_target_and_leaves_earlier_ones(boards):
    owner = officer()
    indicator = make_indicator("HOU01", org_unit=make_org_unit(HOUSING), owner=owner)
    add_target(indicator, THIS_YEAR.key, 80)
    add_result(indicator, "2026-27-Q1", 78)
    before = RatingBook.load(THIS_YEAR.end).rate(indicator.pk, Period.parse("2026-27-Q1"))
    proposal = lifecycle.propose_change(owner, indicator, from_year=NEXT_YEAR, reason="Raise",
                                        target=Decimal("90"))
    lifecycle.decide(approver(), proposal, approve=True, reasons="Agreed")
    assert Target.objects.get(indicator=indicator, period=NEXT_YEAR.key).target == 90
    assert Target.objects.get(indicator=indicator, period=THIS_YEAR.key).target == 80
    after = RatingBook.load(THIS_YEAR.end).rate(indicator.pk, Period.parse("2026-27-Q1"))
    assert after.assessment.rag is before.assessment.rag  # never re-rated
    target = Target.objects.get(indicator=indicator, period=NEXT_YEAR.key)
    assert target.history.first().history_change_reason.startswith("Approved by")


# --- retirement from a year ----------------------------------------------------------


@pytest.fixture
def retired_from_this_year(boards):
    indicator = make_indicator("HOU02", org_unit=make_org_unit(HOUSING))
    add_target(indicator, "2025-26", 90)
    add_result(indicator, "2025-26-Q4", 95)
    lifecycle.retire(indicator, THIS_YEAR, "Annual review: retired")
    return indicator


def test_retiring_keeps_the_indicator_and_its_history(retired_from_this_year):
    indicator = Indicator.objects.get(code="HOU02")
    assert indicator.status == "retired"
    assert indicator.results.count() == 1
    assert RatingTerms.objects.filter(indicator=indicator, applies_from=THIS_YEAR.key,
                                      status="retired").exists()


def test_a_past_scorecard_still_shows_an_indicator_retired_later(retired_from_this_year):
    codes = lambda period: [r.indicator.code for r in build_scorecard(Period.parse(period))]  # noqa: E731
    assert "HOU02" in codes("2025-26-Q4")
    assert "HOU02" not in codes("2026-27-Q1")


def test_a_past_pack_still_has_an_indicator_retired_later(retired_from_this_year):
    Council.objects.create(name="Northshire County Council", short_name="Northshire")
    scrutiny = Committee.objects.create(name="Housing panel", slug="housing",
                                        kind=Committee.Kind.SCRUTINY)
    assert [r["code"] for r in pack_data(scrutiny, Period.parse("2025-26-Q4"))["indicators"]] \
        == ["HOU02"]
    assert pack_data(scrutiny, Period.parse("2026-27-Q1"))["indicators"] == []


def test_a_remit_without_a_period_sees_the_indicator_retired_now(retired_from_this_year):
    [candidate] = candidates()
    assert candidate.retired
    [then] = candidates(as_at=Period.parse("2025-26-Q4"))
    assert not then.retired


# --- the annual review applied ---------------------------------------------------------


@pytest.fixture
def reviewed(boards):
    unit = make_org_unit(HOUSING)
    decider = approver()
    keep = make_indicator("HOU01", org_unit=unit)
    change = make_indicator("HOU02", org_unit=unit)
    retire = make_indicator("HOU03", org_unit=unit)
    corporate = make_indicator("CORP1", org_unit=unit, level="corporate_kpi")
    add_result(retire, "2025-26-Q4", 10)
    for indicator, decision, note in ((keep, "keep", ""), (change, "change", "Count households"),
                                      (retire, "retire", "Replaced"), (corporate, "keep", "")):
        ReviewDecision.objects.create(indicator=indicator, year=NEXT_YEAR.key,
                                      decision=decision, note=note, decided_by=decider)
    added = lifecycle.propose_new(officer(), new_indicator(), smart())
    lifecycle.decide(performance_team("pt2"), added, approve=True, reasons="Agreed")
    return performance_team()


def test_applying_the_review_retires_opens_changes_and_records_each_boards_lists(reviewed):
    records = lifecycle.apply_review(reviewed, NEXT_YEAR)
    by_board = {r.committee.slug: r for r in records}
    cbb = by_board["cbb"]
    assert [e["code"] for e in cbb.kept] == ["HOU01"]
    assert [e["code"] for e in cbb.changed] == ["HOU02"]
    assert [e["code"] for e in cbb.retired] == ["HOU03"]
    assert [e["code"] for e in cbb.added] == ["HOU10"]
    assert [e["code"] for e in by_board["cog"].kept] == ["CORP1"]
    retired = Indicator.objects.get(code="HOU03")
    assert retired.status == "retired"
    assert RatingTerms.objects.get(indicator=retired, applies_from=NEXT_YEAR.key).status == (
        "retired")
    change = IndicatorProposal.objects.get(kind="change")
    assert (change.indicator.code, change.status, change.from_year, change.reason) == (
        "HOU02", "pending", NEXT_YEAR.key, "Count households")
    assert change.review_decision.decision == "change"


def test_applying_the_review_again_does_nothing_twice(reviewed):
    lifecycle.apply_review(reviewed, NEXT_YEAR)
    lifecycle.apply_review(reviewed, NEXT_YEAR)
    assert IndicatorProposal.objects.filter(kind="change").count() == 1
    assert ReviewRecord.objects.count() == 2
    assert RatingTerms.objects.filter(indicator__code="HOU03").count() == 2


def test_only_the_performance_team_applies_the_review(reviewed):
    with pytest.raises(PermissionDenied):
        lifecycle.apply_review(approver("al2"), NEXT_YEAR)


def test_the_review_is_not_applied_while_a_level_has_no_board(reviewed):
    LevelOwner.objects.filter(level="corporate_kpi").delete()
    with pytest.raises(lifecycle.LifecycleError, match="No board owns Corporate KPI"):
        lifecycle.apply_review(reviewed, NEXT_YEAR)
    assert not ReviewRecord.objects.exists()


# --- screens -------------------------------------------------------------------------


def smart_post(met: str = "yes") -> dict:
    data = {}
    for letter in LETTERS:
        data[f"smart_{letter}"] = met
        data[f"smart_{letter}_why"] = f"Reason {letter}"
    return data


def test_it_proposes_a_new_indicator_through_the_form(boards):
    unit = make_org_unit(HOUSING)
    response = client_for(officer()).post(reverse("governance:proposal_new"), {
        "code": "HOU10", "title": "Empty homes", "definition": "Reoccupied.",
        "level": "service_pi", "org_unit": unit.pk, "unit": "number", "polarity": "higher",
        "frequency": "quarterly", "collection": "discrete", "target": "40",
        "from_year": NEXT_YEAR.key, "reason": "Priority", **smart_post(),
    })
    proposal = IndicatorProposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:proposal", args=[proposal.pk])
    assert (proposal.code, proposal.target, proposal.board) == ("HOU10", 40, boards["cbb"])


def test_it_shows_what_to_correct_on_the_proposal_form(boards):
    response = client_for(officer()).post(reverse("governance:proposal_new"), {"code": ""})
    assert response.status_code == 400
    content = response.content.decode()
    assert "<title>Error:" in content
    assert "Enter the code" in content
    assert "Say whether the indicator is time-bound" in content


def test_it_refuses_the_proposal_form_to_a_councillor(boards):
    client = client_for(user_in("cllr", COUNCILLORS))
    assert client.get(reverse("governance:proposal_new")).status_code == 403
    assert client.get(reverse("governance:proposals")).status_code == 200


def test_it_lists_proposals_by_status(boards):
    lifecycle.propose_new(officer(), new_indicator(), smart())
    client = client_for(performance_team())
    assert "HOU10" in client.get(reverse("governance:proposals")).content.decode()
    assert "HOU10" not in client.get(
        reverse("governance:proposals") + "?status=approved").content.decode()


def test_it_records_the_boards_decision(boards):
    proposal = lifecycle.propose_new(officer(), new_indicator(), smart())
    client = client_for(approver())
    page = client.get(reverse("governance:proposal", args=[proposal.pk])).content.decode()
    assert "Record the board's decision" in page
    response = client.post(reverse("governance:proposal_decide", args=[proposal.pk]),
                           {"decision": "reject", "reasons": "Not measurable"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "rejected"


def test_it_refuses_the_decision_to_the_proposer(boards):
    owner = officer()
    proposal = lifecycle.propose_new(owner, new_indicator(), smart())
    client = client_for(owner)
    assert "Record the board" not in client.get(
        reverse("governance:proposal", args=[proposal.pk])).content.decode()
    response = client.post(reverse("governance:proposal_decide", args=[proposal.pk]),
                           {"decision": "approve", "reasons": "Mine"})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "pending"


def test_it_proposes_a_change_and_asks_for_something_to_change(boards):
    owner = officer()
    indicator = make_indicator("HOU01", org_unit=make_org_unit(HOUSING), owner=owner)
    url = reverse("governance:proposal_change", args=["HOU01"])
    client = client_for(owner)
    response = client.post(url, {"from_year": NEXT_YEAR.key, "reason": "Why"})
    assert response.status_code == 400
    assert "Enter a new definition or a new target" in response.content.decode()
    client.post(url, {"from_year": NEXT_YEAR.key, "reason": "Why", "target": "95%"})
    assert IndicatorProposal.objects.get(indicator=indicator).target == 95
    assert client_for(officer("other")).get(url).status_code == 403


def test_it_applies_the_review_and_shows_each_boards_record(reviewed):
    client = client_for(reviewed)
    assert client.get(reverse("governance:review_apply", args=[NEXT_YEAR.key])).status_code \
        == 200
    response = client.post(reverse("governance:review_apply", args=[NEXT_YEAR.key]))
    assert response["Location"] == reverse("governance:review_records", args=[NEXT_YEAR.key])
    page = client.get(response["Location"]).content.decode()
    assert "Corporate Business Board" in page and "HOU03" in page
    assert client_for(approver("al3")).post(
        reverse("governance:review_apply", args=[NEXT_YEAR.key])).status_code == 403


def test_the_public_pages_still_show_an_indicator_retired_later_for_its_live_years(
    retired_from_this_year,
):
    from datetime import date

    from governance.models import ReportingPeriod
    from reporting.public.published import load

    Indicator.objects.filter(code="HOU02").update(published=True)
    for key, issued in (("2025-26-Q4", date(2026, 5, 20)), ("2026-27-Q1", date(2026, 8, 20))):
        ReportingPeriod.objects.create(period=key, entry_deadline=issued,
                                       signoff_deadline=issued, issued_on=issued)
    publication = load()

    def shown(period: str) -> list[str]:
        return [i.code for pillar in publication.summary(Period.parse(period))
                for i, _ in pillar.rows]

    assert shown("2025-26-Q4") == ["HOU02"]
    assert shown("2026-27-Q1") == []


def test_the_proposals_list_takes_the_same_queries_for_5_or_50(boards):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(performance_team())
    proposer = officer()

    def count(n: int) -> int:
        for i in range(n):
            lifecycle.propose_new(proposer, new_indicator(code=f"N{len(str(i))}X{i}"), smart())
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("governance:proposals")).status_code == 200
        return len(captured)

    assert count(5) == count(45)
