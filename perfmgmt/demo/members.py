"""The demo's members and money: Cabinet portfolios and their holders, the committees'
requests (open, answered, overdue, closed), a performance issue escalated from the
service to the directorate and on to the corporate level, the revenue budget position for
the latest two quarters (imported as the finance system's export would be), and the
register of plans and strategies.

Called once from ``build_demo`` after ``make_extras``, with the builder."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from governance import members
from governance.delivery import Action
from governance.finance_import import import_finance
from governance.models import Committee, Meeting, PlanOrStrategy
from kpis.models import Indicator, OrgUnit, Portfolio
from kpis.roles import COUNCILLORS, ensure_role_groups
from kpis.spreadsheets import Row, Sheet
from reporting.periods import Period

if TYPE_CHECKING:
    from perfmgmt.demo import DemoBuilder

# Portfolio, slug, the directorate it covers, the holder (username, first, last)
PORTFOLIOS = [
    ("Children and Young People", "children", "Children and Families",
     ("cllr.evans", "Jo", "Evans")),
    ("Adult Social Care and Health", "adults", "Adult Social Care and Health",
     ("cllr.okafor", "Grace", "Okafor")),
    ("Environment and Highways", "environment", "Environment and Infrastructure",
     ("cllr.hughes", "Rhys", "Hughes")),
    ("Economy and Communities", "economy", "Economy and Communities",
     ("cllr.shah", "Imran", "Shah")),
    ("Finance and Corporate Services", "finance", "Resources", ("councillor", "", "")),
]

# Committees whose packs carry the financial position (Herefordshire's "Budget &
# Performance Report", North West Leicestershire's quarterly position to Cabinet).
TAKES_FINANCE = ["cabinet", "cbb", "cog", "corporate-scrutiny"]

# A service's revenue budget, £ thousands, before the demo's seeded variation.
BUDGETS = {
    "Children and Families": 180_000, "Adult Social Care and Health": 240_000,
    "Environment and Infrastructure": 95_000, "Economy and Communities": 28_000,
    "Resources": 42_000,
}
PRESSURES = {  # services under pressure this year, and what the finance team says
    "Children's Social Care": (Decimal("0.085"), "Placement costs: four more high-cost "
                               "residential placements than budgeted."),
    "Adult Social Care": (Decimal("0.041"), "Home care hours up 6% on the budget; the "
                          "reablement offer is expected to bring demand down by Q4."),
    "Waste Management": (Decimal("0.032"), "Disposal gate fees rose in October."),
    "Highways": (Decimal("-0.05"), "Winter maintenance reserve not yet drawn on."),
    "Digital and IT": (Decimal("-0.03"), "Vacancies held pending the restructure."),
}

REQUESTS = {
    # committee slug: [(kind, what was asked, who asked, the indicators it is about, the
    # answer given)]: each names the indicators it asks about, and its answer answers it
    "children-scrutiny": [
        ("information", "The panel asked for a breakdown of assessments completed within "
         "45 days by locality, and for the reasons for the delays in the north.",
         "Cllr Mary Fletcher", ("CF02",),
         "The breakdown by locality is in the briefing note circulated on the date shown. "
         "The delays in the north follow two social worker vacancies, both now filled; the "
         "service expects to be back within 45 days by the end of the next quarter."),
        ("call_in", "The panel called in the performance on EHCP plans issued within 20 "
         "weeks: red for a second quarter. The service is asked to attend the next meeting "
         "with its recovery plan.", "Cllr Tom Whitehead", ("CP08", "CF1B-04"),
         "The recovery plan clears the backlog of assessments older than 20 weeks by March "
         "with two agency educational psychologists; the head of SEND will present it."),
    ],
    "environment-scrutiny": [
        ("elevated", "Missed bin collections: the panel elevated the matter for further "
         "examination at a task and finish group.", "Cllr Alan Birch", ("EI04",),
         "The task and finish group has met twice. The new round sheets from January move "
         "the worst-served streets to the start of each round, which should halve missed "
         "collections."),
        ("information", "The panel asked how the pothole repair times compare with the "
         "neighbouring councils, and what the new contract will change.", "Cllr Sue Patel",
         ("EI01",),
         "The comparison shows the council in the middle of its CIPFA nearest neighbours. "
         "The new contract sets a 21-day repair standard with penalties from April."),
    ],
    "adults-scrutiny": [
        ("recommendation", "The panel recommends to Cabinet that the reablement service be "
         "extended to weekend discharges, given the delayed transfers of care.",
         "Cllr Grace Kaur", ("CP18", "ASC1A-02"),
         "Cabinet accepted the recommendation: weekend discharges to reablement start as a "
         "pilot in the north in February, funded from the Better Care Fund."),
        ("information", "The panel asked for the number of safeguarding enquiries concluded "
         "within 28 days, by team, for the last four quarters.", "Cllr Peter Moss",
         ("ASC02",),
         "A note with the figures by team was sent to the panel's members. Concluded "
         "enquiries within 28 days rose from 71% to 78% over the four quarters."),
    ],
    "corporate-scrutiny": [
        ("information", "The panel asked why sickness absence rose in Q1, and which "
         "services account for the rise.", "Cllr Helen Roberts", ("RES-D02", "EC-D02"),
         "Long-term absences in the contact centre and in revenues account for the rise; the "
         "figures by service were sent to the panel's members, and return-to-work "
         "interviews are now checked each month."),
        ("call_in", "The panel called in the invoice payment performance: below target for "
         "three quarters running.", "Cllr David Lowe", ("RES01",),
         "Invoices are held while the new finance system's approval routes are set up; "
         "the backlog is expected to clear by the end of the quarter."),
    ],
}
# One more from the corporate panel's meeting before last, never answered: overdue.
AGENCY_STAFF = ("The panel asked for the cost of agency staff by directorate, and the plan "
                "to reduce it.", "Cllr Helen Roberts")

PLANS = [
    # title, kind, directorate (None: corporate), approved by, review in months, which
    # indicators measure it (a level, or words in the title)
    ("Northshire Corporate Plan", "plan", None, "Full Council", 16,
     ("level", "corporate_plan_measure")),
    ("Children and Young People's Plan", "plan", "Children and Families", "Cabinet", 9,
     ("directorate", "Children and Families")),
    ("Adult Social Care Strategy", "strategy", "Adult Social Care and Health", "Cabinet", 4,
     ("directorate", "Adult Social Care and Health")),
    ("Local Transport Plan", "plan", "Environment and Infrastructure", "Cabinet", 20,
     ("words", "road pothole transport bus")),
    ("Waste and Recycling Strategy", "strategy", "Environment and Infrastructure", "Cabinet",
     -2, ("words", "waste recycl bin landfill")),
    ("Economic Growth Strategy", "strategy", "Economy and Communities", "Cabinet", 11,
     ("directorate", "Economy and Communities")),
    ("Medium Term Financial Strategy", "strategy", "Resources", "Full Council", 3,
     ("words", "invoice council tax business rates")),
    ("Digital Strategy", "strategy", "Resources", "Chief Officer Group", 14, ("none", "")),
    ("Community Safety Partnership Plan", "partnership", None,
     "Community Safety Partnership", -1, ("words", "anti-social crime")),
]


def make_members(builder: DemoBuilder) -> None:
    holders = _holders(builder)
    _portfolios(builder, holders)
    Committee.objects.filter(slug__in=TAKES_FINANCE).update(takes_finance=True)
    _finance(builder, builder.latest_quarter.shift(-1))
    _finance(builder, builder.latest_quarter)
    _requests(builder)
    _escalation(builder)
    _plans(builder)


def _holders(builder: DemoBuilder) -> dict[str, object]:
    User = get_user_model()
    groups = ensure_role_groups()
    password = make_password("demo-password-2025")
    found = {}
    for _, _, _, (username, first, last) in PORTFOLIOS:
        user = builder.users.get(username)
        if user is None:
            user = User.objects.create(
                username=username, first_name=first, last_name=last, password=password,
                email=f"{username}@northshire.example",
            )
            user.groups.add(groups[COUNCILLORS])
            builder.users[username] = user
        found[username] = user
    return found


def _portfolios(builder: DemoBuilder, holders: dict[str, object]) -> None:
    for name, slug, directorate, (username, _, _) in PORTFOLIOS:
        portfolio = Portfolio.objects.create(
            name=name, slug=slug, holder=holders[username],
            description=f"The Cabinet member's portfolio: {directorate.lower()}'s services.",
        )
        Indicator.objects.filter(org_unit__path__startswith=directorate).update(
            portfolio=portfolio
        )
        Action.objects.filter(org_unit__path__startswith=directorate).update(
            portfolio=portfolio
        )


def _finance(builder: DemoBuilder, quarter: Period) -> None:
    """The position as the finance system exports it, through the same import."""
    rows = []
    number = 1
    for directorate, (_, services) in builder.structure.items():
        share = Decimal(BUDGETS[directorate]) * 1000 / (len(services) + 1)
        lines = [("", share / 4, Decimal(0), "")] + [
            (service, share * Decimal(1 + (i % 3)) / 2, *PRESSURES.get(service, (None, "")))
            for i, service in enumerate(services)
        ]
        for service, budget, pressure, commentary in lines:
            rng = builder._rng("finance", quarter.key, directorate, service)
            budget = (budget / 1000).quantize(Decimal(1)) * 1000
            drift = Decimal(str(round(rng.gauss(0, 0.008), 4)))
            # A pressure grows through the year: half of it at Q1, all of it by Q4.
            grown = (pressure or Decimal(0)) * (Decimal(quarter.index + 2) / 6)
            forecast = (budget * (1 + grown + drift)).quantize(Decimal(1))
            number += 1
            rows.append(Row(number=number, cells={
                "directorate": directorate, "service": service,
                "budget": str(budget), "forecast": str(forecast),
                "commentary": commentary if pressure else "",
            }))
    sheet = Sheet(columns=["directorate", "service", "budget", "forecast", "commentary"],
                  rows=rows)
    when = datetime.combine(quarter.end + timedelta(days=24), time(10), tzinfo=_tz())
    import_finance(sheet, period=quarter, file_name=f"revenue-monitoring-{quarter.key}.xlsx",
                   content=f"demo {quarter.key}".encode(), user=builder.users["performance"],
                   now=min(when, datetime.combine(builder.today, time(8), tzinfo=_tz())))


def _tz():
    from perfmgmt.demo import LONDON

    return LONDON


def _requests(builder: DemoBuilder) -> None:
    """Each scrutiny panel's requests from its last two meetings: one closed, one answered,
    some open and some overdue."""
    today = builder.today
    performance = builder.users["performance"]
    for slug, asks in REQUESTS.items():
        committee = Committee.objects.get(slug=slug)
        held = list(Meeting.objects.filter(committee=committee, date__lte=today)
                    .order_by("-date")[:2])
        if len(held) < 2:
            continue
        last, before = held
        coming = Meeting.objects.filter(committee=committee, date__gt=today).order_by(
            "date").first()
        directorates = [u.path for u in committee.remit_org_units.all()]
        indicators = list(
            Indicator.objects.filter(org_unit__path__startswith=directorates[0])
            .select_related("owner").order_by("code")
        ) if directorates else list(Indicator.objects.order_by("code"))
        for n, (kind, text, member, codes, reply) in enumerate(asks):
            meeting = before if n == 0 else last
            about = _named(codes) or indicators[:1]
            officer = _officer(about, performance)
            # The first from the meeting before last; the rest due by the next meeting
            # (the children's panel's call-in was due a month after it was made: overdue).
            due = meeting.date + timedelta(days=28)
            if n and coming is not None and slug != "children-scrutiny":
                due = coming.date - Meeting.PAPERS_BEFORE
            request = members.record_request(
                committee=committee, meeting=meeting, kind=kind, indicators=about,
                raised=text, raised_by=member, raised_on=meeting.date, assigned_to=officer,
                due_on=due, user=performance,
            )
            answered_on = meeting.date + timedelta(days=21)
            if n == 0 and answered_on <= today:
                # From the meeting before last: answered, and closed at the last meeting.
                members.answer(request, reply, officer, _at(answered_on))
                members.close(request, "The panel accepted the answer.", performance,
                              _at(last.date, 18))
            elif slug in ("environment-scrutiny", "adults-scrutiny") and answered_on <= today:
                members.answer(request, reply, officer, _at(answered_on))
        if slug == "corporate-scrutiny":
            about = [i for i in indicators if i.title.startswith("Agency staff")][:2]
            about = about or indicators[:1]
            text, member = AGENCY_STAFF
            members.record_request(
                committee=committee, meeting=before, kind="information", indicators=about,
                raised=text, raised_by=member, raised_on=before.date,
                assigned_to=_officer(about, performance),
                due_on=before.date + timedelta(days=28), user=performance,
            )


def _named(codes) -> list[Indicator]:
    """The indicators with these codes, in the order named."""
    found = {i.code: i for i in Indicator.objects.filter(code__in=codes).select_related("owner")}
    return [found[code] for code in codes if code in found]


def _officer(about: list[Indicator], performance):
    """Who answers: the owner of the first indicator owned outside the performance team."""
    for indicator in about:
        if indicator.owner_id and indicator.owner_id != performance.pk:
            return indicator.owner
    return performance


def _at(day, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=_tz())


def _escalation(builder: DemoBuilder) -> None:
    """An exception in Environment and Infrastructure escalated by its head of service to
    the directorate leadership team, and by the director on to the Chief Officer Group."""
    from governance.committees import exceptions_at

    quarter = builder.latest_quarter.shift(-1)  # its report is out: the latest is mid-cycle
    flagged = exceptions_at(quarter)
    candidates = list(
        Indicator.objects.filter(pk__in=flagged,
                                 org_unit__path__startswith="Environment and Infrastructure")
        .select_related("org_unit").order_by("code")
    )
    if not candidates:
        return
    dlt = Committee.objects.get(slug="ei-dlt")
    cog = Committee.objects.get(slug="cog")
    parts = candidates[0].org_unit.path.split(OrgUnit.SEPARATOR)
    director = builder.users.get(f"director.{_slug(parts[0])}")
    head = builder.users.get(f"head.{_slug(parts[1])}") if len(parts) > 1 else director
    issued = builder.latest_quarter.start + timedelta(days=40)
    first = candidates[0]
    members.escalate(
        indicator=first, period=quarter.key, to_board=dlt, user=head,
        reason="Red for two quarters running and the improvement plan agreed in the summer "
        "has not moved the figure: the service needs the directorate's help with the "
        "contractor.", now=_at(min(issued, builder.today)),
    )
    members.escalate(
        indicator=first, period=quarter.key, to_board=cog, user=director,
        reason="The contractor's recovery plan has failed a second time. The directorate "
        "asks the Chief Officer Group to agree additional capacity from the corporate "
        "contingency.", now=_at(min(issued + timedelta(days=14), builder.today)),
    )
    if len(candidates) > 1:
        second = candidates[1]
        parts = second.org_unit.path.split(OrgUnit.SEPARATOR)
        members.escalate(
            indicator=second, period=quarter.key, to_board=dlt,
            user=builder.users.get(f"head.{_slug(parts[1])}") if len(parts) > 1 else director,
            reason="A new and emerging issue: two vacancies in the team have slowed the work "
            "and agency cover is not yet in place.", now=_at(min(issued, builder.today)),
        )


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower().replace(" ", "-") if ch.isalnum() or ch == "-")


def _plans(builder: DemoBuilder) -> None:
    today = builder.today
    indicators = list(Indicator.objects.select_related("org_unit").order_by("code"))
    for title, kind, directorate, approved_by, review_months, (how, what) in PLANS:
        owner_name = (f"director.{_slug(directorate)}" if directorate else "performance")
        plan = PlanOrStrategy.objects.create(
            title=title, kind=kind,
            directorate=builder.units[directorate] if directorate else None,
            owner=builder.users.get(owner_name), approved_by=approved_by,
            approved_on=builder.current_year.start + timedelta(days=30),
            review_on=today + timedelta(days=30 * review_months),
            summary=f"The council's {title.lower()}, with the indicators that measure it.",
        )
        if how == "level":
            chosen = [i for i in indicators if i.level == what]
        elif how == "directorate":
            chosen = [i for i in indicators if i.org_unit.path.startswith(what)
                      and i.level in ("corporate_kpi", "directorate_pi", "service_pi")]
        elif how == "words":
            words = what.split()
            chosen = [i for i in indicators if any(w in i.title.lower() for w in words)]
        else:
            chosen = []
        plan.indicators.set(chosen[:12])
