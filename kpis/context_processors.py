from kpis.permissions import has_role
from kpis.roles import AUDITORS, PERFORMANCE_TEAM


def roles(request):
    """What the navigation may offer; callables, so nothing is asked unless shown."""
    user = request.user
    return {
        "can_audit": lambda: has_role(user, PERFORMANCE_TEAM, AUDITORS),
        "is_performance_team": lambda: has_role(user, PERFORMANCE_TEAM),
        "can_sign_off": lambda: user.is_authenticated and (
            has_role(user, PERFORMANCE_TEAM) or user.approves_for.exists()
        ),
    }
