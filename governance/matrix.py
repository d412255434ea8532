"""The reporting matrix: what goes to which board or committee, how often, from which
directorate (Wyre Forest's Appendix 2, "reporting arrangements for various Council and
Partnership plans and strategies"), derived from the committees' remits, never typed in.

``build_matrix`` is plain Python over what the remits selected; ``reporting_matrix`` feeds
it from the database in a fixed number of queries, and ``matrix_xlsx`` writes it through
the one spreadsheet writer (``kpis/exports.py``, which neutralises formulas).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

COUNCIL_WIDE = "Council-wide"


@dataclass(frozen=True)
class Board:
    """A board or committee as the matrix sees it: what its remit selected."""

    name: str
    kind: str
    schedule: str  # "Quarterly", "Six-monthly, at Q2 and Q4"
    indicator_ids: frozenset[int]
    exceptions_only: bool = False
    takes_finance: bool = False
    slug: str = ""  # for a link to the committee's page


@dataclass(frozen=True)
class PlanLinks:
    title: str
    kind: str
    directorate: str  # "" for a corporate plan
    indicator_ids: frozenset[int]
    pk: int | None = None  # for a link to the plan in the register


@dataclass(frozen=True)
class MatrixRow:
    what: str
    category: str  # "Indicators", "Plan or strategy", "Finance"
    board: str
    board_kind: str
    how_often: str
    directorate: str
    indicators: int
    board_slug: str = ""
    plan_pk: int | None = None


def build_matrix(
    boards: Iterable[Board], directorate_of: Mapping[int, str], plans: Iterable[PlanLinks],
) -> list[MatrixRow]:
    """One row for each directorate whose indicators a board receives, one for each plan
    at least one of whose indicators it receives, and one for the budget position where
    the board takes it; board by board, in the order given."""
    plans = list(plans)
    rows: list[MatrixRow] = []
    for board in boards:
        how_often = board.schedule + (" (exceptions only)" if board.exceptions_only else "")
        by_directorate: dict[str, int] = defaultdict(int)
        for indicator_id in board.indicator_ids:
            by_directorate[directorate_of.get(indicator_id, COUNCIL_WIDE)] += 1
        for directorate, count in sorted(by_directorate.items()):
            rows.append(MatrixRow(
                what="Performance indicators", category="Indicators", board=board.name,
                board_kind=board.kind, how_often=how_often, directorate=directorate,
                indicators=count, board_slug=board.slug,
            ))
        for plan in sorted(plans, key=lambda p: p.title):
            shared = plan.indicator_ids & board.indicator_ids
            if shared:
                rows.append(MatrixRow(
                    what=plan.title, category=plan.kind, board=board.name,
                    board_kind=board.kind, how_often=how_often,
                    directorate=plan.directorate or COUNCIL_WIDE, indicators=len(shared),
                    board_slug=board.slug, plan_pk=plan.pk,
                ))
        if board.takes_finance:
            rows.append(MatrixRow(
                what="Revenue budget position", category="Finance", board=board.name,
                board_kind=board.kind, how_often=board.schedule, directorate=COUNCIL_WIDE,
                indicators=0, board_slug=board.slug,
            ))
    return rows


HEADINGS = ["What is reported", "Type", "To", "Kind of board", "How often",
            "From directorate", "Indicators"]


def as_cells(row: MatrixRow) -> list[str | int | None]:
    return [row.what, row.category, row.board, row.board_kind, row.how_often,
            row.directorate, row.indicators or None]


def reporting_matrix() -> list[MatrixRow]:
    """The matrix for the council as its remits stand (a fixed number of queries)."""
    from governance.committees import candidates, remit_of
    from governance.models import Committee, PlanOrStrategy, RemitIndicator
    from kpis.models import Indicator, OrgUnit

    register = candidates()
    hand_picked: dict[int, set[int]] = defaultdict(set)
    for committee_id, indicator_id in RemitIndicator.objects.values_list(
        "committee_id", "indicator_id"
    ):
        hand_picked[committee_id].add(indicator_id)
    committees = Committee.objects.prefetch_related(
        "remit_pillars", "remit_org_units", "remit_portfolios"
    ).order_by("kind", "name")
    boards = []
    for committee in committees:
        remit = remit_of(committee, hand_picked[committee.pk])
        # An exceptions-only board receives whichever indicators are exceptions: the matrix
        # shows the indicators it may receive.
        remit = replace(remit, exceptions_only=False)
        boards.append(Board(
            name=committee.name, kind=committee.get_kind_display(),
            schedule=committee.schedule().describe(),
            indicator_ids=frozenset(remit.select(register)),
            exceptions_only=committee.exceptions_only, takes_finance=committee.takes_finance,
            slug=committee.slug,
        ))
    directorate_of = {
        pk: path.split(OrgUnit.SEPARATOR)[0]
        for pk, path in Indicator.objects.values_list("pk", "org_unit__path")
    }
    links: dict[int, set[int]] = defaultdict(set)
    for plan_id, indicator_id in PlanOrStrategy.indicators.through.objects.values_list(
        "planorstrategy_id", "indicator_id"
    ):
        links[plan_id].add(indicator_id)
    plans = [
        PlanLinks(title=p.title, kind=p.get_kind_display(),
                  directorate=p.directorate.name if p.directorate else "",
                  indicator_ids=frozenset(links[p.pk]), pk=p.pk)
        for p in PlanOrStrategy.objects.select_related("directorate")
    ]
    return build_matrix(boards, directorate_of, plans)


def matrix_xlsx(rows: list[MatrixRow], council: str) -> bytes:
    from kpis import exports

    workbook = exports.new_workbook()
    exports.add_sheet(
        workbook, "Reporting matrix", [HEADINGS, *[as_cells(r) for r in rows]],
        title_row=f"{council}: reporting matrix".lstrip(": "),
        widths=[40, 18, 40, 30, 28, 30, 12],
    )
    return exports.xlsx_bytes(workbook, title="Reporting matrix")
