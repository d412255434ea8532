"""Make, list and revoke feed keys (perfmgmt/feed.py): how Power BI reads the data files."""

from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kpis.models import FeedKey
from reporting.formatting import date_text


class Command(BaseCommand):
    help = ("Feed keys for Power BI and other reporting tools: 'create --user NAME --name "
            "WHAT' shows a new key once; 'list'; 'revoke PREFIX'.")

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="make a key and show it once")
        create.add_argument("--user", required=True,
                            help="the username whose access the key has")
        create.add_argument("--name", required=True,
                            help="what uses it, e.g. 'Power BI: corporate dashboard'")
        actions.add_parser("list", help="every key: whose, what for, last used, revoked")
        revoke = actions.add_parser("revoke", help="stop a key working, at once")
        revoke.add_argument("prefix", help="the key's first characters, as 'list' shows them")

    def handle(self, *args, action: str, **options) -> None:
        by = f"{getpass.getuser()} (manage.py feed_key)"
        if action == "create":
            self._create(options["user"], options["name"].strip(), by)
        elif action == "list":
            self._list()
        else:
            self._revoke(options["prefix"].strip(), by)

    def _create(self, username: str, name: str, by: str) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user '{username}'.")
        if not user.is_active:
            raise CommandError(f"{username}'s account is closed: a key for it would not work.")
        if not name:
            raise CommandError("Say what will use the key (--name), so it can be found later.")
        row, key = FeedKey.issue(user, name[:100], by=by)
        self.stdout.write(
            f"Feed key for {user.get_username()} ({row.name}). It is shown once: copy it now.\n\n"
            f"    {key}\n\n"
            "Send it as a header: Authorization: Bearer <key>. It reads the data files "
            f"{user.get_username()} may read, nothing else. Revoke it with: "
            f"manage.py feed_key revoke {row.prefix}")

    def _list(self) -> None:
        rows = FeedKey.objects.select_related("user")
        if not rows:
            self.stdout.write("No feed keys.")
        for row in rows:
            used = date_text(row.last_used_at.date()) if row.last_used_at else "never"
            state = (f"revoked {date_text(row.revoked_at.date())} by {row.revoked_by}"
                     if row.revoked_at else "live")
            self.stdout.write(f"{row.prefix}  {row.user.get_username()}  {row.name}  "
                              f"made {date_text(row.created_at.date())}  used {used}  {state}")

    @transaction.atomic
    def _revoke(self, prefix: str, by: str) -> None:
        if len(prefix) < 4:
            raise CommandError("Give at least the first 4 characters of the key.")
        # Compared here, not in SQL: SQLite's LIKE ignores case, and keys' letters differ
        # by case.
        matches = [row for row in FeedKey.objects.filter(revoked_at__isnull=True)
                   if row.prefix.startswith(prefix[:8])]
        if not matches:
            raise CommandError(f"No live key starts '{prefix}'.")
        if len(matches) > 1:
            raise CommandError(f"{len(matches)} live keys start '{prefix}': give more of it.")
        matches[0].revoke(by=by)
        self.stdout.write(f"Revoked {matches[0]}.")
