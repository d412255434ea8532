"""Adopt one council's published SMART wording for proposals (governance/smart.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from governance.lifecycle import adopt_wording
from governance.smart import WORDINGS


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("wording", choices=sorted(WORDINGS))

    def handle(self, *args, wording, **options):
        for criterion in adopt_wording(wording):
            self.stdout.write(f"{criterion.letter}  {criterion.name}: {criterion.wording}")
