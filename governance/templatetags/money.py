"""``money``: pounds as people read them, whole pounds with commas (£1,234,567, -£12,000),
through the one formatting module."""

from django import template

from governance.finance_import import money as money_text

register = template.Library()


@register.filter
def money(value) -> str:
    if value is None or value == "":
        return ""
    return money_text(value)
