"""The worked example in docs/rag-audit.md: Hart District Council's published KPIs."""

import io
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from tests.factories import importer

HART = Path(__file__).resolve().parents[2] / "docs" / "examples" / "hart"


@pytest.mark.django_db
@time_machine.travel("2026-11-23 12:00 +0000", tick=False)
def test_the_audit_of_hart_finds_what_the_docs_say():
    call_command(
        "import_indicators", str(HART / "indicators.csv"), "--user", importer(),
        stdout=io.StringIO())
    call_command(
        "import_results", str(HART / "results.csv"), "--user", importer(),
        stdout=io.StringIO())
    out = io.StringIO()
    call_command("rag_audit", "--period", "2014-15", stdout=out)
    assert out.getvalue() == (HART / "audit-2014-15.csv").read_text()
    assert (
        "10.4% short of target (80.6% against 90%): the council's 10% band makes this red, "
        "reported green" in out.getvalue()
    )
