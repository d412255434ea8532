"""python manage.py send_reminders [--days N] [--today YYYY-MM-DD]

Schedule it once a working day (see docs/reminders.md); running it twice in a
day sends nothing the second time.
"""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from governance.reminders import send_reminders
from kpis.notifications import notify


class Command(BaseCommand):
    help = "Email owners about results due or overdue, and approvers about sign-offs waiting."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7,
                            help="Remind about results due within this many days (default 7)")
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        sent = send_reminders(today, options["days"])
        # Notices whose email could not be sent when they happened (a mail server down).
        late = notify.send_pending()
        self.stdout.write(
            f"Sent {sent.entry} entry reminder(s) and {sent.signoff} sign-off reminder(s); "
            f"{sent.skipped} already sent today."
            + (f" Sent {late} notice email(s) that had not gone." if late else "")
        )
