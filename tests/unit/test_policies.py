"""Unit tests for the RAG policies in reporting.engine: every scheme, blue, assess, properties."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.engine import (
    DEFAULT_POLICY,
    Assessment,
    BandBasis,
    Direction,
    ExceptionFlag,
    IndicatorStatus,
    Polarity,
    Policy,
    PolicyKind,
    Rag,
    Rules,
    Tolerance,
    assess,
    rate,
    rate_under,
    shortfall,
)

HIGHER, LOWER, NONE = Polarity.HIGHER, Polarity.LOWER, Polarity.NONE
TARGETED = IndicatorStatus.TARGETED
BLUE, GREEN, AMBER, RED = Rag.BLUE, Rag.GREEN, Rag.AMBER, Rag.RED
NO_TARGET, NO_DATA = Rag.NO_TARGET, Rag.NO_DATA
K, ABS, REL = PolicyKind, BandBasis.ABSOLUTE, BandBasis.RELATIVE
X = ExceptionFlag
RANK = {BLUE: 3, GREEN: 2, AMBER: 1, RED: 0}
CODE = {"B": BLUE, "G": GREEN, "A": AMBER, "R": RED, "N": NO_TARGET}

TB_REL = Policy(amber_band=D("10"))
TB_ABS = Policy(basis=ABS, amber_band=D("2"))
BRACKNELL = Policy(K.GREEN_BAND, green_band=D("5"), amber_band=D("10"))
BELFAST = Policy(K.GREEN_BAND, green_band=D("1"), amber_band=D("5"))
GB_ABS = Policy(K.GREEN_BAND, ABS, green_band=D("1"), amber_band=D("3"))
KENT = Policy(K.FLOOR)
LINCOLN = Policy(K.LOW_HIGH)
HAVERING = Policy(K.DIRECTION_DEPENDENT, amber_band=D("10"))
DD_ABS = Policy(K.DIRECTION_DEPENDENT, ABS, amber_band=D("2"))
ALL_POLICIES = [DEFAULT_POLICY, TB_REL, TB_ABS, BRACKNELL, BELFAST, GB_ABS, KENT, LINCOLN,
                HAVERING, DD_ABS]


def rated(policy, polarity, actual, target, *, status=TARGETED, **kw):
    return rate_under(policy, status=status, polarity=polarity, actual=actual, target=target, **kw)


def table(policy, polarity, target, points, **kw):
    """Cases from "actual:code ..." against one policy, polarity, target and thresholds."""
    out = []
    for point in points.split():
        actual, code = point.split(":")
        name = f"{policy.kind}-{policy.basis}-{polarity}-T{target}-A{actual}-{kw}"
        out.append(pytest.param(policy, polarity, target, D(actual), CODE[code], kw, id=name))
    return out


def check(policy, polarity, target, actual, expected, kw):
    target = None if target is None else D(target)
    kw = {key: (D(v) if isinstance(v, str) else v) for key, v in kw.items()}
    assert rated(policy, polarity, actual, target, **kw) is expected


CASE_ARGS = ("policy", "polarity", "target", "actual", "expected", "kw")

# --- target with amber band ----------------------------------------------------------------

TARGET_BAND = [
    *table(TB_REL, HIGHER, "100", "100.01:G 100:G 99.99:A 90.01:A 90:A 89.99:R -5:R"),
    *table(TB_REL, LOWER, "100", "-5:G 99.99:G 100:G 100.01:A 109.99:A 110:A 110.01:R"),
    *table(TB_ABS, HIGHER, "100", "100:G 99.99:A 98:A 97.99:R"),
    *table(TB_ABS, LOWER, "100", "100:G 100.01:A 102:A 102.01:R"),
    *table(TB_REL, HIGHER, "0", "0.01:G 0:G -0.01:R"),
    *table(TB_REL, LOWER, "0", "-0.01:G 0:G 0.01:R"),
    *table(TB_ABS, HIGHER, "0", "0:G -0.01:A -2:A -2.01:R"),
    *table(TB_ABS, LOWER, "0", "0:G 0.01:A 2:A 2.01:R"),
    *table(TB_REL, HIGHER, "-50", "-49.99:G -50:G -50.01:A -55:A -55.01:R"),
    *table(TB_REL, LOWER, "-50", "-50.01:G -50:G -49.99:A -45:A -44.99:R"),
    *table(TB_ABS, LOWER, "-50", "-50:G -49.99:A -48:A -47.99:R"),
    # amber_band None: the tolerance in force, absolute or relative
    *table(DEFAULT_POLICY, HIGHER, "100", "100:G 99.99:A 98:A 97.99:R",
           tolerance=Tolerance(absolute=D("2"))),
    *table(DEFAULT_POLICY, LOWER, "100", "100:G 100.01:A 120:A 120.01:R",
           tolerance=Tolerance(percent=D("20"))),
    *table(DEFAULT_POLICY, HIGHER, "0", "0:G -0.01:R"),
    *table(Policy(basis=ABS), LOWER, "0", "0:G 0.01:A 3:A 3.01:R",
           tolerance=Tolerance(absolute=D("3"))),
    # a band set on the policy overrides the tolerance
    *table(TB_ABS, HIGHER, "100", "98:A 97.99:R", tolerance=Tolerance(percent=D("50"))),
]

# --- green band below target -----------------------------------------------------------------

GREEN_BAND = [
    *table(BRACKNELL, HIGHER, "100", "100.01:G 100:G 95.01:G 95:G 94.99:A 90:A 89.99:R"),
    *table(BRACKNELL, LOWER, "100", "99.99:G 100:G 104.99:G 105:G 105.01:A 110:A 110.01:R"),
    *table(BELFAST, HIGHER, "80", "80:G 79.2:G 79.19:A 76:A 75.99:R"),
    *table(BELFAST, LOWER, "80", "80:G 80.8:G 80.81:A 84:A 84.01:R"),
    *table(GB_ABS, HIGHER, "0", "0.01:G 0:G -1:G -1.01:A -3:A -3.01:R"),
    *table(GB_ABS, LOWER, "0", "-0.01:G 0:G 1:G 1.01:A 3:A 3.01:R"),
    *table(GB_ABS, HIGHER, "100", "99:G 98.99:A 97:A 96.99:R"),
    *table(BRACKNELL, HIGHER, "0", "0.01:G 0:G -0.01:R"),
    *table(BRACKNELL, LOWER, "0", "-0.01:G 0:G 0.01:R"),
    *table(BRACKNELL, HIGHER, "-200", "-190:G -210:G -210.01:A -220:A -220.01:R"),
    *table(BRACKNELL, LOWER, "-200", "-210:G -190:G -189.99:A -180:A -179.99:R"),
    # amber edge None: the tolerance in force
    *table(Policy(K.GREEN_BAND, green_band=D("5")), HIGHER, "100", "95:G 94.99:A 80:A 79.99:R",
           tolerance=Tolerance(percent=D("20"))),
]

# --- floor standard ------------------------------------------------------------------------------

FLOOR = [
    *table(KENT, HIGHER, "100", "100.01:G 100:G 99.99:A 90.01:A 90:A 89.99:R", floor="90"),
    *table(KENT, LOWER, "10", "9.99:G 10:G 10.01:A 15:A 15.01:R", floor="15"),
    *table(KENT, HIGHER, "-5", "-5:G -5.01:A -10:A -10.01:R", floor="-10"),
    *table(KENT, LOWER, "-5", "-5:G -4.99:A 0:A 0.01:R", floor="0"),
    *table(KENT, HIGHER, "0", "0:G -0.01:A -3:A -3.01:R", floor="-3"),
    *table(KENT, LOWER, "0", "0:G 0.01:A 3:A 3.01:R", floor="3"),
    *table(KENT, HIGHER, "50", "50:G 49.99:R", floor="50"),
    *table(KENT, HIGHER, "100", "100:N 50:N"),
    *table(KENT, LOWER, None, "100:N 1:N", floor="90"),
    # the tolerance plays no part
    *table(KENT, HIGHER, "100", "80:A 79.99:R", floor="80", tolerance=Tolerance(absolute=D(1))),
]

# --- low and high targets -------------------------------------------------------------------------

LOW_HIGH = [
    *table(LINCOLN, HIGHER, None, "90.01:G 90:G 89.99:A 80.01:A 80:A 79.99:R",
           low_target="80", high_target="90"),
    *table(LINCOLN, LOWER, None, "9.99:G 10:G 10.01:A 20:A 20.01:R",
           low_target="20", high_target="10"),
    *table(LINCOLN, HIGHER, None, "0:G -0.01:A -10:A -10.01:R", low_target="-10", high_target="0"),
    *table(LINCOLN, LOWER, None, "-5:G -4.99:A 0:A 0.01:R", low_target="0", high_target="-5"),
    *table(LINCOLN, HIGHER, "1000", "90:G 79.99:R", low_target="80", high_target="90"),
    *table(LINCOLN, HIGHER, "100", "100:N 1:N", low_target="80"),
    *table(LINCOLN, LOWER, "100", "100:N 1:N", high_target="80"),
    *table(LINCOLN, HIGHER, "100", "100:N"),
]


@pytest.mark.parametrize(CASE_ARGS, TARGET_BAND + GREEN_BAND + FLOOR + LOW_HIGH)
def test_each_scheme_at_and_around_its_boundaries(policy, polarity, target, actual, expected, kw):
    check(policy, polarity, target, actual, expected, kw)


# --- direction-dependent --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "polarity", "target", "actual", "last_year", "expected"),
    [
        (HAVERING, HIGHER, "100", "100.01", None, GREEN),
        (HAVERING, HIGHER, "100", "100", None, GREEN),
        (HAVERING, HIGHER, "100", "99.99", None, GREEN),
        (HAVERING, HIGHER, "100", "90", None, GREEN),
        (HAVERING, HIGHER, "100", "89.99", "89.98", AMBER),
        (HAVERING, HIGHER, "100", "89.99", "89.99", AMBER),
        (HAVERING, HIGHER, "100", "89.99", "90", RED),
        (HAVERING, HIGHER, "100", "89.99", None, RED),
        (HAVERING, HIGHER, "100", "-5", "-100", AMBER),
        (HAVERING, LOWER, "100", "100", None, GREEN), (HAVERING, LOWER, "100", "110", "1", GREEN),
        (HAVERING, LOWER, "100", "110.01", "110.02", AMBER),
        (HAVERING, LOWER, "100", "110.01", "110.01", AMBER),
        (HAVERING, LOWER, "100", "110.01", "110", RED),
        (HAVERING, LOWER, "100", "110.01", None, RED),
        (HAVERING, HIGHER, "0", "0", None, GREEN), (HAVERING, HIGHER, "0", "-0.01", "-0.01", AMBER),
        (HAVERING, HIGHER, "0", "-0.01", "0", RED), (HAVERING, LOWER, "0", "0.01", "0.02", AMBER),
        (HAVERING, LOWER, "0", "0.01", "0", RED),
        (HAVERING, HIGHER, "-50", "-55", None, GREEN),
        (HAVERING, HIGHER, "-50", "-55.01", "-60", AMBER),
        (HAVERING, HIGHER, "-50", "-55.01", "-55", RED),
        (HAVERING, LOWER, "-50", "-45", None, GREEN),
        (HAVERING, LOWER, "-50", "-44.99", "-44.99", AMBER),
        (HAVERING, LOWER, "-50", "-44.99", "-45", RED),
        (DD_ABS, HIGHER, "0", "-2", None, GREEN), (DD_ABS, HIGHER, "0", "-2.01", "-2.01", AMBER),
        (DD_ABS, HIGHER, "0", "-2.01", "-2", RED), (DD_ABS, LOWER, "0", "2", None, GREEN),
        (DD_ABS, LOWER, "0", "2.01", "3", AMBER), (DD_ABS, LOWER, "0", "2.01", None, RED),
        (DD_ABS, LOWER, "100", "102.01", "102", RED),
    ],
)
def test_direction_dependent_is_green_within_the_band_then_amber_only_if_held_or_improved(
    policy, polarity, target, actual, last_year, expected
):
    kw = {"last_year_actual": None if last_year is None else D(last_year)}
    assert rated(policy, polarity, D(actual), D(target), **kw) is expected


def test_direction_dependent_without_a_band_uses_the_tolerance():
    policy = Policy(K.DIRECTION_DEPENDENT)
    tolerance = Tolerance(absolute=D("5"))
    assert rated(policy, HIGHER, D("95"), D("100"), tolerance=tolerance) is GREEN
    assert rated(policy, HIGHER, D("94.99"), D("100"), tolerance=tolerance) is RED
    assert rated(policy, HIGHER, D("94.99"), D("100"), tolerance=tolerance,
                 last_year_actual=D("94.99")) is AMBER


# --- blue ----------------------------------------------------------------------------------------


def blue(policy):
    return replace(policy, blue_for_stretch=True)


BLUE_CASES = [
    *table(blue(DEFAULT_POLICY), HIGHER, "100", "130:B 120:B 119.99:G 100:G 95:A 80:R",
           stretch="120"),
    *table(blue(TB_ABS), LOWER, "100", "70:B 80:B 80.01:G 100:G 101:A", stretch="80"),
    *table(DEFAULT_POLICY, HIGHER, "100", "130:G", stretch="120"),
    *table(TB_REL, LOWER, "100", "1:G", stretch="80"),
    *table(blue(DEFAULT_POLICY), HIGHER, "100", "130:G 95:A"),
    # amber and red never become blue, even when the actual meets a (low) stretch target
    *table(blue(DEFAULT_POLICY), HIGHER, "100", "95:A 50:R", stretch="10"),
    *table(blue(DEFAULT_POLICY), LOWER, "100", "105:A 500:R", stretch="1000"),
    *table(blue(BRACKNELL), HIGHER, "100", "96:B 95.99:G 94:A", stretch="96"),
    *table(blue(KENT), HIGHER, "100", "100:B 99:A", stretch="100", floor="90"),
    *table(blue(LINCOLN), LOWER, None, "5:B 5.01:G 15:A", stretch="5", low_target="20",
           high_target="10"),
    *table(blue(HAVERING), HIGHER, "100", "92:B 91.99:G 89:A", stretch="92",
           last_year_actual="80"),
    *table(blue(DD_ABS), LOWER, "0", "-1:B 1:G", stretch="-1"),
]


@pytest.mark.parametrize(CASE_ARGS, BLUE_CASES)
def test_blue_is_green_with_the_stretch_met_and_only_when_the_policy_has_it(
    policy, polarity, target, actual, expected, kw
):
    check(policy, polarity, target, actual, expected, kw)


# --- what is not rated, under every policy ------------------------------------------------------

FULL = {"stretch": D("1"), "floor": D("50"), "low_target": D("50"), "high_target": D("90"),
        "last_year_actual": D("1")}
UNRATED = [
    (IndicatorStatus.BASELINE, Rag.BASELINE),
    (IndicatorStatus.CONTEXTUAL, Rag.CONTEXTUAL),
    (IndicatorStatus.IN_DEVELOPMENT, Rag.IN_DEVELOPMENT),
]


@pytest.mark.parametrize("policy", [blue(p) for p in ALL_POLICIES] + ALL_POLICIES)
@pytest.mark.parametrize("polarity", [HIGHER, LOWER, NONE])
@pytest.mark.parametrize("thresholds", [FULL, {}], ids=["thresholds", "none"])
@pytest.mark.parametrize("actual", [D("5"), None])
def test_status_then_polarity_then_data_decide_before_any_scheme(
    policy, polarity, thresholds, actual
):
    for status, expected in UNRATED:
        result = rated(policy, polarity, actual, D("100"), status=status, **thresholds)
        assert result is expected
    result = rated(policy, polarity, actual, D("100"), **thresholds)
    if polarity is NONE:
        assert result is Rag.CONTEXTUAL
    elif actual is None:
        assert result is NO_DATA
    assert rated(policy, polarity, None, None, **thresholds) is (
        Rag.CONTEXTUAL if polarity is NONE else NO_DATA
    )


@pytest.mark.parametrize("policy", [p for p in ALL_POLICIES if p.kind is not K.LOW_HIGH])
@pytest.mark.parametrize("polarity", [HIGHER, LOWER])
def test_no_target_is_no_target_for_every_scheme_that_needs_one(policy, polarity):
    assert rated(policy, polarity, D("5"), None, **FULL) is NO_TARGET


def test_shortfall_is_how_far_worse_than_the_reference():
    assert shortfall(HIGHER, D("90"), D("100")) == D("10")
    assert shortfall(HIGHER, D("110"), D("100")) == D("-10")
    assert shortfall(LOWER, D("110"), D("100")) == D("10")
    assert shortfall(LOWER, D("-5"), D("0")) == D("-5")


# --- assess carries the policy ------------------------------------------------------------------

A = Assessment
IMPROVING, DETERIORATING = Direction.IMPROVING, Direction.DETERIORATING
BLUE_RULES = Rules(TARGETED, HIGHER, D("100"), D("120"), policy=blue(DEFAULT_POLICY))
FLOOR_RULES = Rules(TARGETED, HIGHER, D("100"), D("120"), policy=KENT, floor=D("90"))
LH_RULES = Rules(TARGETED, LOWER, None, D("5"), policy=blue(LINCOLN), low_target=D("20"),
                 high_target=D("10"))
DD_RULES = Rules(TARGETED, HIGHER, D("100"), None, policy=HAVERING)
GB_RULES = Rules(TARGETED, LOWER, D("100"), None, Tolerance(absolute=D("50")), policy=BRACKNELL)


@pytest.mark.parametrize(
    ("rules", "actual", "previous", "previous_rag", "last_year", "expected"),
    [
        (BLUE_RULES, D("125"), D("130"), RED, None, A(BLUE, DETERIORATING, X.NONE, True, D(10))),
        (BLUE_RULES, D("110"), D("130"), RED, None, A(GREEN, DETERIORATING, X.NONE, False, D(10))),
        (BLUE_RULES, D("85"), D("80"), RED, None, A(RED, IMPROVING, X.RED_SUSTAINED, False, D(10))),
        (FLOOR_RULES, D("91"), D("95"), RED, None,
         A(AMBER, DETERIORATING, X.AMBER_DETERIORATING, False, D(10))),
        (FLOOR_RULES, D("89.99"), None, RED, None,
         A(RED, Direction.NOT_COMPARABLE, X.RED_SUSTAINED, False, D(10))),
        (FLOOR_RULES, D("89.99"), None, AMBER, None,
         A(RED, Direction.NOT_COMPARABLE, X.RED, False, D(10))),
        (LH_RULES, D("4"), D("3"), RED, None, A(BLUE, DETERIORATING, X.NONE, True, None)),
        (LH_RULES, D("20"), D("21"), RED, None, A(AMBER, IMPROVING, X.NONE, False, None)),
        (DD_RULES, D("80"), None, None, D("75"), A(AMBER, Direction.NOT_COMPARABLE, X.NONE,
                                                    False, D(10))),
        (DD_RULES, D("80"), None, RED, D("80.01"),
         A(RED, Direction.NOT_COMPARABLE, X.RED_SUSTAINED, False, D(10))),
        (DD_RULES, D("80"), None, RED, None,
         A(RED, Direction.NOT_COMPARABLE, X.RED_SUSTAINED, False, D(10))),
        (DD_RULES, D("91"), D("95"), RED, None, A(GREEN, DETERIORATING, X.NONE, False, D(10))),
        (GB_RULES, D("105"), None, None, None,
         A(GREEN, Direction.NOT_COMPARABLE, X.NONE, False, D(10))),
    ],
)
def test_assess_rates_under_the_rules_policy(rules, actual, previous, previous_rag, last_year,
                                             expected):
    result = assess(rules, actual, previous_actual=previous, earlier_rags=[previous_rag],
                    last_year_actual=last_year)
    assert result == expected


# --- properties -----------------------------------------------------------------------------------

values = st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**6,
                     max_value=10**6)
maybe = st.none() | values
widths = st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000,
                     max_value=1000)
tolerances = st.builds(Tolerance, percent=widths.map(abs), absolute=st.none() | widths)
rated_polarity = st.sampled_from([HIGHER, LOWER])
thresholds = st.fixed_dictionaries({
    "target": maybe, "stretch": maybe, "floor": maybe, "low_target": maybe,
    "high_target": maybe, "last_year_actual": maybe, "tolerance": tolerances,
})


def policies(kind):
    return st.builds(Policy, kind=st.just(kind), basis=st.sampled_from(list(BandBasis)),
                     green_band=st.none() | widths, amber_band=st.none() | widths,
                     blue_for_stretch=st.booleans())


def needs(kind, t):
    """True when a threshold the scheme needs is missing."""
    if kind is K.LOW_HIGH:
        return t["low_target"] is None or t["high_target"] is None
    return t["target"] is None or (kind is K.FLOOR and t["floor"] is None)


def rate_all(policy, polarity, actual, t, *, status=TARGETED):
    return rate_under(policy, status=status, polarity=polarity, actual=actual, **t)


@pytest.mark.parametrize("kind", list(PolicyKind))
@given(data=st.data(), polarity=rated_polarity, a=values, b=values, t=thresholds)
def test_a_better_actual_never_gets_a_worse_rating(kind, data, polarity, a, b, t):
    policy = data.draw(policies(kind))
    worse, better = (min(a, b), max(a, b)) if polarity is HIGHER else (max(a, b), min(a, b))
    rag_worse = rate_all(policy, polarity, worse, t)
    rag_better = rate_all(policy, polarity, better, t)
    if NO_TARGET in (rag_worse, rag_better):
        assert rag_worse is rag_better is NO_TARGET
    else:
        assert RANK[rag_better] >= RANK[rag_worse]


@pytest.mark.parametrize("kind", list(PolicyKind))
@given(data=st.data(), polarity=rated_polarity, actual=values, t=thresholds)
def test_a_targeted_indicator_with_data_is_rated_or_no_target(kind, data, polarity, actual, t):
    policy = data.draw(policies(kind))
    result = rate_all(policy, polarity, actual, t)
    assert result in (BLUE, GREEN, AMBER, RED, NO_TARGET)
    assert (result is NO_TARGET) is needs(kind, t)


def neg(value):
    return None if value is None else -value


@pytest.mark.parametrize("kind", list(PolicyKind))
@given(data=st.data(), actual=values, t=thresholds)
def test_swapping_polarity_and_signs_mirrors_the_rating(kind, data, actual, t):
    policy = data.draw(policies(kind))
    mirrored = {key: (v if key == "tolerance" else neg(v)) for key, v in t.items()}
    assert rate_all(policy, HIGHER, actual, t) is rate_all(policy, LOWER, -actual, mirrored)


@pytest.mark.parametrize("kind", list(PolicyKind))
@given(data=st.data(), polarity=rated_polarity, actual=values, t=thresholds)
def test_blue_is_exactly_green_with_the_stretch_met_when_the_policy_has_it(
    kind, data, polarity, actual, t
):
    policy = data.draw(policies(kind))
    plain = rate_all(replace(policy, blue_for_stretch=False), polarity, actual, t)
    with_blue = rate_all(replace(policy, blue_for_stretch=True), polarity, actual, t)
    assert plain is not BLUE
    stretch = t["stretch"]
    met = stretch is not None and (actual >= stretch if polarity is HIGHER else actual <= stretch)
    assert with_blue is (BLUE if plain is GREEN and met else plain)


@given(status=st.sampled_from(list(IndicatorStatus)), polarity=st.sampled_from(list(Polarity)),
       actual=maybe, t=thresholds)
def test_the_default_policy_is_the_default_rule(status, polarity, actual, t):
    expected = rate(status=status, polarity=polarity, actual=actual, target=t["target"],
                    tolerance=t["tolerance"])
    assert rate_all(DEFAULT_POLICY, polarity, actual, t, status=status) is expected


@pytest.mark.parametrize("kind", list(PolicyKind))
@given(data=st.data(), polarity=rated_polarity, actual=values, previous=maybe,
       previous_rag=st.none() | st.sampled_from(list(Rag)), t=thresholds)
def test_assess_rates_as_rate_under_and_never_flags_blue_or_green(
    kind, data, polarity, actual, previous, previous_rag, t
):
    policy = data.draw(policies(kind))
    rules = Rules(TARGETED, polarity, t["target"], t["stretch"], t["tolerance"], policy,
                  t["floor"], t["low_target"], t["high_target"])
    result = assess(rules, actual, previous_actual=previous, earlier_rags=[previous_rag],
                    last_year_actual=t["last_year_actual"])
    assert result.rag is rate_all(policy, polarity, actual, t)
    if result.rag in (BLUE, GREEN):
        assert result.exception is X.NONE
    if result.rag is BLUE:
        assert result.stretch_met
    if result.rag is RED:
        sustained = previous_rag is RED
        assert result.exception is (X.RED_SUSTAINED if sustained else X.RED)
