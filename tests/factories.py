"""Small builders for test data: one line per indicator, target or result."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model

from kpis.models import Indicator, OrgUnit, Result, Target, ToleranceRule


def make_user(username: str, **fields):
    return get_user_model().objects.create_user(
        username=username, password="pw-" + username, **fields
    )


def make_org_unit(path: str = "Resources / Finance") -> OrgUnit:
    kinds = [OrgUnit.Kind.DIRECTORATE, OrgUnit.Kind.SERVICE, OrgUnit.Kind.TEAM]
    parent = None
    for depth, name in enumerate(part.strip() for part in path.split("/")):
        parent, _ = OrgUnit.objects.get_or_create(
            parent=parent, name=name, defaults={"kind": kinds[depth]}
        )
    return parent


def make_indicator(code: str, **fields) -> Indicator:
    defaults = {
        "title": f"Indicator {code}",
        "level": Indicator.Level.SERVICE_PI,
        "polarity": "higher",
        "unit": "percent",
        "frequency": "quarterly",
        "collection": "discrete",
        "status": "targeted",
    }
    defaults.update(fields)
    if "org_unit" not in defaults:
        defaults["org_unit"] = make_org_unit()
    return Indicator.objects.create(code=code, **defaults)


def add_target(indicator: Indicator, period: str, target, stretch=None) -> Target:
    return Target.objects.create(
        indicator=indicator,
        period=period,
        target=None if target is None else Decimal(str(target)),
        stretch_target=None if stretch is None else Decimal(str(stretch)),
    )


def add_result(
    indicator: Indicator, period: str, actual, commentary: str = "", status: str = "approved"
) -> Result:
    """A result as published: approved unless the test says otherwise."""
    return Result.objects.create(
        indicator=indicator,
        period=period,
        actual=None if actual is None else Decimal(str(actual)),
        commentary=commentary,
        status=status,
    )


def add_tolerance(scope: str = "council", indicator=None, applies_from=None, pct=None, abs_=None):
    return ToleranceRule.objects.create(
        scope=scope,
        indicator=indicator,
        applies_from=applies_from,
        tolerance_pct=None if pct is None else Decimal(str(pct)),
        tolerance_abs=None if abs_ is None else Decimal(str(abs_)),
    )


def importer() -> str:
    """The username of a performance-team member who runs imports (created on first use)."""
    from kpis.roles import PERFORMANCE_TEAM, ensure_role_groups

    user = get_user_model().objects.filter(username="importer").first()
    if user is None:
        user = make_user("importer", first_name="Ivy", last_name="Importer")
        user.groups.add(ensure_role_groups()[PERFORMANCE_TEAM])
    return user.username
