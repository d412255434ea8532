"""The county the benchmark builds: the demo's parts at scale, deterministic, and a
results file that import_results takes as it is."""

import csv
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from kpis.importing import import_results
from kpis.models import Indicator, OrgUnit, Result
from kpis.spreadsheets import read_sheet
from perfmgmt.bench.county import build_county, county_structure
from perfmgmt.bench.floor import floor
from perfmgmt.demo import _letters
from reporting.periods import Period
from tests.factories import importer

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def test_team_letters_go_on_after_z():
    assert [_letters(n) for n in (0, 7, 25, 26, 27, 52)] == ["A", "H", "Z", "AA", "AB", "BA"]


def test_each_team_runs_in_every_area_and_the_first_keeps_the_demos_name():
    services = county_structure(3)["Environment and Infrastructure"][1]
    assert services["Highways"] == [
        "Highways Maintenance", "Street Lighting",
        "Highways Maintenance (North)", "Street Lighting (North)",
        "Highways Maintenance (South)", "Street Lighting (South)",
    ]
    with pytest.raises(ValueError):
        county_structure(0)


def test_a_county_without_results_writes_a_file_import_results_takes(tmp_path):
    created, changed = tmp_path / "results.csv", tmp_path / "changed.csv"
    summary = build_county(
        seed=7, today=TODAY, areas=2, results=False, calendar=False,
        results_csv=created, changed_csv=changed,
    )
    assert summary.indicators == Indicator.objects.count() == 387 + 20 * 6
    assert OrgUnit.objects.filter(name="Recycling (North)").exists()
    assert not Result.objects.exists()
    with open(created, newline="") as stream:
        rows = list(csv.DictReader(stream))
    with open(changed, newline="") as stream:
        moved = list(csv.DictReader(stream))
    assert len(rows) == len(moved) == summary.results_written > 7000
    assert all(a["actual"] != b["actual"] for a, b in zip(rows, moved, strict=True))
    north = Indicator.objects.get(code="EI1C-04")  # Highways Maintenance (North)
    assert (north.org_unit.name, north.frequency) == ("Highways Maintenance (North)", "monthly")
    assert {r["code"] for r in rows} >= {"EI1A-01", "EI1C-04"}

    first = tmp_path / "first.csv"
    with open(created) as source:
        first.write_text("".join(line for _, line in zip(range(301), source, strict=False)))
    user = get_user_model().objects.get(username=importer())
    result = import_results(read_sheet(first), user=user, reason="County test", today=TODAY)
    assert (result.created, result.updated) == (300, 0)
    assert Result.objects.filter(status="approved").count() == 300  # no calendar: history

    live = Indicator.objects.exclude(status="retired").count()
    assert floor(Period.parse("2026-27-Q2"))[0] == live
