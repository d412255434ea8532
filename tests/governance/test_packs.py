"""Committee packs: the figures against the engine, exceptions first, the documents, and an
issued pack that never changes."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pikepdf
import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from governance import pack_render
from governance.models import BoardNote, Committee, IssuedPack, Meeting, ReportingPeriod
from governance.packs import issue_pack, pack_data
from kpis import entry
from kpis.models import Council, Indicator, Result
from kpis.roles import COUNCILLORS
from reporting.periods import Period
from reporting.ratings import RatingBook
from tests.factories import add_result, add_target, make_indicator
from tests.views.entry_helpers import (
    TODAY,
    client_for,
    frozen,
    officer,
    performance_team,
    user_in,
)

pytestmark = pytest.mark.django_db
Q2 = Period.parse("2026-27-Q2")


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def cog():
    Council.objects.create(name="Northshire County Council", short_name="Northshire")
    committee = Committee.objects.create(
        name="Chief Officer Group", slug="cog", kind=Committee.Kind.OFFICER_BOARD,
        corporate_only=True, purpose="Reviews the corporate KPIs.",
    )
    Meeting.objects.create(committee=committee, period=Q2.key, date=date(2026, 12, 10))
    series = {
        # code: quarterly actuals from 2025-26-Q3 to 2026-27-Q2, target 90, higher is better
        "RED2": [95, 92, 70, 60],   # red twice running
        "RED1": [95, 92, 91, 60],   # red once
        "AMB1": [95, 92, 88, 85],   # amber and deteriorating
        "GRN1": [80, 85, 90, 95],   # green
    }
    periods = ["2025-26-Q3", "2025-26-Q4", "2026-27-Q1", "2026-27-Q2"]
    for code, values in series.items():
        ind = make_indicator(code, is_corporate=True, title=f"Measure {code}",
                             definition=f"What {code} counts.")
        add_target(ind, "2025-26", 90)
        add_target(ind, "2026-27", 90)
        for period, value in zip(periods, values, strict=True):
            add_result(ind, period, value, commentary=f"{code} story {period}")
        Result.objects.filter(indicator=ind, period=Q2.key).update(
            improvement_activity=f"{code} plan")
    draft = make_indicator("DRF1", is_corporate=True)
    add_result(draft, Q2.key, 10, commentary="An unchecked draft", status="draft")
    make_indicator("SVC1")  # not corporate: not in COG's remit
    return committee


def test_every_figure_in_the_pack_is_the_engines(cog):
    data = pack_data(cog, Q2)
    book = RatingBook.load(Q2.end, approved_only=True)
    codes = [row["code"] for row in data["indicators"]]
    assert codes == ["AMB1", "DRF1", "GRN1", "RED1", "RED2"]
    for row in data["indicators"]:
        rating = book.rate_latest(row["id"], Q2.end)
        assert row["rag"] == rating.assessment.rag.value
        assert row["exception"] == rating.assessment.exception.value
    assert data["summary"]["total"] == 5
    assert {c["label"]: c["count"] for c in data["summary"]["rag"]} == {
        "Red": 2, "Amber": 1, "Green": 1, "No data": 1}


def test_exceptions_come_first_the_most_serious_first(cog):
    data = pack_data(cog, Q2)
    assert data["exceptions"] == ["RED2", "RED1", "AMB1"]
    html = pack_render.render_html(data)
    assert html.index("Red for 2 periods running") < html.index("RED1 Measure RED1")
    assert html.index('id="exceptions"') < html.index('id="indicators"')


def test_a_pack_shows_signed_off_results_only(cog):
    html = pack_render.render_html(pack_data(cog, Q2))
    assert "An unchecked draft" not in html


def test_board_notes_are_shown_with_the_exception_and_attributed(cog):
    director = user_in("director", "Approvers", first_name="Dee", last_name="Rector")
    BoardNote.objects.create(committee=cog, period=Q2.key,
                             indicator=Indicator.objects.get(code="RED2"),
                             note="Recovery plan agreed at COG.", by=director, at=TODAY_AT())
    html = pack_render.render_html(pack_data(cog, Q2))
    assert "Additional commentary by the board" in html
    assert "Recovery plan agreed at COG." in html and "Dee Rector" in html


def TODAY_AT():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Europe/London"))


def test_the_html_file_is_self_contained(cog, tmp_path):
    out = tmp_path / "cog.html"
    call_command("build_pack", "--committee", "cog", "--period", Q2.key, "--format", "html",
                 "--output", str(out), stdout=io.StringIO(), stderr=io.StringIO())
    html = out.read_text()
    assert "<style>" in html and 'rel="stylesheet"' not in html
    assert html.count("<svg") == 5  # a chart for each indicator
    assert 'role="img"' in html
    assert not re.search(r'(src|href)="https?://', html)  # nothing fetched from elsewhere


def test_the_pdf_is_tagged_paged_and_bookmarked(cog, tmp_path):
    out = tmp_path / "cog.pdf"
    call_command("build_pack", "--committee", "cog", "--period", Q2.key, "--format", "pdf",
                 "--output", str(out), stdout=io.StringIO(), stderr=io.StringIO())
    reader = PdfReader(str(out))
    pages = len(reader.pages)
    text = [page.extract_text() for page in reader.pages]
    assert f"Page 1 of {pages}" in text[0]
    assert f"Page {pages} of {pages}" in text[-1]
    exceptions_page = next(t for t in text if "Red for 2 periods running" in t)
    assert "RED2" in exceptions_page
    with pikepdf.open(out) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root  # tagged
        assert str(root.Lang) == "en-GB"
        assert root.MarkInfo.Marked
        assert "Chief Officer Group" in str(pdf.docinfo.get("/Title", ""))
        with pdf.open_outline() as outline:
            titles, stack = [], list(outline.root)
            while stack:
                item = stack.pop()
                titles.append(item.title)
                stack.extend(item.children)
        assert {"Summary", "Exceptions", "Indicators", "RED2 Measure RED2"} <= set(titles)


def test_an_issued_pack_never_changes_and_can_be_rebuilt_from_its_data(cog):
    petra = performance_team()
    pack = issue_pack(cog, Q2, petra, TODAY)
    assert pack.version == 1
    assert ReportingPeriod.objects.get(period=Q2.key).issued_on == TODAY
    stored_html, stored_pdf, stored_sum = pack.html, bytes(pack.pdf), pack.checksum
    assert pack_render.checksum(stored_html, stored_pdf, bytes(pack.docx)) == stored_sum
    # The figures are locked now: a correction after issue goes through the one door ...
    result = Result.objects.get(indicator__code="GRN1", period=Q2.key)
    assert entry.is_locked(result, TODAY)
    entry.correct_after_issue(petra, result, Decimal("93"), result.commentary, "Typo", TODAY)
    # ... and the issued pack is byte for byte what it was.
    pack.refresh_from_db()
    assert (pack.html, bytes(pack.pdf), pack.checksum) == (stored_html, stored_pdf, stored_sum)
    rebuilt = pack_render.render_html(pack.data, issued=True, version=1,
                                      issued_on=TODAY.strftime("%-d %B %Y"))
    assert rebuilt == stored_html
    # Reissuing makes version 2 and says what changed.
    again = issue_pack(cog, Q2, petra, TODAY)
    assert again.version == 2
    assert "GRN1: actual 95% → 93%" in again.changes
    assert IssuedPack.objects.filter(committee=cog).count() == 2


def test_an_issued_pack_never_changes_after_a_breakdown_correction(cog):
    """Given GRN1 broken down by ward and its pack issued, when the performance team
    corrects a ward's figure after issue, then the issued pack is byte for byte what it
    was, and the next period's pack lists the correction (small numbers hidden)."""
    from kpis import breakdowns
    from tests.breakdowns.helpers import figures, wards

    grn1 = Indicator.objects.get(code="GRN1")
    ward = wards(grn1, whole=False)
    result = Result.objects.get(indicator=grn1, period=Q2.key)
    breakdowns.write(result, figures(ward, {"Abbey": 96, "Brook": 90},
                                     people={"Abbey": 50, "Brook": 3}), None, "Entered")
    petra = performance_team()
    pack = issue_pack(cog, Q2, petra, date(2026, 11, 20))
    stored = (pack.html, bytes(pack.pdf), bytes(pack.docx), pack.checksum, pack.data)
    result.refresh_from_db()
    entry.correct_after_issue(petra, result, result.actual, result.commentary,
                              "Abbey's rate was for the wrong quarter", TODAY,
                              breakdown=figures(ward, {"Abbey": 97}, people={"Abbey": 50}))
    pack.refresh_from_db()
    assert (pack.html, bytes(pack.pdf), bytes(pack.docx), pack.checksum, pack.data) == stored
    assert pack_render.render_html(pack.data, issued=True, version=1,
                                   issued_on="20 November 2026") == pack.html
    ReportingPeriod.objects.create(period="2026-27-Q3", entry_deadline=date(2027, 1, 28),
                                   signoff_deadline=date(2027, 2, 11),
                                   issued_on=date(2027, 2, 20))
    listed = pack_data(cog, Period.parse("2026-27-Q3"), TODAY)["breakdown_corrections"]
    assert [(c["code"], c["figure"], c["old"], c["new"]) for c in listed] == [
        ("GRN1", "Ward: Abbey", "[c]", "[c]")]  # Brook (3 people) is small, Abbey next


def test_only_the_performance_team_previews_and_issues_but_anyone_reads_an_issued_pack(cog):
    olive = client_for(officer())
    preview = reverse("governance:pack_preview", args=["cog", Q2.key])
    issue = reverse("governance:pack_issue", args=["cog", Q2.key])
    assert olive.get(preview).status_code == 403
    assert olive.post(issue).status_code == 403
    assert not IssuedPack.objects.exists()
    petra = client_for(performance_team())
    page = petra.get(preview)
    assert page.status_code == 200 and b"Performance report" in page.content
    assert petra.post(issue).status_code == 302
    pack = IssuedPack.objects.get()
    councillor = client_for(user_in("cllr", COUNCILLORS))
    download = councillor.get(reverse("governance:pack_download", args=["cog", pack.pk, "pdf"]))
    assert download.status_code == 200 and download.content[:4] == b"%PDF"
    assert download["Cache-Control"].startswith("no-store")
    committee_page = councillor.get(reverse("governance:committee", args=["cog"])).content
    assert b"Issue the" not in committee_page and b"version 1" in committee_page


@pytest.mark.parametrize("fmt, name", [("pdf", "PDF"), ("docx", "Word document")])
def test_a_draft_file_is_never_laid_out_inside_a_web_request(cog, fmt, name, monkeypatch):
    """The old download address of a draft offers to build it in the background; only the
    button (a POST) queues the build, and nothing is rendered while the page is served."""
    from governance import pack_docx, pack_render
    from governance.models import PackBuild

    def refuse(*args, **kwargs):
        raise AssertionError("a pack was rendered inside a web request")

    monkeypatch.setattr(pack_render, "render_pdf", refuse)
    monkeypatch.setattr(pack_docx, "render_docx", refuse)
    url = reverse(f"governance:pack_preview_{fmt}", args=["cog", Q2.key])
    assert client_for(officer()).get(url).status_code == 403
    page = client_for(performance_team()).get(url)
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert f"Build the {name}" in html and f'name="format" value="{fmt}"' in html
    assert reverse("governance:pack_build", args=["cog", Q2.key]) in html
    assert not PackBuild.objects.exists()


def test_the_build_command_names_an_unknown_committee(cog, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="known: cog"):
        call_command("build_pack", "--committee", "nope", "--period", Q2.key,
                     "--output", str(tmp_path / "x.html"), stdout=io.StringIO(),
                     stderr=io.StringIO())


def test_a_director_adds_a_note_to_an_exception_in_their_area_only(cog):
    from tests.views.entry_helpers import approver

    director = approver("dee", unit="Resources", first_name="Dee", last_name="Rector")
    url = reverse("governance:board_notes", args=["cog", Q2.key])
    page = client_for(director).get(url).content.decode()
    assert "RED2 Measure RED2" in page and "Add a note on RED2" in page
    response = client_for(director).post(url, {"indicator": "RED2", "note": "Agreed at COG."})
    assert response.status_code == 302
    note = BoardNote.objects.get()
    assert (note.indicator.code, note.by, note.note) == ("RED2", director, "Agreed at COG.")
    outsider = approver("sid", unit="People / Schools")
    assert client_for(outsider).post(url, {"indicator": "RED2", "note": "x"}).status_code == 403
    assert "Add a note" not in client_for(outsider).get(url).content.decode()
    html = pack_render.render_html(pack_data(cog, Q2))
    assert "Agreed at COG." in html and "Dee Rector" in html


def test_the_word_document_has_headings_tables_with_headers_and_charts_with_alt_text(cog,
                                                                                     tmp_path):
    import docx

    out = tmp_path / "cog.docx"
    call_command("build_pack", "--committee", "cog", "--period", Q2.key, "--format", "docx",
                 "--output", str(out), stdout=io.StringIO(), stderr=io.StringIO())
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Summary", "Exceptions"]
    assert "RED2 Measure RED2" in headings
    assert document.core_properties.title == "Chief Officer Group: performance report, " \
                                             "Q2 2026/27"
    assert "An unchecked draft" not in "\n".join(p.text for p in document.paragraphs)
    header_rows = document.element.body.xpath(".//w:tblHeader")
    assert len(header_rows) == len(document.tables) > 5
    pictures = document.inline_shapes
    assert len(pictures) == 5
    assert all(p._inline.docPr.get("descr", "").startswith("Trend of") for p in pictures)
    red = [p.text for p in document.paragraphs if "Red for 2 periods running" in p.text]
    assert red and "■ Red" in red[0]


def test_an_issued_pack_keeps_its_word_document_too(cog):
    pack = issue_pack(cog, Q2, performance_team(), TODAY)
    assert bytes(pack.docx)[:2] == b"PK"
    assert pack_render.checksum(pack.html, bytes(pack.pdf), bytes(pack.docx)) == pack.checksum
    reader = client_for(user_in("cllr", COUNCILLORS))
    response = reader.get(reverse("governance:pack_download", args=["cog", pack.pk, "docx"]))
    assert response.status_code == 200 and response.content == bytes(pack.docx)
    assert reader.get(reverse("governance:pack_download",
                              args=["cog", pack.pk, "exe"])).status_code == 404


def test_a_packs_queries_do_not_grow_with_its_indicators():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Council.objects.create(name="Northshire County Council", short_name="Northshire")
    committee = Committee.objects.create(name="COG", slug="cog", kind="officer_board",
                                         corporate_only=True)

    def queries(count: int) -> int:
        start = Indicator.objects.count()
        for n in range(start, start + count):
            ind = make_indicator(f"P{n}", is_corporate=True)
            add_target(ind, "2026-27", 90)
            add_result(ind, "2026-27-Q1", 80, commentary="Story")
            add_result(ind, Q2.key, 70, commentary="Story")
        with CaptureQueriesContext(connection) as context:
            pack_data(committee, Q2)
        return len(context)

    assert queries(5) == queries(30)


def test_a_packs_figures_have_their_unit_and_places_in_html_pdf_and_word(cog, tmp_path):
    """Given a corporate money indicator and a percentage kept to one place,
    Then the pack (HTML, PDF and Word) writes £6,692,013 and 88.3%, never 6692013 or
    88.300000, and its dates as people say them."""
    import docx

    money = make_indicator("FIN1", is_corporate=True, title="Savings", unit="currency")
    add_target(money, "2026-27", 6_000_000)
    add_result(money, Q2.key, "6692013.000000")
    rate = make_indicator("HOU1", is_corporate=True, title="Homes let", decimal_places=1)
    add_target(rate, "2026-27", 90)
    add_result(rate, Q2.key, "88.300000")

    rows = {row["code"]: row for row in pack_data(cog, Q2)["indicators"]}
    assert (rows["FIN1"]["actual"], rows["FIN1"]["target"]) == ("£6,692,013", "£6,000,000")
    assert (rows["HOU1"]["actual"], rows["HOU1"]["target"]) == ("88.3%", "90.0%")
    texts = {}
    for fmt in ("html", "pdf", "docx"):
        out = tmp_path / f"cog.{fmt}"
        call_command("build_pack", "--committee", "cog", "--period", Q2.key, "--format", fmt,
                     "--output", str(out), stdout=io.StringIO(), stderr=io.StringIO())
        if fmt == "html":
            texts[fmt] = out.read_text()
        elif fmt == "pdf":
            texts[fmt] = "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)
        else:
            document = docx.Document(str(out))
            texts[fmt] = "\n".join([p.text for p in document.paragraphs] + [
                cell.text for table in document.tables for row in table.rows
                for cell in row.cells])
    for fmt, text in texts.items():
        assert "£6,692,013" in text and "88.3%" in text, fmt
        assert "6692013" not in text and "88.300000" not in text, fmt
        assert "30 September 2026" in text, fmt
        assert not re.search(r"\d\.\d*0{3,}\b", text), fmt


def test_the_pack_follows_the_councils_number_of_periods_for_sustained_red(cog):
    import docx

    from governance.pack_docx import render_docx
    from kpis.models import ExceptionRule

    ExceptionRule.objects.create(applies_from="2026-27", red_periods=3, note="Agreed by COG")
    red2 = next(r for r in pack_data(cog, Q2)["indicators"] if r["code"] == "RED2")
    assert (red2["exception"], red2["exception_label"]) == ("RED", "Red")  # two reds only

    Result.objects.filter(indicator__code="RED2", period="2025-26-Q4").update(actual=50)
    data = pack_data(cog, Q2)
    red2 = next(r for r in data["indicators"] if r["code"] == "RED2")
    assert (red2["exception"], red2["exception_label"]) == (
        "RED_SUSTAINED", "Red for 3 periods running")
    assert data["exceptions"] == ["RED2", "RED1", "AMB1"]
    assert any("red for 3 periods running" in rule for rule in data["rules"])
    html = pack_render.render_html(data)
    assert "Red for 3 periods running" in html and "2 periods running" not in html
    document = docx.Document(io.BytesIO(render_docx(data)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Red for 3 periods running" in text and "2 periods running" not in text


def test_a_pack_with_no_exceptions_says_what_would_have_been_one(cog):
    from kpis.models import ExceptionRule

    ExceptionRule.objects.create(red_periods=4)
    Indicator.objects.exclude(code="GRN1").update(is_corporate=False)
    html = pack_render.render_html(pack_data(cog, Q2))
    assert ("No indicator is red, red for 4 periods running, or amber and deteriorating."
            in html)
