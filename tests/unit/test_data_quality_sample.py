"""The data-quality audit's sample and checks: plain Python, no database."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.data_quality import (
    CHECK_KEYS,
    CHECKS,
    Answer,
    Drawn,
    count_answers,
    draw_sample,
    prefill_calculated,
)

STRATA = {
    "Cabinet": [1, 2, 3, 4, 5, 6],
    "Children's scrutiny": [10, 11, 12, 13],
    "Environment scrutiny": [20, 21, 22, 23, 24],
}


def test_the_same_seed_draws_the_same_sample():
    assert draw_sample(STRATA, 2, seed=42) == draw_sample(STRATA, 2, seed=42)


def test_a_different_seed_draws_a_different_sample():
    samples = {tuple(draw_sample(STRATA, 2, seed=seed)) for seed in range(20)}
    assert len(samples) > 1


def test_the_sample_does_not_depend_on_the_order_the_register_was_read_in():
    shuffled = {name: list(reversed(ids)) for name, ids in reversed(STRATA.items())}
    assert draw_sample(shuffled, 2, seed=7) == draw_sample(STRATA, 2, seed=7)


def test_each_committee_gives_its_number_drawn_from_its_own_indicators():
    drawn = draw_sample(STRATA, 2, seed=1)
    for name, ids in STRATA.items():
        mine = [d.indicator_id for d in drawn if d.stratum == name]
        assert len(mine) == 2
        assert set(mine) <= set(ids)


def test_a_committee_with_fewer_indicators_gives_them_all():
    drawn = draw_sample({"Small panel": [5], "Cabinet": [1, 2, 3]}, 2, seed=3)
    assert Drawn(5, "Small panel") in drawn
    assert len(drawn) == 3


def test_an_indicator_two_committees_receive_is_drawn_once():
    drawn = draw_sample({"A": [1, 2], "B": [1, 2, 3]}, 2, seed=9)
    ids = [d.indicator_id for d in drawn]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == [1, 2, 3]  # B draws from what A left


def test_a_committee_with_no_indicators_gives_none():
    assert draw_sample({"Empty": []}, 2, seed=1) == []


def test_the_sample_is_the_documented_draw_for_its_seed():
    """Reproducible by anyone: random.Random(seed) sampling each committee in name
    order from its indicators in id order."""
    rng = random.Random(2026)
    expected = []
    for name in sorted(STRATA):
        for i in sorted(rng.sample(sorted(STRATA[name]), 2)):
            expected.append(Drawn(i, name))
    assert draw_sample(STRATA, 2, seed=2026) == expected


def test_at_least_one_a_committee_is_drawn():
    with pytest.raises(ValueError, match="at least one"):
        draw_sample(STRATA, 0, seed=1)


@given(
    strata=st.dictionaries(st.text(min_size=1, max_size=5),
                           st.lists(st.integers(0, 40), max_size=12), max_size=5),
    per=st.integers(1, 4), seed=st.integers(),
)
def test_any_register_gives_a_reproducible_sample_without_repeats(strata, per, seed):
    drawn = draw_sample(strata, per, seed)
    assert drawn == draw_sample(strata, per, seed)
    ids = [d.indicator_id for d in drawn]
    assert len(ids) == len(set(ids))
    for d in drawn:
        assert d.indicator_id in strata[d.stratum]
    for name in strata:
        assert len([d for d in drawn if d.stratum == name]) <= per


def test_the_five_checks_are_cambridgeshires():
    assert [c.question for c in CHECKS] == [
        "Accurately calculated",
        "Accurately and reliably reported to the committee",
        "Effective remedial action taken where performance is lower than expected",
        "Relevant and aligned to the strategic framework",
        "Used to inform decisions",
    ]
    assert CHECK_KEYS[0] == "calculated"


def test_the_rag_audits_findings_fill_in_the_first_check_as_not_met():
    answer, evidence = prefill_calculated(["Q2 2026/27: 80% against 90%, reported green"], True)
    assert answer == Answer.NOT_MET
    assert "80% against 90%, reported green" in evidence


def test_no_findings_on_results_fill_in_the_first_check_as_met():
    assert prefill_calculated([], True)[0] == Answer.MET


def test_no_results_leave_the_first_check_for_the_auditor():
    answer, evidence = prefill_calculated([], False)
    assert answer == ""
    assert evidence.startswith("No results")


def test_answers_are_counted_by_check():
    rows = [
        {"calculated": {"answer": "met"}, "remedial": {"answer": "not_applicable"}},
        {"calculated": {"answer": "not_met"}, "remedial": {"answer": "met"}},
        {},
    ]
    counts = {c.check.key: c for c in count_answers(rows)}
    assert (counts["calculated"].met, counts["calculated"].not_met,
            counts["calculated"].not_yet) == (1, 1, 1)
    assert counts["remedial"].not_applicable == 1
    assert counts["used"].not_yet == 3
