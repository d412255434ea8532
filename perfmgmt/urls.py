from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "Performance management: administration"
admin.site.site_title = "Performance management"
admin.site.index_title = "Register, targets and results"

urlpatterns = [
    # accounts
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # the performance team's admin
    path("admin/", admin.site.urls),
    # officers' and approvers' screens
    path("", include("kpis.urls")),
    # reports
    path("", include("reporting.urls")),
    # governance: the annual review
    path("", include("governance.urls")),
    # the navigation's hubs: a page of links for each group of pages in the header
    path("", include("perfmgmt.hubs")),
    # notices and email settings
    path("", include("kpis.notifications.urls")),
    # the accessibility statement and the privacy notice (public)
    path("", include("perfmgmt.sitepages.urls")),
    # the public pages and open data: no sign-in
    path("public/", include("reporting.public.urls")),
]

# error pages in the site's layout (perfmgmt/errors.py; 500 is Django's with templates/500.html)
handler400 = "perfmgmt.errors.bad_request"
handler403 = "perfmgmt.errors.permission_denied"
handler404 = "perfmgmt.errors.page_not_found"
