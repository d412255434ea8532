"""import_benchmarks on the real files councils download, trimmed (tests/kpis/benchmark_files,
each with its source on its first line): Trafford Data Lab's waste and planning figures for
Trafford and its CIPFA neighbours, their neighbour sets, and Oflog's adult social care
outcomes with its nearest-neighbour groups."""

from __future__ import annotations

import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kpis import benchmarks
from kpis.models import (
    BenchmarkDataset,
    BenchmarkMatch,
    BenchmarkValue,
    ComparatorArea,
    ComparatorGroup,
    Council,
)
from kpis.roles import OFFICERS, ensure_role_groups
from reporting.benchmarks import Quartile
from tests.factories import add_result, importer, make_indicator, make_user

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "benchmark_files"
TRAFFORD = FILES / "trafford_waste_planning.csv"
TRAFFORD_SETS = FILES / "trafford_neighbour_sets.csv"
OFLOG = FILES / "oflog_asc.csv"
OFLOG_GROUPS = FILES / "oflog_nearest_neighbours.csv"
RECYCLING = "Household waste sent for reuse, recycling or composting: Percentage"
RESIDUAL = "Household waste not sent for reuse, recycling or composting: Percentage"
CIPFA_2024 = "CIPFA via LGA, July 2024 (file cipfalga0724)"


@pytest.fixture(autouse=True)
def trafford():
    return Council.objects.create(name="Trafford Council", short_name="Trafford",
                                  area_code="E08000009")


@pytest.fixture
def recycling():
    return make_indicator("WM01", title="Household waste recycled", frequency="annual")


@pytest.fixture
def residual():
    return make_indicator("WM02", title="Household waste not recycled", frequency="annual",
                          polarity="lower")


def write(tmp_path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def metric_map(tmp_path, *rows: tuple[str, str, str]) -> Path:
    lines = ["metric,indicator,comparator_group"]
    lines += [",".join(f'"{cell}"' for cell in row) for row in rows]
    return write(tmp_path, "map.csv", "\n".join(lines) + "\n")


def run(path, *args, user=None) -> str:
    out = io.StringIO()
    call_command("import_benchmarks", str(path), *args, "--user", user or importer(),
                 "--reason", "Benchmarking for the annual report", stdout=out,
                 stderr=io.StringIO())
    return out.getvalue()


def run_failing(path, *args, user=None) -> tuple[str, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import_benchmarks", str(path), *args, "--user", user or importer(),
                     stdout=io.StringIO(), stderr=err)
    return err.getvalue(), str(info.value)


def everything():
    """All that an import writes, to show that nothing changed."""
    return (
        list(BenchmarkDataset.objects.values_list("name", "imported_at", "checksum", "reason")),
        list(BenchmarkDataset.history.values_list("id", flat=True)),
        sorted(BenchmarkValue.objects.values_list("metric", "area_code", "period", "value")),
        list(ComparatorGroup.objects.values_list("name", "imported_at")),
        list(ComparatorGroup.history.values_list("id", flat=True)),
        list(ComparatorArea.objects.values_list("group__name", "area_code", "position")),
        list(BenchmarkMatch.objects.values_list("indicator__code", "metric", "group__name")),
        list(BenchmarkMatch.history.values_list("id", flat=True)),
    )


def trafford_import(tmp_path, recycling, residual):
    return run(TRAFFORD, "--group", str(TRAFFORD_SETS), "--metric-map", str(metric_map(
        tmp_path, (RECYCLING, "WM01", CIPFA_2024), (RESIDUAL, "WM02", "CIPFA 2019"))))


# --- the real files -----------------------------------------------------------------------


def test_it_reads_trafford_data_labs_file_and_its_neighbour_sets(tmp_path, recycling, residual):
    out = trafford_import(tmp_path, recycling, residual)

    assert "values 98 created" in out
    dataset = BenchmarkDataset.objects.get()
    assert dataset.layout == "trafford"
    assert dataset.licence == "Open Government Licence v3.0"
    assert dataset.publisher.startswith("Trafford Data Lab")
    assert dataset.provenance.startswith("# source: github traffordDataLab/trafford_themes")
    assert dataset.imported_by.username == importer()
    assert dataset.reason == "trafford_waste_planning.csv: Benchmarking for the annual report"
    value = BenchmarkValue.objects.get(metric=RECYCLING, area_code="E08000009",
                                       period="2019-20")
    assert (value.value, value.source_period, value.area_name) == (Decimal("56.9"), "2019/20",
                                                                   "Trafford")
    quarter = BenchmarkValue.objects.filter(source_period="2024/25 Q4").first()
    assert quarter.period == "2024-25-Q4"
    # Every set in the file is Trafford's, so all five are kept, in the file's order.
    assert ComparatorGroup.objects.count() == 5
    group = ComparatorGroup.objects.get(name=CIPFA_2024)
    assert (group.area_code, group.area_name) == ("E08000009", "Trafford")
    assert list(group.areas.values_list("area_code", flat=True)[:3]) == [
        "E06000030", "E06000007", "E06000042"]
    assert group.areas.count() == 15
    assert BenchmarkMatch.objects.get(indicator=recycling).group == group


def test_trafford_recycling_2019_20_against_its_cipfa_neighbours_by_hand(tmp_path, recycling,
                                                                         residual):
    """Worked by hand from the file (household waste sent for reuse, recycling or
    composting, 2019/20) for Trafford's 15 CIPFA neighbours (July 2024 set):

    North Northamptonshire was formed in 2021, so it has no 2019/20 figure: 14 comparators.
    Their figures, lowest first: 26.5 Stockton-on-Tees, 36.7 Solihull, 37.5 Halton,
    42.1 Derby, 42.7 Bedford, 42.8 Swindon, 43.3 Peterborough, 47 Telford and Wrekin,
    47.5 Warrington, 51.6 Bury, 56.3 Milton Keynes, 56.4 Cheshire West and Chester,
    58.5 Stockport, 59.1 South Gloucestershire. England's 43.8 is in the file but not in the
    group. Median of 14: (43.3 + 47) / 2 = 45.15. Trafford's 56.9 is beaten only by
    South Gloucestershire and Stockport: 3rd of 15 areas; 3 <= 15/4 = 3.75, so the top
    quartile."""
    trafford_import(tmp_path, recycling, residual)

    comparison = benchmarks.comparison_for(recycling)
    latest = comparison.latest
    assert latest.period.key == "2020-21"  # the file's latest year
    year = next(p for p in comparison.periods if p.period.key == "2019-20")
    s = year.standing
    assert s.council_value == Decimal("56.9")
    assert year.council_from_dataset
    assert s.compared == 14
    assert s.without_figure == ("North Northamptonshire",)
    assert s.median == Decimal("45.15")
    assert (s.rank, s.out_of, s.tied) == (3, 15, False)
    assert s.rank_words == "3rd of 15"
    assert s.quartile is Quartile.TOP
    assert [row.name for row in year.table[:3]] == [
        "South Gloucestershire", "Stockport", "Trafford"]


def test_trafford_residual_waste_2019_20_lower_is_better_by_hand(tmp_path, recycling, residual):
    """Household waste not sent for reuse, recycling or composting, 2019/20, lower is
    better, among the CIPFA 2019 set. Darlington, York and Thurrock are in that set but
    not in the file: no figure. The other 12, lowest first: 40.9 South Gloucestershire,
    41.5 Stockport, 43.6 Cheshire West and Chester, 43.7 Milton Keynes, 48.4 Bury,
    52.5 Warrington, 53 Telford and Wrekin, 56.7 Peterborough, 57.2 Swindon, 57.3 Bedford,
    57.9 Derby, 63.3 Solihull. Median (52.5 + 53) / 2 = 52.75. Trafford's 43.1 is beaten by
    40.9 and 41.5 only: 3rd of 13; 3 <= 13/4 = 3.25, the top quartile."""
    trafford_import(tmp_path, recycling, residual)

    year = next(p for p in benchmarks.comparison_for(residual).periods
                if p.period.key == "2019-20")
    s = year.standing
    assert s.council_value == Decimal("43.1")
    assert set(s.without_figure) == {"Darlington", "York", "Thurrock"}
    assert s.compared == 12
    assert s.median == Decimal("52.75")
    assert (s.rank_words, s.quartile) == ("3rd of 13", Quartile.TOP)


def test_it_reads_oflogs_file_and_keeps_only_the_councils_nearest_neighbours(tmp_path):
    short_term = make_indicator("ASC05", title="Short-term services: sequel", frequency="annual")
    out = run(OFLOG, "--group", str(OFLOG_GROUPS), "--metric-map",
              str(metric_map(tmp_path, ("ASC5", "ASC05", ""))))

    assert "values 96 created" in out
    assert "comparator groups 1 created" in out
    dataset = BenchmarkDataset.objects.get()
    assert (dataset.layout, dataset.publisher) == ("oflog", "Office for Local Government (Oflog)")
    group = ComparatorGroup.objects.get()  # Hartlepool's group is in the file, not kept
    assert (group.name, group.area_code) == ("Oflog nearest neighbours", "E08000009")
    assert group.areas.count() == 16  # Oflog lists the council among its neighbours
    # Blank in the file: no figure, not nought.
    assert BenchmarkValue.objects.get(metric="ASC7", area_code="E08000009",
                                      period="2021-22").value is None
    # A statistic to 12 places is rounded half to even to the register's six.
    assert BenchmarkValue.objects.get(metric="ASC6", area_code="E08000009",
                                      period="2022-23").value == Decimal("2173.732681")
    # The group, named in the map by default as the council's only one.
    assert BenchmarkMatch.objects.get(indicator=short_term).group == group


def test_oflog_short_term_services_2022_23_by_hand(tmp_path):
    """ASC5 (outcome of short-term services: sequel to service; higher is better), 2022-23,
    among Trafford's 15 Oflog nearest neighbours, all with a figure. Lowest first: 27.4 South
    Gloucestershire, 60.7, 63.3, 67.1, 74.8, 75.9, 76.7, 77.1 North Northamptonshire (the
    8th of 15: the median), 78.8, 79.2, 81.9, 83.3, 85.3, 87, 94.3 Stockport. Trafford's
    48.3 beats only South Gloucestershire: 15th of 16; 15 > 3 x 16/4 = 12, the bottom
    quartile."""
    short_term = make_indicator("ASC05", frequency="annual")
    run(OFLOG, "--group", str(OFLOG_GROUPS), "--metric-map",
        str(metric_map(tmp_path, ("ASC5", "ASC05", "Oflog nearest neighbours"))))

    latest = benchmarks.comparison_for(short_term).latest
    assert latest.period.key == "2022-23"
    s = latest.standing
    assert (s.council_value, s.median, s.compared) == (Decimal("48.3"), Decimal("77.1"), 15)
    assert (s.rank_words, s.quartile) == ("15th of 16", Quartile.BOTTOM)


def test_without_the_councils_row_its_own_signed_off_result_is_used(tmp_path):
    """Trafford has no ASC7 figure for 2021-22: its own approved result stands in; a draft
    would not."""
    turnover = make_indicator("ASC07", frequency="annual", polarity="lower")
    add_result(turnover, "2021-22", "24.5")
    run(OFLOG, "--group", str(OFLOG_GROUPS), "--metric-map",
        str(metric_map(tmp_path, ("ASC7", "ASC07", ""))))

    periods = {p.period.key: p for p in benchmarks.comparison_for(turnover).periods}
    year = periods["2021-22"]
    assert year.standing.council_value == Decimal("24.5")
    assert not year.council_from_dataset
    assert len(year.standing.without_figure) == 5  # Bury, South Gloucestershire...
    assert periods["2022-23"].council_from_dataset


# --- all or nothing, row by row -----------------------------------------------------------


def test_bad_rows_are_refused_with_their_row_numbers_and_nothing_is_written(tmp_path, recycling):
    lines = TRAFFORD.read_text(encoding="utf-8").splitlines()
    # Line 1 is the source, line 2 the trimming note, line 3 the header: data from line 4.
    lines[4] = lines[4].replace("2019/20", "2019")  # line 5, Bury
    lines[6] = lines[6].replace(",42.1,", ",lots,")  # line 7, Derby
    lines[8] = lines[8].replace("E0", "E 0", 1)  # line 9, Halton
    lines.append(lines[10])  # line 11, Peterborough, again at the end
    path = write(tmp_path, "bad.csv", "\n".join(lines) + "\n")

    err, message = run_failing(path, "--group", str(TRAFFORD_SETS))

    assert "4 problem(s)" in message and "nothing was changed" in message
    problems = err.splitlines()
    assert problems[0].startswith("Row 5: period '2019' is not a financial year")
    assert problems[1].startswith("Row 7: value: You typed 'lots'")
    assert problems[2].startswith("Row 9: area code 'E 0")
    assert problems[3].startswith(f"Row {len(lines)}: ")
    assert problems[3].endswith("is also on row 11")
    assert not BenchmarkDataset.objects.exists()
    assert not BenchmarkValue.objects.exists()
    assert not ComparatorGroup.objects.exists()


def test_a_file_of_another_layout_is_refused_by_its_header(tmp_path):
    path = write(tmp_path, "lgbf.csv", "# Scottish averages\ncode,title,period,scot_mean\n"
                 "C&L 01,Cost per attendance,2010-11,3.29\n")
    err, _ = run_failing(path)
    assert err.startswith("Row 2: the header (code, title, period, scot_mean) is not a "
                          "benchmark layout this import knows. Known layouts: Trafford Data Lab")
    assert "LG Inform style (area_code, area_name, metric, period, value)" in err
    assert not BenchmarkDataset.objects.exists()


def test_an_lg_inform_style_file_must_say_who_published_it_and_its_licence(tmp_path):
    path = write(tmp_path, "lginform.csv",
                 "area_code,area_name,metric,period,value\nE08000009,Trafford,123,2023/24,4.5\n")
    err, _ = run_failing(path)
    assert "--dataset: say what the dataset is called" in err
    assert "--licence: say the licence it was published under" in err

    run(path, "--dataset", "LG Inform: recycling", "--publisher", "LGA",
        "--licence", "Open Government Licence v3.0")
    assert BenchmarkValue.objects.get().value == Decimal("4.5")


def test_the_metric_map_is_checked_row_by_row(tmp_path, recycling):
    path = metric_map(tmp_path, ("No such metric", "WM01", CIPFA_2024),
                      (RECYCLING, "NOPE", CIPFA_2024), (RECYCLING, "WM01", "Best friends"),
                      (RECYCLING, "WM01", ""))
    err, _ = run_failing(TRAFFORD, "--group", str(TRAFFORD_SETS), "--metric-map", str(path))
    assert "map.csv, row 2: metric 'No such metric' is not in Trafford and its CIPFA " in err
    assert "map.csv, row 3: indicator 'NOPE' is not in the register" in err
    assert "map.csv, row 4: comparator group 'Best friends' is not one of the council's" in err
    assert "map.csv, row 4: WM01 is also on row 2: an indicator is compared on one metric" in err
    assert "map.csv, row 5: comparator_group is blank and the council has 5 groups" in err
    assert not BenchmarkValue.objects.exists()


def test_a_group_file_without_the_councils_group_is_refused(tmp_path, trafford):
    trafford.area_code = "E06000099"
    trafford.save()
    err, _ = run_failing(TRAFFORD, "--group", str(OFLOG_GROUPS))
    assert "oflog_nearest_neighbours.csv: there is no comparator group for E06000099" in err


def test_groups_need_the_councils_area_code(tmp_path, trafford):
    trafford.area_code = ""
    trafford.save()
    err, _ = run_failing(TRAFFORD, "--group", str(TRAFFORD_SETS))
    assert "The council's area code is not set" in err
    assert not BenchmarkValue.objects.exists()


# --- the same file twice, and a changed one -----------------------------------------------


def test_the_same_files_twice_change_nothing(tmp_path, recycling, residual):
    trafford_import(tmp_path, recycling, residual)
    before = everything()

    out = trafford_import(tmp_path, recycling, residual)

    assert out.startswith("Read 98 benchmark rows from trafford_waste_planning.csv: nothing "
                          "changed")
    assert "values 0 created, 0 updated, 98 unchanged" in out
    assert everything() == before


def test_a_corrected_figure_updates_that_value_and_says_who_brought_it_in(tmp_path, recycling,
                                                                         residual):
    trafford_import(tmp_path, recycling, residual)
    corrected = tmp_path / "corrected.csv"
    corrected.write_text(TRAFFORD.read_text(encoding="utf-8").replace(
        "E08000009,Trafford,2019/20,\"Household waste sent for reuse, recycling or "
        "composting\",Percentage,Waste,56.9",
        "E08000009,Trafford,2019/20,\"Household waste sent for reuse, recycling or "
        "composting\",Percentage,Waste,57.0"), encoding="utf-8")
    colleague = make_user("colleague")
    colleague.groups.add(ensure_role_groups()["Performance team"])

    out = run(corrected, user="colleague")

    assert "values 0 created, 1 updated, 97 unchanged" in out
    assert BenchmarkValue.objects.get(metric=RECYCLING, area_code="E08000009",
                                      period="2019-20").value == Decimal("57")
    dataset = BenchmarkDataset.objects.get()
    assert (dataset.imported_by, dataset.file_name) == (colleague, "corrected.csv")
    assert dataset.history.count() == 2


# --- who may ------------------------------------------------------------------------------


def test_an_officer_cannot_import_benchmarks():
    officer = make_user("olive")
    officer.groups.add(ensure_role_groups()[OFFICERS])
    with pytest.raises(CommandError, match="only the performance team can import"):
        run(TRAFFORD, user="olive")
    assert not BenchmarkValue.objects.exists()


def test_the_files_are_read_from_where_they_are_given(tmp_path):
    """No network: the command reads the paths it is given (a copy elsewhere reads the same)."""
    copy = tmp_path / "elsewhere.csv"
    shutil.copy(OFLOG, copy)
    run(copy)
    assert BenchmarkDataset.objects.get().file_name == "elsewhere.csv"


# --- the files' own notes ------------------------------------------------------------------


def test_notes_are_set_aside_and_rows_keep_the_files_numbers(tmp_path):
    from openpyxl import Workbook

    from kpis.spreadsheets import read_sheet

    text = ('# source: "quoted, with a comma\n# second note\n'
            "area_code,area_name,metric,period,value\nE08000009,Trafford,M1,2023/24,5\n"
            "# a note between rows\nE08000007,Stockport,M1,2023/24,6\n")
    sheet = read_sheet(write(tmp_path, "notes.csv", text), comments=True)
    assert sheet.comments == ('# source: "quoted, with a comma', "# second note",
                              "# a note between rows")
    assert sheet.header_row == 3
    assert [(row.number, row.get("area_name")) for row in sheet.rows] == [
        (4, "Trafford"), (6, "Stockport")]

    book = Workbook()
    for row in (["# from Oflog"], ["area_code", "value"], ["E08000009", 5]):
        book.active.append(row)
    book.save(tmp_path / "notes.xlsx")
    sheet = read_sheet(tmp_path / "notes.xlsx", comments=True)
    assert (sheet.comments, sheet.header_row, sheet.rows[0].number) == (("# from Oflog",), 2, 3)


def test_without_asking_a_note_is_not_a_header(tmp_path):
    from kpis.spreadsheets import read_sheet

    sheet = read_sheet(write(tmp_path, "plain.csv", "# note\ncode,period\nA,2023-24\n"))
    assert sheet.columns == ["# note"]
