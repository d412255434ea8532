"""The performance team can see what was sent to whom (read-only)."""

from django.contrib import admin

from kpis.notifications.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "kind", "result", "by", "email", "read_at"]
    list_filter = ["kind", "email"]
    search_fields = ["user__username", "result__indicator__code"]
    list_select_related = ["user", "by", "result__indicator"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
