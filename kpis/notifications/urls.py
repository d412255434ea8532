from django.urls import path

from kpis.notifications import views

app_name = "notifications"

urlpatterns = [
    # email settings
    path("account/email-settings/", views.preferences, name="settings"),
    # notices on the home page
    path("notices/<int:pk>/read/", views.mark_read, name="read"),
    path("notices/read/", views.mark_all_read, name="read_all"),
]
