"""{% indicator_benchmarks indicator %}: where the council stands among its comparators,
for the indicator page (templates/kpis/_benchmarks.html, fed by kpis.benchmarks)."""

from django import template

from kpis.benchmarks import comparison_for

register = template.Library()


@register.inclusion_tag("kpis/_benchmarks.html")
def indicator_benchmarks(indicator):
    return {"comparison": comparison_for(indicator), "indicator": indicator}

