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
