"""The rules a result must meet, one function each, worded as officers see them.

Used by the entry form, the bulk upload and ``import_results``, so a value is
accepted or refused the same way wherever it comes from. Plain Python: the
caller passes what the rule needs. Each rule returns ``None`` or the message.

Saving a draft needs the value rules; submitting for sign-off needs the
story rules too (commentary when amber or red, improvement activity when red).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from reporting.engine import Aggregation, IndicatorStatus, Rag
from reporting.formatting import date_text
from reporting.numbers import MAX_INTEGER_DIGITS
from reporting.periods import Period


@dataclass(frozen=True)
class EntryFacts:
    """What the rules need to know about the indicator."""

    code: str
    unit: str
    decimal_places: int
    status: IndicatorStatus
    aggregation: Aggregation
    allows_any_percentage: bool = False

    @classmethod
    def of(cls, indicator: Any) -> EntryFacts:
        """From an indicator (the register's model, or anything with its fields)."""
        return cls(
            code=indicator.code,
            unit=indicator.unit,
            decimal_places=indicator.decimal_places,
            status=IndicatorStatus(indicator.status),
            aggregation=Aggregation(indicator.aggregation),
            allows_any_percentage=indicator.allows_any_percentage,
        )


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def period_has_ended(period: Period, today: date) -> str | None:
    """A value cannot be entered for a period that has not ended yet."""
    if period.has_ended(today):
        return None
    return (
        f"{period.label} has not ended yet: enter its result after {date_text(period.end)}"
    )


def indicator_is_live(facts: EntryFacts) -> str | None:
    """A retired indicator takes no new results."""
    if facts.status is IndicatorStatus.RETIRED:
        return f"{facts.code} is retired: it takes no new results"
    return None


def not_a_roll_up(facts: EntryFacts) -> str | None:
    """A roll-up's actual comes from its children, never typed in."""
    if facts.aggregation is Aggregation.NONE:
        return None
    return (
        f"{facts.code} is rolled up from its children ({facts.aggregation.value}): "
        "enter the children's results instead"
    )


# Results are stored with up to 14 digits before the point.
LARGEST = Decimal(10) ** MAX_INTEGER_DIGITS


def within_range(actual: Decimal) -> str | None:
    """A value must be one the register can store exactly."""
    if abs(actual) >= LARGEST:
        return "Enter a number smaller than 100,000,000,000,000"
    return None


def fits_the_unit(facts: EntryFacts, actual: Decimal) -> str | None:
    """A percentage is between 0 and 100 unless the indicator allows more; days are not
    negative."""
    if facts.unit == "percent" and not facts.allows_any_percentage and not 0 <= actual <= 100:
        return "Enter a percentage between 0 and 100"
    if facts.unit == "days" and actual < 0:
        return "Enter a number of days that is 0 or more"
    return None


def sensible_decimal_places(facts: EntryFacts, actual: Decimal) -> str | None:
    """No more decimal places than the indicator records."""
    exponent = actual.normalize().as_tuple().exponent  # 85.0 has no decimal places
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if places <= facts.decimal_places:
        return None
    if facts.decimal_places == 0:
        return "Enter a whole number"
    return f"Enter the value to no more than {facts.decimal_places} decimal places"


def commentary_when_amber_or_red(rag: Rag, commentary: str) -> str | None:
    """Commentary is needed when the result is amber or red: the story behind the number."""
    if rag in (Rag.AMBER, Rag.RED) and not commentary.strip():
        return f"Enter commentary: the result is {rag.label.lower()}, so say why"
    return None


def improvement_when_red(rag: Rag, improvement_activity: str) -> str | None:
    """Improvement activity is needed when the result is red: what is being done about it."""
    if rag is Rag.RED and not improvement_activity.strip():
        return "Enter the improvement activity: the result is red, so say what is being done"
    return None


def value_problems(
    facts: EntryFacts, period: Period, today: date, actual: Decimal | None
) -> list[Problem]:
    """What stops a value being saved at all, even as a draft."""
    problems = []
    for message in (period_has_ended(period, today), indicator_is_live(facts),
                    not_a_roll_up(facts)):
        if message:
            problems.append(Problem("actual", message))
    if actual is not None and not problems:
        for message in (within_range(actual), fits_the_unit(facts, actual),
                        sensible_decimal_places(facts, actual)):
            if message:
                problems.append(Problem("actual", message))
    return problems


def submission_problems(
    rag: Rag, actual: Decimal | None, commentary: str, improvement_activity: str
) -> list[Problem]:
    """What stops a result being submitted for sign-off."""
    problems = []
    if actual is None:
        problems.append(Problem("actual", "Enter the actual value"))
    message = commentary_when_amber_or_red(rag, commentary)
    if message:
        problems.append(Problem("commentary", message))
    message = improvement_when_red(rag, improvement_activity)
    if message:
        problems.append(Problem("improvement_activity", message))
    return problems


def maker_is_not_checker(
    checker_id: int, entered_by_id: int | None, submitted_by_id: int | None
) -> str | None:
    """Maker and checker stay apart: nobody approves a result they entered or submitted,
    the performance team included."""
    if checker_id == entered_by_id:
        return "You entered this result, so someone else must approve it"
    if checker_id == submitted_by_id:
        return "You submitted this result, so someone else must approve it"
    return None


def story_needed(rag: Rag, commentary: str = "", improvement_activity: str = "") -> str | None:
    """What a submission at this RAG still needs, in words, from the two story rules
    themselves (so the entry form's preview never restates them): nothing once the
    commentary (and, when red, the improvement activity) has been written."""
    needs = [
        what
        for what, message in (
            ("commentary", commentary_when_amber_or_red(rag, commentary)),
            ("improvement activity", improvement_when_red(rag, improvement_activity)),
        )
        if message
    ]
    if not needs:
        return None
    verb = "is" if len(needs) == 1 else "are"
    return f"{' and '.join(needs).capitalize()} {verb} needed before you submit."
