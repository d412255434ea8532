"""Draw (and record) the quarter's data-quality sample: the same seed draws the same
sample again."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from governance import dq_audits
from kpis.roles import PERFORMANCE_TEAM
from reporting.periods import Frequency, Period


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The quarter, e.g. 2026-27-Q2")
        parser.add_argument("--seed", required=True, type=int, help="The random seed")
        parser.add_argument("--per-committee", type=int, default=2,
                            help="Indicators drawn from each committee's (default 2)")
        parser.add_argument("--user", help="Recorded as drawing it (default: the first "
                            "member of the performance team)")

    def handle(self, *args, period, seed, per_committee, user, **options):
        try:
            quarter = Period.parse(period)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if quarter.frequency is not Frequency.QUARTERLY:
            raise CommandError(f"{period} is not a quarter such as 2026-27-Q2")
        people = get_user_model().objects.filter(is_active=True)
        who = (people.filter(username=user).first() if user
               else people.filter(groups__name=PERFORMANCE_TEAM).order_by("pk").first()
               or people.filter(is_superuser=True).order_by("pk").first())
        if who is None:
            raise CommandError("No such user: give --user, a member of the performance team")
        try:
            audit = dq_audits.draw(who, quarter, seed, per_committee)
        except dq_audits.AuditError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Data-quality sample for {quarter.label}, seed {seed}, "
                          f"{per_committee} from each committee:")
        for sampled in audit.sampled.select_related("indicator").order_by("stratum",
                                                                          "indicator__code"):
            self.stdout.write(f"{sampled.stratum}\t{sampled.indicator.code}\t"
                              f"{sampled.indicator.title}")
