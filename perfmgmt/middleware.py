"""Responses that must not be kept by a browser or a shared cache."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

NO_STORE = "no-store, private"


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every page for a signed-in person and on
    every download, so a shared computer's browser (or a proxy) keeps no copy of results
    or spreadsheets after they sign out. A view that sets its own Cache-Control keeps it;
    static files are left alone.

    Placed after AuthenticationMiddleware, so ``request.user`` is known.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if settings.STATIC_URL and request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return response
        user = getattr(request, "user", None)
        download = response.get("Content-Disposition", "").lower().startswith("attachment")
        if download or (user is not None and user.is_authenticated):
            response["Cache-Control"] = NO_STORE
        return response
