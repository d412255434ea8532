"""The example files in docs/ import cleanly and export what docs/ shows."""

import io
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from tests.factories import importer

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


@pytest.mark.django_db
@time_machine.travel("2026-11-23 12:00 +0000", tick=False)
def test_the_documented_examples_round_trip():
    call_command(
        "import_indicators", str(EXAMPLES / "indicators.csv"), "--user", importer(),
        stdout=io.StringIO())
    call_command(
        "import_results", str(EXAMPLES / "results.csv"), "--user", importer(),
        stdout=io.StringIO())
    out = io.StringIO()
    call_command("export_scorecard", "--period", "2025-26-Q2", stdout=out)
    assert out.getvalue() == (EXAMPLES / "scorecard-2025-26-Q2.csv").read_text()


@pytest.mark.django_db
@time_machine.travel("2026-11-23 12:00 +0000", tick=False)
def test_the_documented_budget_position_imports():
    from decimal import Decimal

    from governance.models import FinanceLine

    call_command(
        "import_indicators", str(EXAMPLES / "indicators.csv"), "--user", importer(),
        stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_finance", str(EXAMPLES / "budget-position-2025-26-Q2.csv"),
                 "--period", "2025-26-Q2", "--user", importer(), stdout=out)
    assert "Read 6 lines of the budget position for Q2 2025/26" in out.getvalue()
    highways = FinanceLine.objects.get(service__name="Highways")
    assert highways.variance == Decimal(-640_000)
