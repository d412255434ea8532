"""import_indicators: create or update the register from CSV or XLSX, all or nothing."""

from __future__ import annotations

import csv
import io
import random
import zoneinfo
from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from kpis.models import Indicator, OrgUnit, ToleranceRule
from reporting.periods import Period
from reporting.ratings import RatingBook
from tests.factories import add_result, add_target, importer, make_indicator

COLUMNS = [
    "code", "title", "parent", "level", "org_unit", "polarity", "unit", "frequency",
    "status", "financial", "tolerance_pct", "tolerance_abs", "collection", "aggregation",
]
EDUCATION = "Children and Families / Education"


@pytest.fixture(autouse=True)
def _today():
    moment = datetime(2026, 11, 23, 12, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield


def row(code: str, /, **cells: str) -> dict[str, str]:
    values = {
        "code": code, "title": f"Title of {code}", "parent": "", "level": "service_pi",
        "org_unit": EDUCATION, "polarity": "higher", "unit": "percent",
        "frequency": "quarterly", "status": "", "financial": "", "tolerance_pct": "",
        "tolerance_abs": "", "collection": "", "aggregation": "",
    }
    values.update(cells)
    return values


def write_csv(tmp_path, rows, columns=COLUMNS, name="indicators.csv"):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run(path) -> str:
    out = io.StringIO()
    call_command(
        "import_indicators", str(path), "--user", importer(), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_failing(path) -> tuple[str, str]:
    """Run an import that must fail; return (problems printed, error message)."""
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command(
        "import_indicators", str(path), "--user", importer(), stdout=io.StringIO(), stderr=err)
    return err.getvalue(), str(info.value)


def rag_of(indicator, period: str, as_at: str | None = None) -> str:
    book = RatingBook.load(Period.parse(as_at or period).end)
    return book.rate(indicator.id, Period.parse(period)).assessment.rag.value


def counts() -> tuple[int, int, int]:
    return Indicator.objects.count(), OrgUnit.objects.count(), ToleranceRule.objects.count()


# --- creating and updating ----------------------------------------------------------------


@pytest.mark.django_db
def test_it_creates_an_indicator_with_defaults_for_blank_optional_cells(tmp_path):
    out = run(write_csv(tmp_path, [row("CF01", title="Pupils attending school")]))

    ind = Indicator.objects.get(code="CF01")
    assert (ind.title, ind.level) == ("Pupils attending school", "service_pi")
    assert (ind.polarity, ind.unit, ind.frequency) == ("higher", "percent", "quarterly")
    assert (ind.status, ind.collection, ind.aggregation) == ("targeted", "discrete", "none")
    assert ind.financial is False and ind.parent is None
    assert not ToleranceRule.objects.exists()
    assert "1 created" in out


@pytest.mark.django_db
def test_a_new_indicator_gets_its_units_usual_decimal_places_unless_the_file_says(tmp_path):
    columns = [*COLUMNS, "decimal_places"]
    run(write_csv(tmp_path, [
        row("CF01", unit="percent"), row("CF02", unit="currency"), row("CF03", unit="days"),
        row("CF04", unit="ratio"), row("CF05", unit="number"),
        row("CF06", unit="days", decimal_places="2"),
    ], columns=columns))

    places = dict(Indicator.objects.values_list("code", "decimal_places"))
    assert places == {"CF01": 1, "CF02": 0, "CF03": 1, "CF04": 2, "CF05": 0, "CF06": 2}


@pytest.mark.django_db
def test_decimal_places_change_on_an_existing_indicator_and_blank_keeps_them(tmp_path):
    columns = [*COLUMNS, "decimal_places"]
    run(write_csv(tmp_path, [row("CF01"), row("CF02")], columns=columns))
    run(write_csv(tmp_path, [row("CF01", decimal_places="3"), row("CF02", decimal_places="")],
                  columns=columns))

    places = dict(Indicator.objects.values_list("code", "decimal_places"))
    assert places == {"CF01": 3, "CF02": 1}
    assert Indicator.objects.get(code="CF01").history.first().decimal_places == 3


@pytest.mark.django_db
@pytest.mark.parametrize("places", ["7", "-1", "1.5", "two"])
def test_decimal_places_outside_0_to_6_are_refused_and_nothing_is_created(tmp_path, places):
    problems, _ = run_failing(write_csv(
        tmp_path, [row("CF01", decimal_places=places)], columns=[*COLUMNS, "decimal_places"]))

    assert f"Row 2: decimal_places '{places}' must be a whole number from 0 to 6" in problems
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_it_creates_org_units_from_the_path(tmp_path):
    run(write_csv(tmp_path, [
        row("CF01", org_unit=EDUCATION),
        row("CF02", org_unit="Children and Families / Education / School Admissions"),
        row("CF03", org_unit="Children and Families"),
    ]))

    directorate = OrgUnit.objects.get(path="Children and Families")
    service = OrgUnit.objects.get(path=EDUCATION)
    team = OrgUnit.objects.get(path="Children and Families / Education / School Admissions")
    assert directorate.kind == "directorate" and directorate.parent is None
    assert service.kind == "service" and service.parent == directorate
    assert team.kind == "team" and team.parent == service
    assert OrgUnit.objects.count() == 3
    units = {i.code: i.org_unit for i in Indicator.objects.all()}
    assert units == {"CF01": service, "CF02": team, "CF03": directorate}


@pytest.mark.django_db
def test_it_reads_every_column_and_lenient_spellings_of_choices(tmp_path):
    run(write_csv(tmp_path, [row(
        "FIN1", level="Corporate KPI", polarity="Lower", unit="currency",
        frequency="Monthly", status="In development", financial="yes",
        collection="Cumulative", aggregation="none",
    )]))

    ind = Indicator.objects.get(code="FIN1")
    assert (ind.level, ind.polarity, ind.unit) == ("corporate_kpi", "lower", "currency")
    assert (ind.frequency, ind.status, ind.collection) == (
        "monthly", "in_development", "cumulative"
    )
    assert ind.financial is True


@pytest.mark.django_db
def test_it_updates_an_existing_indicator_by_code(tmp_path):
    existing = make_indicator("CF01", title="Old title", polarity="lower")

    out = run(write_csv(tmp_path, [row("CF01", title="New title", status="retired")]))

    existing.refresh_from_db()
    assert Indicator.objects.count() == 1
    assert existing.title == "New title"
    assert existing.polarity == "higher"
    assert existing.status == "retired"
    assert existing.org_unit.path == EDUCATION
    assert "0 created, 1 updated" in out


@pytest.mark.django_db
def test_it_imports_what_an_indicator_is_why_it_matters_and_where_its_figures_come_from(
    tmp_path
):
    words = ["definition", "why_it_matters", "data_source"]
    run(write_csv(tmp_path, [row(
        "CF01", definition="Pupils in school on census day",
        why_it_matters="Attendance is the first step to attainment",
        data_source="School census",
    )], columns=COLUMNS + words))
    ind = Indicator.objects.get(code="CF01")
    assert (ind.definition, ind.why_it_matters, ind.data_source) == (
        "Pupils in school on census day", "Attendance is the first step to attainment",
        "School census",
    )
    # A later file with those cells blank keeps them; one that fills a cell changes it.
    run(write_csv(tmp_path, [row("CF01", why_it_matters="Attendance comes first")],
                  columns=COLUMNS + words, name="again.csv"))
    ind.refresh_from_db()
    assert (ind.definition, ind.why_it_matters, ind.data_source) == (
        "Pupils in school on census day", "Attendance comes first", "School census",
    )


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write_csv(tmp_path, [
        row("CF01", tolerance_pct="5"),
        row("CF02", parent="CF01", tolerance_abs="2"),
    ])
    run(path)
    before = counts()
    stamps = dict(Indicator.objects.values_list("code", "updated_at"))

    out = run(path)

    assert counts() == before
    assert dict(Indicator.objects.values_list("code", "updated_at")) == stamps
    assert "0 created, 0 updated, 2 unchanged" in out
    assert Indicator.objects.get(code="CF02").parent.code == "CF01"


# --- parents ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_parent_may_come_after_its_child_in_the_same_file(tmp_path):
    run(write_csv(tmp_path, [
        row("CHILD", parent="PARENT"),
        row("PARENT", level="corporate_kpi"),
    ]))

    child = Indicator.objects.get(code="CHILD")
    assert child.parent == Indicator.objects.get(code="PARENT")


@pytest.mark.django_db
def test_a_parent_already_in_the_register_may_be_named(tmp_path):
    parent = make_indicator("PARENT")

    run(write_csv(tmp_path, [row("CHILD", parent="PARENT")]))

    assert Indicator.objects.get(code="CHILD").parent == parent


@pytest.mark.django_db
def test_a_re_import_that_moves_an_indicator_to_another_parent_counts_as_an_update(tmp_path):
    make_indicator("P1")
    make_indicator("P2")
    run(write_csv(tmp_path, [row("C1", parent="P1")]))

    out = run(write_csv(tmp_path, [row("C1", parent="P2")]))

    assert Indicator.objects.get(code="C1").parent.code == "P2"
    assert "0 created, 1 updated, 0 unchanged" in out


@pytest.mark.django_db
def test_an_unknown_parent_is_reported_and_nothing_is_written(tmp_path):
    before = counts()

    problems, message = run_failing(write_csv(tmp_path, [
        row("CF01"), row("CF02", parent="NOPE"),
    ]))

    assert "Row 3" in problems and "NOPE" in problems
    assert "nothing was changed" in message
    assert counts() == before


@pytest.mark.django_db
def test_an_indicator_cannot_be_its_own_parent(tmp_path):
    make_indicator("CF01")

    problems, _ = run_failing(write_csv(tmp_path, [row("CF01", parent="CF01")]))

    assert "Row 2: an indicator cannot be its own parent" in problems
    assert Indicator.objects.get(code="CF01").parent is None


@pytest.mark.django_db
def test_parents_that_make_a_loop_are_rejected_and_nothing_is_written(tmp_path):
    make_indicator("A")
    make_indicator("B", title="Unchanged")
    before = counts()

    problems, _ = run_failing(write_csv(tmp_path, [
        row("A", parent="B"), row("B", parent="A", title="Changed"),
    ]))

    assert "loop" in problems
    assert counts() == before
    assert set(Indicator.objects.values_list("parent", flat=True)) == {None}
    assert Indicator.objects.get(code="B").title == "Unchanged"


# --- bad rows -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("level", "boss"), ("level", ""), ("polarity", "up"), ("unit", "furlongs"),
        ("frequency", "weekly"), ("status", "dead"), ("collection", "rolling"),
        ("aggregation", "max"), ("financial", "maybe"), ("tolerance_pct", "ten"),
        ("tolerance_pct", "-5"), ("tolerance_abs", "-1"), ("code", ""), ("title", ""),
        ("code", "HAS SPACE"), ("org_unit", ""), ("org_unit", "A / / B"),
        ("org_unit", "A / B / C / D"),
    ],
)
def test_a_bad_cell_is_reported_on_its_row_and_nothing_is_written(tmp_path, column, value):
    before = counts()

    problems, _ = run_failing(write_csv(tmp_path, [row("OK1"), row("BAD1", **{column: value})]))

    assert problems.startswith("Row 3: ")
    assert column in problems or f"'{value}'" in problems
    assert "Row 2" not in problems
    assert counts() == before


@pytest.mark.django_db
def test_missing_required_columns_are_reported_on_row_1(tmp_path):
    columns = [c for c in COLUMNS if c not in ("level", "frequency")]

    problems, _ = run_failing(write_csv(tmp_path, [row("CF01")], columns=columns))

    assert problems.startswith("Row 1:")
    assert "level" in problems and "frequency" in problems
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_optional_columns_may_be_left_out_altogether(tmp_path):
    required = ["code", "title", "level", "org_unit", "polarity", "unit", "frequency"]

    run(write_csv(tmp_path, [row("CF01")], columns=required))

    indicator = Indicator.objects.get(code="CF01")
    assert (indicator.status, indicator.financial, indicator.aggregation) == (
        "targeted", False, "none"
    )


@pytest.mark.django_db
def test_a_code_given_twice_in_the_file_is_reported(tmp_path):
    problems, _ = run_failing(write_csv(tmp_path, [row("CF01"), row("CF02"), row("CF01")]))

    assert "Row 4: code 'CF01' is also on row 2" in problems
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_a_header_with_no_rows_is_an_error(tmp_path):
    problems, _ = run_failing(write_csv(tmp_path, []))

    assert "no rows" in problems


@pytest.mark.django_db
def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_written(tmp_path):
    existing = make_indicator("OLD1", title="Kept as it was")
    before = counts()
    rows = [
        row("NEW1"),                                  # row 2: good
        row("BAD1", polarity="sideways"),             # row 3
        row("OLD1", title="Changed", org_unit="New Directorate"),  # row 4: good update
        {},                                           # row 5: blank line
        row("BAD2", frequency="fortnightly", unit="yards"),  # row 6: two problems
        row("NEW2", parent="MISSING"),                # row 7
    ]

    problems, message = run_failing(write_csv(tmp_path, rows))

    lines = problems.splitlines()
    assert [line.split(":")[0] for line in lines] == ["Row 3", "Row 6", "Row 6", "Row 7"]
    assert "polarity 'sideways'" in lines[0]
    assert "4 problem(s)" in message
    assert counts() == before
    assert not Indicator.objects.filter(code__in=["NEW1", "NEW2"]).exists()
    assert not OrgUnit.objects.filter(path="New Directorate").exists()
    existing.refresh_from_db()
    assert existing.title == "Kept as it was"


# --- file formats -------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_reads_an_xlsx_workbook(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.upper() if c == "code" else c for c in COLUMNS])
    sheet.append([
        "FIN1", "Budget variance", None, "corporate_kpi", "Resources / Finance", "lower",
        "currency", "monthly", None, True, None, 2.5, "cumulative", None,
    ])
    sheet.append([101, "Numeric code", "FIN1", "service_pi", EDUCATION, "higher",
                  "number", "annual", "baseline", "no", 12.5, None, None, None])
    path = tmp_path / "register.xlsx"
    workbook.save(path)

    run(path)

    fin = Indicator.objects.get(code="FIN1")
    assert fin.financial is True and fin.collection == "cumulative"
    rule = ToleranceRule.objects.get(indicator=fin)
    assert rule.tolerance_abs == Decimal("2.5") and rule.tolerance_pct is None
    numeric = Indicator.objects.get(code="101")
    assert numeric.parent == fin
    assert numeric.status == "baseline" and numeric.financial is False
    assert ToleranceRule.objects.get(indicator=numeric).tolerance_pct == Decimal("12.5")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("indicators.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        ("indicators.csv", random.Random(7).randbytes(4096)),
        ("indicators.xlsx", b"code,title\nCF01,Not really a workbook\n"),
        ("indicators.csv", b"PK\x03\x04 this is not a zip file at all"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_gives_a_clear_error(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)

    _, message = run_failing(path)

    assert "not" in message and ("CSV" in message or "XLSX" in message)
    assert "Nothing was changed" in message
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_a_missing_file_gives_a_clear_error(tmp_path):
    _, message = run_failing(tmp_path / "nowhere.csv")

    assert "cannot be read" in message


# --- tolerance ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_tolerance_on_a_new_indicator_creates_an_indicator_rule_that_always_applies(tmp_path):
    run(write_csv(tmp_path, [row("CF01", tolerance_pct="5")]))

    rule = ToleranceRule.objects.get()
    assert rule.scope == "indicator"
    assert rule.indicator == Indicator.objects.get(code="CF01")
    assert rule.applies_from is None
    assert rule.tolerance_pct == Decimal("5") and rule.tolerance_abs is None


@pytest.mark.django_db
def test_a_changed_tolerance_applies_from_this_financial_year_and_keeps_the_old_rule(tmp_path):
    run(write_csv(tmp_path, [row("CF01", tolerance_pct="5")]))
    indicator = Indicator.objects.get(code="CF01")
    add_target(indicator, "2025-26-Q4", 100)
    add_result(indicator, "2025-26-Q4", 93)
    add_target(indicator, "2026-27-Q1", 100)
    add_result(indicator, "2026-27-Q1", 93)

    out = run(write_csv(tmp_path, [row("CF01", tolerance_pct="10")]))

    rules = list(ToleranceRule.objects.filter(indicator=indicator))
    assert [(r.applies_from, r.tolerance_pct) for r in rules] == [
        (None, Decimal("5")), ("2026-27", Decimal("10")),
    ]
    assert all(r.scope == "indicator" for r in rules)
    assert "1 updated" in out
    assert rag_of(indicator, "2025-26-Q4", as_at="2026-27-Q1") == "RED"
    assert rag_of(indicator, "2026-27-Q1") == "AMBER"


@pytest.mark.django_db
def test_a_second_change_in_one_year_replaces_this_years_rule_and_blank_keeps_it(tmp_path):
    run(write_csv(tmp_path, [row("CF01", tolerance_pct="5")]))
    run(write_csv(tmp_path, [row("CF01", tolerance_pct="10")]))

    run(write_csv(tmp_path, [row("CF01", tolerance_abs="3")]))

    run(write_csv(tmp_path, [row("CF01")]))  # blank: the rules stay as they are

    rules = ToleranceRule.objects.all()
    assert [(r.applies_from, r.tolerance_pct, r.tolerance_abs) for r in rules] == [
        (None, Decimal("5"), None), ("2026-27", None, Decimal("3")),
    ]


@pytest.mark.django_db
def test_a_tolerance_first_given_to_an_existing_indicator_applies_from_this_year(tmp_path):
    run(write_csv(tmp_path, [row("CF01")]))
    indicator = Indicator.objects.get(code="CF01")
    add_target(indicator, "2025-26-Q4", 100)
    add_result(indicator, "2025-26-Q4", 95)
    assert rag_of(indicator, "2025-26-Q4") == "AMBER"  # council default: 10%

    run(write_csv(tmp_path, [row("CF01", tolerance_pct="2")]))

    assert ToleranceRule.objects.get(indicator=indicator).applies_from == "2026-27"
    assert rag_of(indicator, "2025-26-Q4") == "AMBER"
