from django.urls import path

from reporting.public import views

app_name = "public"

urlpatterns = [
    # the summary
    path("", views.summary, name="summary"),
    # indicators
    path("indicators/<str:code>/", views.indicator, name="indicator"),
    # open data
    path("data/", views.open_data_page, name="open_data"),
    path("data/indicators.csv", views.indicators_csv, name="indicators_csv"),
    path("data/indicators.json", views.indicators_json, name="indicators_json"),
    path("data/breakdowns.csv", views.breakdowns_csv, name="breakdowns_csv"),
]
