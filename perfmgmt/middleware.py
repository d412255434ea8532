"""Responses that must not be kept by a browser or a shared cache, and the public pages,
which may be."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

NO_STORE = "no-store, private"
PUBLIC_MAX_AGE = 300  # seconds: a newly issued report is on the public pages within five minutes


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


View = Callable[..., HttpResponseBase]


def cacheable_for_the_public(view: View) -> View:
    """``Cache-Control: public, max-age=300`` on a public page (or open data file) served to
    someone not signed in, so a browser or a proxy may keep it for five minutes. Served to
    a signed-in person it is left to ``NoStoreMiddleware`` (no-store), like every other page
    they see. The page must be the same for everyone: it shows no one's name or menu."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        user = getattr(request, "user", None)
        if response.status_code == 200 and not (user is not None and user.is_authenticated):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    return wrapped
