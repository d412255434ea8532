"""python manage.py import_indicators FILE (CSV or XLSX; see docs/file-formats.md)"""

from kpis.importing import import_indicators

from ._import import ImportCommand


class Command(ImportCommand):
    help = "Create or update indicators by code from a CSV or XLSX file, all or nothing."
    what = "indicators"

    def run_import(self, sheet, *, user, reason):
        return import_indicators(sheet, user=user, reason=reason)
