"""The public pages: how the council is performing, for anyone, with no sign-in.

Everything shown comes from ``public.published`` (the rules of publication are in
``public/rules.py``). The pages are the same for everyone, so they may be cached.
"""

from __future__ import annotations

import itertools

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from kpis import exports
from kpis.models import Council
from perfmgmt.middleware import cacheable_for_the_public
from reporting import charts
from reporting.engine import Rag
from reporting.periods import Frequency
from reporting.periods_http import period_or_404
from reporting.public import breakdowns, open_data, published, rules

# The order of the RAG columns in the summary: worst first, then what is not rated.
RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.BASELINE, Rag.CONTEXTUAL,
             Rag.IN_DEVELOPMENT, Rag.NO_TARGET, Rag.NO_DATA]
# How many periods the chart shows: two years of quarters or months, five of years.
CHART_PERIODS = {Frequency.QUARTERLY: 8, Frequency.MONTHLY: 24, Frequency.ANNUAL: 5}


def public_page(view):
    """A page anyone may see without signing in, GET or HEAD only, cacheable for them."""
    return login_not_required(require_safe(cacheable_for_the_public(view)))


def _council() -> str:
    council = Council.objects.only("name").first()
    return council.name if council else "The council"


# --- the summary -----------------------------------------------------------------------


@public_page
def summary(request):
    """RAG counts by pillar for a period whose report has been issued (the latest by
    default), and each published indicator's figure then."""
    publication = published.load()
    periods = rules.summary_periods(publication.issued)
    key = request.GET.get("period")
    if key:
        period = period_or_404(key, Frequency.QUARTERLY)
        if period not in periods:
            raise Http404(f"The report for {period.label} has not been published")
    else:
        period = periods[0] if periods else None
    pillars = publication.summary(period) if period else []
    shown = {rag for pillar in pillars for rag in pillar.counts}
    columns = [rag for rag in RAG_ORDER if rag in shown]
    # Every measure once, though it may measure two pillars.
    each = {ind.id: figure.rag if figure else Rag.NO_DATA
            for pillar in pillars for ind, figure in pillar.rows}
    return render(request, "public/summary.html", {
        "council_name": _council(),
        "period": period,
        "periods": periods,
        "issued_on": publication.issued.get(period) if period else None,
        "pillars": pillars,
        "columns": columns,
        "count_rows": [
            (pillar, [pillar.counts.get(rag, 0) for rag in columns]) for pillar in pillars
        ],
        "totals": [sum(1 for rag_of in each.values() if rag_of is rag) for rag in columns],
        "total": len(each),
        "published_count": len(publication.indicators),
    })


# --- one indicator ----------------------------------------------------------------------


def _chart(indicator: published.PublicIndicator, figures: list[published.PublicFigure]):
    """The trend of the latest published figures; a period with none is a gap."""
    if not figures:
        return None
    by_period = {f.period: f for f in figures}
    latest = figures[-1].period
    count = CHART_PERIODS[indicator.frequency]
    first = max(latest.shift(-(count - 1)), figures[0].period, key=lambda p: p.end)
    points = []
    period = first
    while period.end <= latest.end:
        figure = by_period.get(period)
        points.append(charts.Point(
            period=period, actual=figure.actual if figure else None,
            target=figure.target if figure else None, rag=figure.rag if figure else None,
            stretch_target=figure.stretch_target if figure else None,
            amber_from=figure.amber_from if figure else None,
            break_before=figure.break_before if figure else False,
        ))
        period = period.next()
    return charts.trend_chart(f"{indicator.code} {indicator.title}", points,
                              unit=indicator.unit, places=indicator.decimal_places)


@public_page
def indicator(request, code: str):
    """A published indicator: what it measures, its trend and every published figure."""
    publication = published.load(code=code)
    if not publication.indicators:
        raise Http404("No published indicator has that code")
    found = publication.indicators[0]
    figures = publication.figures(found)
    panel = breakdowns.panel(publication, found, request.GET.get("breakdown"))
    return render(request, "public/indicator.html", {
        "council_name": _council(),
        "indicator": found,
        "latest": figures[-1] if figures else None,
        "figures": list(reversed(figures)),
        "chart": _chart(found, figures),
        "corrected": [f for f in reversed(figures) if f.corrections],
        "breakdown": panel,
        "breakdown_notes": breakdowns.correction_notes(publication, found,
                                                       panel.period if panel else None),
        "public": True,
    })


# --- open data --------------------------------------------------------------------------


def _urls(request) -> dict[str, str]:
    return {
        "documentation": request.build_absolute_uri(reverse("public:open_data")),
        "csv": request.build_absolute_uri(reverse("public:indicators_csv")),
        "json": request.build_absolute_uri(reverse("public:indicators_json")),
    }


@public_page
def open_data_page(request):
    """The downloads, what each field means, and the licence."""
    publication = published.load()
    return render(request, "public/open_data.html", {
        "council_name": _council(),
        "fields": open_data.FIELDS,
        "licence_name": open_data.LICENCE_NAME,
        "licence_url": open_data.LICENCE_URL,
        "attribution": open_data.ATTRIBUTION,
        "last_updated": publication.latest_issue,
        "published_count": len(publication.indicators),
        "shown_about_an_indicator": rules.SHOWN_ABOUT_AN_INDICATOR,
        "shown_with_a_figure": rules.SHOWN_WITH_A_FIGURE,
        "never_shown": rules.NEVER_SHOWN,
        "breakdown_fields": breakdowns.FIELDS,
        "suppression_explanation": breakdowns.explanation(),
    })


def _links(request) -> str:
    """The CSV's Link header: its licence and the page that documents it (RFC 8288)."""
    urls = _urls(request)
    return (f'<{open_data.LICENCE_URL}>; rel="license", '
            f'<{urls["documentation"]}>; rel="describedby"; type="text/html", '
            f'<{urls["json"]}>; rel="alternate"; type="application/json"')


@public_page
def indicators_csv(request):
    """Streamed as it is made: the register is read first (a fixed number of queries),
    then each figure is rated as its line goes out."""
    publication = published.load()
    publication.prepare()
    response = StreamingHttpResponse(open_data.csv_lines(publication),
                                     content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="indicators.csv"'
    response["Link"] = _links(request)
    return response


@public_page
def indicators_json(request):
    publication = published.load()
    response = HttpResponse(content_type="application/json; charset=utf-8")
    response["Link"] = f'<{open_data.LICENCE_URL}>; rel="license"'
    open_data.write_json(publication, response, _council(), _urls(request))
    return response



@public_page
def breakdowns_csv(request):
    """Every published breakdown figure, small numbers hidden (docs/breakdowns.md)."""
    publication = published.load()
    rows = ([row[c] for c in breakdowns.COLUMNS] for row in breakdowns.records(publication))
    response = HttpResponse(
        "".join(exports.csv_lines(itertools.chain([breakdowns.COLUMNS], rows))),
        content_type=exports.CSV_CONTENT_TYPE,
    )
    response["Content-Disposition"] = 'attachment; filename="breakdowns.csv"'
    response["Link"] = f'<{open_data.LICENCE_URL}>; rel="license"'
    return response
