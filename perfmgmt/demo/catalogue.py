"""What the demo council measures: its structure and believable indicators.

Northshire County Council is fictional; its measures are the kind that
Worcestershire, Cambridgeshire and their neighbours publish. Each measure
gives: title, unit, polarity, typical level, yearly trend (relative), noise
(relative), decimal places, frequency, collection, and flags. What each one
means is in ``ABOUT`` (the Corporate Plan measures and corporate KPIs: its
theme, the service that owns it, its definition and the measure it feeds) and
``SCOPED_ABOUT`` (the measures every service or team reports, defined once with
the unit's name in them); ``WHY_IT_MATTERS`` says why, theme by theme.
"""

from __future__ import annotations

from dataclasses import dataclass, field

COUNCIL = "Northshire County Council"

PILLARS = [
    ("Open for business", "A thriving economy with good jobs and skills."),
    ("Children and families", "Every child safe, well and learning."),
    ("Healthy, safe and independent lives", "Adults living well and independently for longer."),
    ("Environment and infrastructure", "Roads, transport and a cleaner, greener county."),
]

# directorate -> {service: [teams]}, pillar number the directorate mostly serves
STRUCTURE: dict[str, tuple[int, dict[str, list[str]]]] = {
    "Children and Families": (2, {
        "Education and Skills": ["School Admissions", "SEND Assessment"],
        "Children's Social Care": ["Assessment and Intervention", "Children in Care"],
        "Early Help": ["Family Hubs"],
    }),
    "Adult Social Care and Health": (3, {
        "Adult Social Care": ["Reablement", "Safeguarding Adults"],
        "Public Health": ["Health Improvement"],
        "Commissioning": [],
    }),
    "Environment and Infrastructure": (4, {
        "Highways": ["Highways Maintenance", "Street Lighting"],
        "Waste Management": ["Recycling", "Waste Disposal"],
        "Planning and Transport": ["Development Management", "Passenger Transport"],
    }),
    "Economy and Communities": (1, {
        "Economic Development": ["Business Support"],
        "Libraries and Culture": ["Library Services"],
        "Trading Standards": [],
        "Registration": [],
    }),
    "Resources": (1, {
        "Finance": ["Revenues", "Payments"],
        "HR and Organisational Development": [],
        "Digital and IT": ["Service Desk"],
        "Customer Services": ["Contact Centre"],
    }),
}


@dataclass(frozen=True)
class Measure:
    title: str
    unit: str
    polarity: str
    level: float
    trend: float = 0.0
    noise: float = 0.05
    places: int = 1
    frequency: str = "quarterly"
    collection: str = "discrete"
    financial: bool = False
    kind: dict = field(default_factory=dict)


def m(title, unit, polarity, level, trend=0.0, noise=0.05, places=1, frequency="quarterly",
      collection="discrete", financial=False, **kind) -> Measure:
    return Measure(title, unit, polarity, level, trend, noise, places, frequency, collection,
                   financial, kind)


# Corporate Plan measures: outcomes for the place, one list per pillar.
PLAN_MEASURES: dict[int, list[Measure]] = {
    1: [
        m("Employment rate of people aged 16 to 64", "percent", "higher", 76.5, 0.004, 0.01,
          frequency="annual", scope="place", source="national"),
        m("Median weekly earnings of full-time workers", "currency", "higher", 640, 0.03, 0.02, 0,
          frequency="annual", scope="place", source="national"),
        m("Business start-ups per 10,000 adults", "ratio", "higher", 52, 0.01, 0.06,
          frequency="annual", scope="place"),
        m("Superfast broadband coverage", "percent", "higher", 95.0, 0.006, 0.005,
          scope="shared"),
        m("Apprenticeship starts (year to date)", "number", "higher", 3200, 0.02, 0.06, 0,
          collection="cumulative", scope="shared"),
        m("Council tax collected (year to date)", "percent", "higher", 97.6, 0.0, 0.004,
          collection="cumulative", financial=True),
    ],
    2: [
        m("Pupils attending a good or outstanding school", "percent", "higher", 86.0, 0.01, 0.02,
          frequency="annual", scope="shared", source="national"),
        m("Education, Health and Care Plans issued within 20 weeks", "percent", "higher", 58.0,
          0.05, 0.12, scope="council", source="statutory"),
        m("Children in care per 10,000 children", "ratio", "none", 68.0, 0.02, 0.03,
          status="contextual"),
        m("Young people not in education, employment or training", "percent", "lower", 4.6,
          -0.03, 0.08, frequency="monthly", scope="shared"),
        m("Children achieving a good level of development at age 5", "percent", "higher", 66.0,
          0.01, 0.02, frequency="annual", scope="shared", source="national"),
        m("Re-referrals to children's social care within 12 months", "percent", "lower", 21.0,
          -0.02, 0.08, source="statutory"),
    ],
    3: [
        m("Adults with learning disabilities in paid employment", "percent", "higher", 5.2,
          0.03, 0.06, source="statutory"),
        m("Older people at home 91 days after reablement", "percent", "higher", 82.0, 0.01,
          0.03, source="statutory"),
        m("Permanent admissions to care homes (65+) per 100,000", "ratio", "lower", 560, -0.02,
          0.07, 0, source="statutory"),
        m("Healthy life expectancy at birth (female)", "number", "higher", 64.1, 0.002, 0.004,
          frequency="annual", scope="place", status="baseline", source="national"),
        m("Smoking prevalence in adults", "percent", "lower", 12.4, -0.04, 0.04,
          frequency="annual", scope="place", source="national"),
        m("Delayed transfers of care from hospital per 100,000", "ratio", "lower", 9.5, -0.03,
          0.12, frequency="monthly", scope="shared"),
    ],
    4: [
        m("Household waste sent for reuse, recycling or composting", "percent", "higher", 44.0,
          0.01, 0.04, scope="shared", source="national"),
        m("Principal roads where maintenance should be considered", "percent", "lower", 4.0,
          -0.02, 0.08, frequency="annual", source="national"),
        m("Council carbon emissions (tonnes CO2e)", "number", "lower", 21500, -0.06, 0.03, 0,
          frequency="annual"),
        m("Bus passenger journeys (millions, year to date)", "number", "higher", 14.2, 0.03,
          0.04, 2, collection="cumulative", scope="place"),
        m("Major planning applications decided on time", "percent", "higher", 90.0, 0.0, 0.06,
          source="statutory"),
        m("Residual household waste per household (kg, year to date)", "number", "lower", 520,
          -0.02, 0.03, 0, collection="cumulative"),
        m("Electric vehicle charge points per 100,000 people", "ratio", "higher", 48.0, 0.25,
          0.05, status="in_development", scope="place"),
    ],
}

# Corporate KPIs by directorate: what chief officers and Cabinet watch.
CORPORATE_KPIS: dict[str, list[Measure]] = {
    "Children and Families": [
        m("Child protection plans reviewed on time", "percent", "higher", 95.0, 0.0, 0.03),
        m("Children's social work assessments completed within 45 days", "percent", "higher",
          84.0, 0.01, 0.06),
        m("Children in care with three or more placements in the year", "percent", "lower", 9.5,
          -0.02, 0.1),
        m("Care leavers in education, employment or training", "percent", "higher", 56.0, 0.02,
          0.06),
        m("Primary school applicants offered their first preference", "percent", "higher", 92.0,
          0.0, 0.01, frequency="annual"),
        m("Children's social worker vacancy rate", "percent", "lower", 18.0, -0.05, 0.1,
          frequency="monthly"),
        m("Early help assessments completed (year to date)", "number", "higher", 2400, 0.04,
          0.06, 0, collection="cumulative"),
        m("Children missing education", "number", "lower", 140, -0.02, 0.12, 0),
        m("Home to school transport spend against budget", "currency", "lower", 26_500_000,
          0.06, 0.03, 0, financial=True),
        m("Fixed-term exclusions per 100 pupils", "ratio", "lower", 5.1, 0.02, 0.08, 2),
        m("Children's social care overspend (£)", "currency", "lower", 2_100_000, 0.1, 0.25, 0,
          financial=True, frequency="monthly"),
        m("Family hub contacts (year to date)", "number", "higher", 18000, 0.05, 0.05, 0,
          collection="cumulative"),
    ],
    "Adult Social Care and Health": [
        m("Adult social care assessments completed within 28 days", "percent", "higher", 71.0,
          0.03, 0.06),
        m("Safeguarding enquiries where the person's outcomes were met", "percent", "higher",
          93.0, 0.0, 0.02),
        m("People waiting for a care needs assessment", "number", "lower", 620, -0.05, 0.12, 0,
          frequency="monthly"),
        m("Carers' assessments completed (year to date)", "number", "higher", 1650, 0.03, 0.05,
          0, collection="cumulative"),
        m("Direct payments as a share of community care", "percent", "higher", 27.0, 0.02,
          0.03),
        m("Average weekly cost of residential care (£)", "currency", "lower", 1085, 0.06, 0.02, 0,
          financial=True),
        m("NHS health checks delivered (year to date)", "number", "higher", 14000, 0.04, 0.06,
          0, collection="cumulative"),
        m("Adults in contact with secondary mental health services in stable housing",
          "percent", "higher", 58.0, 0.01, 0.04),
        m("Reviews of care packages completed on time", "percent", "higher", 64.0, 0.04, 0.08),
        m("Adult social care budget variance (£)", "currency", "lower", 1_400_000, 0.08, 0.3, 0,
          financial=True, frequency="monthly"),
        m("Hospital discharges supported within 2 days", "percent", "higher", 77.0, 0.01,
          0.05, frequency="monthly"),
        m("Drug treatment completions", "percent", "higher", 16.0, 0.0, 0.1, status="baseline"),
    ],
    "Environment and Infrastructure": [
        m("Potholes repaired within 28 days", "percent", "higher", 88.0, 0.01, 0.06,
          frequency="monthly"),
        m("Street lights working", "percent", "higher", 98.6, 0.0, 0.004, frequency="monthly"),
        m("Fly-tipping incidents", "number", "lower", 1150, 0.02, 0.1, 0),
        m("Missed bin collections per 100,000", "ratio", "lower", 38.0, -0.02, 0.12, 1,
          frequency="monthly"),
        m("Minor planning applications decided on time", "percent", "higher", 84.0, 0.01,
          0.05),
        m("Highways maintenance spend against budget", "currency", "lower", 31_000_000, 0.03,
          0.02, 0, financial=True),
        m("Bus services running on time", "percent", "higher", 82.0, 0.0, 0.04,
          frequency="monthly"),
        m("Road casualties killed or seriously injured", "number", "lower", 310, -0.03, 0.08, 0,
          scope="shared"),
        m("Highways defects reported online", "percent", "none", 54.0, 0.05, 0.04,
          status="contextual"),
        m("Tonnes of waste sent to landfill (year to date)", "number", "lower", 38000, -0.08,
          0.04, 0, collection="cumulative"),
        m("Household waste recycling centre visitor satisfaction", "percent", "higher", 91.0,
          0.0, 0.02, frequency="annual"),
        m("Gully cleaning programme completed (year to date)", "percent", "higher", 95.0, 0.0,
          0.04, collection="cumulative"),
    ],
    "Economy and Communities": [
        m("Businesses supported by the growth hub (year to date)", "number", "higher", 820, 0.04,
          0.07, 0, collection="cumulative"),
        m("Library visits (year to date)", "number", "higher", 1_450_000, 0.02, 0.04, 0,
          collection="cumulative"),
        m("Births registered within 42 days", "percent", "higher", 98.0, 0.0, 0.01),
        m("Trading standards complaints resolved within 10 days", "percent", "higher", 86.0,
          0.01, 0.05),
        m("Inward investment jobs created (year to date)", "number", "higher", 640, 0.03, 0.12,
          0, collection="cumulative"),
        m("Scam victims supported", "number", "none", 420, 0.06, 0.1, 0, status="contextual"),
        m("Adult learning course completion", "percent", "higher", 88.0, 0.0, 0.03),
        m("Active library members", "number", "higher", 96000, 0.01, 0.02, 0,
          frequency="annual"),
        m("Town centre footfall index", "number", "higher", 92.0, 0.02, 0.04, 1, scope="place",
          status="in_development"),
        m("Registration ceremonies delivered", "number", "higher", 2100, 0.01, 0.08, 0),
        m("Economic development grant spend against profile", "currency", "higher", 2_400_000,
          0.02, 0.1, 0, financial=True, collection="cumulative"),
        m("Community safety partnership projects on track", "percent", "higher", 80.0, 0.0,
          0.08, scope="shared"),
    ],
    "Resources": [
        m("Invoices paid within 30 days", "percent", "higher", 93.0, 0.005, 0.02,
          frequency="monthly", financial=True),
        m("Business rates collected (year to date)", "percent", "higher", 98.1, 0.0, 0.004,
          collection="cumulative", financial=True),
        m("Sickness absence (days per FTE, rolling 12 months)", "days", "lower", 9.4, -0.02,
          0.04, 2),
        m("Staff turnover (rolling 12 months)", "percent", "lower", 12.5, -0.01, 0.05),
        m("Calls to the contact centre answered within 60 seconds", "percent", "higher", 78.0,
          0.01, 0.07, frequency="monthly"),
        m("Freedom of information requests answered within 20 working days", "percent",
          "higher", 89.0, 0.01, 0.04, frequency="monthly"),
        m("Complaints responded to within 20 working days", "percent", "higher", 81.0, 0.01,
          0.06),
        m("IT service desk incidents resolved first time", "percent", "higher", 72.0, 0.02,
          0.04),
        m("Revenue budget forecast variance (£)", "currency", "lower", 3_200_000, 0.05, 0.35, 0,
          financial=True, frequency="monthly"),
        m("Savings delivered against plan (£, year to date)", "currency", "higher", 14_000_000,
          0.0, 0.08, 0, financial=True, collection="cumulative"),
        m("Gender pay gap (median)", "percent", "lower", 8.4, -0.05, 0.03, frequency="annual"),
        m("Cyber security training completed", "percent", "higher", 91.0, 0.01, 0.03),
    ],
}

# Service and team PIs: the health of every service, measured the same way
# across the council, plus a roll-up per service.
SERVICE_MEASURES: list[Measure] = [
    m("Complaints responded to within 20 working days", "percent", "higher", 82.0, 0.01, 0.08),
    m("Staff sickness absence (days per FTE, quarter)", "days", "lower", 2.4, -0.01, 0.12, 2),
    m("Mandatory training completed", "percent", "higher", 88.0, 0.01, 0.05),
    m("Vacancy rate", "percent", "lower", 9.0, -0.02, 0.12),
    m("Budget variance (£)", "currency", "lower", 120_000, 0.05, 0.4, 0, financial=True),
    m("Staff appraisals completed", "percent", "higher", 86.0, 0.01, 0.07, frequency="annual"),
    m("Customer satisfaction", "percent", "higher", 84.0, 0.0, 0.04),
    m("Freedom of information requests answered on time", "percent", "higher", 88.0, 0.01, 0.06,
      frequency="monthly"),
]
TEAM_MEASURES: list[Measure] = [
    m("Complaints received", "number", "lower", 24, 0.02, 0.2, 0),
    m("Cases closed within timescale", "percent", "higher", 83.0, 0.01, 0.07),
    m("Overtime hours", "number", "lower", 310, 0.0, 0.15, 0, financial=True),
    m("Work in progress older than 30 days", "number", "lower", 45, -0.03, 0.15, 0),
    m("Agency staff as a share of the workforce", "percent", "lower", 7.0, -0.05, 0.15),
    m("Mandatory training completed", "percent", "higher", 88.0, 0.01, 0.05),
]

# The corporate KPIs the council publishes with its Corporate Plan measures (its public
# performance report): services residents use, and the statutory transparency measures.
PUBLISHED_KPIS = frozenset({
    "Child protection plans reviewed on time",
    "Children's social work assessments completed within 45 days",
    "Care leavers in education, employment or training",
    "Primary school applicants offered their first preference",
    "Children missing education",
    "Adult social care assessments completed within 28 days",
    "Safeguarding enquiries where the person's outcomes were met",
    "People waiting for a care needs assessment",
    "Carers' assessments completed (year to date)",
    "Direct payments as a share of community care",
    "NHS health checks delivered (year to date)",
    "Hospital discharges supported within 2 days",
    "Potholes repaired within 28 days",
    "Street lights working",
    "Fly-tipping incidents",
    "Missed bin collections per 100,000",
    "Bus services running on time",
    "Road casualties killed or seriously injured",
    "Tonnes of waste sent to landfill (year to date)",
    "Businesses supported by the growth hub (year to date)",
    "Library visits (year to date)",
    "Births registered within 42 days",
    "Trading standards complaints resolved within 10 days",
    "Invoices paid within 30 days",
    "Calls to the contact centre answered within 60 seconds",
    "Freedom of information requests answered within 20 working days",
    "Complaints responded to within 20 working days",
})

IMPROVEMENT = [
    "Recovery plan agreed at the directorate leadership team: weekly performance clinic, "
    "agency cover for two vacant posts until March, and a review of triage at the front door.",
    "Deep dive commissioned by the assistant director; report to COG next quarter with "
    "options to reduce demand.",
    "Additional capacity funded from the transformation reserve; backlog expected to clear "
    "within two quarters.",
    "New contract management meetings every fortnight with the provider, with service "
    "credits applied for missed standards.",
]



@dataclass(frozen=True)
class About:
    """What a measure means. ``theme`` is what it is about (a corporate KPI feeds only a
    Corporate Plan measure of the same theme); ``service`` owns a corporate KPI;
    ``definition`` may name the unit that reports it (``{unit}``); ``feeds`` is the
    title of the measure it contributes to, if any."""

    theme: str
    service: str | None
    definition: str
    feeds: str = ""


ABOUT: dict[str, About] = {
    "Employment rate of people aged 16 to 64": About(
        "jobs", None,
        "People aged 16 to 64 living in the county who are in work (employees and the "
        "self-employed), as a share of everyone aged 16 to 64, from the ONS Annual Population "
        "Survey for the calendar year.",
    ),
    "Median weekly earnings of full-time workers": About(
        "earnings", None,
        "Median gross weekly pay of full-time employees who live in the county, from the ONS "
        "Annual Survey of Hours and Earnings (April of each year).",
    ),
    "Business start-ups per 10,000 adults": About(
        "business", None,
        "New VAT or PAYE registered enterprises in the county in the year per 10,000 residents "
        "aged 16 and over, from ONS Business Demography.",
    ),
    "Superfast broadband coverage": About(
        "broadband", None,
        "Premises in the county able to order a connection of at least 30 Mbit/s, as a share of "
        "all premises, from the broadband programme's quarterly coverage return.",
    ),
    "Apprenticeship starts (year to date)": About(
        "skills", None,
        "Apprenticeships started by people living in the county since 1 April, all ages and "
        "levels, from the Department for Education's apprenticeship data.",
    ),
    "Council tax collected (year to date)": About(
        "income collection", None,
        "Council tax received since 1 April for the current year's bills, as a share of the net "
        "collectable debit, summed across the district councils that collect it for the county.",
    ),
    "Pupils attending a good or outstanding school": About(
        "schools", None,
        "Pupils on the roll of county schools rated good or outstanding at their latest Ofsted "
        "inspection, as a share of all pupils, at the January school census.",
    ),
    "Education, Health and Care Plans issued within 20 weeks": About(
        "send", None,
        "New Education, Health and Care Plans issued within 20 weeks of the request for an "
        "assessment, excluding the exceptions the SEND Code of Practice allows, as a share of all "
        "new plans issued in the quarter.",
    ),
    "Children in care per 10,000 children": About(
        "children in care", None,
        "Children looked after by the council at the end of the quarter per 10,000 residents "
        "under 18 (mid-year population estimate); contextual, with no target.",
    ),
    "Young people not in education, employment or training": About(
        "young people's participation", None,
        "Residents aged 16 and 17 known to be not in education, employment or training, as a "
        "share of all 16 and 17 year olds the council tracks, at the end of the month.",
    ),
    "Children achieving a good level of development at age 5": About(
        "early years", None,
        "Children at the end of the reception year who reach the expected level in the early "
        "learning goals of the prime areas, literacy and mathematics, from the Early Years "
        "Foundation Stage Profile.",
    ),
    "Re-referrals to children's social care within 12 months": About(
        "children's social care", None,
        "Referrals to children's social care in the quarter for a child who had been referred "
        "before in the previous 12 months, as a share of all referrals in the quarter.",
    ),
    "Adults with learning disabilities in paid employment": About(
        "independence", None,
        "Adults aged 18 to 64 with a learning disability who get long-term support and are in "
        "paid work, as a share of all such adults (ASCOF measure 1E).",
    ),
    "Older people at home 91 days after reablement": About(
        "reablement", None,
        "People aged 65 and over discharged from hospital into reablement who are still at home "
        "91 days later, as a share of all such discharges (ASCOF measure 2B).",
    ),
    "Permanent admissions to care homes (65+) per 100,000": About(
        "care homes", None,
        "Council-funded permanent admissions of people aged 65 and over to residential and "
        "nursing care in the year to date per 100,000 residents aged 65 and over (ASCOF measure "
        "2A).",
    ),
    "Healthy life expectancy at birth (female)": About(
        "public health", None,
        "The average number of years a girl born in the county could expect to live in good "
        "health, from the ONS three-year estimates; a baseline while the new series settles.",
    ),
    "Smoking prevalence in adults": About(
        "public health", None,
        "Adults aged 18 and over who say they smoke, from the ONS Annual Population Survey, as "
        "published in the Public Health Outcomes Framework.",
    ),
    "Delayed transfers of care from hospital per 100,000": About(
        "hospital discharge", None,
        "Patients in acute hospital beds on the last day of the month who were ready to leave but "
        "whose transfer was delayed, per 100,000 adults, from the NHS discharge sitrep.",
    ),
    "Household waste sent for reuse, recycling or composting": About(
        "recycling", None,
        "Household waste collected by the district councils and at the recycling centres that is "
        "sent for reuse, recycling or composting, as a share of all household waste, from "
        "WasteDataFlow.",
    ),
    "Principal roads where maintenance should be considered": About(
        "roads", None,
        "The length of A roads scored red in the annual SCANNER condition survey, as a share of "
        "the A road network surveyed.",
    ),
    "Council carbon emissions (tonnes CO2e)": About(
        "carbon", None,
        "Greenhouse gas emissions from the council's own buildings, street lighting, fleet and "
        "business travel in the year, in tonnes of carbon dioxide equivalent (scopes 1 and 2, "
        "with business travel).",
    ),
    "Bus passenger journeys (millions, year to date)": About(
        "buses", None,
        "Passenger journeys on local bus services that start in the county since 1 April, in "
        "millions, from operators' ticket machine returns.",
    ),
    "Major planning applications decided on time": About(
        "planning", None,
        "County matter and council development applications decided within 13 weeks, or within an "
        "agreed extension of time, as a share of all such applications decided in the quarter.",
    ),
    "Residual household waste per household (kg, year to date)": About(
        "waste", None,
        "Household waste not sent for reuse, recycling or composting since 1 April, in kilograms "
        "per household, from WasteDataFlow.",
    ),
    "Electric vehicle charge points per 100,000 people": About(
        "carbon", None,
        "Public charge points for electric vehicles in the county at the end of the quarter per "
        "100,000 residents, from the national charge point register; in development while the "
        "data is checked.",
    ),
    "Child protection plans reviewed on time": About(
        "children's social care", "Children's Social Care",
        "Child protection plans whose review conference was held within the statutory timescale, "
        "as a share of all child protection plans due a review in the quarter.",
        feeds="Re-referrals to children's social care within 12 months",
    ),
    "Children's social work assessments completed within 45 days": About(
        "children's social care", "Children's Social Care",
        "Children and family assessments authorised within 45 working days of the referral, as a "
        "share of all assessments completed in the quarter.",
        feeds="Re-referrals to children's social care within 12 months",
    ),
    "Children in care with three or more placements in the year": About(
        "children in care", "Children's Social Care",
        "Children in care at the end of the quarter who have had three or more placements in the "
        "previous 12 months, as a share of all children in care.",
        feeds="Children in care per 10,000 children",
    ),
    "Care leavers in education, employment or training": About(
        "young people's participation", "Children's Social Care",
        "Care leavers aged 19 to 21 the council is in touch with who are in education, employment "
        "or training, as a share of all care leavers of that age.",
        feeds="Young people not in education, employment or training",
    ),
    "Primary school applicants offered their first preference": About(
        "schools", "Education and Skills",
        "On-time applicants for a reception place offered their first preference school on "
        "national offer day, as a share of all on-time applicants.",
        feeds="Pupils attending a good or outstanding school",
    ),
    "Children's social worker vacancy rate": About(
        "workforce", "Children's Social Care",
        "Vacant children's social worker posts (full-time equivalent, including those covered by "
        "agency staff) as a share of the funded establishment at the end of the month.",
    ),
    "Early help assessments completed (year to date)": About(
        "early help", "Early Help",
        "Early help assessments completed with families since 1 April by the council's family "
        "hubs and its partners, counted when the family signs the plan.",
    ),
    "Children missing education": About(
        "schools", "Education and Skills",
        "Children of compulsory school age known to the council at the end of the quarter who are "
        "not on a school roll and not receiving suitable education otherwise.",
        feeds="Pupils attending a good or outstanding school",
    ),
    "Home to school transport spend against budget": About(
        "finance", "Education and Skills",
        "Forecast outturn for home to school transport (mainstream and SEND) for the year, "
        "against the budget for the year, as reported at the quarter's budget monitoring.",
    ),
    "Fixed-term exclusions per 100 pupils": About(
        "schools", "Education and Skills",
        "Suspensions from county maintained schools and academies in the school year to date per "
        "100 pupils on roll.",
        feeds="Pupils attending a good or outstanding school",
    ),
    "Children's social care overspend (£)": About(
        "finance", "Children's Social Care",
        "The forecast overspend on children's social care for the year at the month's budget "
        "monitoring, mostly placements and agency staff; lower is better.",
    ),
    "Family hub contacts (year to date)": About(
        "early years", "Early Help",
        "Contacts with families at the county's family hubs since 1 April: visits, groups and "
        "appointments, from the hubs' booking system.",
        feeds="Children achieving a good level of development at age 5",
    ),
    "Adult social care assessments completed within 28 days": About(
        "assessment", "Adult Social Care",
        "Care Act needs assessments completed within 28 days of first contact, as a share of all "
        "needs assessments completed in the quarter.",
    ),
    "Safeguarding enquiries where the person's outcomes were met": About(
        "safeguarding", "Adult Social Care",
        "Concluded section 42 safeguarding enquiries where the person said the outcomes they "
        "wanted were fully or partly met, as a share of concluded enquiries where outcomes were "
        "asked.",
    ),
    "People waiting for a care needs assessment": About(
        "assessment", "Adult Social Care",
        "People waiting for a Care Act needs assessment at the end of the month, from the adult "
        "social care case management system.",
    ),
    "Carers' assessments completed (year to date)": About(
        "carers", "Adult Social Care",
        "Assessments of the needs of unpaid carers completed since 1 April, including joint "
        "assessments with the person they care for.",
    ),
    "Direct payments as a share of community care": About(
        "independence", "Commissioning",
        "People receiving long-term community support who take some or all of it as a direct "
        "payment, as a share of everyone receiving long-term community support.",
        feeds="Adults with learning disabilities in paid employment",
    ),
    "Average weekly cost of residential care (£)": About(
        "care homes", "Commissioning",
        "The average gross weekly cost of a council-funded residential care placement for people "
        "aged 65 and over, at the end of the quarter.",
        feeds="Permanent admissions to care homes (65+) per 100,000",
    ),
    "NHS health checks delivered (year to date)": About(
        "public health", "Public Health",
        "NHS Health Checks received since 1 April by residents aged 40 to 74 invited through "
        "their GP practice, from the commissioned providers' returns.",
        feeds="Healthy life expectancy at birth (female)",
    ),
    "Adults in contact with secondary mental health services in stable housing": About(
        "independence", "Adult Social Care",
        "Adults aged 18 to 69 in contact with secondary mental health services who live "
        "independently, with or without support, as a share of all such adults (ASCOF measure "
        "1H).",
        feeds="Adults with learning disabilities in paid employment",
    ),
    "Reviews of care packages completed on time": About(
        "assessment", "Adult Social Care",
        "Long-term care packages reviewed within 12 months of their last review, as a share of "
        "all packages due a review in the quarter.",
    ),
    "Adult social care budget variance (£)": About(
        "finance", "Adult Social Care",
        "The forecast variance from the adult social care budget for the year at the month's "
        "budget monitoring; an overspend is positive, and lower is better.",
    ),
    "Hospital discharges supported within 2 days": About(
        "hospital discharge", "Adult Social Care",
        "People referred for social care support to leave hospital whose support started within "
        "two days of their being ready to leave, as a share of all such referrals in the month.",
        feeds="Delayed transfers of care from hospital per 100,000",
    ),
    "Drug treatment completions": About(
        "public health", "Public Health",
        "Adults in drug treatment who complete it successfully and do not return within six "
        "months, as a share of all adults in treatment; a baseline for the new provider contract.",
        feeds="Healthy life expectancy at birth (female)",
    ),
    "Potholes repaired within 28 days": About(
        "roads", "Highways",
        "Category 2 potholes (not an emergency) repaired within 28 days of being reported, as a "
        "share of all category 2 potholes repaired in the month.",
        feeds="Principal roads where maintenance should be considered",
    ),
    "Street lights working": About(
        "street lighting", "Highways",
        "Street lights owned by the council that are working at the monthly night scout, as a "
        "share of all council street lights.",
    ),
    "Fly-tipping incidents": About(
        "street cleanliness", "Waste Management",
        "Fly-tipping incidents on public land reported to or found by the council and the "
        "district councils in the quarter, from the Flycapture returns.",
    ),
    "Missed bin collections per 100,000": About(
        "waste collection", "Waste Management",
        "Household bin collections reported missed in the month per 100,000 scheduled "
        "collections, from the collection contractor's system.",
    ),
    "Minor planning applications decided on time": About(
        "planning", "Planning and Transport",
        "Minor applications the council decides (its own developments and minerals and waste "
        "sites) decided within eight weeks or an agreed extension, as a share of all decided in "
        "the quarter.",
        feeds="Major planning applications decided on time",
    ),
    "Highways maintenance spend against budget": About(
        "finance", "Highways",
        "Forecast outturn for highways maintenance (revenue and capital) for the year against the "
        "budget for the year, at the quarter's budget monitoring.",
    ),
    "Bus services running on time": About(
        "buses", "Planning and Transport",
        "Timed departures of supported bus services leaving between one minute early and five "
        "minutes late, as a share of all timed departures recorded in the month.",
        feeds="Bus passenger journeys (millions, year to date)",
    ),
    "Road casualties killed or seriously injured": About(
        "road safety", "Highways",
        "People killed or seriously injured in road traffic collisions on the county's roads in "
        "the quarter, from the police STATS19 returns.",
    ),
    "Highways defects reported online": About(
        "roads", "Highways",
        "Highways defects reported through the council's online form or app, as a share of all "
        "defects reported by the public; contextual, with no target.",
    ),
    "Tonnes of waste sent to landfill (year to date)": About(
        "waste", "Waste Management",
        "Household and council-collected waste sent to landfill since 1 April, in tonnes, from "
        "the disposal contractor's weighbridge returns.",
        feeds="Residual household waste per household (kg, year to date)",
    ),
    "Household waste recycling centre visitor satisfaction": About(
        "recycling", "Waste Management",
        "Visitors to the household waste recycling centres who rate their visit good or very good "
        "in the annual exit survey, as a share of all who answer.",
        feeds="Household waste sent for reuse, recycling or composting",
    ),
    "Gully cleaning programme completed (year to date)": About(
        "roads", "Highways",
        "Road gullies cleaned since 1 April as a share of those scheduled in the year's cyclic "
        "cleaning programme.",
        feeds="Principal roads where maintenance should be considered",
    ),
    "Businesses supported by the growth hub (year to date)": About(
        "business", "Economic Development",
        "Businesses given one-to-one support of at least an hour by the county's growth hub since "
        "1 April, counted once each.",
        feeds="Business start-ups per 10,000 adults",
    ),
    "Library visits (year to date)": About(
        "libraries", "Libraries and Culture",
        "Visits to the county's libraries since 1 April, from the door counters, with mobile "
        "library visits and events away from a branch.",
    ),
    "Births registered within 42 days": About(
        "registration", "Registration",
        "Births registered within the 42 days the law allows, as a share of all births registered "
        "in the quarter.",
    ),
    "Trading standards complaints resolved within 10 days": About(
        "consumer protection", "Trading Standards",
        "Consumer complaints referred by the Citizens Advice consumer service and closed within "
        "10 working days, as a share of all closed in the quarter.",
    ),
    "Inward investment jobs created (year to date)": About(
        "jobs", "Economic Development",
        "Jobs created since 1 April by businesses moving to or expanding in the county with the "
        "council's help, as confirmed by the business.",
        feeds="Employment rate of people aged 16 to 64",
    ),
    "Scam victims supported": About(
        "consumer protection", "Trading Standards",
        "Residents who have been the victim of a scam and were visited or called by the trading "
        "standards team in the quarter; contextual, with no target.",
    ),
    "Adult learning course completion": About(
        "skills", "Libraries and Culture",
        "Learners on the council's adult learning courses who complete their course, as a share "
        "of all learners whose course ended in the quarter.",
        feeds="Apprenticeship starts (year to date)",
    ),
    "Active library members": About(
        "libraries", "Libraries and Culture",
        "Library members who borrowed an item, used a public computer or joined an e-lending "
        "service at least once in the year.",
    ),
    "Town centre footfall index": About(
        "business", "Economic Development",
        "Footfall counted by the sensors in the county's ten largest town centres, as an index "
        "(the same quarter of 2019 = 100); in development while sensors are added.",
    ),
    "Registration ceremonies delivered": About(
        "registration", "Registration",
        "Marriage, civil partnership, citizenship and naming ceremonies conducted by the "
        "registration service in the quarter.",
    ),
    "Economic development grant spend against profile": About(
        "finance", "Economic Development",
        "Economic development grants paid since 1 April against the spending profile agreed with "
        "the funders for the year to date.",
    ),
    "Community safety partnership projects on track": About(
        "community safety", "Trading Standards",
        "Projects in the community safety partnership's plan rated on track by their leads at the "
        "quarter's partnership board, as a share of all live projects.",
    ),
    "Invoices paid within 30 days": About(
        "finance", "Finance",
        "Undisputed invoices from suppliers paid within 30 days of receipt, as a share of all "
        "undisputed invoices paid in the month.",
    ),
    "Business rates collected (year to date)": About(
        "income collection", "Finance",
        "Business rates received since 1 April for the current year's bills, as a share of the "
        "net collectable debit, summed across the billing authorities.",
        feeds="Council tax collected (year to date)",
    ),
    "Sickness absence (days per FTE, rolling 12 months)": About(
        "workforce", "HR and Organisational Development",
        "Working days lost to sickness over the last 12 months per full-time equivalent employee, "
        "schools excluded, from the HR system.",
    ),
    "Staff turnover (rolling 12 months)": About(
        "workforce", "HR and Organisational Development",
        "Employees who left the council in the last 12 months, for any reason, as a share of the "
        "average headcount over the same 12 months, schools excluded.",
    ),
    "Calls to the contact centre answered within 60 seconds": About(
        "customer contact", "Customer Services",
        "Calls to the council's main numbers answered by an adviser within 60 seconds of joining "
        "the queue, as a share of all calls offered in the month.",
    ),
    "Freedom of information requests answered within 20 working days": About(
        "information requests", "Customer Services",
        "Freedom of information and environmental information requests answered within 20 working "
        "days, as a share of all answered in the month.",
    ),
    "Complaints responded to within 20 working days": About(
        "complaints", "Customer Services",
        "Stage 1 and stage 2 corporate complaints given a full response within 20 working days, "
        "as a share of all complaints responded to in the quarter, council-wide.",
    ),
    "IT service desk incidents resolved first time": About(
        "digital", "Digital and IT",
        "Incidents reported to the IT service desk resolved at the first contact, without passing "
        "to another team, as a share of all incidents closed in the quarter.",
    ),
    "Revenue budget forecast variance (£)": About(
        "finance", "Finance",
        "The council's forecast variance from its net revenue budget for the year at the month's "
        "budget monitoring; an overspend is positive, and lower is better.",
    ),
    "Savings delivered against plan (£, year to date)": About(
        "finance", "Finance",
        "Savings in the medium-term financial plan delivered since 1 April, as confirmed by the "
        "budget holder and finance business partner.",
    ),
    "Gender pay gap (median)": About(
        "workforce", "HR and Organisational Development",
        "The difference between men's and women's median hourly pay, as a share of men's, at the "
        "snapshot date of 31 March, as published under the gender pay gap regulations.",
    ),
    "Cyber security training completed": About(
        "digital", "Digital and IT",
        "Staff with a council account who have completed the annual cyber security training, as a "
        "share of all staff with an account at the end of the quarter.",
    ),
}

SCOPED_ABOUT: dict[str, About] = {
    "Complaints responded to within 20 working days": About(
        "complaints", None,
        "Complaints about {unit} given a full response within 20 working days, as a share of all "
        "complaints about {unit} responded to in the quarter.",
    ),
    "Staff sickness absence (days per FTE, quarter)": About(
        "workforce", None,
        "Working days lost to sickness in the quarter per full-time equivalent employee in "
        "{unit}, from the HR system.",
    ),
    "Mandatory training completed": About(
        "workforce", None,
        "Staff in {unit} who are up to date with every mandatory course for their role "
        "(safeguarding, data protection, health and safety), as a share of all staff in {unit}.",
    ),
    "Vacancy rate": About(
        "workforce", None,
        "Vacant posts in {unit} (full-time equivalent) as a share of its funded establishment at "
        "the end of the quarter, posts covered by agency staff counted as vacant.",
    ),
    "Budget variance (£)": About(
        "finance", None,
        "The forecast variance from {unit}'s revenue budget for the year at the quarter's budget "
        "monitoring; an overspend is positive, and lower is better.",
    ),
    "Staff appraisals completed": About(
        "workforce", None,
        "Staff in {unit} who had their annual appraisal in the year, as a share of those in post "
        "all year.",
    ),
    "Customer satisfaction": About(
        "customer contact", None,
        "Customers of {unit} who rate the service good or very good in the quarter's follow-up "
        "survey, as a share of all who answer.",
    ),
    "Freedom of information requests answered on time": About(
        "information requests", None,
        "Freedom of information requests that {unit} answered within 20 working days, as a share "
        "of all it answered in the month.",
    ),
    "Complaints received": About(
        "complaints", None,
        "Stage 1 complaints about {unit} received in the quarter, from the complaints system; the "
        "service's total adds up its teams'.",
    ),
    "Cases closed within timescale": About(
        "casework", None,
        "Cases that {unit} closed within the timescale its service standard sets, as a share of "
        "all cases it closed in the quarter.",
    ),
    "Overtime hours": About(
        "finance", None,
        "Paid overtime hours claimed by staff in {unit} in the quarter, from the payroll system.",
    ),
    "Work in progress older than 30 days": About(
        "casework", None,
        "Open cases in {unit} at the end of the period that were opened more than 30 days before, "
        "from its case management system.",
    ),
    "Agency staff as a share of the workforce": About(
        "workforce", None,
        "Agency workers in {unit} (full-time equivalent) as a share of its whole workforce, "
        "employees and agency workers, at the end of the quarter.",
    ),
}

WHY_IT_MATTERS = {
    "jobs":
        "Good jobs are the first promise of the Corporate Plan's economy pillar: work is the best "
        "route out of poverty.",
    "earnings":
        "Earnings show whether growth reaches residents' pockets, not just the county's output.",
    "business":
        "New and growing businesses bring the jobs and business rates the county depends on.",
    "broadband":
        "Businesses and residents cannot work, learn or reach services online without a fast "
        "connection.",
    "skills":
        "Skills decide whether residents can take the jobs the county's growth creates.",
    "income collection":
        "Every pound not collected is a pound cut from services or added to other taxpayers' "
        "bills.",
    "schools":
        "Children do better in good schools with a place that suits them, and the council is "
        "their champion.",
    "send":
        "Families of children with special educational needs wait too long for support; the law "
        "sets 20 weeks.",
    "children in care":
        "Stable homes for children in care are the council's duty as their corporate parent.",
    "young people's participation":
        "Young people out of education, work or training at 16 to 21 are at risk of poorer lives "
        "for years.",
    "early years":
        "The first five years shape a child's life chances: help then costs less and works "
        "better.",
    "early help":
        "Help given early keeps families from reaching crisis and children's social care.",
    "children's social care":
        "Timely, thorough social work keeps children safe; repeat referrals show where help fell "
        "short.",
    "independence":
        "People want to live independently, in their own homes, with the support they choose.",
    "reablement":
        "Short-term help after hospital lets older people regain their independence and stay at "
        "home.",
    "care homes":
        "Care homes are the most costly care and rarely what people want, so admissions and costs "
        "are watched.",
    "public health":
        "Preventing ill health adds years of healthy life and reduces demand on care.",
    "hospital discharge":
        "Delays leaving hospital harm older people's recovery and block beds for others.",
    "assessment":
        "People waiting for assessment or review are waiting for care they may need now.",
    "safeguarding":
        "Making safeguarding personal means asking people what they want and checking they got "
        "it.",
    "carers":
        "Unpaid carers provide most of the county's care; assessing their needs keeps them "
        "caring.",
    "recycling":
        "Recycling saves disposal costs and carbon, and residents expect the council to lead.",
    "roads":
        "Residents and businesses rate the roads as the council service that matters most to "
        "them.",
    "street lighting":
        "Working street lights make roads and streets safer and help people feel safe at night.",
    "street cleanliness":
        "Fly-tipping blights neighbourhoods, costs money to clear and harms wildlife.",
    "waste collection":
        "A missed bin is the most visible sign of a service that is not working.",
    "waste":
        "Waste not recycled costs the most to dispose of and adds to the county's emissions.",
    "carbon":
        "The council has declared a climate emergency and committed to net zero for its own "
        "estate by 2030.",
    "buses":
        "Buses connect residents without cars to work, learning and health care.",
    "planning":
        "Timely planning decisions give developers certainty and bring homes and jobs sooner.",
    "road safety":
        "Every death or serious injury on the roads is a tragedy that engineering and education "
        "can prevent.",
    "libraries":
        "Libraries are free, trusted spaces for reading, learning and getting online.",
    "registration":
        "Registering births, deaths and ceremonies on time is a legal duty and matters to every "
        "family.",
    "consumer protection":
        "Scams and rogue traders target the most vulnerable residents.",
    "community safety":
        "Partners working together reduce crime and the fear of crime.",
    "finance":
        "Councils must balance their budgets each year: spending against plan shows whether they "
        "will.",
    "workforce":
        "Services depend on a healthy, skilled and stable workforce.",
    "customer contact":
        "Residents judge the council by how easy it is to reach and how they are treated.",
    "information requests":
        "Answering information requests on time is a legal duty and builds trust.",
    "complaints":
        "Complaints answered well and on time put things right and show where services can "
        "improve.",
    "digital":
        "Reliable, secure IT keeps every other service running.",
    "casework":
        "Cases closed within standard, and few left waiting, show a service keeping up with "
        "demand.",
}


def about(title: str) -> About:
    """What the measure an indicator is titled after means: a Corporate Plan measure or a
    corporate KPI by its title, a service, directorate or team PI ("Vacancy rate:
    Highways", "Complaints received: Highways (all teams)") by the measure before the
    colon."""
    if title in ABOUT:
        return ABOUT[title]
    return SCOPED_ABOUT[title.split(": ")[0]]


# Why a figure is where it is, by rating; the comparison with the target is worked out
# from the figures (perfmgmt/demo/commentary.py), never written into these.
REASONS = {
    "GREEN": [
        "Demand has been steady and the team expects to sustain this through the year.",
        "The new working arrangements introduced last year are holding up.",
        "",
    ],
    "AMBER": [
        "Demand rose compared with the same period last year and two posts were vacant for "
        "part of the {period}.",
        "Recruitment to vacant posts completed in the {period}, and the position is expected "
        "to recover next {period}.",
        "A backlog from the system migration is being cleared.",
    ],
    "RED": [
        "Demand has risen sharply and the service is carrying vacancies.",
        "The change of contractor in the spring disrupted delivery.",
        "Data for the {period} includes a one-off cleanse of historic cases.",
    ],
}
MONEY_REASONS = {
    "GREEN": ["Spending is being held to the profile agreed at budget setting.", ""],
    "AMBER": ["Demand-led costs are running ahead of the budget's assumptions.",
              "Pay and contract inflation are higher than the budget allowed for."],
    "RED": ["Placement and contract costs have risen faster than the budget allowed for.",
            "Savings planned for the year have slipped and are unlikely to be delivered in "
            "full."],
}

# Names for the demo's staff: a spread of the names in a county council's workforce.
FIRST_NAMES = [
    "Aisha", "Alan", "Amira", "Andrew", "Beth", "Bilal", "Callum", "Carol", "Catherine",
    "Chloe", "Chris", "Daniel", "Dev", "Eleanor", "Emma", "Farid", "Fiona", "Gareth",
    "Grace", "Hannah", "Harry", "Helen", "Imran", "Isla", "James", "Jamal", "Jo", "Karen",
    "Katie", "Kwame", "Laura", "Liam", "Lucy", "Mark", "Megan", "Mohammed", "Nadia", "Neil",
    "Nikhil", "Olu", "Paul", "Priya", "Rachel", "Rhys", "Ruth", "Sam", "Sarah", "Sian",
    "Simon", "Sophie", "Stuart", "Tom", "Uma", "Victoria", "Wei", "Will", "Yasmin", "Zoe",
]
LAST_NAMES = [
    "Adeyemi", "Ahmed", "Allen", "Bailey", "Baker", "Bennett", "Brown", "Campbell", "Chen",
    "Clarke", "Collins", "Cooper", "Davies", "Edwards", "Evans", "Fletcher", "Gill", "Green",
    "Hall", "Harris", "Hughes", "Hussain", "Iqbal", "Jackson", "James", "Jones", "Kaur",
    "Kelly", "Khan", "Lewis", "Mahmood", "Martin", "Mensah", "Mitchell", "Morgan", "Murphy",
    "Nowak", "O'Brien", "Okafor", "Owen", "Parry", "Patel", "Phillips", "Price", "Quinn",
    "Roberts", "Robinson", "Scott", "Shah", "Singh", "Smith", "Taylor", "Thomas", "Turner",
    "Walker", "Ward", "Watson", "Williams", "Wilson", "Wood", "Wright", "Young",
]
