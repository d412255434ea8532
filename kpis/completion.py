"""Completion of the current period's returns, by directorate and service: the rule.

The counts come from the database in one grouped query (``kpis.worklist.completion``);
this module turns them into the rows a performance team reads (each directorate, its
services, a total) and the percentages beside them. Plain Python: no Django import.

What the counts mean, for each live indicator whose results are entered (not rolled up)
in the latest period of its frequency that has ended:

* **due**: every such indicator: one return each;
* **entered**: a figure has been entered (a draft with an actual, or anything submitted);
* **submitted**: submitted for sign-off, or already signed off;
* **approved**: signed off;
* **overdue**: not submitted by its entry deadline, or not signed off by its sign-off
  deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


def percent(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` as a whole percentage, rounded half up; None when nothing is
    due.

    Never 100 until every return is in, and never 0 once one is: a performance team
    chasing the last return must not be told a service is at 100%, nor that a service
    that has started is at 0%.
    """
    if whole <= 0:
        return None
    if part <= 0:
        return 0
    if part >= whole:
        return 100
    rounded = int((Decimal(100) * part / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return min(max(rounded, 1), 99)


@dataclass(frozen=True)
class Counts:
    due: int = 0
    entered: int = 0
    submitted: int = 0
    approved: int = 0
    overdue: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.due + other.due,
            self.entered + other.entered,
            self.submitted + other.submitted,
            self.approved + other.approved,
            self.overdue + other.overdue,
        )

    @property
    def entered_percent(self) -> int | None:
        return percent(self.entered, self.due)

    @property
    def submitted_percent(self) -> int | None:
        return percent(self.submitted, self.due)

    @property
    def approved_percent(self) -> int | None:
        return percent(self.approved, self.due)

    @property
    def overdue_percent(self) -> int | None:
        return percent(self.overdue, self.due)


@dataclass(frozen=True)
class Group:
    """The counts for one directorate and service (None: the directorate's own indicators,
    held at directorate level rather than in a service)."""

    directorate_id: int
    directorate: str
    service_id: int | None
    service: str | None
    counts: Counts


@dataclass(frozen=True)
class CompletionRow:
    """A row of the completion table: a directorate (with its services' sums), one of its
    services, the directorate's own indicators, or the council's total."""

    kind: str  # "directorate", "service", "own" or "total"
    name: str
    counts: Counts
    directorate_id: int | None = None
    service_id: int | None = None

    @property
    def is_total(self) -> bool:
        return self.kind in ("directorate", "total")


OWN_INDICATORS = "Held at directorate level"


@dataclass
class _Directorate:
    id: int
    name: str
    counts: Counts = field(default_factory=Counts)
    rows: list[CompletionRow] = field(default_factory=list)


def completion_rows(groups: Iterable[Group]) -> list[CompletionRow]:
    """Each directorate (its sum first, then its services by name), then the total.

    A directorate's own indicators come after its services, named as such."""
    directorates: dict[int, _Directorate] = {}
    for group in groups:
        found = directorates.setdefault(
            group.directorate_id, _Directorate(group.directorate_id, group.directorate)
        )
        found.counts += group.counts
        found.rows.append(CompletionRow(
            kind="service" if group.service_id is not None else "own",
            name=group.service if group.service is not None else OWN_INDICATORS,
            counts=group.counts,
            directorate_id=group.directorate_id,
            service_id=group.service_id,
        ))
    rows: list[CompletionRow] = []
    total = Counts()
    for directorate in sorted(directorates.values(), key=lambda d: d.name.casefold()):
        total += directorate.counts
        rows.append(CompletionRow("directorate", directorate.name, directorate.counts,
                                  directorate_id=directorate.id))
        rows += sorted(directorate.rows, key=lambda r: (r.kind == "own", r.name.casefold()))
    rows.append(CompletionRow("total", "All directorates", total))
    return rows
