"""Sign-ins: who signed in or failed to, logged to ``perfmgmt.security``; lockouts
(django-axes) explained on a GOV.UK-style page; the client's address behind a proxy.

Passwords are never logged: only the username typed, the client's address and where.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

log = logging.getLogger("perfmgmt.security")


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from. Behind the TLS proxy (BEHIND_TLS_PROXY), the
    last address in X-Forwarded-For: the one our proxy added, which a client cannot forge."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR")


def _where(request: HttpRequest | None) -> tuple[str, str]:
    if request is None:
        return "-", "-"
    return client_ip(request) or "-", request.path


@receiver(user_logged_in, dispatch_uid="perfmgmt.security.signed_in")
def signed_in(sender, request: HttpRequest | None, user, **kwargs) -> None:
    ip, path = _where(request)
    log.info("Sign-in succeeded: username=%r ip=%s path=%s", user.get_username(), ip, path)


@receiver(user_login_failed, dispatch_uid="perfmgmt.security.sign_in_failed")
def sign_in_failed(sender, credentials: dict, request: HttpRequest | None = None,
                   **kwargs) -> None:
    ip, path = _where(request)
    username = credentials.get("username", "")  # Django has already masked the password
    log.warning("Sign-in failed: username=%r ip=%s path=%s", username, ip, path)


@receiver(user_locked_out, dispatch_uid="perfmgmt.security.locked_out")
def locked_out(sender, request: HttpRequest, username: str | None, ip_address: str | None,
               **kwargs) -> None:
    log.warning("Sign-in locked out after %s failures: username=%r ip=%s path=%s",
                settings.AXES_FAILURE_LIMIT, username, ip_address, request.path)


def lockout_response(request: HttpRequest, original_response=None,
                     credentials: dict | None = None) -> HttpResponse:
    """The page a locked-out person sees, on the sign-in page and the admin's alike."""
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    minutes = int(cool_off.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": minutes,
        "try_again_at": timezone.localtime() + cool_off,
    }, status=429)
