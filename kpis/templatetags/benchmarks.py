"""{% indicator_benchmarks indicator %}: where the council stands among its comparators,
for the indicator page (templates/kpis/_benchmarks.html, fed by kpis.benchmarks)."""

from django import template

from kpis.benchmarks import comparison_for

register = template.Library()


@register.inclusion_tag("kpis/_benchmarks.html")
def indicator_benchmarks(indicator):
    return {"comparison": comparison_for(indicator), "indicator": indicator}


@register.filter
def benchmark_figure(value, indicator) -> str:
    """A benchmark figure in the indicator's unit: 45.15%, £1,200."""
    from reporting.numbers import plain

    if value is None:
        return ""
    text = plain(value)
    unit = getattr(indicator, "unit", "")
    if unit == "percent":
        return f"{text}%"
    if unit == "currency":
        return f"-£{text[1:]}" if text.startswith("-") else f"£{text}"
    return text
