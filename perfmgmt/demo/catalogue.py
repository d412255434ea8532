"""What the demo council measures: its structure and believable indicators.

Northshire County Council is fictional; its measures are the kind that
Worcestershire, Cambridgeshire and their neighbours publish. Each measure
gives: title, unit, polarity, typical level, yearly trend (relative), noise
(relative), decimal places, frequency, collection, and flags.
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

COMMENTARY = {
    "GREEN": [
        "On track. {change} The team expects to sustain this through the rest of the year.",
        "Performance is at or better than target. {change}",
        "Target met for the period. {change} Demand has been steady.",
    ],
    "AMBER": [
        "Slightly below target. {change} Demand rose compared with the same period last year "
        "and two posts were vacant for part of the quarter.",
        "Just outside target. {change} Recruitment to vacant posts completed in the period, "
        "and the position is expected to recover next quarter.",
        "Short of target but within tolerance. {change} A backlog from system migration is "
        "being cleared.",
    ],
    "RED": [
        "Well below target. {change} Demand has risen sharply and the service is carrying "
        "vacancies; see the improvement activity.",
        "Off track. {change} The change of contractor in the spring disrupted delivery.",
        "Significantly worse than target. {change} Data for the period includes a one-off "
        "cleanse of historic cases.",
    ],
}

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

FIRST_NAMES = [
    "Amira", "Ben", "Chloe", "Dev", "Eleanor", "Farid", "Grace", "Harry", "Isla", "Jamal",
    "Katie", "Liam", "Megan", "Nikhil", "Olivia", "Priya", "Rhys", "Sophie", "Tom", "Uma",
    "Victoria", "Will", "Yasmin", "Zac",
]
LAST_NAMES = [
    "Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Morgan", "Newman", "Owen", "Patel", "Quinn", "Roberts", "Shah",
    "Taylor", "Walker", "Young",
]
