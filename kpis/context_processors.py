from kpis.permissions import has_role
from kpis.roles import AUDITORS, PERFORMANCE_TEAM


def roles(request):
    """What the navigation may offer; callables, so nothing is asked unless shown."""
    return {"can_audit": lambda: has_role(request.user, PERFORMANCE_TEAM, AUDITORS)}
