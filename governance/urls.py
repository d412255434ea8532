from django.urls import include, path

from governance import action_views, risk_views, views

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
    # the delivery plan's actions and their progress notes
    path("actions/", action_views.action_list, name="actions"),
    path("actions/<str:reference>/", action_views.action_detail, name="action"),
    path("actions/<str:reference>/progress/<str:period>/", action_views.note_edit,
         name="action_note"),
    path("actions/<str:reference>/progress/<str:period>/submit/", action_views.note_submit,
         name="action_note_submit"),
    path("actions/<str:reference>/complete/", action_views.action_complete,
         name="action_complete"),
    path("actions/<str:reference>/timescale/", action_views.timescale_change,
         name="action_timescale"),
    path("progress-notes/<int:pk>/sign-off/", action_views.note_sign_off,
         name="action_note_sign_off"),
    path("progress-notes/<int:pk>/return/", action_views.note_return,
         name="action_note_return"),
    path("milestones/<int:pk>/complete/", action_views.milestone_complete,
         name="milestone_complete"),
    # improvement plans
    path("improvement-plans/", action_views.plan_list, name="improvement_plans"),
    path("improvement-plans/new/<str:code>/", action_views.plan_create,
         name="improvement_plan_new"),
    path("improvement-plans/<int:pk>/", action_views.plan_detail, name="improvement_plan"),
    path("improvement-plans/<int:pk>/edit/", action_views.plan_edit,
         name="improvement_plan_edit"),
    path("improvement-plans/<int:pk>/actions/", action_views.plan_action_add,
         name="improvement_plan_action"),
    path("improvement-plans/<int:pk>/close/", action_views.plan_close,
         name="improvement_plan_close"),
    path("improvement-plan-actions/<int:pk>/complete/", action_views.plan_action_complete,
         name="improvement_action_complete"),
    # the annual review
    path("review/", views.annual_review, name="annual_review"),
    path("review/<str:code>/<str:year>/", views.review_decide, name="review_decide"),
    # risk registers
    path("risks/", risk_views.register_list, name="risk_registers"),
    path("risks/mine/", risk_views.my_risks, name="my_risks"),
    path("risks/registers/<slug:slug>/", risk_views.register_detail, name="risk_register"),
    path("risks/<str:reference>/", risk_views.risk_detail, name="risk"),
    path("risks/<str:reference>/review/", risk_views.risk_review, name="risk_review"),
    path("risks/<str:reference>/actions/add/", risk_views.action_add, name="risk_action_add"),
    path("risks/<str:reference>/actions/<int:pk>/done/", risk_views.action_done,
         name="risk_action_done"),
    path("risks/<str:reference>/decision/", risk_views.risk_decision, name="risk_decision"),
    # the KPI lifecycle and data-quality audits
    path("", include("governance.lifecycle_urls")),
]
