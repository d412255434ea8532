"""The demo council: Northshire County Council, caught mid-cycle.

Deterministic from a seed and a date: history is the same whatever the date
(each value is drawn from a generator seeded by the indicator and period), and
the date only decides how far the story has got. The latest quarter is partly
entered; some results are missing, some red results have improvement activity
and some do not.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from governance.models import Committee, Meeting, RemitIndicator, ReportingPeriod
from kpis import entry
from kpis.benchmark_import import import_benchmarks
from kpis.models import (
    Benchmark,
    CorporatePlan,
    Council,
    ExceptionRule,
    FormerCode,
    Indicator,
    OrgUnit,
    Pillar,
    Result,
    ResultStatus,
    ResultTransition,
    SeriesBreak,
    Target,
    ToleranceRule,
)
from kpis.roles import (
    APPROVERS,
    AUDITORS,
    COUNCILLORS,
    OFFICERS,
    PERFORMANCE_TEAM,
    ensure_role_groups,
)
from kpis.spreadsheets import read_sheet
from perfmgmt.demo import catalogue as cat
from perfmgmt.demo import commentary
from perfmgmt.demo.actions import make_actions_and_plans
from perfmgmt.demo.asreported import correct_a_breakdown
from perfmgmt.demo.breakdowns import make_breakdowns
from perfmgmt.demo.deliveryscreens import link_actions_to_plans
from perfmgmt.demo.escalations import make_escalations
from perfmgmt.demo.lifecycle import build_lifecycle
from perfmgmt.demo.members import make_members
from perfmgmt.demo.risks import build_risks
from perfmgmt.demo.riskscreens import set_register_owners
from reporting.engine import Collection, IndicatorStatus, Polarity, comparison_period
from reporting.periods import Frequency, Period
from reporting.ratings import (
    EnteredResult,
    IndicatorFacts,
    RatingBook,
    load_policies,
    load_terms,
    load_tolerances,
)
from reporting.thresholds import Thresholds

# Published benchmark files the demo brings in (copied from the real files, with their
# sources: data/README.md); the demo's area code is made up, as the council is.
DATA = Path(__file__).parent / "data"
DEMO_AREA_CODE = "NORTHSHIRE"
BENCHMARKED = ("CP23", "EI05")  # compared among real councils (data/metric_map.csv)
DEMO_PASSWORD = "demo-password-2025"  # noqa: S105 - a published demo login, not a secret
YEARS = 5
LONDON = ZoneInfo("Europe/London")
CUMULATIVE_SHARE = {1: Decimal("0.24"), 2: Decimal("0.49"), 3: Decimal("0.75"), 4: Decimal(1)}

# The demo's own logins (README lists them): username, first, last, role group
ROLE_USERS = [
    ("officer", "Olivia", "Owen", OFFICERS),
    ("approver", "Adam", "Price", APPROVERS),
    ("performance", "Pat", "Morris", PERFORMANCE_TEAM),
    ("councillor", "Carys", "Lloyd", COUNCILLORS),
    ("auditor", "Arun", "Desai", AUDITORS),
]


@dataclass
class Plan:
    """How one demo indicator behaves over time."""

    indicator: Indicator
    measure: cat.Measure
    level: float
    seasonality: list[float]
    starts: Period | None = None  # first period with results
    ends: Period | None = None  # last period with results (retired)
    has_targets: bool = True
    stretch: bool = False
    lagging_period: Period | None = None  # a period whose data did not arrive
    children: list[Plan] = field(default_factory=list)
    parent: Plan | None = None


@dataclass(frozen=True)
class Draft:
    """A result about to be written: rated before it is saved."""

    plan: Plan
    period: Period
    actual: Decimal | None


@dataclass
class DemoSummary:
    indicators: int
    results: int
    targets: int
    users: int
    latest_quarter: Period

    def __str__(self) -> str:
        return (
            f"{self.indicators} indicators, {self.results} results, {self.targets} targets, "
            f"{self.users} users; latest quarter {self.latest_quarter.label}"
        )


class DemoBuilder:
    # What the council is made of; the county benchmark (perfmgmt/bench/county.py) builds a
    # bigger one from the same parts.
    structure: dict[str, tuple[int, dict[str, list[str]]]] = cat.STRUCTURE
    team_measures: list[cat.Measure] = cat.TEAM_MEASURES

    def __init__(self, seed: int, today: date) -> None:
        self.seed = seed
        self.today = today
        self.rng = random.Random(seed)
        self.latest_quarter = Period.latest_ended(today, Frequency.QUARTERLY)
        self.current_year = self.latest_quarter.fy
        self.first_year = self.current_year.shift(-(YEARS - 1))
        self.plans: list[Plan] = []
        self.users: dict[str, object] = {}

    def _rng(self, *parts: object) -> random.Random:
        return random.Random(f"{self.seed}:" + ":".join(str(p) for p in parts))

    # --- people -----------------------------------------------------------------

    def make_users(self) -> None:
        User = get_user_model()
        groups = ensure_role_groups()
        password = make_password(DEMO_PASSWORD)
        people = []
        for username, first, last, role in ROLE_USERS:
            people.append((username, first, last, role))
        # First and last names each in an order drawn from the seed and paired in step, so
        # no name repeats until every one has been used, and no pair repeats for 1,798
        # people (the county benchmark has about 330).
        first_names = self._shuffled(cat.FIRST_NAMES, "first names")
        last_names = self._shuffled(cat.LAST_NAMES, "last names")
        names = (
            (first_names[n % len(first_names)], last_names[n % len(last_names)])
            for n in itertools.count()
        )
        for directorate, (_, services) in self.structure.items():
            first, last = next(names)
            people.append((f"director.{_slug(directorate)}", first, last, APPROVERS))
            for service, teams in services.items():
                first, last = next(names)
                people.append((f"head.{_slug(service)}", first, last, APPROVERS))
                for team in teams:
                    first, last = next(names)
                    people.append((f"lead.{_slug(team)}", first, last, OFFICERS))
        User.objects.bulk_create(
            [
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@northshire.example",
                    password=password,
                    is_staff=role == PERFORMANCE_TEAM,
                )
                for username, first, last, role in people
            ]
        )
        by_name = {u.username: u for u in User.objects.filter(username__in=[p[0] for p in people])}
        for username, _, _, role in people:
            by_name[username].groups.add(groups[role])
        self.users = by_name

    def _shuffled(self, items: list, salt: str) -> list:
        copy = list(items)
        self._rng(salt).shuffle(copy)
        return copy

    # --- structure -------------------------------------------------------------------

    def make_structure(self) -> None:
        Council.objects.create(name=cat.COUNCIL, short_name="Northshire",
                               contact_email="performance.team@northshire.example")
        plan = CorporatePlan.objects.create(
            title="Northshire Corporate Plan",
            starts=self.first_year.key,
            ends=self.current_year.shift(1).key,
            pillar_term="pillar",
        )
        self.pillars = {
            n: Pillar.objects.create(plan=plan, number=n, title=title, description=text)
            for n, (title, text) in enumerate(cat.PILLARS, start=1)
        }
        self.units: dict[str, OrgUnit] = {}
        for directorate, (_, services) in self.structure.items():
            d = OrgUnit.objects.create(name=directorate, kind=OrgUnit.Kind.DIRECTORATE)
            self.units[directorate] = d
            for service, teams in services.items():
                s = OrgUnit.objects.create(name=service, kind=OrgUnit.Kind.SERVICE, parent=d)
                self.units[service] = s
                for team in teams:
                    self.units[team] = OrgUnit.objects.create(
                        name=team, kind=OrgUnit.Kind.TEAM, parent=s
                    )
        ToleranceRule.objects.create(
            scope=ToleranceRule.Scope.COUNCIL, tolerance_pct=Decimal(10),
            note="Corporate performance framework: 10% either side of target",
        )
        ToleranceRule.objects.create(
            scope=ToleranceRule.Scope.FINANCIAL, tolerance_pct=Decimal(10),
            note="Financial indicators: 10% until the framework review",
        )
        ToleranceRule.objects.create(
            scope=ToleranceRule.Scope.FINANCIAL, applies_from=self.current_year.key,
            tolerance_pct=Decimal(5),
            note="Framework review: financial tolerance tightened to 5%",
        )
        ExceptionRule.objects.create(
            applies_from=None, red_periods=2,
            note="Corporate performance framework: red two periods running is escalated",
        )

    # --- indicators ----------------------------------------------------------------------

    def _indicator(self, code: str, measure: cat.Measure, level: str, unit: OrgUnit,
                   parent: Plan | None, owner, accountable, **extra) -> Plan:
        rng = self._rng("indicator", code)
        kind = measure.kind
        status = kind.get("status", "targeted")
        title = extra.pop("title", measure.title)
        meaning = cat.about(title)
        indicator = Indicator(
            code=code,
            title=title,
            definition=meaning.definition.format(unit=unit.name),
            why_it_matters=cat.WHY_IT_MATTERS[meaning.theme],
            level=level,
            org_unit=unit,
            owner=owner,
            accountable_officer=accountable,
            polarity=measure.polarity,
            unit=measure.unit,
            decimal_places=measure.places,
            frequency=measure.frequency,
            collection=measure.collection,
            status=status,
            financial=measure.financial,
            aggregation=extra.pop("aggregation", "none"),
            measure_type="outcome" if level == "corporate_plan_measure" else rng.choice(
                ["output", "outcome", "process", "quality"]
            ),
            timing="leading" if measure.collection == "cumulative" else "lagging",
            source=kind.get("source", "local"),
            perspective="corporate" if any(
                word in measure.title.lower()
                for word in ("sickness", "staff", "agency", "training", "overtime", "invoices",
                             "budget", "complaints responded")
            ) else "residents",
            data_source=f"{unit.name} performance return",
            scope=kind.get("scope", "council"),
            is_corporate=level in ("corporate_kpi",) or extra.pop("is_corporate", False),
        )
        indicator.published = self._published(indicator, measure)
        jitter = rng.uniform(0.85, 1.15) if measure.unit != "percent" else 1
        base = measure.level * jitter
        if measure.unit == "percent" and level in ("service_pi", "team_pi"):
            base = min(99.0, max(1.0, measure.level + rng.gauss(0, 4)))
        amplitude = rng.uniform(0, 0.05)
        plan = Plan(
            indicator=indicator,
            measure=measure,
            level=base,
            seasonality=[amplitude * x for x in (0.5, -0.3, -0.8, 0.6)],
            stretch=rng.random() < 0.3,
            parent=parent,
        )
        self.plans.append(plan)
        return plan

    @staticmethod
    def _published(indicator: Indicator, measure: cat.Measure) -> bool:
        """What the council publishes (docs/open-data.md): its Corporate Plan measures
        (not those still in development) and the corporate KPIs of its public performance
        report (``catalogue.PUBLISHED_KPIS``)."""
        if indicator.level == "corporate_plan_measure":
            return indicator.status != "in_development"
        return indicator.level == "corporate_kpi" and measure.title in cat.PUBLISHED_KPIS

    def make_indicators(self) -> None:
        users = self.users
        plan_measures: dict[int, list[Plan]] = {}
        by_title: dict[str, Plan] = {}
        number = 0
        for pillar, measures in cat.PLAN_MEASURES.items():
            for measure in measures:
                number += 1
                directorate = next(
                    d for d, (p, _) in self.structure.items() if p == pillar
                )
                plan = self._indicator(
                    f"CP{number:02d}", measure, "corporate_plan_measure",
                    self.units[directorate], None,
                    users["performance"], users[f"director.{_slug(directorate)}"],
                )
                plan_measures.setdefault(pillar, []).append(plan)
                by_title[measure.title] = plan
        self.kpis: dict[str, list[Plan]] = {}
        prefixes = {"Children and Families": "CF", "Adult Social Care and Health": "ASC",
                    "Environment and Infrastructure": "EI", "Economy and Communities": "EC",
                    "Resources": "RES"}
        for directorate, measures in cat.CORPORATE_KPIS.items():
            pillar, services = self.structure[directorate]
            for i, measure in enumerate(measures, start=1):
                # Each KPI sits in the service that delivers it and feeds the Corporate Plan
                # measure of its theme in its own pillar, if there is one.
                meaning = cat.ABOUT[measure.title]
                service = meaning.service
                assert service in services, (measure.title, service)
                parent = by_title.get(meaning.feeds)
                assert parent is None or (
                    parent in plan_measures[pillar]
                    and cat.ABOUT[parent.measure.title].theme == meaning.theme
                ), measure.title
                plan = self._indicator(
                    f"{prefixes[directorate]}{i:02d}", measure, "corporate_kpi",
                    self.units[service], parent,
                    users[f"head.{_slug(service)}"], users[f"director.{_slug(directorate)}"],
                )
                self.kpis.setdefault(directorate, []).append(plan)
                by_title[measure.title] = plan
        # Every service's complaints and information requests feed the council's own.
        council_wide = {
            "Complaints responded to within 20 working days":
                by_title["Complaints responded to within 20 working days"],
            "Freedom of information requests answered on time":
                by_title["Freedom of information requests answered within 20 working days"],
        }
        for directorate, (_, services) in self.structure.items():
            prefix = prefixes[directorate]
            director = users[f"director.{_slug(directorate)}"]
            for j, measure in enumerate(cat.SERVICE_MEASURES[:4], start=1):
                self._indicator(
                    f"{prefix}-D{j:02d}", measure, "directorate_pi", self.units[directorate],
                    council_wide.get(measure.title), director, director,
                    title=f"{measure.title}: {directorate}",
                )
            for s, (service, teams) in enumerate(services.items(), start=1):
                head = users[f"head.{_slug(service)}"]
                owner = users[f"lead.{_slug(teams[0])}"] if teams else head
                if service == "Highways":
                    owner = users["officer"]
                for j, measure in enumerate(cat.SERVICE_MEASURES, start=1):
                    self._indicator(
                        f"{prefix}{s}-{j:02d}", measure, "service_pi", self.units[service],
                        council_wide.get(measure.title), owner, head,
                        title=f"{measure.title}: {service}",
                    )
                if not teams:
                    continue
                roll_sum = self._indicator(
                    f"{prefix}{s}-R1", self.team_measures[0], "service_pi", self.units[service],
                    None, owner, head, aggregation="sum",
                    title=f"Complaints received: {service} (all teams)",
                )
                roll_mean = self._indicator(
                    f"{prefix}{s}-R2", self.team_measures[5], "service_pi", self.units[service],
                    None, owner, head, aggregation="mean",
                    title=f"Mandatory training completed: {service} (mean of teams)",
                )
                for t, team in enumerate(teams):
                    lead = users[f"lead.{_slug(team)}"]
                    if team == "Highways Maintenance":
                        lead = users["officer"]
                    letter = _letters(t)
                    for j, measure in enumerate(self.team_measures, start=1):
                        parent = roll_sum if j == 1 else roll_mean if j == 6 else None
                        child = self._indicator(
                            f"{prefix}{s}{letter}-{j:02d}", measure, "team_pi", self.units[team],
                            parent, lead, head, title=f"{measure.title}: {team}",
                        )
                        if parent:
                            parent.children.append(child)
        self._vary_statuses()
        Indicator.objects.bulk_create([p.indicator for p in self.plans])
        # parents were assigned before the parents had keys: set them again
        by_code = {i.code: i for i in Indicator.objects.all()}
        updates = []
        for plan in self.plans:
            saved = by_code[plan.indicator.code]
            if plan.parent is not None:
                saved.parent = by_code[plan.parent.indicator.code]
                updates.append(saved)
            plan.indicator = saved
        Indicator.objects.bulk_update(updates, ["parent"])
        links = []
        for plan in self.plans:
            pillar = self._pillar_of(plan)
            links.append(Indicator.pillars.through(indicator=plan.indicator, pillar=pillar))
        Indicator.pillars.through.objects.bulk_create(links)

    def _pillar_of(self, plan: Plan) -> Pillar:
        unit = plan.indicator.org_unit
        while unit.parent is not None:
            unit = unit.parent
        return self.pillars[self.structure[unit.name][0]]

    def _vary_statuses(self) -> None:
        """Some of every kind the register holds: baseline, contextual, new, retired."""
        rng = self._rng("statuses")
        q = self.latest_quarter
        for plan in self.plans:
            ind = plan.indicator
            if ind.level not in ("service_pi", "team_pi") or ind.aggregation != "none":
                continue
            if plan.parent is not None and plan.parent.indicator.aggregation != "none":
                continue
            roll = rng.random()
            if roll < 0.04:
                ind.status = IndicatorStatus.BASELINE.value
            elif roll < 0.07:
                ind.status = IndicatorStatus.CONTEXTUAL.value
            elif roll < 0.09:
                ind.status = IndicatorStatus.RETIRED.value
                plan.ends = q.fy.shift(-1).periods_of(Frequency.QUARTERLY)[-1]
            elif roll < 0.12:
                plan.starts = q.fy.periods_of(Frequency.QUARTERLY)[0]  # new this year
            elif roll < 0.15:
                plan.has_targets = False
            elif roll < 0.18:
                # the data for one past quarter never arrived
                plan.lagging_period = q.shift(-4)
        for plan in self.plans:
            if plan.indicator.status == IndicatorStatus.IN_DEVELOPMENT.value:
                plan.starts = q.fy.periods_of(Frequency.QUARTERLY)[1]

    # --- values ------------------------------------------------------------------------------

    def _periods(self, plan: Plan) -> list[Period]:
        frequency = Frequency(plan.indicator.frequency)
        periods = []
        for y in range(YEARS):
            year = self.first_year.shift(y)
            periods += [p for p in year.periods_of(frequency) if p.end < self.today]
        if frequency is Frequency.ANNUAL:
            periods = [
                p for y in range(YEARS) if (p := self.first_year.shift(y)).end < self.today
            ]
        if plan.starts:
            periods = [p for p in periods if p.end >= plan.starts.start]
        if plan.ends:
            periods = [p for p in periods if p.end <= plan.ends.end]
        return periods

    def _expected(self, plan: Plan, period: Period) -> float:
        years = period.fy.year - self.first_year.year
        level = plan.level * (1 + plan.measure.trend) ** years
        if plan.indicator.collection == "cumulative":
            return level
        quarter = Period.containing(period.start, Frequency.QUARTERLY).index
        if period.frequency is not Frequency.ANNUAL:
            level *= 1 + plan.seasonality[quarter - 1]
        return level

    def _offset(self, plan: Plan, period: Period) -> float:
        """Persistent under- or over-performance: some indicators stay red for a while."""
        noise = max(plan.measure.noise, 0.02)
        rng = self._rng("offset", plan.indicator.code)
        drift = rng.gauss(0, 0.9) * noise
        steps = (period.fy.year - self.first_year.year) * 4 + Period.containing(
            period.start, Frequency.QUARTERLY
        ).index
        for _ in range(steps):
            drift = 0.75 * drift + rng.gauss(0, 0.45) * noise
        return drift

    def _value(self, plan: Plan, period: Period) -> Decimal:
        rng = self._rng("value", plan.indicator.code, period.key)
        expected = self._expected(plan, period)
        better = -1 if plan.indicator.polarity == Polarity.LOWER.value else 1
        value = expected * (1 + better * self._offset(plan, period)
                            + rng.gauss(0, plan.measure.noise * 0.4))
        if plan.indicator.collection == "cumulative":
            value *= float(self._share(period))
        if plan.indicator.unit == "percent":
            value = min(100.0, value)
        value = max(0.0, value)
        return _round(value, plan.indicator.decimal_places)

    def _share(self, period: Period) -> Decimal:
        if period.frequency is Frequency.ANNUAL:
            return Decimal(1)
        if period.frequency is Frequency.MONTHLY:
            return Decimal(period.index) / 12
        return CUMULATIVE_SHARE[period.index]

    def _annual_target(self, plan: Plan, year: Period) -> Decimal:
        rng = self._rng("target", plan.indicator.code, year.key)
        expected = plan.level * (1 + plan.measure.trend) ** (year.year - self.first_year.year)
        ambition = rng.uniform(0, 0.6) * max(plan.measure.noise, 0.01)
        better = -1 if plan.indicator.polarity == Polarity.LOWER.value else 1
        value = expected * (1 + better * ambition)
        if plan.indicator.unit == "percent":
            value = min(100.0, value)
        return _round(value, plan.indicator.decimal_places)

    def make_tolerance_overrides(self) -> None:
        rules = []
        rng = self._rng("overrides")
        for plan in self.plans:
            ind = plan.indicator
            if ind.unit == "percent" and ind.level == "corporate_kpi" and rng.random() < 0.25:
                rules.append(ToleranceRule(
                    scope=ToleranceRule.Scope.INDICATOR, indicator=ind,
                    tolerance_abs=Decimal(2), note="2 percentage points agreed by COG",
                ))
        ToleranceRule.objects.bulk_create(rules)

    def make_targets(self) -> list[Target]:
        targets = []
        for plan in self.plans:
            ind = plan.indicator
            if ind.status != "targeted" or ind.polarity == "none" or not plan.has_targets:
                continue
            for y in range(YEARS + 1):
                year = self.first_year.shift(y)
                if y == YEARS and self._rng("next-year", ind.code).random() < 0.3:
                    continue  # next year's target not set yet: issue 3's annual review
                annual = self._annual_target(plan, year)
                stretch = None
                if plan.stretch:
                    factor = Decimal("0.95") if ind.polarity == "lower" else Decimal("1.05")
                    stretch = _round(float(annual * factor), ind.decimal_places)
                    if ind.unit == "percent":
                        stretch = min(stretch, Decimal(100))
                targets.append(_target(ind, year, annual, stretch))
                if ind.collection == "cumulative" and ind.frequency == "quarterly":
                    for quarter in year.periods_of(Frequency.QUARTERLY)[:3]:
                        profiled = _round(float(annual * CUMULATIVE_SHARE[quarter.index]),
                                          ind.decimal_places)
                        targets.append(_target(ind, quarter, profiled, None))
        Target.objects.bulk_create(targets)
        return targets

    def make_results(self, targets: list[Target]) -> int:
        results = self.plan_results(targets)
        Result.objects.bulk_create(results, batch_size=2000)
        return len(results)

    def plan_results(self, targets: list[Target]) -> list[Result]:
        """Every result of the story, rated and ready to write (not yet saved)."""
        rng = self._rng("results")
        latest_month = Period.latest_ended(self.today, Frequency.MONTHLY)
        drafts: list[Draft] = []
        for plan in self.plans:
            ind = plan.indicator
            if ind.aggregation != "none":
                continue
            for period in self._periods(plan):
                value = self._value(plan, period)
                entered = True
                if period in (self.latest_quarter, latest_month):
                    roll = self._rng("mid-cycle", ind.code, period.key).random()
                    if roll > 0.78:
                        continue  # not started: overdue
                    entered = roll <= 0.62
                if period == plan.lagging_period:
                    entered = False
                actual = value if entered else None
                drafts.append(Draft(plan, period, actual))
        # Rated the way every page rates: red results need improvement activity, and the
        # council's own published rating is this one with the odd slip. The commentary
        # compares each figure with its target and with the comparable one before it, as
        # the rating book has them (the figure corrected later, below, as corrected).
        book = self._rating_book(targets, drafts)
        corrected = self._corrected_figures(drafts)
        results = []
        for d in drafts:
            ind = d.plan.indicator
            rating = book.rate(ind.id, d.period)
            previous = rating.previous
            before = (ind.id, comparison_period(d.period, Collection(ind.collection)))
            if previous is not None and before in corrected:
                previous = corrected[before]
            results.append(self._result(
                d.plan, d.period, d.actual, rating.rules.target, previous,
                rating.assessment.rag.value, rng, lagging=d.period == d.plan.lagging_period,
            ))
        return results

    def _rating_book(self, targets: list[Target], drafts: list[Draft]) -> RatingBook:
        """The one rating path, fed from the rows about to be written rather than the
        database: the register, targets and rules are saved; the results are not yet."""
        return RatingBook(
            indicators=[IndicatorFacts.of(plan.indicator) for plan in self.plans],
            results=[
                (d.plan.indicator.id, EnteredResult(d.period, d.actual, "", "")) for d in drafts
            ],
            targets=[
                (target.indicator_id, Period.parse(target.period), Thresholds.of(target))
                for target in targets
            ],
            tolerances=load_tolerances(),
            breaks=[(plan.indicator.id, period) for plan, period in self._breaks()],
            policies=load_policies(),
            terms=load_terms(),
        )

    def _result(self, plan, period, actual, target, previous, rag, rng, lagging) -> Result:
        ind = plan.indicator
        commentary = improvement = note = ""
        if lagging:
            note = "Data from the national return for this period was not published in time."
        elif actual is not None:
            if rag == "RED" and rng.random() < 0.7:
                improvement = rng.choice(cat.IMPROVEMENT)
            corporate = ind.level in ("corporate_plan_measure", "corporate_kpi")
            if rag in cat.REASONS and (corporate or rag != "GREEN" or rng.random() < 0.5):
                commentary = self._commentary(
                    ind, rag, actual, target, previous, bool(improvement), rng
                )
        entered_on = min(period.end + timedelta(days=rng.randint(5, 25)), self.today)
        entered_at = datetime.combine(entered_on, time(10), LONDON)
        return Result(
            indicator=ind,
            period=period.key,
            period_start=period.start,
            period_end=period.end,
            actual=actual,
            commentary=commentary,
            improvement_activity=improvement,
            data_quality_note=note,
            entered_by=ind.owner if actual is not None else None,
            entered_at=entered_at if actual is not None else None,
            reported_rag=self._reported(ind, period, rag),
            status=self._status(ind, period, actual),
        )

    def _commentary(self, ind: Indicator, rag: str, actual: Decimal, target: Decimal | None,
                    previous: Decimal | None, improvement: bool, rng: random.Random) -> str:
        reasons = cat.MONEY_REASONS if ind.financial else cat.REASONS
        return commentary.write(
            rag=rag, actual=actual, target=target, previous=previous, polarity=ind.polarity,
            unit=ind.unit, places=ind.decimal_places, frequency=ind.frequency,
            cumulative=ind.collection == "cumulative",
            reason=rng.choice(reasons[rag]), improvement=improvement,
        )

    # The figures the data cleanse corrects after their report was issued (_some_history):
    # a service PI, and a corporate KPI the public pages show with its correction.
    CORRECTED = ("EI1-02", "EI03")

    def _corrected_figures(self, drafts: list[Draft]) -> dict[tuple[int, Period], Decimal]:
        """The indicator and period of each figure the correction after issue will set,
        with the figure: the next quarter's commentary, written after the cleanse,
        compares with it."""
        period = self.latest_quarter.previous()
        return {
            (d.plan.indicator.id, period): _cleansed(d.actual, d.plan.indicator)
            for d in drafts
            if d.plan.indicator.code in self.CORRECTED and d.period == period
            and d.actual is not None
        }

    def _breaks(self) -> list[tuple[Plan, Period]]:
        """The breaks in a series: one indicator counted on a new basis from a year ago."""
        return [
            (plan, self.latest_quarter.shift(-4)) for plan in self.plans
            if plan.indicator.title == "Adult social care assessments completed within 28 days"
        ]

    def _status(self, indicator: Indicator, period: Period, actual) -> str:
        """History is approved; the latest quarter and month are mid-way through sign-off."""
        latest_month = Period.latest_ended(self.today, Frequency.MONTHLY)
        if period not in (self.latest_quarter, latest_month):
            return ResultStatus.APPROVED
        if actual is None:
            return ResultStatus.DRAFT
        roll = self._rng("status", indicator.code, period.key).random()
        if roll < 0.45:
            return ResultStatus.SUBMITTED
        if roll < 0.55:
            return ResultStatus.RETURNED
        if roll < 0.65:
            return ResultStatus.DRAFT
        return ResultStatus.APPROVED

    def _reported(self, indicator: Indicator, period: Period, rag: str) -> str:
        """What the council published: its own rating, slipping now and then as hand
        ratings do, so the RAG audit has something to find. Not yet published for the
        latest quarter and month."""
        if period.end >= Period.latest_ended(self.today, Frequency.MONTHLY).start:
            return ""
        if period == self.latest_quarter or rag not in ("GREEN", "AMBER", "RED"):
            return ""
        if self._rng("reported", indicator.code, period.key).random() < 0.03:
            return {"GREEN": "AMBER", "AMBER": "GREEN", "RED": "AMBER"}[rag]
        return rag

    # --- extras -----------------------------------------------------------------------------------

    def make_extras(self) -> None:
        q = self.latest_quarter
        by_title = {p.indicator.title: p.indicator for p in self.plans}
        SeriesBreak.objects.bulk_create([
            SeriesBreak(
                indicator=plan.indicator, period=period.key,
                reason="Counted from first contact instead of from referral, to match the "
                "national return.",
            )
            for plan, period in self._breaks()
        ])
        FormerCode.objects.bulk_create([
            FormerCode(indicator=by_title["Potholes repaired within 28 days"], code="HW/012",
                       until=q.fy.shift(-3).key),
            FormerCode(indicator=by_title["Invoices paid within 30 days"], code="BV8",
                       until=q.fy.shift(-4).key),
        ])
        benchmarks = []
        for plan in self.plans:
            ind = plan.indicator
            if ind.level not in ("corporate_plan_measure", "corporate_kpi"):
                continue
            if ind.code in BENCHMARKED:  # compared on real published figures instead
                continue
            if ind.unit not in ("percent", "ratio") or ind.collection == "cumulative":
                continue
            for y in range(YEARS - 1):
                year = self.first_year.shift(y)
                expected = self._expected(plan, year)
                for comparator in ("England average", "CIPFA nearest neighbours (median)"):
                    r = self._rng("bench", ind.code, year.key, comparator)
                    value = expected * (1 + r.gauss(0, 0.05))
                    if ind.unit == "percent":
                        value = min(100.0, value)
                    benchmarks.append(Benchmark(
                        indicator=ind, comparator=comparator, period=year.key,
                        value=_round(value, ind.decimal_places),
                        source="LG Inform" if comparator.startswith("England") else "CIPFA",
                    ))
        Benchmark.objects.bulk_create(benchmarks)
        self._published_benchmarks()
        self._committees()
        self._approvers()
        self._calendar()
        self._meetings()
        self._returned_reasons()
        self._some_history()

    def _published_benchmarks(self) -> None:
        """Real published figures, brought in by the same import as a council's own
        (perfmgmt/demo/data/README.md says where they come from): Northshire among
        Trafford's CIPFA nearest neighbours on planning applications decided in time."""
        Council.objects.update(area_code=DEMO_AREA_CODE)
        sheets = {name: read_sheet(DATA / name, comments=True) for name in (
            "planning_and_recycling.csv", "metric_map.csv", "northshire_neighbours.csv")}
        codes = {row.get("indicator") for row in sheets["metric_map.csv"].rows}
        matched = Indicator.objects.filter(code__in=codes).count() == len(codes)
        import_benchmarks(
            sheets["planning_and_recycling.csv"], file_name="planning_and_recycling.csv",
            checksum=hashlib.sha256((DATA / "planning_and_recycling.csv").read_bytes())
            .hexdigest(),
            user=self.users["performance"],
            reason="Demo: planning and recycling figures from Trafford Data Lab",
            metric_map=("metric_map.csv", sheets["metric_map.csv"]) if matched else None,
            groups=[("northshire_neighbours.csv", sheets["northshire_neighbours.csv"])],
            now=datetime.combine(self.today - timedelta(days=30), time(11), LONDON),
        )

    def _some_history(self) -> None:
        """A few changes made the ordinary way, so the audit trail has a story to tell."""
        approver = self.users["approver"]
        # Revised at the mid-year review for the quarters still to report: the year's
        # target rated the quarters already reported to committee, so it stays as it was.
        still_to_report = [q for q in self.current_year.periods_of(Frequency.QUARTERLY)
                           if q.end > self.latest_quarter.end]
        for code in ("EI1-01", "EI1A-03"):
            annual = Target.objects.filter(
                indicator__code=code, period=self.current_year.key
            ).select_related("indicator").first()
            if annual is None or annual.target is None:  # a bigger council from these parts
                continue
            step = 1 if annual.indicator.polarity == "higher" else -1
            for quarter in still_to_report:
                revised = Target(indicator=annual.indicator, period=quarter.key,
                                 target=annual.target + step, set_by=approver,
                                 target_type="improve",
                                 rationale="New contractor in post from October")
                revised._history_user = approver
                revised._change_reason = "Revised at the mid-year review: new contractor in post"
                revised.save()
        # The quarter before the latest has been reported; a data cleanse then found
        # duplicates in two services' records, so the performance team records corrections
        # after issue, which the next report lists under "corrections to figures reported
        # earlier" and the public pages show with a note (EI03 is published).
        earlier = self.latest_quarter.previous()
        for code in self.CORRECTED:
            result = Result.objects.select_related("indicator").filter(
                indicator__code=code, period=earlier.key, status=ResultStatus.APPROVED
            ).exclude(actual=None).first()
            if result is None or not entry.is_locked(result, self.today):
                continue
            Result.history.bulk_history_create(
                [result], default_change_reason="Loaded",
                default_date=datetime.combine(earlier.end + timedelta(days=21), time(9), LONDON),
            )
            corrected = _cleansed(result.actual, result.indicator)
            entry.correct_after_issue(
                self.users["performance"], result, corrected,
                self._corrected_commentary(result, corrected),
                "The data cleanse found duplicate records: the figure reported was "
                "overstated by about 3%.",
                self.today, now=datetime.combine(self.today - timedelta(days=6), time(10, 15),
                                                 LONDON),
            )

    def _corrected_commentary(self, result: Result, corrected: Decimal) -> str:
        """The commentary rewritten for the corrected figure, with the same reason."""
        ind, period = result.indicator, result.period_obj
        book = RatingBook.load(self.today, only=[ind.pk])
        book.suppose(ind.pk, period, corrected)
        rating = book.rate(ind.pk, period)
        rag = rating.assessment.rag.value
        if rag not in cat.REASONS:
            return "Figure corrected after the data cleanse."
        text = self._commentary(
            ind, rag, corrected, rating.rules.target, rating.previous,
            bool(result.improvement_activity), self._rng("correction", ind.code),
        )
        return f"{text} Figure corrected after the data cleanse."

    def _approvers(self) -> None:
        """Directors approve for their directorate, heads of service for their service."""
        for directorate, (_, services) in self.structure.items():
            self.units[directorate].approvers.add(self.users[f"director.{_slug(directorate)}"])
            for service in services:
                self.units[service].approvers.add(self.users[f"head.{_slug(service)}"])
        self.units["Highways"].approvers.add(self.users["approver"])

    def _calendar(self) -> None:
        """Deadlines for every quarter, month and year; reports issued for all but the
        latest quarter and month (a year's annual figures with the report after it ends).

        The latest quarter's entry deadline passed two days ago (so some results are
        overdue) and sign-off closes in ten days."""
        rows = []
        latest_month = Period.latest_ended(self.today, Frequency.MONTHLY)
        for frequency in (Frequency.QUARTERLY, Frequency.MONTHLY, Frequency.ANNUAL):
            period = Period.containing(self.first_year.start, frequency)
            while period.end < self.today:
                current = period in (self.latest_quarter, latest_month)
                entry = period.end + timedelta(days=21)
                signoff = period.end + timedelta(days=35)
                if period == self.latest_quarter:
                    entry, signoff = self.today - timedelta(days=2), self.today + timedelta(days=10)
                issued = period.end + timedelta(days=50)
                rows.append(ReportingPeriod(
                    period=period.key, entry_deadline=entry, signoff_deadline=signoff,
                    issued_on=None if current or issued > self.today else issued,
                ))
                period = period.next()
        ReportingPeriod.objects.bulk_create(rows)

    def _returned_reasons(self) -> None:
        """Every returned result says why it came back."""
        reasons = [
            "The commentary does not explain the dip against last quarter: please add why.",
            "The figure does not match the monthly returns: please check the September count.",
            "Please add the improvement activity agreed at DLT.",
        ]
        now = datetime.combine(self.today, time(9), LONDON)
        transitions = []
        for result in Result.objects.filter(status=ResultStatus.RETURNED).select_related(
            "indicator__org_unit"
        ):
            approver = result.indicator.accountable_officer
            rng = self._rng("returned", result.indicator.code)
            transitions.append(ResultTransition(
                result=result, from_status=ResultStatus.SUBMITTED,
                to_status=ResultStatus.RETURNED, by=approver, at=now,
                reason=rng.choice(reasons),
            ))
        ResultTransition.objects.bulk_create(transitions)

    def _committees(self) -> None:
        """Boards and committees as the framework documents describe them (Worcestershire:
        COG quarterly, Corporate Business Board quarterly, Cabinet at Q2 and Q4, scrutiny
        panels quarterly, the Corporate Plan measures annually to the Overview and
        Scrutiny Performance Board; Cambridgeshire: CLT's monthly organisational
        scorecard, an audit committee), with a meeting for each period they are reported.
        """
        units = self.units
        year_start = self.current_year.start
        corporate = ["corporate_plan_measure", "corporate_kpi"]
        specs = [
            # name, slug, kind, frequency, quarters, levels, corporate, exceptions, units,
            # pillars, agreed by, purpose
            ("Chief Officer Group", "cog", Committee.Kind.OFFICER_BOARD, "quarterly", "",
             [], True, False, [], [], "Chief Officer Group",
             "Reviews the corporate KPIs each quarter and the effectiveness of improvement "
             "activity on exceptions."),
            ("Corporate Leadership Team", "clt", Committee.Kind.OFFICER_BOARD, "monthly", "",
             [], True, False, [], [], "Corporate Leadership Team",
             "The monthly organisational scorecard."),
            ("Corporate Business Board", "cbb", Committee.Kind.OFFICER_BOARD, "quarterly", "",
             corporate, False, False, [], [], "Chief Officer Group",
             "Reviews the Performance and Risk Report each quarter before Cabinet."),
            ("Cabinet", "cabinet", Committee.Kind.CABINET, "six_monthly", "2, 4",
             corporate, False, False, [], [], "Chief Officer Group",
             "Endorses the Performance and Risk Report at the end of Q2 and Q4."),
            ("Overview and Scrutiny Performance Board", "ospb", Committee.Kind.SCRUTINY,
             "annual", "4", ["corporate_plan_measure"], False, False, [], [],
             "Chief Officer Group", "The annual report on the Corporate Plan measures."),
            ("Children and Families Overview and Scrutiny Panel", "children-scrutiny",
             Committee.Kind.SCRUTINY, "quarterly", "", [], False, False,
             ["Children and Families"], [2], "Chief Officer Group",
             "Quarterly assurance on children's services performance."),
            ("Adult Care and Well-being Overview and Scrutiny Panel", "adults-scrutiny",
             Committee.Kind.SCRUTINY, "quarterly", "", [], False, False,
             ["Adult Social Care and Health"], [3], "Chief Officer Group",
             "Quarterly assurance on adult social care performance."),
            ("Environment Overview and Scrutiny Panel", "environment-scrutiny",
             Committee.Kind.SCRUTINY, "quarterly", "", [], False, False,
             ["Environment and Infrastructure"], [4], "Chief Officer Group",
             "Quarterly assurance on highways, waste and transport."),
            ("Corporate and Communities Overview and Scrutiny Panel", "corporate-scrutiny",
             Committee.Kind.SCRUTINY, "quarterly", "", [], False, False,
             ["Resources", "Economy and Communities"], [1], "Chief Officer Group",
             "Quarterly assurance on corporate services and the economy."),
            ("Audit and Governance Committee", "audit", Committee.Kind.AUDIT, "quarterly", "",
             [], False, True, ["Resources"], [], "Audit and Governance Committee",
             "Assurance on the performance management arrangements: exceptions in "
             "corporate services."),
            ("Environment and Infrastructure Directorate Leadership Team", "ei-dlt",
             Committee.Kind.OFFICER_BOARD, "monthly", "", [], False, False,
             ["Environment and Infrastructure"], [], "Director of Environment and "
             "Infrastructure", "The directorate's monthly performance dashboard review."),
        ]
        for (name, slug, kind, frequency, quarters, levels, corporate_only, exceptions_only,
             remit, pillars, agreed_by, purpose) in specs:
            committee = Committee.objects.create(
                name=name, slug=slug, kind=kind, frequency=frequency,
                reporting_quarters=quarters, remit_levels=levels,
                corporate_only=corporate_only, exceptions_only=exceptions_only,
                remit_agreed_by=agreed_by, remit_agreed_on=year_start + timedelta(days=14),
                purpose=purpose,
            )
            committee.remit_org_units.set([units[u] for u in remit])
            committee.remit_pillars.set([self.pillars[n] for n in pillars])
        # COG also looks at two service PIs it asked for by name.
        cog = Committee.objects.get(slug="cog")
        for plan in [p for p in self.plans if p.indicator.level == "service_pi"][:2]:
            RemitIndicator.objects.create(
                committee=cog, indicator=plan.indicator, agreed_by="Chief Officer Group",
                agreed_on=year_start + timedelta(days=14),
            )

    def _meetings(self) -> None:
        """A meeting for every period each committee is reported, from last year to the
        latest: a week after its papers are issued (the period's report)."""
        calendar = {row.period: row for row in ReportingPeriod.objects.all()}
        meetings = []
        first = self.current_year.shift(-1)
        for committee in Committee.objects.all():
            schedule = committee.schedule()
            frequency = Frequency.MONTHLY if committee.frequency == "monthly" else (
                Frequency.QUARTERLY)
            start = Period.containing(first.start, frequency)
            latest = Period.latest_ended(self.today, frequency)
            for period in schedule.periods_between(start, latest):
                row = calendar.get(period.key)
                if row is None:
                    continue
                papers = row.issued_on or row.signoff_deadline + timedelta(days=7)
                meetings.append(Meeting(committee=committee, period=period.key,
                                        date=papers + Meeting.PAPERS_BEFORE))
        Meeting.objects.bulk_create(meetings)


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower().replace(" ", "-") if ch.isalnum() or ch == "-")


def _letters(n: int) -> str:
    """A team's letter in its indicator codes: A to Z, then AA, AB and so on."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _round(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places))


def _cleansed(actual: Decimal, indicator: Indicator) -> Decimal:
    """The figure after the demo's data cleanse: duplicates overstated it by about 3%."""
    return (actual * Decimal("0.97")).quantize(Decimal(1).scaleb(-indicator.decimal_places))


def _target(indicator: Indicator, period: Period, target: Decimal, stretch) -> Target:
    return Target(
        indicator=indicator, period=period.key, period_start=period.start,
        period_end=period.end, target=target, stretch_target=stretch,
    )


def build_demo(seed: int = 2025, today: date | None = None) -> DemoSummary:
    """Build the whole demo council in one transaction."""
    today = today or date.today()
    builder = DemoBuilder(seed, today)
    with transaction.atomic():
        builder.make_users()
        builder.make_structure()
        builder.make_indicators()
        builder.make_tolerance_overrides()
        targets = builder.make_targets()
        results = builder.make_results(targets)
        builder.make_extras()
        build_risks(builder)
        set_register_owners(builder)  # perfmgmt/demo/riskscreens.py
        make_actions_and_plans(builder)  # perfmgmt/demo/actions.py
        make_members(builder)  # portfolios, requests, escalations, finance, plans
        make_escalations(builder)  # resolved escalations: perfmgmt/demo/escalations.py
        build_lifecycle(builder)
        make_breakdowns(builder)  # perfmgmt/demo/breakdowns.py
        link_actions_to_plans(builder)  # perfmgmt/demo/deliveryscreens.py
        correct_a_breakdown(builder)  # perfmgmt/demo/asreported.py
    return DemoSummary(
        indicators=len(builder.plans),
        results=results,
        targets=len(targets),
        users=len(builder.users),
        latest_quarter=builder.latest_quarter,
    )
