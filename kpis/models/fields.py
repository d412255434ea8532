"""Model fields shared by the register: exact values and period keys."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from reporting.numbers import MAX_DECIMAL_PLACES, MAX_INTEGER_DIGITS
from reporting.periods import Frequency, Period, PeriodError

# Values are stored exactly, as many digits as a typed number may have (reporting.numbers).
VALUE_DIGITS = {
    "max_digits": MAX_INTEGER_DIGITS + MAX_DECIMAL_PLACES,
    "decimal_places": MAX_DECIMAL_PLACES,
}


def validate_period_key(value: str) -> None:
    try:
        Period.parse(value)
    except PeriodError as error:
        raise ValidationError(str(error)) from error


def validate_financial_year_key(value: str) -> None:
    validate_period_key(value)
    if Period.parse(value).frequency is not Frequency.ANNUAL:
        raise ValidationError(f"'{value}' is not a financial year such as 2025-26")


class PeriodField(models.CharField):
    """A canonical period key such as 2025-26, 2025-26-Q2 or 2025-10."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)
        if validate_period_key not in self.validators:
            self.validators.append(validate_period_key)


class FinancialYearField(models.CharField):
    """A financial year key such as 2025-26 (null means: from the start)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)
        if validate_financial_year_key not in self.validators:
            self.validators.append(validate_financial_year_key)
