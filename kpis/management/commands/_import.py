"""What the two import commands share: read the file, report every problem, exit non-zero."""

from django.core.management.base import BaseCommand, CommandError

from kpis.importing import ImportFailed
from kpis.spreadsheets import SpreadsheetError, read_sheet


class ImportCommand(BaseCommand):
    what = "rows"

    def add_arguments(self, parser):
        parser.add_argument("file", help="A CSV or XLSX file; the first row names the columns")

    def run_import(self, sheet):
        raise NotImplementedError

    def handle(self, *args, **options):
        try:
            sheet = read_sheet(options["file"])
        except SpreadsheetError as error:
            raise CommandError(f"{options['file']}: {error} Nothing was changed.") from error
        try:
            summary = self.run_import(sheet)
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{len(failure.problems)} problem(s) in {options['file']}; nothing was changed."
            ) from failure
        self.stdout.write(f"Imported {len(sheet.rows)} {self.what}: {summary}.")
