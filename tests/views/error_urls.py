"""The project's URLs and error handlers, plus two views that fail, for the error page tests."""

from django.core.exceptions import BadRequest
from django.urls import path

from perfmgmt.urls import handler400, handler403, handler404, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("Something went wrong deep inside")


def bad(request):
    raise BadRequest("Nonsense in the request")


urlpatterns = [
    path("test-errors/broken/", broken),
    path("test-errors/bad/", bad),
    *urlpatterns,
]
