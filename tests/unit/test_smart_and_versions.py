"""SMART wordings as data, the assessment's completeness, and which definition version
is in force in a year: plain Python."""

from __future__ import annotations

from governance.lifecycle import Version, version_in_force
from governance.smart import (
    LETTERS,
    WORDINGS,
    Assessment,
    assessment_problems,
    from_json,
    to_json,
    unmet,
)
from reporting.periods import Period


def full(justification: str = "Because") -> list[Assessment]:
    return [Assessment(letter, letter, "", True, justification) for letter in LETTERS]


def test_each_councils_wording_has_the_five_letters_in_order():
    for wording in WORDINGS.values():
        assert tuple(c.letter for c in wording.criteria) == LETTERS


def test_the_councils_word_their_t_differently():
    t = {key: w.criteria[4] for key, w in WORDINGS.items()}
    assert t["worcestershire"].name == "Time-bound"
    assert t["north-west-leicestershire"].name == "Timely"
    assert t["cambridgeshire"].name == "Timely"
    assert t["worcestershire"].wording != t["north-west-leicestershire"].wording


def test_a_full_assessment_with_justifications_has_no_problems():
    assert assessment_problems(full()) == []


def test_every_letter_needs_a_justification():
    assessment = full()
    assessment[2] = Assessment("A", "Achievable", "", False, "  ")
    assert assessment_problems(assessment) == ["Enter why the indicator is or is not achievable"]


def test_all_five_letters_are_assessed():
    assert assessment_problems(full()[:4]) == [
        "Assess the proposal against all five SMART criteria"
    ]
    assert assessment_problems(full() + full()[:1])[0].startswith("Assess the proposal")


def test_criteria_not_met_are_listed_by_name():
    assessment = full()
    assessment[1] = Assessment("M", "Measurable", "", False, "No data source yet")
    assert unmet(assessment) == ["Measurable"]


def test_an_assessment_survives_json():
    assert from_json(to_json(full())) == full()


def version(start: str | None, title: str) -> Version:
    return Version(Period.parse(start) if start else None, title, "")


VERSIONS = [version(None, "original"), version("2026-27", "second"), version("2028-29", "third")]


def test_the_original_definition_applies_before_the_first_change():
    assert version_in_force(VERSIONS, Period.parse("2025-26")).title == "original"


def test_a_changed_definition_applies_from_its_year_until_the_next_change():
    assert version_in_force(VERSIONS, Period.parse("2026-27")).title == "second"
    assert version_in_force(VERSIONS, Period.parse("2027-28")).title == "second"
    assert version_in_force(reversed(VERSIONS), Period.parse("2029-30")).title == "third"


def test_no_versions_means_none_in_force():
    assert version_in_force([], Period.parse("2026-27")) is None
    assert version_in_force([version("2026-27", "x")], Period.parse("2025-26")) is None
