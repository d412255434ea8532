"""The rules a progress note must meet."""

from __future__ import annotations

from datetime import date

import pytest

from governance import progress_rules
from reporting.periods import Period

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(("key", "ok"), [("2026-10", True), ("2026-27-Q2", False),
                                         ("2026-27", False)])
def test_reports_a_month(key, ok):
    assert (progress_rules.reports_a_month(Period.parse(key)) is None) is ok


@pytest.mark.parametrize(("note", "ok"), [("Consultation closed", True), ("  ", False)])
def test_note_is_written(note, ok):
    assert (progress_rules.note_is_written(note) is None) is ok


@pytest.mark.parametrize(("agreed_by", "reason", "fields"), [
    ("CLT", "Contractor went into administration", []),
    ("", "Contractor went into administration", ["agreed_by"]),
    ("CLT", " ", ["reason"]),
])
def test_timescale_change_is_agreed(agreed_by, reason, fields):
    problems = progress_rules.timescale_change_is_agreed(agreed_by, reason)
    assert [p.field for p in problems] == fields


@pytest.mark.parametrize(("key", "note", "submit", "fields"), [
    ("2026-10", "", False, []),  # a draft may be blank
    ("2026-10", "", True, ["note"]),
    ("2026-11", "Done", True, ["period"]),  # November has not ended
    ("2026-27-Q2", "Done", False, ["period"]),
])
def test_note_problems(key, note, submit, fields):
    problems = progress_rules.note_problems(Period.parse(key), TODAY, note, submit=submit)
    assert [p.field for p in problems] == fields
