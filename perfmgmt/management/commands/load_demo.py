"""python manage.py load_demo [--seed N] [--today YYYY-MM-DD] [--if-empty]"""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from kpis.models import Indicator
from perfmgmt.demo import DEMO_PASSWORD, ROLE_USERS, build_demo


class Command(BaseCommand):
    help = "Build the demo council (Northshire County Council), caught mid-cycle."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None,
            help="Pretend today is this date (YYYY-MM-DD); default: today",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the register has indicators"
        )

    def handle(self, *args, **options):
        if Indicator.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The register already has indicators; demo not loaded.")
                return
            raise CommandError("The register is not empty: load the demo into an empty database.")
        started = time.monotonic()
        summary = build_demo(seed=options["seed"], today=options["today"])
        self.stdout.write(
            f"Loaded the demo council in {time.monotonic() - started:.1f}s: {summary}."
        )
        logins = ", ".join(username for username, *_ in ROLE_USERS)
        self.stdout.write(f"Demo logins ({logins}) all use the password {DEMO_PASSWORD}")
