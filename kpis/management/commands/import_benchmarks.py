"""python manage.py import_benchmarks FILE --metric-map MAP [--group GROUPFILE ...]
--user USERNAME --reason WHY (see docs/benchmarks.md)"""

import hashlib
from pathlib import Path

from django.core.management.base import CommandError

from kpis.benchmark_import import import_benchmarks
from kpis.importing import ImportFailed

from ._import import ImportCommand


class Command(ImportCommand):
    help = ("Bring in a published benchmark file (LG Inform style, Oflog's, Trafford Data "
            "Lab's), the council's comparator groups and which indicator each metric is "
            "compared on, all or nothing. Reads only the files given: no network.")
    what = "benchmark rows"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--metric-map", metavar="MAP",
            help="CSV or XLSX: metric, indicator (code), comparator_group (optional)",
        )
        parser.add_argument(
            "--group", action="append", default=[], metavar="GROUPFILE",
            help="Comparator groups (Oflog's nearest neighbours, or neighbour sets); the "
            "council's own are kept. May be given more than once.",
        )
        parser.add_argument("--dataset", default="",
                            help="The dataset's name (default: the layout's)")
        parser.add_argument("--publisher", default="", help="Who published it")
        parser.add_argument("--licence", default="", help="The licence it was published under")

    def handle(self, *args, **options):
        user = self.importer(options["user"])
        path = Path(options["file"])
        reason = self.reason_for(path, options["reason"])
        sheet = self.read(path, comments=True)
        checksum = hashlib.sha256(path.read_bytes()).hexdigest()
        metric_map = None
        if options["metric_map"]:
            metric_map = (Path(options["metric_map"]).name,
                          self.read(options["metric_map"], comments=True))
        groups = [(Path(g).name, self.read(g, comments=True)) for g in options["group"]]
        try:
            summary = import_benchmarks(
                sheet, file_name=path.name, checksum=checksum, user=user, reason=reason,
                metric_map=metric_map, groups=groups, dataset=options["dataset"],
                publisher=options["publisher"], licence=options["licence"],
            )
        except ImportFailed as failure:
            raise self.report_failure(failure, path) from failure
        except OSError as error:  # pragma: no cover - read above, gone since
            raise CommandError(f"{path}: {error} Nothing was changed.") from error
        self.stdout.write(f"Read {len(sheet.rows)} {self.what} from {path.name}: {summary}.")
