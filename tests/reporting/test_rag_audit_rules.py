"""The RAG audit: reported RAG against the policy in force, unratable results, odd values."""

from __future__ import annotations

import csv
import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kpis.models import PolicyAssignment, RagPolicy, Target
from reporting.audit import cannot_rate, explain, suspicions
from reporting.engine import (
    DEFAULT_POLICY,
    BandBasis,
    Collection,
    IndicatorStatus,
    Polarity,
    Policy,
    PolicyKind,
    Rag,
    Rules,
    Tolerance,
)
from tests.factories import add_result, add_target, add_tolerance, make_indicator

COLUMNS = ["code", "title", "period", "finding", "actual", "target", "reported_rag",
           "policy_rag", "reason"]
BELFAST = "Belfast: green within 1%, amber to 5%"
KENT = "Kent: floor standards"
HIGHER, LOWER = Polarity.HIGHER, Polarity.LOWER
TARGETED = IndicatorStatus.TARGETED


def audit_text(period: str) -> str:
    out = io.StringIO()
    call_command("rag_audit", "--period", period, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def audit(period: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(audit_text(period))))


def reported(indicator, period: str, actual, rag: str = "", target=None):
    if target is not None:
        add_target(indicator, period, target)
    result = add_result(indicator, period, actual)
    result.reported_rag = rag
    result.save()
    return result


def assign(name: str, **fields):
    PolicyAssignment.objects.create(
        scope=fields.pop("scope", "council"), policy=RagPolicy.objects.get(name=name), **fields
    )


# --- the command --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_misreported_green_is_listed_with_the_reason_in_words():
    indicator = make_indicator("IT03", title="P2 incidents fixed within 8 hours")
    add_target(indicator, "2014-15", 90)
    reported(indicator, "2014-15-Q1", "80.6", "GREEN")

    text = audit_text("2014-15-Q1")
    [row] = csv.DictReader(io.StringIO(text))

    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert {k: v for k, v in row.items() if k != "reason"} == {
        "code": "IT03", "title": "P2 incidents fixed within 8 hours", "period": "2014-15-Q1",
        "finding": "mismatch", "actual": "80.6", "target": "90", "reported_rag": "GREEN",
        "policy_rag": "RED",
    }
    assert row["reason"].startswith(
        "10.4% short of target (80.6% against 90%): the council's 10% band makes this red, "
        "reported green"
    )


@pytest.mark.django_db
def test_reports_that_match_the_policy_and_results_with_no_report_give_no_finding():
    reported(make_indicator("G1"), "2025-26-Q2", 95, "GREEN", target=90)
    reported(make_indicator("A1"), "2025-26-Q2", 85, "AMBER", target=90)
    reported(make_indicator("R1"), "2025-26-Q2", 70, "RED", target=90)
    reported(make_indicator("N1"), "2025-26-Q2", 70, "", target=90)

    assert audit_text("2025-26-Q2").splitlines() == [",".join(COLUMNS)]


@pytest.mark.django_db
def test_under_a_green_band_policy_the_reason_names_both_bands():
    assign(BELFAST)
    reported(make_indicator("K1"), "2025-26-Q2", 97, "GREEN", target=100)
    reported(make_indicator("K2"), "2025-26-Q2", "99.5", "AMBER", target=100)

    rows = {row["code"]: row for row in audit("2025-26-Q2")}

    assert rows["K1"]["policy_rag"] == "AMBER"
    assert rows["K1"]["reason"] == (
        "3.0% short of target (97% against 100%): the council's bands (green within 1% band, "
        "amber within 5% band) makes this amber, reported green"
    )
    assert rows["K2"]["policy_rag"] == "GREEN"  # the default would have said amber


@pytest.mark.django_db
def test_under_a_floor_policy_the_reason_names_the_floor_standard():
    assign(KENT)
    indicator = make_indicator("K1")
    Target.objects.create(indicator=indicator, period="2025-26", target=90, floor=80)
    reported(indicator, "2025-26-Q2", 85, "GREEN")

    [row] = audit("2025-26-Q2")

    assert (row["finding"], row["policy_rag"]) == ("mismatch", "AMBER")
    assert row["reason"] == (
        "5.6% short of target (85% against 90%): the floor standard of 80% makes this amber, "
        "reported green"
    )


@pytest.mark.django_db
def test_each_period_is_audited_under_the_policy_in_force_for_it():
    indicator = make_indicator("K1")
    assign(BELFAST, scope="indicator", indicator=indicator, applies_from="2025-26")
    reported(indicator, "2024-25-Q4", "99.5", "GREEN", target=100)
    reported(indicator, "2025-26-Q1", "99.5", "GREEN", target=100)

    rows = audit("2024-25-Q4") + audit("2025-26-Q1")

    assert [(row["period"], row["policy_rag"]) for row in rows] == [("2024-25-Q4", "AMBER")]
    assert "the council's 10% band makes this amber, reported green" in rows[0]["reason"]


@pytest.mark.django_db
def test_a_reported_rag_with_no_actual_or_for_an_unrated_indicator_is_a_mismatch():
    reported(make_indicator("N1"), "2025-26-Q2", None, "GREEN", target=90)
    reported(make_indicator("B1", status="baseline"), "2025-26-Q2", 50, "AMBER")

    rows = {row["code"]: row for row in audit("2025-26-Q2")}

    assert (rows["N1"]["policy_rag"], rows["N1"]["reason"]) == (
        "NO_DATA", "there is no actual, reported green"
    )
    assert (rows["B1"]["policy_rag"], rows["B1"]["reason"]) == (
        "BASELINE", "baseline indicators are not rated red, amber or green, reported amber"
    )


@pytest.mark.django_db
def test_a_result_with_no_target_cannot_be_rated():
    reported(make_indicator("K1"), "2025-26-Q2", 50)

    [row] = audit("2025-26-Q2")

    assert (row["finding"], row["policy_rag"], row["target"]) == ("cannot_rate", "NO_TARGET", "")
    assert row["reason"].startswith("no target for this period")


@pytest.mark.django_db
def test_a_zero_target_with_a_relative_band_cannot_be_rated_fairly():
    reported(make_indicator("K1", polarity="lower"), "2025-26-Q2", 1, target=0)

    [row] = audit("2025-26-Q2")

    assert (row["finding"], row["policy_rag"], row["target"]) == ("cannot_rate", "RED", "0")
    assert "absolute tolerance" in row["reason"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "policy", [None, "North West Leicestershire: 5% band", "Havering: direction-dependent 10%"]
)
def test_a_zero_target_with_an_absolute_tolerance_is_not_reported(policy):
    if policy:
        assign(policy)
    indicator = make_indicator("K1", polarity="lower")
    add_tolerance("indicator", indicator=indicator, abs_=2)
    reported(indicator, "2025-26-Q2", 1, target=0)

    assert audit("2025-26-Q2") == []


@pytest.mark.django_db
def test_a_zero_after_a_non_zero_value_is_suspicious():
    indicator = make_indicator("K1")
    reported(indicator, "2025-26-Q1", 12, target=10)
    reported(indicator, "2025-26-Q2", 0, "RED", target=10)

    [row] = audit("2025-26-Q2")

    assert (row["finding"], row["period"], row["actual"]) == ("suspicious_value", "2025-26-Q2", "0")
    assert row["reason"].startswith("zero this period where the previous period was 12")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q1", "q2", "words"),
    [(50, 40, "fell from 50 to 40"), (50, 50, "unchanged at 50")],
)
def test_a_cumulative_count_that_falls_or_stands_still_within_a_year_is_suspicious(q1, q2, words):
    indicator = make_indicator("K1", collection="cumulative", unit="number")
    add_target(indicator, "2025-26", 30)
    reported(indicator, "2025-26-Q1", q1)
    reported(indicator, "2025-26-Q2", q2)

    rows = audit("2025-26-Q2")

    assert [(row["finding"], row["period"]) for row in rows] == [
        ("suspicious_value", "2025-26-Q2")
    ]
    assert words in rows[0]["reason"]


@pytest.mark.django_db
def test_bracknell_forests_ehcp_timeliness_at_100_percent_two_quarters_running_is_not_flagged():
    """Bracknell Forest's EHCPs issued within 20 weeks, a year-to-date percentage: 100%
    at Q1 and again at Q2 is a good year, not a figure nobody updated."""
    indicator = make_indicator(
        "EHCP20", title="EHCPs issued within 20 weeks (year to date)",
        collection="cumulative", unit="percent",
    )
    add_target(indicator, "2025-26", 60)
    reported(indicator, "2025-26-Q1", 100)
    reported(indicator, "2025-26-Q2", 100)

    assert audit("2025-26") == []


@pytest.mark.django_db
def test_a_cumulative_fall_across_the_year_boundary_is_not_suspicious():
    indicator = make_indicator("K1", collection="cumulative")
    add_target(indicator, "2024-25", 30)
    add_target(indicator, "2025-26", 30)
    reported(indicator, "2024-25-Q4", 200)
    reported(indicator, "2025-26-Q1", 40)

    assert audit("2025-26-Q1") == []


@pytest.mark.django_db
def test_a_year_covers_its_quarters_months_and_itself_and_nothing_outside_it():
    quarterly = make_indicator("Q1")
    monthly = make_indicator("M1", frequency="monthly")
    annual = make_indicator("A1", frequency="annual")
    for indicator, period in ((quarterly, "2024-25-Q4"), (quarterly, "2025-26-Q2"),
                              (monthly, "2025-10"), (monthly, "2026-04"),
                              (annual, "2025-26")):
        reported(indicator, period, 100, "RED", target=100)

    rows = audit("2025-26")

    assert [(row["code"], row["period"]) for row in rows] == [
        ("A1", "2025-26"), ("M1", "2025-10"), ("Q1", "2025-26-Q2")
    ]
    assert {(row["finding"], row["policy_rag"]) for row in rows} == {("mismatch", "GREEN")}
    assert [row["code"] for row in audit("2025-26-Q3")] == ["M1"]


@pytest.mark.django_db
def test_output_writes_the_csv_to_a_file(tmp_path):
    reported(make_indicator("K1"), "2025-26-Q2", 70, "GREEN", target=90)
    path = tmp_path / "audit.csv"
    err = io.StringIO()

    call_command("rag_audit", "--period", "2025-26-Q2", "--output", str(path),
                 stdout=io.StringIO(), stderr=err)

    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [(row["code"], row["finding"], row["policy_rag"]) for row in rows] == [
        ("K1", "mismatch", "RED")
    ]
    assert "1 finding(s)" in err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["2025-27", "Q2", "2025-26-Q5"])
def test_a_bad_period_is_a_command_error(period):
    with pytest.raises(CommandError):
        audit_text(period)


# --- the rules, without the database --------------------------------------------------------


def rules(target="90", polarity=HIGHER, **fields) -> Rules:
    return Rules(status=fields.pop("status", TARGETED), polarity=polarity,
                 target=None if target is None else D(target), **fields)


def test_explain_says_how_far_short_and_which_band_decides():
    assert explain(rules(), D("80.6"), Rag.RED, None) == (
        "10.4% short of target (80.6 against 90): the council's 10% band makes this red"
    )
    assert explain(rules("20", LOWER), D("19"), Rag.GREEN, None) == (
        "5.0% better than target (19 against 20): the council's 10% band makes this green"
    )
    assert explain(rules(), D("90.00"), Rag.GREEN, None).startswith("exactly on target (90)")


@pytest.mark.parametrize(("unit", "tolerance", "words"), [
    ("percent", Tolerance(absolute=D("5")), "10.4% short of target (80.6% against 90%): the "
     "council's band of 5 percentage points makes this red"),
    ("currency", Tolerance(absolute=D("5000")), "10.4% short of target (£80.6 against £90): "
     "the council's band of £5,000 makes this red"),
    ("days", Tolerance(), "10.4% short of target (80.6 days against 90 days): the council's "
     "10% band makes this red"),
    ("number", Tolerance(absolute=D("5")), "10.4% short of target (80.6 against 90): the "
     "council's band of 5 (in the indicator's units) makes this red"),
])
def test_explain_gives_values_and_bands_with_the_indicators_unit(unit, tolerance, words):
    assert explain(rules(tolerance=tolerance), D("80.6"), Rag.RED, None, unit=unit) == words


def test_a_share_is_rounded_half_up():
    # 10.05 short of 100 is 10.05%: 10.1% rounded half up (half to even would say 10.0%)
    assert explain(rules("100"), D("89.95"), Rag.RED, None).startswith("10.1% short")


def test_explain_names_an_absolute_band_in_the_indicators_units():
    absolute = rules("0", LOWER, tolerance=Tolerance(absolute=D("2")))

    assert explain(absolute, D("1"), Rag.AMBER, None) == (
        "1 short of a target of zero: the council's band of 2 (in the indicator's units) "
        "makes this amber"
    )


def test_explain_for_a_direction_dependent_policy_compares_with_last_year():
    havering = rules("100", policy=Policy(PolicyKind.DIRECTION_DEPENDENT, amber_band=D(10)))

    assert explain(havering, D(85), Rag.AMBER, D(80)).endswith(
        "beyond the council's 10% band and improved or held against last year (80) makes "
        "this amber"
    )
    assert "worse than last year (90)" in explain(havering, D(85), Rag.RED, D(90))
    assert "no same period last year" in explain(havering, D(85), Rag.RED, None)


def test_explain_for_low_and_high_targets_names_both():
    lincoln = rules(None, policy=Policy(PolicyKind.LOW_HIGH), low_target=D(70),
                    high_target=D(80))

    text = explain(lincoln, D(75), Rag.AMBER, None)

    assert "the low target (75 against 70)" in text
    assert "short of the high target (75 against 80)" in text
    assert text.endswith("low and high targets makes this amber")


@pytest.mark.parametrize(
    ("policy", "words"),
    [(DEFAULT_POLICY, "no target for this period"),
     (Policy(PolicyKind.FLOOR), "no target or floor standard for this period"),
     (Policy(PolicyKind.LOW_HIGH), "no low and high targets for this period")],
)
def test_cannot_rate_says_what_is_missing(policy, words):
    assert cannot_rate(rules(None, policy=policy), D(5), Rag.NO_TARGET).startswith(words)


def test_cannot_rate_a_zero_target_with_a_band_that_is_a_share_of_it():
    belfast = Policy(PolicyKind.GREEN_BAND, green_band=D(1), amber_band=D(5))
    for policy in (DEFAULT_POLICY, Policy(amber_band=D(5)), belfast):
        assert "absolute tolerance" in cannot_rate(rules("0", policy=policy), D(-1), Rag.RED)


@pytest.mark.parametrize(
    ("case", "actual", "rag"),
    [
        (rules("0", tolerance=Tolerance(absolute=D(2))), D(-1), Rag.AMBER),
        (rules("0", policy=Policy(basis=BandBasis.ABSOLUTE, amber_band=D(2))), D(-1), Rag.AMBER),
        (rules("0", policy=Policy(PolicyKind.FLOOR), floor=D(-5)), D(-1), Rag.AMBER),
        (rules("90"), D(80), Rag.RED),
        (rules(None), None, Rag.NO_DATA),
        (rules(None, status=IndicatorStatus.BASELINE), D(5), Rag.BASELINE),
        (rules(None, polarity=Polarity.NONE), D(5), Rag.CONTEXTUAL),
    ],
)
def test_cannot_rate_is_none_where_the_policy_can_rate_or_need_not(case, actual, rag):
    assert cannot_rate(case, actual, rag) is None


def test_suspicions_flag_a_zero_after_a_non_zero_whatever_the_collection():
    for collection in Collection:
        for same_year in (True, False):
            reasons = suspicions(D(0), D(7), collection, same_year, unit="number")
            assert reasons[0].startswith("zero this period where the previous period was 7")
            fell = collection is Collection.CUMULATIVE and same_year
            assert len(reasons) == (2 if fell else 1)


def test_suspicions_flag_a_cumulative_fall_or_standstill_only_within_a_year():
    cumulative = Collection.CUMULATIVE
    count = {"unit": "number"}
    assert "fell from 50 to 40" in suspicions(D(40), D(50), cumulative, True, **count)[0]
    assert "unchanged at 50" in suspicions(D("50.0"), D(50), cumulative, True, **count)[0]
    assert "unchanged at £50" in suspicions(D(50), D(50), cumulative, True, unit="currency")[0]
    assert suspicions(D(40), D(50), cumulative, False, **count) == []
    assert suspicions(D(50), D(50), cumulative, False, **count) == []
    assert suspicions(D(0), D(0), cumulative, True, **count) == []


@pytest.mark.parametrize("unit", ["percent", "ratio", "days", ""])
def test_suspicions_never_question_a_year_to_date_rate_that_holds_or_falls(unit):
    """A year-to-date percentage, ratio or average is a rate: it may stand still or fall."""
    cumulative = Collection.CUMULATIVE
    assert suspicions(D(100), D(100), cumulative, True, unit=unit) == []
    assert suspicions(D(40), D(50), cumulative, True, unit=unit) == []
    # A zero after a non-zero is still worth a question.
    assert len(suspicions(D(0), D(50), cumulative, True, unit=unit)) == 1


def test_suspicions_ignore_discrete_changes_and_missing_values():
    discrete = Collection.DISCRETE
    assert suspicions(D(40), D(50), discrete, True) == []
    assert suspicions(D(50), D(50), discrete, True) == []
    assert suspicions(None, D(50), Collection.CUMULATIVE, True) == []
    assert suspicions(D(50), None, Collection.CUMULATIVE, True) == []
