"""How figures look on screen, through the one formatting module (``reporting.formatting``):
values with their unit and the indicator's decimal places, periods and moments as people say
them; RAG and sign-off statuses as tags whose words come from the one place that defines them
(the engine's ``Rag.label``, ``ResultStatus``), never restated in a template.

    {{ result.actual|figure:indicator|default:"Not entered" }}   £6,692,013, 87.6%, 2.21 days
    {{ band|band:indicator }}                                     8.8 percentage points
    {{ result.period|period_label }}                              Q2 2026/27
    {{ change.when|when }}                                        30 November 2026, 22:36
"""

from django import template
from django.utils.html import format_html

from reporting import charts, formatting
from reporting.engine import Rag
from reporting.numbers import plain

register = template.Library()

# The GOV.UK tag colour for each RAG; the words are the engine's (text, not colour alone).
RAG_TAG_COLOURS = {Rag.BLUE: "blue", Rag.GREEN: "green", Rag.AMBER: "yellow", Rag.RED: "red"}


def unit_and_places(measure) -> tuple[str, int | None]:
    """What to write a value in, from an indicator (or anything with ``unit`` and
    ``decimal_places``), a unit's name, or nothing (the value exactly, no unit)."""
    if measure is None or measure == "":
        return "", None
    if isinstance(measure, str):
        return measure, formatting.default_places(measure)
    unit = getattr(measure, "unit", "") or ""
    places = getattr(measure, "decimal_places", None)
    return unit, places if places is not None else formatting.default_places(unit)


# A shape for each RAG, so a rating reads without colour (the golden thread, dashboards):
# the shape is decoration beside the words, hidden from screen readers. The charts' shapes.
RAG_SHAPES = {rag: charts.rag_glyph(rag) for rag in charts.MARKERS}
UNRATED_SHAPE = charts.rag_glyph(None)


@register.simple_tag
def rag_tag(rag, shape: bool = False) -> str:
    value = Rag(rag)
    colour = RAG_TAG_COLOURS.get(value, "grey")
    if shape:
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}"><span class="app-rag-shape" '
            'aria-hidden="true">{}</span> {}</strong>',
            colour, RAG_SHAPES.get(value, UNRATED_SHAPE), value.label,
        )
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
def figure(value, measure=None) -> str:
    """A value with its indicator's unit and decimal places: 6692013 -> '£6,692,013'.
    None -> '' (so |default: can say what is missing)."""
    unit, places = unit_and_places(measure)
    return formatting.figure(value, unit, places)


@register.filter
def band(value, measure=None) -> str:
    """A tolerance band's width in the indicator's units: '8.8 percentage points', '£5,000'."""
    if value is None:
        return ""
    unit, places = unit_and_places(measure)
    return formatting.band_text(value, unit, places)


@register.filter
def period_label(value) -> str:
    """A period or its key as people say it: '2026-27-Q2' -> 'Q2 2026/27'."""
    return formatting.period_label(value)


@register.filter
def when(value) -> str:
    """A date as '30 November 2026'; a date and time as '30 November 2026, 22:36' (UK time)."""
    return formatting.when_text(value)


@register.filter
def num(value) -> str:
    """A value exactly, for a form field or where no unit applies: 85.500000 -> 85.5;
    None -> ''. Values people read go through ``figure``."""
    return plain(value) if value is not None else ""
