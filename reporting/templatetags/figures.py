"""How figures look on screen: numbers exact, without trailing zeros or exponents; RAG and
sign-off statuses as tags whose words come from the one place that defines them (the
engine's ``Rag.label``, ``ResultStatus``), never restated in a template."""

from django import template
from django.utils.html import format_html

from reporting.engine import Rag
from reporting.numbers import plain

register = template.Library()

# The GOV.UK tag colour for each RAG; the words are the engine's (text, not colour alone).
RAG_TAG_COLOURS = {Rag.BLUE: "blue", Rag.GREEN: "green", Rag.AMBER: "yellow", Rag.RED: "red"}


@register.simple_tag
def rag_tag(rag) -> str:
    value = Rag(rag)
    colour = RAG_TAG_COLOURS.get(value, "grey")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, value.label)


@register.simple_tag
def status_tag(status) -> str:
    from kpis.models.results import STATUS_TAG_COLOURS, ResultStatus

    if not status:
        return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', "grey",
                           "Not started")
    value = ResultStatus(status)
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>',
                       STATUS_TAG_COLOURS[value], value.label)


@register.filter
def num(value) -> str:
    """85.500000 -> 85.5; None -> '' (so |default: can say what is missing)."""
    return plain(value) if value is not None else ""
