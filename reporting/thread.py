"""The golden thread as a tree: from the Corporate Plan's pillars through the indicators
that feed them, by the register's parent links, each with its RAG and direction of travel.

How the tree is made, stated once:

* The roots are the plan's pillars, in their order.
* An indicator with a parent in the tree sits under its parent. One without (its parent
  is not shown, or it has none) sits under each pillar it is linked to: Corporate Plan
  measures first, then the rest in a group for each level ("Service PIs not linked to a
  Corporate Plan measure"), so the gaps in the thread show. One linked to no pillar sits
  in a last branch, "Not linked to any pillar".
* Within a branch, indicators go by code.
* Beneath each branch it counts the red and amber indicators under it, however deep
  (``Counts``; the branch's own indicator is not beneath itself).
* A search keeps every node that matches (code or title, any case) with everything under
  it, and the branches that lead to it; nothing else.

Plain Python, no Django import: the rows come in as ``Entry`` and ``PillarEntry`` values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from reporting.engine import Direction, Rag
from reporting.periods import Period

# The register's levels, top down, with what the tree calls a group of each.
LEVELS = (
    ("corporate_plan_measure", "Corporate Plan measures"),
    ("corporate_kpi", "Corporate KPIs"),
    ("directorate_pi", "Directorate PIs"),
    ("service_pi", "Service PIs"),
    ("team_pi", "Team PIs"),
)
_LEVEL_ORDER = {level: n for n, (level, _) in enumerate(LEVELS)}
MEASURE_LEVEL = LEVELS[0][0]


class Kind(StrEnum):
    PILLAR = "pillar"
    GROUP = "group"
    INDICATOR = "indicator"


@dataclass(frozen=True)
class PillarEntry:
    id: int
    number: int
    title: str


@dataclass(frozen=True)
class Entry:
    """One indicator as the tree shows it, rated for the chosen period."""

    id: int
    code: str
    title: str
    level: str
    parent_id: int | None
    pillar_ids: tuple[int, ...]
    rag: Rag
    direction: Direction
    period: Period | None = None  # the period the rating is for (its latest by then)
    unit_path: str = ""


@dataclass(frozen=True)
class Counts:
    """The red and amber indicators beneath a branch."""

    red: int = 0
    amber: int = 0
    indicators: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.red + other.red, self.amber + other.amber,
                      self.indicators + other.indicators)

    @classmethod
    def of(cls, entry: Entry) -> Counts:
        return cls(red=int(entry.rag is Rag.RED), amber=int(entry.rag is Rag.AMBER),
                   indicators=1)


NOTHING = Counts()


@dataclass(frozen=True)
class Node:
    kind: Kind
    key: str  # unique in the tree: an indicator under two pillars has two nodes
    label: str
    entry: Entry | None = None
    children: tuple[Node, ...] = ()
    beneath: Counts = NOTHING
    matches: bool = False  # found by the search

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


def build(pillars: Sequence[PillarEntry], entries: Iterable[Entry],
          pillar_term: str = "pillar") -> list[Node]:
    """The tree (see the module's rules), with the counts beneath every branch."""
    entries = sorted(entries, key=lambda e: e.code)
    shown = {e.id for e in entries}
    children: dict[int, list[Entry]] = defaultdict(list)
    tops: list[Entry] = []
    for entry in entries:
        if entry.parent_id is not None and entry.parent_id in shown:
            children[entry.parent_id].append(entry)
        else:
            tops.append(entry)
    tops += _loops(entries, tops, children)
    placed: set[int] = set()  # guards against a loop in the parent links

    def grow(entry: Entry, path: str) -> Node:
        key = f"{path}-i{entry.id}"
        placed.add(entry.id)
        kids = tuple(grow(c, key) for c in children[entry.id] if c.id not in placed)
        placed.discard(entry.id)
        return Node(Kind.INDICATOR, key, f"{entry.code} {entry.title}", entry, kids)

    pillar_ids = {p.id for p in pillars}
    roots = []
    for pillar in sorted(pillars, key=lambda p: p.number):
        mine = [e for e in tops if pillar.id in e.pillar_ids]
        key = f"p{pillar.id}"
        label = f"{pillar_term.capitalize()} {pillar.number}: {pillar.title}"
        roots.append(Node(Kind.PILLAR, key, label, children=_by_level(mine, key, grow)))
    unlinked = [e for e in tops if not pillar_ids.intersection(e.pillar_ids)]
    if unlinked:
        roots.append(Node(Kind.PILLAR, "unlinked", f"Not linked to any {pillar_term}",
                          children=_by_level(unlinked, "unlinked", grow, measures_apart=False)))
    return [counted(root) for root in roots]


def _loops(entries: list[Entry], tops: list[Entry], children: dict[int, list[Entry]]
           ) -> list[Entry]:
    """Indicators no top reaches (their parent links go round in a loop, which the
    register refuses but old data may hold): the first by code of each loop, as a top."""
    reached: set[int] = set()

    def reach(entry: Entry) -> None:
        stack = [entry]
        while stack:
            node = stack.pop()
            if node.id not in reached:
                reached.add(node.id)
                stack += children[node.id]

    for top in tops:
        reach(top)
    extra = []
    for entry in entries:  # by code
        if entry.id not in reached:
            extra.append(entry)
            reach(entry)
    return extra


def _by_level(entries: list[Entry], path: str, grow: Callable[[Entry, str], Node],
              measures_apart: bool = True) -> tuple[Node, ...]:
    """Corporate Plan measures as they are; the rest in a group for each level."""
    nodes: list[Node] = []
    if measures_apart:
        nodes += [grow(e, path) for e in entries if e.level == MEASURE_LEVEL]
        entries = [e for e in entries if e.level != MEASURE_LEVEL]
    by_level: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_level[entry.level].append(entry)
    for level, name in LEVELS:
        if by_level[level]:
            key = f"{path}-{level}"
            label = (f"{name} not linked to a Corporate Plan measure" if measures_apart
                     else name)
            nodes.append(Node(Kind.GROUP, key, label,
                              children=tuple(grow(e, key) for e in by_level[level])))
    return tuple(nodes)


def counted(node: Node) -> Node:
    """The node with the red and amber counts beneath it and every branch under it."""
    children = tuple(counted(child) for child in node.children)
    beneath = NOTHING
    for child in children:
        beneath += child.beneath
        if child.entry is not None:
            beneath += Counts.of(child.entry)
    return replace(node, children=children, beneath=beneath)


def search(nodes: Sequence[Node], text: str) -> list[Node]:
    """The nodes that match ``text`` (code or title, any case) with everything under them,
    and the branches that lead to them; counts are kept as they were, the whole branch's."""
    wanted = text.strip().casefold()
    if not wanted:
        return list(nodes)
    found = []
    for node in nodes:
        kept = _kept(node, wanted)
        if kept is not None:
            found.append(kept)
    return found


def _matches(node: Node, wanted: str) -> bool:
    if node.entry is None:
        return False
    return wanted in node.entry.code.casefold() or wanted in node.entry.title.casefold()


def _kept(node: Node, wanted: str) -> Node | None:
    if _matches(node, wanted):
        return replace(node, matches=True, children=tuple(
            _marked(child, wanted) for child in node.children))
    children = tuple(k for c in node.children if (k := _kept(c, wanted)) is not None)
    if not children:
        return None
    return replace(node, children=children)


def _marked(node: Node, wanted: str) -> Node:
    """Everything under a match is kept; the matches among it are marked."""
    return replace(node, matches=_matches(node, wanted),
                   children=tuple(_marked(c, wanted) for c in node.children))


# --- the tree as the page draws it: one row per node, in order -----------------------------


class Opened(StrEnum):
    """Which branches start open."""

    PILLARS = "pillars"  # the pillars, nothing under them (the default)
    ALL = "all"
    NONE = "none"
    FOUND = "found"  # the branches leading to a search's matches


@dataclass(frozen=True)
class Row:
    node: Node
    depth: int
    open: bool
    closes: tuple[int, ...] = field(default=())  # branches that end after this row

    @property
    def is_branch(self) -> bool:
        return bool(self.node.children)


def rows(nodes: Sequence[Node], opened: Opened) -> list[Row]:
    """The tree in document order, for a page to draw nested lists without recursion: a
    branch's row opens its list, and ``closes`` says how many lists end after a row."""
    found: list[Row] = []

    def visit(node: Node, depth: int) -> None:
        is_open = bool(node.children) and (
            opened is Opened.ALL
            or (opened is Opened.PILLARS and node.kind is Kind.PILLAR)
            # open down to each match; what is under a match but did not match stays shut
            or (opened is Opened.FOUND
                and any(n.matches for child in node.children for n in child.walk()))
        )
        found.append(Row(node, depth, is_open))
        for child in node.children:
            visit(child, depth + 1)
        if node.children:
            last = found[-1]
            found[-1] = replace(last, closes=(*last.closes, depth))

    for node in nodes:
        visit(node, 0)
    return found


def totals(nodes: Sequence[Node]) -> Counts:
    """Red and amber across the whole tree, each indicator once (one under two pillars
    is counted once)."""
    seen: dict[int, Entry] = {}
    for root in nodes:
        for node in root.walk():
            if node.entry is not None:
                seen[node.entry.id] = node.entry
    total = NOTHING
    for entry in seen.values():
        total += Counts.of(entry)
    return total
