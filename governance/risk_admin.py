"""The risk registers in the admin: the council's scheme (scales, bands, thresholds),
appetite levels and categories, the registers and their risks."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.models import (
    AppetiteLevel,
    EscalationDecision,
    FurtherAction,
    RegisterThreshold,
    Risk,
    RiskBand,
    RiskCategory,
    RiskRegister,
    RiskScheme,
)
from kpis.admin import ReadOnlyHistoryAdmin


class RiskBandInline(admin.TabularInline):
    model = RiskBand
    extra = 0


class RegisterThresholdInline(admin.TabularInline):
    model = RegisterThreshold
    extra = 0


@admin.register(RiskScheme)
class RiskSchemeAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    inlines = [RiskBandInline, RegisterThresholdInline]


@admin.register(AppetiteLevel)
class AppetiteLevelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "highest"]


@admin.register(RiskCategory)
class RiskCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "appetite"]
    list_select_related = ["appetite"]


@admin.register(RiskRegister)
class RiskRegisterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "escalates_to"]
    list_filter = ["level"]
    list_select_related = ["escalates_to"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class FurtherActionInline(admin.TabularInline):
    model = FurtherAction
    extra = 0
    fields = ["description", "owner", "due_on", "done_on"]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "register", "category", "owner", "review_due",
                    "closed_on"]
    list_filter = ["register", "category", "closed_on"]
    list_select_related = ["register", "category", "owner"]
    search_fields = ["reference", "title"]
    autocomplete_fields = ["indicators"]
    raw_id_fields = ["owner"]
    inlines = [FurtherActionInline]


@admin.register(EscalationDecision)
class EscalationDecisionAdmin(ReadOnlyHistoryAdmin):
    """Decisions are recorded on the risk's page (which makes the move); here they are
    read only."""

    list_display = ["risk", "decision", "from_register", "to_register", "decided_by",
                    "decided_at"]
    list_select_related = ["risk", "from_register", "to_register", "decided_by"]
