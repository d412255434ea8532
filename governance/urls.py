from django.urls import path

from governance import members_views, views

app_name = "governance"

urlpatterns = [
    # committees and their packs
    path("packs/due/", views.packs_due, name="packs_due"),
    path("exceptions/", views.exceptions, name="exceptions"),
    path("scorecard/balanced/", views.balanced, name="balanced"),
    path("committees/", views.committee_list, name="committees"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee"),
    path("committees/<slug:slug>/<str:period>/preview/", views.pack_preview,
         name="pack_preview"),
    path("committees/<slug:slug>/<str:period>/preview.pdf", views.pack_preview_file,
         {"fmt": "pdf"}, name="pack_preview_pdf"),
    path("committees/<slug:slug>/<str:period>/preview.docx", views.pack_preview_file,
         {"fmt": "docx"}, name="pack_preview_docx"),
    path("committees/<slug:slug>/<str:period>/issue/", views.pack_issue, name="pack_issue"),
    path("committees/<slug:slug>/<str:period>/build/", views.pack_build, name="pack_build"),
    path("packs/builds/<int:pk>/", views.pack_build_status, name="pack_build_status"),
    path("packs/builds/<int:pk>/download/", views.pack_build_download,
         name="pack_build_download"),
    path("committees/<slug:slug>/<str:period>/notes/", views.board_notes, name="board_notes"),
    path("committees/<slug:slug>/packs/<int:pk>.<str:fmt>", views.pack_download,
         name="pack_download"),
    # members' requests, escalations, the budget position, plans and portfolios
    path("requests/", members_views.member_requests, name="member_requests"),
    path("committees/<slug:slug>/requests/new/", members_views.member_request_new,
         name="member_request_new"),
    path("requests/<int:pk>/", members_views.member_request_detail, name="member_request"),
    path("requests/<int:pk>/assign/", members_views.member_request_assign,
         name="member_request_assign"),
    path("requests/<int:pk>/answer/", members_views.member_request_answer,
         name="member_request_answer"),
    path("requests/<int:pk>/close/", members_views.member_request_close,
         name="member_request_close"),
    path("requests/<int:pk>/reopen/", members_views.member_request_reopen,
         name="member_request_reopen"),
    path("escalations/", members_views.escalations, name="escalations"),
    path("escalations/<str:code>/<str:period>/new/", members_views.escalation_new,
         name="escalation_new"),
    path("budget/", members_views.budget, name="budget"),
    path("budget/import/", members_views.finance_upload, name="finance_upload"),
    path("budget/<int:pk>/", members_views.budget_directorate, name="budget_directorate"),
    path("plans/", members_views.plans, name="plans"),
    path("plans/<int:pk>/", members_views.plan_detail, name="plan"),
    path("reporting-matrix/", members_views.reporting_matrix, name="reporting_matrix"),
    path("reporting-matrix.xlsx", members_views.reporting_matrix_xlsx,
         name="reporting_matrix_xlsx"),
    path("portfolios/", members_views.portfolios, name="portfolios"),
    # the annual review
    path("review/", views.annual_review, name="annual_review"),
    path("review/<str:code>/<str:year>/", views.review_decide, name="review_decide"),
]
