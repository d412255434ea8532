"""Who keeps each of the demo council's risk registers: a directorate's director keeps its
register, a service's head keeps the service's, the performance team the corporate one and
the programme and project registers. A keeper raises, changes and closes the register's
risks (kpis.permissions.keeps_register); so do the approvers of its organisation unit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from governance.models import RiskRegister

if TYPE_CHECKING:
    from perfmgmt.demo import DemoBuilder


def set_register_owners(builder: DemoBuilder) -> None:
    users = builder.users
    for register in RiskRegister.objects.select_related("org_unit"):
        unit = register.org_unit
        if unit is None:
            owner = users["performance"]
        else:
            kind = "director" if unit.parent_id is None else "head"
            owner = users.get(f"{kind}.{_slug(unit.name)}", users["performance"])
        register.owner = owner
        register._history_user = users["performance"]
        register.save(update_fields=["owner"])


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower().replace(" ", "-") if ch.isalnum() or ch == "-")
