"""The KPI lifecycle's and data-quality audits' pages, in the governance namespace
(included by governance/urls.py)."""

from django.urls import path

from governance import dq_views, lifecycle_views

urlpatterns = [
    # proposals and changes to indicators
    path("proposals/", lifecycle_views.proposal_list, name="proposals"),
    path("proposals/new/", lifecycle_views.proposal_new, name="proposal_new"),
    path("proposals/change/<str:code>/", lifecycle_views.proposal_change,
         name="proposal_change"),
    path("proposals/<int:pk>/", lifecycle_views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/decide/", lifecycle_views.proposal_decide,
         name="proposal_decide"),
    # applying the annual review
    path("annual-review/apply/<str:year>/", lifecycle_views.review_apply, name="review_apply"),
    path("annual-review/records/<str:year>/", lifecycle_views.review_records,
         name="review_records"),
    # data-quality audits
    path("data-quality/", dq_views.audit_list, name="dq_audits"),
    path("data-quality/<str:period>/", dq_views.audit_detail, name="dq_audit"),
    path("data-quality/<str:period>/<str:code>/", dq_views.audit_indicator,
         name="dq_indicator"),
    path("data-quality/<str:period>/<str:code>/follow-up/", dq_views.follow_up_add,
         name="dq_follow_up"),
    path("data-quality/follow-ups/<int:pk>/done/", dq_views.follow_up_done,
         name="dq_follow_up_done"),
]
