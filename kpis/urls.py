from django.urls import path

from kpis.views import benchmarks, bulk, home, indicators, results, targets

app_name = "kpis"

urlpatterns = [
    # home and sign-off
    path("", home.home, name="home"),
    path("approvals/", home.approvals, name="approvals"),
    # targets
    path("indicators/<str:code>/targets/<str:year>/", targets.target_edit, name="target_edit"),
    path("targets/missing/", targets.targets_missing, name="targets_missing"),
    # bulk entry
    path("bulk/results-due.xlsx", bulk.bulk_download, name="bulk_download"),
    path("bulk/upload/", bulk.bulk_upload, name="bulk_upload"),
    path("bulk/upload/<int:pk>/confirm/", bulk.bulk_confirm, name="bulk_confirm"),
    # benchmarks
    path("benchmarks/", benchmarks.benchmarks, name="benchmarks"),
    path("benchmarks/benchmarks.csv", benchmarks.benchmarks_csv, name="benchmarks_csv"),
    # indicators
    path("indicators/<str:code>/", indicators.indicator_detail, name="indicator"),
    path("indicators/<str:code>/delegate/", indicators.delegate, name="delegate"),
    path("indicators/<str:code>/delegations/<int:pk>/end/", indicators.delegation_end,
         name="delegation_end"),
    # results
    path("indicators/<str:code>/<str:period>/", results.result_detail, name="result"),
    path("indicators/<str:code>/<str:period>/edit/", results.result_edit, name="result_edit"),
    path("indicators/<str:code>/<str:period>/submit/", results.result_submit,
         name="result_submit"),
    path("indicators/<str:code>/<str:period>/preview/", results.result_preview,
         name="result_preview"),
    path("indicators/<str:code>/<str:period>/approve/", results.result_approve,
         name="result_approve"),
    path("indicators/<str:code>/<str:period>/return/", results.result_return,
         name="result_return"),
    path("indicators/<str:code>/<str:period>/reopen/", results.result_reopen,
         name="result_reopen"),
    path("indicators/<str:code>/<str:period>/correct/", results.result_correct,
         name="result_correct"),
]
