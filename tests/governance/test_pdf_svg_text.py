"""Chart labels drawn a string at a time in the pack's layout processes
(governance/pdf_svg_text.py): the same words in the same places as WeasyPrint's
letter-by-letter drawing, one text operation a label, and WeasyPrint's own drawing for
anything with per-letter positions."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal

import pikepdf
import pytest
from weasyprint import HTML

from governance import pdf_svg_text
from reporting import charts
from reporting.engine import Rag
from reporting.periods import Period
from tests.governance.test_pack_pdf import chunked, html  # noqa: F401 - fixtures
from tests.governance.test_packs import Q2, _today, cog  # noqa: F401 - fixtures

TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


@pytest.fixture
def string_at_a_time():
    assert pdf_svg_text.install(), "WeasyPrint is not the release pdf_svg_text follows"
    yield
    pdf_svg_text.uninstall()


def chart() -> str:
    points = [charts.Point(Period.quarter(2025, q), Decimal(60 + 7 * q), target=Decimal(70),
                           rag=Rag.GREEN if q > 2 else Rag.RED) for q in range(1, 5)]
    return charts.trend_chart("Visits to the library", points, unit="%").svg


def pdf_of(svg: str) -> bytes:
    return HTML(string=f"<html lang='en-GB'><body>{svg}</body></html>").write_pdf()


def text_operations(pdf: bytes) -> list[int]:
    """For each form XObject that shows text (each label anchored at its middle or end is
    one), how many text-showing operations it has."""
    counts = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form":
                shown = sum(1 for _, operator in pikepdf.parse_content_stream(obj)
                            if str(operator) in TEXT_SHOWING)
                if shown:
                    counts.append(shown)
    return counts


def words(pdf: bytes, tmp_path, name: str) -> list[tuple[str, float, float]]:
    """Each word poppler reads off the page, with where it starts."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                           capture_output=True, text=True).stdout
    return [(word, float(x), float(y)) for x, y, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', boxes)]


def test_labels_are_drawn_once_each_where_weasyprint_draws_them_letter_by_letter(
        tmp_path, string_at_a_time):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    svg = chart()
    fast = pdf_of(svg)
    pdf_svg_text.uninstall()
    slow = pdf_of(svg)
    # Letter by letter, a label of several letters is several text operations.
    assert max(text_operations(slow)) > 1
    assert set(text_operations(fast)) == {1}
    ours, weasyprints = words(fast, tmp_path, "fast"), words(slow, tmp_path, "slow")
    assert [w for w, _, _ in ours] == [w for w, _, _ in weasyprints]
    assert {"Q1", "2025/26", "Target"} <= {w for w, _, _ in ours}
    for (word, x, y), (_, x_then, y_then) in zip(ours, weasyprints, strict=True):
        # Within a fifth of a point: the same place, give or take the font's kerning.
        assert abs(x - x_then) < 0.2 and abs(y - y_then) < 0.2, word


def test_per_letter_positions_are_left_to_weasyprint(string_at_a_time):
    spaced = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
              '<text x="10 40 70" y="20" text-anchor="middle">abc</text>'
              '<text x="100" y="20" text-anchor="end" rotate="10">de</text></svg>')
    assert sorted(text_operations(pdf_of(spaced))) == [2, 3]


@pytest.mark.django_db
def test_the_packs_layout_processes_draw_chart_labels_a_string_at_a_time(html):  # noqa: F811
    assert pdf_svg_text._installed is None  # not in this process
    assert set(text_operations(chunked(html))) == {1}
