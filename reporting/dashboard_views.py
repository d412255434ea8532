"""The dashboards: one design for every audience.

Council-wide for Cabinet and chief officers, a committee's remit for its members, a
directorate or service for its managers, and "My indicators" for an owner. Each is the
same page (``_dashboard``) over a different set of indicators, with the period and the
filters in the query string so a view can be bookmarked and shared. Everyone signed in
may open any of them; what they see is the scorecard's (signed-off figures only for
anyone who may not see unsigned ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from governance import actions as delivery
from governance import finance_import, improvement
from governance.action_status import ActionStatus
from governance.models import Committee
from kpis.models import Indicator, OrgUnit, Pillar
from kpis.permissions import sees_unsigned
from reporting import dashboard, dashboard_charts, dashboard_data
from reporting.filters import DashboardFilter
from reporting.periods import Frequency, Period
from reporting.periods_http import period_or_404

QUARTERS_OFFERED, MONTHS_OFFERED = 12, 12
LIST_LIMIT = 25  # rows of each list shown before 'Show all'


@dataclass(frozen=True)
class Audience:
    """Whose dashboard it is: its heading, what it is for, and its indicators."""

    caption: str
    name: str
    indicators: Any  # a queryset of Indicator
    whole_register: bool = False
    directorate_id: int | None = None  # a directorate's: its budget position beside it


def dashboards(request):
    """Every dashboard: the council's, each committee's, each directorate's and service's,
    and the reader's own if they own indicators."""
    units = list(
        OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.DIRECTORATE, OrgUnit.Kind.SERVICE])
        .order_by("path").values_list("pk", "kind", "path")
    )
    return render(request, "reporting/dashboards.html", {
        "committees": Committee.objects.order_by("name").values("slug", "name", "kind"),
        "units": units,
        "owns": Indicator.objects.filter(owner=request.user).exists(),
    })


def council(request):
    return _dashboard(request, Audience(
        "Council-wide dashboard", "The whole council", Indicator.objects.all(),
        whole_register=True,
    ))


def committee(request, slug: str):
    found = get_object_or_404(Committee, slug=slug)
    return _dashboard(request, Audience(
        "Committee dashboard", found.name,
        Indicator.objects.filter(pk__in=dashboard_data.remit_ids(slug)),
    ))


def unit(request, pk: int):
    found = get_object_or_404(
        OrgUnit, pk=pk, kind__in=[OrgUnit.Kind.DIRECTORATE, OrgUnit.Kind.SERVICE]
    )
    return _dashboard(request, Audience(
        f"{found.get_kind_display()} dashboard", found.path,
        directorate_id=found.pk if found.kind == OrgUnit.Kind.DIRECTORATE else None,
        indicators=Indicator.objects.filter(
            Q(org_unit__path=found.path)
            | Q(org_unit__path__startswith=found.path + OrgUnit.SEPARATOR)
        ),
    ))


def mine(request):
    return _dashboard(request, Audience(
        "My indicators", "Indicators you own", Indicator.objects.filter(owner=request.user),
    ))


def _period(request) -> Period:
    """The period asked for: any quarter or month that has ended (the latest quarter by
    default)."""
    today = timezone.localdate()
    key = request.GET.get("period")
    if not key:
        return Period.latest_ended(today, Frequency.QUARTERLY)
    period = period_or_404(key)
    if period.frequency is Frequency.ANNUAL or period.end >= today:
        raise Http404(f"{period.label} is not a quarter or month that has ended")
    return period


def periods_offered(period: Period, today) -> list[tuple[str, list[Period]]]:
    """The period picker's choices: recent quarters and months, and the one shown."""
    quarters = [Period.latest_ended(today, Frequency.QUARTERLY).shift(-n)
                for n in range(QUARTERS_OFFERED)]
    months = [Period.latest_ended(today, Frequency.MONTHLY).shift(-n)
              for n in range(MONTHS_OFFERED)]
    if period.frequency is Frequency.QUARTERLY and period not in quarters:
        quarters.append(period)
    if period.frequency is Frequency.MONTHLY and period not in months:
        months.append(period)
    return [("Quarters", quarters), ("Months", months)]


def _dashboard(request, audience: Audience):
    period = _period(request)
    approved_only = not sees_unsigned(request.user)
    filters = DashboardFilter(request.GET, queryset=audience.indicators)
    indicators = dashboard_data.indicators_in(filters.qs)
    rated = dashboard_data.rate(
        period, indicators, approved_only=approved_only,
        whole_register=audience.whole_register and not filters.is_filtered,
    )
    lines = filters.choice.apply(rated.lines)
    everything = request.GET.get("all") == "yes"
    query = request.GET.copy()
    query["all"] = "yes"
    shown = sections(lines, rated, None if everything else LIST_LIMIT)
    return render(request, "reporting/dashboard.html", {
        "audience": audience,
        "period": period,
        "periods": periods_offered(period, timezone.localdate()),
        "filter": filters,
        "approved_only": approved_only,
        **shown,
        # Issue 16: a red indicator that needs an improvement plan and has none says so,
        # and the delivery plan's actions sit beside the pillars' indicators.
        "missing_plans": improvement.missing_plans(
            [line.id for line in shown["exceptions"].rows], period,
            approved_only=approved_only),
        "actions_by_pillar": actions_by_pillar([g.name for g in shown["by_pillar"]], period),
        **finance_beside(audience, period),
        "projected": Listing.of(rated.early_warning(lines), None if everything else LIST_LIMIT),
        "show_all": f"?{query.urlencode()}",
    })


def finance_beside(audience: Audience, period: Period) -> dict[str, Any]:
    """A directorate's revenue budget position (issue 16: "show it beside performance on
    the directorate dashboard"): the latest quarter imported by the end of ``period``."""
    if audience.directorate_id is None:
        return {"finance": False}
    key = finance_import.latest_quarter_with_position(period)
    found = finance_import.positions(key, [audience.directorate_id]) if key else []
    return {"finance": True, "finance_period": Period.parse(key) if key else None,
            "position": found[0] if found else None,
            "audience_unit_pk": audience.directorate_id}


@dataclass(frozen=True)
class PillarActions:
    """A pillar's delivery plan actions for the year, counted by status."""

    pillar_id: int
    name: str
    counts: list[tuple[ActionStatus, int]]
    total: int


ACTION_ORDER = [ActionStatus.OFF_TRACK, ActionStatus.AT_RISK, ActionStatus.ON_TRACK,
                ActionStatus.NOT_STARTED, ActionStatus.COMPLETE]


def actions_by_pillar(names: list[str], period: Period) -> list[PillarActions]:
    """The delivery plan actions of the period's financial year for the pillars shown
    (named "1. Title", as the dashboard groups them), with their status today."""
    pillars = {f"{p.number}. {p.title}": p for p in Pillar.objects.all()}
    chosen = [pillars[name] for name in names if name in pillars]
    if not chosen:
        return []
    grouped = delivery.by_pillar(timezone.localdate(), [p.pk for p in chosen],
                                 year=period.fy.key)
    found = []
    for pillar in chosen:
        rows = grouped.get(pillar.pk, [])
        if rows:
            found.append(PillarActions(
                pillar.pk, f"{pillar.number}. {pillar.title}",
                [(status, sum(1 for r in rows if r.status is status))
                 for status in ACTION_ORDER], len(rows)))
    return found


@dataclass(frozen=True)
class Listing:
    """A list the page shows, cut to its first ``limit`` rows unless the reader asked for
    everything (``?all=yes``): a minute's reading, with the rest a click away."""

    rows: list[Any]
    count: int

    @classmethod
    def of(cls, rows: list[Any], limit: int | None) -> Listing:
        return cls(rows if limit is None else rows[:limit], len(rows))

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


def sections(lines: list[dashboard.Line], rated: dashboard_data.Rated,
             limit: int | None = LIST_LIMIT) -> dict[str, Any]:
    """Everything the page shows of its lines, charts with their summaries and tables."""
    by_pillar = dashboard.counts_by(lines, lambda line: line.pillar, dashboard.pillar_order)
    by_directorate = dashboard.counts_by(lines, lambda line: line.directorate)
    shares = dashboard.shares(lines, rated.trend)
    period = rated.period.label
    return {
        "total": dashboard.total(lines),
        "summary": dashboard.in_words(dashboard.total(lines)),
        "total_counts": [(rag, dashboard.total(lines).of(rag)) for rag in dashboard.COUNTED
                         if dashboard.total(lines).of(rag)],
        "exceptions": Listing.of(dashboard.exceptions(lines), limit),
        "green_deteriorating": Listing.of(dashboard.green_but_deteriorating(lines), limit),
        "improvers": dashboard.improvers(lines),
        "deteriorators": dashboard.deteriorators(lines),
        "over": Listing.of(dashboard.over_performing(lines), limit),
        "missing": Listing.of(dashboard.without_data_or_targets(lines), limit),
        "by_pillar": by_pillar,
        "by_directorate": by_directorate,
        "shares": shares,
        "counted": dashboard.COUNTED,
        "shared": dashboard.SHARED,
        "pillar_chart": dashboard_charts.rag_bars(f"RAG by pillar, {period}", by_pillar),
        "pillar_summary": dashboard.groups_in_words(by_pillar, "pillar"),
        "directorate_chart": dashboard_charts.rag_bars(
            f"RAG by directorate, {period}", by_directorate
        ),
        "directorate_summary": dashboard.groups_in_words(by_directorate, "directorate"),
        "shares_chart": dashboard_charts.rag_shares(
            f"Share of green, amber and red, {rated.trend[0].label} to {period}", shares
        ),
        "shares_summary": dashboard.shares_in_words(shares),
    }
