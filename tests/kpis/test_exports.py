"""The one writer's files for people: a RAG is its word, and in XLSX its colour too."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kpis import exports
from reporting.engine import Rag


def test_a_rag_in_csv_is_its_word_and_a_code_stays_a_code():
    assert exports.csv_text([["RAG"], [Rag.AMBER], [Rag.BLUE], ["AMBER"]]).splitlines() == [
        "RAG", "Amber", "Blue (exceeding)", "AMBER",
    ]


@pytest.mark.parametrize(("rag", "fill"), [
    (Rag.BLUE, "BBD4EA"), (Rag.GREEN, "CCE2D8"), (Rag.AMBER, "FFF7BF"), (Rag.RED, "F4CDC6"),
])
def test_a_rag_in_xlsx_is_its_word_on_its_colour(rag, fill):
    buffer = io.BytesIO()
    exports.write_xlsx([["Code", "RAG"], ["X1", rag]], buffer, title_row="For people")
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    cell = sheet["B3"]
    assert cell.value == rag.label
    assert cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb.endswith(fill)
    assert cell.font.color.rgb.endswith(exports.RAG_COLOURS[rag][1])


def test_a_status_that_is_not_rated_is_its_word_without_colour():
    buffer = io.BytesIO()
    exports.write_xlsx([["RAG"], [Rag.NO_DATA]], buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A2"]
    assert cell.value == "No data" and cell.fill.fill_type is None


def test_a_title_row_sits_above_the_header_which_stays_in_view():
    buffer = io.BytesIO()
    exports.write_xlsx([["Code"], ["X1"]], buffer, sheet="Scorecard for people",
                       title_row="Scorecard as at the end of Q2 2025/26")
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert (sheet.title, sheet["A1"].value, sheet["A2"].value) == (
        "Scorecard for people", "Scorecard as at the end of Q2 2025/26", "Code")
    assert sheet.freeze_panes == "A3" and sheet["A2"].font.bold
