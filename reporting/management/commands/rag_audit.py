"""python manage.py rag_audit --period P [--output FILE]"""

import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting.audit import write_csv
from reporting.periods import Period, PeriodError
from reporting.rag_audit import run_audit


class Command(BaseCommand):
    help = (
        "List results whose reported RAG differs from the RAG their policy gives, results "
        "the policy cannot rate, and suspicious values, for every result within a period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="e.g. 2025-26-Q2 or 2025-26")
        parser.add_argument("--output", help="CSV file to write (default: standard output)")

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from error
        findings = run_audit(period)
        if options["output"]:
            with Path(options["output"]).open("w", newline="", encoding="utf-8") as stream:
                write_csv(findings, stream)
            self.stderr.write(
                f"{len(findings)} finding(s) for {period.label} written to {options['output']}"
            )
        else:
            buffer = io.StringIO()
            write_csv(findings, buffer)
            self.stdout.write(buffer.getvalue(), ending="")
