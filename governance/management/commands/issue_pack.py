"""python manage.py issue_pack --committee SLUG --period 2025-26-Q2 --user USERNAME"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from governance.models import Committee
from governance.packs import issue_pack
from reporting.periods import Period, PeriodError


class Command(BaseCommand):
    help = ("Issue a committee's pack: store its HTML, PDF and data for good and lock the "
            "period's approved results. Issuing again makes the next version.")

    def add_arguments(self, parser):
        parser.add_argument("--committee", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--user", required=True, metavar="USERNAME",
                            help="Who issues it: a member of the performance team")

    def handle(self, *args, **options):
        committee = Committee.objects.filter(slug=options["committee"]).first()
        if committee is None:
            raise CommandError(f"No committee '{options['committee']}'")
        try:
            period = Period.parse(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from error
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"--user {options['user']}: there is no active user with that name")
        try:
            pack = issue_pack(committee, period, user)
        except PermissionDenied as error:
            raise CommandError(f"--user {options['user']}: only the performance team can issue "
                               "packs") from error
        self.stdout.write(
            f"Issued {committee.name} {period.label} version {pack.version} "
            f"(checksum {pack.checksum[:12]}…); {period.label}'s approved results are locked."
        )
        for change in pack.changes:
            self.stdout.write(f"  {change}")
