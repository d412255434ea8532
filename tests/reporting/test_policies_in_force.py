"""RAG policies as data: which policy is in force, band precedence and each scheme end to end."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kpis.models import PolicyAssignment, RagPolicy, Target
from reporting.engine import DEFAULT_POLICY, PolicyKind
from reporting.periods import Period
from reporting.ratings import RatingBook
from tests.factories import add_result, add_target, add_tolerance, make_indicator

BELFAST = "Belfast: green within 1%, amber to 5%"
BRACKNELL = "Bracknell Forest: green within 5%, amber to 10%"
KENT = "Kent: floor standards"
LINCOLN = "City of Lincoln: low and high targets"
HAVERING = "Havering: direction-dependent 10%"
NWL = "North West Leicestershire: 5% band"
FINANCIAL = "Financial KPIs: 10% band"
IN_FORCE = "Target with amber band (tolerance in force)"
Q2 = "2025-26-Q2"


def assign(name: str, scope: str = "council", indicator=None, applies_from=None):
    return PolicyAssignment.objects.create(
        scope=scope, indicator=indicator, applies_from=applies_from,
        policy=RagPolicy.objects.get(name=name),
    )


def rag(indicator, period: str = Q2, as_at: str | None = None) -> str:
    book = RatingBook.load(Period.parse(as_at or period).end)
    return book.rate(indicator.id, Period.parse(period)).assessment.rag.value


def quarter(code: str, actual, target=100, period: str = Q2, **fields):
    indicator = make_indicator(code, **fields)
    if target is not None:
        add_target(indicator, period, target)
    add_result(indicator, period, actual)
    return indicator


def thresholds(indicator, period: str, **values) -> Target:
    return Target.objects.create(
        indicator=indicator, period=period,
        **{name: Decimal(str(value)) for name, value in values.items()},
    )


def scorecard(period: str = Q2) -> dict[str, dict[str, str]]:
    out = io.StringIO()
    call_command("export_scorecard", "--period", period, stdout=out, stderr=io.StringIO())
    return {row["code"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}


# --- which policy is in force -----------------------------------------------------------


@pytest.mark.django_db
def test_the_published_policies_are_created_by_migration_and_none_is_assigned():
    names = set(RagPolicy.objects.values_list("name", flat=True))

    assert {BELFAST, BRACKNELL, KENT, LINCOLN, HAVERING, NWL, FINANCIAL, IN_FORCE} <= names
    assert RagPolicy.objects.get(name=BELFAST).kind == PolicyKind.GREEN_BAND.value
    assert not PolicyAssignment.objects.exists()


@pytest.mark.django_db
def test_with_no_assignment_the_default_rates_exactly_as_before():
    cases = {"A": 100, "B": 95, "C": 90, "D": "89.99", "E": 120}
    indicators = {code: quarter(code, actual) for code, actual in cases.items()}
    lower = quarter("L", 105, polarity="lower")
    before = {code: rag(ind) for code, ind in indicators.items()}
    book = RatingBook.load(Period.parse(Q2).end)

    assert book.rules(indicators["A"].id, Period.parse(Q2)).policy == DEFAULT_POLICY
    assert before == {"A": "GREEN", "B": "AMBER", "C": "AMBER", "D": "RED", "E": "GREEN"}
    assert rag(lower) == "AMBER"

    assign(IN_FORCE)

    assert {code: rag(ind) for code, ind in indicators.items()} == before
    assert rag(lower) == "AMBER"


@pytest.mark.django_db
def test_a_council_assignment_rates_every_indicator_by_that_policy():
    indicator = quarter("K1", "99.5")
    assert rag(indicator) == "AMBER"

    assign(BELFAST)

    assert rag(indicator) == "GREEN"


@pytest.mark.django_db
def test_the_most_specific_scope_wins_indicator_then_financial_then_council():
    assign(NWL)
    assign(FINANCIAL, scope="financial")
    other = quarter("OTH", 93)
    money = quarter("FIN", 93, financial=True, unit="currency")
    own = quarter("OWN", "99.5", financial=True, unit="currency")
    assign(BELFAST, scope="indicator", indicator=own)

    assert rag(other) == "RED"  # council: 5% band
    assert rag(money) == "AMBER"  # financial: 10% band
    assert rag(own) == "GREEN"  # its own: green within 1%


@pytest.mark.django_db
def test_an_indicators_own_policy_from_the_start_beats_a_later_council_policy():
    assign(NWL, applies_from="2025-26")
    indicator = quarter("K1", "99.5")
    assign(BELFAST, scope="indicator", indicator=indicator)

    assert rag(indicator) == "GREEN"


@pytest.mark.django_db
def test_assigning_a_new_policy_from_2025_26_does_not_re_rate_2024_25():
    indicator = make_indicator("K1")
    for period in ("2024-25-Q4", "2025-26-Q1"):
        add_target(indicator, period, 100)
        add_result(indicator, period, "99.5")

    assign(BELFAST, scope="indicator", indicator=indicator, applies_from="2025-26")

    assert rag(indicator, "2024-25-Q4", as_at="2025-26-Q1") == "AMBER"
    assert rag(indicator, "2025-26-Q1") == "GREEN"


@pytest.mark.django_db
def test_a_later_council_policy_replaces_an_earlier_one_from_its_first_year_only():
    assign(NWL)
    assign(BRACKNELL, applies_from="2025-26")
    indicator = make_indicator("K1")
    for period in ("2024-25-Q4", "2025-26-Q1", "2026-27-Q1"):
        add_target(indicator, period, 100)
        add_result(indicator, period, 94)

    assert rag(indicator, "2024-25-Q4", as_at="2026-27-Q1") == "RED"  # 5% band
    assert rag(indicator, "2025-26-Q1", as_at="2026-27-Q1") == "AMBER"  # green within 5%
    assert rag(indicator, "2026-27-Q1") == "AMBER"


# --- band precedence ----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_indicators_own_tolerance_beats_a_target_band_policys_band():
    assign(NWL)
    indicator = quarter("K1", 85)
    add_tolerance("indicator", indicator=indicator, pct=20)

    book = RatingBook.load(Period.parse(Q2).end)
    policy, tolerance = book.policy_and_tolerance(indicator.id, Period.parse(Q2))

    assert (policy.name, policy.amber_band, tolerance.percent) == (NWL, None, Decimal(20))
    assert rag(indicator) == "AMBER"


@pytest.mark.django_db
def test_an_indicators_own_tolerance_beats_a_direction_dependent_policys_band():
    assign(HAVERING)
    indicator = quarter("K1", 95)
    add_tolerance("indicator", indicator=indicator, pct=2)

    assert rag(indicator) == "RED"  # beyond 2%, nothing last year to compare


@pytest.mark.django_db
def test_a_policys_band_beats_the_council_and_financial_tolerances():
    add_tolerance("council", pct=20)
    add_tolerance("financial", pct=20)
    assign(NWL)
    assign(FINANCIAL, scope="financial")
    other = quarter("OTH", 90)
    money = quarter("FIN", 85, financial=True, unit="currency")

    assert rag(other) == "RED"
    assert rag(money) == "RED"


@pytest.mark.django_db
def test_a_policy_with_no_band_uses_the_tolerance_in_force():
    assign(IN_FORCE)
    add_tolerance("council", pct=20)
    council = quarter("K1", 85)
    own = quarter("K2", 97)
    add_tolerance("indicator", indicator=own, abs_=2)

    assert rag(council) == "AMBER"
    assert rag(own) == "RED"


@pytest.mark.django_db
def test_an_indicators_own_tolerance_does_not_widen_a_green_band_policy():
    assign(BELFAST)
    indicator = quarter("K1", 90)
    add_tolerance("indicator", indicator=indicator, pct=20)

    assert rag(indicator) == "RED"


# --- each scheme through the database ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "polarity", "target", "expected"),
    [
        (BELFAST, "higher", 100, {"99": "GREEN", "98.9": "AMBER", "95": "AMBER",
                                  "94.9": "RED", "101": "GREEN"}),
        (BELFAST, "lower", 20, {"20.2": "GREEN", "20.21": "AMBER", "21": "AMBER",
                                "21.01": "RED"}),
        (BRACKNELL, "higher", 100, {"95": "GREEN", "94.9": "AMBER", "90": "AMBER",
                                    "89.9": "RED"}),
    ],
)
def test_a_green_band_policy_is_green_within_its_green_band_and_amber_to_its_amber_edge(
    name, polarity, target, expected
):
    assign(name)
    indicators = {
        actual: quarter(f"K{n}", actual, target, polarity=polarity)
        for n, actual in enumerate(expected)
    }

    assert {actual: rag(ind) for actual, ind in indicators.items()} == expected


@pytest.mark.django_db
def test_a_floor_policy_uses_the_floor_on_the_target_and_a_years_floor_covers_its_quarters():
    assign(KENT)
    indicator = make_indicator("K1")
    thresholds(indicator, "2025-26", target=90, floor=80)
    thresholds(indicator, "2025-26-Q1", target=95)
    thresholds(indicator, "2025-26-Q4", floor=85)
    for period, actual in (("2025-26-Q1", 85), ("2025-26-Q2", 79), ("2025-26-Q3", 90),
                           ("2025-26-Q4", 82)):
        add_result(indicator, period, actual)

    assert rag(indicator, "2025-26-Q1") == "AMBER"  # own target 95, the year's floor 80
    assert rag(indicator, "2025-26-Q2") == "RED"
    assert rag(indicator, "2025-26-Q3") == "GREEN"
    assert rag(indicator, "2025-26-Q4") == "RED"  # its own floor of 85


@pytest.mark.django_db
def test_a_floor_policy_without_a_floor_cannot_rate():
    assign(KENT)
    indicator = quarter("K1", 95)

    assert rag(indicator) == "NO_TARGET"


@pytest.mark.django_db
def test_a_low_and_high_policy_uses_the_low_and_high_targets_on_the_target():
    assign(LINCOLN)
    indicator = make_indicator("K1")
    thresholds(indicator, "2025-26", low_target=70, high_target=80)
    for period, actual in (("2025-26-Q1", 80), ("2025-26-Q2", 70), ("2025-26-Q3", "69.9")):
        add_result(indicator, period, actual)
    unset = quarter("K2", 99)

    assert rag(indicator, "2025-26-Q1") == "GREEN"
    assert rag(indicator, "2025-26-Q2") == "AMBER"
    assert rag(indicator, "2025-26-Q3") == "RED"
    assert rag(unset) == "NO_TARGET"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actual", "last_year", "expected"),
    [(92, None, "GREEN"), (85, 80, "AMBER"), (85, 85, "AMBER"), (85, 90, "RED"),
     (85, None, "RED")],
)
def test_a_direction_dependent_policy_looks_at_the_same_period_last_year(
    actual, last_year, expected
):
    assign(HAVERING)
    indicator = quarter("K1", actual)
    if last_year is not None:
        add_result(indicator, "2024-25-Q2", last_year)

    assert rag(indicator) == expected


@pytest.mark.django_db
def test_a_blue_policy_makes_green_with_the_stretch_met_blue_in_the_scorecard():
    RagPolicy.objects.create(name="Blue for stretch", kind="target_band", blue_for_stretch=True)
    met = make_indicator("S1")
    add_target(met, Q2, 80, 90)
    add_result(met, Q2, "91.5")
    green = make_indicator("S2")
    add_target(green, Q2, 80, 90)
    add_result(green, Q2, 85)
    assert scorecard()["S1"]["rag"] == "GREEN"  # no flag: never blue

    assign("Blue for stretch")
    rows = scorecard()

    assert (rows["S1"]["rag"], rows["S1"]["stretch_met"]) == ("BLUE", "yes")
    assert rows["S2"]["rag"] == "GREEN"


@pytest.mark.django_db
def test_a_policy_without_the_blue_flag_never_gives_blue():
    assign(BELFAST)
    indicator = make_indicator("S1")
    add_target(indicator, Q2, 80, 90)
    add_result(indicator, Q2, 95)

    row = scorecard()["S1"]

    assert (row["rag"], row["stretch_met"]) == ("GREEN", "yes")


@pytest.mark.django_db
def test_the_scorecard_export_rates_by_the_policy_in_force():
    belfast = quarter("BEL", "99.5")
    quarter("DEF", "99.5")
    assign(BELFAST, scope="indicator", indicator=belfast)

    rows = scorecard()

    assert rows["BEL"]["rag"] == "GREEN"
    assert rows["DEF"]["rag"] == "AMBER"


# --- a policy's rules are frozen once it is assigned ---------------------------------------


@pytest.mark.django_db
def test_a_policys_kind_and_bands_may_change_before_it_is_assigned():
    policy = RagPolicy.objects.create(name="Draft", kind="target_band", amber_band=5)

    policy.kind, policy.green_band, policy.amber_band = "green_band", Decimal(2), Decimal(8)
    policy.full_clean()
    policy.save()

    assert RagPolicy.objects.get(name="Draft").kind == "green_band"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "floor"), ("amber_band", Decimal(7)), ("basis", "absolute"),
     ("blue_for_stretch", True)],
)
def test_a_policys_rules_cannot_change_once_it_is_assigned(field, value):
    policy = RagPolicy.objects.create(name="Live", kind="target_band", amber_band=5)
    assign("Live")

    setattr(policy, field, value)

    with pytest.raises(ValidationError, match="cannot change"):
        policy.full_clean()


@pytest.mark.django_db
def test_an_assigned_policys_name_and_description_may_still_change():
    assign(BELFAST)
    policy = RagPolicy.objects.get(name=BELFAST)

    policy.name, policy.description = "Belfast (2025)", "Reworded"
    policy.full_clean()
