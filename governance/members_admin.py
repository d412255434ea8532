"""The register side of members' requests, escalations, the budget position, plans and
portfolios: the performance team keeps plans and portfolios here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.models import Escalation, MemberRequest, PlanOrStrategy
from kpis.admin import ReadOnlyHistoryAdmin
from kpis.models import Portfolio

__all__: list[str] = []


@admin.register(PlanOrStrategy)
class PlanOrStrategyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "owner", "directorate", "review_on"]
    list_filter = ["kind", "directorate"]
    search_fields = ["title"]
    autocomplete_fields = ["indicators"]


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["name", "holder"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(MemberRequest)
class MemberRequestAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "committee", "kind", "assigned_to", "due_on", "status"]
    list_filter = ["status", "kind", "committee"]
    autocomplete_fields = ["indicators"]


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyHistoryAdmin):
    """Read with its history; escalated, carried on and resolved only on its own screens
    (``governance/members_views.py``), which keep the rules and record who."""

    list_display = ["indicator", "period", "from_level", "to_level", "to_board", "escalated_at",
                    "resolved_on"]
    list_filter = ["to_level", "to_board"]
