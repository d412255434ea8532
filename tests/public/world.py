"""A small council for the public pages' tests, with secrets planted where the public must
never see them.

Today is 23 November 2026 (``tests.views.entry_helpers.frozen``). Reports issued: Q4 2025/26
(20 May 2026), Q1 2026/27 (19 August 2026), June and July 2026, and the year 2025/26.
Not issued: Q3 2025/26 (in the calendar, no issue date), Q2 2026/27 (to be issued on
1 December 2026, after today), September 2026; August 2026 and 2024/25 are not in the
calendar at all.

Every figure the public must not see is a distinctive number (``SECRET_VALUES``), every
internal note a distinctive word (``SECRET_TEXT``), and every person has a name found
nowhere else (``PEOPLE``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from governance.models import BoardNote, Committee, ReportingPeriod
from kpis import entry
from kpis.models import Indicator, Pillar, Result, ResultStatus, ResultTransition
from kpis.models.organisation import CorporatePlan
from tests.factories import add_target, make_indicator, make_org_unit
from tests.views.entry_helpers import TODAY, approver, officer, performance_team

LONDON = ZoneInfo("Europe/London")

ISSUED = {
    "2025-26-Q4": date(2026, 5, 20),
    "2026-27-Q1": date(2026, 8, 19),
    "2026-06": date(2026, 7, 20),
    "2026-07": date(2026, 8, 20),
    "2025-26": date(2026, 6, 30),
}
NOT_ISSUED = {"2025-26-Q3": None, "2026-27-Q2": date(2026, 12, 1), "2026-09": None}

# username, first name, last name: nobody else in the world has these words.
PEOPLE = {
    "owner": ("zquill", "Zebedee", "Quillfeather"),
    "approver": ("obramble", "Ottoline", "Bramblewick"),
    "performance": ("psnod", "Perpetua", "Snodgrass"),
    "director": ("bthistle", "Barnaby", "Thistlewood"),
}

# Figures the public must never see, and why.
SECRET_VALUES = {
    "555111.5": "approved, for a period whose report has no issue date",
    "444222.5": "approved, for a period whose report is issued only after today",
    "987654.321": "a draft in an issued period",
    "876543.219": "awaiting sign-off in an issued period",
    "765432.123": "returned for rework in an issued period",
    "333444.5": "approved, for a month whose report is not issued",
    "222333.5": "approved, for a month not in the reporting calendar",
    "636363.5": "approved, for a year not in the reporting calendar",
    "13579.2468": "approved, of an unpublished indicator",
    "24680.1357": "approved, of an unpublished indicator a published one rolls up",
}
SECRET_TEXT = {
    "SECRET1": "an unpublished indicator's code",
    "Unpublished zebra measure": "an unpublished indicator's title",
    "CHILD1": "an unpublished child's code",
    "Unpublished child alpha": "an unpublished child's title",
    "Boardnotesecret": "a board note",
    "Qualitysecret": "a data quality note",
    "Returnedsecret": "the reason a result was returned",
    "Draftsecret": "a draft's commentary",
    "Submittedsecret": "improvement activity awaiting sign-off",
}


@dataclass
class World:
    people: dict
    pub1: Indicator
    pub2: Indicator
    pub6: Indicator
    rollup: Indicator
    secret: Indicator


def _result(ind, period, actual, status=ResultStatus.APPROVED, **fields) -> Result:
    return Result.objects.create(
        indicator=ind, period=period, status=status,
        actual=None if actual is None else Decimal(str(actual)), **fields,
    )


def build_world() -> World:
    people = {}
    for role, (username, first, last) in PEOPLE.items():
        make = {"owner": officer, "approver": approver, "performance": performance_team,
                "director": officer}[role]
        people[role] = make(username, first_name=first, last_name=last)
    owner = people["owner"]
    for key, issued_on in {**ISSUED, **NOT_ISSUED}.items():
        ReportingPeriod.objects.create(period=key, entry_deadline=date(2026, 1, 1),
                                       signoff_deadline=date(2026, 1, 1), issued_on=issued_on)
    plan = CorporatePlan.objects.create(title="Plan", starts="2024-25", ends="2027-28")
    clean = Pillar.objects.create(plan=plan, number=1, title="A clean and green county")
    care = Pillar.objects.create(plan=plan, number=2, title="Caring for people")
    unit = make_org_unit("Place / Street Scene / Rounds Team")
    people_fields = {"owner": owner, "accountable_officer": people["approver"],
                     "org_unit": unit}

    def indicator(code, title, published=True, pillar=clean, **fields):
        ind = make_indicator(code, title=title, published=published,
                             **{**people_fields, **fields})
        if pillar:
            ind.pillars.add(pillar)
        return ind

    pub1 = indicator("PUB1", "Residents satisfied with street cleaning", decimal_places=2)
    add_target(pub1, "2025-26", 80)
    add_target(pub1, "2026-27", 80)
    _result(pub1, "2025-26-Q4", "78.5", entered_by=owner, commentary="A wet spring.")
    q1 = _result(pub1, "2026-27-Q1", "82.25", entered_by=owner, reported_rag="GREEN",
                 commentary="Better weather helped.", data_quality_note="Qualitysecret")
    _result(pub1, "2025-26-Q3", "555111.5", entered_by=owner)
    _result(pub1, "2026-27-Q2", "444222.5", entered_by=owner)
    committee = Committee.objects.create(name="Cabinet", slug="cabinet", kind="cabinet")
    BoardNote.objects.create(committee=committee, period="2026-27-Q1", indicator=pub1,
                             note="Boardnotesecret", by=people["director"], at=timezone.now())
    ResultTransition.objects.create(result=q1, from_status="submitted", to_status="approved",
                                    by=people["approver"], at=timezone.now())

    pub2 = indicator("PUB2", "Missed bins put right the next day")
    _result(pub2, "2025-26-Q4", "765432.123", ResultStatus.RETURNED, entered_by=owner)
    returned = Result.objects.get(indicator=pub2, period="2025-26-Q4")
    ResultTransition.objects.create(result=returned, from_status="submitted",
                                    to_status="returned", by=people["approver"],
                                    at=timezone.now(), reason="Returnedsecret")
    _result(pub2, "2026-27-Q1", "987654.321", ResultStatus.DRAFT, entered_by=owner,
            commentary="Draftsecret")

    pub3 = indicator("PUB3", "Graffiti removed within five days", pillar=care)
    add_target(pub3, "2025-26", 45)
    _result(pub3, "2025-26-Q4", "50", entered_by=owner)
    _result(pub3, "2026-27-Q1", "876543.219", ResultStatus.SUBMITTED, entered_by=owner,
            improvement_activity="Submittedsecret")

    pub4 = indicator("PUB4", "Streets graded clean on inspection", frequency="monthly",
                     decimal_places=1)
    add_target(pub4, "2026-27", 90)
    for period, value in [("2026-06", "91.5"), ("2026-07", "92.5"), ("2026-08", "222333.5"),
                          ("2026-09", "333444.5")]:
        _result(pub4, period, value, entered_by=owner)

    pub5 = indicator("PUB5", "Trees planted per 1,000 residents", frequency="annual",
                     unit="ratio", pillar=None, decimal_places=1)
    _result(pub5, "2025-26", "64.5", entered_by=owner)
    _result(pub5, "2024-25", "636363.5", entered_by=owner)

    pub6 = indicator("PUB6", "Fly-tipping incidents cleared", unit="number",
                     polarity="lower")
    add_target(pub6, "2026-27", 125)
    corrected = _result(pub6, "2026-27-Q1", "120", entered_by=owner,
                        commentary="Fewer reports. Ask Zebedee  quillfeather for details.")
    entry.correct_after_issue(
        people["performance"], corrected, Decimal("116"), corrected.commentary,
        "Duplicate reports removed by Perpetua Snodgrass.", TODAY,
        now=datetime(2026, 11, 2, 10, tzinfo=LONDON),
    )

    rollup = indicator("PUB7", "Bulky waste collections (all rounds)", unit="number",
                       aggregation="sum", pillar=care)
    for code, title, value in [("CHILD1", "Unpublished child alpha", "24680.1357"),
                               ("CHILD2", "Unpublished child beta", "10")]:
        child = indicator(code, title, published=False, pillar=None, unit="number",
                          parent=rollup, decimal_places=4)
        _result(child, "2026-27-Q1", value, entered_by=owner)

    secret = indicator("SECRET1", "Unpublished zebra measure", published=False)
    add_target(secret, "2026-27", 80)
    _result(secret, "2026-27-Q1", "13579.2468", entered_by=owner, commentary="Hidden.")
    return World(people=people, pub1=pub1, pub2=pub2, pub6=pub6, rollup=rollup, secret=secret)
