"""python manage.py import_breakdowns FILE (CSV or XLSX; see docs/breakdowns.md)"""

from kpis.breakdown_import import import_breakdowns

from ._import import ImportCommand


class Command(ImportCommand):
    help = "Set the breakdowns of results by code, period, dimension and category, all or nothing."
    what = "breakdown figures"

    def run_import(self, sheet, *, user, reason):
        return import_breakdowns(sheet, user=user, reason=reason)
