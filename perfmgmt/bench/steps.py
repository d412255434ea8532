"""The bench's steps, each run in a process of its own by ``perfmgmt/bench/run.py`` with
the real settings (DEBUG off) and ``DATABASE_URL`` naming one of the bench's databases.
Each prints one line of JSON for the orchestrator."""

from __future__ import annotations

import json
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable

import django

MARK = "BENCH-JSON "


def _answer(data: dict) -> None:
    print(MARK + json.dumps(data), flush=True)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def run(args: list[str]) -> None:
    django.setup()
    name, rest = args[0], args[1:]
    if name in ("pages", "packs"):
        # Pages are timed as the WSGI server runs them: after start-up, with start-up's
        # objects frozen out of the garbage collector (perfmgmt/wsgi.py); packs too.
        import perfmgmt.wsgi  # noqa: F401
    {"import": import_once, "reset-results": reset_results, "pages": pages,
     "packs": packs}[name](*rest)


# --- imports ------------------------------------------------------------------------------


def import_once(path: str) -> None:
    """``import_results`` of one file, as ``manage.py import_results`` runs it."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from kpis.importing import import_results
    from kpis.spreadsheets import read_sheet

    user = get_user_model().objects.get(username="performance")
    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    start_rss = _rss_mb()
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        sheet = read_sheet(path)
        read = time.perf_counter() - started
        summary = import_results(sheet, user=user, reason="County benchmark")
        seconds = time.perf_counter() - started
    _answer({
        "seconds": seconds, "read": read, "rows": len(sheet.rows), "summary": str(summary),
        "queries": statements, "start_rss_mb": start_rss, "peak_rss_mb": _rss_mb(),
    })


def reset_results() -> None:
    """Back to a county without results, for the next run of the imports. PostgreSQL
    truncates, so each run starts with tables as fresh as the first (a DELETE leaves the
    dead rows behind and every later run slower)."""
    from django.db import connection, transaction

    from kpis.models import Correction, Result, ResultTransition

    models = (ResultTransition, Correction, Result.history.model, Result)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {tables}")
        else:
            for model in models:
                model.objects.all()._raw_delete(model.objects.db)
    _answer({"reset": True})


# --- pages --------------------------------------------------------------------------------


def pages(which: str, repeats: str) -> None:
    """Time the pages of the county (or the demo), each interleaved with the floor."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from kpis.models import Indicator, Result
    from perfmgmt.bench.floor import floor
    from reporting.periods import Frequency, Period

    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["performance", "approver"]
    )}
    latest = Period.latest_ended(timezone.localdate(), Frequency.QUARTERLY)
    indicators = Indicator.objects.count()
    size = f"{indicators:,}" if which == "county" else f"the demo's {indicators:,}"
    audit_period = latest.previous()  # the latest issued quarter: it has reported RAGs
    plan = [
        (f"scorecard page, {size} indicators", "performance", "/scorecard/", True, ""),
        (f"golden thread explorer, {size} indicators", "performance", "/golden-thread/",
         True, "every node in the page, branches closed"),
        (f"council dashboard, {size} indicators", "performance", "/dashboards/council/",
         True, "eight quarters' RAG shares, the charts' specs, every list and the early "
         "warning"),
    ]
    if which == "county":
        plan += [
            ("exception report with the early warning", "performance", "/exceptions/", True,
             "exceptions and the indicators projected to miss the year-end target"),
            (f"RAG audit page, {audit_period.label}", "performance",
             f"/rag-audit/?period={audit_period.key}", False, ""),
            ("home page, performance team", "performance", "/", False,
             "the worklist of every return due, paged"),
            ("completion by directorate and service", "performance", "/completion/", False, ""),
            ("scorecard grouped by directorate, red only", "performance",
             "/scorecard/?group=directorate&rag=RED", False, ""),
            ("annual review, council-wide, first page", "performance", "/review/", False, ""),
            ("home page, an approver", "approver", "/", False, "the demo's Highways approver"),
            ("council dashboard, signed-off figures, red only", "approver",
             "/dashboards/council/?rag=RED", False, "as a councillor sees it"),
            ("scorecard CSV", "performance", f"/scorecard/{latest.key}.csv", True, ""),
        ]
    floor_rows = floor(latest)[0]
    runs = int(repeats)
    answers = []
    for what, username, path, with_floor, note in plan:
        client = Client()
        client.force_login(users[username])

        def get(path: str = path, client: Client = client) -> int:
            response = client.get(path, secure=True)
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code}")
            return len(response.content)

        length = get()  # warm-up
        with CaptureQueriesContext(connection) as captured:
            get()
        queries = len(captured)  # now: the next request empties the log it reads
        tracemalloc.start()
        get()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        seconds, floors = [], []
        for _ in range(runs):
            seconds.append(_timed(get))
            if with_floor:
                floors.append(_timed(lambda: floor(latest)))
        answers.append({
            "what": what, "seconds": seconds, "floor": floors, "queries": queries,
            "size": length, "peak_mb": peak / 1024 / 1024,
            "note": "; ".join(filter(None, [
                note, f"floor over {floor_rows:,} rows" if with_floor else "",
            ])),
        })
    _answer({
        "indicators": indicators, "results": Result.objects.count(), "pages": answers,
    })


PACK_SIZE = 150


def packs(runs: str) -> None:
    """``make bench``'s pack figures, in a process of their own (the county's)."""
    from django.utils import timezone

    from reporting.periods import Frequency, Period

    latest = Period.latest_ended(timezone.localdate(), Frequency.QUARTERLY)
    _answer({"pages": _packs(latest, int(runs))})


def _packs(period, runs: int) -> list[dict]:
    """A COG pack of 150 indicators: its data and HTML, then, side by side in each run,
    its tagged PDF (laid out in chunks, in parallel, and merged: governance/pack_pdf.py)
    from cold, and one plain WeasyPrint pass over the same HTML, the issue's yardstick:
    the goal is the PDF in 0.4 × the plain pass. The two take turns going first. Then,
    apart, the issued pack's PDF just after its draft's, with the draft's chunks
    remembered."""
    import io
    import os

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader
    from weasyprint import HTML

    from governance import pack_parts, pack_pdf, pack_render
    from governance.models import Committee, RemitIndicator
    from governance.packs import pack_data
    from kpis.models import Indicator

    committee, created = Committee.objects.get_or_create(
        slug="bench-cog", defaults={"name": "Bench Chief Officer Group", "kind": "officer_board"}
    )
    if created:
        chosen = Indicator.objects.exclude(status="retired").filter(
            aggregation="none").order_by("code")[:PACK_SIZE]
        RemitIndicator.objects.bulk_create(
            [RemitIndicator(committee=committee, indicator=i) for i in chosen]
        )

    def html() -> str:
        return pack_render.render_html(pack_data(committee, period))

    page = html()  # warm-up
    with CaptureQueriesContext(connection) as captured:
        html()
    tracemalloc.start()
    html()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    html_seconds = [_timed(html) for _ in range(runs)]
    HTML(string="<p>warm-up</p>").write_pdf()  # WeasyPrint's fonts, for both alike

    def chunked() -> bytes:
        pack_pdf.forget()  # cold: no chunk remembered from an earlier run
        return pack_render.render_pdf(page)

    def plain() -> bytes:
        return HTML(string=page).write_pdf()

    def cpu() -> tuple[float, float]:
        mine = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (mine.ru_utime + mine.ru_stime, children.ru_utime + children.ru_stime)

    pdf_seconds, plain_seconds, loads = [], [], []
    cpu_plain, cpu_merge, cpu_layout = [], [], []
    pdf = plain_pdf = b""
    for run in range(runs):
        loads.append(os.getloadavg()[0])
        order = [("chunked", chunked), ("plain", plain)]
        for name, work in order if run % 2 == 0 else reversed(order):
            (own, theirs), started = cpu(), time.perf_counter()
            made = work()
            seconds = time.perf_counter() - started
            own_after, theirs_after = cpu()
            if name == "chunked":
                pdf = made
                pdf_seconds.append(seconds)
                cpu_merge.append(own_after - own)
                cpu_layout.append(theirs_after - theirs)
            else:
                plain_pdf = made
                plain_seconds.append(seconds)
                cpu_plain.append(own_after - own)
    loads.append(os.getloadavg()[0])
    # Processor time does not depend on what else the machine runs as wall time does:
    # on two idle cores the chunked PDF would take about half its layout time plus its
    # merging (this process, partly alongside), against the plain pass's processor time.
    layout, merge, alone = (statistics.median(x) for x in (cpu_layout, cpu_merge, cpu_plain))
    cpu_note = (f"processor time: layout {layout:.1f} s in the layout processes, "
                f"merging {merge:.1f} s here, against {alone:.1f} s for the plain pass "
                f"({(layout + merge) / alone:.2f} × the work; on two idle cores about "
                f"{(layout / 2 + merge) / alone:.2f} × its time)")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    plain_pages = len(PdfReader(io.BytesIO(plain_pdf)).pages)
    chunks = len(pack_parts.plan(pack_parts.split(page), workers=settings.PACK_PDF_WORKERS))
    # Warm: the pack issued after its draft was built, as the performance team does it;
    # only the cover differs, so only the front matter is laid out again.
    data = pack_data(committee, period)
    issued = pack_render.render_html(data, issued=True, version=1, issued_on="1 April 2027")
    warm_seconds = []
    for _ in range(runs):
        pack_pdf.forget()
        pack_render.render_pdf(pack_render.render_html(data))
        warm_seconds.append(_timed(lambda: pack_render.render_pdf(issued)))
    ratios = [a / b for a, b in zip(pdf_seconds, plain_seconds, strict=True)]
    warm_ratio = statistics.median(warm_seconds) / statistics.median(plain_seconds)
    ratio = statistics.median(pdf_seconds) / statistics.median(plain_seconds)
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KB
    load = f"load average (1 min) {min(loads):.1f} to {max(loads):.1f} during the runs"
    return [
        {"what": f"COG pack of {PACK_SIZE} indicators: data and HTML", "seconds": html_seconds,
         "floor": [], "queries": len(captured), "size": len(page.encode()),
         "peak_mb": peak / 1024 / 1024, "note": ""},
        {"what": f"COG pack of {PACK_SIZE} indicators: tagged PDF (PDF/UA-1), "
                 f"{chunks} chunks on {settings.PACK_PDF_WORKERS} workers",
         "seconds": pdf_seconds, "floor": [], "queries": 0, "size": len(pdf), "peak_mb": 0.0,
         "memory": f"{workers_peak:.0f} MB peak RSS of a layout process",
         "note": f"**PDF ÷ plain pass {ratio:.2f}** (goal 0.4; each run: "
                 f"{', '.join(f'{r:.2f}' for r in ratios)}); {pages} pages; {load}; "
                 f"{cpu_note}"},
        {"what": f"COG pack of {PACK_SIZE} indicators: tagged PDF of the issued pack just "
                 "after its draft (warm: chunks remembered)",
         "seconds": warm_seconds, "floor": [], "queries": 0, "size": None, "peak_mb": 0.0,
         "memory": "",
         "note": f"÷ plain pass {warm_ratio:.2f}; not counted towards the goal, which is "
                 "for a cold build"},
        {"what": f"COG pack of {PACK_SIZE} indicators: one plain WeasyPrint pass over "
                 "the same HTML (the yardstick)",
         "seconds": plain_seconds, "floor": [], "queries": 0, "size": len(plain_pdf),
         "peak_mb": 0.0, "memory": "",
         "note": f"untagged, one process; {plain_pages} pages"},
    ]


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started
