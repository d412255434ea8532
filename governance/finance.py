"""The quarterly revenue budget position, read from the finance system's export. Plain
Python.

Herefordshire reports a quarterly "Budget & Performance Report"; North West
Leicestershire reports the financial position to Cabinet each quarter. The finance
system exports one row per directorate (a total) or per service within it: the budget,
the forecast outturn and, if it likes, the variance and a commentary. Everything is
checked before anything is kept, and every problem names its row; one problem and
nothing is changed (``governance/finance_import.py`` keeps what is checked here).

Columns (the header row, in any order, any case):
    directorate, service (blank: the directorate's total or a line of its own),
    budget, forecast (the forecast outturn), variance (optional: checked against
    forecast - budget), commentary (optional).

Variance is forecast outturn minus budget: positive is an overspend, negative an
underspend, as councils' budget monitoring reports show it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from reporting.numbers import NumberError, parse_decimal

REQUIRED = ("directorate", "budget", "forecast")
OPTIONAL = ("service", "variance", "commentary")
ALIASES = {
    "forecast outturn": "forecast",
    "forecast_outturn": "forecast",
    "outturn": "forecast",
    "revenue budget": "budget",
    "current budget": "budget",
    "budget (£)": "budget",
    "forecast (£)": "forecast",
    "variance (£)": "variance",
}
MAX_COMMENTARY = 2000


@dataclass(frozen=True)
class Unit:
    """An organisation unit as the import sees it."""

    id: int
    name: str
    directorate: str  # its directorate's name (itself for a directorate)
    is_directorate: bool


@dataclass(frozen=True)
class FinanceRow:
    """One row of the export, as it is kept."""

    row: int
    directorate_id: int
    service_id: int | None
    budget: Decimal
    forecast: Decimal
    commentary: str = ""

    @property
    def variance(self) -> Decimal:
        return variance(self.budget, self.forecast)


def variance(budget: Decimal, forecast: Decimal) -> Decimal:
    """Forecast outturn minus budget: an overspend is positive."""
    return forecast - budget


def variance_percent(budget: Decimal, forecast: Decimal) -> Decimal | None:
    """The variance as a percentage of the budget, to one place (none on a nil budget)."""
    if budget == 0:
        return None
    return (variance(budget, forecast) * 100 / abs(budget)).quantize(Decimal("0.1"))


def column_name(header: str) -> str:
    name = " ".join(header.strip().lower().split())
    return ALIASES.get(name, name)


def read_rows(
    columns: Sequence[str], rows: Iterable[tuple[int, Mapping[str, str]]],
    units: Iterable[Unit],
) -> tuple[list[FinanceRow], list[str]]:
    """The rows checked against the council's directorates and services: what to keep,
    and every problem found ("Row 4: ..."). Keep nothing unless the problems are none."""
    names = {column_name(c): c for c in columns}
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        return [], [f"The file has no {', '.join(missing)} column: the first row must name "
                    f"the columns {', '.join(REQUIRED + OPTIONAL)}"]
    directorates = {u.name.lower(): u for u in units if u.is_directorate}
    services: dict[tuple[str, str], Unit] = {}
    for unit in units:
        if not unit.is_directorate:
            services[(unit.directorate.lower(), unit.name.lower())] = unit
    kept: list[FinanceRow] = []
    problems: list[str] = []
    seen: dict[tuple[int, int | None], int] = {}
    count = 0
    for number, cells in rows:
        count += 1

        def cell(name: str, cells: Mapping[str, str] = cells) -> str:
            return cells.get(names[name], "").strip() if name in names else ""

        found = _row_problems(number, cell, directorates, services)
        if isinstance(found, list):
            problems.extend(found)
            continue
        key = (found.directorate_id, found.service_id)
        if key in seen:
            problems.append(f"Row {number}: the same directorate and service as row {seen[key]}")
            continue
        seen[key] = number
        kept.append(found)
    if count == 0:
        problems.append("The file has no rows of figures")
    return kept, problems


def _row_problems(
    number: int, cell: Callable[[str], str], directorates: Mapping[str, Unit],
    services: Mapping[tuple[str, str], Unit],
) -> FinanceRow | list[str]:
    problems = []
    directorate_name = cell("directorate")
    service_name = cell("service")
    directorate = directorates.get(directorate_name.lower())
    service = None
    if not directorate_name:
        problems.append(f"Row {number}: enter the directorate")
    elif directorate is None:
        problems.append(f"Row {number}: there is no directorate called '{directorate_name}'")
    elif service_name:
        service = services.get((directorate_name.lower(), service_name.lower()))
        if service is None:
            problems.append(
                f"Row {number}: {directorate.name} has no service called '{service_name}'"
            )
    figures: dict[str, Decimal] = {}
    for name, words in (("budget", "budget"), ("forecast", "forecast outturn"),
                        ("variance", "variance")):
        text = cell(name)
        if not text:
            if name != "variance":
                problems.append(f"Row {number}: enter the {words}")
            continue
        try:
            figures[name] = parse_decimal(_pounds(text), unit="currency", code="this figure")
        except NumberError as error:
            problems.append(f"Row {number}, {words}: {error}")
    commentary = cell("commentary")
    if len(commentary) > MAX_COMMENTARY:
        problems.append(
            f"Row {number}: the commentary is longer than {MAX_COMMENTARY:,} characters"
        )
    if "budget" in figures and "forecast" in figures and "variance" in figures:
        expected = variance(figures["budget"], figures["forecast"])
        if figures["variance"] != expected:
            problems.append(
                f"Row {number}: the variance {_money(figures['variance'])} is not the "
                f"forecast outturn less the budget ({_money(expected)})"
            )
    if problems or directorate is None:
        return problems
    return FinanceRow(
        row=number, directorate_id=directorate.id,
        service_id=service.id if service else None,
        budget=figures["budget"], forecast=figures["forecast"], commentary=commentary,
    )


def _pounds(text: str) -> str:
    """Finance systems write a negative in brackets: (1,200) is -1,200."""
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        return "-" + text[1:-1]
    return text


def _money(value: Decimal) -> str:
    from reporting.formatting import figure

    return figure(value, "currency", 2)


@dataclass(frozen=True)
class Position:
    """A directorate's or a service's position: the figures and how far off budget."""

    name: str
    budget: Decimal
    forecast: Decimal
    commentary: str = ""
    is_total: bool = False

    @property
    def variance(self) -> Decimal:
        return variance(self.budget, self.forecast)

    @property
    def variance_percent(self) -> Decimal | None:
        return variance_percent(self.budget, self.forecast)

    @property
    def direction(self) -> str:
        if self.variance > 0:
            return "Overspend"
        if self.variance < 0:
            return "Underspend"
        return "On budget"

    @property
    def summary(self) -> str:
        """The position in words, as the screens show it: "Overspend of 1.8% of budget",
        "Underspend of less than 0.1% of budget", "On budget". The sign is in the word, so
        the percentage is given without it."""
        percent = self.variance_percent
        if not self.variance or percent is None:
            return self.direction
        if not percent:
            return f"{self.direction} of less than 0.1% of budget"
        return f"{self.direction} of {abs(percent)}% of budget"


def total(name: str, positions: Iterable[Position]) -> Position:
    """The sum of positions, e.g. a directorate's services or the council's directorates."""
    items = list(positions)
    return Position(
        name=name, budget=sum((p.budget for p in items), Decimal(0)),
        forecast=sum((p.forecast for p in items), Decimal(0)), is_total=True,
    )
