from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    # committees and their packs
    path("packs/due/", views.packs_due, name="packs_due"),
    # the annual review
    path("review/", views.annual_review, name="annual_review"),
    path("review/<str:code>/<str:year>/", views.review_decide, name="review_decide"),
]
