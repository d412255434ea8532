from django.urls import path

from perfmgmt.sitepages import views
from perfmgmt.sitepages.models import SitePage

app_name = "sitepages"

urlpatterns = [
    # the pages the footer links to, readable without signing in
    path("accessibility/", views.page, {"slug": SitePage.ACCESSIBILITY}, name="accessibility"),
    path("privacy/", views.page, {"slug": SitePage.PRIVACY}, name="privacy"),
]
