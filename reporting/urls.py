from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    # scorecard
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/<str:period>.csv", views.scorecard_csv, name="scorecard_csv"),
    path("scorecard/<str:period>/for-people.<str:fmt>", views.scorecard_download,
         name="scorecard_download"),
    # the golden thread explorer
    path("golden-thread/", views.golden_thread, name="golden_thread"),
    # RAG audit
    path("rag-audit/", views.rag_audit, name="rag_audit"),
    path("rag-audit/<str:period>.csv", views.rag_audit_csv, name="rag_audit_csv"),
]
