"""python manage.py import_finance FILE --period 2025-26-Q2 --user USERNAME
(docs/members-and-finance.md)"""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from governance.finance_import import import_finance, quarter
from kpis.importing import ImportFailed
from kpis.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = ("Bring in the quarter's revenue budget position from the finance system's export "
            "(CSV or XLSX: directorate, service, budget, forecast, variance, commentary), all "
            "or nothing. A quarter imported again is replaced.")
    what = "lines of the budget position"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--period", required=True, metavar="QUARTER",
                            help="The quarter the position is for, e.g. 2025-26-Q2")

    def handle(self, *args, **options):
        user = self.importer(options["user"])
        path = Path(options["file"])
        try:
            period = quarter(options["period"])
        except ImportFailed as failure:
            raise CommandError(f"--period: {failure.problems[0]}. Nothing was changed.") from None
        sheet = self.read(path)
        try:
            record = import_finance(sheet, period=period, file_name=path.name,
                                    content=path.read_bytes(), user=user, now=timezone.now())
        except ImportFailed as failure:
            raise self.report_failure(failure, path) from failure
        self.stdout.write(f"Read {record.rows} {self.what} for {period.label} from {path.name}.")
