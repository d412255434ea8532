"""The golden thread as a tree (reporting/thread.py): where each indicator sits, the red and
amber beneath each branch, the search, and the rows a page draws."""

from __future__ import annotations

import pytest

from reporting.engine import Direction, Rag
from reporting.thread import (
    Counts,
    Entry,
    Kind,
    Opened,
    PillarEntry,
    build,
    rows,
    search,
    totals,
)

R, A, G, N = Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NO_DATA
PILLARS = [PillarEntry(20, 2, "Children and families"), PillarEntry(10, 1, "Open for business")]
LEVEL = {"CP": "corporate_plan_measure", "K": "corporate_kpi", "D": "directorate_pi",
         "S": "service_pi", "T": "team_pi"}


def entry(id_, code, rag=G, parent=None, pillars=(10,), title=None):
    level = LEVEL[code.rstrip("0123456789")]
    return Entry(id=id_, code=code, title=title or f"Title of {code}", level=level,
                 parent_id=parent, pillar_ids=tuple(pillars), rag=rag,
                 direction=Direction.IMPROVING)


# Pillar 1: CP1 (amber) <- K1 (red) <- S1 (red), S2 (amber); K2 (green); a team PI and a
# service PI not linked to a measure (S3 <- T1 red). Pillar 2: CP2 (green). D1 in no pillar.
REGISTER = [
    entry(1, "CP1", A), entry(2, "K1", R, parent=1), entry(3, "S1", R, parent=2),
    entry(4, "S2", A, parent=2), entry(5, "K2", G, parent=1),
    entry(6, "S3", G), entry(7, "T1", R, parent=6), entry(8, "T2", N),
    entry(9, "CP2", G, pillars=(20,)), entry(11, "D1", A, pillars=()),
]


def shape(nodes, depth=0):
    """The tree as indented labels, with the counts beneath each branch."""
    lines = []
    for node in nodes:
        name = node.entry.code if node.entry else node.label
        counted = (f" [{node.beneath.red} red, {node.beneath.amber} amber]"
                   if node.children else "")
        lines.append("  " * depth + name + counted)
        lines += shape(node.children, depth + 1)
    return lines


def test_the_thread_runs_from_the_pillars_by_the_parent_links():
    assert shape(build(PILLARS, REGISTER)) == [
        "Pillar 1: Open for business [3 red, 2 amber]",
        "  CP1 [2 red, 1 amber]",
        "    K1 [1 red, 1 amber]",
        "      S1",
        "      S2",
        "    K2",
        "  Service PIs not linked to a Corporate Plan measure [1 red, 0 amber]",
        "    S3 [1 red, 0 amber]",
        "      T1",
        "  Team PIs not linked to a Corporate Plan measure [0 red, 0 amber]",
        "    T2",
        "Pillar 2: Children and families [0 red, 0 amber]",
        "  CP2",
        "Not linked to any pillar [0 red, 1 amber]",
        "  Directorate PIs [0 red, 1 amber]",
        "    D1",
    ]


def test_the_councils_word_for_a_pillar_is_used():
    roots = build(PILLARS, REGISTER, pillar_term="ambition")
    assert [r.label for r in roots] == [
        "Ambition 1: Open for business", "Ambition 2: Children and families",
        "Not linked to any ambition",
    ]


@pytest.mark.parametrize(("rags", "expected"), [
    ([], Counts(0, 0, 0)),
    ([G, G], Counts(0, 0, 2)),
    ([R, A, A, G, N], Counts(1, 2, 5)),
    ([Rag.BLUE, Rag.BASELINE, Rag.NO_TARGET], Counts(0, 0, 3)),
])
def test_a_branch_counts_the_red_and_amber_beneath_it(rags, expected):
    register = [entry(1, "CP1", R)] + [
        entry(n, f"K{n}", rag, parent=1) for n, rag in enumerate(rags, start=2)
    ]
    [pillar, *_] = build(PILLARS, register)
    measure = pillar.children[0]
    assert measure.beneath == expected  # its own red is not beneath itself
    assert pillar.beneath == expected + Counts(1, 0, 1)


def test_the_counts_reach_down_every_level():
    deep = [entry(1, "CP1", G)] + [
        entry(n, f"K{n}", R, parent=n - 1) for n in range(2, 8)
    ]
    [pillar, *_] = build(PILLARS, deep)
    assert pillar.beneath == Counts(6, 0, 7)
    assert pillar.children[0].children[0].beneath == Counts(5, 0, 5)


def test_an_indicator_under_two_pillars_is_in_both_and_counted_once_in_all():
    both = [entry(1, "CP1", R, pillars=(10, 20))]
    roots = build(PILLARS, both)
    keys = [n.key for root in roots for n in root.walk() if n.entry]
    assert len(keys) == 2 and len(set(keys)) == 2
    assert [r.beneath.red for r in roots] == [1, 1]
    assert totals(roots) == Counts(1, 0, 1)


def test_an_indicator_whose_parent_is_not_shown_sits_under_its_pillar():
    # K1's parent (a retired measure) is not in the tree.
    assert shape(build(PILLARS, [entry(2, "K1", R, parent=99)]))[:3] == [
        "Pillar 1: Open for business [1 red, 0 amber]",
        "  Corporate KPIs not linked to a Corporate Plan measure [1 red, 0 amber]",
        "    K1",
    ]


def test_a_loop_in_the_parent_links_is_shown_once_not_lost():
    loop = [entry(1, "K1", R, parent=2), entry(2, "K2", A, parent=1)]
    lines = shape(build(PILLARS, loop))
    assert lines[1:4] == [
        "  Corporate KPIs not linked to a Corporate Plan measure [1 red, 1 amber]",
        "    K1 [0 red, 1 amber]",
        "      K2",
    ]


def test_a_pillar_with_nothing_linked_has_no_branches():
    roots = build(PILLARS, [])
    assert [(r.label, r.children, r.beneath) for r in roots] == [
        ("Pillar 1: Open for business", (), Counts()),
        ("Pillar 2: Children and families", (), Counts()),
    ]


# --- search ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # A match keeps the branches that lead to it...
    ("S2", ["Pillar 1: Open for business", "  CP1", "    K1", "      S2"]),
    # ...and everything beneath it.
    ("k1", ["Pillar 1: Open for business", "  CP1", "    K1", "      S1", "      S2"]),
    # By title, in any case; the group leading to a match is kept.
    ("TITLE OF T1", ["Pillar 1: Open for business",
                     "  Service PIs not linked to a Corporate Plan measure", "    S3",
                     "      T1"]),
    ("D1", ["Not linked to any pillar", "  Directorate PIs", "    D1"]),
    ("no such thing", []),
    # Nothing to search for: the whole tree.
    ("  ", None),
])
def test_a_search_keeps_the_matches_and_the_branches_that_lead_to_them(text, expected):
    tree = build(PILLARS, REGISTER)
    found = search(tree, text)
    names = [line.split(" [")[0] for line in shape(found)]
    if expected is None:
        assert found == tree
    else:
        assert names == expected


def test_a_search_marks_the_matches_and_keeps_each_branchs_whole_counts():
    found = search(build(PILLARS, REGISTER), "S2")
    marked = [n.entry.code for root in found for n in root.walk() if n.matches]
    assert marked == ["S2"]
    assert found[0].beneath == Counts(3, 2, 8)  # the whole pillar, not just what is shown


# --- the rows a page draws ---------------------------------------------------------------------

def drawn(found, opened):
    return [
        (row.node.entry.code if row.node.entry else row.node.kind.value, row.depth, row.open,
         row.closes)
        for row in rows(found, opened)
    ]


def test_rows_open_and_close_each_branch_in_document_order():
    tree = build(PILLARS[1:], [entry(1, "CP1", A), entry(2, "K1", R, parent=1)])
    assert drawn(tree, Opened.PILLARS) == [
        ("pillar", 0, True, ()),
        ("CP1", 1, False, ()),
        ("K1", 2, False, (1, 0)),  # after K1: CP1's list ends, then the pillar's
    ]
    assert [r[2] for r in drawn(tree, Opened.ALL)] == [True, True, False]
    assert [r[2] for r in drawn(tree, Opened.NONE)] == [False, False, False]


def test_a_search_opens_the_branches_down_to_each_match():
    found = search(build(PILLARS, REGISTER), "K1")
    opened = {code: is_open for code, _, is_open, _ in drawn(found, Opened.FOUND)}
    assert opened == {"pillar": True, "CP1": True, "K1": False, "S1": False, "S2": False}
    assert [n.kind for n in found[0].walk()][:2] == [Kind.PILLAR, Kind.INDICATOR]


def test_every_list_opened_is_closed():
    drawn_rows = rows(build(PILLARS, REGISTER), Opened.ALL)
    opened = sum(1 for row in drawn_rows if row.is_branch)
    closed = sum(len(row.closes) for row in drawn_rows)
    assert opened == closed == 9
