"""The demo council's delivery plan and improvement plans, caught mid-year.

About thirty actions across the four pillars and most services, each with milestones and
monthly progress notes: most on track, some at risk or off track (a missed milestone, a
due date passed), a few complete; the latest month's notes partly awaiting sign-off, one
returned, some not written yet; a timescale change agreed by CLT. Improvement plans for
most but not all of the indicators red in the latest quarter (so the missing ones show),
some with overdue actions, and one plan closed with its closing note.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from governance.delivery import (
    Action,
    ImprovementAction,
    ImprovementPlan,
    Milestone,
    ProgressNote,
    TimescaleChange,
)
from governance.improvement import needs_plan
from governance.improvement_rules import PlanTrigger
from kpis.models import Indicator, ResultStatus
from reporting.periods import Frequency, Period
from reporting.ratings import RatingBook

if TYPE_CHECKING:
    from perfmgmt.demo import DemoBuilder

# (title, service, pillar number, milestones); the owner is the service's head, or the
# demo officer in Highways so the officer's journey has actions of its own.
ACTIONS: list[tuple[str, str, int, list[str]]] = [
    ("Open two more family hubs", "Early Help", 2,
     ["Sites agreed with partners", "Fit-out complete", "Hubs open to families"]),
    ("Cut the wait for EHC needs assessments", "Education and Skills", 2,
     ["Recruit two educational psychologists", "New triage in place", "Backlog cleared"]),
    ("Recruit and retain more foster carers", "Children's Social Care", 2,
     ["Recruitment campaign launched", "Fostering allowance review agreed",
      "Twelve new households approved"]),
    ("Reduce agency social workers", "Children's Social Care", 2,
     ["Market supplement agreed", "Graduate academy intake", "Agency share below 15%"]),
    ("Publish the school place sufficiency plan", "Education and Skills", 2,
     ["Pupil forecasts refreshed", "Consultation with schools", "Plan published"]),
    ("Expand the reablement service", "Adult Social Care", 3,
     ["Business case approved", "Twelve reablement workers recruited",
      "Seven-day service live"]),
    ("Launch the carers' strategy", "Adult Social Care", 3,
     ["Carers' survey analysed", "Strategy co-produced", "Strategy adopted by Cabinet"]),
    ("Tackle the home care waiting list", "Commissioning", 3,
     ["Framework re-let", "Rural rounds commissioned", "Waiting list under 50"]),
    ("Stop smoking service for pregnant women", "Public Health", 3,
     ["Provider appointed", "Referral pathway with maternity", "Service live"]),
    ("Healthy weight programme in schools", "Public Health", 3,
     ["Ten schools signed up", "Programme delivered", "Evaluation report"]),
    ("Adult safeguarding board annual plan", "Adult Social Care", 3,
     ["Audit of section 42 enquiries", "Training refreshed", "Annual report published"]),
    ("Resurface the priority road network", "Highways", 4,
     ["Programme agreed", "Spring schemes complete", "Autumn schemes complete"]),
    ("Convert street lights to LED", "Highways", 4,
     ["Contract let", "Half the lanterns converted", "All lanterns converted"]),
    ("Pothole repair blitz", "Highways", 4,
     ["Extra gangs mobilised", "Winter damage surveyed", "Backlog under 500"]),
    ("Introduce weekly food waste collections", "Waste Management", 4,
     ["Vehicles ordered", "Caddies delivered to homes", "Collections begin"]),
    ("Reopen the household waste site at Millbrook", "Waste Management", 4,
     ["Planning consent", "Site works", "Site open"]),
    ("Adopt the new Local Plan", "Planning and Transport", 4,
     ["Regulation 19 consultation", "Submission to the Inspector", "Examination hearings"]),
    ("Bus service improvement plan", "Planning and Transport", 4,
     ["Enhanced partnership agreed", "Fares cap in place", "New evening routes"]),
    ("Business support hub for start-ups", "Economic Development", 1,
     ["Hub premises secured", "Advisers appointed", "First cohort supported"]),
    ("Town centre regeneration at Eastgate", "Economic Development", 1,
     ["Masterplan consultation", "Land assembly", "Developer appointed"]),
    ("Library service modernisation", "Libraries and Culture", 1,
     ["Self-service kiosks installed", "Extended opening pilot", "Review of the pilot"]),
    ("Scams awareness campaign", "Trading Standards", 1,
     ["Campaign materials", "Sessions in twenty community venues", "Impact survey"]),
    ("Digital birth registration", "Registration", 1,
     ["System procured", "Staff trained", "Online appointments live"]),
    ("Balance the medium-term financial plan", "Finance", 1,
     ["Savings proposals to Cabinet", "Budget consultation", "Budget set by Council"]),
    ("Speed up invoice payment to small firms", "Finance", 1,
     ["Purchase-to-pay review", "E-invoicing for suppliers", "Ninety-five per cent in 30 days"]),
    ("Workforce strategy and apprenticeships", "HR and Organisational Development", 1,
     ["Strategy agreed", "Forty apprentices started", "Retention review"]),
    ("Move staff email to the cloud", "Digital and IT", 1,
     ["Pilot group migrated", "All staff migrated", "Old servers switched off"]),
    ("Single customer account", "Customer Services", 1,
     ["Platform chosen", "Council tax online", "Waste services online"]),
    ("Cut call waiting times at the contact centre", "Customer Services", 1,
     ["New telephony live", "Call-back option", "Average wait under three minutes"]),
    ("Net zero council estate plan", "Environment and Infrastructure", 4,
     ["Building surveys", "Heat decarbonisation bids", "Plan adopted"]),
]

# What owners write, by how the action is going.
NOTES = {
    "on_track": [
        "Work is going to plan. {m} is next and on course.",
        "Good progress this month; the team met every date so far. Next: {m}.",
        "On track. Partners engaged and budget within the allocation. Next: {m}.",
    ],
    "at_risk": [
        "Supplier delays may push {m} back: we are seeking an alternative and will know "
        "next month.",
        "Two vacancies in the project team put {m} at risk; interim cover requested.",
    ],
    "off_track": [
        "{m} has slipped: the contractor withdrew. A recovery plan goes to the directorate "
        "team next month.",
        "Behind plan: {m} missed because consultation responses took longer to analyse.",
    ],
}


def make_actions_and_plans(builder: DemoBuilder) -> None:
    """The delivery plan and the improvement plans, from the builder's people and units."""
    today = builder.today
    year = builder.current_year
    users = builder.users
    pillars = builder.pillars
    clt = _make_actions(builder, today, year, users, pillars)
    _timescale_change(clt, users, today)
    _improvement_plans(builder, today, users)


def _owner(builder: DemoBuilder, service: str):
    from perfmgmt.demo import _slug

    if service == "Highways":
        return builder.users["officer"]
    key = f"head.{_slug(service)}"
    if key in builder.users:
        return builder.users[key]
    return builder.users[f"director.{_slug(service)}"]


def _signer(builder: DemoBuilder, unit, owner):
    """Who signs off: an approver of the unit or the unit above it who is not the owner."""
    for candidate in (unit, unit.parent):
        if candidate is None:
            continue
        for person in candidate.approvers.all():
            if person.pk != owner.pk:
                return person
    return builder.users["performance"]


def _make_actions(builder: DemoBuilder, today: date, year: Period, users, pillars):
    start = year.start
    end = year.end
    latest_month = Period.latest_ended(today, Frequency.MONTHLY)
    chosen = None
    for n, (title, service, pillar, milestones) in enumerate(ACTIONS, start=1):
        rng = builder._rng("action", n)
        unit = builder.units[service]
        owner = _owner(builder, service)
        signer = _signer(builder, unit, owner)
        # What kind of story: mostly on track, some at risk or off track, a few done.
        story = ("complete" if n % 9 == 0 else "off_track" if n % 7 == 3
                 else "missed" if n % 8 == 5 else "at_risk" if n % 6 == 2
                 else "future" if n == len(ACTIONS) else "on_track")
        starts = start + timedelta(days=rng.randint(0, 60))
        if story == "future":
            starts = today + timedelta(days=20)
        due = end - timedelta(days=rng.randint(0, 90))
        if story == "off_track":
            due = today - timedelta(days=rng.randint(10, 40))
        action = Action(
            reference=f"DP-{n:02d}", title=title, year=year.key, pillar=pillars[pillar],
            org_unit=unit, owner=owner, starts=starts, due=due,
            description=f"Part of the delivery plan for {year.label}: {title.lower()}.",
        )
        if story == "complete":
            action.completed_on = today - timedelta(days=rng.randint(5, 30))
            action.due = action.completed_on + timedelta(days=rng.randint(0, 20))
        action._history_user = owner
        action._change_reason = "Delivery plan agreed"
        action.save()
        if n == 12:
            chosen = action
        span = (action.due - starts).days
        for k, name in enumerate(milestones, start=1):
            when = starts + timedelta(days=span * k // len(milestones))
            if story == "at_risk" and k == len(milestones) - 1 and when > today:
                when = today + timedelta(days=rng.randint(3, 12))  # near: at risk
            missed = story == "missed" and k == 2
            done = None
            if when <= today and not missed:
                done = min(today, when - timedelta(days=rng.randint(0, 6)))
            m = Milestone(action=action, title=name, due=when, completed_on=done)
            m._history_user = owner
            m.save()
        if story == "future":
            continue
        _notes(action, story, starts, latest_month, owner, signer, rng, milestones)
    return chosen


def _notes(action, story, starts, latest_month, owner, signer, rng, milestones) -> None:
    month = Period.containing(starts, Frequency.MONTHLY)
    months = []
    while month.end <= latest_month.end:
        months.append(month)
        month = month.shift(1)
    for i, period in enumerate(months):
        last = i == len(months) - 1
        view = "on_track"
        if story in ("at_risk", "off_track") and i >= len(months) - 2:
            view = story
        text = rng.choice(NOTES[view]).format(m=milestones[min(i // 2, len(milestones) - 1)])
        written = min(timezone.make_aware(_midday(period.end + timedelta(days=3))),
                      timezone.now() - timedelta(hours=2))
        note = ProgressNote(action=action, period=period.key, note=text, owner_says=view,
                            entered_by=owner, entered_at=written)
        # The latest month: some awaiting sign-off, one returned, some still drafts,
        # some not written at all.
        roll = rng.random()
        if last and roll < 0.15:
            continue
        if last and roll < 0.5:
            note.status, note.submitted_by = ResultStatus.SUBMITTED, owner
        elif last and roll < 0.6:
            note.status = ResultStatus.DRAFT
        elif last and roll < 0.67:
            note.status, note.submitted_by = ResultStatus.RETURNED, owner
            note.decided_by = signer
            note.decided_at = min(note.entered_at + timedelta(days=2), timezone.now())
            note.return_reason = "Say what the recovery steps are and when they land."
        else:
            note.status, note.submitted_by = ResultStatus.APPROVED, owner
            note.decided_by = signer
            note.decided_at = min(note.entered_at + timedelta(days=4), timezone.now())
        note._history_user = owner
        note.save()


def _midday(day: date):
    from datetime import datetime, time

    return datetime.combine(day, time(12))


def _timescale_change(action: Action | None, users, today: date) -> None:
    """CLT agrees a later date for one action's milestone and due date."""
    if action is None:
        return
    milestone = action.milestones.filter(completed_on=None).first()
    recorder = users["performance"]
    agreed = today - timedelta(days=18)
    if milestone is not None:
        old = milestone.due
        milestone.due = old + timedelta(days=42)
        milestone._history_user = recorder
        milestone._change_reason = "Timescale changed, agreed by CLT"
        milestone.save()
        TimescaleChange.objects.create(
            action=action, milestone=milestone, old_date=old, new_date=milestone.due,
            reason="Resurfacing contractor's plant diverted to flood repairs after the "
            "October storms; CLT agreed six weeks' grace.",
            agreed_by="CLT", agreed_on=agreed, recorded_by=recorder,
            recorded_at=timezone.now(),
        )
    old = action.due
    action.due = max(old, milestone.due if milestone else old) + timedelta(days=14)
    action._history_user = recorder
    action._change_reason = "Timescale changed, agreed by CLT"
    action.save()
    TimescaleChange.objects.create(
        action=action, old_date=old, new_date=action.due,
        reason="Follows the milestone moved for the storm repairs.", agreed_by="CLT",
        agreed_on=agreed, recorded_by=recorder, recorded_at=timezone.now(),
    )


PLAN_TEXT = {
    "issue": "{title} is red: {why}",
    "action_to_take": "Weekly case review by the service manager; clear the oldest work "
    "first; redeploy two officers from lower-priority work for the quarter.",
    "timescales": "Recovery within two quarters: amber by the end of next quarter, green by "
    "the quarter after.",
    "resources": "Two officers redeployed within the service; overtime up to £12,000 from "
    "the service's contingency.",
    "monitoring": "Monthly at the directorate management team, by the head of service; "
    "quarterly in the performance report to Scrutiny.",
    "measure_of_success": "Back within the target's tolerance for two quarters running.",
}


def _improvement_plans(builder: DemoBuilder, today: date, users) -> None:
    """Plans for most of the indicators red in the latest quarter, but not all; one plan
    closed."""
    quarter = builder.latest_quarter
    indicators = list(Indicator.objects.exclude(status="retired").select_related(
        "owner", "org_unit").order_by("code"))
    book = RatingBook.load(quarter.end, approved_only=True)
    red = []
    for ind in indicators:
        rating = book.rate_latest(ind.pk, quarter.end)
        if rating.period is not None and needs_plan(book, rating, PlanTrigger.RED):
            red.append((ind, rating))
    performance = users["performance"]
    for n, (ind, rating) in enumerate(red):
        if n % 6 == 5:
            continue  # no plan yet: the missing ones the screens flag
        owner = ind.owner or performance
        plan = ImprovementPlan(
            indicator=ind, opened_for=rating.period.key, owner=owner,
            created_by=owner, created_at=timezone.now() - timedelta(days=20),
            **{k: v.format(title=ind.title, why="short of target beyond the tolerance band in "
                           f"{rating.period.label}") for k, v in PLAN_TEXT.items()},
        )
        plan._history_user = owner
        plan.save()
        rng = builder._rng("plan", ind.code)
        for k, what in enumerate(["Review the oldest cases", "Redeploy two officers",
                                  "Report recovery to the directorate team"]):
            due = today + timedelta(days=rng.randint(-30, 60) + 15 * k)
            ImprovementAction.objects.create(
                plan=plan, description=what, owner=owner, due=due,
                completed_on=due if due < today and rng.random() < 0.5 else None,
            )
    # One plan closed, for an indicator that recovered.
    rated_red = {ind.pk for ind, _ in red}
    recovered = next((i for i in indicators if i.pk not in rated_red and i.owner), None)
    if recovered is not None:
        plan = ImprovementPlan(
            indicator=recovered, opened_for=quarter.shift(-3).key, owner=recovered.owner,
            created_by=recovered.owner, created_at=timezone.now() - timedelta(days=280),
            closed_on=today - timedelta(days=40), closed_by=recovered.owner,
            success_met=True,
            closing_note="Back within tolerance for two quarters running after the extra "
            "staffing and weekly reviews. The review meeting continues monthly as "
            "business as usual.",
            **{k: v.format(title=recovered.title, why="short of target beyond the "
                           "tolerance band") for k, v in PLAN_TEXT.items()},
        )
        plan._history_user = recovered.owner
        plan.save()
        ImprovementAction.objects.create(
            plan=plan, description="Weekly case review", owner=recovered.owner,
            due=today - timedelta(days=120), completed_on=today - timedelta(days=125),
        )
