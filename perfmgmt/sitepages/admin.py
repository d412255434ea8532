"""The performance team edits the site's pages in the admin; every change is kept."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from perfmgmt.sitepages.models import SitePage


@admin.register(SitePage)
class SitePageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "updated_at"]
    readonly_fields = ["updated_at"]
    fields = ["title", "slug", "body", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The footer links to the pages by slug: keep an existing page's address.
        return [*self.readonly_fields, "slug"] if obj else self.readonly_fields
