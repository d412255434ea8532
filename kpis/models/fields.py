"""Model fields shared by the register: exact values and period keys."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models

from reporting.numbers import MAX_DECIMAL_PLACES, MAX_INTEGER_DIGITS
from reporting.periods import Frequency, Period, PeriodError

# Values are stored exactly, as many digits as a typed number may have (reporting.numbers).
VALUE_DIGITS = {
    "max_digits": MAX_INTEGER_DIGITS + MAX_DECIMAL_PLACES,
    "decimal_places": MAX_DECIMAL_PLACES,
}


INDICATOR_CODE_LENGTH = 30
_INDICATOR_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)


def indicator_code_problem(code: str) -> str | None:
    """Why a code cannot be an indicator's, or None. A code goes in URLs and on every page:
    letters, digits, '-', '_' and '.', starting with a letter or digit (CP07, WM-R1)."""
    if not code:
        return "code is blank"
    if len(code) > INDICATOR_CODE_LENGTH:
        return f"code '{code}' is longer than {INDICATOR_CODE_LENGTH} characters"
    if not _INDICATOR_CODE.fullmatch(code):
        return (
            f"code '{code}' may have only letters, digits, '-', '_' and '.', starting with a "
            "letter or digit (no spaces, '/' or other symbols)"
        )
    return None


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
