"""How numbers look on screen: exact, without trailing zeros or exponents."""

from django import template

from reporting.numbers import plain

register = template.Library()


@register.filter
def num(value) -> str:
    """85.500000 -> 85.5; None -> '' (so |default: can say what is missing)."""
    return plain(value) if value is not None else ""
