"""The KPI lifecycle: proposing a new indicator, changing a live one's definition or
target, the board's decision, and applying the annual review. Each change takes effect
from a financial year; the years before keep what they had, so no past scorecard is
re-rated or loses an indicator.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from governance.lifecycle_models import (
    DefinitionVersion,
    IndicatorProposal,
    LevelOwner,
    ReviewRecord,
    SmartCriterion,
)
from governance.models import Committee
from governance.smart import WORDINGS, Assessment, assessment_problems, to_json
from kpis import permissions
from kpis.models import Indicator, RatingTerms, ReviewDecision, SeriesBreak, Target
from kpis.models.fields import indicator_code_problem
from reporting.engine import IndicatorStatus
from reporting.periods import Frequency, Period


class LifecycleError(ValueError):
    """A proposal or review that cannot go ahead: the message says why."""


# --- the council's SMART wording and the boards that own each level -----------------


def adopt_wording(key: str) -> list[SmartCriterion]:
    """Use one council's published SMART wording (governance/smart.py) from now on."""
    wording = WORDINGS[key]
    SmartCriterion.objects.all().delete()
    return [
        SmartCriterion.objects.create(letter=c.letter, name=c.name, wording=c.wording,
                                      source=f"{wording.council}: {wording.source}",
                                      position=n)
        for n, c in enumerate(wording.criteria)
    ]


def board_for(level: str) -> Committee:
    """The board that owns the level (the stated mapping, LevelOwner)."""
    owner = LevelOwner.objects.select_related("committee").filter(level=level).first()
    if owner is None:
        label = Indicator.Level(level).label
        raise LifecycleError(f"No board owns {label}: the performance team sets one up")
    return owner.committee


def boards_by_level() -> dict[str, Committee]:
    return {o.level: o.committee for o in LevelOwner.objects.select_related("committee")}


# --- proposals ---------------------------------------------------------------------


@dataclass(frozen=True)
class NewIndicator:
    code: str
    title: str
    definition: str
    level: str
    org_unit_id: int
    unit: str
    polarity: str
    frequency: str
    collection: str
    target: object  # Decimal | None
    from_year: Period
    reason: str


def propose_new(user, new: NewIndicator, smart: list[Assessment]) -> IndicatorProposal:
    permissions.require(permissions.may_propose(user))
    problems = assessment_problems(smart)
    if problems:
        raise LifecycleError(problems[0])
    problem = indicator_code_problem(new.code)
    if problem:
        raise LifecycleError(problem[0].upper() + problem[1:])
    if Indicator.objects.filter(code=new.code).exists():
        raise LifecycleError(f"{new.code} is already an indicator's code")
    return IndicatorProposal.objects.create(
        kind=IndicatorProposal.Kind.NEW, code=new.code, title=new.title,
        definition=new.definition, level=new.level, org_unit_id=new.org_unit_id,
        unit=new.unit, polarity=new.polarity, frequency=new.frequency,
        collection=new.collection, target=new.target, from_year=new.from_year.key,
        reason=new.reason, smart=to_json(smart), board=board_for(new.level),
        proposed_by=user, proposed_at=timezone.now(),
    )


def propose_change(
    user, indicator: Indicator, *, from_year: Period, reason: str, definition: str = "",
    target=None, smart: list[Assessment] | None = None,
    review_decision: ReviewDecision | None = None,
) -> IndicatorProposal:
    """A change to a live indicator's definition or target, for its board to decide."""
    if review_decision is None:
        permissions.require(permissions.can_propose_change(user, indicator))
    if indicator.status == IndicatorStatus.RETIRED.value:
        raise LifecycleError(f"{indicator.code} is retired: propose a new indicator instead")
    if smart:
        problems = assessment_problems(smart)
        if problems:
            raise LifecycleError(problems[0])
    return IndicatorProposal.objects.create(
        kind=IndicatorProposal.Kind.CHANGE, indicator=indicator, code=indicator.code,
        title=indicator.title, definition=definition.strip(), level=indicator.level,
        org_unit=indicator.org_unit, target=target, from_year=from_year.key, reason=reason,
        smart=to_json(smart or []), board=board_for(indicator.level),
        review_decision=review_decision, proposed_by=user, proposed_at=timezone.now(),
    )


def can_decide(user, proposal: IndicatorProposal) -> bool:
    return proposal.status == IndicatorProposal.Status.PENDING and (
        permissions.can_decide_proposal(user, proposal.org_unit, proposal.proposed_by_id)
    )


def decide(user, proposal: IndicatorProposal, *, approve: bool, reasons: str) -> None:
    """Record the board's decision with its reasons; an approval takes effect from the
    proposal's year (a new indicator is created; a change makes a new version)."""
    permissions.require(can_decide(user, proposal))
    if not reasons.strip():
        raise LifecycleError("Enter the board's reasons")
    with transaction.atomic():
        proposal.status = (IndicatorProposal.Status.APPROVED if approve
                           else IndicatorProposal.Status.REJECTED)
        proposal.decided_by, proposal.decided_at = user, timezone.now()
        proposal.decision_reasons = reasons.strip()
        if approve:
            _take_effect(user, proposal)
        proposal._change_reason = f"{proposal.get_status_display()} by {proposal.board}"
        proposal.save()


def _take_effect(user, proposal: IndicatorProposal) -> None:
    year = Period.parse(proposal.from_year)
    why = f"Approved by {proposal.board} from {year.label}"[:100]
    if proposal.kind == IndicatorProposal.Kind.NEW:
        indicator = _create(proposal, year)
        proposal.indicator = indicator
    else:
        indicator = proposal.indicator
        if proposal.definition and proposal.definition != indicator.definition:
            change_definition(indicator, year, proposal.definition, proposal, why)
    if proposal.target is not None:
        target, _ = Target.objects.get_or_create(indicator=indicator, period=year.key)
        target.target, target.set_by = proposal.target, user
        target.rationale = target.rationale or proposal.reason
        target._change_reason = why
        target.save()


def _create(proposal: IndicatorProposal, year: Period) -> Indicator:
    """The approved indicator. Approved for a year still to come, it is in development
    until then (no results are due) and targeted from its first year: the engine reads
    its terms by year (RatingTerms)."""
    this_year = Period.containing(timezone.localdate(), Frequency.ANNUAL)
    later = year.year > this_year.year
    targeted = IndicatorStatus.TARGETED.value
    indicator = Indicator.objects.create(
        code=proposal.code, title=proposal.title, definition=proposal.definition,
        level=proposal.level, org_unit=proposal.org_unit, owner=proposal.proposed_by,
        unit=proposal.unit, polarity=proposal.polarity, frequency=proposal.frequency,
        collection=proposal.collection,
        status=IndicatorStatus.IN_DEVELOPMENT.value if later else targeted,
    )
    if later:
        terms = {"polarity": indicator.polarity, "collection": indicator.collection}
        RatingTerms.objects.create(indicator=indicator, applies_from=None,
                                   status=indicator.status, **terms)
        RatingTerms.objects.create(indicator=indicator, applies_from=year.key,
                                   status=targeted, **terms)
    return indicator


def change_definition(indicator: Indicator, year: Period, definition: str,
                      proposal: IndicatorProposal | None, why: str) -> None:
    """A new definition from ``year``: the old one is kept as the version for the years
    before, and the series breaks at the year's first period (direction of travel is
    not compared across it)."""
    if not indicator.definition_versions.exists():
        DefinitionVersion.objects.create(indicator=indicator, applies_from=None,
                                         title=indicator.title,
                                         definition=indicator.definition)
    DefinitionVersion.objects.update_or_create(
        indicator=indicator, applies_from=year.key,
        defaults={"title": indicator.title, "definition": definition, "proposal": proposal},
    )
    first = year.periods_of(Frequency(indicator.frequency))[0] if (
        indicator.frequency != Frequency.ANNUAL.value) else year
    SeriesBreak.objects.get_or_create(
        indicator=indicator, period=first.key,
        defaults={"reason": f"Definition changed: {why}"},
    )
    indicator.definition = definition
    indicator._change_reason = why
    indicator.save()


@dataclass(frozen=True)
class Version:
    applies_from: Period | None
    title: str
    definition: str


def version_in_force(versions: Iterable[Version], year: Period) -> Version | None:
    """Of an indicator's definition versions, the one in force in ``year``: the latest to
    apply by then. Plain Python."""
    applying = [v for v in versions if v.applies_from is None or v.applies_from.year <= year.year]
    return max(applying, key=lambda v: -1 if v.applies_from is None else v.applies_from.year,
               default=None)


def definition_in(indicator: Indicator, year: Period) -> Version:
    """The indicator's title and definition as they were in ``year``."""
    found = version_in_force(
        [Version(Period.parse(v.applies_from) if v.applies_from else None, v.title,
                 v.definition) for v in indicator.definition_versions.all()],
        year,
    )
    return found or Version(None, indicator.title, indicator.definition)


@dataclass(frozen=True)
class DefinitionThen:
    """An indicator's title and definition in force in a financial year, and when the next
    definition took (or takes) effect, if one has been agreed since."""

    year: Period
    title: str
    definition: str
    replaced_from: Period | None = None  # the next definition's first year
    replaced_recorded: date | None = None  # the day that change was recorded

    @property
    def replaced_on(self) -> date | None:
        """The first day of the next definition (1 April of its year)."""
        return self.replaced_from.start if self.replaced_from else None


def definition_then(versions: Iterable[Version], year: Period, title: str, definition: str,
                    recorded: dict[Period, date] | None = None) -> DefinitionThen:
    """Of an indicator's versions, the one in force in ``year`` and the next one after it
    (``title`` and ``definition``: the indicator's own, when it has no versions). Plain
    Python."""
    versions = list(versions)
    found = version_in_force(versions, year)
    later = sorted((v.applies_from for v in versions
                    if v.applies_from is not None and v.applies_from.year > year.year),
                   key=lambda p: p.year)
    nxt = later[0] if later else None
    return DefinitionThen(
        year=year, title=found.title if found else title,
        definition=found.definition if found else definition, replaced_from=nxt,
        replaced_recorded=(recorded or {}).get(nxt) if nxt else None,
    )


class Definitions:
    """Every definition version of some indicators, read in one query, answering "what was
    its definition in this year?" in memory for any indicator and year
    (``definitions_for``): a page or pack that shows definitions for past periods asks
    here, so its queries do not grow with its indicators."""

    def __init__(self, indicators: Iterable[Indicator]) -> None:
        self.indicators = {ind.pk: ind for ind in indicators}
        self.versions: dict[int, list[Version]] = defaultdict(list)
        self.recorded: dict[int, dict[Period, date]] = defaultdict(dict)
        for indicator_id, applies_from, title, definition, at in (
            DefinitionVersion.objects.filter(indicator_id__in=list(self.indicators))
            .values_list("indicator_id", "applies_from", "title", "definition",
                         "recorded_at")
        ):
            start = Period.parse(applies_from) if applies_from else None
            self.versions[indicator_id].append(Version(start, title, definition))
            if start is not None:
                self.recorded[indicator_id][start] = timezone.localtime(at).date()

    def then(self, indicator_id: int, year: Period) -> DefinitionThen:
        """The indicator's definition in force in ``year`` (any period of it will do)."""
        ind = self.indicators[indicator_id]
        return definition_then(self.versions[indicator_id], year.fy, ind.title,
                               ind.definition, self.recorded[indicator_id])


def years_alike(found: Iterable[DefinitionThen]) -> list[tuple[str, DefinitionThen]]:
    """Definitions of successive years (newest first) with the same wording put together,
    each with its years in words: "2024/25 to 2026/27". Plain Python."""
    groups: list[list[DefinitionThen]] = []
    for then in found:
        if groups and (groups[-1][0].definition, groups[-1][0].replaced_from) == (
                then.definition, then.replaced_from):
            groups[-1].append(then)
        else:
            groups.append([then])
    return [(group[0].year.label if len(group) == 1
             else f"{group[-1].year.label} to {group[0].year.label}", group[0])
            for group in groups]


def definitions_for(indicators: Iterable[Indicator]) -> Definitions:
    """The definition versions of ``indicators``, for any year (one query)."""
    return Definitions(indicators)


def definitions_in(indicators: Iterable[Indicator], year: Period) -> dict[int, DefinitionThen]:
    """Each indicator's definition in force in ``year``, by indicator id: the bulk form of
    ``definition_in``, one query however many indicators."""
    found = definitions_for(indicators)
    return {pk: found.then(pk, year) for pk in found.indicators}


# --- retirement and the annual review ----------------------------------------------


def retire(indicator: Indicator, year: Period, why: str) -> None:
    """Retire from ``year``: the years before keep it live (its rating terms say so), so
    their scorecards and packs still show it, and its history stays."""
    if indicator.status == IndicatorStatus.RETIRED.value:
        return
    indicator.status = IndicatorStatus.RETIRED.value
    indicator._terms_from = year.key
    indicator._change_reason = why[:100]
    indicator.save()


def apply_review(user, year: Period) -> list[ReviewRecord]:
    """Apply the annual review for ``year``: a retire decision retires from the year, a
    change decision opens the change for its board's approval, and each board gets a
    record of what was kept, changed, added and retired. Safe to apply again: nothing
    is done twice, and the records are brought up to date."""
    permissions.require(permissions.is_performance_team(user))
    decisions = list(
        ReviewDecision.objects.filter(year=year.key)
        .select_related("indicator__org_unit", "decided_by").order_by("indicator__code")
    )
    boards = boards_by_level()
    unowned = sorted({d.indicator.get_level_display() for d in decisions
                      if d.indicator.level not in boards})
    if unowned:
        raise LifecycleError("No board owns " + ", ".join(unowned)
                             + ": the performance team sets one up first")
    opened = set(IndicatorProposal.objects.filter(review_decision__in=decisions)
                 .values_list("review_decision_id", flat=True))
    lists: dict[int, dict[str, list[dict]]] = defaultdict(
        lambda: {"kept": [], "changed": [], "added": [], "retired": []}
    )
    with transaction.atomic():
        for decision in decisions:
            indicator = decision.indicator
            board = boards[indicator.level]
            entry = {"code": indicator.code, "title": indicator.title, "note": decision.note}
            if decision.decision == ReviewDecision.Decision.RETIRE:
                retire(indicator, year, f"Annual review {year.label}: retired")
                lists[board.pk]["retired"].append(entry)
            elif decision.decision == ReviewDecision.Decision.CHANGE:
                if decision.pk not in opened:
                    propose_change(decision.decided_by or user, indicator, from_year=year,
                                   reason=decision.note, review_decision=decision)
                lists[board.pk]["changed"].append(entry)
            else:
                lists[board.pk]["kept"].append(entry)
        for proposal in IndicatorProposal.objects.filter(
            kind=IndicatorProposal.Kind.NEW, status=IndicatorProposal.Status.APPROVED,
            from_year=year.key,
        ).order_by("code"):
            lists[proposal.board_id]["added"].append(
                {"code": proposal.code, "title": proposal.title, "note": proposal.reason}
            )
        now = timezone.now()
        records = []
        for committee_id, found in lists.items():
            record, _ = ReviewRecord.objects.update_or_create(
                committee_id=committee_id, year=year.key,
                defaults={**found, "applied_by": user, "applied_at": now},
            )
            records.append(record)
    return sorted(records, key=lambda r: r.committee.name)
