"""python manage.py import_results FILE (CSV or XLSX; see docs/file-formats.md)"""

from kpis.importing import import_results

from ._import import ImportCommand


class Command(ImportCommand):
    help = "Create or update results and targets by code and period, all or nothing."
    what = "results"

    def run_import(self, sheet, *, user, reason):
        return import_results(sheet, user=user, reason=reason)
