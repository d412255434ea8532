"""What the public sees: the one place for the rules of publication. Plain Python.

The public pages (``/public/``) and the open data files show a figure only when all of
these hold:

1. **The indicator is published.** The performance team marks it (``Indicator.published``:
   the admin, its "publish" and "unpublish" actions, or ``import_indicators``).
2. **The figure is signed off.** Approved results only: never a draft, a figure awaiting
   sign-off or one returned for rework (``RatingBook.load(approved_only=True)``).
3. **Its period's report has been issued.** The figure's own period is in the reporting
   calendar with an issue date on or before today: exactly the periods whose approved
   results are locked (``governance.calendar.locked_periods``). So every published
   figure is a locked one, which nobody can change except by a correction after issue.
   A period outside the calendar (history from before it) is not published.

With a figure the public sees its target, its RAG rating and direction of travel in words
(the one engine, ``reporting.engine``), the council's commentary and improvement activity
for that period, and any correction after issue.

**Corrections are shown as corrected, with a note.** A council publishes its corrections
openly: the public sees the corrected figure, the date it was corrected, the figure first
published and the reason. (The issued committee pack keeps what the committee saw; the
public pages are the council's current, signed-off account of each issued period.)

**Never shown** (``NEVER_SHOWN``): anything of an unpublished indicator; unsigned figures;
figures of periods whose report is not issued; the names of people (owners, accountable
officers, who entered, submitted, approved, returned or corrected a figure); board notes
(a committee's internal commentary); data quality notes; reasons a result was returned;
the RAG the council reported by hand (for the RAG audit); a breakdown figure below the
suppression threshold, or one it could be worked out from (``reporting.suppression``;
breakdowns are published only suppressed); the history of changes. Free text that is
shown (definitions, commentary, improvement activity, correction reasons) has the full name
of anyone with a login to this system removed (``name_remover``), in case an officer wrote
a colleague's name in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date

from reporting.periods import Frequency, Period

# What the public pages and files show of an indicator, and of each published figure.
SHOWN_ABOUT_AN_INDICATOR = (
    "code", "title", "definition", "why it matters", "Corporate Plan pillars",
    "the directorate and service responsible", "unit", "whether higher or lower is better",
    "how often it is measured", "whether it is counted year to date",
)
SHOWN_WITH_A_FIGURE = (
    "period", "value", "target", "stretch target", "RAG rating in words",
    "direction of travel in words", "commentary", "improvement activity",
    "the date its period's report was issued", "any correction after issue: date, figure "
    "first published, reason", "its breakdown (by ward, age group or another dimension), "
    "small numbers hidden",
)
NEVER_SHOWN = (
    "unpublished indicators",
    "draft, submitted or returned figures",
    "figures for periods whose report has not been issued",
    "names of people: owners, accountable officers, who entered, signed off, returned or "
    "corrected a figure",
    "board notes",
    "data quality notes",
    "reasons a figure was returned for rework",
    "the RAG the council reported by hand (kept for the RAG audit)",
    "a breakdown figure about fewer people than the council's threshold, or one from which "
    "such a figure could be worked out",
    "the history of changes",
)

# The reports the summary's period picker offers: the quarterly performance reports.
SUMMARY_FREQUENCY = Frequency.QUARTERLY

NAME_REMOVED = "[name removed]"


def published_on(period: Period, issued: Mapping[Period, date]) -> date | None:
    """The day a figure for ``period`` was published: the day its own period's report was
    issued, or None if it has not been (then the figure is not public)."""
    return issued.get(period)


def summary_periods(issued: Iterable[Period]) -> list[Period]:
    """The periods the public summary can be shown for: issued quarters, newest first."""
    return sorted(
        (p for p in issued if p.frequency is SUMMARY_FREQUENCY), key=lambda p: p.end,
        reverse=True,
    )


def latest_by(periods: Iterable[Period], as_at: Period) -> Period | None:
    """The latest of an indicator's published periods that ends by the end of ``as_at``:
    the figure the summary shows for it (a monthly indicator's June in Q1, an annual
    one's last year)."""
    ending = [p for p in periods if p.end <= as_at.end]
    return max(ending, key=lambda p: p.end) if ending else None


def name_remover(names: Iterable[str]) -> Callable[[str], str]:
    """A function that replaces each of these full names in a text (any case, whole words,
    however spaced) with "[name removed]". Names of one word are left alone: a first name
    alone is too often an ordinary word."""
    patterns = sorted(
        {" ".join(name.split()) for name in names if len(name.split()) > 1}, key=len,
        reverse=True,
    )
    if not patterns:
        return lambda text: text
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in patterns)
        + r")(?!\w)",
        re.IGNORECASE,
    )
    # Most texts name nobody: only a text holding some name's last word is searched (one
    # pass over its words, where the pattern would try every name at every position).
    last_words = {_WORD.findall(p.lower())[-1] for p in patterns if _WORD.findall(p)}
    done: dict[str, str] = {}

    def remove(text: str) -> str:
        if not text or last_words.isdisjoint(_WORD.findall(text.lower())):
            return text
        if text not in done:
            done[text] = pattern.sub(NAME_REMOVED, text)
        return done[text]

    return remove


_WORD = re.compile(r"\w+")
