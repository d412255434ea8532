"""How a figure, a tolerance, a period and a moment are written for people to read.

The one place for it: screens (through the ``figure`` template filter), history, packs,
charts and the downloads meant for people all ask this module, so a value reads the
same wherever it appears. Machine-readable files keep ``numbers.plain`` (exact, no
separators) and the period keys.

Figures
    ``£6,692,013``, ``87.6%``, ``2.21 days``, ``1 day``, ``1,234``: the unit, commas
    between thousands and the indicator's decimal places, rounded half up (87.65 to one
    place is 87.7, as councils and spreadsheets round; Python's default would give 87.6).
    Money follows the GOV.UK style guide: the £ before the figure, and no pence when
    there are none (£75, not £75.00). A negative value has an ASCII minus before
    everything, the £ included (``-£1,200``, ``-3.5%``): the style guide gives no glyph
    for a minus, and the hyphen-minus is the one a copied figure keeps as a number in a
    spreadsheet and that ``numbers.parse_decimal`` reads back. A value that rounds to
    zero is shown without a sign (``0.0%``, never ``-0.0%``).

Tolerances
    ``within 8.8 percentage points of the target`` (a band in a percentage's own units),
    ``within £5,000 of the target``, ``within 2 days of the target``, and for a band
    relative to the target's size ``within 5% of the target``.

Periods and moments
    ``Q2 2026/27``, ``September 2026``, ``2026/27`` (the period module's labels),
    ``30 November 2026`` and ``30 November 2026, 22:36`` on UK time.

Plain Python: no Django import.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from zoneinfo import ZoneInfo

from reporting.periods import Period, PeriodError

__all__ = [
    "ROUNDING", "UK_TIME", "UNITS", "band_text", "date_text", "default_places", "figure",
    "moment_text", "number_text", "period_label", "tolerance_text", "when_text",
]

ROUNDING = ROUND_HALF_UP
UK_TIME = ZoneInfo("Europe/London")

# The indicator units (kpis.models.Indicator.Unit) and the decimal places a new indicator
# of each unit is given when nobody says.
UNITS = ("percent", "number", "currency", "days", "ratio")
_DEFAULT_PLACES = {"percent": 1, "number": 0, "currency": 0, "days": 1, "ratio": 2}
MAX_PLACES = 6

_MONTHS = list(calendar.month_name)


def default_places(unit: str) -> int:
    """The decimal places an indicator measured in ``unit`` is shown to unless it says."""
    return _DEFAULT_PLACES.get(unit, 0)


def number_text(value: Decimal, places: int | None = None) -> str:
    """A number with commas between thousands: 6692013 -> '6,692,013'.

    ``places``: round half up to exactly that many decimal places (87.6 to 2 -> '87.60');
    ``None``: exactly as held, without trailing zeros (87.600 -> '87.6')."""
    with localcontext() as context:
        context.prec = 60
        if places is None:
            shown = value.normalize()
        else:
            places = max(0, min(int(places), MAX_PLACES))
            shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING)
        if shown.is_zero():
            shown = abs(shown)
        return format(shown, ",f")


def figure(
    value: Decimal | None, unit: str = "", places: int | None = None, *, missing: str = ""
) -> str:
    """A value as people read it, with its unit: '£6,692,013', '87.6%', '2.21 days'.

    ``places`` is the indicator's decimal places (``None``: the value exactly as held,
    as on a chart's axis). ``None`` as the value gives ``missing``: '' by default so a
    template's ``|default:"No figure"`` can say what is missing, or the caller's words.
    """
    if value is None:
        return missing
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    text = number_text(value, places)
    if unit == "currency" and places and text.endswith("." + "0" * places):
        text = text[: -(places + 1)]  # whole pounds: £75, not £75.00
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    if unit == "percent":
        return f"{sign}{digits}%"
    if unit == "currency":
        return f"{sign}£{digits}"
    if unit == "days":
        return f"{sign}{digits} day" if digits == "1" else f"{sign}{digits} days"
    return f"{sign}{digits}"


def band_text(width: Decimal, unit: str = "", places: int | None = None) -> str:
    """The width of a tolerance band in the indicator's own units: for a percentage,
    '8.8 percentage points' (a band of 8.8 around 87% runs from 78.2% to 95.8%, not
    8.8% of 87%); otherwise the figure, '£5,000', '2 days', '5'.

    A band that would round to nothing at the indicator's places is shown exactly."""
    width = abs(width)
    if places is not None and width and not width.quantize(
        Decimal(1).scaleb(-max(0, min(int(places), MAX_PLACES))), rounding=ROUNDING
    ):
        places = None
    if unit == "percent":
        text = number_text(width, places)
        return f"{text} percentage point" if text == "1" else f"{text} percentage points"
    return figure(width, unit, places)


def tolerance_text(
    *,
    absolute: Decimal | None = None,
    percent: Decimal | None = None,
    unit: str = "",
    places: int | None = None,
) -> str:
    """How close to the target still counts as amber: 'within 8.8 percentage points of
    the target', 'within £5,000 of the target', or relative to the target's size,
    'within 5% of the target'. An absolute band wins, as it does in the engine."""
    if absolute is not None:
        return f"within {band_text(absolute, unit, places)} of the target"
    if percent is not None:
        return f"within {number_text(abs(percent))}% of the target"
    return ""


def period_label(period: Period | str | None) -> str:
    """'Q2 2026/27', 'September 2026', '2026/27' for a period or its key; anything that
    is not a period is returned as it is (a heading never fails for a bad key)."""
    if period is None:
        return ""
    if isinstance(period, Period):
        return period.label
    try:
        return Period.parse(period).label
    except PeriodError:
        return str(period)


def date_text(day: date) -> str:
    """'30 November 2026' (a datetime gives its UK date)."""
    if isinstance(day, datetime):
        day = _uk(day)
    return f"{day.day} {_MONTHS[day.month]} {day.year}"


def moment_text(moment: datetime) -> str:
    """'30 November 2026, 22:36' on UK time (GMT or BST); a naive time is taken as UK."""
    local = _uk(moment)
    return f"{date_text(local.date())}, {local:%H:%M}"


def when_text(value: date | datetime | None, *, missing: str = "") -> str:
    """A date as '30 November 2026', a datetime as '30 November 2026, 22:36'."""
    if value is None:
        return missing
    if isinstance(value, datetime):
        return moment_text(value)
    return date_text(value)


def _uk(moment: datetime) -> datetime:
    return moment.astimezone(UK_TIME) if moment.tzinfo is not None else moment
