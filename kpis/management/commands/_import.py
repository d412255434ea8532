"""What the import commands share: read the file, name who runs it and why, report
every problem, exit non-zero."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kpis import permissions
from kpis.importing import ImportFailed
from kpis.spreadsheets import SpreadsheetError, read_sheet


class ImportCommand(BaseCommand):
    what = "rows"

    def add_arguments(self, parser):
        parser.add_argument("file", help="A CSV or XLSX file; the first row names the columns")
        parser.add_argument(
            "--user", required=True, metavar="USERNAME",
            help="Who is importing: a member of the performance team. The history names them.",
        )
        parser.add_argument(
            "--reason", default="",
            help="Why (kept in the history with the file name), e.g. 'Q2 figures from the "
            "finance system'",
        )

    def run_import(self, sheet, *, user, reason):
        raise NotImplementedError

    def importer(self, username: str):
        """The active member of the performance team named by --user, or CommandError."""
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"--user {username}: there is no active user with that name. "
                               "Nothing was changed.")
        if not permissions.is_performance_team(user):
            raise CommandError(f"--user {username}: only the performance team can import. "
                               "Nothing was changed.")
        return user

    @staticmethod
    def reason_for(path, reason: str) -> str:
        """The reason kept in the history: the file's name, then why."""
        name = str(path).rsplit("/", 1)[-1]
        return f"{name}: {reason.strip()}" if reason.strip() else name

    def read(self, path, **kwargs):
        try:
            return read_sheet(path, **kwargs)
        except SpreadsheetError as error:
            raise CommandError(f"{path}: {error} Nothing was changed.") from error

    def report_failure(self, failure: ImportFailed, path) -> CommandError:
        for problem in failure.problems:
            self.stderr.write(problem)
        return CommandError(
            f"{len(failure.problems)} problem(s) in {path}; nothing was changed."
        )

    def handle(self, *args, **options):
        user = self.importer(options["user"])
        reason = self.reason_for(options["file"], options["reason"])
        sheet = self.read(options["file"])
        try:
            summary = self.run_import(sheet, user=user, reason=reason)
        except ImportFailed as failure:
            raise self.report_failure(failure, options["file"]) from failure
        self.stdout.write(f"Imported {len(sheet.rows)} {self.what}: {summary}.")
