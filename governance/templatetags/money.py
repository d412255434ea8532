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


@register.filter
def person(user) -> str:
    """A person's name, or their username; '' for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
