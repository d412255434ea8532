"""python manage.py export_scorecard --period 2025-26-Q2 [--format csv|xlsx] [--output FILE]"""

import io
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance.calendar import issue_date
from reporting.periods import Period, PeriodError
from reporting.scorecard import build_scorecard, write_csv, write_xlsx


class Command(BaseCommand):
    help = (
        "Write the balanced scorecard as at the end of a period: one row per non-retired "
        "indicator, rated by its latest result ending on or before the end of that period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="e.g. 2025-26-Q2, 2025-26, 2025-10")
        parser.add_argument("--format", choices=["csv", "xlsx"], default=None)
        parser.add_argument("--output", help="File to write (default: standard output)")
        parser.add_argument(
            "--include-unsigned", action="store_true",
            help="Include drafts and results awaiting sign-off (for the performance team; "
            "the default, signed-off results only, is what a committee reads)",
        )
        parser.add_argument(
            "--as-issued", action="store_true",
            help="The figures as the period's committee report showed them when it was "
            "issued: corrections recorded since are undone",
        )

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from error
        output = options["output"]
        fmt = options["format"] or (
            "xlsx" if output and output.lower().endswith(".xlsx") else "csv"
        )
        as_issued_on = None
        if options["as_issued"]:
            as_issued_on = issue_date(period)
            if as_issued_on is None:
                raise CommandError(f"The report for {period.label} has not been issued")
        rows = build_scorecard(
            period, approved_only=not options["include_unsigned"], as_issued_on=as_issued_on
        )
        if fmt == "xlsx":
            if not output:
                buffer = io.BytesIO()
                write_xlsx(rows, buffer, title=f"Scorecard {period.label}")
                sys.stdout.buffer.write(buffer.getvalue())
                return
            with Path(output).open("wb") as stream:
                write_xlsx(rows, stream, title=f"Scorecard {period.label}")
        elif output:
            with Path(output).open("w", newline="", encoding="utf-8") as stream:
                write_csv(rows, stream)
        else:
            buffer = io.StringIO()
            write_csv(rows, buffer)
            self.stdout.write(buffer.getvalue(), ending="")
        if output:
            self.stderr.write(f"Wrote {len(rows)} indicators as at {period.label} to {output}")
