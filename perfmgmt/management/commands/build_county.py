"""python manage.py build_county [--areas N] [--seed N] [--today YYYY-MM-DD]
[--no-results] [--no-calendar] [--results-csv FILE] [--changed-csv FILE]"""

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kpis.models import Indicator
from perfmgmt.bench.county import DEFAULT_AREAS, build_county


class Command(BaseCommand):
    help = (
        "Build a county at scale (about 2,000 indicators and 48,000 results) for the "
        "benchmark (docs/performance.md): the demo council with every team in 15 areas."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None,
            help="Pretend today is this date (YYYY-MM-DD); default: today",
        )
        parser.add_argument(
            "--areas", type=int, default=DEFAULT_AREAS,
            help=f"How many areas each team runs in (default {DEFAULT_AREAS}: about 2,000 "
            "indicators; 1 is the demo's size)",
        )
        parser.add_argument(
            "--no-results", action="store_true",
            help="Leave the results out of the database (for import_results to bring in)",
        )
        parser.add_argument(
            "--no-calendar", action="store_true",
            help="No reporting calendar: every period is history, nothing is locked",
        )
        parser.add_argument(
            "--results-csv", type=Path, metavar="FILE",
            help="Also write the results as an import_results file",
        )
        parser.add_argument(
            "--changed-csv", type=Path, metavar="FILE",
            help="Also write them with every actual changed",
        )

    def handle(self, *args, **options):
        if Indicator.objects.exists():
            raise CommandError("The register is not empty: build the county into an empty "
                               "database.")
        started = time.monotonic()
        try:
            summary = build_county(
                seed=options["seed"], today=options["today"], areas=options["areas"],
                results=not options["no_results"], calendar=not options["no_calendar"],
                results_csv=options["results_csv"], changed_csv=options["changed_csv"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Built the county in {time.monotonic() - started:.1f}s: {summary}.")
