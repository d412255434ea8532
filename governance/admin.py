from django.contrib import admin

from governance.models import Committee, ReminderSent, ReportingPeriod


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "corporate_only", "meets_quarterly"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["remit_org_units", "remit_pillars"]


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
