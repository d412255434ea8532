"""How a measure is read in and written out. Plain Python.

``parse_decimal`` is the one reader of a typed number: the entry form, the target form,
the bulk upload and the imports all use it, so a value is accepted or refused the same
way wherever it comes from, with a message that says what was typed and what is
expected. ``plain`` writes a value out exactly, for machines (data files, form fields);
what people read is written by ``reporting.formatting.figure`` (unit, commas, places).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import (
    ROUND_HALF_EVEN,
    Clamped,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
    Subnormal,
    Underflow,
)

# Values are stored exactly: 14 digits before the point and 6 after covers £ in the
# billions and rates to a millionth.
MAX_INTEGER_DIGITS = 14
MAX_DECIMAL_PLACES = 6

# Every typed number is made under this context: anything it would have to round, or
# that is out of range, raises instead of becoming something else (1e-999999999 is not 0).
CONTEXT = Context(
    prec=MAX_INTEGER_DIGITS + MAX_DECIMAL_PLACES,
    rounding=ROUND_HALF_EVEN,
    Emax=MAX_INTEGER_DIGITS - 1,
    Emin=-MAX_DECIMAL_PLACES,
    traps=[InvalidOperation, DivisionByZero, Overflow, Underflow, Subnormal, Inexact, Rounded,
           Clamped],
)

# What a unit's value is, for "You typed '50%', but CNT1 is a count".
UNIT_PHRASES = {
    "percent": "is a percentage",
    "number": "is a count",
    "currency": "is in pounds",
    "days": "is counted in days",
    "ratio": "is a rate",
}

_NUMBER = re.compile(
    r"(?P<sign>[+-]?)(?P<pound>£?)\s*(?P<sign2>[+-]?)"
    r"(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.(?P<fraction>[0-9]+))?"
    r"\s*(?P<percent>%?)"
)
_EXPONENT = re.compile(r"[+-]?£?[0-9.,]*[0-9][eE][+-]?[0-9]+%?")


class NumberError(ValueError):
    """A typed number that cannot be taken; the message says what was typed and why."""


def plain(value: Decimal | None) -> str:
    """A Decimal without exponent or trailing zeros: 85.50 -> '85.5', 1E+2 -> '100'."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _ascii_digits(text: str) -> str:
    return "".join(
        str(unicodedata.digit(ch, ch)) if ch.isdigit() and not ch.isascii() else ch
        for ch in text
    )


def parse_decimal(text: str, *, unit: str | None = None, code: str = "") -> Decimal:
    """A number as people type it: '1,234.5', '£1,234', '85%', '-3', '.5'.

    Refused, with a message: exponents (1e5), underscores, digits other than 0 to 9,
    NaN and infinities, commas that do not separate thousands, more than 14 digits
    before the point or 6 after it, and (given the indicator's ``unit``) a % on anything
    but a percentage or a £ on anything but money. Raises NumberError.
    """
    typed = text.strip()
    shown = typed if len(typed) <= 40 else typed[:40] + "…"
    you_typed = f"You typed '{shown}'"
    if any(ch.isdigit() and not ch.isascii() for ch in typed):
        raise NumberError(
            f"{you_typed}: enter the number with the digits 0 to 9, like {_ascii_digits(typed)}"
        )
    if "_" in typed and _NUMBER.fullmatch(typed.replace("_", "")):
        raise NumberError(
            f"{you_typed}: enter the number without underscores, like {typed.replace('_', '')}"
        )
    if _EXPONENT.fullmatch(typed):
        raise NumberError(
            f"{you_typed}, which is in exponent notation: enter the number in full, "
            "like 1250000"
        )
    match = _NUMBER.fullmatch(typed)
    if (
        not match
        or not (match["whole"] or match["fraction"])
        or (match["sign"] and match["sign2"])
        or (match["pound"] and match["percent"])
    ):
        if re.fullmatch(r"[+-]?£?[0-9]+(,[0-9]+)+(\.[0-9]+)?%?", typed):
            raise NumberError(
                f"{you_typed}: commas can only separate thousands, like 1,250; for a decimal "
                "use a point, like 12.5"
            )
        raise NumberError(f"{you_typed}, which is not a number: enter a number like 85.5")
    whole = match["whole"].replace(",", "").lstrip("0")
    fraction = (match["fraction"] or "").rstrip("0")
    digits = f"{whole or '0'}.{fraction}" if fraction else whole or "0"
    negative = "-" in (match["sign"], match["sign2"])
    if unit is not None:
        symbol = "%" if match["percent"] else "£" if match["pound"] else ""
        allowed = {"percent": "%", "currency": "£"}.get(unit, "")
        if symbol and symbol != allowed:
            where = code or "this indicator"
            phrase = UNIT_PHRASES.get(unit, f"measured in {unit}")
            example = ("-" if negative else "") + digits
            raise NumberError(
                f"{you_typed}, but {where} {phrase}: enter a number like {example}"
            )
    if len(whole) > MAX_INTEGER_DIGITS:
        raise NumberError(f"{you_typed}: enter a number smaller than 100,000,000,000,000")
    if len(fraction) > MAX_DECIMAL_PLACES:
        raise NumberError(
            f"{you_typed}: enter the number to no more than {MAX_DECIMAL_PLACES} decimal places"
        )
    try:
        value = CONTEXT.create_decimal(("-" if negative else "") + digits)
    except ArithmeticError as error:  # the limits above should make this unreachable
        raise NumberError(f"{you_typed}, which cannot be stored exactly") from error
    return abs(value) if value == 0 else value  # -0 is 0
