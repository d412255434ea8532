"""The data feed: Power BI (or any tool that can send a header) reads the council's data
files with ``Authorization: Bearer <feed key>`` instead of a browser session.

* Only views marked ``@feed_readable`` accept a key, and only for GET and HEAD: a key
  opens no page, form or admin screen. Elsewhere the header is ignored and the request is
  anyone's who is not signed in (the sign-in page).
* The key reads as its owner: the same permission checks, the same visibility (a
  councillor's key gets signed-off figures only), as the owner in a browser.
* A key that is unknown, revoked or whose owner is deactivated gets 401, with no hint
  which. Keys: ``kpis.models.FeedKey``; made and revoked with ``manage.py feed_key``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone

View = Callable[..., HttpResponseBase]
# last_used_at is written at most this often a key (a dashboard refresh reads many files).
TOUCH_EVERY = timedelta(minutes=5)


def feed_readable(view: View | None = None, *, when: Callable[[HttpRequest], bool] | None = None,
                  ) -> Any:
    """Mark a view as readable with a feed key; ``when``: only for requests it accepts
    (a page whose data file is the same view with ``?format=csv``)."""
    def mark(function: View) -> View:
        function.feed_readable = when or (lambda request: True)  # type: ignore[attr-defined]
        return function
    return mark(view) if view is not None else mark


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return key.strip()


class FeedKeyMiddleware:
    """Between AuthenticationMiddleware and LoginRequiredMiddleware: a request with a
    bearer key to a feed-readable view is its owner's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any,
                     view_kwargs: Any) -> HttpResponseBase | None:
        key = _bearer(request)
        accepts = getattr(view_func, "feed_readable", None)
        if key is None or accepts is None or request.method not in ("GET", "HEAD") \
                or not accepts(request):
            return None
        from kpis.models import FeedKey
        from kpis.models.feed_keys import digest_of

        found = FeedKey.objects.live().select_related("user").filter(
            digest=digest_of(key)).first() if key else None
        if found is None:
            response = HttpResponse(
                "The feed key is not valid: it may be mistyped, revoked, or its owner's "
                "account closed. Ask the performance team for a new one.\n",
                status=401, content_type="text/plain; charset=utf-8")
            response["WWW-Authenticate"] = 'Bearer realm="performance data feed"'
            return response
        request.user = found.user
        request.feed_key = found  # type: ignore[attr-defined]
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at >= TOUCH_EVERY:
            FeedKey.objects.filter(pk=found.pk).update(last_used_at=now)
        return None
