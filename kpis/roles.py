"""The roles people have, as Django groups.

Issue 3 adds object-level checks (an officer edits only what they own or are
delegated); the groups here say what kind of user someone is.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

OFFICERS = "Officers"
APPROVERS = "Approvers"
PERFORMANCE_TEAM = "Performance team"
COUNCILLORS = "Councillors"
AUDITORS = "Auditors"

ROLE_GROUPS = [OFFICERS, APPROVERS, PERFORMANCE_TEAM, COUNCILLORS, AUDITORS]


def ensure_role_groups() -> dict[str, Group]:
    """Create the role groups; the performance team may change the whole register."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_GROUPS}
    register = Permission.objects.filter(
        content_type__app_label__in=["kpis", "governance", "sitepages"]
    )
    groups[PERFORMANCE_TEAM].permissions.set(
        list(register) + list(Permission.objects.filter(codename="view_user"))
    )
    groups[AUDITORS].permissions.set(register.filter(codename__startswith="view_"))
    return groups


# At most this many people are named where a page says who to ask.
CONTACTS = 5


def performance_team_contacts() -> list:
    """Who to ask about access, locked results and corrections: the performance team's
    active members with an email address (one query)."""
    return list(
        get_user_model().objects.filter(groups__name=PERFORMANCE_TEAM, is_active=True)
        .exclude(email="").order_by("first_name", "last_name", "username").distinct()[:CONTACTS]
    )
