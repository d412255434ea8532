from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    # scorecard
    path("", views.scorecard, name="scorecard"),
    path("scorecard/<str:period>.csv", views.scorecard_csv, name="scorecard_csv"),
]
