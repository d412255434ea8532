"""How a measure is written out: exact, without trailing zeros or exponents. Plain Python."""

from __future__ import annotations

from decimal import Decimal


def plain(value: Decimal | None) -> str:
    """A Decimal without exponent or trailing zeros: 85.50 -> '85.5', 1E+2 -> '100'."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text
