"""``make bench``: the county at scale, timed (docs/performance.md).

    python -m perfmgmt.bench [--repeats 5] [--import-repeats 3] [--postgres URL]
                             [--skip-import] [--pack-runs 3] [--packs-only]
                             [--output bench-results.md]

Builds, into fresh databases of its own (SQLite files in ``.bench/``, and schemas of the
PostgreSQL database named by ``--postgres`` or ``BENCH_DATABASE_URL``):

* the county (``build_county``: about 2,000 indicators and 48,000 results);
* the demo council (``load_demo``: 387 indicators);
* the county without results or reporting calendar, for ``import_results``.

Then times, each in a fresh process, ``import_results`` of the county's results (created,
all changed, unchanged), and in-process through Django's test ``Client`` with the real
settings (DEBUG off) the scorecard, the RAG audit and the home pages, interleaved with
the floor (``perfmgmt/bench/floor.py``) so the ratio page / floor is taken under the
same load. Last, in a process of its own, a committee pack of 150 indicators from the
county: its data and HTML, and its tagged PDF beside one plain WeasyPrint pass over the
same HTML, taking turns (``--pack-runs``; ``--packs-only`` builds the county and times the
pack alone). Medians, minima and maxima of the repeats; SQL queries counted on a separate
run, as is peak memory (tracemalloc for a page, the process's peak RSS for an import).
Never part of ``make test``: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent.parent
MARK = "BENCH-JSON "
SCHEMAS = {"county": "bench_county", "demo": "bench_demo", "import": "bench_import"}

# The real settings with DEBUG off, as in production: these make them start outside a
# server. The developer's .env (DEBUG on) is not read.
BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "perfmgmt.settings",
    "ENV_FILE": "",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "testserver",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "SITE_URL": "http://testserver",
    "DEFAULT_FROM_EMAIL": "bench@council.example",
    "CONN_MAX_AGE": "0",
}


# --- the orchestrator: runs each step in a process of its own ----------------------------


@dataclass
class Figure:
    what: str
    seconds: list[float] = field(default_factory=list)
    queries: int | None = None
    size: int | None = None  # bytes of response
    memory: str = ""
    floor: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.floor:
            return None
        return statistics.median(self.seconds) / statistics.median(self.floor)


def _step(database_url: str, *args: str) -> dict:
    """Run one step in a fresh process against ``database_url``; its JSON answer."""
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url}
    done = subprocess.run(
        [sys.executable, "-m", "perfmgmt.bench", "--step", *args],
        cwd=BASE_DIR, env=env, capture_output=True, text=True,
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"bench step {args[0]} failed")
    for line in done.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    return {"output": done.stdout.strip()}


def _manage(database_url: str, *args: str) -> float:
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,
        capture_output=True, text=True,
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return time.perf_counter() - started


def _sqlite_urls(folder: Path) -> dict[str, str]:
    folder.mkdir(exist_ok=True)
    urls = {}
    for name in SCHEMAS:
        path = folder / f"{name}.sqlite3"
        for leftover in folder.glob(f"{name}.sqlite3*"):
            leftover.unlink()
        urls[name] = f"sqlite:///{path}"
    return urls


def _postgres_urls(url: str) -> dict[str, str]:
    """A fresh schema of the one database for each of the bench's databases."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username,
        password=parts.password, dbname=parts.path.lstrip("/"), autocommit=True,
    ) as conn:
        for schema in SCHEMAS.values():
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            conn.execute(f'CREATE SCHEMA "{schema}"')
    joiner = "&" if parts.query else "?"
    return {name: f"{url}{joiner}currentSchema={schema}" for name, schema in SCHEMAS.items()}


def run_backend(label: str, urls: dict[str, str], files: Path, options) -> list[Figure]:
    figures: list[Figure] = []
    say = print
    say(f"\n== {label} ==")
    for name in ("county",) if options.packs_only else SCHEMAS:
        _manage(urls[name], "migrate", "--noinput", "-v0")
    built = _manage(urls["county"], "build_county", "--areas", str(options.areas))
    say(f"built the county in {built:.1f}s")
    figures.append(Figure("build_county (for reference)", [built]))
    if not options.packs_only:
        _manage(urls["demo"], "load_demo")
        created_csv, changed_csv = files / "results.csv", files / "results-changed.csv"
        _manage(
            urls["import"], "build_county", "--areas", str(options.areas), "--no-results",
            "--no-calendar", "--results-csv", str(created_csv), "--changed-csv",
            str(changed_csv),
        )
    if not (options.skip_import or options.packs_only):
        runs: dict[str, list[dict]] = {"created": [], "changed": [], "unchanged": []}
        for repeat in range(options.import_repeats):
            if repeat:
                _step(urls["import"], "reset-results")
            for kind, path in (("created", created_csv), ("changed", changed_csv),
                               ("unchanged", changed_csv)):
                answer = _step(urls["import"], "import", str(path))
                runs[kind].append(answer)
                say(f"import {kind}: {answer['seconds']:.2f}s ({answer['summary']})")
        for kind, answers in runs.items():
            rows = answers[0]["rows"]
            figures.append(Figure(
                f"import_results, {rows:,} rows, {kind}",
                [a["seconds"] for a in answers],
                queries=answers[0]["queries"],
                memory=f"{max(a['peak_rss_mb'] for a in answers):.0f} MB peak RSS "
                f"(+{max(a['peak_rss_mb'] - a['start_rss_mb'] for a in answers):.0f})",
                note=f"reading the file: {statistics.median(a['read'] for a in answers):.2f}s "
                "of it",
            ))
    for name in () if options.packs_only else ("county", "demo"):
        answer = _step(urls[name], "pages", name, str(options.repeats))
        say(f"{name}: {answer['indicators']:,} indicators, {answer['results']:,} results")
        for page in answer["pages"]:
            figures.append(_figure(page, say))
    answer = _step(urls["county"], "packs", str(options.pack_runs))
    for page in answer["pages"]:
        figures.append(_figure(page, say))
    return figures


def _figure(page: dict, say) -> Figure:
    figure = Figure(
        page["what"], page["seconds"], queries=page["queries"], size=page["size"],
        memory=page.get("memory", f"{page['peak_mb']:.1f} MB traced"),
        floor=page.get("floor", []), note=page.get("note", ""),
    )
    say(f"{figure.what}: median {statistics.median(figure.seconds):.3f}s, "
        f"{figure.queries} queries"
        + (f", {figure.ratio:.1f} × floor" if figure.ratio else "")
        + (f"; {figure.note}" if figure.note else ""))
    return figure


def _table(label: str, figures: list[Figure]) -> str:
    lines = [
        f"### {label}",
        "",
        "| what | median | min | max | runs | SQL queries | response | peak memory "
        "| page ÷ floor (floor median) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for f in figures:
        ratio = (
            f"{f.ratio:.1f} × ({statistics.median(f.floor) * 1000:.1f} ms)" if f.ratio else ""
        )
        size = f"{f.size / 1024:,.0f} KB" if f.size is not None else ""
        queries = "" if f.queries is None else str(f.queries)
        lines.append(
            f"| {f.what} | {statistics.median(f.seconds):.3f} s | {min(f.seconds):.3f} s "
            f"| {max(f.seconds):.3f} s | {len(f.seconds)} | {queries} | {size} | {f.memory} "
            f"| {ratio} |"
        )
    notes = [f"* {f.what}: {f.note}" for f in figures if f.note]
    return "\n".join(lines + ([""] + notes if notes else []))


def _git_commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR,
                          capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m perfmgmt.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--step", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each page")
    parser.add_argument("--import-repeats", type=int, default=3,
                        help="timed runs of each import")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--pack-runs", type=int, default=3,
                        help="runs of the pack's PDF beside one plain WeasyPrint pass")
    parser.add_argument("--packs-only", action="store_true",
                        help="build the county and time its committee pack only")
    parser.add_argument("--areas", type=int, default=15,
                        help="build_county --areas (15: about 2,000 indicators)")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL", ""),
                        metavar="URL", help="also run on this PostgreSQL database "
                        "(default: $BENCH_DATABASE_URL); the bench makes schemas of its own")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--output", type=Path, default=BASE_DIR / "bench-results.md")
    parser.add_argument("--dir", type=Path, default=BASE_DIR / ".bench",
                        help="where the SQLite files and import files go")
    options = parser.parse_args(argv)
    if options.step:
        from perfmgmt.bench import steps

        steps.run(options.step)
        return
    options.dir.mkdir(exist_ok=True)
    load_before = os.getloadavg()
    started = datetime.now()
    sections = []
    backends = []
    if not options.no_sqlite:
        backends.append(("SQLite", lambda: _sqlite_urls(options.dir)))
    if options.postgres:
        backends.append(("PostgreSQL", lambda: _postgres_urls(options.postgres)))
    for label, urls in backends:
        figures = run_backend(label, urls(), options.dir, options)
        sections.append(_table(label, figures))
    load_after = os.getloadavg()
    header = (
        f"Measured {started:%-d %B %Y %H:%M} on {platform.node() or 'this machine'} "
        f"({os.cpu_count()} cores, Python {platform.python_version()}, commit "
        f"{_git_commit()}); load average {load_before[0]:.2f} / {load_before[1]:.2f} / "
        f"{load_before[2]:.2f} at the start, {load_after[0]:.2f} / {load_after[1]:.2f} / "
        f"{load_after[2]:.2f} at the end. Pages: {options.repeats} timed runs after a "
        f"warm-up; imports: {options.import_repeats} runs, each in a fresh process."
    )
    report = "\n\n".join([header, *sections]) + "\n"
    options.output.write_text(report, encoding="utf-8")
    print("\n" + report)
    print(f"Written to {options.output}")
    shutil.rmtree(options.dir / "__pycache__", ignore_errors=True)
