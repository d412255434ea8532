"""Committee packs: what a board or committee is shown for a period, built once as data.

``pack_data`` gathers every figure a pack shows into plain JSON-ready values (text, not
numbers to be reformatted later), from the one engine through ``RatingBook`` and from
signed-off results only. The HTML, the PDF and the stored copy of an issued pack are all
made from that data (``governance/pack_render.py``), so an issued pack's figures can be
rebuilt from what was stored, byte for byte.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from governance import lifecycle, members, pack_actions
from governance import risks as risk_registers
from governance.committees import candidates, due_as_at, exceptions_at, remit_of
from governance.dq_audits import summary as dq_summary
from governance.models import BoardNote, Committee, Meeting
from kpis import breakdowns
from kpis.benchmarks import comparator_medians
from kpis.models import Council, Indicator, Pillar
from reporting import charts, suppression
from reporting.corrections import breakdown_corrections_for_report, corrections_for_report
from reporting.engine import DEFAULT_TOLERANCE_PCT, ExceptionFlag, Rag, exceptions_in_words
from reporting.formatting import date_text, number_text
from reporting.periods import Frequency, Period
from reporting.ratings import RatingBook

# How many periods each indicator's trend shows: the last 8 quarters or 12 months.
TREND = {Frequency.QUARTERLY: 8, Frequency.MONTHLY: 12, Frequency.ANNUAL: 5}
# Exceptions first, the most serious first.
EXCEPTION_ORDER = [
    ExceptionFlag.RED_SUSTAINED, ExceptionFlag.RED, ExceptionFlag.AMBER_DETERIORATING,
]
RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.BASELINE, Rag.CONTEXTUAL,
             Rag.IN_DEVELOPMENT, Rag.NO_TARGET, Rag.NO_DATA]
IMPROVEMENT_HISTORY = 4

def _percent(count: int, total: int) -> str:
    return f"{round(100 * count / total)}%" if total else "0%"


def _counts(ratings: Sequence[Rag]) -> list[dict[str, Any]]:
    counted = Counter(ratings)
    total = len(ratings)
    return [
        {"rag": rag.value, "label": rag.label, "count": counted[rag],
         "percent": _percent(counted[rag], total)}
        for rag in RAG_ORDER if counted[rag]
    ]


def _trend_periods(latest: Period) -> list[Period]:
    count = TREND[latest.frequency]
    return [latest.shift(-n) for n in range(count - 1, -1, -1)]


def _indicator_data(
    indicator: Indicator, book: RatingBook, as_at: Period, pillar_names: list[str],
    medians: tuple[str, dict[Period, Decimal]] | None = None,
    definitions: lifecycle.Definitions | None = None,
) -> dict[str, Any]:
    frequency = Frequency(indicator.frequency)
    latest = book.latest_period(indicator.pk, as_at.end) or due_as_at(as_at, frequency)
    # The definition in force in the year of the period shown, not today's.
    definitions = definitions or lifecycle.definitions_for([indicator])
    rating = book.rate(indicator.pk, latest)
    trend = [book.rate(indicator.pk, p) for p in _trend_periods(latest)]
    figure = indicator.figure  # its unit and decimal places: 87.6%, £6,692,013, 2.21 days
    breaks = set(book.breaks.get(indicator.pk, []))
    chart = charts.trend_chart(
        f"{indicator.code} {indicator.title}",
        [
            charts.Point(
                period=r.period, actual=r.actual, target=r.rules.target, rag=r.assessment.rag,
                stretch_target=r.rules.stretch_target,
                amber_from=r.amber_from,
                benchmark=medians[1].get(r.period) if medians else None,
                break_before=r.period in breaks,
            )
            for r in trend if r.period is not None
        ],
        unit=indicator.unit, places=indicator.decimal_places,
        benchmark_label=f"Median of {medians[0]}" if medians else "Benchmark",
    )
    improvements = [
        {"period": r.period.label, "text": r.result.improvement_activity}
        for r in reversed(trend)
        if r.period is not None and r.result is not None and r.result.improvement_activity
    ][:IMPROVEMENT_HISTORY]
    result = rating.result
    return {
        "id": indicator.pk,
        "code": indicator.code,
        "title": indicator.title,
        "definition": definitions.then(indicator.pk, latest).definition,
        "level": indicator.get_level_display(),
        "owner": _name(indicator.owner),
        "accountable_officer": _name(indicator.accountable_officer),
        "directorate": indicator.org_unit.path.split(" / ")[0],
        "service": indicator.org_unit.path,
        "pillars": pillar_names,
        "polarity": indicator.get_polarity_display(),
        "frequency": indicator.get_frequency_display(),
        "period": latest.label,
        "actual": figure(rating.actual),
        "previous": figure(rating.previous),
        "target": figure(rating.rules.target),
        "stretch_target": figure(rating.rules.stretch_target),
        "rag": rating.assessment.rag.value,
        "rag_label": rating.assessment.rag.label,
        "direction": rating.assessment.direction.label,
        "exception": rating.assessment.exception.value,
        "exception_label": rating.assessment.exception_label,
        "commentary": result.commentary if result else "",
        "improvement_activity": result.improvement_activity if result else "",
        "improvement_history": improvements,
        "trend": [
            {"period": r.period.label, "actual": figure(r.actual),
             "target": figure(r.rules.target), "rag": r.assessment.rag.label}
            for r in trend if r.period is not None
        ],
        "chart_svg": chart.svg,
        "chart_alt": chart.alt_text,
    }


def _shown_text(indicator: Indicator, cell) -> str:
    """A breakdown figure as the pack writes it: hidden, none, or with its unit."""
    if cell.suppressed:
        return suppression.SYMBOL
    return indicator.figure(cell.value) if cell.value is not None else "No figure"


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def pack_data(committee: Committee, period: Period, today: date | None = None) -> dict[str, Any]:
    """Every figure the committee's pack for ``period`` shows, signed-off results only."""
    today = today or timezone.localdate()
    remit = remit_of(committee)
    flagged = exceptions_at(period) if committee.exceptions_only else None
    chosen = set(remit.select(candidates(flagged, as_at=period)))
    indicators = list(
        Indicator.objects.filter(pk__in=chosen)
        .select_related("org_unit", "owner", "accountable_officer")
        .prefetch_related("pillars").order_by("code")
    )
    book = RatingBook.load(period.end, only=[i.pk for i in indicators], approved_only=True)
    # The comparator group's median, drawn as the chart's benchmark line (kpis/benchmarks.py).
    medians = comparator_medians([i.pk for i in indicators])
    definitions = lifecycle.definitions_for(indicators)
    rows = [
        _indicator_data(i, book, period, [p.title for p in i.pillars.all()], medians.get(i.pk),
                        definitions)
        for i in indicators
    ]
    exceptions = sorted(
        (row for row in rows if row["exception"]),
        key=lambda row: (EXCEPTION_ORDER.index(ExceptionFlag(row["exception"])), row["code"]),
    )
    by_pillar: dict[str, list[Rag]] = defaultdict(list)
    by_directorate: dict[str, list[Rag]] = defaultdict(list)
    for row in rows:
        for pillar in row["pillars"] or ["No pillar"]:
            by_pillar[pillar].append(Rag(row["rag"]))
        by_directorate[row["directorate"]].append(Rag(row["rag"]))
    pillar_order = {p.title: p.number for p in Pillar.objects.all()}
    meeting = Meeting.objects.filter(committee=committee, period=period.key).first()
    notes: dict[str, list[dict[str, str]]] = defaultdict(list)
    for note in BoardNote.objects.filter(committee=committee, period=period.key).select_related(
        "indicator", "by"
    ):
        notes[note.indicator.code].append({
            "note": note.note, "by": _name(note.by),
            "at": date_text(note.at),
        })
    council = Council.objects.first()
    red_periods = book.red_periods.in_force(period)
    data = {
        "council": council.name if council else "",
        "committee": {"name": committee.name, "slug": committee.slug,
                      "kind": committee.get_kind_display(),
                      "schedule": committee.schedule().describe(),
                      "purpose": committee.purpose},
        "meeting": {"date": date_text(meeting.date),
                    "papers_due": date_text(meeting.papers_due)} if meeting else None,
        "period": {"key": period.key, "label": period.label,
                   "end": date_text(period.end)},
        "summary": {
            "total": len(rows),
            "rag": _counts([Rag(r["rag"]) for r in rows]),
            "by_pillar": [
                {"name": name, "total": len(rags), "counts": _counts(rags)}
                for name, rags in sorted(by_pillar.items(),
                                         key=lambda kv: (pillar_order.get(kv[0], 99), kv[0]))
            ],
            "by_directorate": [
                {"name": name, "total": len(rags), "counts": _counts(rags)}
                for name, rags in sorted(by_directorate.items())
            ],
            "direction": [
                {"label": label, "count": count}
                for label, count in Counter(r["direction"] for r in rows).most_common()
            ],
            "exceptions": len(exceptions),
            "exceptions_in_words": exceptions_in_words(red_periods),
        },
        "exceptions": [row["code"] for row in exceptions],
        "indicators": rows,
        "board_notes": dict(notes),
        "corrections": [
            {"code": c.result.indicator.code, "title": c.result.indicator.title,
             "period": c.result.period_label,
             "old": c.result.indicator.figure(c.old_actual),
             "new": c.result.indicator.figure(c.new_actual),
             "reason": c.reason, "at": date_text(c.at)}
            for c in corrections_for_report(period, today)
        ],
        # A pack is read outside the service: its breakdown figures are always suppressed.
        "breakdown_corrections": [
            {"code": c.indicator.code, "title": c.indicator.title, "period": c.period.label,
             "figure": f"{c.dimension}: {c.category}",
             "old": _shown_text(c.indicator, c.was), "new": _shown_text(c.indicator, c.now),
             "reason": c.correction.reason, "at": date_text(c.correction.at)}
            for c in breakdowns.corrected_figures(
                breakdown_corrections_for_report(period, today), lambda _: False)
        ],
        "rules": rules_in_words(red_periods),
        # members' requests, escalations and the financial position (governance/members.py)
        **members.pack_extras(committee, period, today),
        "risks": risk_registers.pack_section(committee, today),
        "data_quality": dq_summary(period) if committee.kind == Committee.Kind.AUDIT else None,
    }
    # Beside the indicators: each pillar's delivery plan actions, each exception's
    # improvement plan (or that it is missing).
    data["delivery"] = pack_actions.actions_by_pillar(data["summary"]["by_pillar"], period, today)
    data["plans"] = pack_actions.plans_for_exceptions(
        book, [row["id"] for row in exceptions], {i.pk: i.code for i in indicators}, period.end,
        today,
    )
    return data


def rules_in_words(red_periods: int) -> list[str]:
    """The appendix: the RAG rules in force, as the council's framework states them, with
    red for ``red_periods`` periods running (the council's setting for the pack's year)."""
    return [
        "Green: the actual meets or beats the target (by the indicator's polarity).",
        "Amber: short of the target but within the tolerance band: by default "
        f"{number_text(DEFAULT_TOLERANCE_PCT)}% of the target, unless the indicator or the council "
        "sets its own band or RAG policy (see the register).",
        "Red: beyond the tolerance band.",
        "Blue: the stretch target is met, where the council's policy rates it.",
        "Direction of travel compares the actual with the previous comparable period: the "
        "previous period for discrete indicators, the same period last year for cumulative "
        "year-to-date ones; it is not compared across a break in the series.",
        f"Exceptions: red; red for {red_periods} periods running (this one and the "
        f"{red_periods - 1} before it of the indicator's frequency, each red under its own "
        "rules); amber and deteriorating.",
        "Only signed-off (approved) results are shown. A figure corrected after an earlier "
        "report was issued is listed under corrections to figures reported earlier.",
    ]


# --- issuing -------------------------------------------------------------------------------

COMPARED = ["actual", "target", "rag_label", "direction", "commentary", "improvement_activity"]


def changes_since(previous: dict[str, Any] | None, data: dict[str, Any]) -> list[str]:
    """What changed, indicator by indicator, since the previous issued version."""
    if previous is None:
        return []
    before = {row["code"]: row for row in previous["indicators"]}
    after = {row["code"]: row for row in data["indicators"]}
    found = []
    for code in sorted(set(before) | set(after)):
        if code not in before:
            found.append(f"{code}: added to the pack")
        elif code not in after:
            found.append(f"{code}: no longer in the pack")
        else:
            for name in COMPARED:
                old, new = before[code].get(name, ""), after[code].get(name, "")
                if old != new:
                    label = name.replace("_label", "").replace("_", " ")
                    found.append(f"{code}: {label} {old or '(blank)'} → {new or '(blank)'}")
    return found


def issue_pack(committee: Committee, period: Period, user, today: date | None = None):
    """Issue (or reissue) the committee's pack: build it from signed-off results, store the
    HTML, the PDF and the data they show with a checksum, never to change, and lock the
    period's approved results (the reporting calendar's issue date)."""
    from django.db import transaction

    from governance import pack_render
    from governance.models import IssuedPack, ReportingPeriod
    from governance.pack_docx import render_docx
    from kpis import permissions

    if not permissions.is_performance_team(user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    today = today or timezone.localdate()
    data = pack_data(committee, period, today)
    with transaction.atomic():
        previous = (
            IssuedPack.objects.select_for_update()
            .filter(committee=committee, period=period.key).order_by("-version").first()
        )
        version = previous.version + 1 if previous else 1
        issued_on = date_text(today)
        html = pack_render.render_html(data, issued=True, version=version, issued_on=issued_on)
        pdf = pack_render.render_pdf(html)
        docx = render_docx(data, issued=True, version=version, issued_on=issued_on)
        pack = IssuedPack.objects.create(
            committee=committee, period=period.key, version=version,
            issued_at=timezone.now(), issued_by=user, data=data, html=html, pdf=pdf, docx=docx,
            checksum=pack_render.checksum(html, pdf, docx),
            changes=changes_since(previous.data if previous else None, data),
        )
        calendar, _ = ReportingPeriod.objects.get_or_create(
            period=period.key,
            defaults={"entry_deadline": today, "signoff_deadline": today, "issued_on": today},
        )
        if calendar.issued_on is None or calendar.issued_on > today:
            calendar.issued_on = today
            calendar.save(update_fields=["issued_on"])
    return pack
