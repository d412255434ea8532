"""Imports and RAG policies: the indicator `policy` column, result thresholds and reported RAG."""

from __future__ import annotations

import csv
import io
import zoneinfo
from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from kpis.models import Indicator, PolicyAssignment, RagPolicy, Result, Target
from reporting.periods import Period
from reporting.ratings import RatingBook
from tests.factories import add_result, add_target, importer, make_indicator

BELFAST = "Belfast: green within 1%, amber to 5%"
BRACKNELL = "Bracknell Forest: green within 5%, amber to 10%"
KENT = "Kent: floor standards"
INDICATOR_COLUMNS = [
    "code", "title", "parent", "level", "org_unit", "polarity", "unit", "frequency", "policy",
]
RESULT_COLUMNS = [
    "code", "period", "actual", "target", "commentary", "floor", "low_target", "high_target",
    "reported_rag",
]


@pytest.fixture(autouse=True)
def _today():
    moment = datetime(2026, 11, 23, 12, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield


def indicator_row(code: str, /, **cells: str) -> dict[str, str]:
    values = {
        "code": code, "title": f"Title of {code}", "parent": "", "level": "service_pi",
        "org_unit": "Resources / Finance", "polarity": "higher", "unit": "percent",
        "frequency": "quarterly", "policy": "",
    }
    values.update(cells)
    return values


def result_row(code: str, period: str, /, **cells: str) -> dict[str, str]:
    return {"code": code, "period": period, **cells}


def write_csv(tmp_path, rows, columns, name="import.csv"):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, restval="")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run(command: str, path) -> str:
    out = io.StringIO()
    call_command(
        command, str(path), "--user", importer(), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_failing(command: str, path) -> tuple[list[str], str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command(
        command, str(path), "--user", importer(), stdout=io.StringIO(), stderr=err)
    return err.getvalue().splitlines(), str(info.value)


def import_indicators(tmp_path, rows) -> str:
    return run("import_indicators", write_csv(tmp_path, rows, INDICATOR_COLUMNS))


def import_results(tmp_path, rows) -> str:
    return run("import_results", write_csv(tmp_path, rows, RESULT_COLUMNS))


def assignments(code: str) -> list[tuple[str, str | None]]:
    return list(
        PolicyAssignment.objects.filter(indicator__code=code)
        .order_by("id")
        .values_list("policy__name", "applies_from")
    )


def rag_of(indicator, period: str, as_at: str | None = None) -> str:
    book = RatingBook.load(Period.parse(as_at or period).end)
    return book.rate(indicator.id, Period.parse(period)).assessment.rag.value


# --- import_indicators: the policy column -------------------------------------------------


@pytest.mark.django_db
def test_a_new_indicator_gets_its_named_policy_from_the_start(tmp_path):
    import_indicators(tmp_path, [indicator_row("K1", policy=BELFAST)])

    assignment = PolicyAssignment.objects.get()
    assert (assignment.scope, assignment.indicator.code) == ("indicator", "K1")
    assert (assignment.policy.name, assignment.applies_from) == (BELFAST, None)


@pytest.mark.django_db
def test_the_policy_name_is_matched_whatever_its_case(tmp_path):
    import_indicators(tmp_path, [
        indicator_row("K1", policy=BELFAST.upper()),
        indicator_row("K2", policy="kent: FLOOR standards"),
    ])

    assert assignments("K1") == [(BELFAST, None)]
    assert assignments("K2") == [(KENT, None)]


@pytest.mark.django_db
def test_a_blank_policy_assigns_nothing(tmp_path):
    import_indicators(tmp_path, [indicator_row("K1")])

    assert Indicator.objects.filter(code="K1").exists()
    assert not PolicyAssignment.objects.exists()


@pytest.mark.django_db
def test_unknown_policies_are_each_reported_on_their_row_and_nothing_is_changed(tmp_path):
    existing = make_indicator("OLD", title="Kept")
    path = write_csv(tmp_path, [
        indicator_row("NEW1", policy="Belfast"),                   # row 2
        indicator_row("OLD", title="Changed", policy=BELFAST),      # row 3: good
        indicator_row("NEW2", policy="Strict"),                    # row 4
        indicator_row("NEW3", polarity="sideways"),                # row 5
    ], INDICATOR_COLUMNS)

    problems, message = run_failing("import_indicators", path)

    assert sorted(line.split(":")[0] for line in problems) == ["Row 2", "Row 4", "Row 5"]
    unknown = next(line for line in problems if line.startswith("Row 2"))
    assert "policy 'Belfast' is not a RAG policy" in unknown
    assert BELFAST in unknown  # the known names are listed
    assert "policy 'Strict'" in next(line for line in problems if line.startswith("Row 4"))
    assert "3 problem(s)" in message
    assert "nothing was changed" in message
    assert list(Indicator.objects.values_list("code", flat=True)) == ["OLD"]
    existing.refresh_from_db()
    assert existing.title == "Kept"
    assert not PolicyAssignment.objects.exists()


@pytest.mark.django_db
def test_an_unknown_policy_is_reported_even_on_a_row_with_another_problem(tmp_path):
    path = write_csv(
        tmp_path, [indicator_row("NEW1", polarity="sideways", policy="Strict")],
        INDICATOR_COLUMNS,
    )

    problems, _ = run_failing("import_indicators", path)

    assert any("polarity 'sideways'" in line for line in problems)
    assert any("policy 'Strict'" in line for line in problems)


@pytest.mark.django_db
def test_a_changed_policy_applies_from_this_financial_year_and_keeps_the_old_one(tmp_path):
    import_indicators(tmp_path, [indicator_row("K1", policy=BRACKNELL)])
    indicator = Indicator.objects.get(code="K1")
    for period in ("2025-26-Q2", "2026-27-Q2"):
        add_target(indicator, period, 100)
        add_result(indicator, period, 96)

    out = import_indicators(tmp_path, [indicator_row("K1", policy=BELFAST)])

    assert assignments("K1") == [(BRACKNELL, None), (BELFAST, "2026-27")]
    assert "1 updated" in out
    assert rag_of(indicator, "2025-26-Q2", as_at="2026-27-Q2") == "GREEN"  # Bracknell still
    assert rag_of(indicator, "2026-27-Q2") == "AMBER"  # Belfast from 2026/27


@pytest.mark.django_db
def test_the_same_policy_again_changes_nothing(tmp_path):
    import_indicators(tmp_path, [indicator_row("K1", policy=BELFAST)])
    before = list(PolicyAssignment.objects.values_list("id", "policy_id", "applies_from"))

    out = import_indicators(tmp_path, [indicator_row("K1", policy=BELFAST.lower())])

    assert list(PolicyAssignment.objects.values_list("id", "policy_id", "applies_from")) == before
    assert "0 created, 0 updated, 1 unchanged" in out


@pytest.mark.django_db
def test_a_blank_policy_on_re_import_keeps_the_assignment(tmp_path):
    import_indicators(tmp_path, [indicator_row("K1", policy=BELFAST)])

    import_indicators(tmp_path, [indicator_row("K1")])

    assert assignments("K1") == [(BELFAST, None)]


@pytest.mark.django_db
def test_a_policy_first_given_to_an_existing_indicator_applies_from_this_year(tmp_path):
    import_indicators(tmp_path, [indicator_row("K1")])

    import_indicators(tmp_path, [indicator_row("K1", policy=KENT)])

    assert assignments("K1") == [(KENT, "2026-27")]


# --- import_results: thresholds --------------------------------------------------------------


@pytest.mark.django_db
def test_floor_low_and_high_targets_are_stored_on_the_periods_target(tmp_path):
    make_indicator("K1")

    import_results(tmp_path, [
        result_row("K1", "2025-26", target="90", floor="80", low_target="75",
                   high_target="85"),
        result_row("K1", "2025-26-Q2", actual="82", floor="81"),
    ])

    year = Target.objects.get(period="2025-26")
    assert (year.target, year.floor, year.low_target, year.high_target) == (
        Decimal(90), Decimal(80), Decimal(75), Decimal(85)
    )
    quarter = Target.objects.get(period="2025-26-Q2")
    assert (quarter.target, quarter.floor) == (None, Decimal(81))
    assert Result.objects.get().actual == Decimal(82)


@pytest.mark.django_db
def test_an_imported_floor_rates_under_a_floor_policy(tmp_path):
    indicator = make_indicator("K1")
    PolicyAssignment.objects.create(scope="council", policy=RagPolicy.objects.get(name=KENT))

    import_results(tmp_path, [
        result_row("K1", "2025-26", target="90", floor="80"),
        result_row("K1", "2025-26-Q1", actual="85"),
        result_row("K1", "2025-26-Q2", actual="79"),
    ])

    assert rag_of(indicator, "2025-26-Q1") == "AMBER"
    assert rag_of(indicator, "2025-26-Q2") == "RED"


@pytest.mark.django_db
def test_a_row_with_only_thresholds_keeps_the_result_already_entered(tmp_path):
    indicator = make_indicator("K1")
    result = add_result(indicator, "2025-26-Q2", 77, "As reported")
    result.reported_rag = "AMBER"
    result.save()
    add_target(indicator, "2025-26-Q2", 80)

    import_results(tmp_path, [
        result_row("K1", "2025-26-Q2", floor="70", low_target="72", high_target="78"),
    ])

    result.refresh_from_db()
    assert (result.actual, result.commentary, result.reported_rag) == (
        Decimal(77), "As reported", "AMBER"
    )
    target = Target.objects.get()
    assert (target.target, target.floor, target.low_target, target.high_target) == (
        Decimal(80), Decimal(70), Decimal(72), Decimal(78)
    )


@pytest.mark.django_db
def test_a_threshold_that_is_not_a_number_is_reported_on_its_row(tmp_path):
    make_indicator("K1")
    path = write_csv(tmp_path, [
        result_row("K1", "2025-26-Q1", actual="80"),
        result_row("K1", "2025-26-Q2", actual="80", floor="lots"),
    ], RESULT_COLUMNS)

    problems, _ = run_failing("import_results", path)

    assert len(problems) == 1
    assert problems[0].startswith("Row 3: floor")
    assert not Result.objects.exists()


# --- import_results: the reported RAG -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("Green", "GREEN"), ("Amber", "AMBER"), ("Red", "RED"), ("Blue", "BLUE"),
        ("G", "GREEN"), ("a", "AMBER"), ("r", "RED"), ("B", "BLUE"),
        ("above target", "GREEN"), ("Close To Target", "AMBER"), ("BELOW TARGET", "RED"),
        ("RED", "RED"),
    ],
)
def test_the_reported_rag_is_read_as_a_colour_a_letter_or_harts_words(tmp_path, text, stored):
    make_indicator("K1")

    import_results(tmp_path, [result_row("K1", "2025-26-Q2", actual="80", reported_rag=text)])

    assert Result.objects.get().reported_rag == stored


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["Purple", "GA", "on track", "1"])
def test_any_other_reported_rag_is_a_row_error_and_nothing_is_written(tmp_path, text):
    make_indicator("K1")
    path = write_csv(tmp_path, [
        result_row("K1", "2025-26-Q1", actual="80", reported_rag="Green"),
        result_row("K1", "2025-26-Q2", actual="80", reported_rag=text),
    ], RESULT_COLUMNS)

    problems, message = run_failing("import_results", path)

    assert len(problems) == 1
    assert problems[0].startswith(f"Row 3: reported_rag '{text}' is not one of")
    assert "1 problem(s)" in message
    assert not Result.objects.exists()


@pytest.mark.django_db
def test_a_blank_reported_rag_on_re_import_keeps_the_stored_one(tmp_path):
    make_indicator("K1")
    import_results(tmp_path, [result_row("K1", "2025-26-Q2", actual="80", reported_rag="G")])

    out = import_results(tmp_path, [result_row("K1", "2025-26-Q2", actual="80")])

    assert Result.objects.get().reported_rag == "GREEN"
    assert "0 created, 0 updated, 1 unchanged" in out


@pytest.mark.django_db
def test_a_new_reported_rag_on_re_import_replaces_the_stored_one(tmp_path):
    make_indicator("K1")
    import_results(tmp_path, [result_row("K1", "2025-26-Q2", actual="80", reported_rag="G")])

    out = import_results(
        tmp_path, [result_row("K1", "2025-26-Q2", actual="80", reported_rag="Close to target")]
    )

    result = Result.objects.get()
    assert (result.actual, result.reported_rag) == (Decimal(80), "AMBER")
    assert "1 updated" in out
