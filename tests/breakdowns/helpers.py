"""Shared builders for the breakdown tests: a ward dimension and an age group one."""

from __future__ import annotations

from decimal import Decimal

from kpis.breakdown_rules import BreakdownFigure
from kpis.models import Category, Dimension

WARDS = ["Abbey", "Brook", "Castle", "Dale"]
AGES = ["Under 18", "18 to 64", "65 and over"]


def dimension(name: str, categories: list[str], *indicators, whole: bool = False) -> Dimension:
    found = Dimension.objects.create(name=name, parts_make_the_whole=whole)
    for order, category in enumerate(categories):
        Category.objects.create(dimension=found, name=category, order=order)
    found.indicators.add(*indicators)
    return found


def wards(*indicators, whole: bool = True) -> Dimension:
    return dimension("Ward", WARDS, *indicators, whole=whole)


def ages(*indicators) -> Dimension:
    return dimension("Age group", AGES, *indicators)


def cat(dim: Dimension, name: str) -> Category:
    return dim.categories.get(name=name)


def figures(dim: Dimension, values: dict[str, object], people: dict[str, int] | None = None):
    """Breakdown figures for the entry door, by category name."""
    people = people or {}
    return tuple(
        BreakdownFigure(cat(dim, name).pk, None if value is None else Decimal(str(value)),
                        people.get(name))
        for name, value in values.items()
    )


def breakdown_form(dim: Dimension, values: dict[str, object],
                   people: dict[str, object] | None = None) -> dict:
    """The entry form's breakdown fields, by category name."""
    data = {}
    for name, value in values.items():
        data[f"breakdown-{cat(dim, name).pk}-value"] = "" if value is None else str(value)
    for name, value in (people or {}).items():
        data[f"breakdown-{cat(dim, name).pk}-people"] = str(value)
    return data
