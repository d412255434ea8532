from django.urls import path

from governance import risk_views, views

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
]
