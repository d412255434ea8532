"""The rules a breakdown must meet, one function each, worded as officers see them.

Used by the entry form and the breakdown import through the one door for results
(``kpis.entry``), so a breakdown is accepted or refused the same way wherever it comes
from. Plain Python: the caller passes what the rule needs. Each rule returns ``None`` or
the message. The figures themselves also meet the result's value rules
(``entry_rules``: in range, fits the unit, no more decimal places than the indicator's).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kpis import entry_rules
from kpis.entry_rules import EntryFacts, Problem
from reporting.formatting import figure

# Units whose parts add up to the whole; a percentage or a rate of each part does not.
ADDING_UNITS = ("number", "currency", "days")


@dataclass(frozen=True)
class DimensionFacts:
    """What the rules need to know about a dimension."""

    id: int
    name: str
    categories: Mapping[int, str]  # id -> name, in the dimension's order
    parts_make_the_whole: bool


@dataclass(frozen=True)
class BreakdownFigure:
    """One category's figure in a result, and how many people are behind it."""

    category_id: int
    value: Decimal | None
    people: int | None = None


def field_name(category_id: int, part: str = "value") -> str:
    """The form field (and problem) for a category's figure or its number of people."""
    return f"breakdown-{category_id}-{part}"


def people_behind(unit: str, cell: BreakdownFigure) -> Decimal | None:
    """How many people a figure is about: as entered, or for a count the count itself."""
    if cell.people is not None:
        return Decimal(cell.people)
    if unit == "number" and cell.value is not None:
        return cell.value
    return None


def belongs_to(dimensions: Sequence[DimensionFacts], category_id: int) -> str | None:
    """A figure is for a category of a dimension the indicator is broken down by."""
    if any(category_id in d.categories for d in dimensions):
        return None
    names = " or ".join(d.name for d in dimensions) or "nothing"
    return f"That is not a category of {names}, which this indicator is broken down by"


def people_are_counted(facts: EntryFacts, cell: BreakdownFigure) -> str | None:
    """A figure that is not itself a count of people needs the number of people behind it,
    so that a small one can be hidden outside the performance team."""
    if cell.value is None or facts.unit == "number" or cell.people is not None:
        return None
    return "Enter the number of people behind the figure: it decides what is hidden"


def count_is_not_negative(facts: EntryFacts, cell: BreakdownFigure) -> str | None:
    """A count of people cannot be below zero."""
    if facts.unit == "number" and cell.value is not None and cell.value < 0:
        return "Enter a number that is 0 or more"
    return None


def parts_add_up(
    facts: EntryFacts, dimension: DimensionFacts, actual: Decimal | None,
    cells: Sequence[BreakdownFigure],
) -> str | None:
    """Where the dimension says its parts make the whole, a count (or an amount) split by
    it adds up to the result once every category has a figure."""
    if not dimension.parts_make_the_whole or facts.unit not in ADDING_UNITS or actual is None:
        return None
    values = {c.category_id: c.value for c in cells if c.category_id in dimension.categories}
    if set(values) != set(dimension.categories) or None in values.values():
        return None
    total = sum((v for v in values.values() if v is not None), Decimal(0))
    if total == actual:
        return None
    places = facts.decimal_places
    return (
        f"The {dimension.name} figures add up to {figure(total, facts.unit, places)}, but the "
        f"result is {figure(actual, facts.unit, places)}: every person falls in one "
        f"{dimension.name.lower()}, so they must add up to it"
    )


def breakdown_problems(
    facts: EntryFacts, dimensions: Sequence[DimensionFacts], actual: Decimal | None,
    cells: Sequence[BreakdownFigure],
) -> list[Problem]:
    """What stops a breakdown being saved with its result."""
    problems = []
    for cell in cells:
        name = field_name(cell.category_id)
        message = belongs_to(dimensions, cell.category_id)
        if message:
            problems.append(Problem(name, message))
            continue
        if cell.value is not None:
            for message in (entry_rules.within_range(cell.value),
                            entry_rules.fits_the_unit(facts, cell.value),
                            entry_rules.sensible_decimal_places(facts, cell.value),
                            count_is_not_negative(facts, cell)):
                if message:
                    problems.append(Problem(name, message))
                    break
        message = people_are_counted(facts, cell)
        if message:
            problems.append(Problem(field_name(cell.category_id, "people"), message))
    if not problems:
        for dimension in dimensions:
            message = parts_add_up(facts, dimension, actual, cells)
            if message:
                problems.append(Problem(f"breakdown-{dimension.id}", message))
    return problems
