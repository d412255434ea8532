"""Reporting periods on the UK financial year (1 April to 31 March).

The one period module: every screen, import, export and report asks this file
what a period is called, when it starts and ends, and which period came before.

Canonical keys (stored in the database and used in files and URLs):
    ``2025-26``     the financial year 1 April 2025 to 31 March 2026
    ``2025-26-Q2``  a quarter of it: July to September 2025
    ``2025-10``     a calendar month: October 2025 (financial year 2025-26)

Labels shown to people: ``2025/26``, ``Q2 2025/26``, ``October 2025``.

Plain Python: no Django import.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


_YEAR_RE = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER_RE = re.compile(r"^(\d{4})-(\d{2})-Q([1-4])$")
_MONTH_NAMES = list(calendar.month_name)
_MONTH_NUMBERS = {name[:3].lower(): number for number, name in enumerate(_MONTH_NAMES) if name}
_QUARTER_LABEL_RE = re.compile(r"[Qq]([1-4]) (\d{4})/(\d{2})", re.ASCII)
_YEAR_LABEL_RE = re.compile(r"(\d{4})/(\d{2})", re.ASCII)
_MONTH_LABEL_RE = re.compile(r"([A-Za-z]{3,9}) (\d{4})", re.ASCII)


class PeriodError(ValueError):
    """A period key that does not name a real period."""


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period.

    ``year`` is the calendar year in which the financial year starts (2025 for
    2025/26). ``index`` is 1 for a year, 1-4 for a quarter, 1-12 for a month
    counted from April (April = 1, March = 12).

    Ordering compares (year, frequency, index) and is only meaningful between
    periods of the same frequency; use ``end`` to order mixed frequencies.

    Periods are a small finite set and are asked the same questions many times
    over when a whole register is rated, so the dates and the hash are worked out
    once when a period is made, and the module's own ways of making one (``parse``,
    ``shift``, ``fy`` ...) hand back the same instance for the same period.
    """

    year: int
    frequency: Frequency
    index: int = 1
    _start: date = field(init=False, repr=False, compare=False)
    _end: date = field(init=False, repr=False, compare=False)
    _hash: int = field(init=False, repr=False, compare=False)
    _fy: Period = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 1 <= self.index <= _per_year(self.frequency):
            raise PeriodError(f"{self.frequency} period index {self.index} is out of range")
        if not 1900 <= self.year <= 2999:
            raise PeriodError(f"financial year {self.year} is out of range")
        start, end = _bounds(self.year, self.frequency, self.index)
        object.__setattr__(self, "_start", start)
        object.__setattr__(self, "_end", end)
        object.__setattr__(self, "_hash", hash((self.year, self.frequency, self.index)))
        object.__setattr__(
            self, "_fy", self if self.frequency is Frequency.ANNUAL else _make(
                self.year, Frequency.ANNUAL, 1
            )
        )

    def __hash__(self) -> int:
        return self._hash

    # --- construction -------------------------------------------------------

    @classmethod
    def parse(cls, key: str) -> Period:
        """Read a canonical key such as ``2025-26``, ``2025-26-Q2`` or ``2025-10``.

        Each key is read once: the answer is remembered (a wrong key is not)."""
        try:
            return _parse(key.strip() if isinstance(key, str) else "")
        except _NotAPeriod:
            raise PeriodError(
                f"'{key}' is not a period: use 2025-26 for a year, 2025-26-Q2 for a "
                "quarter or 2025-10 for a month"
            ) from None

    @classmethod
    def from_label(cls, text: str) -> Period:
        """Read a period as people write it, the way ``label`` writes it: ``Q2 2025/26``,
        ``2025/26``, ``October 2025`` (or ``Oct 2025``); any case, spaces trimmed. A
        canonical key is read too, so a file may hold either."""
        cleaned = " ".join(text.split()) if isinstance(text, str) else ""
        match = _QUARTER_LABEL_RE.fullmatch(cleaned)
        if match:
            start = int(match.group(2))
            _check_year_suffix(cleaned, start, match.group(3))
            return _make(start, Frequency.QUARTERLY, int(match.group(1)))
        match = _YEAR_LABEL_RE.fullmatch(cleaned)
        if match:
            start = int(match.group(1))
            _check_year_suffix(cleaned, start, match.group(2))
            return _make(start, Frequency.ANNUAL, 1)
        match = _MONTH_LABEL_RE.fullmatch(cleaned)
        if match:
            word = match.group(1).lower()
            month = _MONTH_NUMBERS.get(word[:3])
            if month is not None and _MONTH_NAMES[month].lower().startswith(word):
                return cls.month(int(match.group(2)), month)
        try:
            return cls.parse(cleaned)
        except PeriodError:
            raise PeriodError(
                f"'{text}' is not a period: write Q2 2025/26 for a quarter, 2025/26 for a "
                "year or October 2025 for a month"
            ) from None

    @classmethod
    def financial_year(cls, year: int) -> Period:
        return _make(year, Frequency.ANNUAL, 1)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return _make(year, Frequency.QUARTERLY, quarter)

    @classmethod
    def month(cls, calendar_year: int, month: int) -> Period:
        """The period for a calendar month, e.g. ``Period.month(2026, 1)`` is January 2026."""
        if not 1 <= month <= 12:
            raise PeriodError(f"month {month} is out of range")
        if month >= 4:
            return _make(calendar_year, Frequency.MONTHLY, month - 3)
        return _make(calendar_year - 1, Frequency.MONTHLY, month + 9)

    @classmethod
    def containing(cls, day: date, frequency: Frequency) -> Period:
        """The period of the given frequency that contains ``day``."""
        fy = day.year if day.month >= 4 else day.year - 1
        if frequency is Frequency.ANNUAL:
            return _make(fy, Frequency.ANNUAL, 1)
        if frequency is Frequency.QUARTERLY:
            return _make(fy, Frequency.QUARTERLY, (((day.month - 4) % 12) // 3) + 1)
        return cls.month(day.year, day.month)

    @classmethod
    def latest_ended(cls, today: date, frequency: Frequency) -> Period:
        """The most recent period of this frequency that ended before ``today``."""
        return cls.containing(today, frequency).previous()

    # --- names ---------------------------------------------------------------

    @property
    def key(self) -> str:
        if self.frequency is Frequency.ANNUAL:
            return f"{self.year}-{(self.year + 1) % 100:02d}"
        if self.frequency is Frequency.QUARTERLY:
            return f"{self.year}-{(self.year + 1) % 100:02d}-Q{self.index}"
        return f"{self.calendar_year}-{self.calendar_month:02d}"

    @property
    def label(self) -> str:
        year_label = f"{self.year}/{(self.year + 1) % 100:02d}"
        if self.frequency is Frequency.ANNUAL:
            return year_label
        if self.frequency is Frequency.QUARTERLY:
            return f"Q{self.index} {year_label}"
        return f"{_MONTH_NAMES[self.calendar_month]} {self.calendar_year}"

    def __str__(self) -> str:
        return self.key

    # --- calendar ------------------------------------------------------------

    @property
    def calendar_month(self) -> int:
        """For a month: 1-12 as on a calendar (January = 1)."""
        return (self.index + 2) % 12 + 1

    @property
    def calendar_year(self) -> int:
        """For a month: the calendar year it falls in."""
        return self.year if self.index <= 9 else self.year + 1

    @property
    def start(self) -> date:
        return self._start

    @property
    def end(self) -> date:
        return self._end

    @property
    def fy(self) -> Period:
        """The financial year this period belongs to."""
        return self._fy

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def has_ended(self, today: date) -> bool:
        return self.end < today

    # --- neighbours ------------------------------------------------------------

    def shift(self, steps: int) -> Period:
        """The period ``steps`` periods of the same frequency later (earlier if negative)."""
        return _shift(self.year, self.frequency, self.index, steps)

    def previous(self) -> Period:
        """The previous period of the same frequency (Q1 follows the previous year's Q4)."""
        return self.shift(-1)

    def next(self) -> Period:
        return self.shift(1)

    def same_period_last_year(self) -> Period:
        return _make(self.year - 1, self.frequency, self.index)

    def periods_of(self, frequency: Frequency) -> list[Period]:
        """The periods of ``frequency`` that fall inside this one, in order."""
        first = Period.containing(self.start, frequency)
        found = []
        current = first
        while current.end <= self.end:
            found.append(current)
            current = current.next()
        return found


def _per_year(frequency: Frequency) -> int:
    if frequency is Frequency.MONTHLY:
        return 12
    return 4 if frequency is Frequency.QUARTERLY else 1


def _calendar_month(year: int, index: int) -> tuple[int, int]:
    """The calendar year and month of the ``index``th month of financial year ``year``."""
    return (year if index <= 9 else year + 1), (index + 2) % 12 + 1


@cache
def _bounds(year: int, frequency: Frequency, index: int) -> tuple[date, date]:
    """The first and last day of a period (called once per period)."""
    if frequency is Frequency.ANNUAL:
        return date(year, 4, 1), date(year + 1, 3, 31)
    first, last = (index, index) if frequency is Frequency.MONTHLY else (
        (index - 1) * 3 + 1, index * 3
    )
    start_year, start_month = _calendar_month(year, first)
    end_year, end_month = _calendar_month(year, last)
    days = calendar.monthrange(end_year, end_month)[1]
    return date(start_year, start_month, 1), date(end_year, end_month, days)


# Unbounded caches are safe: there are at most 17 periods in each of 1,100 years, and
# a key that does not name a period raises before anything is remembered.
@cache
def _make(year: int, frequency: Frequency, index: int) -> Period:
    """The one instance of a period."""
    return Period(year, frequency, index)


@cache
def _shift(year: int, frequency: Frequency, index: int, steps: int) -> Period:
    per_year = _per_year(frequency)
    shifted_year, offset = divmod(year * per_year + (index - 1) + steps, per_year)
    return _make(shifted_year, frequency, offset + 1)


class _NotAPeriod(Exception):
    """Raised inside ``_parse`` so that nothing is remembered for a wrong key."""


@cache
def _parse(text: str) -> Period:
    match = _QUARTER_RE.match(text)
    if match:
        start = int(match.group(1))
        _check_year_suffix(text, start, match.group(2))
        return _make(start, Frequency.QUARTERLY, int(match.group(3)))
    match = _YEAR_RE.match(text)
    if match:
        first, second = int(match.group(1)), int(match.group(2))
        if second == (first + 1) % 100:
            return _make(first, Frequency.ANNUAL, 1)
        if 1 <= second <= 12:
            return Period.month(first, second)
    raise _NotAPeriod


def _check_year_suffix(key: str, start: int, suffix: str) -> None:
    if int(suffix) != (start + 1) % 100:
        raise PeriodError(f"'{key}' is not a financial year: {start} is followed by {start + 1}")


def parse_period(key: str) -> Period:
    return Period.parse(key)
