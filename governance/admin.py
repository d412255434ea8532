from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.lifecycle_models import LevelOwner, SmartCriterion
from governance.models import Committee, Meeting, ReminderSent, RemitIndicator, ReportingPeriod
from kpis.models import Indicator


class CommitteeForm(forms.ModelForm):
    remit_levels = forms.MultipleChoiceField(
        choices=Indicator.Level.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Levels it receives (none ticked: every level)",
    )

    class Meta:
        model = Committee
        fields = [
            "name", "slug", "kind", "purpose", "frequency", "reporting_quarters",
            "remit_levels", "corporate_only", "exceptions_only", "remit_pillars",
            "remit_org_units", "remit_portfolios", "remit_agreed_by", "remit_agreed_on",
            "takes_finance", "reports_risks",
        ]


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["period", "date"]


class RemitIndicatorInline(admin.TabularInline):
    model = RemitIndicator
    extra = 0
    autocomplete_fields = ["indicator"]
    verbose_name = "hand-picked indicator"


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    form = CommitteeForm
    list_display = ["name", "kind", "frequency", "reporting_quarters", "corporate_only",
                    "exceptions_only"]
    list_filter = ["kind", "frequency"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["remit_org_units", "remit_pillars"]
    inlines = [MeetingInline, RemitIndicatorInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "purpose", "reports_risks"]}),
        ("How often it is reported", {"fields": ["frequency", "reporting_quarters"]}),
        ("Remit: the indicators it receives", {"fields": [
            "remit_levels", "corporate_only", "exceptions_only", "remit_pillars",
            "remit_org_units", "remit_portfolios", "remit_agreed_by", "remit_agreed_on",
        ]}),
        ("Financial position", {"fields": ["takes_finance"]}),
    ]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["committee", "period", "date", "papers_due"]
    list_filter = ["committee", "period"]
    date_hierarchy = "date"


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "period", "entry_deadline", "signoff_deadline", "issued_on"]
    search_fields = ["period"]
    date_hierarchy = "entry_deadline"


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "sent_on", "items"]
    list_filter = ["kind", "sent_on"]
    search_fields = ["user__username", "user__email"]
from governance import risk_admin  # noqa: E402,F401  the risk registers (issue 16)

# --- the delivery plan and improvement plans (governance/delivery.py) ------------------------
from governance.delivery import (  # noqa: E402
    Action,
    ImprovementAction,
    ImprovementPlan,
    ImprovementPlanRule,
    Milestone,
)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1
    fields = ["title", "due", "completed_on"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    """The delivery plan is written on its screens (``/actions/new/``, an action's Edit,
    its milestones), as are progress, milestones done and timescale changes, which record
    who and why; this is the register's view of it."""

    list_display = ["reference", "title", "year", "pillar", "org_unit", "plan", "owner", "due"]
    list_filter = ["year", "pillar", "plan"]
    search_fields = ["reference", "title"]
    autocomplete_fields = ["owner", "delegate"]
    inlines = [MilestoneInline]


class ImprovementActionInline(admin.TabularInline):
    model = ImprovementAction
    extra = 0
    fields = ["description", "owner", "due", "completed_on"]
    autocomplete_fields = ["owner"]


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "opened_for", "owner", "closed_on", "success_met"]
    list_filter = ["closed_on"]
    autocomplete_fields = ["indicator", "owner"]
    inlines = [ImprovementActionInline]


@admin.register(ImprovementPlanRule)
class ImprovementPlanRuleAdmin(SimpleHistoryAdmin):
    list_display = ["trigger", "note"]
# Members' requests, escalations, the budget position and the plans register: the register
# side (the screens are governance/members_views.py).
from governance import members_admin  # noqa: E402, F401

# --- the KPI lifecycle (docs/kpi-lifecycle.md) -------------------------------------------


@admin.register(SmartCriterion)
class SmartCriterionAdmin(SimpleHistoryAdmin):
    list_display = ["letter", "name", "wording", "source"]
    ordering = ["position"]


@admin.register(LevelOwner)
class LevelOwnerAdmin(SimpleHistoryAdmin):
    """Which board approves new indicators, and changes, at each level."""

    list_display = ["level", "committee"]
