from django.urls import path

from kpis import views

app_name = "kpis"

urlpatterns = [
    # home and sign-off
    path("", views.home, name="home"),
    path("approvals/", views.approvals, name="approvals"),
    # targets and the annual review
    path("indicators/<str:code>/targets/<str:year>/", views.target_edit, name="target_edit"),
    path("targets/missing/", views.targets_missing, name="targets_missing"),
    path("review/", views.annual_review, name="annual_review"),
    path("review/<str:code>/<str:year>/", views.review_decide, name="review_decide"),
    # bulk entry
    path("bulk/results-due.xlsx", views.bulk_download, name="bulk_download"),
    path("bulk/upload/", views.bulk_upload, name="bulk_upload"),
    path("bulk/upload/<int:pk>/confirm/", views.bulk_confirm, name="bulk_confirm"),
    # indicators
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("indicators/<str:code>/delegate/", views.delegate, name="delegate"),
    path("indicators/<str:code>/delegations/<int:pk>/end/", views.delegation_end,
         name="delegation_end"),
    # results
    path("indicators/<str:code>/<str:period>/", views.result_detail, name="result"),
    path("indicators/<str:code>/<str:period>/edit/", views.result_edit, name="result_edit"),
    path("indicators/<str:code>/<str:period>/submit/", views.result_submit,
         name="result_submit"),
    path("indicators/<str:code>/<str:period>/preview/", views.result_preview,
         name="result_preview"),
    path("indicators/<str:code>/<str:period>/approve/", views.result_approve,
         name="result_approve"),
    path("indicators/<str:code>/<str:period>/return/", views.result_return,
         name="result_return"),
    path("indicators/<str:code>/<str:period>/reopen/", views.result_reopen,
         name="result_reopen"),
    path("indicators/<str:code>/<str:period>/correct/", views.result_correct,
         name="result_correct"),
]
