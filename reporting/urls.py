from django.urls import path

from reporting import dashboard_views, views

app_name = "reporting"

urlpatterns = [
    # scorecard
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/<str:period>.csv", views.scorecard_csv, name="scorecard_csv"),
    path("scorecard/<str:period>/for-people.<str:fmt>", views.scorecard_download,
         name="scorecard_download"),
    # the golden thread explorer
    path("golden-thread/", views.golden_thread, name="golden_thread"),
    # dashboards
    path("dashboards/", dashboard_views.dashboards, name="dashboards"),
    path("dashboards/council/", dashboard_views.council, name="dashboard_council"),
    path("dashboards/committees/<slug:slug>/", dashboard_views.committee,
         name="dashboard_committee"),
    path("dashboards/units/<int:pk>/", dashboard_views.unit, name="dashboard_unit"),
    path("dashboards/mine/", dashboard_views.mine, name="dashboard_mine"),
    # RAG audit
    path("rag-audit/", views.rag_audit, name="rag_audit"),
    path("rag-audit/<str:period>.csv", views.rag_audit_csv, name="rag_audit_csv"),
]
