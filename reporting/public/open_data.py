"""The open data files: every published figure of every published indicator, one record
each, as CSV and JSON, with the schema (``FIELDS``) that the open data page, the JSON's
metadata and docs/open-data.md all describe.

Values are exact (``numbers.plain``: no separators, no units, no rounding); periods are
the canonical keys of ``reporting.periods`` with their dates; words are the engine's.
The CSV goes through the one CSV writer (``kpis.exports``), so text a spreadsheet would
run as a formula is neutralised.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO

from kpis import exports
from reporting.numbers import plain
from reporting.public.published import Publication, PublicFigure, PublicIndicator

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str


FIELDS = [
    Field("indicator_code", "string",
          "The council's code for the indicator, e.g. CP01. It stays the same when the "
          "title is reworded."),
    Field("indicator_title", "string", "What the indicator measures."),
    Field("pillars", "string",
          "The Corporate Plan pillars it measures, separated by \"; \" (may be blank)."),
    Field("service", "string",
          "The directorate and service responsible, separated by \" / \"."),
    Field("unit", "string",
          "What value, target and stretch_target are in: percent (a percentage, 87.5 "
          "meaning 87.5%), number (a count), currency (pounds sterling), days, or ratio "
          "(a rate, per the population the title names)."),
    Field("polarity", "string",
          "higher (higher is better), lower (lower is better) or none (neither: a "
          "contextual measure)."),
    Field("frequency", "string", "How often it is measured: monthly, quarterly or annual."),
    Field("collection", "string",
          "discrete (the period on its own) or cumulative (the financial year to date)."),
    Field("period", "string",
          "The period the figure is for: 2025-26 (the financial year 1 April 2025 to 31 "
          "March 2026), 2025-26-Q2 (a quarter of it: July to September 2025) or 2025-10 "
          "(a calendar month: October 2025)."),
    Field("period_label", "string", "The period as people say it: 2025/26, Q2 2025/26, "
          "October 2025."),
    Field("period_start", "date", "First day of the period (YYYY-MM-DD)."),
    Field("period_end", "date", "Last day of the period (YYYY-MM-DD)."),
    Field("value", "decimal", "The figure, exactly as signed off (and corrected, if it "
          "was). Blank: no data for the period."),
    Field("target", "decimal", "The target for the period. Blank: no target."),
    Field("stretch_target", "decimal", "The stretch target, if one was set."),
    Field("rag", "string",
          "The rating: BLUE (exceeding: the stretch target met), GREEN (target met), AMBER "
          "(within the tolerance of the target), RED (outside it), BASELINE (first year: "
          "no target yet), CONTEXTUAL (not rated), IN_DEVELOPMENT, NO_TARGET or NO_DATA."),
    Field("rag_label", "string", "The rating in words: Blue (exceeding), Green, Amber, Red..."),
    Field("direction_of_travel", "string",
          "Against the previous comparable period: IMPROVING, DETERIORATING, NO_CHANGE, "
          "NOT_COMPARABLE (nothing to compare with, or a break in the series), or UP and "
          "DOWN for a measure where neither is better."),
    Field("commentary", "string", "The council's explanation of the figure."),
    Field("improvement_activity", "string",
          "What the council is doing about a figure that is off target."),
    Field("published_on", "date",
          "When the report for the period was issued and the figure first published."),
    Field("corrected_on", "date",
          "When the figure was last corrected after it was published. Blank: never."),
    Field("value_first_published", "decimal",
          "The figure as first published, before any correction. Blank if never corrected."),
    Field("correction_reason", "string", "Why it was corrected (each correction, in order, "
          "separated by \"; \")."),
]
COLUMNS = [field.name for field in FIELDS]


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


def record(indicator: PublicIndicator, figure: PublicFigure) -> dict[str, str]:
    """One figure as a record: every field as text ("" for nothing)."""
    corrected = bool(figure.corrections)
    return {
        "indicator_code": indicator.code,
        "indicator_title": indicator.title,
        "pillars": "; ".join(indicator.pillars),
        "service": indicator.service,
        "unit": indicator.unit,
        "polarity": indicator.polarity,
        "frequency": indicator.frequency.value,
        "collection": indicator.collection,
        "period": figure.period.key,
        "period_label": figure.period.label,
        "period_start": _date(figure.period.start),
        "period_end": _date(figure.period.end),
        "value": plain(figure.actual),
        "target": plain(figure.target),
        "stretch_target": plain(figure.stretch_target),
        "rag": figure.rag.value,
        "rag_label": figure.rag.label,
        "direction_of_travel": figure.direction.value,
        "commentary": figure.commentary,
        "improvement_activity": figure.improvement_activity,
        "published_on": _date(figure.published_on),
        "corrected_on": _date(figure.corrected_on),
        "value_first_published": plain(figure.first_published) if corrected else "",
        "correction_reason": "; ".join(c.reason for c in figure.corrections),
    }


def records(publication: Publication) -> Iterator[dict[str, str]]:
    """Every published figure: by indicator code, then oldest period first."""
    for indicator in publication.indicators:
        for figure in publication.figures(indicator):
            yield record(indicator, figure)


def csv_lines(publication: Publication) -> Iterator[str]:
    """The CSV a line at a time, each figure rated as its line is written."""
    rows = ([row[c] for c in COLUMNS] for row in records(publication))
    return exports.csv_lines(itertools.chain([COLUMNS], rows))


def metadata(publication: Publication, council: str, urls: dict[str, str]) -> dict:
    """What the JSON file says about itself: title, publisher, licence, schema."""
    return {
        "title": f"{council}: performance indicators",
        "description": "Every published figure of the performance indicators the council "
        "publishes, for each period whose performance report has been issued: value, "
        "target, RAG rating and direction of travel. Figures are signed off; a figure "
        "corrected after it was published shows the correction.",
        "publisher": council,
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "attribution": ATTRIBUTION,
        "last_updated": _date(publication.latest_issue),
        "documentation": urls["documentation"],
        "csv": urls["csv"],
        "decimals": "Values, targets and stretch targets are strings holding the exact "
        "decimal figure (JSON numbers would be read as binary floating point); null: none.",
        "fields": [
            {"name": f.name, "type": f.type, "description": f.description} for f in FIELDS
        ],
    }


DECIMALS = {f.name for f in FIELDS if f.type == "decimal"}
DATES = {f.name for f in FIELDS if f.type == "date"}


def write_json(publication: Publication, stream: IO[str], council: str,
               urls: dict[str, str]) -> None:
    data = [
        {key: (None if value == "" and (key in DECIMALS or key in DATES) else value)
         for key, value in row.items()}
        for row in records(publication)
    ]
    # One write: json.dump would write each token to the stream separately.
    stream.write(json.dumps({"metadata": metadata(publication, council, urls), "data": data},
                            ensure_ascii=False, separators=(",", ":")))
