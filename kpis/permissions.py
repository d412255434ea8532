"""Who may do what: the one place views ask.

Roles are Django groups (kpis/roles.py). Issue 3 adds object-level checks
(officers edit what they own or are delegated) here too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied

from kpis.roles import AUDITORS, PERFORMANCE_TEAM


def has_role(user, *roles: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=roles).exists()


def role_required(*roles: str) -> Callable:
    """A view decorator: 403 unless the user has one of the roles."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


can_audit = role_required(PERFORMANCE_TEAM, AUDITORS)
