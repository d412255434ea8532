"""python manage.py backtest_early_warning [--years N]

How often the early warning's projection would have called the year-end right: for each
past financial year, project every quarterly and monthly targeted indicator's outturn from
what was known at the end of Q1, Q2 and Q3 (by each method worth comparing, and today's
RAG as the yardstick), and compare the call (miss or on course) with what the year did.
The figures are in docs/early-warning.md.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Min
from django.utils import timezone

from kpis.models import Indicator, Result
from reporting.early_warning import TODAYS_RAG, Tally, backtest, tally
from reporting.engine import Collection
from reporting.periods import Frequency, Period
from reporting.projection import METHODS, Call, Method
from reporting.ratings import RatingBook


class Command(BaseCommand):
    help = (
        "Back-test the early warning: project each past year's outturn from Q1, Q2 and Q3 "
        "and count how often the projection called the year-end right."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=0,
                            help="the last N completed financial years (default: all)")

    def handle(self, *args, **options):
        today = timezone.localdate()
        last_year = Period.latest_ended(today, Frequency.ANNUAL)
        earliest = Result.objects.aggregate(first=Min("period_end"))["first"]
        if earliest is None:
            raise CommandError("There are no results to test against.")
        first_year = Period.containing(earliest, Frequency.ANNUAL)
        years = []
        year = last_year
        while year.end >= first_year.end and (not options["years"]
                                               or len(years) < options["years"]):
            years.append(year)
            year = year.previous()
        if not years:
            raise CommandError("No financial year has ended since the first result.")
        years.reverse()
        # From the year before the first: the trend line's run reaches back into it.
        book = RatingBook.load(last_year.end,
                               since=years[0].previous().start - timedelta(days=1))
        indicators = Indicator.objects.only(
            "id", "code", "unit", "decimal_places", "allows_any_percentage"
        ).order_by("code")
        trials = backtest(book, indicators, years)
        write = self.stdout.write
        write(f"Early warning back-test: {years[0].label} to {years[-1].label}, "
              f"{len({t.code for t in trials})} indicators; projections from the end of "
              "Q1, Q2 and Q3 against each year's outturn.")
        write(f"In use: {', '.join(f'{c.value}: {m.label}' for c, m in METHODS.items())}.")
        for heading, counts in (
            ("Every projection", tally(trials)),
            ("Green or amber at the time (what the report would flag)",
             tally(trials, flaggable_only=True)),
        ):
            write("")
            write(f"## {heading}")
            write("")
            write("| indicators | method | from | projected | not projected | right "
                  "| misses called right | false alarms | misses not called |")
            write("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
            for collection in Collection:
                for method in [*(m.value for m in Method), TODAYS_RAG]:
                    for quarter in (1, 2, 3):
                        found = counts.get((collection, method, quarter))
                        if found is not None:
                            write(_row(collection, method, quarter, found))


def _row(collection: Collection, method: str, quarter: int, found: Tally) -> str:
    name = Method(method).label if method in {m.value for m in Method} else "Today's RAG"
    share = found.share_right
    right = f"{found.right} ({share * 100:.0f}%)" if share is not None else "0"
    return (
        f"| {collection.value} | {name} | Q{quarter} | {found.projected} | "
        f"{found.not_projected} | {right} | {found.calls[Call.MISS_RIGHT]} | "
        f"{found.calls[Call.FALSE_ALARM]} | {found.calls[Call.MISSED_WARNING]} |"
    )
