"""The demo's resolved escalations: an older quarter's performance issues in Environment
and Infrastructure, one resolved by the directorate leadership team (recorded by the
director) and one carried on to the Chief Officer Group and resolved there (recorded by
the performance team), so the escalations list, the boards' pages and the indicator
pages show an issue's whole journey. The open ones are in ``perfmgmt/demo/members.py``.

Called once from ``build_demo`` after ``make_members``, with the builder."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from governance import members
from governance.models import Committee, Escalation
from kpis.models import Indicator, OrgUnit

if TYPE_CHECKING:
    from perfmgmt.demo import DemoBuilder

DIRECTORATE = "Environment and Infrastructure"


def _at(day, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower().replace(" ", "-") if ch.isalnum() or ch == "-")


def make_escalations(builder: DemoBuilder) -> None:
    dlt = Committee.objects.filter(slug="ei-dlt").first()
    cog = Committee.objects.filter(slug="cog").first()
    if dlt is None or cog is None:
        return
    quarter = builder.latest_quarter.shift(-2)
    taken = set(Escalation.objects.values_list("indicator_id", flat=True))
    candidates = [
        i for i in Indicator.objects.filter(
            org_unit__path__startswith=DIRECTORATE + OrgUnit.SEPARATOR
        ).select_related("org_unit").order_by("code")
        if i.pk not in taken
    ][:2]
    if len(candidates) < 2:
        return
    director = builder.users[f"director.{_slug(DIRECTORATE)}"]
    team = builder.users["performance"]
    start = min(quarter.end + timedelta(days=35), builder.today - timedelta(days=30))

    def head(indicator: Indicator):
        parts = indicator.org_unit.path.split(OrgUnit.SEPARATOR)
        return builder.users.get(f"head.{_slug(parts[1])}", director)

    first, second = candidates
    local = members.escalate(
        indicator=first, period=quarter.key, to_board=dlt, user=head(first),
        reason="A new and emerging issue: a supplier has gone into administration and "
        "the service cannot meet the standard without the directorate's help.",
        now=_at(start),
    )
    members.resolve(
        local, "The directorate leadership team agreed to move two officers from the "
        "capital programme for the quarter; the standard was met again by the next month.",
        director, start + timedelta(days=12),
    )
    raised = members.escalate(
        indicator=second, period=quarter.key, to_board=dlt, user=head(second),
        reason="Red for the quarter and the improvement actions have not been delivered: "
        "the contract variation needs agreeing above the service.", now=_at(start),
    )
    carried = members.escalate(
        indicator=second, period=quarter.key, to_board=cog, user=director,
        reason="The variation exceeds the directorate's delegation: the Chief Officer "
        "Group is asked to agree it.", now=_at(start + timedelta(days=7)), further=raised,
    )
    members.resolve(
        carried, "The Chief Officer Group agreed the contract variation on the recommendation "
        "of the director; performance is reported to it again next quarter.",
        team, start + timedelta(days=21),
    )
